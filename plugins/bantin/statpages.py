"""The statistics pages: `/thong-ke/` (overview) and `/thong-ke/<metric-slug>/`.

Turns the aggregates of `stats.py` into page contexts and charts; the templates
`stats.html` and `metric.html` show them.
"""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from . import urls, vnformat
from .charts import Bar, Group, bar_chart
from .site import Site, VirtualPage, category_url
from .reader import stat_text
from .stats import Activity, Count, CrossTable, Figure, MetricFigures, activity, by_metric

DATASET = "thong-ke"
MEASURE_NOTE = {"value": "", "percent": " (tỷ lệ %)", "change": " (thay đổi so với kỳ trước)"}


def capital(text: str) -> str:
    """"hội nghị" -> "Hội nghị" (only the first letter; the rest is kept)."""
    return text[:1].upper() + text[1:]


def figure_text(figure: Figure, unit: str = "") -> str:
    """A figure in one phrase: "2.863/3.462 khu dân cư (82,7%)", "3.321 (94,75%)", "−11,9%"."""
    return stat_text(figure.stat, unit)


def bar_text(figure: Figure, measure: str) -> str:
    """The value a chart writes beside a bar."""
    s = figure.stat
    if measure == "value":
        return vnformat.number(s.value) + (f" ({vnformat.percent(s.percent)})" if s.percent is not None else "")
    if measure == "percent":
        return vnformat.percent(s.percent)
    return vnformat.change(s.change)


def metric_unit(m: MetricFigures) -> str:
    """The unit of what a metric's chart plots: the metric's own for values, "%" for
    shares and changes (a figure with only a change is never in the metric's unit)."""
    return (m.metric.unit or "") if m.measure == "value" else "%"


def single_figure(m: MetricFigures) -> Figure | None:
    """The one figure a chart would draw, when there is only one: it is shown as a
    number with its context, not as a bar that fills the width."""
    points = [p for s in m.series() for p in s.points]
    return points[0].figure if len(points) == 1 else None


def metric_chart(m: MetricFigures) -> tuple[str, Markup]:
    """Title and SVG of a metric's chart over years (grouped by area when several);
    no SVG for a single figure (see `single_figure`)."""
    series = m.series()
    several = len(series) > 1
    measure = m.measure
    unit = f", đơn vị: {metric_unit(m)}" if metric_unit(m) else ""
    title = f"{m.metric.name} theo năm{' và địa bàn' if several else ''}{MEASURE_NOTE[measure]}{unit}"
    groups = [Group(s.label if several or s.area else None,
                    tuple(Bar(str(p.year), p.figure.measure(measure), bar_text(p.figure, measure))
                          for p in s.points))
              for s in series]
    if single_figure(m) is not None:
        return title, Markup("")
    # Shares on 0-100; changes from zero, both ways.
    domain = (0.0, 100.0) if measure == "percent" else None
    return title, bar_chart(f"bieu-do-{m.metric.slug}", title, groups, domain)


def _count_chart(ident: str, title: str, rows: Iterable[Count]) -> Markup:
    rows = list(rows)
    if len(rows) < 2:  # one count is a number, in the table beside; not a full bar
        return Markup("")
    return bar_chart(ident, title, [Group(None, tuple(Bar(r.label, r.count, vnformat.number(r.count))
                                                      for r in rows))])


def _cross_chart(ident: str, title: str, table: CrossTable) -> Markup:
    return bar_chart(ident, title, [
        Group(str(year), tuple(Bar(capital(c), table.get(year, c), vnformat.number(table.get(year, c)))
                               for c in table.columns if table.get(year, c)))
        for year in table.years])


def _block(ident: str, title: str, chart: Markup, rows: list[dict], head: str) -> dict:
    return {"id": ident, "title": title, "chart": chart, "rows": rows, "head": head}


def activity_blocks(site: Site, act: Activity) -> list[dict]:
    """The overview's activity charts, each with the rows of its data table."""
    def province_label(name: str) -> str:
        province = site.vocab.provinces.lookup(name)
        return f"{name} (nay thuộc {province.successor})" if province and province.successor else name

    lists = [
        ("bai-viet-theo-nam", "Bài viết theo năm", "Năm",
         [dict(label=c.label, count=c.count, url=urls.year(c.label)) for c in act.per_year]),
        ("bai-viet-theo-chuyen-muc", "Bài viết theo chuyên mục", "Chuyên mục",
         [dict(label=c.label, count=c.count, url=category_url(site, c.label)) for c in act.per_category]),
        ("bai-viet-theo-loai-su-kien", "Bài viết theo loại sự kiện", "Loại sự kiện",
         [dict(label=capital(c.label), count=c.count) for c in act.per_event_type]),
        ("bai-viet-theo-tinh", "Bài viết theo tỉnh, thành phố", "Tỉnh, thành phố",
         [dict(label=province_label(c.label), count=c.count) for c in act.per_province]),
    ]
    blocks = []
    for ident, title, head, rows in lists:
        if rows:
            chart = _count_chart(f"bieu-do-{ident}", title,
                                 [Count(r["label"], r["count"]) for r in rows])
            blocks.append(_block(ident, title, chart, rows, head))
    return blocks


def award_blocks(act: Activity) -> list[dict]:
    """Awards per year by award type and by recipient type: chart and cross table."""
    blocks = []
    for ident, title, table in (
            ("khen-thuong-theo-hinh-thuc", "Khen thưởng theo năm và hình thức", act.awards_by_type),
            ("khen-thuong-theo-doi-tuong", "Khen thưởng theo năm và đối tượng", act.awards_by_recipient)):
        if table.total:
            blocks.append({"id": ident, "title": title, "table": table,
                           "columns": [capital(c) for c in table.columns],
                           "chart": _cross_chart(f"bieu-do-{ident}", title, table)})
    return blocks


def statistics(site: Site) -> Iterable[VirtualPage]:
    """`/thong-ke/` and one page per metric that has figures."""
    metrics = by_metric(site.articles, site.vocab)
    act = activity(site.articles, site.vocab)
    data = {kind: urls.data_file(f"{DATASET}.{kind}") for kind in ("json", "csv")}
    overview = [{"name": m.metric.name, "url": m.url, "count": len(m.figures), "years": m.years,
                 "latest": m.latest, "latest_text": figure_text(m.latest, m.metric.unit)} for m in metrics]
    yield VirtualPage(urls.source_uri(urls.STATS), "Thống kê", "stats.html", {
        "metrics": overview, "activity": act, "blocks": activity_blocks(site, act),
        "award_blocks": award_blocks(act), "data": data},
        description="Số liệu phong trào theo năm và địa bàn; bài viết và khen thưởng theo năm.")
    for m in metrics:
        title, chart = metric_chart(m)
        single = single_figure(m)
        yield VirtualPage(urls.source_uri(m.url), m.metric.name, "metric.html", {
            "metric": m.metric, "figures": m.figures, "chart": chart, "chart_title": title,
            "unit": metric_unit(m), "measure": m.measure,
            "single": {"figure": single, "text": figure_text(single, m.metric.unit if m.measure == "value" else "")}
            if single else None,
            "areas": m.areas, "years": m.years, "data": data},
            description=f"{m.metric.name}: mọi số liệu các bài viết đã đưa, theo năm và địa bàn.")
