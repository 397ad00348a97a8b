"""Build the site elsewhere, then swap it into place: a failed build leaves the last
good `site/` exactly as it was.

Usage: python scripts/build.py [--project DIR] [extra mkdocs build options]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    root = ROOT
    if argv[:1] == ["--project"]:
        root = Path(argv[1]).resolve()
        argv = argv[2:]
    site = root / "site"
    staging = site.with_name(site.name + ".new")
    old = site.with_name(site.name + ".old")
    shutil.rmtree(staging, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging), *argv]
    result = subprocess.run(command, cwd=root, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"\nChưa dựng được trang: {site} vẫn giữ nguyên như lần dựng trước.", file=sys.stderr)
        return result.returncode
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Đã dựng xong trang trong {site}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
