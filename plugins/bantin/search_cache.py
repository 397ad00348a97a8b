"""The search terms of each article (search.article_fold, search.article_words), kept
across builds by the hash of the article's texts.

Splitting an article into distinct words, with and without marks, costs about a
millisecond per article; at 5,000 articles that is seconds of every build although
almost every article is unchanged. The terms are a function of the article's texts
(search.article_texts) and of search.py's rules alone, so they are stored in
`.cache/bantin/search-terms.marshal` under a hash of those texts and of search.py's
source: an edited article, or an edited rule, misses the cache and is computed again.
Only the terms of this build's articles are written back, so the file does not grow
with deleted articles.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path

from . import search
from .diskio import write_atomic
from .model import Article

FILE = ".cache/bantin/search-terms.marshal"
_RULES = hashlib.blake2b(Path(search.__file__).read_bytes(), digest_size=8).digest()


class SearchTerms:
    """Search terms by content hash; `save` writes those used since `load`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[bytes, tuple[str, str, str]] = {}
        self.used: dict[bytes, tuple[str, str, str]] = {}
        self.hits = self.misses = 0

    def load(self) -> "SearchTerms":
        """Read the stored terms (a missing or unreadable file is an empty cache)."""
        previous = {**self.stored, **self.used}  # `mkdocs serve`: what this process knows
        self.stored, self.used = previous, {}
        self.hits = self.misses = 0
        try:
            stored = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return self
        if isinstance(stored, dict):
            self.stored.update(stored)
        return self

    def terms(self, article: Article) -> tuple[str, search.Words]:
        """(fold, words) of `article`, as search.article_fold and search.article_words give them."""
        texts = list(search.article_texts(article))
        key = hashlib.blake2b("\x00".join(texts).encode("utf-8"), digest_size=16, salt=_RULES).digest()
        found = self.used.get(key) or self.stored.get(key)
        if found is None:
            self.misses += 1
            words = search.word_terms(texts)
            found = (search.fold_terms(texts), words.written, words.plain)
        else:
            self.hits += 1
        self.used[key] = found
        return found[0], search.Words(found[1], found[2])

    def save(self, partial: bool = False) -> None:
        """Write this build's terms (atomically: a reader never sees half a file); not
        when they are exactly the stored ones. `partial`: the build rendered only some
        articles (`make build` reusing unchanged pages), so the stored terms are kept
        too; a full build writes only its own."""
        kept = {**self.stored, **self.used} if partial else self.used
        if not self.misses and kept.keys() == self.stored.keys() and self.path.is_file():
            return
        write_atomic(self.path, marshal.dumps(kept))
