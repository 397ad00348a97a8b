"""Invisible control characters: removed on reading, told to the writer.

A C0 control other than newline and tab (`\\x01`, a backspace pasted from an old
system, `\\x0b` from Word's line break), DEL or a C1 control has no place in a news
text, and one of them makes `feed.xml` invalid XML, which feed readers then refuse
whole. They may come as bytes in the file or as YAML escapes (`"\\x01"`, `"\\b"`).
"""

from __future__ import annotations

import re
from typing import Any

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f]")


def names(chars: str) -> str:
    """`chars` as code points, each once, in order: "U+0001, U+000B"."""
    seen: list[str] = []
    for char in chars:
        code = f"U+{ord(char):04X}"
        if code not in seen:
            seen.append(code)
    return ", ".join(seen)


def strip_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """`text` without control characters, and (line counted from 1, removed chars) per line."""
    if not CONTROLS.search(text):
        return text, []
    found: dict[int, str] = {}
    for match in CONTROLS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found[line] = found.get(line, "") + match.group()
    return CONTROLS.sub("", text), sorted(found.items())


def strip_tree(value: Any, path: str = "") -> tuple[Any, list[tuple[str, str]]]:
    """A YAML value with every text cleaned, and (field path, removed chars) per text."""
    removed: list[tuple[str, str]] = []

    def clean(item: Any, where: str) -> Any:
        if isinstance(item, str):
            chars = "".join(CONTROLS.findall(item))
            if chars:
                removed.append((where, chars))
                return CONTROLS.sub("", item)
            return item
        if isinstance(item, dict):
            return {key: clean(sub, f"{where}.{key}" if where else str(key)) for key, sub in item.items()}
        if isinstance(item, list):
            return [clean(sub, f"{where}[{i}]") for i, sub in enumerate(item)]
        return item

    return clean(value, path), removed


MESSAGE = ("có ký tự điều khiển vô hình {codes} (thường do dán từ Word hoặc hệ thống cũ; nó làm hỏng "
           "nguồn tin RSS/Atom); đã bỏ ký tự này khi đọc, hãy xoá nó trong tệp cho sạch")
