"""The report's text for extraction: sentences, the search form of a text (no diacritics,
abbreviations spelled out), the patterns of names, ranks, awards and counts, and the
items the extractors return."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..names import ascii_fold, name_key
from .numbers import WHOLE, WORD_NUMBER
from .sources import Block

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
    province_source: str | None = None
    """How the province was found when the report does not name it (a district's province)."""
    province_options: list[str] = field(default_factory=list)
    """Provinces to choose from, written commented out, when the report's places disagree."""
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
