"""Our own Jinja environment, with autoescape on: every front-matter text is shown as
text. MkDocs' environment has autoescape off, so nothing of ours goes through it
unescaped.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import relocate, thumbs, urls, vnformat
from .names import slugify
from .relocate import Link
from .urls import relative

_NO_PHOTOS = object()  # a page rendered without `photo_library`: no pictures at all


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
    relocate.clear()


def render(template: str, page_url: str, **context) -> Markup:
    """Render one of our templates for the page at `page_url` (site-relative).

    With `photo_library` (a `photos.Library`, or None) the template gets `picture(a,
    lead=False)`, an article's lead photo; every template gets `card(a, url,
    show_category=True, level=2)`, the `card` macro of `_macros.html` (with the
    thumbnail when there is a `picture`), made once a build per article (`relocate`)."""
    env = environment()
    library = context.pop("photo_library", _NO_PHOTOS)
    if library is not _NO_PHOTOS:
        context["picture"] = lambda a, lead=False: thumbs.picture(library, a, page_url, lead=lead)
    context["card"] = lambda a, url=None, show_category=True, level=2: card(library, a, page_url,
                                                                             show_category, level)
    return Markup(env.get_template(template).render(
        url=lambda target: relative(target, page_url), page_url=page_url, **context))


def card(library, article, page_url: str, show_category: bool = True, level: int = 2) -> Markup:
    """The `card` macro for `article` as the page at `page_url` shows it."""
    return relocate.placed(("card", id(article), id(library), show_category, level), (library, article),
                           lambda link: _card(library, article, link, show_category, level), page_url)


def _card(library, article, link: Link, show_category: bool, level: int) -> Markup:
    names = {} if library is _NO_PHOTOS else {
        "picture": lambda a, lead=False: thumbs.linked(library, a, link, lead=lead)}
    macros = environment().get_template("_macros.html").make_module(names)
    return macros.card(article, link, show_category, level)
