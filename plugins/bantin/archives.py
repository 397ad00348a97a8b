"""The home page, the category, year and tag archives, and the search page."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from . import urls
from .model import Article
from .names import slugify, sort_key
from .site import Site, VirtualPage, category_url, paginate


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
        yield from paginate(urls.category(term.slug), term.name, items, site.per_page,
                            kind="Chuyên mục")
    yield VirtualPage(urls.source_uri(urls.CATEGORIES), "Chuyên mục", "index.html",
                      {"heading": "Chuyên mục", "entries": categories})

    years = []
    for year in sorted(by_year, reverse=True):
        years.append({"name": str(year), "url": urls.year(year), "count": len(by_year[year])})
        yield from paginate(urls.year(year), f"Năm {year}", by_year[year], site.per_page, kind="Năm")
    yield VirtualPage(urls.source_uri(urls.YEARS), "Theo năm", "index.html",
                      {"heading": "Bài viết theo năm", "entries": years})

    tags = []
    for slug in sorted(by_tag, key=lambda s: sort_key(tag_names[s])):
        tags.append({"name": tag_names[slug], "url": urls.tag(slug), "count": len(by_tag[slug])})
        yield from paginate(urls.tag(slug), tag_names[slug], by_tag[slug], site.per_page, kind="Thẻ")
    yield VirtualPage(urls.source_uri(urls.TAGS), "Thẻ", "index.html", {"heading": "Thẻ", "entries": tags})


def search_page(site: Site) -> Iterable[VirtualPage]:
    """The search page; its results come from assets/tim-kiem.js in the browser."""
    yield VirtualPage(urls.source_uri(urls.SEARCH), "Tìm kiếm", "search.html",
                      description="Tìm bài viết theo từ khoá, tên người, địa phương, danh hiệu khen thưởng; "
                                  "gõ có dấu hoặc không dấu.")
