"""Front matter: bytes -> text -> (YAML fields, body), with the line of every field.

Reading is the only step that sees raw bytes: the encoding is checked here, line
endings and Unicode normalised, the `---` block split from the body, and the YAML
parsed into plain data together with the line and the raw text of every field, so
that later problems can name the line and quote the value as the writer typed it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .names import nfc
from .problems import FILE, FRONT, Problem, show
from .traps import scan_front
from .vnformat import number

_HANDLER = YAMLHandler()
# libyaml's parser when PyYAML has it: the same nodes and marks, about 10x faster than
# the pure-Python one, which was a third of a 200-article build (make bench --profile).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Lines = dict[str, int]
"""Line (from 1) of every field path, e.g. "awards[1].count"."""
Raw = dict[str, tuple[str, bool]]
"""Raw text of every scalar as the writer typed it, and whether it was quoted."""


MAX_BYTES = 1_000_000
"""Largest article file read (1 MB: a long article with its front matter is under 100 KB)."""
MAX_DEPTH = 12
"""Deepest nesting of the front matter (the template's deepest is 4: awards › recipients › name)."""


def read_bytes(path: Path, rel: str, root: Path | None = None, limit: int = MAX_BYTES
               ) -> tuple[bytes | None, Problem | None]:
    """The bytes of one article file, or a problem saying why it is not read.

    Reading is bounded: a file over `limit` bytes, a device, pipe or other special
    file, and a link that leads outside `root` (the project) are refused before a
    byte is read, so no input can exhaust memory or block the check.
    """
    def refused(message: str) -> tuple[None, Problem]:
        return None, Problem(rel, 1, FILE, None, message)

    try:
        if root is not None:
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                return refused(f"là lối tắt (symlink) dẫn ra ngoài thư mục dự án (tới {target}); "
                               "chỉ đọc tệp nằm trong dự án: chép tệp thật vào articles/ thay cho lối tắt")
        info = path.stat()
    except FileNotFoundError:
        return refused("là lối tắt (symlink) dẫn tới một tệp không còn; xoá lối tắt hoặc chép tệp thật vào đây")
    except (OSError, RuntimeError) as error:
        return refused(f"không đọc được ({_os_reason(error)})")
    if not stat.S_ISREG(info.st_mode):
        return refused("không phải là một tệp văn bản bình thường (thiết bị, ống dẫn hay thư mục); "
                       "xoá nó khỏi articles/")
    if info.st_size > limit:
        return refused(f"quá lớn ({number(info.st_size / 1e6, 1)} MB; tối đa {limit / 1e6:.0f} MB cho một bài); "
                       "ảnh không được dán vào bài mà để trong photos/ và ghi ở photos:")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        return refused(f"không đọc được ({_os_reason(error)})")
    if len(data) > limit:
        return refused(f"quá lớn (hơn {limit / 1e6:.0f} MB); tách bài hoặc bỏ phần dán thừa")
    return data, None


def _os_reason(error: BaseException) -> str:
    if isinstance(error, PermissionError):
        return "không có quyền đọc tệp"
    if isinstance(error, RuntimeError):
        return "lối tắt (symlink) vòng quanh chính nó"
    if getattr(error, "errno", None) == 40:  # ELOOP
        return "lối tắt (symlink) vòng quanh chính nó"
    return f"lỗi hệ thống số {getattr(error, 'errno', '?')}"


def decode(data: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """Bytes -> NFC text with LF line endings, or a problem naming the bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(rel, line, FILE, None,
                             "không phải văn bản UTF-8 (có lẽ được lưu theo Windows-1258 hay ANSI); mở tệp "
                             "và lưu lại với bảng mã UTF-8 (Notepad: File > Save as > Encoding: UTF-8)")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")), None


def split_front_matter(text: str, rel: str) -> tuple[tuple[str, str, int] | None, Problem | None]:
    """Split into (front matter, body, line number where the body starts)."""
    if not _HANDLER.detect(text):
        return None, Problem(rel, 1, FRONT, None,
                             "không có: tệp phải bắt đầu bằng một dòng `---`, rồi các trường, rồi một dòng "
                             "`---` nữa (xem articles/_mau.md)")
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        return None, Problem(rel, 1, FRONT, None,
                             "chưa được đóng: thêm một dòng `---` sau trường cuối cùng")
    # `front` runs from the end of the first `---` to the start of the second: the second
    # is on line front.count("\n") + 1, and the body starts after the newlines that follow it.
    closing_line = front.count("\n") + 1
    return (front, body.lstrip("\n"), closing_line + (len(body) - len(body.lstrip("\n")))), None


class _Refused(Exception):
    """A front matter this reader refuses before building it (aliases, too deep)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Walk:
    """YAML nodes -> plain data, with the line and raw text of every field.

    Each node is visited once: a node met again is an alias (`*a`), refused before it
    expands, since a few hundred bytes of nested aliases expand to gigabytes.
    """

    def __init__(self, loader: yaml.BaseLoader, lines: Lines, raw: Raw, flows: set[str]) -> None:
        self.loader = loader
        self.lines = lines
        self.raw = raw
        self.flows = flows
        self.dupes: list[tuple[str, int]] = []
        self.seen: set[int] = set()

    def __call__(self, node: yaml.Node, path: str, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise _Refused(line, _ALIASES)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(line, f"lồng nhau quá sâu (hơn {MAX_DEPTH} tầng); phần thông tin chỉ cần tối đa "
                                 "4 tầng như trong articles/_mau.md: kiểm tra thụt lề và dấu ngoặc [ ]")
        self.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(key_node.start_mark.line + 1,
                                   "có một tên trường không phải chữ (một danh sách hay nhóm đặt làm tên); "
                                   "mỗi trường viết dạng `tên: giá trị`")
                key = str(key_node.value)
                sub = f"{path}.{key}" if path else key
                if key in result:
                    self.dupes.append((sub, key_node.start_mark.line + 1))
                    continue
                self.lines[sub] = key_node.start_mark.line + 1
                result[key] = self(value_node, sub, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                self.flows.add(path)
            return [self(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        # Plain scalars have style None (Python parser) or "" (libyaml).
        self.raw[path] = (str(node.value), bool(node.style))
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - e.g. 2023-02-29: YAML's date fails; the field reader names it
            return str(node.value)


_ALIASES = ("dùng neo/bí danh YAML (`&tên`, `*tên`); phần thông tin đầu bài không cần chúng: "
            "viết đầy đủ giá trị ở từng chỗ thay cho `*tên`")

# What the YAML parser says -> what probably happened, in plain words.
_YAML_HINTS = [
    ("mapping values are not allowed",
     "có dấu hai chấm và dấu cách \": \" giữa một đoạn chữ, máy hiểu đó là một trường mới; đặt cả đoạn chữ "
     "trong ngoặc kép thẳng, ví dụ: title: \"Hội nghị: tổng kết\""),
    ("found undefined alias", _ALIASES),
    ("found character",
     "một giá trị bắt đầu bằng ký tự đặc biệt (@, `, %, |, >, …); đặt cả giá trị trong ngoặc kép thẳng, "
     "ví dụ: source: \"@congan\""),
    ("while scanning a quoted scalar",
     "một dấu ngoặc kép được mở mà không đóng; thêm dấu \" ở cuối đoạn chữ (trong đoạn chữ, dùng dấu ' thay cho \")"),
    ("expected ',' or ']'",
     "danh sách trong ngoặc vuông [ ] chưa đóng, hoặc có dấu ngoặc thừa; tên có dấu phẩy hay ngoặc thì viết "
     "mỗi tên một dòng bắt đầu bằng \"- \", phần đơn vị ghi ở unit:"),
    ("expected ',' or '}'", "nhóm trong ngoặc nhọn { } chưa đóng; thêm dấu } ở cuối"),
    ("could not find expected ':'",
     "dòng này không có dạng `tên trường: giá trị` (thiếu dấu hai chấm, hoặc một đoạn chữ bị xuống dòng; "
     "viết đoạn chữ trên một dòng)"),
    ("expected <block end>",
     "thụt lề không khớp với các dòng trên: các trường cùng cấp phải thẳng cột, các mục \"- \" của một "
     "danh sách cũng vậy (so với articles/_mau.md)"),
    ("did not find expected key", "thụt lề không khớp với các dòng trên (so với articles/_mau.md)"),
    ("did not find expected '-'", "thụt lề không khớp: các mục \"- \" của một danh sách phải thẳng cột"),
    ("block sequence entries are not allowed",
     "một mục \"- \" nằm sai chỗ: danh sách phải bắt đầu ở dòng dưới tên trường, ví dụ:\n    awards:\n"
     "      - award: Bằng khen"),
]


def _yaml_problem(error: yaml.YAMLError, rel: str, front: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "quoted scalar" in str(getattr(error, "context", "")) and getattr(error, "context_mark", None):
        mark = error.context_mark  # where the quote was opened, not the end of the front matter
    line = mark.line + 1 if mark else 1
    # What was written: the line the parser stopped at, as typed.
    lines = front.split("\n")
    written = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    shown = show(written) if written else None
    said = f"{getattr(error, 'problem', '') or ''} {getattr(error, 'context', '') or ''}"
    for needle, hint in _YAML_HINTS:
        if needle in said:
            return Problem(rel, line, FRONT, shown, f"không đọc được ở dòng này: {hint}")
    return Problem(rel, line, FRONT, shown,
                   "không đọc được ở dòng này: kiểm tra dấu hai chấm sau tên trường, thụt lề bằng dấu cách "
                   "và dấu ngoặc kép thẳng (so với articles/_mau.md)")


_FLOW_OPEN = re.compile(r"[\[{]")


def _flow_depth_problem(front: str, rel: str) -> Problem | None:
    """Brackets nested deeper than any front matter needs, found before the parser recurses into them."""
    if len(_FLOW_OPEN.findall(front)) <= MAX_DEPTH:
        return None
    depth = 0
    quote = ""
    for index, char in enumerate(front):
        if quote:
            if char == quote or char == "\n":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = front.count("\n", 0, index) + 1
                return Problem(rel, line, FRONT, None,
                               f"có dấu ngoặc [ {{ lồng nhau quá sâu (hơn {MAX_DEPTH} tầng); kiểm tra các dấu ngoặc")
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            depth = depth if depth else 0
    return None


def parse_front_matter(front: str, rel: str, problems: list[Problem], loader_class: type = _LOADER,
                       flows: set[str] | None = None
                       ) -> tuple[dict | None, dict[str, int], dict[str, tuple[str, bool]]]:
    """YAML -> (data, line of every field path, raw text of every scalar).

    Word's traps (tabs, Unicode spaces, curly quotes, zero-width characters) are
    named and mended first, so that the rest of the front matter is still checked.
    `flows`, when given, receives the path of every list written in brackets [..].
    """
    lines: dict[str, int] = {}
    raw: dict[str, tuple[str, bool]] = {}
    flows = flows if flows is not None else set()
    front = scan_front(front, rel, problems)
    deep = _flow_depth_problem(front, rel)
    if deep is not None:
        problems.append(deep)
        return None, lines, raw
    loader = None
    try:
        loader = loader_class(front)
        walk = _Walk(loader, lines, raw, flows)
        node = loader.get_single_node()
        data = walk(node, "") if node is not None else {}
    except _Refused as refused:
        problems.append(Problem(rel, refused.line, FRONT, None, refused.message))
        return None, lines, raw
    except yaml.YAMLError as error:
        if loader_class is not yaml.SafeLoader:
            # The pure-Python parser words its errors better ("found character '@'").
            return parse_front_matter(front, rel, problems, yaml.SafeLoader, flows)
        problems.append(_yaml_problem(error, rel, front))
        return None, lines, raw
    except RecursionError:
        problems.append(Problem(rel, 1, FRONT, None, f"lồng nhau quá sâu (hơn {MAX_DEPTH} tầng)"))
        return None, lines, raw
    finally:
        if loader is not None:
            loader.dispose()
    for path, line in walk.dupes:
        problems.append(Problem(rel, line, path, None,
                                "được ghi hai lần; giữ lại một (lần thứ hai sẽ âm thầm thay lần thứ nhất)"))
    if not isinstance(data, dict):
        problems.append(Problem(rel, 2, FRONT, None,
                                "phải là các trường dạng `title: ...`, mỗi trường một dòng"))
        return None, lines, raw
    return data, lines, raw
