"""Our own Jinja environment, with autoescape on: every front-matter text is shown as
text. MkDocs' environment has autoescape off, so nothing of ours goes through it
unescaped.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import formats
from .names import slugify


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("bantin", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=formats.number, percent=formats.percent, change=formats.change,
                       vndate=formats.date, iso=formats.iso, slugify=slugify)
    return env


def relative(url: str, page_url: str) -> str:
    """A site-relative URL ("/nam/2022/") as seen from the page at `page_url`, so the
    site works from any folder of any static server. Same result as posixpath.relpath
    for our clean URLs, without its normalisation cost (it runs for every link)."""
    if url.startswith(("http://", "https://", "mailto:", "#")):
        return url
    start = _folders(page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/")
    target = url.strip("/").split("/") if url.strip("/") else []
    common = 0
    for a, b in zip(start, target):
        if a != b:
            break
        common += 1
    path = "../" * (len(start) - common) + "/".join(target[common:])
    if url.endswith("/") and path and not path.endswith("/"):
        path += "/"
    return path or "./"


@lru_cache(maxsize=1 << 14)
def _folders(page_url: str) -> tuple[str, ...]:
    return tuple(part for part in page_url.strip("/").split("/") if part)


def render(template: str, page_url: str, **context) -> Markup:
    """Render one of our templates for the page at `page_url` (site-relative)."""
    env = environment()
    return Markup(env.get_template(template).render(
        url=lambda target: relative(target, page_url), page_url=page_url, **context))
