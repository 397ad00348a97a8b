"""`mkdocs serve`: see a saved file at once, not at the next poll.

MkDocs 1.6 watches files by polling: it looks at every watched file every 0,5 s, so
a save waits 0,25 s on average before the rebuild even starts, and each look stats
every article and photo. The system's own notifications (inotify on Linux, the
Windows and macOS equivalents, through watchdog, which MkDocs already uses) report a
save as it happens.

Polling stays where notifications are unreliable: folders on a network or Windows
drive seen from Linux (nfs, cifs, WSL's /mnt/c: 9p, drvfs), a system out of inotify
watches, and on request (`BANTIN_POLLING=1`).

Only changes count: the build itself opens and reads the watched files, and Linux
reports those reads too (opened, closed without writing); counting them would start
a rebuild after every rebuild.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from watchdog import events
from watchdog.observers import Observer

from .diskio import cause

CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
    events.FileClosedEvent, events.FileAttribEvent,
    events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent, events.DirModifiedEvent,
]

# File systems on which the kernel sees every change itself (Linux).
LOCAL = {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs", "reiserfs", "ramfs"}


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]
    """The system's observer, reporting changes only."""

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False,
                 event_filter: Any = None, follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive,
                                event_filter=event_filter or CHANGES, follow_symlink=follow_symlink)


def _filesystem(path: Path, mounts: str) -> str | None:
    """The type of the file system holding `path`, from /proc/self/mounts' text."""
    best, kind = "", None
    target = str(path.resolve())
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def notifications_work(paths: list[Path], mounts: str | None = None) -> bool:
    """False where a change may not be reported (see the module's text)."""
    if os.environ.get("BANTIN_POLLING"):
        return False
    if not sys.platform.startswith("linux"):
        return True
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return all(_filesystem(path, mounts) in LOCAL for path in paths)


def use_notifications(server: Any) -> str | None:
    """Move the watches of MkDocs' live-reload `server` (not yet started) from its polling
    observer to the system's; None when done, else why polling stays (Vietnamese)."""
    watched, refs = getattr(server, "_watched_paths", None), getattr(server, "_watch_refs", None)
    if not isinstance(watched, dict) or not isinstance(refs, dict) or not hasattr(server, "observer"):
        return "phiên bản MkDocs này không cho đổi cách theo dõi tệp"  # MkDocs 1.6 and ProperDocs do
    paths = dict(watched)
    if not notifications_work([Path(p) for p in paths]):
        return "thư mục dự án nằm trên ổ mạng hoặc ổ Windows, hoặc đã đặt BANTIN_POLLING"
    polling = server.observer
    try:
        _watch_with(server, ChangesObserver(), paths)
    except OSError as error:  # e.g. the system's limit of inotify watches
        _watch_with(server, polling.__class__(timeout=polling.timeout), paths)
        return f"hệ điều hành không theo dõi thêm được ({cause(error)})"
    return None


def _watch_with(server: Any, observer: Any, paths: dict[str, int]) -> None:
    server.observer = observer
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
