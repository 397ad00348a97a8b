"""What the reader of an article page sees besides the text: the news header's date
line, the compact facts box, and heading anchors that keep đ as d.

Pure: plain functions over the model; `templates/article.html` shows the results.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import vnformat
from .model import VN_TZ, Article, Award, Stat
from .names import ascii_fold

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_NOT_ANCHOR = re.compile(r"[^a-z0-9]+")


def news_date(moment: dt.datetime, has_time: bool) -> str:
    """The date line of a Vietnamese news page, Vietnam time:
    "Thứ Năm, 18/08/2022, 14:32 (GMT+7)", or "Thứ Năm, 18/08/2022" without a time."""
    local = moment.astimezone(VN_TZ) if moment.tzinfo else moment
    text = f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"
    return f"{text}, {local:%H:%M} (GMT+7)" if has_time else text


def heading_slug(value: str, separator: str = "-") -> str:
    """Anchor of a heading for Python-Markdown's `toc` (its `slugify` option):
    "Ngày hội đầu tiên" -> "ngay-hoi-dau-tien" (đ kept as d, which the default drops)."""
    slug = _NOT_ANCHOR.sub(separator, ascii_fold(value).lower()).strip(separator)
    return slug or "muc"


@dataclass(frozen=True)
class AwardLine:
    """One award type of one issuer in an article: "Bằng khen: 9 tập thể, 12 cá nhân"."""

    award: str
    name: str | None
    counts: str  # "9 tập thể, 12 cá nhân"
    for_: str | None
    year: int | None  # only when it differs from the article's year
    awards: tuple[Award, ...]


@dataclass(frozen=True)
class IssuerGroup:
    """The awards one issuer gave in an article."""

    issuer: str
    lines: tuple[AwardLine, ...]


def award_groups(article: Article) -> list[IssuerGroup]:
    """The article's awards grouped by issuer, then award type (and full name), in the
    order the article gives them; counts by recipient type summed within a group.
    Entries that differ in what they were given for, their year or their decision are
    separate grants (each with its own record on the honour roll): they get their own
    line, so that no reason or decision is shown for another entry's recipients."""
    by_issuer: dict[str, dict[tuple, list[Award]]] = {}
    for w in article.awards:
        key = (w.award, w.name if w.name != w.award else None, w.for_, w.year, w.decision, w.decision_date)
        by_issuer.setdefault(w.issuer, {}).setdefault(key, []).append(w)
    groups = []
    for issuer, kinds in by_issuer.items():
        lines = []
        for (award, name, *_), items in kinds.items():
            counts: dict[str, int] = {}
            for w in items:
                counts[w.recipient_type] = counts.get(w.recipient_type, 0) + w.count
            reasons = {w.for_ for w in items if w.for_}
            years = {w.year for w in items}
            year = years.pop() if len(years) == 1 else None
            lines.append(AwardLine(
                award=award, name=name,
                counts=", ".join(f"{vnformat.number(n)} {kind}" for kind, n in counts.items()),
                for_=reasons.pop() if len(reasons) == 1 else None,
                year=year if year is not None and year != article.year else None, awards=tuple(items)))
        groups.append(IssuerGroup(issuer, tuple(lines)))
    return groups


def stat_note(stat: Stat, article: Article) -> str:
    """Year and area of a figure, only where they differ from the article's own year:
    no "Năm: 2020" repeated on every line."""
    parts = []
    if stat.year != article.year:
        parts.append(f"năm {stat.year}")
    if stat.area:
        parts.append(stat.area)
    return ", ".join(parts)


def stat_text(stat: Stat, unit: str = "") -> str:
    """A figure in one phrase with the metric's unit: "2.863/3.462 khu dân cư (82,7%)";
    a figure that has only a change has no unit: "−11,9%"."""
    parts = []
    if stat.value is not None:
        amount = vnformat.number(stat.value) + (f"/{vnformat.number(stat.total)}" if stat.total is not None else "")
        parts.append(f"{amount} {unit}".strip())
    if stat.percent is not None:
        parts.append(f"({vnformat.percent(stat.percent)})" if parts else vnformat.percent(stat.percent))
    if stat.change is not None:
        parts.append(("thay đổi " if parts else "") + vnformat.change(stat.change))
    return " ".join(parts)

