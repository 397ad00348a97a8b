"""Statistics: /thong-ke/ and metric pages (tables, percents, SVG charts), thong-ke open data."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from browser import SCREENSHOTS
from conftest import Built, article, build_once

from bantin.charts import NEGATIVE, POSITIVE, Bar, Group, bar_chart, wrap

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<b>Xã "Hòa" & co</b>'

# Figures across three years and two areas; one (2021, Cần Thơ) reported twice, the
# later report correcting it; a stated percent; a change-only figure; an area to escape.
TREE = {
    "articles/2021/a.md": article(
        title="Tổng kết năm 2020", date="15/01/2021", category="Phong trào toàn dân bảo vệ ANTQ",
        event="type: hội nghị\nprovince: Cần Thơ", stats="""
        - metric: Khu dân cư văn hóa
          value: 2863
          total: 3462
          year: 2020
          area: Cần Thơ
        - metric: Khu dân cư đạt An toàn về ANTT
          value: 3321
          percent: "94,75"
          year: 2020
          area: Cần Thơ
        """, awards="""
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: tập thể
          count: 9
          year: 2020
        - award: Giấy khen
          issuer: Giám đốc Công an tỉnh
          recipient_type: cá nhân
          count: 4
          year: 2020
        """),
    "articles/2022/b.md": article(
        title="Sơ kết năm 2021", date="10/01/2022", category="Tin địa phương",
        event="type: ngày hội\nprovince: Quảng Nam", stats=f"""
        - metric: Khu dân cư văn hóa
          value: 2950
          total: 3462
          year: 2021
          area: Cần Thơ
        - metric: khu-dan-cu-van-hoa
          value: 1200
          total: 1500
          year: 2021
          area: Đà Nẵng
        - metric: Tội phạm về trật tự xã hội
          change: "-11,9"
          year: 2021
          area: '{EVIL}'
        """, awards="""
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: cá nhân
          count: 3
          year: 2021
        """),
    "articles/2022/c.md": article(
        title="Đính chính số liệu năm 2021", date="20/02/2022", category="Tin địa phương", stats="""
        - metric: Gia đình văn hóa
          value: 507361
          year: 2021
        - metric: Khu dân cư văn hóa
          value: 2951
          total: 3462
          year: 2021
          area: Cần Thơ
        - metric: Khu dân cư văn hóa
          value: 1300
          total: 1500
          year: 2022
          area: Đà Nẵng
        - metric: Tội phạm về trật tự xã hội
          change: "3,2"
          year: 2022
          area: '{EVIL}'
        """.replace("{EVIL}", EVIL)),
    "articles/2022/draft.md": article(title="Nháp", date="01/03/2022", draft="true", stats="""
        - metric: Khu dân cư văn hóa
          value: 9999
          year: 2022
        """),
}


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b[^>]*class=\"bt-chart__svg\".*?</svg>", html, re.S)


def svg_labelled(html: str, label: str) -> ET.Element:
    """The chart whose accessible name is `label`, parsed (so it must be well-formed XML)."""
    for text in svgs(html):
        root = ET.fromstring(text)
        if root.get("aria-label") == label:
            return root
    have = [ET.fromstring(s).get("aria-label") for s in svgs(html)]
    raise AssertionError(f"no chart labelled {label!r}; have {have}")


def texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def rows(html: str, table_class: str = "bt-figures") -> list[list[str]]:
    """Cells of a table as text (tags stripped)."""
    table = re.search(rf'<table class="bt-table[^"]* {table_class}">.*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.fixture(scope="module")
def stats_site(tmp_path_factory) -> Built:
    """TREE built once: the tests below only read it."""
    return build_once(tmp_path_factory, TREE)


def test_metric_page_lists_every_figure_with_percents_and_sources(stats_site):
    site = stats_site
    html = site.html("/thong-ke/khu-dan-cu-van-hoa/")
    assert "<h1>Khu dân cư văn hóa</h1>" in html
    assert rows(html) == [
        ["2020", "Cần Thơ", "2.863", "3.462", "82,7%", "Tổng kết năm 2020 15/01/2021"],
        ["2021", "Cần Thơ", "2.950", "3.462", "85,21%", "Sơ kết năm 2021 10/01/2022"],
        ["2021", "Cần Thơ", "2.951", "3.462", "85,24%", "Đính chính số liệu năm 2021 20/02/2022"],
        ["2021", "Đà Nẵng", "1.200", "1.500", "80%", "Sơ kết năm 2021 10/01/2022"],
        ["2022", "Đà Nẵng", "1.300", "1.500", "86,67%", "Đính chính số liệu năm 2021 20/02/2022"],
    ]
    # No figure of this metric has a change: the column is left out, not shown empty.
    assert ">Thay đổi</th>" not in html and ">Tổng số</th>" in html
    assert '<a href="../../bai-viet/2021/tong-ket-nam-2020/">Tổng kết năm 2020</a>' in html
    assert '<span title="Tính từ giá trị và tổng số">82,7%</span>' in html
    assert "9.999" not in html  # the draft's figure is not published

    stated = site.html("/thong-ke/khu-dan-cu-an-toan-antt/")
    assert rows(stated) == [["2020", "Cần Thơ", "3.321", "94,75%", "Tổng kết năm 2020 15/01/2021"]]
    assert ">Tổng số</th>" not in stated and ">Tỷ lệ</th>" in stated
    assert "Tính từ" not in stated.split("<tbody>")[1].split("</tbody>")[0]  # stated, not computed

    # Figures without a total are shown as they are.
    assert rows(site.html("/thong-ke/ho-gia-dinh-van-hoa/")) == [
        ["2021", "507.361", "Đính chính số liệu năm 2021 20/02/2022"]]


def test_metric_chart_is_inline_labelled_svg_grouped_by_area(stats_site):
    site = stats_site
    html = site.html("/thong-ke/khu-dan-cu-van-hoa/")
    assert len(svgs(html)) == 1
    title = "Khu dân cư văn hóa theo năm và địa bàn, đơn vị: khu dân cư"
    svg = svg_labelled(html, title)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == title
    assert svg.get("viewBox").startswith("0 0 360 ") and svg.get("width") == "100%"
    desc = svg.find(f"{SVG}desc")
    assert svg.get("aria-describedby") == desc.get("id")
    # One bar per (area, year); the later report of 2021 in Cần Thơ wins.
    assert desc.text == ("Cần Thơ — 2020: 2.863 (82,7%); 2021: 2.951 (85,24%). "
                         "Đà Nẵng — 2021: 1.200 (80%); 2022: 1.300 (86,67%).")
    assert texts(svg) == ["Cần Thơ", "2020", "2.863 (82,7%)", "2021", "2.951 (85,24%)",
                          "Đà Nẵng", "2021", "1.200 (80%)", "2022", "1.300 (86,67%)"]
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert len(widths) == 4 and max(widths) == 356  # the largest value spans the plot
    assert widths[0] / widths[1] == pytest.approx(2863 / 2951, rel=1e-3)
    assert "<script" not in html.split('<div class="md-content"')[1].split("</article>")[0]


def test_change_only_metric_is_charted_by_its_changes_and_escaped(stats_site):
    site = stats_site
    html = site.html("/thong-ke/toi-pham-trat-tu-xa-hoi/")
    assert rows(html) == [
        ["2021", EVIL.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;"),
         "−11,9%", "Sơ kết năm 2021 10/01/2022"],
        ["2022", EVIL.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;"),
         "+3,2%", "Đính chính số liệu năm 2021 20/02/2022"],
    ]
    assert ">Giá trị</th>" not in html and ">Thay đổi</th>" in html
    assert EVIL not in html and "<b>" not in html
    # A change is in %, never in the metric's unit (issue 13: "đơn vị: vụ" on a change).
    svg = svg_labelled(html, "Tội phạm về trật tự xã hội theo năm (thay đổi so với kỳ trước), đơn vị: %")
    assert "đơn vị: vụ" not in html
    assert texts(svg)[0] == EVIL  # parsed back: it was escaped in the SVG
    assert "−11,9%" in texts(svg) and "+3,2%" in texts(svg)
    fills = [r.get("fill") for r in svg.iter(f"{SVG}rect")]
    assert fills == [NEGATIVE, POSITIVE]
    assert svg.find(f"{SVG}line") is not None  # the zero line


def test_overview_lists_metrics_and_charts_the_bulletins_activity(stats_site):
    site = stats_site
    html = site.html("/thong-ke/")
    for metric, slug, latest in [
            ("Khu dân cư văn hóa", "khu-dan-cu-van-hoa", "1.300/1.500 khu dân cư (86,67%)"),
            ("Hộ gia đình văn hóa", "ho-gia-dinh-van-hoa", "507.361 hộ"),
            ("Khu dân cư đạt An toàn về ANTT", "khu-dan-cu-an-toan-antt", "3.321 khu dân cư (94,75%)"),
            ("Tội phạm về trật tự xã hội", "toi-pham-trat-tu-xa-hoi", "+3,2%")]:
        assert f'<a href="{slug}/">{metric}</a>' in html
        assert latest in html
    assert "Khu dân cư 5 không" not in html  # a metric with no figures is not listed
    assert '<a href="../du-lieu/thong-ke.json"' in html and '<a href="../du-lieu/thong-ke.csv"' in html

    per_year = svg_labelled(html, "Bài viết theo năm")
    assert per_year.find(f"{SVG}desc").text == "2021: 1; 2022: 2."
    assert svg_labelled(html, "Bài viết theo chuyên mục").find(f"{SVG}desc").text == (
        "Tin địa phương: 2; Phong trào toàn dân bảo vệ ANTQ: 1.")
    assert svg_labelled(html, "Bài viết theo loại sự kiện").find(f"{SVG}desc").text == "Hội nghị: 1; Ngày hội: 1."
    assert svg_labelled(html, "Bài viết theo tỉnh, thành phố").find(f"{SVG}desc").text == (
        "Cần Thơ: 1; Quảng Nam (nay thuộc Đà Nẵng): 1.")
    assert svg_labelled(html, "Khen thưởng theo năm và hình thức").find(f"{SVG}desc").text == (
        "2020 — Bằng khen: 9; Giấy khen: 4. 2021 — Bằng khen: 3.")
    assert svg_labelled(html, "Khen thưởng theo năm và đối tượng").find(f"{SVG}desc").text == (
        "2020 — Tập thể: 9; Cá nhân: 4. 2021 — Cá nhân: 3.")
    # Each chart has its data table beside it.
    block = html.split('id="khen-thuong-theo-hinh-thuc"')[1].split('<div class="bt-chart"')[0]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", block)]
    assert cells == ["Năm", "Bằng khen", "Giấy khen", "Tổng", "2020", "9", "4", "13", "2021", "3", "0", "3",
                     "Tổng", "12", "4", "16"]
    assert '<a href="../nam/2021/">2021</a>' in html


def test_article_stats_link_to_metric_pages(stats_site):
    site = stats_site
    html = site.html("/bai-viet/2022/dinh-chinh-so-lieu-nam-2021/")
    assert '<a href="../../../thong-ke/ho-gia-dinh-van-hoa/">Hộ gia đình văn hóa</a>' in html
    assert '<a href="../../../thong-ke/khu-dan-cu-van-hoa/">Khu dân cư văn hóa</a>' in html


def test_stats_open_data_records_exactly(stats_site, build_site):
    site = stats_site
    base = "https://bantin.example.vn"
    a = (base + "/bai-viet/2021/tong-ket-nam-2020/", "Tổng kết năm 2020", "2021-01-15")
    b = (base + "/bai-viet/2022/so-ket-nam-2021/", "Sơ kết năm 2021", "2022-01-10")
    c = (base + "/bai-viet/2022/dinh-chinh-so-lieu-nam-2021/", "Đính chính số liệu năm 2021", "2022-02-20")

    def rec(src, metric, value, total, percent, change, year, area):
        return {"article": src[0], "title": src[1], "date": src[2], "metric": metric, "value": value,
                "total": total, "percent": percent, "change": change, "year": year, "area": area}

    expected = [
        rec(a, "Khu dân cư văn hóa", 2863, 3462, 82.7, None, 2020, "Cần Thơ"),
        rec(a, "Khu dân cư đạt An toàn về ANTT", 3321, None, 94.75, None, 2020, "Cần Thơ"),
        rec(b, "Khu dân cư văn hóa", 2950, 3462, 85.21, None, 2021, "Cần Thơ"),
        rec(b, "Khu dân cư văn hóa", 1200, 1500, 80, None, 2021, "Đà Nẵng"),
        rec(b, "Tội phạm về trật tự xã hội", None, None, None, -11.9, 2021, EVIL),
        rec(c, "Hộ gia đình văn hóa", 507361, None, None, None, 2021, None),
        rec(c, "Khu dân cư văn hóa", 2951, 3462, 85.24, None, 2021, "Cần Thơ"),
        rec(c, "Khu dân cư văn hóa", 1300, 1500, 86.67, None, 2022, "Đà Nẵng"),
        rec(c, "Tội phạm về trật tự xã hội", None, None, None, 3.2, 2022, EVIL),
    ]
    records = site.json("du-lieu/thong-ke.json")
    assert records == expected
    assert [list(r) for r in records] == [list(expected[0])] * len(expected)  # key order
    raw = (site.site / "du-lieu/thong-ke.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert table[0] == ["article", "title", "date", "metric", "value", "total", "percent", "change", "year", "area"]
    assert table[1] == [a[0], a[1], a[2], "Khu dân cư văn hóa", "2863", "3462", "82.7", "", "2020", "Cần Thơ"]
    assert table[5] == [b[0], b[1], b[2], "Tội phạm về trật tự xã hội", "", "", "", "-11.9", "2021", EVIL]
    assert len(table) == 10
    again = build_site(TREE)
    assert (again.site / "du-lieu/thong-ke.csv").read_bytes() == raw


def test_site_without_figures_has_an_empty_statistics_page(build_site):
    site = build_site({"articles/a.md": article(title="Chỉ là tin")})
    html = site.html("/thong-ke/")
    assert "Chưa có số liệu." in html
    # One year, one count: a number in the table, not a bar filling the width.
    assert svgs(html) == [] and "Bài viết theo năm" in html
    assert site.json("du-lieu/thong-ke.json") == []


def sample_site(build_site, tmp_path):
    return build_site.sample()


def test_sample_content_statistics_show_the_source_reports_figures(build_site, tmp_path):
    site = sample_site(build_site, tmp_path)
    html = site.html("/thong-ke/")
    for expected in ["2.863/3.462 khu dân cư (82,7%)", "3.321 khu dân cư (94,75%)", "−11,9%",
                     "507.361 hộ", "772 nhà trường (98,9%)"]:
        assert expected in html, expected
    assert '<a href="thong-ke/" class="md-tabs__link">' in site.html("/")  # in the nav
    kdc = site.html("/thong-ke/khu-dan-cu-van-hoa/")
    assert rows(kdc)[0][:4] == ["2020", "2.863", "3.462", "82,7%"]
    # One figure: shown as a number with its context, not drawn as a full-width bar.
    assert svgs(kdc) == []
    assert re.search(r'bt-single__value">2.863/3.462 khu dân cư \(82,7%\)</strong>\s*'
                     r'<span class="bt-single__context">Số liệu năm 2020;', kdc)
    antt = site.html("/thong-ke/khu-dan-cu-an-toan-antt/")
    assert rows(antt)[0][:3] == ["2020", "3.321", "94,75%"]
    crime = site.html("/thong-ke/toi-pham-trat-tu-xa-hoi/")
    assert rows(crime)[0][:3] == ["2022", "quận Ninh Kiều, TP Cần Thơ", "−11,9%"]
    assert svgs(crime) == [] and 'bt-single__value">−11,9%</strong>' in crime
    assert "thay đổi so với kỳ trước, đơn vị: %" in crime and "đơn vị: vụ" not in crime
    records = site.json("du-lieu/thong-ke.json")
    assert {"metric": "Khu dân cư văn hóa", "value": 2863, "total": 3462, "percent": 82.7}.items() <= next(
        r for r in records if r["metric"] == "Khu dân cư văn hóa").items()


def test_long_labels_wrap_and_every_text_is_escaped():
    assert wrap("Phong trào toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư", 150) == [
        "Phong trào toàn dân", "bảo vệ an ninh Tổ", "quốc ở khu dân cư"]  # 150 units: 19 characters
    svg = bar_chart("x", 'Tiêu đề <"&">', [Group("<i>", (Bar("<b>", 1, "1 & 2"),))])
    root = ET.fromstring(str(svg))
    assert root.get("aria-label") == 'Tiêu đề <"&">' and texts(root) == ["<i>", "<b>", "1 & 2"]
    assert bar_chart("y", "Trống", []) == ""


def test_statistics_page_on_a_phone(build_site, tmp_path, serve, chromium):
    site = sample_site(build_site, tmp_path)
    base = serve(site.site) + "/"
    phone = chromium.new_page(viewport={"width": 390, "height": 844})
    SCREENSHOTS.mkdir(exist_ok=True)
    for path, shot, least in [("thong-ke/", "thong-ke-390.png", 4),
                              ("thong-ke/khu-dan-cu-van-hoa/", "thong-ke-khu-dan-cu-van-hoa-390.png", 0)]:
        phone.goto(base + path)
        assert phone.title().startswith(("Thống kê", "Khu dân cư văn hóa"))
        phone.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
        # No sideways scrolling: wide tables scroll inside their own box.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        charts = phone.locator("svg.bt-chart__svg")
        assert charts.count() >= least, path
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            assert chart.is_visible()
            box = chart.bounding_box()
            assert box["width"] >= 300 and box["height"] > 0, (path, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, box)
        if not least:  # a single figure: its number is shown instead of a chart
            assert phone.locator(".bt-single__value").is_visible(), path
            continue
        # Chart text is legible on the phone: a line of it is at least 12 CSS px high.
        height = phone.evaluate("document.querySelector('svg.bt-chart__svg text').getBoundingClientRect().height")
        assert height >= 12, path


def test_a_preview_build_does_not_leak_drafts_into_the_next_build(build_site):
    # MkDocs reuses the plugin instance across builds in one process.
    assert "9.999" in build_site(TREE, preview=True).html("/thong-ke/khu-dan-cu-van-hoa/")
    site = build_site(TREE)
    assert "9.999" not in site.html("/thong-ke/khu-dan-cu-van-hoa/")
    assert all(r["value"] != 9999 for r in site.json("du-lieu/thong-ke.json"))


def test_percent_bars_are_drawn_on_0_to_100_and_changes_from_zero():
    """Issue 13: a share is not stretched to the largest share; a change starts at zero."""
    share = ET.fromstring(str(bar_chart("p", "Tỷ lệ", [Group(None, (Bar("2020", 50, "50%"),
                                                                     Bar("2021", 25, "25%")))],
                                        domain=(0.0, 100.0))))
    widths = [float(r.get("width")) for r in share.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(356 / 2, abs=0.2) and widths[1] == pytest.approx(356 / 4, abs=0.2)
    change = ET.fromstring(str(bar_chart("c", "Thay đổi", [Group(None, (Bar("2021", -10, "−10%"),
                                                                        Bar("2022", 5, "+5%")))])))
    zero = float(change.find(f"{SVG}line").get("x1"))
    rects = list(change.iter(f"{SVG}rect"))
    assert float(rects[0].get("x")) + float(rects[0].get("width")) == pytest.approx(zero, abs=0.2)
    assert float(rects[1].get("x")) == pytest.approx(zero, abs=0.2)
