"""Photos as HTML: the responsive <picture> of an article photo and the lightbox
that shows it large. The files themselves are made by `photos`.
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from .imaging import Variant
from .model import Photo
from .photos import Library
from .urls import asset, relative

# The photo column of an article page is at most about 760 px wide (Material's grid);
# on phones the photo spans the screen.
SIZES = "(min-width: 1220px) 760px, 100vw"


# HTML ---------------------------------------------------------------------------------


def html(photo: Photo, lead: bool, page_url: str, library: Library) -> Markup:
    """A responsive <picture> for `photo`, in a link that opens it large (lightbox).

    WebP variants in a <source>, JPEG in the <img> for older browsers; width and
    height reserve the space (no layout shift); the lead photo loads first, the
    others lazily. Alt text from `alt`, else the caption.
    """
    prepared = library.photos.get(photo.file)
    if prepared is None:  # a bad photo in a preview: its problem is in the log
        return Markup("")

    def src(variant: Variant, ext: str) -> str:
        return relative(prepared.uri(variant, ext), page_url)

    def srcset(ext: str) -> str:
        return ", ".join(f"{src(v, ext)} {v.width}w" for v in prepared.variants)

    avif = f'<source type="image/avif" srcset="{escape(srcset("avif"))}" sizes="{SIZES}">' \
        if library.settings.avif else ""
    largest = prepared.variants[-1]
    default = max((v for v in prepared.variants if v.width <= 960), key=lambda v: v.width,
                  default=prepared.variants[0])
    alt = escape(photo.alt or photo.caption or "")
    loading = 'fetchpriority="high"' if lead else 'loading="lazy" decoding="async"'
    caption = " ".join(x for x in (photo.caption, f"Ảnh: {photo.credit}" if photo.credit else None) if x)
    # glightbox reads the caption from .glightbox-desc as HTML: it is escaped here once.
    desc = f'<span class="glightbox-desc">{escape(caption)}</span>' if caption else ""
    # `off-glb` keeps glightbox from wrapping the <img> a second time: the link is ours,
    # to the largest JPEG, which every browser opens. Written out, each text escaped, not
    # with Markup.format (which escapes field by field: 10,000 photos at 5,000 articles).
    return Markup(
        f'<a class="glightbox bt-photo-link" href="{escape(src(largest, "jpg"))}" data-type="image" '
        f'data-gallery="bai-viet" aria-label="Xem ảnh lớn: {alt}">'
        f'<picture>{avif}<source type="image/webp" srcset="{escape(srcset("webp"))}" sizes="{SIZES}">'
        f'<img class="off-glb" src="{escape(src(default, "jpg"))}" srcset="{escape(srcset("jpg"))}" '
        f'sizes="{SIZES}" width="{largest.width}" height="{largest.height}" alt="{alt}" {loading}>'
        f'</picture>{desc}</a>')


# The lightbox ---------------------------------------------------------------------------
# glightbox's JS and CSS come from the mkdocs-glightbox package (it copies them into the
# site). The plugin's own per-page step parses every page's HTML to add them; we add
# them ourselves, and only to pages that have photos, so it is turned off everywhere.
# glightbox's own markup with Vietnamese labels (its default says "Close", "Previous", "Next").
LIGHTBOX_HTML = (
    '<div id="glightbox-body" class="glightbox-container" tabindex="-1" role="dialog" aria-hidden="false" '
    'aria-label="Xem ảnh"><div class="gloader visible"></div><div class="goverlay"></div>'
    '<div class="gcontainer"><div id="glightbox-slider" class="gslider"></div>'
    '<button class="gclose gbtn" aria-label="Đóng" title="Đóng" data-taborder="3">{closeSVG}</button>'
    '<button class="gprev gbtn" aria-label="Ảnh trước" title="Ảnh trước" data-taborder="2">{prevSVG}</button>'
    '<button class="gnext gbtn" aria-label="Ảnh sau" title="Ảnh sau" data-taborder="1">{nextSVG}</button>'
    '</div></div>')
LIGHTBOX_OPTIONS = '{"touchNavigation": true, "loop": false, "zoomable": true, "draggable": true, ' \
    '"openEffect": "zoom", "closeEffect": "zoom", "slideEffect": "slide", ' \
    f'"lightboxHTML": {json.dumps(LIGHTBOX_HTML, ensure_ascii=False)}}}'


def lightbox_head(page_url: str) -> Markup:
    """<head> tags that load the lightbox on a page with photos."""
    return Markup(
        '<link rel="stylesheet" href="{css}"><script src="{js}"></script>'
        '<style>html.glightbox-open {{ overflow: initial; height: 100%; }} '
        '.gslide-title {{ margin-top: 0; user-select: text; }} .gdesc-inner {{ font-size: .75rem; }} '
        '.gscrollbar-fixer {{ padding-right: 15px; }} .glightbox-clean .gslide-media {{ box-shadow: none; }}'
        '</style>'
    ).format(css=relative(asset("stylesheets/glightbox.min.css"), page_url),
             js=relative(asset("javascripts/glightbox.min.js"), page_url))


LIGHTBOX_INIT = Markup(f"<script>GLightbox({LIGHTBOX_OPTIONS});</script>")
