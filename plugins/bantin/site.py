"""What page builders get (`Site`) and make (`VirtualPage`), and helpers they share.

Pure: `plugin.py` turns virtual pages into MkDocs files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from . import urls
from .model import Article
from .names import slugify
from .vocab import Vocabularies

if TYPE_CHECKING:  # people.py builds pages from Site: a type-only import
    from .people import Directory


@dataclass(frozen=True)
class Site:
    """What every page builder gets: the articles to show and the vocabularies."""

    articles: list[Article]  # newest first
    vocab: Vocabularies
    preview: bool
    people: Directory  # officials and named recipients, collected once per build
    per_page: int = 20
    home_latest: int = 12


@dataclass
class VirtualPage:
    """A page the plugin makes: `uri` like "nam/2022/index.md"."""

    uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    description: str | None = None

    @property
    def url(self) -> str:
        return urls.page_url(self.uri)


def paginate(base: str, title: str, articles: list[Article], per_page: int, template: str = "list.html",
             **context) -> Iterator[VirtualPage]:
    """Pages of `per_page` articles at the URL `base`, then base/trang/2/, ...; at least one page."""
    chunks = [articles[i:i + per_page] for i in range(0, len(articles), per_page)] or [[]]
    page_urls = [urls.paged(base, n) for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, start=1):
        uri = urls.source_uri(page_urls[n - 1])
        shown = title if n == 1 else f"{title} (trang {n})"
        yield VirtualPage(uri, shown, template, dict(
            context, heading=title, articles=chunk, page_number=n, page_count=len(chunks),
            previous_url=page_urls[n - 2] if n > 1 else None,
            next_url=page_urls[n] if n < len(chunks) else None, page_urls=page_urls, total=len(articles)))


def category_url(site: Site, name: str) -> str:
    term = site.vocab.categories.lookup(name)
    return urls.category(term.slug if term else slugify(name))


def tag_url(name: str) -> str:
    return urls.tag(slugify(name))
