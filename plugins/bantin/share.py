"""Share cards: the Open Graph and Twitter tags that make an article shared on Zalo or
Facebook show its photo and headline. Pure: plain values in, escaped <meta> tags out.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .vnformat import iso
from .model import Article
from .urls import absolute


def head_tags(article: Article, *, site_url: str | None, site_name: str,
              image: str | None = None, image_size: tuple[int, int] | None = None) -> Markup:
    """The <meta> tags of an article page; every value escaped.

    Args:
        article: the article.
        site_url: the site's address (mkdocs.yml `site_url`); without it the tags
            that must be absolute URLs (og:url, og:image) are left out.
        site_name: shown by some apps above the title.
        image: site-relative path of the 1200×630 share card, if the article has a photo.
        image_size: its width and height.
    """
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:title", article.title),
        ("property", "og:description", article.summary),
        ("property", "article:published_time", iso(article.date)),
    ]
    if article.updated:  # a major change (issue 18); a minor fix changes nothing public
        tags.append(("property", "article:modified_time", iso(article.updated)))
    tags += [("property", "article:section", article.category)]
    tags += [("property", "article:tag", tag) for tag in article.tags]
    if site_url:
        tags.append(("property", "og:url", absolute(site_url, article.url)))
    has_image = bool(site_url and image)
    if has_image:
        assert site_url is not None and image is not None
        url = absolute(site_url, image)
        alt = (article.photos[0].alt or article.photos[0].caption or article.title) if article.photos else article.title
        tags.append(("property", "og:image", url))
        if image_size:
            tags += [("property", "og:image:width", str(image_size[0])),
                     ("property", "og:image:height", str(image_size[1]))]
        tags += [("property", "og:image:type", "image/jpeg"), ("property", "og:image:alt", alt)]
    tags += [("name", "twitter:card", "summary_large_image" if has_image else "summary"),
             ("name", "twitter:title", article.title),
             ("name", "twitter:description", article.summary)]
    if has_image:
        tags.append(("name", "twitter:image", url))
    return Markup("\n".join(f'<meta {attr}="{key}" content="{escape(value)}">'
                             for attr, key, value in tags if value))


def page_tags(*, title: str, description: str | None, url: str | None, site_url: str | None, site_name: str,
              image: str | None, image_size: tuple[int, int] | None = None) -> Markup:
    """The <meta> tags of any page that is not an article (home, lists, honour roll,
    people, places, statistics, search, 404): `og:type` website and the site's card.

    Args:
        title: the page's title (the site's name on the home page).
        description: its description, if any.
        url: its site-relative URL; None for a page with no address of its own (404).
        site_url: the site's address; without it the absolute tags are left out.
        site_name: shown by some apps above the title.
        image: site-relative path of the share image.
        image_size: its width and height.
    """
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:title", title),
        ("property", "og:description", description or ""),
    ]
    if site_url and url:
        tags.append(("property", "og:url", absolute(site_url, url)))
    has_image = bool(site_url and image)
    if has_image:
        assert site_url is not None and image is not None
        src = absolute(site_url, image)
        tags.append(("property", "og:image", src))
        if image_size:
            tags += [("property", "og:image:width", str(image_size[0])),
                     ("property", "og:image:height", str(image_size[1]))]
        tags += [("property", "og:image:type", "image/jpeg"), ("property", "og:image:alt", site_name)]
    tags += [("name", "twitter:card", "summary_large_image" if has_image else "summary"),
             ("name", "twitter:title", title), ("name", "twitter:description", description or "")]
    if has_image:
        tags.append(("name", "twitter:image", src))
    return Markup("\n".join(f'<meta {attr}="{key}" content="{escape(value)}">'
                             for attr, key, value in tags if value))
