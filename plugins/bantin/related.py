"""Related articles: what to read next at the foot of an article page.

Two articles are related by what they share: people (officials and named recipients,
by `name_key`, so Thuỷ and Thủy are one person), tags, the province and the event
type. Each shared thing adds its weight; ties go to the article closest in time.

Articles are indexed by each key they carry, so the work grows with the number of
articles times their keys, not with its square. A key carried by very many articles
(an event type at 5,000 articles) only brings in the articles nearest in time to
each article.
"""

from __future__ import annotations

import hashlib
import heapq
import marshal
from bisect import bisect_left
from collections import defaultdict
from pathlib import Path
from typing import Sequence

from .diskio import write_atomic
from .model import Article
from .names import name_key

WEIGHTS = {"person": 3, "tag": 2, "province": 2, "event": 1}
NEIGHBOURS = 50  # per key and side: candidates nearest in time that one key brings in
LIMIT = 5

Key = tuple[str, str]


def keys(article: Article) -> set[Key]:
    """What an article can share with another one."""
    found: set[Key] = set()
    if article.event and article.event.type:
        found.add(("event", name_key(article.event.type)))
    if article.province:
        found.add(("province", name_key(article.province)))
    for official in article.officials:
        found.add(("person", name_key(official.name)))
    for award in article.awards:
        for recipient in award.public_recipients:
            found.add(("person", name_key(recipient.name)))
    for tag in article.tags:
        found.add(("tag", name_key(tag)))
    return found


def related(articles: Sequence[Article], limit: int = LIMIT) -> dict[str, list[Article]]:
    """Up to `limit` related articles for each article, by its URL; never itself.

    Deterministic: the same articles give the same lists in any input order.
    """
    order = sorted(articles, key=lambda a: (a.date, a.url))
    stamps = [a.date.timestamp() for a in order]
    keys_of = [keys(a) for a in order]
    buckets: dict[Key, list[int]] = defaultdict(list)  # key -> positions in `order`, ascending
    for position, found in enumerate(keys_of):
        for key in found:
            buckets[key].append(position)

    result: dict[str, list[Article]] = {}
    for position, article in enumerate(order):
        scores: dict[int, int] = defaultdict(int)
        for key in keys_of[position]:
            bucket = buckets[key]
            if len(bucket) < 2:
                continue
            at = bisect_left(bucket, position)
            for other in bucket[max(0, at - NEIGHBOURS): at + NEIGHBOURS + 1]:
                if other != position:
                    scores[other] += WEIGHTS[key[0]]
        when = stamps[position]
        ranked = heapq.nsmallest(limit, scores, key=lambda o: (-scores[o], abs(stamps[o] - when), -o))
        result[article.url] = [order[o] for o in ranked]
    return result


def related_cached(articles: Sequence[Article], path: Path, limit: int = LIMIT) -> dict[str, list[Article]]:
    """`related`, kept in `path` (marshal) across builds under a digest of what it
    reads (each article's URL, date and keys, in order, and this module's code): a
    body edit leaves it as it was, and 5,000 articles cost about two seconds to relate."""
    order = sorted(articles, key=lambda a: (a.date, a.url))
    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16)
    for article in order:
        digest.update(repr((article.url, article.date.timestamp(), sorted(keys(article)), limit)).encode())
    key = digest.hexdigest()
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        stored = None
    by_url = {a.url: a for a in articles}
    if isinstance(stored, dict) and stored.get("key") == key:
        return {url: [by_url[u] for u in urls] for url, urls in stored["related"].items()}
    result = related(articles, limit)
    write_atomic(path, marshal.dumps({"key": key, "related": {u: [a.url for a in r] for u, r in result.items()}}))
    return result
