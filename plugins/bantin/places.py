"""Places: a page per province (current or former) with its articles and award totals.

Pure. A former province (Quảng Nam, until 01/07/2025) links to its successor
(Đà Nẵng), and the successor lists its predecessors, so a reader looking for
Quảng Nam finds its pre-2025 articles and that it is now part of Đà Nẵng.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

from . import awards, urls
from .model import Article
from .names import slugify, sort_key
from .vocab import Province, Vocabulary, successors_of
from .site import Site, VirtualPage



def province_url(vocab: Vocabulary[Province], name: str) -> str:
    term = vocab.lookup(name)
    return urls.place(term.slug if term else slugify(name))


def _last_day(province: Province) -> dt.date | None:
    return province.until - dt.timedelta(days=1) if province.until else None


def place_pages(site: Site) -> Iterable[VirtualPage]:
    """`/dia-phuong/<slug>/` for each province with articles (and the successor of each
    former one, so the link always leads somewhere), and the index `/dia-phuong/`."""
    vocab = site.vocab.provinces
    by_province: dict[str, list[Article]] = defaultdict(list)
    for article in site.articles:
        if article.province:
            term = vocab.lookup(article.province)
            by_province[term.name if term else article.province].append(article)
    shown: dict[str, Province] = {}
    for name in by_province:
        term = vocab.lookup(name)
        if term is None:
            continue
        shown[term.name] = term
        successor = vocab.lookup(term.successor) if term.successor else None
        if successor is not None:
            shown[successor.name] = successor

    def link(p: Province) -> dict:
        return {"name": p.name, "url": province_url(vocab, p.name) if p.name in shown else None,
                "count": len(by_province.get(p.name, []))}

    entries = []
    for name in sorted(shown, key=sort_key):
        province = shown[name]
        articles = by_province.get(name, [])  # newest first, as site.articles
        successor = vocab.lookup(province.successor) if province.successor else None
        items = awards.entries(articles)
        yield VirtualPage(urls.source_uri(province_url(vocab, name)), name, "place.html", {
            "province": province, "articles": articles, "until": _last_day(province),
            "successor": link(successor) if successor else None,
            "predecessors": [link(p) for p in sorted(successors_of(vocab, name), key=lambda p: sort_key(p.name))],
            "totals": awards.totals(items, site.vocab)},
            description=f"{province.kind.capitalize()} {name}: {len(articles)} bài viết")
        entries.append({"name": name, "url": province_url(vocab, name), "count": len(articles),
                        "note": f"nay thuộc {successor.name}" if successor else None})
    yield VirtualPage(urls.source_uri(urls.PLACES), "Địa phương", "index.html", {
        "heading": "Địa phương",
        "intro": "Tỉnh, thành phố có bài viết; số trong ngoặc là số bài viết. Các tỉnh cũ "
                 "(trước ngày 01/07/2025) được ghi kèm đơn vị hành chính hiện nay.",
        "entries": entries})
