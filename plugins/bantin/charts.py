"""Bar charts as inline SVG, drawn at build time: no JavaScript, no network.

Written here rather than taken from a library: pygal (3.1) puts an inline `<script>`
config block and random ids in every chart even with `js=[]` (so two builds differ)
and has no text alternative; leather (0.4) draws fixed-size SVG without a viewBox,
with grey-on-grey labels below WCAG AA contrast; matplotlib's SVG draws text as paths
and weighs tens of kilobytes. A horizontal bar chart is a few dozen lines.

Horizontal bars read well on a 360 px phone: each bar has its label and its value
(Vietnamese form) on a line above it, so long Vietnamese labels wrap instead of
colliding. The viewBox is 360 units wide and the SVG scales to its column, so text
is drawn at about 14 px on a phone. Every text is escaped; each chart has `role="img"`,
an `aria-label` and `<title>`, and a `<desc>` listing every value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

WIDTH = 360
PAD = 2
FONT = 14  # px on a 360 px wide chart
LINE = 18  # line height of labels
BAR = 14  # bar thickness
ROW_GAP = 10
HEADING = 24  # height of a group heading
TEXT = "#1a1a1a"  # 17:1 on white
POSITIVE = "#8b1a1a"  # the site's red, 10:1 on white (graphics need 3:1)
NEGATIVE = "#1d4e89"  # blue for decreases, 8.6:1; the value text carries the sign too
AXIS = "#595959"  # 7:1
# Average advance of a character as a share of the font size: Vietnamese text in a
# system sans-serif font (diacritics do not widen letters); digits of bold values.
CHAR = 0.55
DIGIT = 0.62


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, and the value as shown ("2.863 (82,7%)")."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Group:
    """Bars under one heading (an area, a year); heading None: no heading."""

    heading: str | None
    bars: tuple[Bar, ...]


def _n(number: float) -> str:
    """A coordinate with at most one decimal."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def wrap(text: str, width: float, font: float = FONT) -> list[str]:
    """Split `text` into lines that fit `width` units at `font` size (estimated)."""
    limit = max(int(width / (font * CHAR)), 4)
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def describe(groups: Sequence[Group]) -> str:
    """The chart as text: "Cần Thơ — 2021: 1.200; 2022: 1.300. Đà Nẵng — …"."""
    parts = []
    for group in groups:
        values = "; ".join(f"{b.label}: {b.text}" for b in group.bars)
        parts.append(f"{group.heading} — {values}" if group.heading else values)
    return ". ".join(parts) + "."


def bar_chart(ident: str, title: str, groups: Sequence[Group],
              domain: tuple[float, float] | None = None) -> Markup:
    """A horizontal bar chart as inline SVG markup; empty markup when there are no bars.

    Args:
        ident: unique on the page; prefixes the ids of `<title>` and `<desc>`.
        title: what the chart shows; its accessible name.
        groups: the bars, under optional headings.
        domain: the scale's ends, widened to the values if they fall outside (percentages
            are drawn on 0-100, not stretched to the largest); default: zero to the values.
    """
    groups = [g for g in groups if g.bars]
    bars = [b for g in groups for b in g.bars]
    if not bars:
        return Markup("")
    low = min(0.0, *(b.value for b in bars), *(domain[:1] if domain else ()))
    high = max(0.0, *(b.value for b in bars), *(domain[1:] if domain else ()))
    span = (high - low) or 1.0
    plot = WIDTH - 2 * PAD

    def x(value: float) -> float:
        return PAD + (value - low) / span * plot

    zero = x(0.0)
    body: list[str] = []
    y = 0.0
    for group in groups:
        if group.heading:
            body.append(f'<text x="{PAD}" y="{_n(y + FONT + 4)}" font-weight="700">{escape(group.heading)}</text>')
            y += HEADING
        for bar in group.bars:
            value_width = len(bar.text) * FONT * DIGIT
            lines = wrap(bar.label, plot - value_width - 10)
            for i, line in enumerate(lines):
                body.append(f'<text x="{PAD}" y="{_n(y + FONT + i * LINE)}">{escape(line)}</text>')
            body.append(f'<text x="{WIDTH - PAD}" y="{_n(y + FONT)}" text-anchor="end" '
                        f'font-weight="700">{escape(bar.text)}</text>')
            y += len(lines) * LINE + 2
            start, end = sorted((zero, x(bar.value)))
            if bar.value != 0:
                colour = POSITIVE if bar.value > 0 else NEGATIVE
                body.append(f'<rect x="{_n(start)}" y="{_n(y)}" width="{_n(max(end - start, 1))}" '
                            f'height="{BAR}" fill="{colour}"/>')
            y += BAR + ROW_GAP
    if low < 0:  # a zero line, so that decreases read as going left of it
        body.insert(0, f'<line x1="{_n(zero)}" x2="{_n(zero)}" y1="0" y2="{_n(y)}" stroke="{AXIS}" '
                       'stroke-width="1"/>')
    height = _n(y)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bt-chart__svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" aria-describedby="{escape(ident)}-desc" '
        f'font-size="{FONT}" fill="{TEXT}">'
        f'<title>{escape(title)}</title><desc id="{escape(ident)}-desc">{escape(describe(groups))}</desc>'
        + "".join(body) + "</svg>")
