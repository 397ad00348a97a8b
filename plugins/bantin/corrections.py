"""`/dinh-chinh/`: every public change note of the bulletin, newest first, each
linking to its article.

A note is written by the editor in the article's `changes` (see `trustfields`); a
minor fix has none and appears nowhere. Withdrawn articles are not listed here
either: like every list, this one holds listed articles only (`Site.articles`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from . import urls
from .model import Article, Change
from .site import Site, VirtualPage

TITLE = "Đính chính và cập nhật"


@dataclass(frozen=True)
class Note:
    """One change note with its article."""

    article: Article
    change: Change


def notes(articles: Iterable[Article]) -> list[Note]:
    """Every change note, newest first; notes of one moment by article URL, then as written."""
    found = [(n, Note(a, c)) for a in articles for n, c in enumerate(a.changes)]
    found.sort(key=lambda item: (-item[1].change.date.timestamp(), item[1].article.url, item[0]))
    return [note for _, note in found]


def corrections_page(site: Site) -> Iterable[VirtualPage]:
    """The page `/dinh-chinh/`."""
    yield VirtualPage(urls.source_uri(urls.CORRECTIONS), TITLE, "corrections.html",
                      {"heading": TITLE, "notes": notes(site.articles)},
                      description="Mọi đính chính và cập nhật quan trọng của bản tin, mới nhất trước, "
                                  "kèm liên kết tới bài viết.")
