"""Writing the draft: front matter with a `# từ câu` comment on every extracted value,
uncertain entries commented out under a `# CẦN ĐIỀN:` note, the report as the body."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..names import slugify
from .text import Extracted, Item
from .notes import MARK
from .sources import Report

QUOTE_MAX = 220


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def quote(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) > QUOTE_MAX:
        sentence = sentence[:QUOTE_MAX - 1].rstrip() + "…"
    return f"# từ câu: {q(sentence)}"


def vn_date(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def slug_for(title: str) -> str:
    """The title as a slug, cut at a word boundary to at most 70 characters."""
    slug = slugify(title)
    if len(slug) > 70:
        slug = slug[:70].rsplit("-", 1)[0]
    return slug


def choose_paths(root: Path, year: int, slug: str) -> str:
    """A slug whose article file and photo folder do not exist yet: `slug`, `slug-2`, …"""
    candidate, n = slug, 1
    while (root / "articles" / str(year) / f"{candidate}.md").exists() or \
            (root / "photos" / str(year) / candidate).exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return vn_date(value)
    if isinstance(value, list):
        return "[" + ", ".join(q(str(v)) for v in value) + "]"
    return q(str(value))


def _map_lines(fields: dict, indent: str, order: tuple[str, ...], todo_fields: set[str]) -> list[str]:
    lines = []
    first = True
    for key in order:
        if key not in fields:
            continue
        value = fields[key]
        prefix = indent + ("- " if first else "  ")
        first = False
        if key == "recipients":
            lines.append(f"{prefix}recipients:")
            for r in value:
                inner = ", ".join(f"{k}: {_value(v)}" for k, v in r.items())
                lines.append(f"{indent}    - {{{inner}}}")
            continue
        if key == "role":
            value = ", ".join(value)
            lines.append(f"{prefix}{key}: {value}")
            continue
        if value is None:
            lines.append(f"{prefix}{key}:                 # {MARK}" if key in todo_fields else "")
            continue
        if key in ("decision", "decision_date"):
            lines.append(f"{indent}  # {key}: {_value(value)}   # trình kiểm tra chưa nhận trường này; "
                         "bỏ dấu # khi đã hỗ trợ")
            continue
        lines.append(f"{prefix}{key}: {_value(value)}")
    return [line for line in lines if line]


AWARD_ORDER = ("award", "name", "issuer", "recipient_type", "count", "recipients", "for", "decision",
               "decision_date")
STAT_ORDER = ("metric", "value", "total", "percent", "change")
OFFICIAL_ORDER = ("name", "rank", "position", "role")


def _list(key: str, items: list[Item], order: tuple[str, ...]) -> list[str]:
    if not items:
        return []
    certain = [i for i in items if not i.todo]
    lines = [f"{key}:" if certain else f"# {key}:   # bỏ dấu # ở dòng này khi điền xong một khối dưới đây"]
    for item in items:
        lines.append(f"  {quote(item.sentence)}" if item.sentence else "")
        for note in item.notes:
            lines.append(f"  # {MARK}: {note}")
        if item.todo:
            lines.append(f"  # {MARK}: {item.todo}; rồi bỏ dấu # ở đầu các dòng của khối")
            todo_fields = {k for k, v in item.fields.items() if v is None}
            for line in _map_lines(item.fields, "  ", order, todo_fields):
                lines.append("  # " + line[2:])
        else:
            lines.extend(_map_lines(item.fields, "  ", order, set()))
    return [line for line in lines if line]


def render(found: Extracted, report: Report, slug: str, photo_files: list[str], category_default: str,
           today: dt.date) -> str:
    """The article file's text."""
    assert found.date is not None
    lines = ["---",
             f"# Bản nháp do `make import` tạo từ {report.name} ngày {vn_date(today)}.",
             "# Mỗi giá trị có dòng \"# từ câu\" trích câu gốc để đối chiếu; dòng \"# CẦN ĐIỀN\" là việc",
             "# còn phải làm (make check nhắc lại). Xong thì xóa các ghi chú và dòng `draft: true`.",
             *([f"# {MARK}: {found.title_note}"] if found.title_note else []),
             f"title: {q(found.title)}",
             f"slug: {slug}"]
    date_text = f"{found.date:%d/%m/%Y %H:%M}" if found.date_has_time else vn_date(found.date)
    if found.date_sentence:
        lines.append(quote(found.date_sentence))
    if found.date_note:
        lines.append(f"# {MARK}: {found.date_note}")
    lines.append(f"date: {date_text}")
    if found.category:
        lines.append(quote(found.category_sentence))
        lines.append(f"category: {q(found.category)}")
    else:
        lines.append(f"# {MARK}: báo cáo không ghi chuyên mục; đã chọn tạm, đổi nếu cần "
                     "(danh sách: content/vocab/categories.yml)")
        lines.append(f"category: {q(category_default)}")
    lines.append("draft: true")
    if found.authors:
        lines.append(quote(found.authors_sentence))
        lines.append(f"authors: {_value(found.authors)}")
    else:
        lines.append(f"# {MARK}: báo cáo không có dòng ký tên; ghi tác giả, ví dụ: authors: [Tên tác giả]")
    if found.source:
        lines.append(f"source: {q(found.source)}")
    if found.summary:
        lines.append("# tóm tắt: đoạn mở đầu của báo cáo; rút gọn còn một hai câu nếu dài")
        lines.append(f"summary: {q(found.summary)}")
    if found.event:
        fields = found.event.fields
        lines.append(quote(found.event.sentence))
        for note in found.event.notes:
            lines.append(f"# {note}")
        if found.province_sentence and ("province" in fields or found.province_options):
            lines.append(f"# tỉnh, thành {quote(found.province_sentence)[2:]}")
        if found.province_source and "province" in fields:
            lines.append(f"# tỉnh, thành theo {found.province_source}")
        if found.province_note:
            lines.append(f"# {MARK}: {found.province_note}")
        lines.append("event:")
        for key in ("type", "name", "date", "place", "province", "online"):
            if key in fields:
                lines.append(f"  {key}: {_value(fields[key])}")
            elif key == "province":
                lines += [f"  # province: {_value(name)}" for name in found.province_options]
    lines += _list("officials", found.officials, OFFICIAL_ORDER)
    lines += _list("awards", found.awards, AWARD_ORDER)
    lines += _list("stats", found.stats, STAT_ORDER)
    if found.photos:
        lines.append("photos:")
        for item, file in zip(found.photos, photo_files):
            fields = item.fields
            if item.sentence:
                lines.append(f"  {quote(item.sentence)}")
            else:
                lines.append(f"  # {MARK}: ảnh không có chú thích trong báo cáo; ghi caption, credit, alt")
            lines.append(f"  - file: {q(file)}")
            for key in ("caption", "credit", "alt"):
                if fields.get(key):
                    lines.append(f"    {key}: {q(fields[key])}")
    lines.append("---")
    body = ""
    previous = None
    for block in found.body:
        if block.kind == "img" or not block.markdown:
            continue
        # List items stay one list; everything else is its own paragraph.
        body += ("\n" if previous == "li" and block.kind == "li" else "\n\n" if body else "") + block.markdown
        previous = block.kind
    return "\n".join(lines) + "\n\n" + body + "\n"
