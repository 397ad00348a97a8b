"""Structured data for search engines: a JSON-LD `NewsArticle` and a `BreadcrumbList`
on every article page (schema.org, as Google's Article guidelines ask).

Pure: plain values in, one escaped <script type="application/ld+json"> out.
"""

from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from .vnformat import iso
from .model import Article
from .urls import absolute


def date_modified(article: Article) -> dt.datetime:
    """The time of the article's last major change (`updated`, else `date`):
    `dateModified`, `article:modified_time` and the sitemap's `lastmod`."""
    return article.modified


def article_graph(article: Article, *, site_url: str, site_name: str, logo: str, images: list[str],
                  breadcrumbs: list[tuple[str, str]]) -> list[dict]:
    """The JSON-LD objects of an article page.

    Args:
        article: the article.
        site_url: the site's address (mkdocs.yml `site_url`).
        site_name: the publisher's name.
        logo: site path of the publisher's logo.
        images: site paths of the article's images, the lead first (its photo, or its
            drawn share card).
        breadcrumbs: (name, site path) from the home page down to the article.
    """
    url = absolute(site_url, article.url)
    publisher = {"@type": "Organization", "name": site_name, "url": absolute(site_url, "/"),
                 "logo": {"@type": "ImageObject", "url": absolute(site_url, logo)}}
    news: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url + "#bai-viet",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.summary or None,
        "image": [absolute(site_url, image) for image in images],
        "datePublished": iso(article.date),
        "dateModified": iso(date_modified(article)),
        "author": ([{"@type": "Person", "name": name} for name in article.authors]
                   or [{"@type": "Organization", "name": site_name, "url": absolute(site_url, "/")}]),
        "publisher": publisher,
        "inLanguage": "vi",
        "articleSection": article.category,
        "keywords": list(article.tags) or None,
    }
    trail = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": absolute(site_url, path)}
                            for n, (name, path) in enumerate(breadcrumbs, start=1)],
    }
    return [{key: value for key, value in news.items() if value is not None}, trail]


def script(objects: list[dict]) -> Markup:
    """`objects` in one <script type="application/ld+json">. `<`, `>` and `&` are written
    as JSON escapes, so no text (a title with "</script>") can close the element."""
    text = json.dumps(objects if len(objects) != 1 else objects[0], ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
