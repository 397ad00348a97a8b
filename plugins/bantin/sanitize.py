"""Defence in depth: the HTML of an article body passed through nh3 (Ammonia) before publishing.

`make check` already refuses dangerous tags and links in the body (`body.py`); this
keeps only what our Markdown produces (paragraphs, headings, lists, emphasis, links,
quotes, tables, code, footnotes, the heading anchors and images), so that a trick the
check missed still cannot reach a reader.
"""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "mark", "sub", "sup", "small", "abbr", "blockquote", "q", "cite", "code", "pre", "kbd", "span", "div",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start", "type"},
    "abbr": {"title"},
}
SCHEMES = {"http", "https", "mailto", "tel"}


def clean(html: str) -> str:
    """The article HTML with everything outside the allow-list removed (text kept, escaped)."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None,
                     strip_comments=True)
