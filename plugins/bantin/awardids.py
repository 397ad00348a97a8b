"""Stable ids for award records: the anchor of a row on the honour roll and the `id`
column of the open data, so that a link to one award keeps working.

An id is derived from what identifies the award in its article (the article's URL,
award type, issuer, recipient type and the recipients named), never from its place
in the list: reordering an article's awards, or its recipients, changes no id. Names
count by `name_key` (Thuỷ/Thủy, NFC/NFD are one name). A recipient marked
`public: false` counts only as "one private recipient": a hash of the name would let
anyone confirm a guess of who it is.

Awards of one article that agree on all of that (two "Bằng khen, UBND tỉnh, tập thể"
rows for different achievements) are told apart by their other fields (name, for,
year, decision, count), then, if fully identical, by their order among themselves,
which for identical rows is no order at all.

Pure: no MkDocs, no page.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from typing import Iterable

from .model import Award
from .names import name_key

PREFIX = "kt-"
LENGTH = 10  # hex digits: 40 bits, no clash expected among millions of records


def _identity(article_url: str, award: Award) -> tuple:
    named = sorted(name_key(r.name) for r in award.public_recipients)
    return (article_url, name_key(award.award), name_key(award.issuer), award.recipient_type,
            tuple(named), award.private_count)


def _details(award: Award) -> tuple:
    return (name_key(award.name or ""), name_key(award.for_ or ""), award.year, award.decision or "",
            award.count)


def _digest(parts: Iterable) -> str:
    text = "\x1f".join(repr(part) for part in parts)
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:LENGTH]


def record_ids(article_url: str, awards: Iterable[Award]) -> list[str]:
    """The id of each award of the article at `article_url`, in the given order."""
    awards = list(awards)
    identities = [_identity(article_url, w) for w in awards]
    alike: dict[tuple, list[int]] = defaultdict(list)
    for i, identity in enumerate(identities):
        alike[identity].append(i)
    ids = [""] * len(awards)
    for identity, members in alike.items():
        if len(members) == 1:
            ids[members[0]] = _digest(identity)
            continue
        seen: dict[tuple, int] = defaultdict(int)
        for i in members:
            details = _details(awards[i])
            seen[details] += 1
            ids[i] = _digest(identity + details + ((seen[details],) if seen[details] > 1 else ()))
    return ids


def with_ids(article_url: str, awards: tuple[Award, ...]) -> tuple[Award, ...]:
    """`awards` with their record ids set."""
    return tuple(dataclasses.replace(w, id=i) for w, i in zip(awards, record_ids(article_url, awards)))
