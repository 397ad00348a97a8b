"""`mkdocs serve` sees a save through the system's notifications (bantin/watching.py),
rebuilds once per save (the build's own reads of the files start nothing), and keeps
polling where notifications cannot be trusted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import MKDOCS_YML, article
from bantin import watching

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export /srv/du\\040an nfs4 rw 0 0
drvfs /mnt/c 9p rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.unit
@pytest.mark.parametrize("path, works", [
    ("/work/ban-tin", True),          # ext4
    ("/tmp/ban-tin", True),           # tmpfs
    ("/srv/du an/ban-tin", False),    # nfs, a mount point with a space
    ("/mnt/c/Users/bao/ban-tin", False),  # WSL's Windows drive
    ("/mnt/cd/ban-tin", True),        # not under /mnt/c
])
def test_notifications_only_on_local_file_systems(path, works, monkeypatch):
    monkeypatch.delenv("BANTIN_POLLING", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert watching.notifications_work([Path(path)], MOUNTS) is works


@pytest.mark.unit
def test_polling_on_request(monkeypatch):
    monkeypatch.setenv("BANTIN_POLLING", "1")
    assert watching.notifications_work([Path("/work/ban-tin")], MOUNTS) is False


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _serve(root: Path, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _until(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.build
@pytest.mark.parametrize("polling", [False, True])
def test_a_save_is_rebuilt_once_and_shown(build_site, polling):
    from test_preview_problems import free_port

    root = build_site.write({"articles/a.md": article(title="Bài A", body="Bản đầu.")})
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - bantin\n", "  - bantin:\n      search: false\n"),
                                     encoding="utf-8")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("BANTIN_POLLING", None)
    if polling:
        env["BANTIN_POLLING"] = "1"
    process = _serve(root, port, env)
    url = f"http://127.0.0.1:{port}/bai-viet/2022/bai-a/"
    try:
        assert _until(lambda: _fetch(url) is not None, 120), "mkdocs serve did not answer"
        time.sleep(1)  # the polling observer's first look
        (root / "articles/a.md").write_text(article(title="Bài A", body="Bản hai ĐÃ SỬA."), encoding="utf-8")
        assert _until(lambda: "ĐÃ SỬA" in (_fetch(url) or ""), 60)
        # Reading the articles again is no change: no second rebuild follows the first.
        time.sleep(3)
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    # MkDocs' "Building documentation", said in Vietnamese (bantin/mkdocslog.py).
    assert output.count("Đang dựng trang") == 2, output
    assert "Building documentation" not in output
    assert "Traceback" not in output
    # Polling only where asked (this project is on a local disk), said in Vietnamese.
    assert ("kiểm tra tệp đã sửa mỗi nửa giây" in output) is polling, output
