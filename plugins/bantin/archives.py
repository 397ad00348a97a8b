"""The home page and the category, year and tag archives."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .model import Article
from .names import slugify, sort_key
from .sitedata import Site, VirtualPage, category_url, paginate


def home(site: Site) -> Iterable[VirtualPage]:
    featured = [a for a in site.articles if a.pin][:4]
    latest = [a for a in site.articles if a not in featured][: site.home_latest]
    yield VirtualPage("index.md", "Trang chủ", "home.html", {"featured": featured, "latest": latest})


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
        if items:  # an empty category is not listed (its page still exists, saying so)
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
