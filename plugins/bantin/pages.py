"""Generated pages: what pages the site has, and what each one shows.

Pure: a page is a `VirtualPage` (URI, title, template, context); `plugin.py` turns
them into MkDocs files. Each feature adds a page builder to `BUILDERS`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .model import Article
from .names import slugify, sort_key
from .search import search_page
from .vocab import Vocabularies


@dataclass(frozen=True)
class Site:
    """What every page builder gets: the articles to show and the vocabularies."""

    articles: list[Article]  # newest first
    vocab: Vocabularies
    preview: bool
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
        return "/" + self.uri.removesuffix("index.md")


def paginate(base: str, title: str, articles: list[Article], per_page: int, template: str = "list.html",
             **context) -> Iterator[VirtualPage]:
    """Pages of `per_page` articles at base/, base/trang/2/, ...; at least one page."""
    chunks = [articles[i:i + per_page] for i in range(0, len(articles), per_page)] or [[]]
    urls = [f"/{base}" + (f"trang/{n}/" if n > 1 else "") for n in range(1, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, start=1):
        uri = urls[n - 1].lstrip("/") + "index.md"
        shown = title if n == 1 else f"{title} (trang {n})"
        yield VirtualPage(uri, shown, template, dict(
            context, heading=title, articles=chunk, page_number=n, page_count=len(chunks),
            previous_url=urls[n - 2] if n > 1 else None, next_url=urls[n] if n < len(chunks) else None,
            page_urls=urls, total=len(articles)))


def category_url(site: Site, name: str) -> str:
    term = site.vocab.categories.lookup(name)
    return f"/chuyen-muc/{term.slug if term else slugify(name)}/"


def tag_url(name: str) -> str:
    return f"/the/{slugify(name)}/"


def archives(site: Site) -> Iterable[VirtualPage]:
    """Category, year and tag archives, with an index page for each kind."""
    by_category: dict[str, list[Article]] = defaultdict(list)
    by_year: dict[int, list[Article]] = defaultdict(list)
    by_tag: dict[str, list[Article]] = defaultdict(list)
    tag_names: dict[str, str] = {}
    for article in site.articles:
        by_category[article.category].append(article)
        by_year[article.year].append(article)
        for tag in article.tags:
            slug = slugify(tag)
            tag_names.setdefault(slug, tag)
            if not by_tag[slug] or by_tag[slug][-1] is not article:
                by_tag[slug].append(article)

    categories = []
    for term in site.vocab.categories.terms:
        items = by_category.get(term.name, [])
        categories.append({"name": term.name, "url": category_url(site, term.name), "count": len(items)})
        yield from paginate(f"chuyen-muc/{term.slug}/", term.name, items, site.per_page,
                            kind="Chuyên mục")
    yield VirtualPage("chuyen-muc/index.md", "Chuyên mục", "index.html",
                      {"heading": "Chuyên mục", "entries": categories})

    years = []
    for year in sorted(by_year, reverse=True):
        years.append({"name": str(year), "url": f"/nam/{year}/", "count": len(by_year[year])})
        yield from paginate(f"nam/{year}/", f"Năm {year}", by_year[year], site.per_page, kind="Năm")
    yield VirtualPage("nam/index.md", "Theo năm", "index.html", {"heading": "Bài viết theo năm",
                                                                 "entries": years})

    tags = []
    for slug in sorted(by_tag, key=lambda s: sort_key(tag_names[s])):
        tags.append({"name": tag_names[slug], "url": f"/the/{slug}/", "count": len(by_tag[slug])})
        yield from paginate(f"the/{slug}/", tag_names[slug], by_tag[slug], site.per_page, kind="Thẻ")
    yield VirtualPage("the/index.md", "Thẻ", "index.html", {"heading": "Thẻ", "entries": tags})


def home(site: Site) -> Iterable[VirtualPage]:
    featured = [a for a in site.articles if a.pin][:4]
    latest = [a for a in site.articles if a not in featured][: site.home_latest]
    yield VirtualPage("index.md", "Trang chủ", "home.html", {"featured": featured, "latest": latest})


# Each builder makes a family of pages from the site's articles. Order matters only
# for readability of the build log.
BUILDERS: list[Callable[[Site], Iterable[VirtualPage]]] = [home, archives, search_page]


def build_pages(site: Site) -> list[VirtualPage]:
    """Every generated page of the site."""
    return [page for builder in BUILDERS for page in builder(site)]
