"""Every public URL of the site, and the relative and absolute link helpers.

Pure string functions, like mkdocs-redirects' `get_relative_html_path`: no MkDocs, no
vocabulary, no page. A URL here is site-relative and starts with "/" ("/nam/2022/");
a *source URI* is what MkDocs calls the page's file ("nam/2022/index.md"). Every
other module asks here; none joins URL pieces itself, so a change of scheme is one
edit in this file (and its tests).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

HOME = "/"
FEED_FILE = "feed.xml"
FEED = "/" + FEED_FILE
CATEGORIES = "/chuyen-muc/"
YEARS = "/nam/"
TAGS = "/the/"
HONOUR_ROLL = "/khen-thuong/"
PEOPLE = "/nguoi/"
PLACES = "/dia-phuong/"
STATS = "/thong-ke/"
SEARCH = "/tim-kiem/"
SITEMAP = "/sitemap.xml"
CORRECTIONS = "/dinh-chinh/"
"""Every public change note, newest first."""
DATA_FOLDER = "du-lieu"
"""The open-data folder under the site folder."""
PHOTOS_FOLDER = "anh/"
"""Published photos, under the site folder (never the originals)."""
ASSETS = "/assets/"


def article(year: int, slug: str) -> str:
    """An article page: /bai-viet/2022/ngay-hoi/."""
    return f"/bai-viet/{year}/{slug}/"


def category(slug: str) -> str:
    """A category archive: /chuyen-muc/khen-thuong/."""
    return f"{CATEGORIES}{slug}/"


def category_feed(slug: str) -> str:
    """A category's feed: /chuyen-muc/khen-thuong/feed.xml."""
    return category(slug) + FEED_FILE


def year(number: int) -> str:
    """A year archive: /nam/2022/."""
    return f"{YEARS}{number}/"


def tag(slug: str) -> str:
    """A tag archive: /the/an-ninh/."""
    return f"{TAGS}{slug}/"


def paged(base: str, number: int) -> str:
    """Page `number` (from 1) of a paginated list at `base`: base, base/trang/2/, ..."""
    return base if number == 1 else f"{base}trang/{number}/"


def award_year(number: int) -> str:
    """The awards of one year: /khen-thuong/2022/."""
    return f"{HONOUR_ROLL}{number}/"


def award_type(slug: str) -> str:
    """The awards of one type: /khen-thuong/loai/bang-khen/."""
    return f"{HONOUR_ROLL}loai/{slug}/"


def anchored(url: str, anchor: str) -> str:
    """A place in a page: /khen-thuong/2022/#kt-ab12."""
    return f"{url}#{anchor}"


def person(slug: str) -> str:
    """A person's page: /nguoi/nguyen-van-a/."""
    return f"{PEOPLE}{slug}/"


def place(slug: str) -> str:
    """A province's page: /dia-phuong/can-tho/."""
    return f"{PLACES}{slug}/"


def metric(slug: str) -> str:
    """A metric's page: /thong-ke/khu-dan-cu-van-hoa/."""
    return f"{STATS}{slug}/"


def data_file(name: str) -> str:
    """An open-data file: /du-lieu/khen-thuong.json."""
    return f"/{DATA_FOLDER}/{name}"


def photo_file(name: str) -> str:
    """A published photo file, as a path under the site folder: anh/ab12-480.jpg."""
    return PHOTOS_FOLDER + name


def photo(name: str) -> str:
    """A published photo: /anh/ab12-480.jpg."""
    return "/" + photo_file(name)


def asset(path: str) -> str:
    """A theme or plugin asset: /assets/bantin.css."""
    return ASSETS + path


def source_uri(url: str) -> str:
    """The MkDocs source URI of the generated page at `url`: /nam/2022/ -> nam/2022/index.md."""
    return url.lstrip("/") + "index.md"


def page_url(uri: str) -> str:
    """The URL of the page whose source URI is `uri` (inverse of `source_uri`)."""
    return "/" + uri.removesuffix("index.md")


def from_mkdocs(url: str) -> str:
    """A MkDocs page URL ("nam/2022/", "" for the home page) as a site-relative URL."""
    return "/" + url


def site_path(url: str) -> str:
    """A site-relative URL as a path under the site folder: /feed.xml -> feed.xml."""
    return url.lstrip("/")


def page_file(url: str) -> str:
    """The HTML file of the page at a site-relative URL, under the site folder:
    /nam/2022/ -> nam/2022/index.html, / -> index.html."""
    path = site_path(url)
    return path + "index.html" if not path or path.endswith("/") else path


def absolute(site_url: str, url: str) -> str:
    """A site-relative URL made absolute with `site_url` (kept site-relative without one)."""
    return site_url.rstrip("/") + "/" + url.lstrip("/") if site_url else "/" + url.lstrip("/")


def relative(url: str, page_url: str) -> str:
    """A site-relative URL ("/nam/2022/") as seen from the page at `page_url`, so the
    site works from any folder of any static server. Same result as posixpath.relpath
    for our clean URLs, without its normalisation cost (it runs for every link)."""
    if url.startswith(("http://", "https://", "mailto:", "#")):
        return url
    start = _folders(page_url)
    stripped = url.strip("/")
    if not stripped:
        return _UP[len(start)] or "./"
    if start and stripped.split("/", 1)[0] == start[0]:  # a folder in common: walk it
        target = stripped.split("/")
        common = 0
        for a, b in zip(start, target):
            if a != b:
                break
            common += 1
        path = _UP[len(start) - common] + "/".join(target[common:])
    else:
        path = _UP[len(start)] + stripped
    if url.endswith("/") and path and not path.endswith("/"):
        path += "/"
    return path or "./"


_UP = tuple("../" * n for n in range(256))  # no URL of ours is deeper


@lru_cache(maxsize=1 << 14)
def _folders(page_url: str) -> tuple[str, ...]:
    """The folders of the page's own folder: /nam/2022/ and /nam/2022/x.html -> (nam, 2022)."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    return tuple(part for part in folder.strip("/").split("/") if part)
