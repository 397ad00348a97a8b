"""The bulletin's data: articles and what they report, as frozen dataclasses.

Plain data with no MkDocs types, so the core survives a move to another engine.
Vocabulary values are stored in their canonical form (aliases folded); names of
people keep the form the article used.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, TypeVar

from . import urls

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Event:
    """The conference, festival or ceremony an article reports."""

    type: str | None = None
    name: str | None = None
    date: dt.date | None = None
    place: str | None = None
    province: str | None = None
    online: bool = False


@dataclass(frozen=True)
class Official:
    """A person who attended or spoke, with rank and position at that date."""

    name: str
    rank: str | None = None
    position: str | None = None
    role: tuple[str, ...] = ()
    id: str | None = None


@dataclass(frozen=True)
class Recipient:
    """A named recipient of an award: a person or a unit."""

    name: str
    rank: str | None = None
    unit: str | None = None
    id: str | None = None
    public: bool = True
    """False: the recipient asked not to be named. Counted, never published by name
    (nor rank, unit or id); see `Award.public_recipients`."""


@dataclass(frozen=True)
class Award:
    """One award given to one kind of recipient."""

    award: str
    issuer: str
    recipient_type: str
    count: int
    year: int
    name: str | None = None
    recipients: tuple[Recipient, ...] = ()
    for_: str | None = None
    decision: str | None = None
    """Number and symbol of the decision that granted it: 163/QĐ-UBND."""
    decision_date: dt.date | None = None
    id: str = ""
    """The record id, derived from content (`awardids`): stable when awards are reordered."""

    @property
    def public_recipients(self) -> tuple[Recipient, ...]:
        """The recipients who may be named in any output."""
        return tuple(r for r in self.recipients if r.public)

    @property
    def private_count(self) -> int:
        """How many listed recipients asked not to be named (still counted in `count`)."""
        return sum(1 for r in self.recipients if not r.public)


def recipients_by(awards: Iterable[Award], key: Callable[[Award], K]) -> Counter[K]:
    """Recipients (the sum of `count`) of `awards` grouped by `key`.

    The one place award counts are summed: the honour roll's totals, the statistics
    page and each article's total all count through here.
    """
    counts: Counter[K] = Counter()
    for award in awards:
        counts[key(award)] += award.count
    return counts


@dataclass(frozen=True)
class Stat:
    """One figure an article reports."""

    metric: str
    metric_id: str
    value: float | None
    year: int
    total: float | None = None
    percent: float | None = None
    percent_stated: bool = False
    change: float | None = None
    area: str | None = None
    area_from_event: bool = False
    """The article gave no `area`: it was taken from the event's place, then province."""


@dataclass(frozen=True)
class Photo:
    """A photo under `photos/`; `file` is relative to that folder."""

    file: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class Change:
    """A public change note: what a major correction changed, and when."""

    date: dt.datetime
    has_time: bool
    note: str


@dataclass(frozen=True)
class Withdrawal:
    """An article withdrawn from the record: it stays at its URL under a banner, and
    leaves every list, index, feed, total and dataset."""

    date: dt.datetime
    has_time: bool
    reason: str


@dataclass(frozen=True)
class SourceLines:
    """Where things are in the article file (lines from 1), for problems found after reading."""

    slug: int = 1
    """The line of `slug:`, or of `title:` when the slug comes from the title."""
    photos: tuple[int, ...] = ()
    """The line of each photo's `file:`, in the order of `Article.photos`."""
    decisions: tuple[int, ...] = ()
    """The line of each award's `decision:` (or of the award), in the order of `Article.awards`."""


@dataclass(frozen=True)
class Article:
    """A validated article."""

    src: str
    title: str
    date: dt.datetime
    has_time: bool
    category: str
    slug: str
    body: str
    summary: str
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str | None = None
    draft: bool = False
    pin: bool = False
    event: Event | None = None
    officials: tuple[Official, ...] = ()
    awards: tuple[Award, ...] = ()
    stats: tuple[Stat, ...] = ()
    models: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    updated: dt.datetime | None = None
    """The time of the last major change (None: never changed, or only minor fixes)."""
    updated_has_time: bool = False
    changes: tuple[Change, ...] = ()
    """Public change notes, newest first."""
    withdrawn: Withdrawal | None = None
    lines: SourceLines = field(default_factory=SourceLines, compare=False, hash=False)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def url(self) -> str:
        """Site-relative URL of the article page."""
        return urls.article(self.year, self.slug)

    @property
    def modified(self) -> dt.datetime:
        """When the article last changed in public: `updated`, else `date`. This is the
        feed entry's `updated`, the sitemap's `lastmod`, and what JSON-LD `dateModified`
        and `article:modified_time` should carry."""
        return self.updated or self.date

    @property
    def listed(self) -> bool:
        """False for a withdrawn article: its page stays, but no list, index, feed,
        total or dataset includes it."""
        return self.withdrawn is None

    @property
    def province(self) -> str | None:
        return self.event.province if self.event else None

    @property
    def award_count(self) -> int:
        return recipients_by(self.awards, lambda award: None)[None]

    def is_scheduled(self, now: dt.datetime) -> bool:
        return self.date > now

    def is_published(self, now: dt.datetime) -> bool:
        """True when a build (not a preview) publishes it."""
        return not self.draft and not self.is_scheduled(now)
