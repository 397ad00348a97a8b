"""MkDocs' own lines in Vietnamese, for the press officer who runs `make build` and
`make serve`.

MkDocs writes its progress and its warnings in English ("INFO - Building documentation
to directory…", "WARNING - Doc file 'bai-viet/2022/…/index.md' contains a link…",
"Aborted with 1 warnings in strict mode!"). Its warning about a link names the page
MkDocs made of an article, not the file the writer edits. Here each of its lines that a
build or a preview can show is said again in Vietnamese, an article's link problem with
the article's file and line; the level words (INFO, WARNING, ERROR) too.

`install` puts a filter on the handlers of MkDocs' command line (its `mkdocs` logger);
lines it does not know pass unchanged (the plugin's own are already Vietnamese).
MkDocs' `Abort` (the line it prints as it stops) is made to say its message through
`abort_message`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable

from click import ClickException
from mkdocs.exceptions import Abort

# MkDocs pads the level to 8 characters and adds "-": "CẢNH BÁO " keeps a space before it.
LEVELS = {"DEBUG": "GỠ LỖI", "INFO": "TIN", "WARNING": "CẢNH BÁO ", "ERROR": "LỖI", "CRITICAL": "LỖI"}
_COLOURS = {"CẢNH BÁO ": "yellow", "LỖI": "red", "GỠ LỖI": "blue"}

# src_uri of a page MkDocs made -> (the file as the writer names it, its path on disk)
Where = Callable[[str], "tuple[str, Path] | None"]


def _seconds(groups: dict) -> str:
    return f"Đã dựng xong trong {groups['s'].replace('.', ',')} giây"


def _mean(groups: dict) -> str:
    return f" Có phải định viết '{groups['mean']}'?" if groups["mean"] else ""


_MEAN = r"(?: Did you mean '(?P<mean>[^']*)'\?)?"
_DOC = r"^Doc file '(?P<doc>[^']*)' contains "

# (pattern, Vietnamese): the Vietnamese is a format string over the named groups, or a
# function of them (a dict). "{at}" is where the problem is: the article's file and line.
RULES: list[tuple[re.Pattern, str | Callable[[dict], str]]] = [
    (re.compile(r"^Cleaning site directory$"), "Đang dọn thư mục trang"),
    (re.compile(r"^Building documentation to directory: (?P<dir>.*)$"), "Đang dựng trang vào thư mục {dir}"),
    (re.compile(r"^Documentation built in (?P<s>[\d.]+) seconds$"), _seconds),
    (re.compile(r"^Building documentation\.\.\.$"), "Đang dựng trang..."),
    (re.compile(r"^Serving on (?P<url>\S+) and opening it in a browser$"),
     "Bản xem trước đã sẵn sàng: {url} (đang mở trình duyệt)"),
    (re.compile(r"^Serving on (?P<url>\S+)$"), "Bản xem trước đã sẵn sàng: {url}"),
    (re.compile(r"^Watching paths for changes: (?P<paths>.*)$"), "Theo dõi thay đổi trong: {paths}"),
    (re.compile(r"^Detected file changes$"), "Có tệp vừa thay đổi: dựng lại"),
    (re.compile(r"^Reloading browsers$"), "Tải lại trang trong trình duyệt"),
    (re.compile(r"^Browser connected: (?P<url>.*)$"), "Trình duyệt đang xem {url}"),
    (re.compile(r"^Shutting down\.\.\.$"), "Đang dừng bản xem trước..."),
    (re.compile(r"^An error happened during the rebuild\. The server will appear stuck until build errors are "
                r"resolved\.$"),
     "Lần dựng lại vừa rồi gặp lỗi (xem các dòng trên). Bản xem trước giữ trang của lần dựng trước "
     "cho tới khi lỗi được sửa."),
    (re.compile(r"^The directory contains stale files\. Use --clean to remove them\.$"),
     "Thư mục trang có thể còn tệp cũ; dùng --clean để xoá."),
    (re.compile(_DOC + r"a link '(?P<url>[^']*)', but the target(?: '(?P<target>[^']*)')? is not found among "
                r"documentation files\." + _MEAN + "$"),
     lambda m: f"{m['at']}: liên kết '{m['url']}' không dẫn tới trang nào của bản tin." + _mean(m)
               + " Liên kết tới trang ngoài cần địa chỉ đầy đủ, bắt đầu bằng https://"),
    (re.compile(_DOC + r"a link '(?P<url>[^']*)', but there is no such anchor on this page\."
                r"(?P<note> This seems to be a footnote that is never referenced\.)?$"),
     lambda m: f"{m['at']}: liên kết '{m['url']}' trỏ tới một mục không có trong bài này."
               + (" Có vẻ là một chú thích không được dẫn tới." if m["note"] else "")),
    (re.compile(_DOC + r"a link '(?P<url>[^']*)', but the doc '(?P<other>[^']*)' does not contain an anchor "
                r"'(?P<anchor>[^']*)'\.$"),
     lambda m: f"{m['at']}: liên kết '{m['url']}': trang {m['other']} không có mục {m['anchor']}."),
    (re.compile(_DOC + r"an absolute link '(?P<url>[^']*)', it was left as is\." + _MEAN + "$"),
     lambda m: f"{m['at']}: liên kết '{m['url']}' bắt đầu bằng '/', được giữ nguyên, không kiểm tra được."
               + _mean(m)),
    (re.compile(_DOC + r"an unrecognized relative link '(?P<url>[^']*)', it was left as is\." + _MEAN + "$"),
     lambda m: f"{m['at']}: không rõ liên kết '{m['url']}' dẫn tới đâu; được giữ nguyên." + _mean(m)),
    (re.compile(_DOC + r"a link to '(?P<target>[^']*)' which is excluded from the built site\.$"),
     lambda m: f"{m['at']}: liên kết tới {m['target']}, trang này không được đăng."),
    (re.compile(r"^Excluding '(?P<a>[^']*)' from the site because it conflicts with '(?P<b>[^']*)'\.$"),
     "Bỏ qua {a}: trùng địa chỉ với {b}."),
    (re.compile(r"^The following pages exist in the docs directory, but are not included in the \"nav\" "
                r"configuration:(?P<rest>.*)$", re.S),
     "Các trang sau có trong thư mục trang nhưng không có trong mục nav của mkdocs.yml:{rest}"),
    (re.compile(r"^A reference to '(?P<x>[^']*)' is included in the 'nav' configuration, which is not found in "
                r"the documentation files\.$"),
     "mkdocs.yml, mục nav: không có trang {x}."),
    (re.compile(r"^Config value '(?P<name>[^']*)': (?P<rest>.*)$", re.S),
     "mkdocs.yml, mục '{name}': {rest}"),
]


def error_line(message: str) -> str:
    """`message` as MkDocs prints an error line, in Vietnamese ("LỖI     -  …"), for
    what is said outside its log (the machine faults of run_mkdocs and the preview)."""
    return f"{LEVELS['ERROR']:<8}-  {message}"


_TIME = re.compile(r"^(?P<time>\[\d\d:\d\d:\d\d\] )(?P<rest>.*)$", re.S)


def translate(message: str, where: Where | None = None) -> str:
    """`message` in Vietnamese if it is one of MkDocs' lines, else as it is."""
    timed = _TIME.match(message)  # the preview's lines start with the time
    if timed:
        said = translate(timed["rest"], where)
        return message if said is timed["rest"] else timed["time"] + said
    for pattern, said in RULES:
        match = pattern.match(message)
        if match is None:
            continue
        groups = match.groupdict()
        if "doc" in groups:
            groups["at"] = _place(groups["doc"], groups.get("url"), where)
        return said(groups) if callable(said) else said.format(**groups)
    return message


def _place(doc: str, url: str | None, where: Where | None) -> str:
    """The writer's file (and the line of the link, when it can be found) for MkDocs'
    page `doc`; MkDocs' own name for a page that is not an article."""
    found = where(doc) if where is not None else None
    if found is None:
        return f"Trang {doc}"
    shown, path = found
    if url:
        try:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if url in line:
                    return f"{shown}, dòng {number}"
        except (OSError, UnicodeDecodeError):
            pass
    return shown


def abort_message(message: str) -> str:
    """The message of MkDocs' Abort, in Vietnamese where it is one of MkDocs' own."""
    counted = re.match(r"^Aborted with (?P<counts>.*) in strict mode!$", message)
    if counted:
        counts = re.sub(r"(\d+) (error|warning)s",
                        lambda m: f"{m[1]} {'lỗi' if m[2] == 'error' else 'cảnh báo'}", counted["counts"])
        return (f"Dừng lại: có {counts} (xem các dòng trên). Chế độ nghiêm ngặt (--strict) "
                "không đăng trang khi còn cảnh báo.")
    if message == "Aborted with a BuildError!":
        return "Dừng lại vì một lỗi khi dựng trang (xem dòng LỖI ở trên)."
    if message == "Aborted with a configuration error!":
        return "Dừng lại vì mkdocs.yml có lỗi (xem các dòng trên)."
    return message


class Vietnamese(logging.Filter):
    """Rewrites a record of MkDocs' in Vietnamese as it reaches a handler."""

    def __init__(self) -> None:
        super().__init__()
        self.where: Where | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        said = translate(message, self.where)
        if said is not message:
            record.msg, record.args = said, ()
        record.levelname = LEVELS.get(record.levelname, record.levelname)
        return True


_FILTER = Vietnamese()


def install(where: Where | None = None) -> None:
    """Put the Vietnamese filter on the handlers of MkDocs' command line (none when
    MkDocs is used as a library: tests, the editor's checks)."""
    _FILTER.where = where
    if not getattr(Abort, "bantin_vietnamese", False):
        said = Abort.format_message
        Abort.format_message = lambda self: abort_message(said(self))  # type: ignore[method-assign]
        Abort.__str__ = lambda self: abort_message(ClickException.__str__(self))  # type: ignore[method-assign]
        Abort.bantin_vietnamese = True  # type: ignore[attr-defined]
    for handler in logging.getLogger("mkdocs").handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
        colours = getattr(handler.formatter, "colors", None)
        if isinstance(colours, dict) and "CẢNH BÁO " not in colours:
            handler.formatter.colors = {**colours, **_COLOURS}  # type: ignore[union-attr]
