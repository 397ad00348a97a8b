"""Writing into the cache and the site: whole files only, and links, never overwrites.

A build may be killed at any moment, and the staging site shares files (hard links)
with the live one: a cache file is replaced by a rename (a reader sees the old file
or the new, never half), and a file is placed by linking it, or copying where links
cannot be made, never by writing into one that exists.
"""

from __future__ import annotations

import errno
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


# Causes of a failed read or write that lie with the machine, not with what was written.
_CAUSES = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng của tài khoản trên ổ đĩa",
    errno.EROFS: "ổ đĩa hay thư mục chỉ cho đọc, không cho ghi",
    errno.EACCES: "không có quyền ghi vào đó",
    errno.EPERM: "hệ điều hành không cho phép thao tác này",
    errno.EFBIG: "tệp vượt quá cỡ tệp lớn nhất hệ thống cho phép",
    errno.EIO: "ổ đĩa báo lỗi đọc/ghi (có thể hỏng hoặc vừa bị rút ra)",
    errno.EMFILE: "chương trình đang mở quá nhiều tệp cùng lúc",
    errno.ENFILE: "máy đang mở quá nhiều tệp cùng lúc",
    errno.ENOMEM: "máy hết bộ nhớ",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.ENOENT: "thư mục không còn (bị xoá hoặc đổi tên trong lúc dựng?)",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "ở đó là một thư mục, không phải tệp",
}


# Causes that can only come from writing.
_WRITING = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def cause(error: OSError) -> str:
    """What went wrong, in Vietnamese (the system's own words are English)."""
    said = _CAUSES.get(error.errno or 0)
    if said is None:
        said = f"lỗi hệ thống số {error.errno}" if error.errno else type(error).__name__
    return said


def machine_fault(error: OSError) -> str:
    """The message for a read or write that failed because of the machine."""
    where = error.filename2 if error.filename2 is not None else error.filename
    place = f" {where}" if where is not None else ""
    writing = error.filename2 is not None or error.errno in _WRITING
    return (f"Máy không {'ghi' if writing else 'đọc hoặc ghi'} được{place}: {cause(error)}. Đây là lỗi của "
            "máy, không phải của bài viết. Khắc phục (dọn bớt ổ đĩa, cấp quyền ghi…) rồi chạy lại.")

