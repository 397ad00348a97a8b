"""What a page carries for search engines, share previews and the sitemap, besides the
theme's own head: an article's share tags, JSON-LD, lightbox and withdrawal tags, and the
`lastmod` of a generated page. Pure: the plugin hands in what it knows of the build.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from . import crawlers, jsonld, photohtml, share, urls, withdrawal
from .model import Article
from .site import VirtualPage


def article_head(article: Article, *, page_url: str, site_url: str | None, site_name: str, image: str | None,
                 image_size: tuple[int, int], logo: str, lead_url: str | None, category_url: str) -> Markup:
    """The <head> additions of an article page.

    Args:
        page_url: the page's site-relative URL (for the lightbox's relative links).
        site_url: the site's address; JSON-LD needs it (absolute URLs), share tags use it.
        image: site path of the share image (the lead photo's card, or a drawn card).
        image_size: its width and height.
        logo: site path of the publisher's logo (JSON-LD).
        lead_url: site path of the lead photo's largest JPEG, if any.
        category_url: the article's category page (the breadcrumb's middle step).
    """
    head = share.head_tags(article, site_url=site_url, site_name=site_name, image=image, image_size=image_size)
    if site_url:
        head += "\n" + jsonld.script(jsonld.article_graph(
            article, site_url=site_url, site_name=site_name, logo=logo,
            images=[i for i in (lead_url, image) if i],
            breadcrumbs=[("Trang chủ", urls.HOME), (article.category, category_url), (article.title, article.url)]))
    if article.photos:
        head += photohtml.lightbox_head(page_url)
    if article.withdrawn:
        head += withdrawal.HEAD
    return head


def list_lastmod(page: VirtualPage, first: VirtualPage | None, newest_change: dt.datetime,
                 memo: dict | None = None) -> str:
    """The sitemap date of a generated page: a list changes when its newest item does, an
    index or the search page when any article does (`newest_change`). A later page of a
    list (`first` is its first page) changes whenever a newer article enters the list and
    pushes its items down: it is as new as the list's first page."""
    memo = {} if memo is None else memo  # the newest article of each page, once per build

    def newest(of: VirtualPage) -> dt.datetime | None:
        if of.uri not in memo:
            memo[of.uri] = crawlers.newest(of.context, memo=memo.setdefault("objects", {}))
        return memo[of.uri]

    moment = newest(page) or newest_change
    if first is not None and first is not page:
        moment = max(moment, newest(first) or moment)
    return crawlers.lastmod(moment)
