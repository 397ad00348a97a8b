"""The article text below the front matter: what it may contain, checked with the line.

A body is Markdown: paragraphs, sub-headings, lists, bold and italic, links to web
pages, quotes and tables. A link leads to a web address (https://…), an e-mail
(mailto:), a telephone number (tel:) or a sub-heading of the article (#…): anything
else (ket-qua.md, /nam/2022/, www.… without https://) leads nowhere from the published
page, and `make check` says so with the line, as the build does. Raw HTML that can run
code (`<script>`, `<iframe>`, `<object>`, `<embed>`, `<style>`, any `on…=` attribute)
and links that run code or carry hidden content (`javascript:`, `vbscript:`, `data:`)
are refused by `make check` and every build; the build also passes the article's HTML
through a sanitizer (`sanitize.py`) as a second line of defence.
"""

from __future__ import annotations

import re

from .problems import BODY, Problem

_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|frame|frameset|applet|base|meta|link|form)\b",
                  re.IGNORECASE)
_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_SCHEME = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|href\s*=\s*[\"']?|src\s*=\s*[\"']?|<)\s*"
                     r"((?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:", re.IGNORECASE)


# Where a link leads: [text](target), ![alt](target), [id]: target, href="target", src="target".
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)",
                     re.IGNORECASE)
# Targets a reader's browser can follow from any page: web pages, e-mail, a telephone
# number, a heading of the same article.
_FOLLOWABLE = re.compile(r"^(?:https?://|mailto:|tel:|#)", re.IGNORECASE)
_DANGEROUS = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)  # said by _SCHEME


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
        for match in _TARGET.finditer(line):
            target = next(group for group in match.groups() if group is not None)
            if _FOLLOWABLE.match(target) or _DANGEROUS.match(target):
                continue
            problems.append(Problem(rel, number, BODY, f'"{target}"', _nowhere(target)))
    return problems


def _nowhere(target: str) -> str:
    """Why a link that is not a web address leads nowhere, and what to write instead."""
    example = "ví dụ [Cổng thông tin](https://bocongan.gov.vn)"
    if re.search(r"\.(?:jpe?g|png|webp|gif|heic|tiff?)$", target, re.IGNORECASE):
        return ("là ảnh chèn vào nội dung bài; ảnh không đặt trong bài mà để tệp trong thư mục photos/ "
                "và ghi ở trường photos: (xem articles/_mau.md)")
    if target.startswith("/"):
        return ("là địa chỉ bắt đầu bằng /, hỏng khi trang tin được đặt trong một thư mục của máy chủ; "
                f"liên kết cần địa chỉ đầy đủ bắt đầu bằng https://, {example}")
    if re.match(r"^(?:www\.|[a-z0-9-]+\.(?:vn|com|net|org|gov)\b)", target, re.IGNORECASE):
        return f"thiếu https:// ở đầu nên trình duyệt không mở được; viết https://{target}"
    return ("không dẫn tới trang nào (trong bài, liên kết chỉ dẫn tới trang web với địa chỉ đầy đủ "
            f"bắt đầu bằng https://, tới thư điện tử mailto: hoặc tới một tiêu đề phụ của bài #…); {example}")
