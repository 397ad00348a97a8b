"""Defence in depth: the HTML of an article body passed through nh3 (Ammonia) before publishing.

`make check` already refuses dangerous tags and links in the body (`body.py`); this
keeps only what our Markdown produces (paragraphs, headings, lists, emphasis, links,
quotes, tables, code, footnotes, the heading anchors and images), so that a trick the
check missed still cannot reach a reader.
"""

from __future__ import annotations

import hashlib

import nh3

from .keptbyhash import KeptByHash

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


FILE = ".cache/bantin/clean-bodies.marshal"
# What `clean` does: nh3's version and the allow-lists.
_RULES = hashlib.blake2b(repr((nh3.__version__, sorted(TAGS),
                               sorted((k, sorted(v)) for k, v in ATTRIBUTES.items()), sorted(SCHEMES)))
                         .encode("utf-8"), digest_size=16).digest()


class KnownClean(KeptByHash):
    """Article HTML that `clean` leaves exactly as it is, kept across builds by its hash
    (with nh3's version and the allow-lists): most bodies, since our Markdown writes
    only allowed markup. Such HTML is not passed through nh3 again (at 5,000 articles
    a second of every build); any other HTML is, every time, and the result used."""

    def clean(self, html: str) -> str:
        """`clean(html)`, without nh3 when `html` is known to come out of it unchanged."""
        key = hashlib.blake2b(html.encode("utf-8"), digest_size=16, salt=_RULES).digest()
        if self.find(key) is not None:
            return html
        cleaned = clean(html)
        if cleaned == html:
            self.keep(key, True)
        return cleaned
