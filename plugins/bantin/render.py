"""Our own Jinja environment, with autoescape on: every front-matter text is shown as
text. MkDocs' environment has autoescape off, so nothing of ours goes through it
unescaped.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import urls, vnformat
from .names import slugify
from .urls import relative


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("bantin", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True,
                      # Not a check of every template file at each use (30 a page): `refresh`
                      # checks them once a build.
                      auto_reload=False)
    env.filters.update(number=vnformat.number, percent=vnformat.percent, change=vnformat.change,
                       vndate=vnformat.date, iso=vnformat.iso, slugify=slugify)
    # Templates link to fixed pages through `urls` (url(urls.SEARCH)), never a literal path.
    env.globals["urls"] = urls
    return env


def refresh() -> None:
    """At the start of a build: forget the compiled templates if one of their files
    changed (`mkdocs serve` keeps this environment from one rebuild to the next)."""
    env = environment()
    if env.cache is not None and not all(template.is_up_to_date for template in env.cache.values()):
        env.cache.clear()


def render(template: str, page_url: str, **context) -> Markup:
    """Render one of our templates for the page at `page_url` (site-relative)."""
    env = environment()
    return Markup(env.get_template(template).render(
        url=lambda target: relative(target, page_url), page_url=page_url, **context))
