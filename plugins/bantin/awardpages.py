"""The honour roll ("Bảng vàng khen thưởng") pages: `/khen-thuong/` with totals and
named recipients, and a list page per year and per award type.

The numbers come from `awards`; this module only arranges them into pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from . import people, urls
from .awards import Entry, award_type_url, entries, newest_first, totals, year_url
from .site import Site, VirtualPage

DATA_FILES = ("khen-thuong.json", "khen-thuong.csv")


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
    """What an award row shows; recipients carry their person page URL. Only those who
    may be named are listed: the others are counted (`award.private_count`)."""
    return {"entry": e, "article": e.article, "award": e.award, "anchor": e.anchor,
            "recipients": [{"r": r, "url": directory.url(r)} for r in e.award.public_recipients]}


def honour_roll(site: Site) -> Iterable[VirtualPage]:
    """`/khen-thuong/` with totals and named recipients, a page per year and per award type."""
    items = entries(site.articles)
    directory = site.people
    table = totals(items, site.vocab)
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
        "heading": title, "kind": kind, "totals": totals(chosen, site.vocab),
        "rows": [entry_view(e, directory) for e in newest_first(chosen)]})
