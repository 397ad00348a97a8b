"""Front matter: bytes -> text -> (YAML fields, body), with the line of every field.

Reading is the only step that sees raw bytes: the encoding is checked here, line
endings and Unicode normalised, the `---` block split from the body, and the YAML
parsed into plain data together with the line and the raw text of every field, so
that later problems can name the line and quote the value as the writer typed it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .names import nfc
from .problems import Problem

_HANDLER = YAMLHandler()
# libyaml's parser when PyYAML has it: the same nodes and marks, about 10x faster than
# the pure-Python one, which was a third of a 200-article build (make bench --profile).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Lines = dict[str, int]
"""Line (from 1) of every field path, e.g. "awards[1].count"."""
Raw = dict[str, tuple[str, bool]]
"""Raw text of every scalar as the writer typed it, and whether it was quoted."""


def read_bytes(path: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of one article file, or a problem saying why it cannot be read."""
    try:
        return path.read_bytes(), None
    except OSError as error:
        return None, Problem(rel, 1, "(file)", None, f"cannot be read: {error.strerror}")


def decode(data: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """Bytes -> NFC text with LF line endings, or a problem naming the bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(rel, line, "(file)", None,
                             "is not UTF-8 text (perhaps saved as Windows-1258 or ANSI); open it and "
                             "save as UTF-8 (Notepad: File > Save as > Encoding: UTF-8)")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")), None


def split_front_matter(text: str, rel: str) -> tuple[tuple[str, str, int] | None, Problem | None]:
    """Split into (front matter, body, line number where the body starts)."""
    if not _HANDLER.detect(text):
        return None, Problem(rel, 1, "(front matter)", None,
                             "is missing; the file must start with a line `---`, then the fields, "
                             "then another `---` (see articles/_mau.md.txt)")
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        return None, Problem(rel, 1, "(front matter)", None,
                             "is not closed; add a line `---` after the last field")
    body_line = front.count("\n") + 2
    return (front, body.lstrip("\n"), body_line + (len(body) - len(body.lstrip("\n")))), None


def _to_python(loader: yaml.BaseLoader, node: yaml.Node, path: str, lines: Lines, raw: Raw,
               dupes: list[tuple[str, int]]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            sub = f"{path}.{key}" if path else key
            if key in result:
                dupes.append((sub, key_node.start_mark.line + 1))
                continue
            lines[sub] = key_node.start_mark.line + 1
            result[key] = _to_python(loader, value_node, sub, lines, raw, dupes)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, f"{path}[{i}]", lines, raw, dupes) for i, item in enumerate(node.value)]
    # Plain scalars have style None (Python parser) or "" (libyaml).
    raw[path] = (str(node.value), bool(node.style))
    return loader.construct_object(node, deep=True)


def _yaml_problem(error: yaml.YAMLError, rel: str) -> Problem:
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(rel, 1, "(front matter)", None, f"is not valid YAML: {error}")
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    hint = ""
    if "mapping values are not allowed" in str(error.problem):
        hint = "; a text containing ': ' must be put in quotes, e.g. title: \"Hội nghị: tổng kết\""
    elif "found character" in str(error.problem):
        hint = "; a text starting with a special character must be put in quotes"
    return Problem(rel, line, "(front matter)", None, f"is not valid YAML: {error.problem}{hint}")


def parse_front_matter(front: str, rel: str, problems: list[Problem], loader_class: type = _LOADER
                       ) -> tuple[dict | None, Lines, Raw]:
    """YAML -> (data, line of every field path, raw text of every scalar)."""
    lines: Lines = {}
    raw: Raw = {}
    dupes: list[tuple[str, int]] = []
    if "\t" in front:
        line = front[: front.index("\t")].count("\n") + 1
        problems.append(Problem(rel, line, "(front matter)", None,
                                "contains a tab character; indent with spaces only"))
        return None, lines, raw
    loader = loader_class(front)
    try:
        node = loader.get_single_node()
        data = _to_python(loader, node, "", lines, raw, dupes) if node is not None else {}
    except yaml.YAMLError as error:
        if loader_class is not yaml.SafeLoader:
            # The pure-Python parser words its errors better ("found character '@'").
            return parse_front_matter(front, rel, problems, yaml.SafeLoader)
        problems.append(_yaml_problem(error, rel))
        return None, lines, raw
    finally:
        loader.dispose()
    for path, line in dupes:
        problems.append(Problem(rel, line, path, None,
                                "is given twice; keep one (the second would silently replace the first)"))
    if not isinstance(data, dict):
        problems.append(Problem(rel, 2, "(front matter)", None,
                                "should be fields like `title: ...`, one per line"))
        return None, lines, raw
    return data, lines, raw
