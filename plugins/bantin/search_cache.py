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
from pathlib import Path

from . import search
from .keptbyhash import KeptByHash
from .model import Article

FILE = ".cache/bantin/search-terms.marshal"
_RULES = hashlib.blake2b(Path(search.__file__).read_bytes(), digest_size=8).digest()


class SearchTerms(KeptByHash):
    """Search terms by content hash; `save` writes those used since `load`."""

    def terms(self, article: Article) -> tuple[str, search.Words]:
        """(fold, words) of `article`, as search.article_fold and search.article_words give them."""
        texts = list(search.article_texts(article))
        key = hashlib.blake2b("\x00".join(texts).encode("utf-8"), digest_size=16, salt=_RULES).digest()
        found = self.find(key)
        if found is None:
            words = search.word_terms(texts)
            found = (search.fold_terms(texts), words.written, words.plain)
            self.keep(key, found)
        return found[0], search.Words(found[1], found[2])
