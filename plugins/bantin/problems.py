"""Problems found in the content, and the helpers that word them.

A problem names the file, the line (counted from 1), the field as the template names
it, the value as the writer typed it, and what is expected. Every module that checks
content (front matter, fields, photos, the corpus) reports with this one type.

Messages are for press officers: plain Vietnamese, the field named the way
`articles/_mau.md` names it and counted from 1 ("khen thưởng thứ 2 › số lượng"),
with the technical path (`awards[1].count`) in brackets for those who want it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable

FILE = "(tệp)"
"""Pseudo-field of a problem with the whole file (cannot be read, wrong encoding, too big)."""
FRONT = "(phần thông tin đầu bài)"
"""Pseudo-field of a problem with the front matter as a whole (YAML, `---` lines, traps)."""
BODY = "(nội dung bài)"
"""Pseudo-field of a problem in the article text below the second `---`."""

# How the template (articles/_mau.md) names each field. Sections that are lists are
# named "<label> thứ <n>" with n counted from 1.
FIELD_LABELS: dict[str, str] = {
    "title": "tiêu đề", "date": "ngày", "category": "chuyên mục", "authors": "tác giả",
    "summary": "tóm tắt", "tags": "thẻ", "source": "nguồn", "draft": "bản nháp", "pin": "nổi bật",
    "slug": "địa chỉ web", "event": "sự kiện", "officials": "đại biểu", "awards": "khen thưởng",
    "stats": "số liệu", "models": "mô hình", "photos": "ảnh", "type": "loại", "name": "tên",
    "place": "nơi tổ chức", "province": "tỉnh/thành", "online": "trực tuyến", "rank": "cấp bậc",
    "position": "chức vụ", "role": "vai trò", "id": "mã phân biệt", "award": "hình thức",
    "issuer": "cấp khen", "recipient_type": "đối tượng", "count": "số lượng",
    "recipients": "người nhận", "unit": "đơn vị", "for": "thành tích", "year": "năm",
    "metric": "chỉ tiêu", "value": "giá trị", "total": "tổng số", "percent": "tỉ lệ %",
    "change": "tăng/giảm %", "area": "địa bàn", "file": "tệp ảnh", "caption": "chú thích",
    "credit": "nguồn ảnh", "alt": "mô tả ảnh",
    # Trust fields (corrections, withdrawal, decisions, privacy).
    "updated": "ngày cập nhật", "changes": "ghi chú đính chính", "note": "nội dung",
    "withdrawn": "gỡ bài", "reason": "lý do", "decision": "số quyết định",
    "decision_date": "ngày quyết định", "public": "công bố tên",
}
ITEM_LABELS: dict[str, str] = {
    "officials": "đại biểu", "awards": "khen thưởng", "stats": "số liệu", "photos": "ảnh",
    "recipients": "người nhận", "tags": "thẻ", "authors": "tác giả", "models": "mô hình",
    "role": "vai trò", "changes": "ghi chú đính chính",
}
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_label(path: str) -> str:
    """The field as the template names it: "awards[1].count" -> "khen thưởng thứ 2 › số lượng"."""
    if not path or path.startswith("("):
        return path
    parts: list[str] = []
    last = ""
    for match in _STEP.finditer(path):
        key, index = match.groups()
        if key is not None:
            last = key
            parts.append(FIELD_LABELS.get(key, key))
        elif parts and last:
            parts[-1] = f"{ITEM_LABELS.get(last, FIELD_LABELS.get(last, last))} thứ {int(index) + 1}"
        else:
            parts.append(f"mục thứ {int(index) + 1}")
    return " › ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file."""

    file: str
    line: int
    field: str
    value: str | None
    message: str
    url: str | None = None
    """Where the article would be published (preview shows its problems there), when known."""

    @property
    def label(self) -> str:
        """The field as the template names it, with the technical path in brackets."""
        label = field_label(self.field)
        return label if label == self.field else f"{label} ({self.field})"

    def __str__(self) -> str:
        found = f"{self.value} " if self.value is not None else ""
        return f"{self.file}:{self.line} {self.label}: {found}{self.message}"


def show(value: Any) -> str:
    """A value as the writer typed it, quoted when text."""
    if isinstance(value, str):
        return '"' + (value if len(value) <= 80 else value[:77] + "…") + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "một danh sách" if isinstance(value, list) else "một nhóm trường"
    return str(value)


def did_you_mean(value: str, known: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The known values closest to `value`, best first (for "did you mean" hints)."""
    return difflib.get_close_matches(value, list(known), n=n, cutoff=cutoff)


class Notice(Problem):
    """Something the reader fixed on reading and the writer should still know about;
    not an error: the article is published."""

    def __str__(self) -> str:
        return "cảnh báo: " + super().__str__()
