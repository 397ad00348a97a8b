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
                hint = f"; did you mean `{close[0]}`?" if close else f"; known fields: {', '.join(allowed)}"
                path = f"{prefix}{key}"
                self.problems.append(Problem(self.file, self.line(path), path, None,
                                             f"unknown field{hint}"))

    # Scalars -------------------------------------------------------------------------

    def text(self, mapping: dict, path: str, key: str, *, required: bool = False) -> str | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, MISSING, "is missing; it is required", shown=None)
            return None
        value = mapping[key]
        if isinstance(value, (dict, list)):
            self.problem(full, value, "should be a single text, not " + show(value))
            return None
        # The writer's own characters: `title: 2022` is "2022", `name: No` is "No".
        text = self.raw.get(full, (str(value), False))[0] if not isinstance(value, str) else value
        text = nfc(text).strip()
        if required and not text:
            self.problem(full, value, "is empty; it is required")
            return None
        return text or None

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
        self.problem(f"{path}{key}", value, "should be true or false")
        return False

    def text_list(self, mapping: dict, path: str, key: str) -> tuple[str, ...]:
        value = mapping.get(key)
        full = f"{path}{key}"
        if value is None:
            return ()
        if isinstance(value, str):
            # A single text where a list is expected: accept it, as a writer means it.
            return (nfc(value).strip(),) if value.strip() else ()
        if not isinstance(value, list):
            self.problem(full, value, "should be a list of texts, e.g. [An ninh, Trật tự]")
            return ()
        items = (self.text({f"[{i}]": item}, full, f"[{i}]") for i, item in enumerate(value))
        return tuple(text for text in items if text)

    def vocab(self, mapping: dict, path: str, key: str, vocab: Vocabulary, *, required: bool = False,
              what: str | None = None):
        text = self.text(mapping, path, key, required=required)
        if text is None:
            return None
        term = vocab.lookup(text)
        if term is None:
            close = vocab.suggest(text)
            hint = ("closest known: " + ", ".join(f'"{c}"' for c in close)) if close else \
                "known values: " + ", ".join(vocab.names()[:12])
            self.problem(f"{path}{key}", text,
                         f"is not a known {what or vocab.label} (content/vocab); {hint}")
        return term

    def date(self, mapping: dict, path: str, key: str, *, required: bool = False
             ) -> tuple[dt.datetime, bool] | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, MISSING, "is missing; write the date as 18/08/2022 or 18/08/2022 14:32")
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
                self.problem(full, MISSING, "is missing; it is required")
            return None
        value = mapping[key]
        raw, quoted = self.raw.get(full, (str(value), True))
        number, error = parse_number(value, raw, whole=whole, what=what)
        if error:
            self.problem(full, value if not isinstance(value, float) else None, error,
                         shown=raw if isinstance(value, float) else None)
            return None
        if minimum is not None and number is not None and number < minimum:
            self.problem(full, value, f"should be at least {minimum:g}")
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
DATE_HINT = "write it as 18/08/2022 or 18/08/2022 14:32 (day/month/year, Vietnam time)"


def parse_date(value: Any) -> tuple[tuple[dt.datetime, bool] | None, str | None]:
    """Read a date the ways press officers write it; return ((datetime, has_time), error)."""
    if isinstance(value, dt.datetime):
        moment = value.astimezone(VN_TZ) if value.tzinfo else value.replace(tzinfo=VN_TZ)
        return (moment, True), None
    if isinstance(value, dt.date):
        return (dt.datetime(value.year, value.month, value.day, tzinfo=VN_TZ), False), None
    if not isinstance(value, str):
        return None, f"is not a date; {DATE_HINT}"
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
            return None, f"is not a real date or time (day {d}, month {m}); {DATE_HINT}"
        return (moment, hh is not None), None
    return None, f"is not a date; {DATE_HINT}"


_VN_NUMBER = re.compile(r"^[+\-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+\-]?\d+(,\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(value: Any, raw: str, *, whole: bool, what: str = "") -> tuple[float | int | None, str | None]:
    """Read a figure. YAML `2.863` is the decimal 2.863; quoted `"2.863"` is 2863.

    Returns:
        (number, error message or None).
    """
    if isinstance(value, bool):
        return None, "is not a number"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if not whole:
            return value, None
        if value.is_integer():
            return int(value), None
        counted = f'{what} counts whole units' if what else "this is a whole number"
        if _THOUSANDS.match(raw.strip()):
            return None, f"reads as a decimal; {counted}; write {raw.strip().replace('.', '')}"
        return None, f"is not a whole number; {counted}"
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace("\u2212", "-").replace(" ", "")
        text = text.rstrip("%")
        if _VN_NUMBER.match(text):
            number = float(text.replace(".", "").replace(",", "."))
            if whole:
                if not number.is_integer():
                    return None, "is not a whole number" + (f"; {what} counts whole units" if what else "")
                return int(number), None
            return (int(number) if number.is_integer() and "," not in text else number), None
        example = "e.g. 9" if whole else "e.g. 94,75"
        return None, f"is not a {'whole ' if whole else ''}number ({example})"
    return None, "is not a number"
