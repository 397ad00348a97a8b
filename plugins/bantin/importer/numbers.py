"""Vietnamese numbers in running text: "2.863", "94,75", "mười hai"."""

from __future__ import annotations

import re

# A whole number with Vietnamese thousands dots (1.245) or without (37).
WHOLE = r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?![.,]\d)"
DECIMAL = r"\d+(?:\.\d{3})*,\d+"

_UNITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
WORDS = ("không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "bẩy", "tám",
         "chín", "mười", "mươi", "trăm", "linh", "lẻ")
WORD_NUMBER = r"(?:%s)(?:\s+(?:%s))*" % ("|".join(WORDS), "|".join(WORDS))


def whole(text: str) -> int:
    """ "1.245" -> 1245; "37" -> 37."""
    return int(text.replace(".", ""))


def decimal_text(text: str) -> str:
    """The figure as the contract's quoted Vietnamese form: "94,75", "1.245,5" -> "1245,5"."""
    return text.replace(".", "")


def words_to_int(text: str) -> int | None:
    """Spelled-out numbers up to 999: "ba" -> 3, "mười hai" -> 12, "hai mươi lăm" -> 25.

    Returns None when the words are not a well-formed number.
    """
    words = text.lower().split()
    if not words:
        return None
    total = 0
    hundreds = 0
    if "trăm" in words:
        at = words.index("trăm")
        if at != 1 or words[0] not in _UNITS:
            return None
        hundreds = _UNITS[words[0]] * 100
        words = words[2:]
        if words[:1] in (["linh"], ["lẻ"]):
            words = words[1:]
            if len(words) != 1 or words[0] not in _UNITS:
                return None
    if not words:
        return hundreds or None
    if words[0] == "mười":
        total = 10
        rest = words[1:]
    elif len(words) >= 2 and words[1] == "mươi" and words[0] in _UNITS:
        total = _UNITS[words[0]] * 10
        rest = words[2:]
    else:
        rest = words
    if len(rest) > 1:
        return None
    if rest:
        if rest[0] not in _UNITS or (total and rest[0] in ("không",)):
            return None
        if not total and rest[0] in ("mốt", "lăm") or total == 10 and rest[0] == "mốt":
            return None
        total += _UNITS[rest[0]]
    value = hundreds + total
    return value or None


def count_value(text: str) -> int | None:
    """A count written as digits ("12", "1.245") or words ("mười hai")."""
    text = text.strip()
    if re.fullmatch(WHOLE, text):
        return whole(text)
    return words_to_int(text)
