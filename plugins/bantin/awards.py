"""The honour roll ("Bảng vàng khen thưởng"): award totals, per-year and per-award-type
lists, named recipients, and the `khen-thuong` open data.

Pure: plain functions over articles. Every total counts `count` (recipients), not
entries; issuers and award types are already canonical (schema folds aliases).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from . import people, urls
from .model import VN_TZ, Article, Award
from .names import slugify, sort_key
from .vocab import RECIPIENT_TYPES, Term, Vocabulary
from .sitedata import Site, VirtualPage


DATA_FILES = ("khen-thuong.json", "khen-thuong.csv")


@dataclass(frozen=True)
class Entry:
    """One award entry of one article; `order` is its place in the article (0-based)."""

    article: Article
    order: int
    award: Award

    @property
    def anchor(self) -> str:
        return entry_anchor(self.article, self.order)


def entry_anchor(article: Article, order: int) -> str:
    """HTML id of an award entry on the honour-roll pages."""
    return f"kt-{article.year}-{article.slug}-{order + 1}"


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

    def add(self, award: Award) -> None:
        self.by_type[award.recipient_type] = self.by_type.get(award.recipient_type, 0) + award.count


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
    order = next((i for i, w in enumerate(article.awards) if w is award), None)
    if order is None:
        order = article.awards.index(award)
    return urls.anchored(year_url(award.year), entry_anchor(article, order))


def _vocab_order(vocab: Vocabulary[Term], names: Iterable[str]) -> list[str]:
    rank = {t.name: i for i, t in enumerate(vocab.terms)}
    return sorted(set(names), key=lambda n: (rank.get(n, len(rank)), sort_key(n)))


def totals(items: list[Entry], site: Site) -> Totals:
    """Totals by year (newest first), award type and issuer (vocabulary order), and overall."""
    years: dict[int, Row] = {}
    kinds: dict[str, Row] = {}
    issuers: dict[str, Row] = {}
    overall = Row("Tổng cộng")
    for e in items:
        w = e.award
        years.setdefault(w.year, Row(str(w.year), year_url(w.year))).add(w)
        kinds.setdefault(w.award, Row(w.award, award_type_url(site.vocab.award_types, w.award))).add(w)
        issuers.setdefault(w.issuer, Row(w.issuer)).add(w)
        overall.add(w)
    return Totals(
        by_year=[years[y] for y in sorted(years, reverse=True)],
        by_award=[kinds[k] for k in _vocab_order(site.vocab.award_types, kinds)],
        by_issuer=[issuers[i] for i in _vocab_order(site.vocab.issuers, issuers)],
        all=overall, entries=len(items))


@dataclass(frozen=True)
class NamedRecipient:
    """A person or unit named as a recipient, with how many awards name them."""

    person: people.Person
    awards: int
    note: str | None


def named_recipients(directory: people.Directory) -> list[NamedRecipient]:
    """Everyone named in `recipients`, in the order of Vietnamese name lists (given name first)."""
    result = []
    for person in directory.persons:
        received = person.awards
        if received:
            last = received[0].recipient
            note = ", ".join(x for x in (last.rank, last.unit) if x) or None
            result.append(NamedRecipient(person, len(received), note))
    return sorted(result, key=lambda r: (people.sort_key(r.person), r.person.slug))


def entry_view(e: Entry, directory: people.Directory) -> dict:
    """What an award row shows; recipients carry their person page URL."""
    return {"entry": e, "article": e.article, "award": e.award, "anchor": e.anchor,
            "recipients": [{"r": r, "url": directory.url(r)} for r in e.award.recipients]}


def honour_roll(site: Site) -> Iterable[VirtualPage]:
    """`/khen-thuong/` with totals and named recipients, a page per year and per award type."""
    items = entries(site.articles)
    directory = site.people
    table = totals(items, site)
    yield VirtualPage(urls.source_uri(urls.HONOUR_ROLL), "Bảng vàng khen thưởng", "honour_roll.html", {
        "totals": table, "recipients": named_recipients(directory),
        "data_files": [urls.data_file(name) for name in DATA_FILES]},
        description="Tổng hợp khen thưởng trong phong trào Toàn dân bảo vệ an ninh Tổ quốc: "
                    "theo năm, hình thức, cấp khen và đối tượng.")
    by_year: dict[int, list[Entry]] = defaultdict(list)
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for e in items:
        by_year[e.award.year].append(e)
        by_kind[e.award.award].append(e)
    for year, chosen in by_year.items():
        yield _list_page(year_url(year), f"Khen thưởng năm {year}", "Năm", chosen, site, directory)
    for kind, chosen in by_kind.items():
        yield _list_page(award_type_url(site.vocab.award_types, kind), kind, "Hình thức", chosen, site,
                         directory)


def _list_page(url: str, title: str, kind: str, chosen: list[Entry], site: Site,
               directory: people.Directory) -> VirtualPage:

    return VirtualPage(urls.source_uri(url), title, "award_list.html", {
        "heading": title, "kind": kind, "totals": totals(chosen, site),
        "rows": [entry_view(e, directory) for e in newest_first(chosen)]})


def records(articles: list[Article]) -> list[dict]:
    """`khen-thuong.json`/`.csv`: one record per award entry, in the contract's key order."""
    return [{
        "article": e.article.url, "title": e.article.title, "date": e.article.date.astimezone(VN_TZ).date().isoformat(),
        "award": e.award.award, "name": e.award.name, "issuer": e.award.issuer,
        "recipient_type": e.award.recipient_type, "count": e.award.count,
        "recipients": [r.name for r in e.award.recipients], "for": e.award.for_,
        "year": e.award.year, "province": e.article.province,
    } for e in entries(articles)]
