"""Districts named in a report ("thị xã Điện Bàn", "huyện Đại Lộc", "TP Hội An") and the
province each belonged to, from the optional vocabulary content/vocab/districts.yml.

A district is only recognised written with its kind, and the kind must be the entry's:
"quận Bình Tân" is not "huyện Bình Tân". The name is matched folded (case, NFC/NFD, old
and new tone placement), longest first, so "huyện Nam Trà My" is not "huyện Nam …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import name_key
from ..vocab import District, Province, Vocabularies
from .text import _CAP_WORD

_KINDS = {"huyện": "huyện", "quận": "quận", "thị xã": "thị xã", "tx": "thị xã", "tx.": "thị xã",
          "thành phố": "thành phố", "tp": "thành phố", "tp.": "thành phố"}
_MENTION = re.compile(rf"(?<![\wÀ-ỹ])(?i:(huyện|quận|thị xã|tx\.?|thành phố|tp\.?))\s+"
                      rf"((?:{_CAP_WORD}|\d+)(?:\s(?:{_CAP_WORD}|\d+)){{0,4}})")


@dataclass(frozen=True)
class Mention:
    """A district named in the report, its province (as named before 1 July 2025) and the sentence."""

    district: District
    province: Province
    written: str
    sentence: str

    @property
    def label(self) -> str:
        return f"{self.district.kind} {self.district.name}"


def _index(vocab: Vocabularies) -> dict[tuple[str, str], District]:
    index: dict[tuple[str, str], District] = {}
    for district in vocab.districts.terms:
        for form in (district.name, *district.aliases):
            index.setdefault((district.kind, name_key(form)), district)
    return index


def mentions(sents: list[str], vocab: Vocabularies) -> list[Mention]:
    """The known districts the sentences name, first mention of each, in order."""
    index = _index(vocab)
    if not index:
        return []
    found: dict[str, Mention] = {}
    for sentence in sents:
        for match in _MENTION.finditer(sentence):
            kind = _KINDS[match.group(1).lower()]
            words = match.group(2).split()
            for size in range(len(words), 0, -1):  # longest known name first
                district = index.get((kind, name_key(" ".join(words[:size]))))
                if district is None:
                    continue
                province = vocab.provinces.lookup(district.province)
                key = f"{district.kind}/{district.name}"
                if province is not None and key not in found:
                    written = f"{match.group(1)} {' '.join(words[:size])}"
                    found[key] = Mention(district, province, written, sentence)
                break
    return list(found.values())
