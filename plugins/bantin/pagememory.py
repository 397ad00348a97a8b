"""Rendered pages kept small until MkDocs writes them.

MkDocs 1.6 renders the Markdown of every page (`on_page_content`) before it writes
the first one, and holds each page's HTML (`page.content`) until the build ends. At
5,000 articles that was some 320 MB of Python strings (Vietnamese text is stored two
bytes a character), most of the build's memory, while a Pagefind process ran beside.
Now:

- an article page or a generated list page (people, places, archives...) is not
  rendered in `on_page_content`: the plugin returns a `Later`, its template and its
  data, and the HTML is made just before the page's own template renders it
  (`on_page_context`, first of all plugins). An article's head tags
  (`page.meta["bantin_head"]`, pagehead) likewise. The same work, done later: nothing
  to hold, nothing to compress;
- any other page's HTML and head tags (hand-written pages; share's tags of list
  pages) are kept zlib-compressed (`Packed`, a quarter of their UTF-8 size) from the
  last `on_page_content` to `on_page_context`, when 512 characters or longer.

Once the page is written (`on_post_page`, last) its texts go back to their `Later`
or `Packed` form, so the HTML of written pages does not pile up either. The text is
the same, character for character, so the site is too (tests/test_pagememory.py
builds a site both ways and compares every file).

A `Packed` or `Later` value read where a string is expected (a plugin that looks at
`page.content` between the two hooks) gives its text: `str()`, Jinja's `{{ }}` and
`in` see the HTML.
"""

from __future__ import annotations

import zlib
from typing import Any, Callable

from markupsafe import Markup

HEAD = "bantin_head"  # the page.meta key of pagehead's / share's head tags
SMALL = 512  # characters: shorter texts are kept as they are


class _Text:
    """A page's text kept in another form; `text()` gives it. Read where a string is
    expected, it behaves as that string."""

    __slots__ = ()

    def text(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return str(self.text())

    def __html__(self) -> str:
        return Markup(self.text()).__html__()

    def __contains__(self, part: str) -> bool:
        return part in self.text()

    def __len__(self) -> int:
        return len(self.text())

    def __bool__(self) -> bool:
        return True  # a packed text has SMALL characters or more; a page is never empty


class Packed(_Text):
    """A string kept zlib-compressed (UTF-8), with its type (str or Markup)."""

    __slots__ = ("data", "kind")

    def __init__(self, text: str) -> None:
        self.data = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        self.kind = type(text)

    def text(self) -> str:
        return self.kind(zlib.decompress(self.data).decode("utf-8", "surrogatepass"))


class Later(_Text):
    """A page's HTML made when it is needed: `make()`, followed by `tail` if any."""

    __slots__ = ("make", "tail")

    def __init__(self, make: Callable[[], str], tail: str | None = None) -> None:
        self.make, self.tail = make, tail

    def text(self) -> str:
        html = self.make()
        return html + self.tail if self.tail is not None else html


def pack(text: Any) -> Any:
    """`text` packed when it is a long str or Markup; anything else as it is."""
    if type(text) in (str, Markup) and len(text) >= SMALL:
        return Packed(text)
    return text


class Shelf:
    """The packing of a build's pages; `unpack` and `repack` bracket a page's writing."""

    def __init__(self) -> None:
        self._open: tuple[Any, Any, Any] | None = None  # (page, packed content, packed head)

    @staticmethod
    def pack_page(content: Any, page: Any) -> Any:
        """What `page.content` becomes (the last `on_page_content`); packs the head too."""
        head = page.meta.get(HEAD)
        if head is not None:
            page.meta[HEAD] = pack(head)
        return pack(content)

    def unpack(self, page: Any) -> None:
        """Before the page's template is rendered: its texts as they were."""
        content, head = page.content, page.meta.get(HEAD)
        if not isinstance(content, _Text) and not isinstance(head, _Text):
            self._open = None
            return
        self._open = (page, content, head)
        if isinstance(content, _Text):
            page.content = content.text()
        if isinstance(head, _Text):
            page.meta[HEAD] = head.text()

    def repack(self, page: Any) -> None:
        """Once the page is written: back to the packed texts (no compressing again)."""
        if self._open is None or self._open[0] is not page:
            return
        _, content, head = self._open
        self._open = None
        if isinstance(content, _Text):
            page.content = content
        if isinstance(head, _Text):
            page.meta[HEAD] = head
