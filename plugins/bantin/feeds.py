"""Atom feeds: `/feed.xml` with the latest articles, and one per category at
`/chuyen-muc/<slug>/feed.xml`.

Built with xml.etree (which escapes every text and attribute), dates in Vietnam
time (+07:00), the lead photo as an enclosure and a Media RSS element. The feed's
`updated` is its newest entry's, so the same content gives the same bytes.

An entry's `updated` is the article's last major change (`Article.modified`: its
`updated` field, else its date), and entries come newest change first: a corrected
article comes back to the top of the feed, as a change note should reach
subscribers. A minor fix (no `updated`) changes nothing here.
"""

from __future__ import annotations

import mimetypes
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import urls, vnformat
from .model import Article
from .urls import absolute

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
LIMIT = 20
EMPTY_UPDATED = "2000-01-01T00:00:00+07:00"  # a feed with no entry still needs one
ET.register_namespace("", ATOM)
ET.register_namespace("media", MEDIA)


@dataclass(frozen=True)
class Feed:
    """One feed: where it is published and what it is about."""

    url: str  # site-relative, e.g. "/chuyen-muc/khen-thuong/feed.xml"
    title: str
    page_url: str  # the HTML page the feed follows, site-relative
    articles: list[Article]


def _sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = ATOM, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def atom(feed: Feed, site_url: str, site_name: str, photo_url: Callable[[Article], str | None],
         limit: int = LIMIT) -> bytes:
    """The Atom document of `feed`: its `limit` newest articles."""
    entries = sorted(feed.articles, key=lambda a: (a.modified, a.url), reverse=True)[:limit]
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _sub(root, "id", absolute(site_url, feed.url))
    _sub(root, "title", feed.title)
    _sub(root, "updated", vnformat.iso(entries[0].modified) if entries else EMPTY_UPDATED)
    _sub(root, "link", rel="self", type="application/atom+xml", href=absolute(site_url, feed.url))
    _sub(root, "link", rel="alternate", type="text/html", href=absolute(site_url, feed.page_url))
    author = _sub(root, "author")
    _sub(author, "name", site_name)
    _sub(root, "generator", "Bản tin")
    for article in entries:
        entry = _sub(root, "entry")
        url = absolute(site_url, article.url)
        _sub(entry, "id", url)
        _sub(entry, "title", article.title, type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "published", vnformat.iso(article.date))
        _sub(entry, "updated", vnformat.iso(article.modified))
        for name in article.authors:
            _sub(_sub(entry, "author"), "name", name)
        _sub(entry, "category", term=article.category)
        for tag in article.tags:
            _sub(entry, "category", term=tag)
        if article.summary:
            _sub(entry, "summary", article.summary, type="text")
        photo = photo_url(article)
        if photo:
            href = absolute(site_url, photo)
            kind = mimetypes.guess_type(photo)[0] or "image/jpeg"
            _sub(entry, "link", rel="enclosure", type=kind, href=href)
            media = _sub(entry, "content", ns=MEDIA, url=href, medium="image", type=kind)
            lead = article.photos[0]
            if lead.alt or lead.caption:
                _sub(media, "description", lead.alt or lead.caption, ns=MEDIA, type="plain")
            if lead.credit:
                _sub(media, "credit", lead.credit, ns=MEDIA)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def feeds(articles: list[Article], categories: Iterable[tuple[str, str]], site_name: str) -> list[Feed]:
    """The site's feed and one per category; `categories` is (name, slug) pairs."""
    result = [Feed(urls.FEED, site_name, urls.HOME, articles)]
    for name, slug in categories:
        result.append(Feed(urls.category_feed(slug), f"{name} – {site_name}", urls.category(slug),
                           [a for a in articles if a.category == name]))
    return result


def links(page_url: str, categories: Iterable[tuple[str, str]], site_name: str) -> list[tuple[str, str]]:
    """(title, site-relative URL) of the feeds a page announces in its <head>: the
    site's, and its category's on a category archive."""
    found = [(site_name, urls.FEED)]
    for name, slug in categories:
        if page_url.startswith(urls.category(slug)):
            found.append((f"{name} – {site_name}", urls.category_feed(slug)))
    return found


def publish(articles: list[Article], categories: list[tuple[str, str]], site_dir: Path, site_url: str,
            site_name: str, photo_url: Callable[[Article], str | None]) -> list[Path]:
    """Write every feed into `site_dir`; returns the files written.

    Args:
        photo_url: site-relative URL of an article's lead photo as published.
    """
    written = []
    for feed in feeds(articles, categories, site_name):
        path = site_dir / urls.site_path(feed.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(atom(feed, site_url, site_name, photo_url=photo_url))
        written.append(path)
    return written
