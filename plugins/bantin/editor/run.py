"""`make edit`: the preview (as `make serve`) with Decap CMS at /admin/ and decap-server
(behind backend.js's checks) as its local backend; Ctrl+C stops both.

The MkDocs part is imported only in `serve()`, so the rest stays MkDocs-free.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..diskio import machine_fault, not_the_dirty_warning
from ..mkdocslog import error_line
from . import decap
from .guard import Admin, allowed_origins

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
BACKEND_JS = HERE / "backend.js"


def node_modules(root: Path) -> Path | None:
    """`editor/node_modules` (editor/package-lock.json) holding decap-cms and decap-server:
    the project's, else the one of this checkout (tests run projects in temporary folders)."""
    for base in (root, HERE.parents[2]):
        if (base / "editor" / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file():
            return base / "editor" / "node_modules"
    return None


def git_branch(root: Path) -> str | None:
    """The current branch when `root` is a git checkout, else None (fs mode)."""
    if not shutil.which("git"):
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--abbrev-ref", "HEAD"], capture_output=True,
                             text=True, timeout=10)
    except OSError:
        return None
    branch = out.stdout.strip()
    return branch if out.returncode == 0 and branch and branch != "HEAD" else None


INDEX = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <link rel="icon" href="data:,">
  <title>Soạn bài · {title}</title>
</head>
<body>
  <script>window.CMS_MANUAL_INIT = true; window.BANTIN_EDITOR = {settings};</script>
  <script src="decap-cms.js"></script>
  <script src="bantin-admin.js"></script>
</body>
</html>
"""


def admin_files(root: Path, backend_port: int, branch: str | None, site_name: str = "Bản tin") -> dict[str, bytes]:
    """The generated files of /admin/; the configuration is made afresh on each call."""
    cfg = decap.config(root, f"http://127.0.0.1:{backend_port}/api/v1", branch=branch or "main")
    settings = json.dumps({"collections": [c["name"] for c in cfg["collections"]]}, ensure_ascii=False)
    return {
        "index.html": INDEX.format(title=html.escape(site_name), settings=settings.replace("</", "<\\/")).encode(),
        "config.yml": decap.dump(cfg).encode("utf-8"),
        "bantin-admin.js": (STATIC / "bantin-admin.js").read_bytes(),
    }


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as both servers do: TIME_WAIT is no obstacle
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 20) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def start_backend(root: Path, port: int, backend_port: int, modules: Path, branch: str | None) -> subprocess.Popen:
    env = dict(os.environ, PORT=str(backend_port), MODE="git" if branch else "fs",
               GIT_REPO_DIRECTORY=str(root), BANTIN_ORIGINS=" ".join(sorted(allowed_origins(port))),
               BANTIN_NODE_MODULES=str(modules), LOG_LEVEL=os.environ.get("LOG_LEVEL", "warn"))
    return subprocess.Popen(["node", str(BACKEND_JS)], cwd=str(modules.parent), env=env,
                            start_new_session=True)  # Ctrl+C reaches it through us, once


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="edit", description="Xem trước và soạn bài bằng Decap CMS (make edit).")
    parser.add_argument("--root", default=".", help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.add_argument("--port", type=int, default=8000, help="cổng của bản xem trước (mặc định 8000)")
    parser.add_argument("--backend-port", type=int, default=8081, help="cổng của máy chủ lưu bài (mặc định 8081)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"Lỗi: không thấy tệp mkdocs.yml trong {root}. Hãy chạy `make edit` ở thư mục dự án.", file=sys.stderr)
        return 2
    modules = node_modules(root)
    if modules is None or not (modules / "decap-server").is_dir():
        print("Lỗi: chưa cài Decap CMS (thư mục editor/node_modules/decap-cms). Hãy chạy `make edit` "
              "(lệnh này cài các gói npm đã ghim trong editor/package-lock.json).", file=sys.stderr)
        return 2
    if not shutil.which("node"):
        print("Lỗi: chưa có Node.js (lệnh `node`). Hãy chạy `make browser` để cài.", file=sys.stderr)
        return 2
    for port, what in ((args.port, "bản xem trước"), (args.backend_port, "máy chủ lưu bài")):
        if not port_free(port):
            print(f"Lỗi: cổng {port} ({what}) đang được một chương trình khác dùng. Hãy tắt chương trình đó "
                  f"(có thể là một `make serve` hay `make edit` khác) rồi chạy lại.", file=sys.stderr)
            return 2
    branch = git_branch(root)

    def terminate(signum, frame):  # `kill` as Ctrl+C: stop decap-server too
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    backend = start_backend(root, args.port, args.backend_port, modules, branch)
    try:
        if not wait_port(args.backend_port, backend):
            print("Lỗi: máy chủ lưu bài (decap-server) không khởi động được; xem thông báo phía trên.", file=sys.stderr)
            return 1
        print(f"Trình soạn thảo: http://127.0.0.1:{args.port}/admin/  ·  Bản xem trước: http://127.0.0.1:{args.port}/")
        print("Lưu bài: " + (f"mỗi lần lưu là một commit git trên nhánh {branch}." if branch
                             else "ghi thẳng vào tệp (thư mục này không phải kho git)."))
        print("Dừng cả hai: nhấn Ctrl+C.", flush=True)
        serve(root, args.port,
              Admin(lambda: admin_files(root, args.backend_port, branch), modules / "decap-cms" / "dist"))
    except KeyboardInterrupt:
        pass
    finally:
        stop(backend)
        print("Đã dừng bản xem trước và máy chủ lưu bài.")
    return 0


def serve(root: Path, port: int, admin: Admin | None = None, extra: list[str] | None = None) -> None:
    """`mkdocs serve --dirty` on 127.0.0.1:PORT (MkDocs' own command line, so its log,
    problems included, shows in the terminal) with the Host check, and /admin/ if given."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.__main__ import cli

    logging.getLogger("mkdocs.commands.build").addFilter(not_the_dirty_warning)

    from .guard import install

    install(admin)
    os.chdir(root)
    try:
        cli(["serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml"), *(extra or [])],
            standalone_mode=False)
    except OSError as error:
        # On Ctrl+C MkDocs deletes its temporary site folder, which the background search
        # indexing may still be writing to: finish the deletion instead of a traceback.
        folder = str(getattr(error, "filename", "") or "")
        if not Path(folder).name.startswith("mkdocs_"):
            # A fault of the machine (full disk, read-only folder): said, not a traceback.
            print(error_line(machine_fault(error)), file=sys.stderr)
            raise SystemExit(1) from None
        shutil.rmtree(folder, ignore_errors=True)
