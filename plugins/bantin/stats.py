"""Statistics: the figures articles report, per metric, and the bulletin's own activity.

Pure functions over articles and vocabularies; no MkDocs. Pages (`statpages.py`),
charts (`charts.py`) and the open data (`opendata.py`) are built from what is here.

Decisions:
- A figure reported only as a change ("tội phạm giảm 11,9%") has no `value`. It is
  listed with its change; a metric's chart plots values when any figure has one,
  else stated percents, else changes, so such a metric is charted by its changes.
- When several articles report the same metric for the same year and area, the
  tables list every report and the chart uses the most recently published one
  (a later report usually carries the final figure).
- Awards are counted by the year the achievement belongs to (`year`, default the
  article's year), the same year the honour roll and the open data carry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from . import urls
from .model import VN_TZ, Article, Stat, recipients_by
from .names import sort_key
from .vocab import RECIPIENT_TYPES, Metric, Vocabularies

NO_AREA = "Không ghi địa bàn"
MEASURES = ("value", "percent", "change")


def metric_url(metric: Metric) -> str:
    """Site-relative URL of a metric's page."""
    return urls.metric(metric.slug)


@dataclass(frozen=True)
class Figure:
    """One reported figure, with the article that reports it."""

    article: Article
    stat: Stat
    order: int  # position in the article's `stats`

    @property
    def area(self) -> str | None:
        return self.stat.area

    @property
    def year(self) -> int:
        return self.stat.year

    def measure(self, name: str) -> float | None:
        """The figure's `value`, `percent` or `change`."""
        return getattr(self.stat, name)


@dataclass(frozen=True)
class Point:
    """One bar of a metric's chart: the figure shown for a year in an area."""

    year: int
    figure: Figure


@dataclass(frozen=True)
class Series:
    """A metric's figures in one area, by year (area None: no area given)."""

    area: str | None
    points: tuple[Point, ...]

    @property
    def label(self) -> str:
        return self.area or NO_AREA


@dataclass(frozen=True)
class MetricFigures:
    """Every figure of one metric, by year, area and publication."""

    metric: Metric
    figures: tuple[Figure, ...]

    @property
    def url(self) -> str:
        return metric_url(self.metric)

    @property
    def years(self) -> list[int]:
        return sorted({f.year for f in self.figures})

    @property
    def areas(self) -> list[str | None]:
        """Areas named by the figures, alphabetical; None (no area) last."""
        named = {f.area for f in self.figures if f.area}
        result: list[str | None] = sorted(named, key=sort_key)
        return result + ([None] if any(f.area is None for f in self.figures) else [])

    @property
    def measure(self) -> str:
        """What the chart plots: `value` if any figure has one, else `percent`, else `change`."""
        return next((m for m in MEASURES if any(f.measure(m) is not None for f in self.figures)), "value")

    @property
    def latest(self) -> Figure:
        """The figure of the latest year; among those, the most recently published."""
        return max(self.figures, key=lambda f: (f.year, f.article.date, f.article.url, f.order))

    def series(self) -> list[Series]:
        """Per area, one point per year: the most recently published figure with the measure."""
        measure = self.measure
        chosen: dict[tuple[str | None, int], Figure] = {}
        for figure in sorted(self.figures, key=_published):
            if figure.measure(measure) is not None:
                chosen[(figure.area, figure.year)] = figure
        result = []
        for area in self.areas:
            points = tuple(Point(year, chosen[(area, year)]) for year in self.years if (area, year) in chosen)
            if points:
                result.append(Series(area, points))
        return result


def _published(figure: Figure) -> tuple:
    return (figure.article.date, figure.article.url, figure.order)


def figures(articles: Iterable[Article]) -> list[Figure]:
    """Every figure of `articles`, by article date, URL and order in the article."""
    result = [Figure(a, s, i) for a in articles for i, s in enumerate(a.stats)]
    return sorted(result, key=_published)


def by_metric(articles: Iterable[Article], vocab: Vocabularies) -> list[MetricFigures]:
    """Metrics that have figures, in vocabulary order; figures by year, area, publication."""
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures(articles):
        grouped[figure.stat.metric_id].append(figure)
    result = []
    for metric in vocab.metrics.terms:
        found = grouped.get(metric.id)
        if found:
            found.sort(key=lambda f: (f.year, f.area is None, sort_key(f.area or ""), _published(f)))
            result.append(MetricFigures(metric, tuple(found)))
    return result


# ---- the bulletin's own activity -------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A label (year, category, province…) and how many."""

    label: str
    count: int


@dataclass(frozen=True)
class CrossTable:
    """Counts by year (rows, oldest first) and a second key (columns)."""

    years: tuple[int, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[int, str], int]

    def get(self, year: int, column: str) -> int:
        return self.cells.get((year, column), 0)

    def row_total(self, year: int) -> int:
        return sum(self.get(year, c) for c in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.get(y, column) for y in self.years)

    @property
    def total(self) -> int:
        return sum(self.cells.values())


@dataclass(frozen=True)
class Activity:
    """What the bulletin published: articles and awards, counted several ways."""

    articles: int
    per_year: tuple[Count, ...]
    per_category: tuple[Count, ...]
    per_event_type: tuple[Count, ...]
    per_province: tuple[Count, ...]
    awards_by_type: CrossTable
    awards_by_recipient: CrossTable


def _ranked(counter: Counter[str]) -> tuple[Count, ...]:
    """Most first, then alphabetical (Vietnamese order)."""
    return tuple(Count(k, n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], sort_key(kv[0]))))


def _cross(cells: Counter[tuple[int, str]], order: list[str]) -> CrossTable:
    used = {c for (_, c) in cells}
    columns = [c for c in order if c in used] + sorted(used - set(order), key=sort_key)
    return CrossTable(tuple(sorted({y for (y, _) in cells})), tuple(columns), dict(cells))


def activity(articles: Iterable[Article], vocab: Vocabularies) -> Activity:
    """Articles per year, category, event type and province; awards per year by type and
    by recipient type (sums of `count`)."""
    articles = list(articles)
    by_type: Counter[tuple[int, str]] = Counter()
    by_recipient: Counter[tuple[int, str]] = Counter()
    for article in articles:
        by_type.update(recipients_by(article.awards, lambda w: (w.year, w.award)))
        by_recipient.update(recipients_by(article.awards, lambda w: (w.year, w.recipient_type)))
    per_year = Counter(a.year for a in articles)
    return Activity(
        articles=len(articles),
        per_year=tuple(Count(str(y), per_year[y]) for y in sorted(per_year)),
        per_category=_ranked(Counter(a.category for a in articles)),
        per_event_type=_ranked(Counter(a.event.type for a in articles if a.event and a.event.type)),
        per_province=_ranked(Counter(a.province for a in articles if a.province)),
        awards_by_type=_cross(by_type, [t.name for t in vocab.award_types.terms]),
        awards_by_recipient=_cross(by_recipient, list(RECIPIENT_TYPES)),
    )


# ---- open data ---------------------------------------------------------------------


def _plain(number: float | None) -> float | int | None:
    """2863.0 -> 2863 (JSON and CSV show whole figures without ".0")."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def records(articles: list[Article]) -> list[dict]:
    """`thong-ke.json`/`.csv`: one record per stats entry, by date, URL, order in the article."""
    return [{
        "article": f.article.url,
        "title": f.article.title,
        "date": published_on(f.article).isoformat(),
        "metric": f.stat.metric,
        "value": _plain(f.stat.value),
        "total": _plain(f.stat.total),
        "percent": _plain(f.stat.percent if f.stat.percent is None else round(f.stat.percent, 2)),
        "change": _plain(f.stat.change),
        "year": f.stat.year,
        "area": f.stat.area,
    } for f in figures(articles)]


def published_on(article: Article) -> dt.date:
    """The article's publication date in Vietnam time."""
    return article.date.astimezone(VN_TZ).date()
