"""The article text below the front matter: what it may contain, checked with the line.

A body is Markdown: paragraphs, sub-headings, lists, bold and italic, links to web
pages, quotes and tables. Raw HTML that can run code (`<script>`, `<iframe>`,
`<object>`, `<embed>`, `<style>`, any `on…=` attribute) and links that run code or
carry hidden content (`javascript:`, `vbscript:`, `data:`) are refused by `make check`
and every build; the build also passes the article's HTML through a sanitizer
(`sanitize.py`) as a second line of defence.
"""

from __future__ import annotations

import re

from .problems import BODY, Problem

_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|frame|frameset|applet|base|meta|link|form)\b",
                  re.IGNORECASE)
_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_SCHEME = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|href\s*=\s*[\"']?|src\s*=\s*[\"']?|<)\s*"
                     r"((?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:", re.IGNORECASE)


def check_body(body: str, first_line: int, rel: str) -> list[Problem]:
    """Every dangerous tag, attribute or link of `body`, with its line in the file.

    Args:
        body: the Markdown text below the front matter.
        first_line: the line of the file where `body` starts (from 1).
        rel: the file as named in messages.
    """
    problems: list[Problem] = []
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        for tag in dict.fromkeys(match.group(1).lower() for match in _TAG.finditer(line)):
            problems.append(Problem(rel, number, BODY, f'"<{tag}>"',
                                    f"là mã HTML có thể chạy chương trình hoặc đổi trang (thẻ <{tag}>), không "
                                    "được dùng trong bài; xoá nó. Bài viết chỉ gồm chữ, tiêu đề phụ (## ), "
                                    "danh sách, bảng và liên kết [chữ](https://…); ảnh ghi ở trường photos:"))
        for match in _HANDLER.finditer(line):
            problems.append(Problem(rel, number, BODY, f'"{match.group(1)}="',
                                    "là thuộc tính HTML chạy chương trình khi người đọc bấm hay di chuột; "
                                    "xoá nó (bài viết không cần mã HTML)"))
        for match in _SCHEME.finditer(line):
            scheme = re.sub(r"\s+", "", match.group(1)).lower()
            problems.append(Problem(rel, number, BODY, f'"{scheme}:"',
                                    f"là liên kết kiểu {scheme}: có thể chạy chương trình hoặc giấu nội dung; "
                                    "liên kết chỉ được dẫn tới trang web, ví dụ [Cổng thông tin](https://bocongan.gov.vn)"))
    return problems
