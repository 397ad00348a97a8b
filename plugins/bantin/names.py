"""Vietnamese text: normal form, tone-placement-blind keys, slugs, sort keys.

Everything here is plain string work with no MkDocs import, so the checker,
the benchmark and the tests use it directly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks, in the order Vietnamese collation (CLDR "vi") sorts them:
# ngang (none) < huyền < hỏi < ngã < sắc < nặng.
TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_RANK = {mark: rank for rank, mark in enumerate(TONES, start=1)}
# Marks that make a different letter (ă, â, ê, ô, ơ, ư), not a tone.
_SHAPES = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}

# Vietnamese alphabetical order; f, j, w, z (foreign names) where Latin puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET, start=10)}
_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Word pastes the Icelandic eth (Ð, U+00D0) for Đ, and several dashes and spaces.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u2013": "-", "\u2014": "-",
                             "\u2212": "-", "\u00a0": " ", "\u202f": " "})


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form every reader's browser expects."""
    return unicodedata.normalize("NFC", text)


def _syllables(text: str) -> list[tuple[str, int]]:
    """Split into words, each as (letters without tone, tone rank 0..5)."""
    composed = unicodedata.normalize("NFC", text.translate(_LOOKALIKES).casefold())
    result = []
    for word in _WORD.findall(composed):
        tone = 0
        kept = []
        for char in unicodedata.normalize("NFD", word):
            if char in _TONE_RANK:
                tone = tone or _TONE_RANK[char]
            else:
                kept.append(char)
        result.append((unicodedata.normalize("NFC", "".join(kept)), tone))
    return result


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of articles and lookups
def name_key(text: str) -> str:
    """Identity key: equal for the same name written in NFC/NFD, with old or new
    tone placement (Thuỷ/Thủy, hoà/hòa), in any case or spacing.

    Args:
        text: a name, a vocabulary value or any short text.

    Returns:
        A string to compare or to use as a dictionary key; not for display.
    """
    return " ".join(f"{letters}{tone or ''}" for letters, tone in _syllables(text))


@lru_cache(maxsize=1 << 16)
def ascii_fold(text: str) -> str:
    """Drop every diacritic and fold đ to d, lower case: "Đội" -> "doi"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


@lru_cache(maxsize=1 << 16)
def slugify(text: str, fallback: str = "bai-viet") -> str:
    """URL slug: Vietnamese letters folded to ASCII, words joined by hyphens.

    >>> slugify("Ngày hội toàn dân bảo vệ ANTQ ở Đà Nẵng")
    'ngay-hoi-toan-dan-bao-ve-antq-o-da-nang'
    """
    slug = _NOT_SLUG.sub("-", ascii_fold(text)).strip("-")
    return slug or fallback


SLUG_LIMIT = 80


def cut_slug(slug: str, limit: int = SLUG_LIMIT) -> str:
    """`slug` cut at a word boundary to at most `limit` characters, so a long title
    still makes a URL and a file name every system accepts.

    >>> cut_slug("hoi-nghi-tong-ket", 12)
    'hoi-nghi'
    """
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rfind("-")
    return (slug[:cut] if cut > 0 else slug[:limit]).strip("-")


def _letter_ranks(letters: str) -> tuple[int, ...]:
    ranks = []
    for char in unicodedata.normalize("NFD", letters):
        if char in _SHAPES and ranks:
            # ă, â, ơ...: the shaped letter comes right after its base letter.
            base = ranks.pop()
            composed = unicodedata.normalize("NFC", _ALPHABET[base - 10] + char) if base >= 10 else ""
            ranks.append(_LETTER_RANK.get(composed, base))
        elif char in _LETTER_RANK:
            ranks.append(_LETTER_RANK[char])
        elif char.isdigit():
            ranks.append(int(char) + 1)  # digits before letters
        elif not unicodedata.combining(char):
            ranks.append(100 + ord(char))
    return tuple(ranks)


@lru_cache(maxsize=1 << 16)
def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order: letters first (Đ after D, Ư after U), then
    tones (ngang, huyền, hỏi, ngã, sắc, nặng), then the text itself for a total order.
    """
    syllables = _syllables(text)
    primary = tuple(_letter_ranks(letters) for letters, _ in syllables)
    secondary = tuple(tone for _, tone in syllables)
    return (primary, secondary, nfc(text))


def person_sort_key(name: str) -> tuple:
    """Order of Vietnamese name lists: by given name (the last word), then by
    family and middle names. "Nguyễn Văn An" sorts under An.
    """
    words = name.split()
    if not words:
        return ((), (), "")
    return (sort_key(words[-1]), sort_key(" ".join(words[:-1])), sort_key(name))
