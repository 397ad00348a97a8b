"""Award aggregation: the entries of the honour roll and their totals.

Pure: plain functions over articles and vocabularies. Every total counts `count`
(recipients), not entries, through `model.recipients_by`; issuers and award types are
already canonical (schema folds aliases). The pages are `awardpages`, the open data
`opendata`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable

from . import urls
from .model import Article, Award, recipients_by
from .names import slugify, sort_key
from .vocab import RECIPIENT_TYPES, Term, Vocabularies, Vocabulary


@dataclass(frozen=True)
class Entry:
    """One award entry of one article; `order` is its place in the article (0-based)."""

    article: Article
    order: int
    award: Award

    @property
    def anchor(self) -> str:
        """HTML id of the entry's row on the honour-roll pages: the record id (`awardids`)."""
        return self.award.id


def entries(articles: Iterable[Article]) -> list[Entry]:
    """Every award entry, by article date, then URL, then order in the article."""
    chosen = sorted(articles, key=lambda a: (a.date, a.url))
    return [Entry(a, i, w) for a in chosen for i, w in enumerate(a.awards)]


def newest_first(items: list[Entry]) -> list[Entry]:
    """Newest article first; entries of one article stay in the article's order."""
    return sorted(items, key=lambda e: (-e.article.date.timestamp(), e.article.url, e.order))


@dataclass
class Row:
    """One line of a totals table: recipients by recipient type, and their sum."""

    label: str
    url: str | None = None
    by_type: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECIPIENT_TYPES, 0))

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


@dataclass
class Totals:
    """Honour-roll totals; each table's rows are (label, counts per recipient type)."""

    by_year: list[Row]
    by_award: list[Row]
    by_issuer: list[Row]
    all: Row
    entries: int


def award_type_url(vocab: Vocabulary[Term], award_type: str) -> str:
    term = vocab.lookup(award_type)
    return urls.award_type(term.slug if term else slugify(award_type))


def year_url(year: int) -> str:
    return urls.award_year(year)


def award_url(article: Article, award: Award) -> str:
    """Where an article's award is listed on the honour roll: its row on the year page."""
    return urls.anchored(year_url(award.year), award.id)


def _vocab_order(vocab: Vocabulary[Term], names: Iterable[str]) -> list[str]:
    rank = {t.name: i for i, t in enumerate(vocab.terms)}
    return sorted(set(names), key=lambda n: (rank.get(n, len(rank)), sort_key(n)))


def totals(items: list[Entry], vocab: Vocabularies) -> Totals:
    """Totals by year (newest first), award type and issuer (vocabulary order), and overall."""
    awards = [e.award for e in items]

    def rows(key: Callable[[Award], Hashable], label: Callable[[Hashable], str],
             url: Callable[[Hashable], str] | None = None) -> dict:
        found: dict = {}
        for (k, kind), recipients in recipients_by(awards, lambda w: (key(w), w.recipient_type)).items():
            if k not in found:
                found[k] = Row(label(k), url(k) if url else None)
            found[k].by_type[kind] = recipients
        return found

    years = rows(lambda w: w.year, str, year_url)
    kinds = rows(lambda w: w.award, str, lambda k: award_type_url(vocab.award_types, str(k)))
    issuers = rows(lambda w: w.issuer, str)
    overall = Row("Tổng cộng")
    overall.by_type.update(recipients_by(awards, lambda w: w.recipient_type))
    return Totals(
        by_year=[years[y] for y in sorted(years, reverse=True)],
        by_award=[kinds[k] for k in _vocab_order(vocab.award_types, kinds)],
        by_issuer=[issuers[i] for i in _vocab_order(vocab.issuers, issuers)],
        all=overall, entries=len(items))
