"""Trust fields on built sites (issue 18): a private name is in no built file, a
withdrawn article leaves every list and total (checked against hand counts) but keeps
its page, corrections reach the page, `/dinh-chinh/`, the feed and the sitemap, and
award record ids survive reordering.

The hand-made site of the withdrawal tests (W is withdrawn; its 7 + 4 recipients, its
figure 999 and its tag, province and people must appear nowhere but on its own page):

| article | award | issuer | type | count | year |
|---|---|---|---|---|---|
| A 10/06/2022 Cần Thơ | Bằng khen | UBND tỉnh | tập thể | 5 | 2022 |
| A | Giấy khen | Giám đốc Công an thành phố | cá nhân | 3 (1 named, 1 private) | 2022 |
| W 12/05/2023 Vĩnh Long, withdrawn | Giấy khen | Chủ tịch UBND quận | tập thể | 7 | 2023 |
| W | Bằng khen | UBND tỉnh | cá nhân | 4 (1 named) | 2022 |

Totals: 8 (tập thể 5, cá nhân 3), all in 2022; Bằng khen 5, Giấy khen 3; UBND tỉnh 5,
Giám đốc Công an thành phố 3. Counting W would give 19.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import Built, SiteBuilder, article, build_once, copy_project
from test_awards import tables

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://bantin.example.vn"

# The sample content -------------------------------------------------------------------

PRIVATE = "Lạc Thị Bảo Khuê"  # articles/2022/phat-huy-vai-tro-nong-cot-cand-ninh-kieu.md, public: false
NINH_KIEU = "/bai-viet/2022/phat-huy-vai-tro-nong-cot-cua-cand-trong-xay-dung-phong-trao-toan-dan-bao-ve/"
BCD_138 = "/bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/"
HOI_THI = "/bai-viet/2023/hoi-thi-to-tu-quan-gioi-cap-phuong-nam-2023/"  # withdrawn


def fold(text: str) -> str:
    """Without diacritics, đ as d, lower case (how a reader types a name unaccented)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def built_files(site: Path) -> dict[str, str]:
    """Every file of a built site as text, gzip (sitemap.xml.gz, Pagefind's index and
    fragments) decompressed first; binary files kept as whatever text they decode to."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            found[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="ignore")
    return found


def forms(name: str) -> list[str]:
    """A name as written (NFC and NFD), in lower case, folded and slugged."""
    folded = fold(name)
    return [name, unicodedata.normalize("NFD", name), name.casefold(), folded, folded.replace(" ", "-")]


def where(files: dict[str, str], name: str) -> dict[str, list[str]]:
    """For each form of `name`, the files that hold it (case-insensitive; folded forms
    are looked for in the folded file)."""
    result = {}
    for form in forms(name):
        folded_form = form == fold(form)
        result[form] = [rel for rel, text in files.items()
                        if (form in fold(text) if folded_form else form.casefold() in text.casefold())]
    return result


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Built:
    project = copy_project(tmp_path_factory.mktemp("sample") / "project")
    return SiteBuilder(project.parent, None)({}, root=project)


def test_a_private_name_is_in_no_built_file_in_any_form(sample_site):
    site = sample_site
    source = (site.root / "articles/2022/phat-huy-vai-tro-nong-cot-cand-ninh-kieu.md").read_text(encoding="utf-8")
    assert f"name: {PRIVATE}" in source and "public: false" in source  # the source keeps the name
    files = built_files(site.site)
    assert len(files) > 100 and any(rel.startswith("pagefind/fragment/") for rel in files)
    assert where(files, PRIVATE) == {form: [] for form in forms(PRIVATE)}
    # Nor its rarest syllable alone (the search index lists an article's words one by one).
    assert [rel for rel, text in files.items() if re.search(r"(?<![a-z])khue(?![a-z])", fold(text))] == []
    # The same search finds a name that is public, in every kind of file it belongs in.
    public = where(files, "Nguyễn Duy Ngọc")
    nfd = unicodedata.normalize("NFD", "Nguyễn Duy Ngọc")
    assert all(found for form, found in public.items() if form != nfd), public  # output is NFC
    assert any(rel.startswith("pagefind/fragment/") for rel in public["Nguyễn Duy Ngọc"])
    assert "nguoi/nguyen-duy-ngoc/index.html" in public["nguyen-duy-ngoc"]
    # Counted and shown without the name.
    html = site.html(NINH_KIEU)
    # The facts box (issue 13) gives the count and the unnamed recipient on the award's line.
    assert '<strong>59 cá nhân</strong> — <span class="bt-private">1 cá nhân (không công bố tên)</span>' in html
    roll = site.html("/khen-thuong/2022/")
    assert '<span class="bt-private">1 cá nhân (không công bố tên)</span> <small>(và 58 khác)</small>' in roll
    record = next(r for r in site.json("du-lieu/khen-thuong.json") if r["article"] == SITE_URL + NINH_KIEU)
    assert record["count"] == 59 and record["recipients"] == []


def test_sample_withdrawn_article_keeps_its_page_and_leaves_the_record(sample_site):
    site = sample_site
    html = site.html(HOI_THI)
    assert "Bài viết đã được gỡ</strong> ngày <time" in html and ">15/05/2023 09:00</time>" in html
    assert "kết quả hội thi được công nhận chính thức" in html
    assert '<meta name="robots" content="noindex">' in html and "data-pagefind-body" not in html
    files = built_files(site.site)
    title = "Tổ tự quản giỏi"
    assert [rel for rel, text in files.items() if title in text.replace("&#34;", '"')] == [
        HOI_THI.strip("/") + "/index.html"]
    assert not site.exists("/khen-thuong/2023/") and not site.exists("/nam/2023/")
    assert not site.exists("/dia-phuong/vinh-long/") and not site.exists("/nguoi/trinh-van-mau/")
    records, figures = site.json("du-lieu/khen-thuong.json"), site.json("du-lieu/thong-ke.json")
    assert records and all(r["issuer"] != "Chủ tịch UBND quận" for r in records)
    assert figures and all(r["value"] != 14 for r in figures)
    assert len(site.json("du-lieu/bai-viet.json")) == 5
    assert "hoi-thi" not in (site.site / "sitemap.xml").read_text(encoding="utf-8")


def test_sample_correction_and_decision_are_shown(sample_site):
    site = sample_site
    html = site.html(BCD_138)
    # In the news header's date form (issue 13).
    assert ('Cập nhật lúc <time datetime="2020-12-14T16:20:00+07:00">Thứ Hai, 14/12/2020, 16:20 (GMT+7)</time>'
            in html)
    section = html[html.index('<h2 id="bt-dinh-chinh">Đính chính / cập nhật</h2>'):]
    section = section[:section.index("</section>")]
    assert [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", section)] == [
        "14/12/2020 16:20: Bổ sung số và ngày quyết định tặng Cờ thi đua của UBND tỉnh.",
        "11/12/2020 08:30: Sửa số hộ gia đình văn hóa từ 507.316 thành 507.361 theo báo cáo của Ban Chỉ đạo.",
        "10/12/2020: đăng lần đầu."]
    assert ('<span class="bt-decision">Quyết định số <span class="bt-decision__so">163/QĐ-UBND</span>'
            ' ngày 04/12/2020</span>') in html  # facts box
    roll = site.html("/khen-thuong/2020/")
    # The number is kept on one line (issue 13: no word of a table cell split).
    assert ('<small class="bt-decision">Quyết định <span class="bt-decision__so">163/QĐ-UBND</span>'
            ' ngày 04/12/2020</small></td>') in roll
    cờ = next(r for r in site.json("du-lieu/khen-thuong.json") if r["award"] == "Cờ thi đua")
    assert (cờ["decision"], cờ["decision_date"]) == ("163/QĐ-UBND", "2020-12-04")
    assert f'<tr id="{cờ["id"]}">' in roll
    csv_text = (site.site / "du-lieu/khen-thuong.csv").read_bytes().decode("utf-8-sig")
    assert f',163/QĐ-UBND,2020-12-04,{cờ["id"]}\r\n' in csv_text
    corrections = site.html("/dinh-chinh/")
    assert corrections.index("14/12/2020 16:20") < corrections.index("11/12/2020 08:30")
    assert corrections.count('href="../bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/"') == 2
    for page in ("/", NINH_KIEU, "/khen-thuong/", "/thong-ke/"):
        assert "Đính chính và cập nhật</a>" in site.html(page) and "dinh-chinh/" in site.html(page), page


# A withdrawn article against hand counts ------------------------------------------------

A_URL = "/bai-viet/2022/le-khen-thuong-can-tho/"
W_URL = "/bai-viet/2023/bai-se-go/"
WITHDRAWN_TREE = {
    "articles/a.md": article(
        title="Lễ khen thưởng Cần Thơ", date="10/06/2022 09:00", category="Khen thưởng", tags="[Khen thưởng]",
        event="type: lễ trao thưởng\nprovince: Cần Thơ",
        updated="12/06/2022", changes="- date: 12/06/2022\n  note: Sửa tên đơn vị được khen.",
        awards="""
        - award: Bằng khen
          issuer: UBND tỉnh
          recipient_type: tập thể
          count: 5
        - award: Giấy khen
          issuer: Giám đốc Công an thành phố
          recipient_type: cá nhân
          count: 3
          recipients: [Lê Văn Công, {name: Hà Thị Ẩn Danh, public: false}]
        """,
        stats="- metric: Khu dân cư văn hóa\n  value: 100\n  total: 200"),
    "articles/w.md": article(
        title="Bài sẽ gỡ", date="12/05/2023 10:00", category="Tin địa phương", tags="[Chỉ ở bài gỡ]",
        summary="Tóm tắt của bài sẽ gỡ.",
        event="type: hội thi\nprovince: Vĩnh Long",
        officials="- name: Trịnh Văn Mẫu\n  position: Chủ tịch UBND phường",
        withdrawn="date: 15/05/2023 09:00\nreason: Số liệu chưa được thẩm định.",
        updated="14/05/2023", changes="- date: 14/05/2023\n  note: Ghi chú của bài sẽ gỡ.",
        awards="""
        - award: Giấy khen
          issuer: Chủ tịch UBND quận
          recipient_type: tập thể
          count: 7
        - award: Bằng khen
          issuer: UBND tỉnh
          recipient_type: cá nhân
          count: 4
          year: 2022
          recipients: [Đinh Công Gỡ]
        """,
        stats="- metric: Khu dân cư văn hóa\n  value: 999\n  total: 1000\n  year: 2022"),
}


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory) -> Built:
    return build_once(tmp_path_factory, WITHDRAWN_TREE)


def test_a_withdrawn_articles_awards_and_figures_leave_every_total(withdrawn_site):
    site = withdrawn_site
    roll = tables(site.html("/khen-thuong/"))
    assert roll["theo-nam"] == [["2022", "5", "3", "8"], ["Tổng cộng", "5", "3", "8"]]
    assert roll["theo-hinh-thuc"] == [["Bằng khen", "5", "0", "5"], ["Giấy khen", "0", "3", "3"],
                                      ["Tổng cộng", "5", "3", "8"]]
    assert roll["theo-cap-khen"] == [["UBND tỉnh", "5", "0", "5"], ["Giám đốc Công an thành phố", "0", "3", "3"],
                                     ["Tổng cộng", "5", "3", "8"]]
    assert '<strong class="bt-total">8</strong>' in site.html("/khen-thuong/")
    assert tables(site.html("/khen-thuong/2022/"))["theo-hinh-thuc"][-1] == ["Tổng cộng", "5", "3", "8"]
    assert tables(site.html("/dia-phuong/can-tho/"))["theo-hinh-thuc"][-1] == ["Tổng cộng", "5", "3", "8"]
    records = site.json("du-lieu/khen-thuong.json")
    assert [(r["article"], r["count"]) for r in records] == [(SITE_URL + A_URL, 5), (SITE_URL + A_URL, 3)]
    assert [a["url"] for a in site.json("du-lieu/bai-viet.json")] == [SITE_URL + A_URL]
    assert [(s["value"], s["total"]) for s in site.json("du-lieu/thong-ke.json")] == [(100, 200)]
    metric = site.html("/thong-ke/khu-dan-cu-van-hoa/")
    assert "100/200" in metric or ">100<" in metric
    assert "999" not in metric and "999" not in site.html("/thong-ke/")


def test_a_withdrawn_article_leaves_every_list_feed_index_and_the_sitemap(withdrawn_site):
    site = withdrawn_site
    files = built_files(site.site)
    own = W_URL.strip("/") + "/index.html"
    for text in ("Bài sẽ gỡ", "Tóm tắt của bài sẽ gỡ", "Ghi chú của bài sẽ gỡ", "bai-se-go", "Trịnh Văn Mẫu",
                 "Đinh Công Gỡ", "Chỉ ở bài gỡ"):
        assert [rel for rel, content in files.items() if text in content and rel != own] == [], text
    for url in ("/nam/2023/", "/khen-thuong/2023/", "/the/chi-o-bai-go/", "/dia-phuong/vinh-long/",
                "/nguoi/trinh-van-mau/", "/nguoi/dinh-cong-go/", "/khen-thuong/loai/giay-khen/"):
        assert not site.exists(url) or "Bài sẽ gỡ" not in site.html(url), url
    assert not site.exists("/nam/2023/") and not site.exists("/dia-phuong/vinh-long/")
    # Search: Pagefind indexed one page, the listed article.
    assert '"page_count":1' in files["pagefind/pagefind-entry.json"].replace(" ", "")
    sitemap = ET.fromstring((site.site / "sitemap.xml").read_bytes())
    locs = [u.find(SITEMAP + "loc").text for u in sitemap]
    assert SITE_URL + A_URL in locs and SITE_URL + W_URL not in locs
    assert ET.fromstring(files["sitemap.xml.gz"].encode()).findall(SITEMAP + "url")  # the .gz says the same
    feed = ET.fromstring((site.site / "feed.xml").read_bytes())
    assert [e.find(ATOM + "id").text for e in feed.findall(ATOM + "entry")] == [SITE_URL + A_URL]


def test_a_withdrawn_page_says_so_and_links_only_to_pages_that_exist(withdrawn_site):
    site = withdrawn_site
    html = site.html(W_URL)
    banner = html[html.index('class="bt-banner bt-banner--withdrawn"'):]
    banner = re.sub(r"<[^>]+>", "", banner[:banner.index("</div>")])
    assert "Bài viết đã được gỡ ngày 15/05/2023 09:00. Lý do: Số liệu chưa được thẩm định." in banner
    assert "không còn được tính vào các bảng tổng hợp, biểu đồ và dữ liệu mở" in banner
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html and "bt-search-words" not in html
    assert '<meta name="robots"' not in site.html(A_URL) and "data-pagefind-body" in site.html(A_URL)
    # Its content is still there for the record: the awards, the figure, the official.
    for text in ("Chủ tịch UBND quận", ">7 tập thể<", "Đinh Công Gỡ", "999", "Trịnh Văn Mẫu", "Chỉ ở bài gỡ"):
        assert text in html, text
    page = site.site / W_URL.strip("/")
    for href in re.findall(r'href="([^"#]+)', html):
        if href.startswith(("http", "mailto:")):
            continue
        target = (page / href).resolve()
        assert target.exists() and (target.is_file() or (target / "index.html").exists()), href


# Corrections in the feed and the sitemap; a minor fix; reordering ------------------------

U_URL = "/bai-viet/2022/le-trao-thuong/"
V_URL = "/bai-viet/2022/tin-thuong/"


def corrections_tree(reordered: bool = False, minor_fix: bool = False) -> dict[str, str]:
    awards = ["""
- award: Bằng khen
  issuer: UBND tỉnh
  recipient_type: tập thể
  count: 5
  decision: 163/QĐ-UBND
  decision_date: 01/06/2022""", """
- award: Giấy khen
  issuer: Giám đốc Công an tỉnh
  recipient_type: cá nhân
  count: 3
  recipients: [Nguyễn Thị Thuỷ, Lê Văn Đức]""", """
- award: Bằng khen
  issuer: UBND tỉnh
  recipient_type: tập thể
  count: 2
  for: dẫn đầu phong trào"""]
    if reordered:
        awards = [awards[2], awards[1].replace("[Nguyễn Thị Thuỷ, Lê Văn Đức]", "[Lê Văn Đức, Nguyễn Thị Thủy]"),
                  awards[0]]
    body = "Đoạn đầu.\n\nĐoạn sau có lỗi chinh tả." if not minor_fix else "Đoạn đầu.\n\nĐoạn sau có lỗi chính tả."
    return {
        "articles/u.md": article(title="Lễ trao thưởng", date="10/06/2022 09:00", category="Khen thưởng",
                                 updated="20/06/2022 10:15", changes="""
                                 - date: 15/06/2022
                                   note: Sửa tên đơn vị.
                                 - date: 20/06/2022 10:15
                                   note: Bổ sung số quyết định.
                                 """, awards="\n".join(awards).strip("\n")),
        "articles/v.md": article(title="Tin thường", date="15/06/2022 08:00", category="Khen thưởng", body=body,
                                 awards="- award: Bằng khen\n  issuer: Bộ Công an\n  recipient_type: tập thể\n"
                                        "  count: 1\n  decision: 163/QĐ-UBND"),
    }


@pytest.fixture(scope="module")
def corrections_site(tmp_path_factory) -> Built:
    return build_once(tmp_path_factory, corrections_tree())


def _lastmod(site: Built) -> dict[str, str]:
    root = ET.fromstring((site.site / "sitemap.xml").read_bytes())
    return {u.find(SITEMAP + "loc").text.removeprefix(SITE_URL): u.find(SITEMAP + "lastmod").text for u in root}


def test_updated_drives_the_feed_entry_and_the_sitemap(corrections_site):
    site = corrections_site
    feed = ET.fromstring((site.site / "feed.xml").read_bytes())
    entries = {e.find(ATOM + "id").text.removeprefix(SITE_URL): e for e in feed.findall(ATOM + "entry")}
    u, v = entries[U_URL], entries[V_URL]
    assert u.find(ATOM + "published").text == "2022-06-10T09:00:00+07:00"
    assert u.find(ATOM + "updated").text == "2022-06-20T10:15:00+07:00"
    assert v.find(ATOM + "updated").text == v.find(ATOM + "published").text == "2022-06-15T08:00:00+07:00"
    assert feed.find(ATOM + "updated").text == "2022-06-20T10:15:00+07:00"
    # The corrected article comes back first, though V was published later.
    assert list(entries) == [U_URL, V_URL]
    lastmod = _lastmod(site)
    assert lastmod[U_URL] == "2022-06-20" and lastmod[V_URL] == "2022-06-15"


def test_corrections_page_lists_notes_newest_first_with_links(corrections_site):
    html = corrections_site.html("/dinh-chinh/")
    items = re.findall(r'<li class="bt-change"><time datetime="([^"]+)">[^<]+</time>:\s*<a href="([^"]+)">', html)
    assert items == [("2022-06-20T10:15:00+07:00", "../bai-viet/2022/le-trao-thuong/"),
                     ("2022-06-15T00:00:00+07:00", "../bai-viet/2022/le-trao-thuong/")]
    assert html.index("Bổ sung số quyết định.") < html.index("Sửa tên đơn vị.")
    assert "Tin thường" not in html
    assert "Cập nhật" not in corrections_site.html(V_URL)  # no `updated`: nothing said


def test_one_decision_with_two_issuers_warns_but_publishes(corrections_site):
    messages = corrections_site.messages()
    warnings = [m for m in messages if "cảnh báo: cùng số quyết định" in m]
    assert len(warnings) == 1 and warnings[0].startswith("articles/v.md:") and "articles/u.md:" in warnings[0]
    assert corrections_site.exists(V_URL)  # built under --strict all the same


def test_a_minor_fix_changes_nothing_public_and_reordering_changes_no_id(corrections_site, tmp_path):
    before = corrections_site
    after = SiteBuilder(tmp_path, None)(corrections_tree(reordered=True, minor_fix=True))
    assert "lỗi chính tả" in after.html(V_URL) and "lỗi chinh tả" in before.html(V_URL)  # the fix is there
    for name in ("feed.xml", "dinh-chinh/index.html", "du-lieu/bai-viet.json"):
        assert (after.site / name).read_bytes() == (before.site / name).read_bytes(), name
    assert _lastmod(after) == _lastmod(before)

    def ids(site: Built) -> dict[tuple, str]:
        return {(r["article"], r["award"], r["issuer"], r["count"]): r["id"]
                for r in site.json("du-lieu/khen-thuong.json")}

    assert ids(after) == ids(before) and len(set(ids(before).values())) == 4
    anchors = set(re.findall(r'<tr id="(kt-[0-9a-f]+)">', before.html("/khen-thuong/2022/")))
    assert anchors == set(ids(before).values())
    assert set(re.findall(r'<tr id="(kt-[0-9a-f]+)">', after.html("/khen-thuong/2022/"))) == anchors
    # The article's award links lead to the same rows.
    links = set(re.findall(r'khen-thuong/2022/#(kt-[0-9a-f]+)"', before.html(U_URL)))
    assert links == set(re.findall(r'khen-thuong/2022/#(kt-[0-9a-f]+)"', after.html(U_URL))) and len(links) == 3


def test_opening_an_award_link_highlights_its_row(corrections_site, chromium, serve):
    site = corrections_site
    record = next(r for r in site.json("du-lieu/khen-thuong.json")
                  if r["decision"] and r["article"] == SITE_URL + U_URL)
    origin = serve(site.site)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{origin}/khen-thuong/2022/#{record['id']}")
    colours = page.evaluate("""id => [...document.querySelectorAll(".bt-awards tbody tr")].map(tr =>
        [tr.id, getComputedStyle(tr.querySelector("td")).backgroundColor, getComputedStyle(tr).outlineStyle])""",
                            record["id"])
    page.close()
    target = [c for c in colours if c[0] == record["id"]]
    others = [c for c in colours if c[0] != record["id"]]
    assert len(target) == 1 and len(others) == 3
    assert target[0][2] == "solid" and all(o[2] != "solid" for o in others)
    assert all(o[1] != target[0][1] for o in others), colours


def test_notes_reasons_and_private_markers_are_escaped(build_site):
    script = '<script>alert("x")</script>'
    site = build_site({
        "articles/a.md": article(title="Bài có ghi chú", updated="20/08/2022",
                                 changes=f"- date: 19/08/2022\n  note: '{script} ghi chú'"),
        "articles/b.md": article(title="Bài gỡ", withdrawn=f"date: 19/08/2022\nreason: '<b>{script}</b>'"),
    })
    for page in site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert script not in text and "<b><script>" not in text, page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ghi chú" in site.html("/dinh-chinh/")
    assert "Lý do: &lt;b&gt;&lt;script&gt;" in site.html("/bai-viet/2022/bai-go/")
