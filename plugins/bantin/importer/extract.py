"""Rule-based extraction of an article's fields from a report, over the vocabularies.

Deterministic and offline. Every value found carries the sentence it came from;
a value the report does not fully state (an award without a count, an issuer not
in the vocabulary) is kept as a `todo` item, which the draft writes commented out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..names import ascii_fold, name_key
from ..vocab import Province, Vocabularies
from .numbers import DECIMAL, WHOLE, WORD_NUMBER, count_value, decimal_text, whole
from .sources import Block, Report

MERGER = dt.date(2025, 7, 1)
RANKS = ("Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
         "Thiếu tá", "Đại úy", "Đại uý", "Thượng úy", "Thượng uý", "Trung úy", "Trung uý", "Thiếu úy",
         "Thiếu uý")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Phùng", "Mai",
            "Tô", "Hà", "Tạ", "Đinh", "Lương", "Lưu", "Cao", "Quách", "Thái", "Châu", "Từ", "Văn", "Kiều",
            "Triệu", "Chu", "Khúc", "Lò", "Hứa", "Mạc", "Nông", "Tăng", "La", "Thân", "Giáp", "Đàm")
_CAP_WORD = (r"[A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]"
             r"[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+")
NAME = rf"(?:{'|'.join(SURNAMES)})(?:\s{_CAP_WORD}){{1,4}}(?![\wÀ-ỹ])"
RANK = "|".join(RANKS)
_NOT_PEOPLE = {name_key(n) for n in ("Hồ Chí Minh", "Lê Lợi", "Trần Hưng Đạo", "Lý Thường Kiệt")}
POSITION_START = (r"(?:Phó\s+)?(?:Thứ trưởng|Bộ trưởng|Giám đốc|Chủ tịch|Cục trưởng|Trưởng|Bí thư|Ủy viên|"
                  r"Uỷ viên|Chánh|Tổng|Chỉ huy trưởng|Đại biểu|Phó|Trưởng ban|Trưởng Ban|Thủ trưởng)")
ROLE_WORDS = (("đồng chủ trì", "chủ trì"), ("chủ trì", "chủ trì"), ("tham dự", "dự"), ("tới dự", "dự"),
              ("dự", "dự"), ("phát biểu", "phát biểu"), ("chỉ đạo", "chỉ đạo"), ("trao", "trao thưởng"))
_STOP_POSITION = re.compile(
    r"\s(?:đã |cũng |đồng )?(?:chủ trì|tham dự|tới dự|dự|phát biểu|trao|cho biết|chỉ đạo|nhấn mạnh|"
    r"khẳng định|yêu cầu|đề nghị|kêu gọi|cùng|và các)\b|[;:.(]|\s-\s|\sđánh giá")
# Known awards whose issuer is fixed by regulation (the report often omits it).
KNOWN_AWARD_ISSUERS = {ascii_fold('kỷ niệm chương "bảo vệ an ninh tổ quốc"'): "Bộ Công an"}
AWARD_WORDS = r"Bằng khen|Giấy khen|Kỷ niệm chương|Cờ thi đua|Cờ đơn vị|Cờ|[Dd]anh hiệu|Huân chương|Huy chương"
_AWARD_TYPE = {"cờ đơn vị": "Cờ thi đua", "cờ": "Cờ thi đua", "danh hiệu": "Danh hiệu"}
RTYPES = r"tập thể|cá nhân"
COUNT = rf"(?<![\w.,/])({WHOLE}|{WORD_NUMBER})((?:\s*(?:,|và)\s*(?:{WHOLE}))*)\s+({RTYPES})(?![\w])"
# Abbreviations written in reports and spelled out in the vocabularies.
_EXPAND = {"antt": "an ninh trat tu", "antq": "an ninh to quoc", "ubnd": "uy ban nhan dan",
           "tp": "thanh pho", "mttq": "mat tran to quoc"}


@dataclass
class Item:
    """One extracted entry: its fields, the sentence it came from, and what is left to fill in."""

    fields: dict
    sentence: str
    todo: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Extracted:
    """Everything found in one report."""

    title: str
    title_note: str | None = None
    date: dt.datetime | None = None
    date_has_time: bool = False
    date_sentence: str = ""
    date_note: str | None = None
    category: str | None = None
    category_sentence: str = ""
    authors: list[str] = field(default_factory=list)
    authors_sentence: str = ""
    summary: str = ""
    source: str | None = None
    event: Item | None = None
    province_note: str | None = None
    province_sentence: str = ""
    officials: list[Item] = field(default_factory=list)
    awards: list[Item] = field(default_factory=list)
    stats: list[Item] = field(default_factory=list)
    photos: list[Item] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; "TP. Cần Thơ" is not a sentence end."""
    parts = re.split(r"(?<![A-ZĐ][A-ZĐ]\.)(?<=[.!?…])[\"']?\s+(?=[\"'(]?[A-ZĐÀ-Ỹ])", text)
    return [p.strip() for p in parts if p.strip()]


def fold(text: str) -> str:
    """Search form: no diacritics, no punctuation, abbreviations spelled out."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(text))
    return " ".join(_EXPAND.get(w, w) for w in words)


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

_CAPTION = re.compile(r"^\(?\s*(?:Ảnh|Hình)\s*(?:minh họa|minh hoạ|tư liệu)?\s*\)?\s*[:.]?\s*(.*)$", re.I)


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
    if fields:
        found.event = Item(fields, sentence if sentence else place_sentence)
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
    if hit is None:
        return None
    province = hit[0]
    date = found.date.date() if found.date else None
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


# ---------------------------------------------------------------- officials


def _officials(sents: list[str], found: Extracted) -> list[Item]:
    people: dict[str, Item] = {}
    authors = {name_key(a) for a in found.authors}
    for sentence in sents:
        tail = re.search(r"trong đó có.*", sentence)
        recipients = {name_key(m.group(0)) for m in re.finditer(NAME, tail.group(0))} if tail else set()
        for match in re.finditer(NAME, sentence):
            name = match.group(0)
            key = name_key(name)
            if key in _NOT_PEOPLE or key in authors or key in recipients:
                continue
            before = sentence[:match.start()]
            after = sentence[match.end():]
            rank_m = re.search(rf"({RANK})\s+$", before)
            honorific = re.search(r"(?:đồng chí|Đồng chí|ông|Ông|bà|Bà)\s*:?\s*$", before)
            position = _position_after(after) or _position_before(before[:rank_m.start()] if rank_m else before)
            if not (rank_m or honorific or position):
                continue
            item = people.get(key)
            if item is None:
                item = people[key] = Item({"name": name}, sentence)
            if rank_m and "rank" not in item.fields:
                item.fields["rank"] = rank_m.group(1).replace("uý", "úy")
                item.sentence = sentence if "position" not in item.fields else item.sentence
            if position and len(position) > len(item.fields.get("position", "")):
                item.fields["position"] = position
                if "rank" not in item.fields or rank_m:
                    item.sentence = sentence
            roles = item.fields.setdefault("role", [])
            lowered = re.sub(r"ban chỉ đạo", "", sentence.lower())
            for word, role in ROLE_WORDS:
                if re.search(rf"(?<![\wÀ-ỹ]){word}(?![\wÀ-ỹ])", lowered) and role not in roles:
                    if word == "dự" and re.search(r"dự (?:án|thảo|báo|kiến)", lowered):
                        continue
                    roles.append(role)
    for item in people.values():
        if not item.fields.get("role"):
            item.fields.pop("role", None)
    return list(people.values())


def _position_after(after: str) -> str | None:
    match = re.match(rf"\s*(?:,|-|\s)\s*({POSITION_START}.*)", after)
    if not match:
        return None
    text = match.group(1)
    stop = _STOP_POSITION.search(text)
    text = text[:stop.start()] if stop else text
    text = re.split(rf"\s+và\s+(?=(?:{RANK}|đồng chí|Đồng chí|ông|bà)\b)", text)[0]
    return text.strip(" ,") or None


def _position_before(before: str) -> str | None:
    chunk = re.split(r"[,;:.]\s*", before.rstrip(" ,"))[-1].strip()
    chunk = re.sub(r"^(?:đồng chí|Đồng chí|ông|bà)\s+", "", chunk)
    if re.match(POSITION_START, chunk) and len(chunk.split()) <= 14:
        return chunk
    return None


# ---------------------------------------------------------------- awards


def _issuer_forms(vocab: Vocabularies) -> list[tuple[str, str]]:
    forms = [(form, t.name) for t in vocab.issuers.terms for form in (t.name, *t.aliases)]
    return sorted(forms, key=lambda f: -len(f[0]))


def _issuers(text: str, vocab: Vocabularies, presenters: bool = False) -> list[tuple[int, str, str]]:
    """Issuer mentions (position, canonical name, surface) in `text`, longest forms first."""
    taken: list[tuple[int, int]] = []
    found = []
    for form, canonical in _issuer_forms(vocab):
        for match in re.finditer(rf"(?<![\wÀ-ỹ]){re.escape(form)}(?![\wÀ-ỹ])", text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            if not presenters and re.search(rf"{POSITION_START}\s*$", text[:span[0]]):
                continue  # "Phó Chủ tịch UBND tỉnh trao …": who hands it over, not who grants it
            found.append((span[0], canonical, match.group(0)))
    return sorted(found)


def _counts(text: str) -> list[tuple[int, str, str]]:
    result = []
    for match in re.finditer(COUNT, text):
        first, more, rtype = match.groups()
        value = count_value(first)
        if value is None:
            continue
        result.append((value, rtype, match.group(0)))
        for extra in re.findall(WHOLE, more or ""):
            result.append((whole(extra), rtype, match.group(0)))
    return result


def _award_term(mention: str, vocab: Vocabularies) -> str | None:
    term = vocab.award_types.lookup(mention)
    if term:
        return term.name
    canonical = _AWARD_TYPE.get(mention.lower())
    return canonical if canonical and vocab.award_types.lookup(canonical) else None


def _awards(sents: list[str], vocab: Vocabularies) -> list[Item]:
    counted: list[Item] = []
    uncertain: list[Item] = []
    for sentence in sents:
        if not re.search(AWARD_WORDS, sentence):
            continue
        carried: list[str] = []
        for clause in re.split(r"\s*;\s*", sentence):
            mentions = list(re.finditer(rf"(?<![\wÀ-ỹ])({AWARD_WORDS})(?![\wÀ-ỹ])", clause))
            if not mentions:
                continue
            lead = clause[:mentions[0].start()]
            subject = [c for _, c, _ in _issuers(lead, vocab)]
            if subject:
                carried = list(dict.fromkeys(subject))
            passive = _counts(lead) if re.search(r"\bđược\b", clause) else []
            # "trao Bằng khen và Giấy khen lần lượt cho 3 và 5 cá nhân": the i-th count is the i-th award's.
            respectively: list | None = None
            if "lần lượt" in clause and len(mentions) > 1:
                shared = _counts(clause[mentions[-1].start():])
                earlier = clause[mentions[0].start():mentions[-1].start()]
                if len(shared) == len(mentions) and not _counts(earlier):
                    respectively = shared
            for index, mention in enumerate(mentions):
                end = mentions[index + 1].start() if index + 1 < len(mentions) else len(clause)
                segment = clause[mention.start():end]
                award = _award_term(mention.group(1), vocab)
                if award is None:
                    continue
                name = _award_name(segment, mention.group(1))
                own = [c for _, c, _ in _issuers(re.split(r"\scho\s", segment)[0], vocab, presenters=True)]
                unknown_of = None
                if not own:
                    of = re.search(r"\scủa\s+([^,;.]+?)(?=\s+cho\s|\s+tặng\s|,|;|\.|$)", segment)
                    if of and not _issuers(of.group(1), vocab, presenters=True):
                        unknown_of = of.group(1).strip()
                issuers = list(dict.fromkeys(own)) or carried
                counts = ([respectively[index]] if respectively else
                          _counts(segment) or (passive if index == 0 else []))
                known = KNOWN_AWARD_ISSUERS.get(ascii_fold(name or ""))
                if not issuers and known and not unknown_of:
                    issuers = [known]
                base = {"award": award}
                if name:
                    base["name"] = name
                reason = _REASON.search(segment) or _REASON.search(sentence)
                decision = re.search(r"Quyết định\s+(?:số\s+)?(\d+/[\wĐđ-]+)(?:\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}))?",
                                     sentence)
                extra: dict = {}
                if reason:
                    extra["for"] = reason.group(1).strip(" ,")
                if decision:
                    extra["decision"] = decision.group(1)
                    if decision.group(2):
                        extra["decision_date"] = dt.date(int(decision.group(4)), int(decision.group(3)),
                                                         int(decision.group(2)))
                lan_luot = "lần lượt" in clause
                if unknown_of:
                    rtypes = [c[1] for c in counts] or _rtypes(segment)
                    for rtype, n in zip(rtypes or [None], [c[0] for c in counts] or [None]):
                        uncertain.append(Item({**base, "issuer": None, "recipient_type": rtype, "count": n, **extra},
                                              sentence, todo=f'cấp khen "{unknown_of}" chưa có trong danh mục; '
                                              "ghi một cấp khen của danh mục (content/vocab/issuers.yml)"))
                    continue
                if counts and len(issuers) == 1:
                    entries = [(issuers[0], c) for c in counts]
                elif counts and len(issuers) > 1 and lan_luot and len(issuers) == len(counts):
                    entries = list(zip(issuers, counts))
                elif counts and len(issuers) > 1:
                    for issuer in issuers:
                        for c in counts:
                            uncertain.append(Item({**base, "issuer": issuer, "recipient_type": c[1], "count": None,
                                                   **extra}, sentence,
                                                  todo=f"câu nêu {len(issuers)} cấp khen cho cùng số lượng "
                                                  f'"{c[2]}"; ghi số mỗi cấp khen trao (count)'))
                    continue
                elif counts:
                    for c in counts:
                        uncertain.append(Item({**base, "issuer": None, "recipient_type": c[1], "count": c[0], **extra},
                                              sentence, todo="báo cáo không nêu cấp khen; ghi cấp khen (issuer)"))
                    continue
                else:
                    rtypes = _rtypes(segment) or _rtypes(lead) or [None]
                    for issuer in issuers or [None]:
                        for rtype in rtypes:
                            uncertain.append(Item({**base, "issuer": issuer, "recipient_type": rtype, "count": None,
                                                   **extra}, sentence,
                                                  todo="báo cáo không nêu số lượng; ghi số người hoặc đơn vị "
                                                  "được khen (count)" + ("" if issuer else " và cấp khen (issuer)")))
                    continue
                for issuer, (n, rtype, said) in entries:
                    item = Item({**base, "issuer": issuer, "recipient_type": rtype, "count": n, **extra}, sentence)
                    counted.append(item)
                    if rtype == "cá nhân" or rtype == "tập thể":
                        recipients = _recipients(segment if "trong đó" in segment else sentence, rtype)
                        if recipients and rtype == "cá nhân":
                            item.fields["recipients"] = recipients
    # An uncounted sentence about an award already counted (a photo caption) adds nothing.
    kept = []
    for item in uncertain:
        same = any(c.fields["award"] == item.fields["award"]
                   and (item.fields["issuer"] in (None, c.fields["issuer"]))
                   and (item.fields["recipient_type"] in (None, c.fields["recipient_type"]))
                   for c in counted)
        duplicate = any(k.fields == item.fields and k.todo == item.todo for k in kept)
        if not same and not duplicate:
            kept.append(item)
    return counted + kept


_REASON = re.compile(r"\bcó\s+(thành tích[^;,]*?)(?=\s+(?:cho|được|đã|tặng|trao)\s|;|\.|,|$)")


def _rtypes(text: str) -> list[str]:
    return [t for t in ("tập thể", "cá nhân") if re.search(rf"\b{t}\b", text)]


def _award_name(segment: str, mention: str) -> str | None:
    quoted = re.match(rf"{re.escape(mention)}\s+(\"[^\"]+\")", segment)
    if quoted:
        return f"{mention} {quoted.group(1)}"
    if mention.lower().startswith("cờ") and mention != "Cờ thi đua":
        text = re.split(r"\s+(?:cho|của|tặng)\s|[,;.]", segment)[0].strip()
        return text if len(text) > len(mention) else None
    if mention.lower() == "danh hiệu":
        text = re.split(r"\s+(?:cho|của|tặng)\s|[,;.]", segment)[0].strip()
        return text if len(text) > len(mention) else None
    return None


def _recipients(text: str, rtype: str) -> list[dict]:
    match = re.search(r"trong đó có\s+(.+)", text)
    if not match:
        return []
    result = []
    for person in re.finditer(rf"(?:(?:ông|bà|đồng chí|anh|chị)\s+)?(?:({RANK})\s+)?({NAME})\s*\(([^)]+)\)",
                              match.group(1)):
        entry = {"name": person.group(2)}
        if person.group(1):
            entry["rank"] = person.group(1)
        entry["unit"] = person.group(3).strip()
        result.append(entry)
    return result


# ---------------------------------------------------------------- figures

_FIGURE = re.compile(rf"(?<![\w.,/-])({WHOLE})(?:\s*/\s*({WHOLE}))?(?![\w/])")
_SKIP_BEFORE = re.compile(r"(?:năm|số|lần thứ|giai đoạn|khóa|khoá|nhiệm kỳ|Nghị quyết|Quyết định|Kế hoạch|"
                          r"Chỉ thị|Thông tư|ngày|tháng|Điều|khoản|lần)\s*$", re.I)


def _metric_parts(vocab: Vocabularies):
    parts = []
    for metric in vocab.metrics.terms:
        unit = fold(metric.unit)
        labels = [fold(metric.name), *(fold(a) for a in metric.aliases)]
        parts.append((metric, unit, labels))
    return parts


def _score(window: str, unit: str, label: str) -> float:
    words = label.split()
    unit_words = unit.split()
    if not window.startswith(unit) and not window.startswith(label[: max(len(unit), 8)]):
        return 0.0
    distinct = [w for w in words if w not in unit_words] or words
    return sum(1 for w in distinct if w in window.split()) / len(distinct)


def _stats(sents: list[str], vocab: Vocabularies) -> list[Item]:
    parts = _metric_parts(vocab)
    stats: list[Item] = []
    for sentence in sents:
        for clause_match in re.finditer(r"[^;]+", sentence):
            clause = clause_match.group(0)
            for match in _FIGURE.finditer(clause):
                if _SKIP_BEFORE.search(clause[:match.start()]):
                    continue
                if re.match(r"\s*(?:%|giờ|h\d|/\d)", clause[match.end():]):
                    continue
                window_text = clause[match.end():]
                window = fold(window_text)
                tail = fold(sentence[sentence.find(clause) + match.end():])
                best, best_score = None, 0.0
                for metric, unit, labels in parts:
                    for label in labels:
                        score = _score(window, unit, label)
                        if score < 0.5 and window.startswith(unit):
                            score = max(score, 0.8 * _score(tail, unit, label))
                        if score > best_score:
                            best, best_score = metric, score
                percent = re.match(rf"[^;()]*?\((?:chiếm\s+)?(?:tỷ lệ|tỉ lệ|đạt)?\s*({DECIMAL}|\d+)\s*%\)",
                                   window_text)
                if best is None or best_score < 0.5:
                    if not (match.group(2) or percent):
                        continue  # a bare number with no metric: too common in reports to list
                    # A share or a ratio with no metric of the vocabulary: kept, commented out.
                    best = None
                fields: dict = {"metric": best.name if best else None, "value": whole(match.group(1))}
                item = Item(fields, sentence)
                if best is None:
                    item.todo = ("chưa khớp chỉ tiêu nào của danh mục; ghi chỉ tiêu (metric) của "
                                 "content/vocab/metrics.yml, hoặc xóa khối này")
                if match.group(2):
                    fields["total"] = whole(match.group(2))
                if percent:
                    stated = decimal_text(percent.group(1))
                    if "total" in fields and not _agrees(fields["value"], fields["total"], stated):
                        item.notes.append(f"tỷ lệ {stated}% trong câu không khớp {fields['value']}/{fields['total']}; "
                                          "kiểm tra số liệu rồi ghi percent")
                    else:
                        fields["percent"] = stated
                if not any(s.fields == fields for s in stats):
                    stats.append(item)
            for change in re.finditer(rf"(giảm|tăng)\s+({DECIMAL}|\d+)\s*%", clause):
                before = fold(clause[:change.start()])
                best, best_score = None, 0.0
                for metric, unit, labels in parts:
                    for label in labels:
                        words = label.split()
                        score = sum(1 for w in words if w in before.split()) / len(words)
                        if score > best_score:
                            best, best_score = metric, score
                value = decimal_text(change.group(2))
                signed = ("-" if change.group(1) == "giảm" else "") + value
                if best is not None and best_score >= 0.8:
                    stats.append(Item({"metric": best.name, "change": signed}, sentence))
                else:
                    stats.append(Item({"metric": None, "change": signed}, sentence,
                                      todo="chưa khớp chỉ tiêu nào của danh mục; ghi chỉ tiêu (metric) "
                                      "của content/vocab/metrics.yml, hoặc xóa khối này"))
    return stats


def _agrees(value: int, total: int, stated: str) -> bool:
    decimals = len(stated.split(",")[1]) if "," in stated else 0
    return round(value / total * 100, decimals) == round(float(stated.replace(",", ".")), decimals)
