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

Bytes per query (issue 6: well under 500 KB at 5,000 articles). Each Vietnamese
syllable is a word, common syllables are on every page, and a query loads, for each
of its words, the index chunk holding that word's occurrences. Two measures keep
those chunks small:

- The index holds the text that identifies an article with each occurrence: title,
  lead paragraph, photo captions, event, officials, awards and their recipients,
  figures' names, models, tags. The body after its lead, table and section labels
  and the lightbox's copy of each caption are left out (`EXCLUDE`). Every other word
  of the article is still found, with its diacritics: a hidden paragraph at the end
  of the article lists each distinct word once (`article_words`), weighted low, so
  an article costs one entry per word instead of one per occurrence; a result found
  only there shows the summary, not that list (assets/tim-kiem.js).
- Pagefind 1.5 cuts its index into chunks by counting the entries of each word's
  form without diacritics only; Vietnamese words, stored as diacritic variants,
  count for nothing, so hundreds of common syllables piled up in a few chunks of
  300-500 KB. After Pagefind has run, `pagefind_chunks.rechunk` cuts the same index
  again by size in bytes (tests/test_search_bytes.py fails if chunks pile up again).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import sys
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from . import pagefind_chunks
from .model import Article
from .names import ascii_fold, nfc


BUNDLE = "pagefind"  # folder of the index in the site, fetched by assets/tim-kiem.js
# Words with đ/Đ, and the Icelandic eth that Word pastes for it.
_D_WORD = re.compile(r"\w*[đĐðÐ]\w*")
# A word for the `words` field: letters and digits with at least one letter (counts
# and dates in the body are left out).
_WORD = re.compile(r"\w*[^\W\d_]\w*")
# Markdown and HTML that is not text: link targets, tags, entities.
_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|&\w+;|https?://\S+")

# What Pagefind leaves out of the positional index (CSS selectors, see module doc):
# a reader finds these words through the `words` field or nowhere else needs them.
EXCLUDE = (
    ".bt-body > :not(:first-child)",  # the body after its lead paragraph
    ".glightbox-desc",  # the lightbox's copy of each photo caption
    ".bt-box h2", ".bt-box thead", ".bt-box dt", ".bt-tags > span",  # labels on every article
)


KEPT_AS_IS = ("cảnh báo: chỉ mục tìm kiếm được giữ nguyên như Pagefind tạo ra (vẫn tìm được, nhưng mỗi lần "
              "tìm tải nhiều dữ liệu hơn), vì bản dựng không đọc được định dạng của nó: {error}. "
              "Hãy cài đúng phiên bản Pagefind đã ghim (make build cài lại theo requirements.lock).")


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
        for r in w.public_recipients:  # a name marked public: false is never indexed
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


def pagefind_form(word: str) -> str:
    """A word as Pagefind 1.5 indexes it: lower case, without tone and vowel marks,
    đ kept (Unicode does not decompose it): "Thuỷ" -> "thuy", "Đội" -> "đoi"."""
    decomposed = unicodedata.normalize("NFD", word.replace("Ð", "Đ").replace("ð", "đ").lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


class Words(NamedTuple):
    """The words of an article for the index (see module doc)."""

    written: str  # each distinct word once, lower case, diacritics as written
    plain: str  # the forms without marks of those with marks, each once


def word_terms(texts: Iterable[str]) -> Words:
    """Each distinct word among `texts` once, in order of first appearance:
    "Bảo vệ an ninh; bảo vệ 2024" -> ("bảo vệ an ninh", "bao ve")."""
    written: dict[str, None] = {}
    plain: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(_MARKUP.sub(" ", nfc(text))):
            word = word.replace("Ð", "Đ").replace("ð", "đ").lower()
            if word not in written:
                written[word] = None
                form = pagefind_form(word)
                if form != word:
                    plain.setdefault(form, None)
    return Words(" ".join(written), " ".join(plain))


def article_words(article: Article) -> Words:
    """What an article adds to the index so that each of its words is found."""
    return word_terms(article_texts(article))


def index(site_dir: Path, warn: Callable[[str], None] | None = None) -> None:
    """Index the built site at `site_dir` into `site_dir/pagefind/` (offline).

    Args:
        warn: told, in Vietnamese, when the re-cut is skipped (another Pagefind
            version or format): the site then keeps Pagefind's own index.

    Raises:
        SearchIndexError: Pagefind failed; its own message is included.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
               # One language for the whole site: every page is Vietnamese.
               "--force-language", "vi", "--exclude-selectors", ", ".join(EXCLUDE), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        said = result.stderr.strip() or result.stdout.strip()
        raise SearchIndexError(f"Pagefind dừng với mã lỗi {result.returncode}: {said}")
    try:
        pagefind_chunks.rechunk(site_dir / BUNDLE)
    except pagefind_chunks.PagefindFormatError as error:
        # The re-cut only makes chunks smaller; Pagefind's own index works as it is.
        if warn is not None:
            warn(KEPT_AS_IS.format(error=error))


class BackgroundIndexer:
    """`mkdocs serve`: index after each rebuild without holding the rebuild up.

    Pagefind over a whole site takes seconds (tens of seconds at 5,000 articles), so an
    edit would wait for it before the browser reloads. Here the edit shows at once and
    the search index follows; edits made while it runs are indexed by one more run
    right after. A failure is logged, not raised: the preview stays usable.
    """

    def __init__(self, log: Callable[[str], None]) -> None:
        self._log = log
        self._lock = threading.Lock()
        self._pending: Path | None = None
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen | None = None
        self._stopped = False

    def request(self, site_dir: Path) -> None:
        with self._lock:
            self._pending = site_dir
            self._stopped = False
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="bantin-search", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """The preview stops: end the indexing that runs, Pagefind with it."""
        with self._lock:
            self._stopped = True
            self._pending = None
            process = self._process
        if process is not None and process.poll() is None:
            try:
                if sys.platform == "win32":
                    process.kill()
                else:
                    os.killpg(process.pid, signal.SIGTERM)
            except OSError:
                pass

    def wait(self) -> None:
        """Block until no indexing is running (tests)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None or not thread.is_alive():
                return
            thread.join()

    def _run(self) -> None:
        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._thread = None
                    return
            # In a process of its own at low priority: the re-cut is Python, and in a
            # thread of the preview it would hold the interpreter lock the next rebuild
            # needs; Pagefind's threads would take both cores from it too.
            try:
                with self._lock:
                    if self._stopped:
                        self._thread = None
                        return
                    process = self._process = subprocess.Popen(
                        [sys.executable, "-m", "bantin.search", str(site_dir)], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", **_OWN_GROUP)
            except OSError as error:
                self._log(f"chưa cập nhật được chỉ mục tìm kiếm: {error}")
                continue
            if hasattr(os, "setpriority"):
                try:  # before it starts Pagefind, which inherits it
                    os.setpriority(os.PRIO_PROCESS, process.pid, 10)
                except OSError:
                    pass
            out, err = process.communicate()
            with self._lock:
                self._process = None
                if self._stopped:
                    self._thread = None
                    return
            for line in out.splitlines():
                self._log(line)
            if process.returncode != 0:
                said = err.strip() or f"mã lỗi {process.returncode}"
                self._log(f"chưa cập nhật được chỉ mục tìm kiếm: {said}")


# Low priority on Windows; elsewhere os.setpriority above. A process group of its own,
# so that stopping the preview stops Pagefind under it too; the same session, because
# Linux weighs each session's processes as one group (autogroup) and would give a new
# session as much of the processor as the preview, whatever its priority.
_OWN_GROUP: dict = ({"creationflags": subprocess.BELOW_NORMAL_PRIORITY_CLASS | subprocess.CREATE_NEW_PROCESS_GROUP}
                    if sys.platform == "win32" else {"process_group": 0})


def main(argv: list[str]) -> int:
    """`python -m bantin.search SITE`: index SITE (the preview's background index):
    notes on stdout, a failure on stderr (Vietnamese), exit status 1."""
    try:
        index(Path(argv[0]), warn=print)
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
