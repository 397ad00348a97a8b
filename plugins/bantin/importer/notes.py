"""Notes an imported draft leaves for the press officer ("# CẦN ĐIỀN: …").

Read by `make check` (one warning each) and by the preview (listed under the
draft banner), so nothing left to fill in is forgotten when `draft` is removed.
"""

from __future__ import annotations

import re
from pathlib import Path

MARK = "CẦN ĐIỀN"
_NOTE = re.compile(r"^\s*#\s*CẦN ĐIỀN\s*:?\s*(.*)$")


def open_notes(text: str) -> list[tuple[int, str]]:
    """Every "# CẦN ĐIỀN: …" comment of an article's front matter.

    Args:
        text: the article file's text.

    Returns:
        (line counted from 1, note text) pairs, in file order.
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return []
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        match = _NOTE.match(line)
        if match:
            found.append((number, match.group(1).strip()))
    return found


def file_notes(path: Path) -> list[tuple[int, str]]:
    """`open_notes` of a file; an unreadable file has none (the check reports it anyway)."""
    try:
        return open_notes(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return []
