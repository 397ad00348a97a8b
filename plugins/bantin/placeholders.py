"""The template's placeholder values, refused in any article that is not a draft.

`articles/_mau.md` shows the shape of every field with example values. Some of them
are placeholders a writer must replace ("Nguyễn Văn A", "Tiêu đề bài viết"); when one
is left in a published article, a made-up official gets a person page.
"""

from __future__ import annotations

import re

from .names import name_key
from .problems import Problem

PLACEHOLDERS = (
    "Tiêu đề bài viết", "Tên tác giả", "Nguyễn Văn A", "Trần Thị B", "Lê Văn C", "Chú thích ảnh", "2022/ten-anh.jpg",
    "Một hai câu tóm tắt, hiện ở danh sách bài và khi chia sẻ lên Zalo, Facebook.",
    "Tên báo hoặc cổng thông tin đăng bài gốc (nếu có)", "Tên đơn vị", "Tên mô hình",
)
_KEYS = {name_key(text) for text in PLACEHOLDERS}
# "Nguyễn Văn A", "Lê Thị C": a family and middle name with a single capital letter
# as the given name is a placeholder, never a real person.
_LETTER_NAME = re.compile(r"^\w+ (Văn|Thị) [A-Z]\.?$")


def is_placeholder(text: str) -> bool:
    """True when `text` is one of the template's placeholder values."""
    return name_key(text) in _KEYS or bool(_LETTER_NAME.match(text.strip()))


def placeholder_problems(rel: str, raw: dict[str, tuple[str, bool]], lines: dict[str, int]) -> list[Problem]:
    """A problem for every field that still holds a placeholder of the template."""
    found = []
    for path, (text, _) in raw.items():
        if text and len(text) < 200 and is_placeholder(text):
            found.append(Problem(rel, lines.get(path, 1), path, f'"{text}"',
                                 "là giá trị mẫu của articles/_mau.md, chưa được thay bằng thông tin thật; "
                                 "hãy sửa hoặc xoá dòng này (bài đang soạn thì thêm draft: true)"))
    return found
