"""Photos on lists and on the front page: a <picture> of an article's lead photo
without the lightbox link (the picture links to its article, as the title does).

The variants are those `photos` made for the article page; this module only writes
the HTML. Below the fold a picture loads lazily; the front page's lead loads first.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import relocate
from .model import Article
from .photos import Library
from .relocate import Link

# The front page's lead spans the content column (at most about 760 px, Material's
# grid); a list thumbnail is about 7.5 rem wide on a phone and 10 rem on a wide screen.
LEAD_SIZES = "(min-width: 1220px) 760px, 100vw"
THUMB_SIZES = "(min-width: 45em) 160px, 120px"


def picture(library: Library | None, article: Article, page_url: str, *, lead: bool = False) -> Markup:
    """The article's lead photo as a responsive <picture> for the page at `page_url`, or
    empty markup without one (made once a build, placed on each page: `relocate`)."""
    if library is None or not article.photos:
        return Markup("")
    return relocate.placed(("picture", id(article), lead), (library, article),
                           lambda link: linked(library, article, link, lead=lead), page_url)


def linked(library: Library | None, article: Article, link: Link, *, lead: bool = False) -> Markup:
    """`picture` with its links made by `link` (a site-relative URL in, the link out)."""
    if library is None or not article.photos:
        return Markup("")
    photo = article.photos[0]
    prepared = library.photos.get(photo.file)
    if prepared is None or not prepared.variants:
        return Markup("")

    def srcset(ext: str) -> str:
        return ", ".join(f"{link(prepared.uri(v, ext))} {v.width}w" for v in prepared.variants)

    sizes = LEAD_SIZES if lead else THUMB_SIZES
    default = prepared.variants[0] if not lead else max(
        (v for v in prepared.variants if v.width <= 960), key=lambda v: v.width, default=prepared.variants[0])
    largest = prepared.variants[-1]
    # Decorative next to the title it illustrates on a list (empty alt: the link has
    # the title); on the lead, the photo's own description.
    alt = (photo.alt or photo.caption or "") if lead else ""
    loading = 'fetchpriority="high"' if lead else 'loading="lazy" decoding="async"'
    # Written out, not with Markup.format: that escapes field by field and cost a tenth
    # of a full build's list pages (50,000 pictures at 5,000 articles). Same bytes.
    cls = "bt-lead__photo" if lead else "bt-thumb"
    src = escape(link(prepared.uri(default, "jpg")))
    return Markup(
        f'<picture class="{cls}"><source type="image/webp" srcset="{escape(srcset("webp"))}" sizes="{sizes}">'
        f'<img src="{src}" srcset="{escape(srcset("jpg"))}" sizes="{sizes}" width="{largest.width}" '
        f'height="{largest.height}" alt="{escape(alt)}" {loading}></picture>')
