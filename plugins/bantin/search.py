"""Search: the `/tim-kiem/` page and the Pagefind index of article pages.

Pagefind (PyPI `pagefind[extended]`, a binary inside the wheel) indexes the built
article pages into a chunked index that the browser fetches piece by piece, so one
query downloads a small part of it even at 5,000 articles. Only the element marked
`data-pagefind-body` (the article) is indexed, never the header, nav or footer.

Pagefind folds tones and vowel marks on its own ("bao ve" finds "bảo vệ"; exact
forms rank first; Thuỷ/Thủy meet in "thuy"), but đ is a letter of its own that
Unicode does not decompose, so "doi" would not find "Đội". Each article therefore
carries its đ-words folded to d in a hidden Pagefind metadata field: metadata is
searchable, and unlike hidden body text it never shows up in the result's excerpt.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Iterator

from .model import Article
from .names import ascii_fold, nfc
from .sitedata import Site, VirtualPage


URL = "/tim-kiem/"
BUNDLE = "pagefind"  # folder of the index in the site, fetched by assets/tim-kiem.js
# Words with đ/Đ, and the Icelandic eth that Word pastes for it.
_D_WORD = re.compile(r"\w*[đĐðÐ]\w*")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def article_texts(article: Article) -> Iterator[str]:
    """Every text of an article a reader may search for: body, names, places, awards."""
    yield from (article.title, article.summary, article.body, article.category, article.source or "")
    yield from article.authors
    yield from article.tags
    yield from article.models
    if article.event:
        e = article.event
        yield from (e.type or "", e.name or "", e.place or "", e.province or "")
    for o in article.officials:
        yield from (o.name, o.rank or "", o.position or "")
    for w in article.awards:
        yield from (w.award, w.name or "", w.issuer, w.for_ or "")
        for r in w.recipients:
            yield from (r.name, r.rank or "", r.unit or "")
    for s in article.stats:
        yield from (s.metric, s.area or "")
    for p in article.photos:
        yield from (p.caption or "", p.credit or "", p.alt or "")


def fold_terms(texts: Iterable[str]) -> str:
    """The distinct words with đ/Đ among `texts`, folded to ASCII, in order of first
    appearance: "Đội Đơn vị đội" -> "doi don"."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _D_WORD.findall(nfc(text)):
            seen.setdefault(ascii_fold(word), None)
    return " ".join(seen)


def article_fold(article: Article) -> str:
    """What an article adds to the index so that đ typed as d finds it."""
    return fold_terms(article_texts(article))


def search_page(site: Site) -> Iterable[VirtualPage]:
    """The search page; its results come from assets/tim-kiem.js in the browser."""

    yield VirtualPage(URL.lstrip("/") + "index.md", "Tìm kiếm", "search.html",
                      description="Tìm bài viết theo từ khoá, tên người, địa phương, danh hiệu khen thưởng; "
                                  "gõ có dấu hoặc không dấu.")


def index(site_dir: Path) -> None:
    """Index the built site at `site_dir` into `site_dir/pagefind/` (offline).

    Raises:
        SearchIndexError: Pagefind failed; its own message is included.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
               # One language for the whole site: every page is Vietnamese.
               "--force-language", "vi", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
