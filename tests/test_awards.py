"""Honour roll, people, places and the `khen-thuong` open data, on sites whose totals
were computed by hand.

The hand-made site (published articles only; the draft and the 2099 article add
100 and 1000 that must not appear anywhere):

| article | award | issuer (as written → canonical) | type | count | year |
|---|---|---|---|---|---|
| A 15/01/2021 Cần Thơ | Bằng khen | Ủy ban nhân dân tỉnh → UBND tỉnh | tập thể | 5 | 2021 |
| A | Giấy khen | Giám đốc Công an TP → Giám đốc Công an thành phố | cá nhân | 4 (2 named) | 2020 |
| B 10/06/2022 Quảng Nam | Bằng khen | UBND tỉnh | cá nhân | (2 named) | 2022 |
| B | Kỷ niệm chương | Bộ Công an | cá nhân | 8 | 2022 |
| C 01/03/2022 Hà Nội | Giấy khen | Chủ tịch UBND quận | cá nhân | 6 (5 named) | 2022 |

Totals: 25 (tập thể 5, cá nhân 20). Years: 2022 16, 2021 5, 2020 4. Award types:
Bằng khen 7 (5 + 2), Giấy khen 10, Kỷ niệm chương 8. Issuers: Bộ Công an 8,
UBND tỉnh 7 (5 + 2), Giám đốc Công an thành phố 4, Chủ tịch UBND quận 6.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from conftest import Built, article, build_once

NFD_THUY = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")  # new tone placement, decomposed
A_URL = "/bai-viet/2021/le-khen-thuong-can-tho/"
B_URL = "/bai-viet/2022/trao-thuong-quang-nam/"
C_URL = "/bai-viet/2022/giay-khen-quan/"
SITE = "https://bantin.example.vn"  # site_url of the test sites (conftest.MKDOCS_YML), no trailing slash

TREE = {
    "articles/a.md": article(
        title="Lễ khen thưởng Cần Thơ", date="15/01/2021", category="Khen thưởng",
        event="type: lễ trao thưởng\nprovince: TP Cần Thơ",
        officials="""
        - name: Nguyễn Văn An
          rank: Thiếu tướng
          position: Giám đốc Công an thành phố
          role: trao thưởng
        """,
        awards="""
        - award: Bằng khen
          issuer: Ủy ban nhân dân tỉnh
          recipient_type: tập thể
          count: 5
        - award: Giấy khen
          name: Giấy khen của Giám đốc Công an thành phố
          issuer: Giám đốc Công an TP
          recipient_type: cá nhân
          count: 4
          year: 2020
          for: thành tích xuất sắc năm 2020
          recipients: [Nguyễn Thị Thuỷ, Lê Văn Đức]
        """),
    "articles/b.md": article(
        title="Trao thưởng Quảng Nam", date="10/06/2022 09:00", category="Khen thưởng",
        event="type: lễ trao thưởng\nprovince: Quảng Nam",
        officials="""
        - name: nguyễn văn an
          rank: Trung tướng
          position: Thứ trưởng Bộ Công an
          role: dự
        """,
        awards=f"""
        - award: Bằng khen
          issuer: UBND tỉnh
          recipient_type: cá nhân
          recipients:
            - name: {NFD_THUY}
              rank: Thiếu tá
              unit: Công an huyện Duy Xuyên
            - Đặng Văn Bình
        - award: Kỷ niệm chương
          name: Kỷ niệm chương "Bảo vệ an ninh Tổ quốc"
          issuer: Bộ Công an
          recipient_type: cá nhân
          count: 8
        """),
    "articles/c.md": article(
        title="Giấy khen quận", date="01/03/2022", category="Khen thưởng",
        event="type: lễ trao thưởng\nprovince: Hà Nội",
        awards="""
        - award: Giấy khen
          issuer: Chủ tịch Ủy ban nhân dân quận
          recipient_type: cá nhân
          count: 6
          for: thành tích trong phong trào toàn dân bảo vệ ANTQ tại Hà Nội
          recipients:
            - name: Lê Văn Đức
              id: ha-noi
            - Trần Văn Ánh
            - Phạm Văn Dũng
            - Bùi Thị Ưng
            - Võ Thị Uyên
        """),
    "articles/draft.md": article(
        title="Bản nháp khen thưởng", date="01/02/2022", category="Khen thưởng", draft="true",
        awards="- award: Bằng khen\n  issuer: Bộ Công an\n  recipient_type: tập thể\n  count: 100\n"
               "  recipients: [Người Nháp]"),
    "articles/future.md": article(
        title="Khen thưởng tương lai", date="01/01/2099", category="Khen thưởng",
        awards="- award: Bằng khen\n  issuer: Bộ Công an\n  recipient_type: tập thể\n  count: 1000"),
}


class _Tables(HTMLParser):
    """Rows of cell texts of every <table id=...> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id"):
            self.current = dict(attrs)["id"]
            self.tables[self.current] = []
        elif self.current and tag == "tr":
            self.tables[self.current].append([])
        elif self.current and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif self.current and tag in ("td", "th") and self.cell is not None:
            self.tables[self.current][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return {name: rows[1:] for name, rows in parser.tables.items()}  # without the header row


def record_id(site: Built, article_url: str, order: int) -> str:
    """The id of an article's award (0-based `order` in the article) as the open data gives it
    (whose `article` is the absolute URL, issue 18)."""
    return [r["id"] for r in site.json("du-lieu/khen-thuong.json") if r["article"] == SITE + article_url][order]


@pytest.fixture(scope="module")
def awards_site(tmp_path_factory) -> Built:
    """TREE built once: the tests below only read it."""
    return build_once(tmp_path_factory, TREE)


def test_honour_roll_totals_count_recipients_fold_aliases_and_skip_drafts(awards_site):
    site = awards_site
    html = site.html("/khen-thuong/")
    assert "<h1>Bảng vàng khen thưởng</h1>" in html
    t = tables(html)
    assert t["theo-nam"] == [["2022", "0", "16", "16"], ["2021", "5", "0", "5"], ["2020", "0", "4", "4"],
                             ["Tổng cộng", "5", "20", "25"]]
    assert t["theo-hinh-thuc"] == [["Bằng khen", "5", "2", "7"], ["Giấy khen", "0", "10", "10"],
                                   ["Kỷ niệm chương", "0", "8", "8"], ["Tổng cộng", "5", "20", "25"]]
    assert t["theo-cap-khen"] == [["Bộ Công an", "0", "8", "8"], ["UBND tỉnh", "5", "2", "7"],
                                  ["Giám đốc Công an thành phố", "0", "4", "4"], ["Chủ tịch UBND quận", "0", "6", "6"],
                                  ["Tổng cộng", "5", "20", "25"]]
    assert '<strong class="bt-total">25</strong>' in html
    everything = "".join(p.read_text(encoding="utf-8") for p in site.site.rglob("*.html"))
    for absent in ("Ủy ban nhân dân tỉnh", "Người Nháp", "Bản nháp khen thưởng", ">100<", ">1.000<"):
        assert absent not in everything, absent
    assert not site.exists("/khen-thuong/2099/")
    assert 'href="../du-lieu/khen-thuong.json"' in html and 'href="../du-lieu/khen-thuong.csv"' in html
    assert "CC BY 4.0" in html and "Bản tin Toàn dân bảo vệ ANTQ" in html


def test_year_and_award_type_pages_list_every_entry(awards_site):
    site = awards_site
    year = site.html("/khen-thuong/2022/")
    assert tables(year)["theo-hinh-thuc"][-1] == ["Tổng cộng", "0", "16", "16"]
    assert year.count('<tr id="kt-') == 3
    # B was published after C: newest first, then the article's own order.
    assert year.index(f'id="{record_id(site, B_URL, 0)}"') < year.index(f'id="{record_id(site, B_URL, 1)}"') \
        < year.index(f'id="{record_id(site, C_URL, 0)}"')
    assert 'Kỷ niệm chương &#34;Bảo vệ an ninh Tổ quốc&#34;' in year
    assert '<a href="../../bai-viet/2022/trao-thuong-quang-nam/">Trao thưởng Quảng Nam</a>' in year
    assert "10/06/2022" in year
    # The 2020 achievement reported in a 2021 article is on the 2020 page.
    y2020 = site.html("/khen-thuong/2020/")
    assert f'id="{record_id(site, A_URL, 1)}"' in y2020 and "thành tích xuất sắc năm 2020" in y2020
    kind = site.html("/khen-thuong/loai/giay-khen/")
    assert tables(kind)["theo-nam"] == [["2022", "0", "6", "6"], ["2020", "0", "4", "4"],
                                        ["Tổng cộng", "0", "10", "10"]]
    assert kind.count('<tr id="kt-') == 2
    # Partial lists: the names given and how many more.
    assert "(và 2 khác)" in kind and "(và 1 khác)" in kind
    assert '<a href="../../../nguoi/le-van-duc-ha-noi/">Lê Văn Đức</a>' in kind
    assert '<a href="../../../nguoi/le-van-duc/">Lê Văn Đức</a>' in kind
    assert "Giám đốc Công an thành phố" in kind and "Chủ tịch UBND quận" in kind


def test_named_recipients_in_vietnamese_order_one_entry_per_person(awards_site):
    site = awards_site
    html = site.html("/khen-thuong/")
    block = html[html.index('class="bt-index bt-recipients"'):]
    block = block[:block.index("</ul>")]
    names = [line.split('/">', 1)[1].split("</a>")[0] for line in block.splitlines() if "<li>" in line]
    assert names == ["Trần Văn Ánh", "Đặng Văn Bình", "Phạm Văn Dũng", "Lê Văn Đức", "Lê Văn Đức",
                     "Nguyễn Thị Thủy", "Võ Thị Uyên", "Bùi Thị Ưng"]
    assert '<a href="../nguoi/nguyen-thi-thuy/">Nguyễn Thị Thủy</a> <span class="bt-count">(2)</span>' in block
    assert "Thiếu tá, Công an huyện Duy Xuyên" in block


def test_person_pages_merge_spellings_and_split_namesakes_by_id(awards_site):
    site = awards_site
    thuy = site.html("/nguoi/nguyen-thi-thuy/")
    assert "<h1>Nguyễn Thị Thủy</h1>" in thuy
    assert thuy.count('data-label="Ngày"') == 2  # two articles, one page
    assert "Bài viết nhắc đến (2)" in thuy and "Khen thưởng (2)" in thuy
    assert "(ghi là “Nguyễn Thị Thuỷ”)" in thuy  # the older article's spelling is kept visible
    assert "Giấy khen của Giám đốc Công an thành phố" in thuy and "Thiếu tá" in thuy
    assert not any("thuy" in p.name for p in (site.site / "nguoi").iterdir() if p.name != "nguyen-thi-thuy")
    an = site.html("/nguoi/nguyen-van-an/")
    assert an.index("Trung tướng") < an.index("Thiếu tướng")  # newest first, rank at that date
    assert "10/06/2022" in an and "15/01/2021" in an and "Thứ trưởng Bộ Công an" in an
    assert "<h1>nguyễn văn an</h1>" in an  # the form the most recent article used
    duc = site.html("/nguoi/le-van-duc/")
    duc_hn = site.html("/nguoi/le-van-duc-ha-noi/")
    assert "Lễ khen thưởng Cần Thơ" in duc and "Giấy khen quận" not in duc
    assert "Giấy khen quận" in duc_hn and "Lễ khen thưởng Cần Thơ" not in duc_hn
    index = site.html("/nguoi/")
    assert index.count('href="nguyen-thi-thuy/"') == 1 and index.count(">Lê Văn Đức</a>") == 2
    assert index.index(">nguyễn văn an</a>") < index.index(">Đặng Văn Bình</a>")  # An before Bình


def test_article_page_links_awards_people_and_province(awards_site):
    site = awards_site
    html = site.html(A_URL)
    assert f'<a href="../../../khen-thuong/2021/#{record_id(site, A_URL, 0)}">Bằng khen</a>' in html
    assert f'<a href="../../../khen-thuong/2020/#{record_id(site, A_URL, 1)}">' in html
    assert '<a href="../../../nguoi/nguyen-thi-thuy/">Nguyễn Thị Thuỷ</a>' in html  # as this article wrote it
    assert '<a href="../../../nguoi/nguyen-van-an/">Nguyễn Văn An</a>' in html
    assert '<a href="../../../dia-phuong/can-tho/">Cần Thơ</a>' in html
    b = site.html(B_URL)
    assert '<a href="../../../dia-phuong/quang-nam/">Quảng Nam</a> (nay thuộc Đà Nẵng)' in b
    # The reason starts with a capital letter; the rest is kept as written (not "antq", "hà nội").
    c = site.html(C_URL)
    assert '<span class="bt-for">Thành tích trong phong trào toàn dân bảo vệ ANTQ tại Hà Nội</span>' in c


def test_places_former_province_and_successor_link_both_ways(awards_site):
    site = awards_site
    quang_nam = site.html("/dia-phuong/quang-nam/")
    assert 'nay thuộc <a href="../da-nang/">Đà Nẵng</a>' in quang_nam and "30/06/2025" in quang_nam
    assert "Trao thưởng Quảng Nam" in quang_nam
    assert tables(quang_nam)["theo-hinh-thuc"][-1] == ["Tổng cộng", "0", "10", "10"]
    da_nang = site.html("/dia-phuong/da-nang/")
    assert '<a href="../quang-nam/">Quảng Nam</a> <span class="bt-count">(1 bài trước sáp nhập)</span>' in da_nang
    can_tho = site.html("/dia-phuong/can-tho/")
    assert tables(can_tho)["theo-hinh-thuc"] == [["Bằng khen", "5", "0", "5"], ["Giấy khen", "0", "4", "4"],
                                                ["Tổng cộng", "5", "4", "9"]]
    assert "Sóc Trăng" in can_tho  # a predecessor without articles is named, not linked
    index = site.html("/dia-phuong/")
    for expected in ('href="can-tho/">Cần Thơ</a> <span class="bt-count">(1)</span>',
                     'href="da-nang/">Đà Nẵng</a> <span class="bt-count">(0)</span>',
                     'href="quang-nam/">Quảng Nam</a> <span class="bt-count">(1)</span> '
                     '<small>nay thuộc Đà Nẵng</small>',
                     'href="ha-noi/">Hà Nội</a>'):
        assert expected in index, expected


def test_award_open_data_json_and_csv(awards_site, build_site):
    site = awards_site
    records = site.json("du-lieu/khen-thuong.json")
    assert [list(r) for r in records[:1]] == [["article", "title", "date", "award", "name", "issuer",
                                               "recipient_type", "count", "recipients", "for", "year", "province",
                                               "decision", "decision_date", "id"]]
    # The contract: `article` holds the article's absolute URL (from site_url).
    A, B, C = (SITE + u for u in (A_URL, B_URL, C_URL))
    assert [(r["article"], r["award"], r["count"]) for r in records] == [
        (A, "Bằng khen", 5), (A, "Giấy khen", 4), (C, "Giấy khen", 6),
        (B, "Bằng khen", 2), (B, "Kỷ niệm chương", 8)]
    assert sum(r["count"] for r in records) == 25
    assert sum(r["count"] for r in records if r["recipient_type"] == "tập thể") == 5
    assert records[1] == {
        "article": A, "title": "Lễ khen thưởng Cần Thơ", "date": "2021-01-15", "award": "Giấy khen",
        "name": "Giấy khen của Giám đốc Công an thành phố", "issuer": "Giám đốc Công an thành phố",
        "recipient_type": "cá nhân", "count": 4, "recipients": ["Nguyễn Thị Thuỷ", "Lê Văn Đức"],
        "for": "thành tích xuất sắc năm 2020", "year": 2020, "province": "Cần Thơ",
        "decision": None, "decision_date": None, "id": records[1]["id"]}
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"kt-[0-9a-f]{10}", i) for i in ids)
    assert records[0]["issuer"] == "UBND tỉnh" and records[0]["name"] is None and records[0]["for"] is None
    assert records[3]["recipients"] == ["Nguyễn Thị Thủy", "Đặng Văn Bình"]
    assert records[3]["recipients"][0] == unicodedata.normalize("NFC", NFD_THUY)

    raw = (site.site / "du-lieu/khen-thuong.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert rows[0] == ["article", "title", "date", "award", "name", "issuer", "recipient_type", "count",
                       "recipients", "for", "year", "province", "decision", "decision_date", "id"]
    assert len(rows) == 6
    assert rows[2][8] == "Nguyễn Thị Thuỷ; Lê Văn Đức" and rows[2][7] == "4" and rows[2][9:] == [
        "thành tích xuất sắc năm 2020", "2020", "Cần Thơ", "", "", records[1]["id"]]
    assert rows[3][8] == "Lê Văn Đức; Trần Văn Ánh; Phạm Văn Dũng; Bùi Thị Ưng; Võ Thị Uyên"
    assert sum(int(r[7]) for r in rows[1:]) == 25
    # Same content, same bytes.
    again = build_site(TREE)
    assert (again.site / "du-lieu/khen-thuong.csv").read_bytes() == raw
    articles = site.json("du-lieu/bai-viet.json")
    assert [(a["url"], a["awards"]) for a in articles] == [(A, 9), (C, 6), (B, 10)]
    assert list(articles[0]) == ["url", "title", "date", "category", "tags", "authors", "province",
                                 "event_type", "awards", "photos"]


def test_sample_content_honour_roll_matches_the_source_reports(build_site, tmp_path):
    site = build_site.sample()
    records = site.json("du-lieu/khen-thuong.json")
    knc = [r for r in records if r["award"] == "Kỷ niệm chương" and r["province"] == "Cần Thơ" and r["year"] == 2022]
    assert sum(r["count"] for r in knc) == 59
    bk = [r for r in records if r["award"] == "Bằng khen" and r["issuer"] == "Bộ Công an"
          and r["recipient_type"] == "tập thể" and r["year"] == 2020]
    assert sum(r["count"] for r in bk) == 9
    assert bk[0]["article"] == "https://bantin.example.vn/bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/"
    roll = tables(site.html("/khen-thuong/"))
    assert ["2022", "0", "59", "59"] in roll["theo-nam"]
    assert ["Kỷ niệm chương", "0", "59", "59"] in roll["theo-hinh-thuc"]
    y2020 = tables(site.html("/khen-thuong/2020/"))
    assert ["Bộ Công an", "9", "0", "9"] in y2020["theo-cap-khen"]
    can_tho = tables(site.html("/dia-phuong/can-tho/"))
    assert can_tho["theo-hinh-thuc"] == [["Kỷ niệm chương", "0", "59", "59"], ["Tổng cộng", "0", "59", "59"]]
    nav = site.html("/")
    assert 'href="khen-thuong/"' in nav and "Khen thưởng" in nav
    quang_nam = site.html("/dia-phuong/quang-nam/")
    assert 'nay thuộc <a href="../da-nang/">Đà Nẵng</a>' in quang_nam
    assert "Tổng kết công tác tổ chức &#34;Ngày hội toàn dân bảo vệ an ninh Tổ quốc&#34; năm 2022" in quang_nam
    assert '<a href="../quang-nam/">Quảng Nam</a>' in site.html("/dia-phuong/da-nang/")
    ngoc = site.html("/nguoi/nguyen-duy-ngoc/")
    assert ngoc.index("Trung tướng") < ngoc.index("Thiếu tướng")


def test_award_lists_fit_a_360px_phone(awards_site, chromium, serve):
    """Every table of the honour roll, person and place pages fits 360 px without
    sideways scrolling; award rows are stacked cards with their labels."""
    site = awards_site
    origin = serve(site.site)
    page = chromium.new_page(viewport={"width": 360, "height": 740})
    for url in ["/khen-thuong/loai/giay-khen/", "/khen-thuong/2022/", "/nguoi/nguyen-thi-thuy/"]:
        page.goto(origin + url)
        seen = page.evaluate("""() => ({
            width: innerWidth,
            overflow: Math.max(document.documentElement.scrollWidth - innerWidth,
                ...[...document.querySelectorAll(".bt-table-wrap")].map(w => w.scrollWidth - w.clientWidth)),
            label: getComputedStyle(document.querySelector("td[data-label]"), "::before").content})""")
        assert seen["width"] == 360 and seen["overflow"] <= 0, (url, seen)
        assert seen["label"].startswith('"') and seen["label"].endswith(': "'), (url, seen)
    page.close()
