"""Writing into the cache and the site: whole files only, and links, never overwrites.

A build may be killed at any moment, and the staging site shares files (hard links)
with the live one: a cache file is replaced by a rename (a reader sees the old file
or the new, never half), and a file is placed by linking it, or copying where links
cannot be made, never by writing into one that exists.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source`'s file at `target`: a hard link (no bytes copied), or a copy where
    links cannot be made (another file system, a Windows share).

    Raises:
        FileExistsError: `target` exists; it is never written over (it could be a link
            into the live site).
    """
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise
    except OSError:
        pass
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        with source.open("rb") as src, target.open("xb") as out:  # "x": never over an existing file
            shutil.copyfileobj(src, out)
        shutil.copystat(source, target)


def not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' "A 'dirty' build ... inaccurate navigation" warning: our dirty builds
    render every page whose inputs changed (bantin/incremental.py), `make build` starts
    from an empty staging folder, and --strict would fail on the warning; to a press
    officer the English warning reads as something to fix."""
    return "'dirty' build" not in record.getMessage()
