"""Rule-based extraction of an article's fields from a report, over the vocabularies.

Deterministic and offline. Every value found carries the sentence it came from;
a value the report does not fully state (an award without a count, an issuer not
in the vocabulary) is kept as a `todo` item, which the draft writes commented out.

The extractors of officials, awards and figures live in their own modules.
"""

from __future__ import annotations

import datetime as dt
import re

from ..names import name_key
from ..vocab import Province, Vocabularies
from .sources import Block, Report
from .text import Extracted, Item, MERGER, _CAP_WORD, sentences
from .awards import _awards
from .figures import _stats
from .officials import _officials
from . import districts

# ---------------------------------------------------------------- header lines

_DATE_NUM = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"
_TIME = r"(\d{1,2})[:h](\d{2})"
def _header_date(line: str) -> tuple[dt.datetime, bool] | None:
    match = re.search(rf"(?:{_TIME}\s*,?\s*)?(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})(?:\s*,?\s*{_TIME})?", line)
    if not match:
        return None
    h1, m1, d, mo, y, h2, m2 = match.groups()
    hour, minute = (h1, m1) if h1 else (h2, m2)
    try:
        value = dt.datetime(int(y), int(mo), int(d), int(hour or 0), int(minute or 0))
    except ValueError:
        return None
    return value, bool(hour)


def _is_byline(line: str) -> bool:
    """A short line of metadata: "Tác giả: … Ngày đăng: …", "LAN ANH 18/08/2022 14:32", "Đăng lúc …"."""
    if len(line) > 160:
        return False
    if re.match(r"(Tác giả|Ngày đăng|Đăng lúc|Đăng ngày|Cập nhật|Lượt xem)\b", line, re.I):
        return True
    rest = re.sub(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}|[|,.\-]", " ", line).strip()
    prose = re.search(r"[a-zà-ỹ]{2,}\s[a-zà-ỹ]{2,}\s[a-zà-ỹ]", rest)  # three lower-case words: a sentence
    return bool(_header_date(line)) and len(rest.split()) <= 5 and not prose


def _author_from_byline(line: str) -> str | None:
    match = re.match(r"Tác giả\s*:\s*([^.|\d]+?)\s*(?:\.|\||Ngày|$)", line, re.I)
    if match:
        return _person_case(match.group(1))
    rest = re.sub(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}:\d{2}|Đăng lúc|Đăng ngày|Ngày đăng|Cập nhật", " ", line)
    rest = rest.strip(" -|,.")
    if rest and 1 < len(rest.split()) <= 4 and rest.upper() == rest:
        return _person_case(rest)
    return None


def _person_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _signature(line: str) -> bool:
    words = line.split()
    return (1 <= len(words) <= 4 and not re.search(r"[.:;!?\d\"]$|[.:;\"]", line)
            and all(w[:1].isupper() for w in words))



# ---------------------------------------------------------------- main entry


def extract(report: Report, vocab: Vocabularies, today: dt.date) -> Extracted:
    """Find title, date, category, authors, summary, event, officials, awards, figures and photos."""
    blocks = list(report.blocks)
    found = Extracted(title="")
    # Web page leftovers after the article (comment counters, "Tin mới nhất", CMS credits).
    for index, block in enumerate(blocks):
        if re.match(r"\(\d+\)\s*Bình luận|POWERED BY|Bình luận\s*$|Tin mới nhất$|Tin liên quan$", block.text, re.I):
            blocks = blocks[:index]
            break
    head: list[Block] = []
    # Title: a heading or bold first paragraph, else the first line; "Chuyên mục:" lines are metadata.
    while blocks and blocks[0].kind != "img":
        block = blocks.pop(0)
        category = re.match(r"Chuyên mục\s*:\s*(.+)", block.text, re.I)
        if category:
            for name in re.split(r"[,;]", category.group(1)):
                term = vocab.categories.lookup(name.strip())
                if term:
                    found.category, found.category_sentence = term.name, block.text
                    break
            continue
        title = block.text
        stamp = re.match(r"\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\s+(.*)", title)
        if stamp:
            year, month, day, title = stamp.groups()
            found.date = dt.datetime(int(year), int(month), int(day or 1))
            found.date_sentence = block.text
            if not day:
                found.date_note = (f"báo cáo chỉ ghi tháng {month}/{year}; ngày 01 là tạm, "
                                   "sửa thành ngày đăng thật")
        found.title = title.strip()
        if len(found.title) > 160:
            found.title_note = "dòng đầu dài, có lẽ không phải tiêu đề; viết lại tiêu đề ngắn gọn"
        head.append(block)
        break
    # Byline and date lines right under the title.
    while blocks and blocks[0].kind == "p" and _is_byline(blocks[0].text):
        block = blocks.pop(0)
        when = _header_date(block.text)
        if when and not found.date:
            found.date, found.date_has_time = when
            found.date_sentence = block.text
        author = _author_from_byline(block.text)
        if author:
            found.authors, found.authors_sentence = [author], block.text
    # Source ("Theo …") and signature at the end.
    while blocks and blocks[-1].kind == "p":
        text = blocks[-1].text
        source = re.fullmatch(r"(?:Nguồn|Theo)\s*:?\s+(.{3,120}?)\.?", text)
        if source and not found.source:
            found.source = source.group(1)
            blocks.pop()
            continue
        if _signature(text) and not found.authors:
            found.authors, found.authors_sentence = [text], text
            blocks.pop()
            continue
        break
    blocks = _photos(blocks, report, found)
    found.body = blocks
    paragraphs = [b.text for b in blocks if b.kind in ("p", "li") and len(b.text.split()) >= 8]
    found.summary = paragraphs[0] if paragraphs else ""
    text_sentences = [s for b in blocks if b.kind != "img" for s in sentences(b.text)]
    _event_and_date(text_sentences, found, vocab, today)
    found.officials = _officials(text_sentences, found)
    found.awards = _awards(text_sentences, vocab)
    found.stats = _stats(text_sentences, vocab)
    return found



# ---------------------------------------------------------------- photos (Word images)


def _photos(blocks: list[Block], report: Report, found: Extracted) -> list[Block]:
    kept: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "img":
            kept.append(block)
            index += 1
            continue
        image = report.images[block.image or 0]
        caption, credit, sentence = None, None, ""
        nxt = blocks[index + 1] if index + 1 < len(blocks) else None
        if nxt is not None and nxt.kind == "p" and _looks_like_caption(nxt.text):
            caption, credit = split_caption(nxt.text)
            sentence = nxt.text
            index += 1
        fields = {"image": block.image, "caption": caption, "credit": credit, "alt": image.alt or caption}
        found.photos.append(Item(fields, sentence))
        index += 1
    return kept


def _looks_like_caption(text: str) -> bool:
    return bool(re.search(r"(?:^|[.(\s])(?:Ảnh|Hình)\s*(?::|minh h[ọo]a|tư liệu)", text, re.I)) or (
        len(text.split()) <= 20 and not text.endswith((":", ";")))


def split_caption(text: str) -> tuple[str | None, str | None]:
    """ "Đại biểu dự hội nghị. Ảnh: Công an tỉnh" -> ("Đại biểu dự hội nghị.", "Công an tỉnh");
    "(Ảnh minh họa)" -> ("Ảnh minh họa", None)."""
    text = text.strip()
    credit = None
    match = re.search(r"(?:^|\s|\()\(?(?:Ảnh|Hình)\s*:\s*([^)]+?)\)?\s*$", text)
    if match:
        credit = match.group(1).strip(" .")
        text = text[:match.start()].strip()
    if re.fullmatch(r"\(\s*(Ảnh[^)]*)\)", text):
        text = text.strip("() ")
    return (text or None), (credit or None)


# ---------------------------------------------------------------- date, event, place

# "Sáng 15/9/2023", or a sentence opening "Ngày 3/11/2024": the event's own date, preferred
# to a "ngày …" further in (a plan's or a decision's date).
_STRONG_DATE = re.compile(rf"(?:(?:^|[\s,(])(?:Sáng|Chiều|Tối|Trưa)\s+(?:ngày\s+)?|^\s*Ngày\s+)"
                          rf"(?:(?:thứ\s+\w+|chủ nhật),?\s+)?{_DATE_NUM}(?!\d)(?!/[A-ZĐ])", re.I)
_EVENT_DATE = re.compile(rf"(?:^|[\s,(])(?:(?:Sáng|Chiều|Tối|Trưa)\s+(?:ngày\s+)?|Ngày\s+|ngày\s+)"
                         rf"(?:(?:thứ\s+\w+|chủ nhật),?\s+)?{_DATE_NUM}(?!\d)(?!/[A-ZĐ])", re.I)


def _event_and_date(sents: list[str], found: Extracted, vocab: Vocabularies, today: dt.date) -> None:
    event_date, event_sentence = None, ""
    candidates = [(s, m) for s in sents[:12] for m in [_STRONG_DATE.search(s)] if m] or \
        [(s, m) for s in sents[:12] for m in [_EVENT_DATE.search(s)] if m]
    for sentence, match in candidates:
        day, month, year = match.groups()
        year_value = int(year) if year else _context_year(found, sents, int(month))
        if year_value is None:
            continue
        try:
            event_date = dt.date(year_value, int(month), int(day))
        except ValueError:
            continue
        event_sentence = sentence
        if not year and not found.date:
            found.date_note = (f"báo cáo không ghi năm của ngày {int(day)}/{int(month)}; năm {year_value} "
                               "lấy từ năm được nhắc nhiều nhất trong bài, kiểm tra lại")
        break
    if found.date is None:
        if event_date:
            found.date = dt.datetime.combine(event_date, dt.time())
            found.date_sentence = event_sentence
        else:
            found.date = dt.datetime.combine(today, dt.time())
            found.date_note = "báo cáo không nêu ngày; đã ghi tạm ngày nhập, sửa thành ngày đăng bài"
    fields: dict = {}
    sentence = ""
    for candidate in sents[:12]:
        kind = _event_type(candidate, vocab)
        if kind:
            fields["type"], name = kind
            if name:
                fields["name"] = name
            sentence = candidate
            break
    if event_date:
        fields["date"] = event_date
        sentence = sentence or event_sentence
    place_sentence = event_sentence or sentence
    place = _place(place_sentence, vocab) if place_sentence else None
    if place:
        fields["place"] = place
    province = _province(place, [s for s in sents], vocab, found)
    if province:
        fields["province"] = province
    joined = " ".join(sents[:12]).lower()
    if "trực tuyến" in joined or "hình thức trực tuyến" in joined:
        fields["online"] = True
    if fields or found.province_options:
        found.event = Item(fields, sentence or place_sentence or found.province_sentence)
        if event_sentence and event_sentence != found.event.sentence:
            found.event.notes.append(f'ngày sự kiện từ câu: "{event_sentence}"')


def _context_year(found: Extracted, sents: list[str], month: int) -> int | None:
    if found.date:
        year = found.date.year
        # A report of December published in January speaks of the previous year.
        return year - 1 if month > found.date.month + 1 else year
    years = re.findall(r"\b[Nn]ăm (\d{4})\b", " ".join(sents))
    if not years:
        return None
    counts: dict[str, int] = {}
    for y in years:
        counts[y] = counts.get(y, 0) + 1
    return int(max(counts, key=lambda y: (counts[y], -int(y))))


def _event_type(sentence: str, vocab: Vocabularies) -> tuple[str, str | None] | None:
    match = re.search(r"\btổ chức\s+(.+)", sentence)
    if not match:
        return None
    rest = match.group(1)
    for term in sorted(vocab.event_types.terms, key=lambda t: -len(t.name)):
        for form in (term.name, *term.aliases):
            if rest.lower().startswith(form.lower()):
                name = re.split(r"\s*;\s*|\.\s*$", rest)[0].strip(" ,.")
                return term.name, name if len(name) > len(form) + 3 else None
    return None


_ADMIN = r"(?:quận|huyện|thị xã|thành phố|TP\.?|tỉnh|xã|phường|thị trấn|ấp|thôn|bản|điểm cầu)"


def _place(sentence: str, vocab: Vocabularies) -> str | None:
    match = re.search(r"\btại\s+(.+)", sentence)
    if not match:
        return None
    chunks = []
    for chunk in match.group(1).split(","):
        chunk = chunk.strip()
        head = re.match(rf"({_ADMIN}\s+(?:{_CAP_WORD}|\d+)(?:\s(?:{_CAP_WORD}|\d+))*)", chunk)
        if head:
            chunks.append(head.group(1))
            if head.group(1) != chunk:
                break
            continue
        province = _province_in(chunk, vocab)
        if province and chunk == province[1]:
            chunks.append(chunk)
            continue
        break
    return ", ".join(chunks) or None


def _province_forms(vocab: Vocabularies) -> list[tuple[str, Province]]:
    forms = []
    for p in vocab.provinces.terms:
        for form in (p.name, *p.aliases):
            forms.append((form, p))
    return sorted(forms, key=lambda f: -len(f[0]))


def _province_in(text: str, vocab: Vocabularies, prefixed: bool = False) -> tuple[Province, str] | None:
    for form, province in _province_forms(vocab):
        pattern = rf"(?<![\wÀ-ỹ])(?:(?:tỉnh|thành phố|TP\.?)\s+)?{re.escape(form)}(?![\wÀ-ỹ])"
        if prefixed:
            pattern = rf"(?<![\wÀ-ỹ])(?:tỉnh|thành phố|TP\.?)\s+{re.escape(form)}(?![\wÀ-ỹ])"
        match = re.search(pattern, text)
        if match:
            return province, match.group(0)
    return None


def _province(place: str | None, sents: list[str], vocab: Vocabularies, found: Extracted) -> str | None:
    hit = _province_in(place, vocab) if place else None
    sentence = place or ""
    if hit is None:
        # Otherwise the province most often written with its prefix ("tỉnh Tiền Giang", "TP Cần Thơ").
        counts: dict[str, tuple[int, Province, str]] = {}
        for s in sents:
            for form, province in _province_forms(vocab):
                for m in re.finditer(rf"(?<![\wÀ-ỹ])(?:tỉnh|thành phố|TP\.?)\s+{re.escape(form)}(?![\wÀ-ỹ])", s):
                    n, _, first = counts.get(province.name, (0, province, s))
                    counts[province.name] = (n + 1, province, first)
        if counts:
            _, province, sentence = max(counts.values(), key=lambda c: c[0])
            hit = (province, province.name)
            found.province_sentence = sentence
    date = found.date.date() if found.date else None
    # Districts named in the report (content/vocab/districts.yml): the province when the report
    # names none, a cross-check when it does.
    named = districts.mentions(([place] if place else []) + sents, vocab)
    if hit is None and named:
        provinces = {m.province.name: m for m in named}
        if len(provinces) > 1:
            found.province_note = ("báo cáo không nêu tỉnh, và các đơn vị cấp huyện trong bài thuộc nhiều tỉnh: "
                                   + "; ".join(f"{m.label} thuộc {m.province.name}" for m in provinces.values())
                                   + ". Chọn một dòng province bên dưới, bỏ dấu #")
            found.province_options = _unique([_dated(m.province, date) for m in provinces.values()])
            found.province_sentence = named[0].sentence
            return None
        mention = named[0]
        hit = (mention.province, mention.written)
        found.province_sentence = mention.sentence
        found.province_source = (f"{mention.label} thuộc {mention.province.name} trước ngày 01/07/2025 "
                                 "(danh mục content/vocab/districts.yml)")
    elif hit is not None and named:
        explicit = hit[0]
        against = [m for m in named if not _same_province(explicit, m.province, date)]
        if against:
            first = against[0]
            said = " ".join(first.sentence.split())[:160]
            found.province_note = (f"báo cáo ghi {hit[1]}, nhưng {first.label} thuộc {first.province.name} "
                                   f"(danh mục content/vocab/districts.yml; câu: \"{said}\"). "
                                   "Chọn một dòng province bên dưới, bỏ dấu #")
            found.province_options = _unique([_dated(explicit, date), *(_dated(m.province, date) for m in against)])
            return None
    if hit is None:
        return None
    province = hit[0]
    if province.until and date and date >= province.until and province.successor:
        found.province_note = (f"{province.name} đã hợp nhất vào {province.successor} từ "
                               f"{province.until:%d/%m/%Y}; bài đăng sau ngày đó ghi {province.successor}")
        return province.successor
    if not province.until and date and date < MERGER and province.merged_from:
        # A current name used before the merger: only valid if it existed then under that name.
        if name_key(province.name) not in {name_key(m) for m in province.merged_from}:
            found.province_note = f"{province.name} chỉ có từ 01/07/2025; kiểm tra tên tỉnh trước ngày đó"
            return None
    return province.name


def _dated(province: Province, date: dt.date | None) -> str:
    """The name an article of `date` gives the province: its successor from the merger on."""
    if province.until and date and date >= province.until and province.successor:
        return province.successor
    return province.name


def _same_province(explicit: Province, old: Province, date: dt.date | None) -> bool:
    """Whether the province the report names is the district's (or, from 1 July 2025, its successor)."""
    return name_key(explicit.name) == name_key(old.name) or (
        name_key(explicit.name) == name_key(_dated(old, date)))


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
