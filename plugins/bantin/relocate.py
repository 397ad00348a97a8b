"""HTML that is the same on every page that shows it, but for its links: an article's
card and list thumbnail appear on its category, year, tag, place and person pages and
on the front page, each time with links relative to that page.

It is made once a build with every link as a numbered marker, then placed on each page
by putting there the page's relative link for each marker (escaped, as the template
escapes what `url` gives). Same bytes as rendering it on each page (tests/test_relocate.py
compares the two); at 5,000 articles about 50,000 cards and pictures are placed instead
of rendered.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from .urls import relative

_MARK = "\x00"  # never in our HTML: control characters are removed from every text read
Link = Callable[[str], str]

# key -> (the objects it was made from, kept alive so their ids stay theirs; the HTML
# split at the markers: text, target, text, target, ..., text)
_kept: dict[tuple, tuple[tuple, tuple[str, ...]]] = {}
made_count = 0  # `make` calls since the process started (tests: the kept pieces are used)


def clear() -> None:
    """At the start of a build: what is kept was made from the last build's articles."""
    _kept.clear()


def placed(key: tuple, owners: tuple[Any, ...], make: Callable[[Link], str], page_url: str) -> Markup:
    """`make(link)` as the page at `page_url` shows it: made once per `key` with a `link`
    that marks its target, kept while `owners` (the objects `make` reads) are the same.
    BANTIN_RELOCATE=0: made on each page with the page's own links (tests compare)."""
    if os.environ.get("BANTIN_RELOCATE") == "0":
        return Markup(make(lambda target: relative(target, page_url)))
    found = _kept.get(key)
    if found is None or len(found[0]) != len(owners) or any(a is not b for a, b in zip(found[0], owners)):
        found = (owners, made(make))
        _kept[key] = found
    return place(found[1], page_url)


def made(make: Callable[[Link], str]) -> tuple[str, ...]:
    """The pieces of `make(link)`: text and link targets, alternating."""
    global made_count
    made_count += 1
    targets: list[str] = []

    def link(target: str) -> str:
        targets.append(target)
        return f"{_MARK}{len(targets) - 1}{_MARK}"

    pieces = str(make(link)).split(_MARK)
    for i in range(1, len(pieces), 2):
        pieces[i] = targets[int(pieces[i])]
    return tuple(pieces)


def place(pieces: tuple[str, ...], page_url: str) -> Markup:
    """The pieces with each target as a link relative to `page_url`."""
    out = list(pieces)
    for i in range(1, len(out), 2):
        out[i] = escape(relative(out[i], page_url))
    return Markup("".join(out))
