"""The news front page (`/`): a lead story with its photo, the latest news, the honour
roll's totals of the current year, key figures, and the ways into the site.

Pure: builds a page context from `Site`; `templates/home.html` shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from . import awards
from .model import VN_TZ, Article
from . import urls
from .site import Site, VirtualPage, category_url
from .stats import by_metric
from .statpages import figure_text

KEY_FIGURES = 4  # metrics shown in the key-figures box
LEAD_SEARCH = 5  # the lead is the newest article with a photo among this many, if any


@dataclass(frozen=True)
class YearBox:
    """The honour roll's totals of one year, for the box on the home page."""

    year: int
    current: bool  # the calendar year of the build (else: the latest year with awards)
    row: awards.Row
    entries: int
    url: str


def choose_lead(site: Site) -> Article | None:
    """The story that leads the page: the newest pinned article, else the newest
    article with a photo among the latest few, else the newest article."""
    if not site.articles:
        return None
    pinned = [a for a in site.articles if a.pin]
    if pinned:
        return pinned[0]
    return next((a for a in site.articles[:LEAD_SEARCH] if a.photos), site.articles[0])


def year_box(site: Site, today: dt.date) -> YearBox | None:
    """Totals of the current year, or of the latest year that has awards."""
    items = awards.entries(site.articles)
    if not items:
        return None
    years = {e.award.year for e in items}
    year = today.year if today.year in years else max(years)
    chosen = [e for e in items if e.award.year == year]
    totals = awards.totals(chosen, site.vocab)
    return YearBox(year, year == today.year, totals.all, totals.entries, awards.year_url(year))


def key_figures(site: Site, limit: int = KEY_FIGURES) -> list[dict]:
    """The latest figure of the first metrics (vocabulary order), each with its context."""
    result = []
    for m in by_metric(site.articles, site.vocab)[:limit]:
        latest = m.latest
        result.append({"name": m.metric.name, "url": m.url, "text": figure_text(latest, m.metric.unit),
                       "year": latest.year, "area": latest.area})
    return result


def home_page(site: Site, today: dt.date | None = None) -> Iterable[VirtualPage]:
    """`/`: the front page."""
    today = today or dt.datetime.now(VN_TZ).date()
    lead = choose_lead(site)
    rest = [a for a in site.articles if a is not lead]
    featured = [a for a in rest if a.pin][:3]
    latest = [a for a in rest if a not in featured][: site.home_latest]
    counts: dict[str, int] = {}
    for a in site.articles:
        counts[a.category] = counts.get(a.category, 0) + 1
    categories = [{"name": t.name, "url": category_url(site, t.name), "count": counts[t.name]}
                  for t in site.vocab.categories.terms if counts.get(t.name)]
    years = sorted({a.year for a in site.articles}, reverse=True)
    yield VirtualPage(urls.source_uri(urls.HOME), "Trang chủ", "home.html", {
        "lead": lead, "lead_category_url": category_url(site, lead.category) if lead else None,
        "featured": featured, "latest": latest, "year_box": year_box(site, today),
        "figures": key_figures(site), "categories": categories, "years": years,
        "people": len(site.people.persons), "articles_total": len(site.articles)})
