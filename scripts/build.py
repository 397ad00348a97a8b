"""Build the site elsewhere, then swap it into place: a failed build leaves the last
good `site/` exactly as it was.

One build at a time: a lock under `.cache/` makes a second build wait a little, then
say that a build is running. Each build writes into its own staging folder
(`site.new-<random>`), so no build ever reads or removes another's. MkDocs runs in a
process group of its own; SIGINT or SIGTERM to this script stops it (and the Pagefind
it started) before the staging folder is removed, so no orphan finishes into it. The
lock's file stays open in the MkDocs child too: were this script killed outright
(SIGKILL), the next build still waits for the child to end.

Incremental: MkDocs runs with `--dirty` into the empty staging folder and is told
where the last good site is (BANTIN_PREVIOUS_SITE); the plugin hard-links the pages
whose inputs did not change from it and renders the others (bantin/incremental.py).
The result is the same, byte for byte, as a build from nothing (`--full`), which
tests/test_incremental.py checks after edits, additions and removals.

Usage: python scripts/build.py [--project DIR] [--full] [extra mkdocs build options]
  --full: render every page (the record for the next incremental build is still kept)
Environment: BANTIN_BUILD_WAIT, seconds to wait for another build (default 30).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = Path(".cache/build.lock")
BUSY = 75  # EX_TEMPFAIL: try again later
STOP_GRACE = 10.0  # seconds MkDocs gets to stop before it is killed


class Stop(Exception):
    """SIGINT or SIGTERM arrived."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _try_lock(handle) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def acquire(root: Path, wait: float):
    """The open, locked lock file of `root`, or None after `wait` seconds of another build."""
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+b")
    deadline = time.monotonic() + wait
    told = False
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            handle.close()
            return None
        if not told:
            print("Đang có bản dựng khác chạy; chờ nó xong…", file=sys.stderr)
            told = True
        time.sleep(0.2)
    return handle


def _stop(child: subprocess.Popen) -> None:
    """Stop MkDocs and everything it started (Pagefind), politely, then for sure."""
    if child.poll() is not None:
        return
    if os.name == "nt":
        child.terminate()
    else:
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
    try:
        child.wait(STOP_GRACE)
    except subprocess.TimeoutExpired:
        if os.name == "nt":
            child.kill()
        else:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def _remove_later(folders: list[Path]) -> None:
    """Remove `folders` in a process of their own that outlives this one (nothing
    reads them: a replaced site, never a staging folder or the live one)."""
    if not folders:
        return
    detach = ({"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
              if os.name == "nt" else {"start_new_session": True})
    try:
        # At the lowest priority: it removes while the next build may run, and must not
        # slow it (5,000 articles: 20,000 files).
        subprocess.Popen([sys.executable, "-c", "import os, shutil, sys\n"
                          "if hasattr(os, 'nice'): os.nice(19)\n"
                          "for f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)", *map(str, folders)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **detach)
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _up_to_date(root: Path, site: Path, taken: dict) -> bool:
    """Nothing the last good site was built from changed (bantin/incremental.py)."""
    try:
        from bantin.incremental import up_to_date
    except ImportError:
        return False
    return up_to_date(root, site, time.time(), taken)


def _raise_stop(signum: int, frame) -> None:
    raise Stop(signum)


def main(argv: list[str]) -> int:
    root = ROOT
    if argv[:1] == ["--project"]:
        root = Path(argv[1]).resolve()
        argv = argv[2:]
    full = "--full" in argv
    argv = [a for a in argv if a != "--full"]
    site = root / "site"
    # The replaced site gets a name of its own and is removed in the background once the
    # new one is in place: 20,000 files at 5,000 articles take a second to delete.
    old = site.with_name(f"{site.name}.old-{secrets.token_hex(4)}")
    wait = float(os.environ.get("BANTIN_BUILD_WAIT", "30"))
    lock = acquire(root, wait)
    if lock is None:
        print(f"Đang có bản dựng khác chạy trong {root} (khoá {LOCK.as_posix()}); không dựng thêm. "
              "Chờ bản dựng kia xong rồi chạy lại `make build`.", file=sys.stderr)
        return BUSY
    staging = None
    child = None
    previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        # Staging folders of builds that died (the lock is ours: none of them runs).
        for leftover in root.glob(site.name + ".new*"):
            shutil.rmtree(leftover, ignore_errors=True)
        _remove_later(list(root.glob(site.name + ".old*")))  # replaced sites not yet removed
        taken: dict = {}
        if not full and _up_to_date(root, site, taken):
            print(f"Không có gì thay đổi kể từ lần dựng trước (bài viết, ảnh, danh mục, trang, mkdocs.yml, mã): "
                  f"{site} giữ nguyên. Muốn dựng lại mọi trang: make build FULL=1", file=sys.stderr)
            return 0
        staging = Path(tempfile.mkdtemp(prefix=site.name + ".new-", dir=root))
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BANTIN_PREVIOUS_SITE=str(site),
                   BANTIN_REUSE="0" if full else "1")
        if taken:  # the inputs' manifest just taken: MkDocs need not take it again
            env["BANTIN_MANIFEST"] = json.dumps(taken)
        # --dirty: MkDocs leaves the (empty) staging folder alone and skips the pages
        # the plugin marks unchanged, once it has linked them from the last good site.
        # bantin.run_mkdocs: MkDocs' command line, a fault of the machine said in Vietnamese.
        command = [sys.executable, "-m", "bantin.run_mkdocs", "build", "--strict", "--dirty",
                   "--site-dir", str(staging), *argv]
        group = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"
                 else {"start_new_session": True, "pass_fds": (lock.fileno(),)})
        child = subprocess.Popen(command, cwd=root, env=env, **group)
        returncode = child.wait()
        if returncode != 0:
            print(f"\nBản dựng thất bại: {site} được giữ nguyên như trước.", file=sys.stderr)
            return returncode
        # The swap is two renames: a signal between them would leave no site/ at all.
        for s in previous:
            signal.signal(s, signal.SIG_IGN)
        if site.exists():
            site.rename(old)
        staging.rename(site)
        staging = None
        _remove_later([old] if old.exists() else [])
        print(f"Đã dựng xong trang trong {site}", file=sys.stderr)
        return 0
    except Stop as stop:
        print(f"\nĐã dừng bản dựng ({signal.Signals(stop.signum).name}): {site} được giữ nguyên như trước.",
              file=sys.stderr)
        return 128 + stop.signum
    finally:
        # Ignore further signals while cleaning up: a second Ctrl-C must not leave the child.
        for s in previous:
            signal.signal(s, signal.SIG_IGN)
        if child is not None:
            _stop(child)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        lock.close()
        for s, handler in previous.items():
            signal.signal(s, handler)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
