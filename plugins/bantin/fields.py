"""Field readers: one front-matter value -> a typed value, or a problem.

Texts, booleans, lists, vocabulary terms, dates and figures, read the ways press
officers write them (18/08/2022, "2.863", "94,75"). A reader never raises: a bad
value adds a problem with its line and gives None.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from .model import VN_TZ
from .names import nfc
from .problems import Problem, did_you_mean, show
from .vocab import Vocabulary

_LAST_STEP = re.compile(r"(\[\d+\]|\.[^.\[]+)$")

MAX_TEXT = 2000
"""Longest single text of the front matter (a summary is a sentence or two)."""
MAX_TITLE = 250
MAX_NAME = 100
"""Longest name, tag or slug: each becomes part of a web address and a file name."""

_EXAMPLES = {
    "title": "title: Ngày hội toàn dân bảo vệ ANTQ ở Ninh Kiều", "category": "category: Tin hoạt động",
    "name": "name: Nguyễn Văn An", "award": "award: Bằng khen", "issuer": "issuer: UBND tỉnh",
    "recipient_type": "recipient_type: tập thể", "count": "count: 9", "metric": "metric: Khu dân cư văn hóa",
    "value": "value: 2863", "file": "file: 2022/ngay-hoi.jpg",
}


def _example(path: str) -> str:
    key = path.rsplit(".", 1)[-1]
    return f", ví dụ: {_EXAMPLES[key]}" if key in _EXAMPLES else ""




class FieldReader:
    """Typed access to one article's front matter, collecting problems.

    Each reader takes the mapping that holds the field, the path of that mapping
    ("awards[1].") and the key, so that a problem names the full path and its line.
    """

    def __init__(self, file: str, data: dict, lines: dict[str, int], raw: dict[str, tuple[str, bool]],
                 problems: list[Problem]) -> None:
        self.file = file
        self.data = data
        self.lines = lines
        self.raw = raw
        self.problems = problems

    def line(self, path: str) -> int:
        """Line of `path`, or of its nearest parent that has one ("awards[1].count" ->
        "awards[1]" -> "awards")."""
        while path and path not in self.lines:
            path = _LAST_STEP.sub("", path) if _LAST_STEP.search(path) else ""
        return self.lines.get(path, 1)

    def problem(self, path: str, value: Any, message: str, *, shown: str | None = None) -> None:
        if shown is None and value is not MISSING:
            shown = show(value)
        self.problems.append(Problem(self.file, self.line(path), path, shown, message))

    def unknown_fields(self, mapping: dict, prefix: str, allowed: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                close = did_you_mean(str(key), allowed)
                hint = (f"; có phải ý bạn là `{close[0]}`?" if close else
                        f"; các trường được dùng ở đây: {', '.join(allowed)}")
                path = f"{prefix}{key}"
                self.problems.append(Problem(self.file, self.line(path), path, None,
                                             f"không phải là một trường của bài (tên trường viết như trong "
                                             f"articles/_mau.md){hint}"))

    # Scalars -------------------------------------------------------------------------

    def text(self, mapping: dict, path: str, key: str, *, required: bool = False,
             longest: int = MAX_TEXT) -> str | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, MISSING, "còn thiếu; trường này bắt buộc" + _example(full), shown=None)
            return None
        value = mapping[key]
        if isinstance(value, (dict, list)):
            self.problem(full, value, "phải là một đoạn chữ trên một dòng, không phải " + show(value))
            return None
        # The writer's own characters: `title: 2022` is "2022", `name: No` is "No".
        text = self.raw.get(full, (str(value), False))[0] if not isinstance(value, str) else value
        text = nfc(text).strip()
        if required and not text:
            self.problem(full, value, "đang để trống; trường này bắt buộc" + _example(full))
            return None
        if len(text) > longest:
            self.problem(full, value, f"dài {len(text)} ký tự, quá giới hạn {longest} ký tự; hãy viết ngắn lại")
            return None
        return text or None

    def name(self, mapping: dict, path: str, key: str, *, required: bool = False) -> str | None:
        """The name of a person or unit: letters required, no control characters, at most 100 characters."""
        text = self.text(mapping, path, key, required=required, longest=MAX_NAME)
        if text is None:
            return None
        full = f"{path}{key}"
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
            self.problem(full, text, "có ký tự điều khiển vô hình; xoá rồi gõ lại tên")
            return None
        if not any(c.isalpha() for c in text):
            self.problem(full, text, "không có chữ cái nào, nên không phải là một tên; viết tên người hoặc "
                         "đơn vị, ví dụ: Nguyễn Văn An")
            return None
        return text

    def boolean(self, mapping: dict, path: str, key: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().casefold() in ("có", "co"):
            return True
        if isinstance(value, str) and value.strip().casefold() in ("không", "khong"):
            return False
        self.problem(f"{path}{key}", value, "phải là true (có) hoặc false (không)")
        return False

    def text_list(self, mapping: dict, path: str, key: str, *, longest: int = MAX_TEXT) -> tuple[str, ...]:
        value = mapping.get(key)
        full = f"{path}{key}"
        if value is None:
            return ()
        if isinstance(value, str):
            # A single text where a list is expected: accept it, as a writer means it.
            text = self.text(mapping, path, key, longest=longest)
            return (text,) if text else ()
        if not isinstance(value, list):
            self.problem(full, value, "phải là một danh sách, ví dụ: [An ninh, Trật tự]")
            return ()
        items = (self.text({f"[{i}]": item}, full, f"[{i}]", longest=longest) for i, item in enumerate(value))
        return tuple(text for text in items if text)

    def vocab(self, mapping: dict, path: str, key: str, vocab: Vocabulary, *, required: bool = False,
              what: str | None = None):
        text = self.text(mapping, path, key, required=required)
        if text is None:
            return None
        term = vocab.lookup(text)
        if term is None:
            close = vocab.suggest(text)
            hint = ("gần nhất: " + ", ".join(f'"{c}"' for c in close)) if close else \
                "các giá trị có: " + ", ".join(vocab.names()[:12])
            self.problem(f"{path}{key}", text,
                         f"không có trong danh sách {what or vocab.label} (content/vocab/{vocab.file}); {hint}. "
                         "Nếu đúng là giá trị mới, nhờ biên tập viên thêm vào danh mục")
        return term

    def date(self, mapping: dict, path: str, key: str, *, required: bool = False
             ) -> tuple[dt.datetime, bool] | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, MISSING, "còn thiếu; viết ngày dạng 18/08/2022 hoặc 18/08/2022 14:32")
            return None
        value = mapping[key]
        parsed, error = parse_date(value)
        if error:
            self.problem(full, value, error)
        return parsed

    def number(self, mapping: dict, path: str, key: str, *, whole: bool, what: str = "",
               required: bool = False, minimum: float | None = None) -> float | int | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, MISSING, "còn thiếu; trường này bắt buộc" + _example(full))
            return None
        value = mapping[key]
        raw, quoted = self.raw.get(full, (str(value), True))
        number, error = parse_number(value, raw, whole=whole, what=what)
        if error:
            self.problem(full, value if not isinstance(value, float) else None, error,
                         shown=raw if isinstance(value, float) else None)
            return None
        if minimum is not None and number is not None and number < minimum:
            self.problem(full, value, f"phải từ {minimum:g} trở lên")
            return None
        return number

    def decimals(self, path: str) -> int:
        """How many decimals the writer gave (the stated precision)."""
        raw = self.raw.get(path, ("", False))[0].strip().rstrip("%")
        match = re.search(r"[.,](\d+)$", raw)
        return len(match.group(1)) if match else 0


class _Missing:
    """A required field that is absent (distinct from a field written as null)."""


MISSING: Any = _Missing()

_DATE_FORMS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$"), "dmy"),
    (re.compile(r"^(\d{1,2})[:h](\d{2})(?::(\d{2}))?,?\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), "hdmy"),
]
DATE_HINT = "viết dạng 18/08/2022 hoặc 18/08/2022 14:32 (ngày/tháng/năm, giờ Việt Nam)"


def parse_date(value: Any) -> tuple[tuple[dt.datetime, bool] | None, str | None]:
    """Read a date the ways press officers write it; return ((datetime, has_time), error)."""
    if isinstance(value, dt.datetime):
        moment = value.astimezone(VN_TZ) if value.tzinfo else value.replace(tzinfo=VN_TZ)
        return (moment, True), None
    if isinstance(value, dt.date):
        return (dt.datetime(value.year, value.month, value.day, tzinfo=VN_TZ), False), None
    if not isinstance(value, str):
        return None, f"không phải là ngày; {DATE_HINT}"
    if len(value) > 40:
        return None, f"không phải là ngày; {DATE_HINT}"
    text = unicodedata.normalize("NFKC", value).strip()
    for pattern, order in _DATE_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        g = match.groups()
        if order == "ymd":
            y, m, d, hh, mm, ss = g
        elif order == "dmy":
            d, m, y, hh, mm, ss = g
        else:
            hh, mm, ss, d, m, y = g
        try:
            moment = dt.datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                                 tzinfo=VN_TZ)
        except ValueError:
            return None, f"không phải là ngày giờ có thật (ngày {int(d)}, tháng {int(m)}, năm {int(y)}); {DATE_HINT}"
        return (moment, hh is not None), None
    return None, f"không phải là ngày; {DATE_HINT}"


_VN_NUMBER = re.compile(r"^[+\-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+\-]?\d+(,\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(value: Any, raw: str, *, whole: bool, what: str = "") -> tuple[float | int | None, str | None]:
    """Read a figure. YAML `2.863` is the decimal 2.863; quoted `"2.863"` is 2863.

    Returns:
        (number, error message or None).
    """
    if isinstance(value, bool):
        return None, "không phải là số (ví dụ: 9)"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if not whole:
            return value, None
        if value.is_integer():
            return int(value), None
        counted = f'{what} đếm đơn vị nguyên' if what else "ở đây phải là số nguyên"
        if _THOUSANDS.match(raw.strip()):
            return None, (f"được đọc là số thập phân; {counted}, hãy viết {raw.strip().replace('.', '')} "
                          f'(hoặc "{raw.strip()}" trong ngoặc kép)')
        return None, f"không phải là số nguyên; {counted}"
    if isinstance(value, str):
        if len(value) > 40:
            return None, "không phải là số (ví dụ: 9)"
        text = unicodedata.normalize("NFKC", value).strip().replace("\u2212", "-").replace(" ", "")
        text = text.rstrip("%")
        if _VN_NUMBER.match(text):
            number = float(text.replace(".", "").replace(",", "."))
            if whole:
                if not number.is_integer():
                    return None, "không phải là số nguyên" + (f"; {what} đếm đơn vị nguyên" if what else "")
                return int(number), None
            return (int(number) if number.is_integer() and "," not in text else number), None
        example = "ví dụ: 9" if whole else "ví dụ: 94,75"
        return None, f"không phải là {'số nguyên' if whole else 'số'} ({example})"
    return None, "không phải là số (ví dụ: 9)"
