"""People: everyone named as an official or as an award recipient, one page each.

Pure. Identity is the name's `name_key` (NFC/NFD, old/new tone placement and case
do not matter), refined by the optional front-matter `id`: two namesakes with
different ids are two people; a mention without `id` is the person of that name
who has no id. The page shows the form of the name the most recent article used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from . import urls
from .model import Article, Award, Recipient
from .names import name_key, person_sort_key, slugify
from .site import Site, VirtualPage



class Named(Protocol):
    name: str
    id: str | None


Key = tuple[str, str]


def person_key(who: Named) -> Key:
    """Identity of the person an official or recipient entry names."""
    return (name_key(who.name), (who.id or "").strip().casefold())


@dataclass(frozen=True)
class Received:
    """An award a person received, as one article reports it."""

    article: Article
    order: int
    award: Award
    recipient: Recipient


@dataclass
class Appearance:
    """One article naming a person, with rank and position (or unit) at that date."""

    article: Article
    name: str
    rank: str | None = None
    position: str | None = None
    roles: list[str] = field(default_factory=list)
    awards: list[Received] = field(default_factory=list)

    def merge(self, rank: str | None, position: str | None) -> None:
        self.rank = self.rank or rank
        self.position = self.position or position


@dataclass
class Person:
    """A person (or named unit) with every article naming them, newest first."""

    key: Key
    id: str | None
    slug: str = ""
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The form of the name the most recent article used."""
        return self.appearances[0].name

    @property
    def url(self) -> str:
        return urls.person(self.slug)

    @property
    def awards(self) -> list[Received]:
        return [r for a in self.appearances for r in a.awards]

    @property
    def latest(self) -> Appearance:
        """The most recent appearance that gives a rank or position, else the most recent."""
        return next((a for a in self.appearances if a.rank or a.position), self.appearances[0])


@dataclass
class Directory:
    """Everyone named by a set of articles, with a lookup from an entry to their page."""

    persons: list[Person]
    _by_key: dict[Key, Person]

    def get(self, who: Named) -> Person | None:
        return self._by_key.get(person_key(who))

    def url(self, who: Named) -> str | None:
        """The person page of an official or recipient entry, or None if not listed."""
        person = self.get(who)
        return person.url if person else None


def sort_key(person: Person) -> tuple:
    """Vietnamese name-list order: given name, then family and middle names."""
    return person_sort_key(person.name)


def directory(articles: Iterable[Article]) -> Directory:
    """Collect every official and named recipient of `articles`.

    Slugs are the folded name; with an `id` the id is appended (so a namesake's
    URL never changes when another appears); a remaining clash (two names that fold
    alike, Thu and Thư) gets -2, -3 in order of first appearance.
    """
    by_key: dict[Key, Person] = {}
    newest = sorted(articles, key=lambda a: (a.date, a.url), reverse=True)
    for article in newest:
        seen: dict[Key, Appearance] = {}

        def appearance(who: Named) -> Appearance:
            key = person_key(who)
            person = by_key.setdefault(key, Person(key, who.id))
            if key not in seen:
                seen[key] = Appearance(article, who.name)
                person.appearances.append(seen[key])
            return seen[key]

        for official in article.officials:
            here = appearance(official)
            here.merge(official.rank, official.position)
            here.roles.extend(r for r in official.role if r not in here.roles)
        for order, award in enumerate(article.awards):
            for recipient in award.public_recipients:  # the others have no page, anywhere
                here = appearance(recipient)
                here.merge(recipient.rank, recipient.unit)
                here.awards.append(Received(article, order, award, recipient))
    _assign_slugs(by_key.values())
    persons = sorted(by_key.values(), key=lambda p: (sort_key(p), p.slug))
    return Directory(persons, by_key)


def _assign_slugs(persons: Iterable[Person]) -> None:
    taken: set[str] = set()
    # Oldest first, so an earlier person keeps the plain slug when a later one clashes.
    for person in sorted(persons, key=lambda p: (p.appearances[-1].article.date,
                                                 p.appearances[-1].article.url, p.key)):
        base = slugify(person.name, fallback="nguoi")
        if person.id:
            ident = slugify(person.id, fallback="id")
            base = ident if ident.startswith(base) else f"{base}-{ident}"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        person.slug = slug


def person_pages(site: Site) -> Iterable[VirtualPage]:
    """`/nguoi/<slug>/` for every person, and the index `/nguoi/`."""
    found = site.people
    for person in found.persons:
        yield VirtualPage(urls.source_uri(person.url), person.name, "person.html",
                          {"person": person}, description=_describe(person))
    entries = [{"name": p.name, "url": p.url, "count": len(p.appearances),
                "note": ", ".join(x for x in (p.latest.rank, p.latest.position) if x) or None}
               for p in found.persons]
    yield VirtualPage(urls.source_uri(urls.PEOPLE), "Người", "index.html", {
        "heading": "Người được nhắc đến",
        "intro": "Đại biểu và người, đơn vị được khen thưởng, xếp theo tên; số trong ngoặc là số bài viết.",
        "entries": entries})


def _describe(person: Person) -> str:
    articles = len(person.appearances)
    awards = len(person.awards)
    text = f"{person.name}: {articles} bài viết"
    return text + (f", {awards} lần khen thưởng" if awards else "")

