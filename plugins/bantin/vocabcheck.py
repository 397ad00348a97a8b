"""Integrity of the vocabulary files: every term has a name, and no name or alias
belongs to two terms.

A lookup folds case, NFC/NFD and tone placement, so "UBND tỉnh" and "UBND Tỉnh" are
the same key: were it the alias of one issuer and the name of another, one of them
would silently lose it and articles would be counted under the wrong term. Both are
errors that name the file and the line of each side, found by composing the YAML
(nodes keep their lines) beside the plain load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .names import name_key

NAME_FIELDS = ("name", "label")


@dataclass(frozen=True)
class Spot:
    """Where one term's name, alias or id is written."""

    line: int
    keys: dict[str, int]  # "name", "label", "id", "aliases[0]", ... -> line


def spots(text: str) -> list[Spot]:
    """For each entry of a vocabulary file: its line and the line of each of its keys."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.SequenceNode):
        return []
    found = []
    for item in root.value:
        keys: dict[str, int] = {}
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                name = str(key.value)
                keys[name] = value.start_mark.line + 1
                if isinstance(value, yaml.SequenceNode):
                    for i, sub in enumerate(value.value):
                        keys[f"{name}[{i}]"] = sub.start_mark.line + 1
        found.append(Spot(item.start_mark.line + 1, keys))
    return found


def nameless(path: Path, data: object, text: str) -> list[str]:
    """One message per entry of `data` (a vocabulary file's list) without a name."""
    if not isinstance(data, list):
        return []
    where = spots(text)
    messages = []
    for index, entry in enumerate(data):
        if isinstance(entry, dict) and any(str(entry.get(f) or "").strip() for f in NAME_FIELDS):
            continue
        line = where[index].line if index < len(where) else 1
        messages.append(f"{path}:{line}: mục thứ {index + 1} không có tên (`name:`); mỗi mục phải có tên, "
                        f"ví dụ `- name: Tin hoạt động` (hoặc xoá dòng thừa)")
    return messages


def shared_names(path: Path, text: str, data: list[dict], id_field: bool = False,
                 group_field: str | None = None) -> list[str]:
    """One message per name or alias that two entries of the same file share.

    With `group_field` (districts.yml: `kind`) a name is only shared within one group:
    "quận Hoàng Mai" and "thị xã Hoàng Mai" are two places, two "huyện Phong Điền" are not.
    """
    where = spots(text)
    owner: dict[tuple[str, str], tuple[int, str, int]] = {}  # key -> (entry index, as written, line)
    messages = []
    for index, entry in enumerate(data):
        spot = where[index] if index < len(where) else Spot(1, {})
        written: list[tuple[str, str]] = []
        for field in NAME_FIELDS + (("id",) if id_field else ()):
            if entry.get(field) is not None:
                written.append((field, str(entry[field])))
        aliases = entry.get("aliases") or []
        for i, alias in enumerate(aliases if isinstance(aliases, list) else [aliases]):
            written.append((f"aliases[{i}]" if isinstance(aliases, list) else "aliases", str(alias)))
        group = name_key(str(entry.get(group_field) or "")) if group_field else ""
        for field, value in written:
            if not name_key(value):
                continue
            key = (group, name_key(value))
            line = spot.keys.get(field, spot.line)
            first = owner.get(key)
            if first is None:
                owner[key] = (index, value, line)
            elif first[0] != index:
                messages.append(
                    f'{path}:{line}: "{value}" (mục thứ {index + 1}) trùng với "{first[1]}" của mục thứ '
                    f'{first[0] + 1} ({path}:{first[2]}); một tên hay tên khác (`aliases`) chỉ được thuộc về '
                    "một mục, nếu không bài viết sẽ bị tính nhầm mục: xoá hoặc sửa một trong hai")
    return messages
