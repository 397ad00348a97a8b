"""Is a JPEG file complete? A walk over its segments, not a decode.

A camera JPEG carries a thumbnail inside its EXIF segment (APP1), a small JPEG of
its own with its own start-of-scan and end-of-image markers. A byte search for
"a scan, then an end marker" is satisfied by the thumbnail when the main image is
cut short by a failed copy. So: walk the header segments by their lengths (the
thumbnail is inside one and is skipped whole), then judge the main image's
entropy-coded data, where a 0xFF byte is always followed by 0x00 or a restart
marker, so the first other marker after it is real.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and restart markers: no length


def complete(path: Path) -> bool:
    """True when the JPEG at `path` has its main image's data and its end-of-image marker."""
    with path.open("rb") as file:
        return _complete(file)


def _complete(file: BinaryIO) -> bool:
    if file.read(2) != bytes([0xFF, SOI]):
        return False
    scan = _first_scan(file)
    if scan is None:
        return False
    # Fast path, the usual case: the file ends with the end marker, and the header walk
    # found the main image's scan before it (a camera photo is megabytes; every build
    # checks every photo).
    file.seek(0, 2)
    size = file.tell()
    if size >= scan + 2:
        file.seek(size - 2)
        if file.read(2) == bytes([0xFF, EOI]):
            return True
    file.seek(scan)
    return _markers_end(file.read())


def _first_scan(file: BinaryIO) -> int | None:
    """Offset of the main image's entropy-coded data (after its SOS header), walking
    every segment before it by its length; None when the file ends first."""
    while True:
        byte = file.read(1)
        if byte != b"\xff":
            return None  # not a marker where one must be: damaged
        marker = file.read(1)
        while marker == b"\xff":  # fill bytes
            marker = file.read(1)
        if not marker:
            return None
        code = marker[0]
        if code in _STANDALONE:
            continue
        if code in (EOI, SOI):
            return None  # an end (or a new image) before any scan
        head = file.read(2)
        if len(head) < 2:
            return None
        length = int.from_bytes(head, "big")
        if length < 2:
            return None
        start = file.tell()
        file.seek(length - 2, 1)
        end = start + length - 2
        if _size(file) < end:
            return None  # the segment (an EXIF block with its thumbnail, say) is cut
        if code == SOS:
            return end


def _size(file: BinaryIO) -> int:
    here = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(here)
    return size


def _markers_end(data: bytes) -> bool:
    """Walk entropy-coded data and any later segments (progressive scans, tables)
    until the end marker: True when it is reached."""
    at = 0
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return False
        code = data[at + 1]
        if code == 0x00 or code in _STANDALONE or code == 0xFF:
            at += 1 if code == 0xFF else 2
            continue
        if code == EOI:
            return True
        # Another segment between scans (DHT, SOS of a progressive JPEG, ...): skip it.
        if at + 4 > len(data):
            return False
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if length < 2:
            return False
        at += 2 + length
