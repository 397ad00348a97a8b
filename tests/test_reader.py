"""What readers and their software get besides pages: feeds, sitemap, canonical URLs,
related articles, the search index and its folding of đ."""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET

import pytest
from conftest import article, jpeg

from bantin.model import VN_TZ, Article, Award, Event, Official, Recipient
from bantin.related import related
from bantin.search import fold_terms

A = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


def _feed(site, path="feed.xml") -> ET.Element:
    root = ET.fromstring((site.site / path).read_bytes())
    assert root.tag == A + "feed"
    for required in ("id", "title", "updated"):
        assert root.find(A + required) is not None and root.find(A + required).text, required
    assert OFFSET.match(root.find(A + "updated").text)
    for entry in root.findall(A + "entry"):
        for required in ("id", "title", "updated", "published"):
            assert entry.find(A + required) is not None, required
        assert OFFSET.match(entry.find(A + "published").text)
        assert entry.find(A + "link[@rel='alternate']").get("href").startswith("https://bantin.example.vn/bai-viet/")
    return root


def test_site_feed_has_latest_20_published_articles_with_summary_photo_and_vietnam_time(build_site):
    tree = {f"articles/a{i:02}.md": article(title=f"Tin số {i:02}", date=f"{1 + i:02}/03/2022 0{i % 10}:15",
                                            summary=f"Tóm tắt {i:02}") for i in range(25)}
    tree["articles/draft.md"] = article(title="Bản nháp thử", date="30/03/2022", draft="true")
    tree["photos/2022/x.jpg"] = jpeg()
    tree["articles/photo.md"] = article(title=f"Có ảnh {SCRIPT}", date="31/03/2022 23:30", summary="A & B <i>",
                                        category="Khen thưởng", photos="- file: 2022/x.jpg\n  caption: Ảnh & chú thích")
    site = build_site(tree)
    root = _feed(site)
    entries = root.findall(A + "entry")
    assert len(entries) == 20
    first = entries[0]
    assert first.find(A + "title").text == f"Có ảnh {SCRIPT}"  # text, escaped by the XML writer
    assert first.find(A + "summary").text == "A & B <i>"
    assert first.find(A + "published").text == "2022-03-31T23:30:00+07:00"
    assert root.find(A + "updated").text == "2022-03-31T23:30:00+07:00"
    enclosure = first.find(A + "link[@rel='enclosure']")
    href = enclosure.get("href")
    assert re.fullmatch(r"https://bantin\.example\.vn/anh/[0-9a-f]+-64\.jpg", href)
    assert enclosure.get("type") == "image/jpeg"
    assert first.find(MEDIA + "content").get("url") == href
    # The enclosure is the published (resized, metadata-free) JPEG, never the original.
    assert (site.site / href.removeprefix("https://bantin.example.vn/")).is_file()
    assert not (site.site / "anh/2022/x.jpg").exists()
    titles = [e.find(A + "title").text for e in entries[1:]]
    assert titles == [f"Tin số {i:02}" for i in range(24, 5, -1)]
    assert b"B\xe1\xba\xa3n nh\xc3\xa1p" not in (site.site / "feed.xml").read_bytes()
    assert SCRIPT.encode() not in (site.site / "feed.xml").read_bytes()

    category = _feed(site, "chuyen-muc/khen-thuong/feed.xml")
    assert [e.find(A + "title").text for e in category.findall(A + "entry")] == [f"Có ảnh {SCRIPT}"]
    assert category.find(A + "link[@rel='alternate']").get("href") == "https://bantin.example.vn/chuyen-muc/khen-thuong/"
    empty = _feed(site, "chuyen-muc/tin-dia-phuong/feed.xml")
    assert empty.findall(A + "entry") == []


SCRIPT = "<script>alert(1)</script>"


def test_every_page_announces_the_feed_and_category_pages_their_own(build_site):
    site = build_site({"articles/a.md": article(title="Một", category="Khen thưởng")})
    for page in site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="[./]*feed\.xml">',
                         html), page
    category = site.html("/chuyen-muc/khen-thuong/")
    assert 'href="feed.xml"' in category and 'href="../../feed.xml"' in category


def test_canonical_urls_and_sitemap_with_article_dates(build_site):
    site = build_site({"articles/a.md": article(title="Một", date="18/08/2022 14:32")})
    html = site.html("/bai-viet/2022/mot/")
    assert '<link rel="canonical" href="https://bantin.example.vn/bai-viet/2022/mot/">' in html
    sitemap = ET.fromstring((site.site / "sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {u.find(ns + "loc").text: u.find(ns + "lastmod").text for u in sitemap}
    assert entries["https://bantin.example.vn/bai-viet/2022/mot/"] == "2022-08-18"
    assert "https://bantin.example.vn/tim-kiem/" in entries


def test_search_index_covers_article_pages_only_and_material_search_is_off(build_site):
    officials = "- name: Trần Văn Đức\n  rank: Đại úy"
    site = build_site({"articles/a.md": article(title="Đội tuần tra", officials=officials)})
    assert (site.site / "pagefind/pagefind.js").is_file()
    assert list((site.site / "pagefind/index").glob("*.pf_index"))
    assert len(list((site.site / "pagefind/fragment").glob("*.pf_fragment"))) == 1  # one article, nothing else
    html = site.html("/bai-viet/2022/doi-tuan-tra/")
    assert '<div class="bt-article" id="noi-dung-bai" data-pagefind-body>' in html  # the theme gives the <article>
    # title, category ("Tin hoạt động"), then officials: each đ-word once, folded
    assert '<span data-pagefind-meta="fold">doi dong duc dai</span>' in html
    search = site.html("/tim-kiem/")
    assert 'id="bt-search-input" name="q"' in search and 'src="../assets/tim-kiem.js"' in search
    home = site.html("/")
    assert 'action="tim-kiem/"' in home  # the header's search form, on every page
    assert "search_index.json" not in home and not (site.site / "search/search_index.json").exists()


def test_fold_terms_keeps_each_d_word_once_in_order():
    assert fold_terms(["Đội tuần tra", "Đơn vị Quyết thắng; đội", "Ðà Nẵng"]) == "doi don da"
    assert fold_terms(["không có chữ đê"]) == "de"
    assert fold_terms(["bảo vệ"]) == ""


def _a(slug: str, day: int, **fields) -> Article:
    return Article(src=f"{slug}.md", title=slug, date=dt.datetime(2022, 1, day, tzinfo=VN_TZ), has_time=False,
                   category="Tin hoạt động", slug=slug, body="", summary="", **fields)


def test_related_articles_by_people_tags_province_and_event_type():
    base = _a("goc", 10, tags=("Cần Thơ",), event=Event(type="ngày hội", province="Cần Thơ"),
              officials=(Official("Phạm Thị Thuỷ"),))
    # The same person as the official above, with the new tone placement.
    person = _a("nguoi", 1, awards=(Award("Bằng khen", "Bộ Công an", "cá nhân", 1, 2022,
                                          recipients=(Recipient("Phạm Thị Thủy"),)),))
    tag = _a("the", 2, tags=("cần thơ",))
    province = _a("tinh", 3, event=Event(province="Cần Thơ"))
    event_near = _a("su-kien-gan", 9, event=Event(type="ngày hội"))
    event_far = _a("su-kien-xa", 20, event=Event(type="ngày hội"))
    unrelated = _a("khac", 11)
    articles = [unrelated, event_far, base, province, person, tag, event_near]
    result = related(articles)
    assert [a.slug for a in result[base.url]] == ["nguoi", "tinh", "the", "su-kien-gan", "su-kien-xa"]
    assert related(list(reversed(articles))) == result  # deterministic
    assert result[unrelated.url] == []
    assert all(a.url not in [r.url for r in rs] for a in articles for rs in [result[a.url]])
    assert len(related(articles, limit=2)[base.url]) == 2


def _related_seconds(n: int) -> float:
    """Best of three timings of `related` over n articles that all share one key (the
    worst case for comparing pairs: every article is a candidate for every other)."""
    many = [_a(f"a{i}", 1 + i % 28, event=Event(type="hội nghị")) for i in range(n)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = related(many)
        best = min(best, time.perf_counter() - start)
    assert len(result) == n and all(len(r) == 5 for r in result.values())
    return best


def test_related_articles_grow_by_key_not_by_pairs():
    # Four times the articles: a linear (or n log n) method takes about 4x as long, one
    # that compares pairs 16x. The bound 9 leaves room for a loaded machine either way.
    n = 750
    small, large = _related_seconds(n), _related_seconds(4 * n)
    assert large / small < 9, f"{n} articles: {small:.3f} s; {4 * n}: {large:.3f} s ({large / small:.1f}x)"


def test_article_page_lists_related_articles_outside_the_search_index(build_site):
    site = build_site({
        "articles/a.md": article(title="Một", tags="[Cần Thơ]"),
        "articles/b.md": article(title="Hai", date="19/08/2022", tags="[Cần Thơ]"),
        "articles/c.md": article(title="Ba", date="20/08/2022"),
    })
    html = site.html("/bai-viet/2022/mot/")
    section = html[html.index('<section class="bt-related"'):]
    assert "data-pagefind-ignore" in section[:120]
    assert '<a href="../hai/">Hai</a>' in section and "Ba" not in section and ">Một<" not in section


@pytest.mark.build  # builds a site and runs Pagefind
def test_serve_indexes_search_in_the_background(tmp_path):
    """In `mkdocs serve` an edit shows without waiting for Pagefind; the index follows."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import SiteBuilder

    root = SiteBuilder(tmp_path, None).write({"articles/a.md": article(title="Đội tuần tra")})
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    plugin = config.plugins["bantin"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        assert (tmp_path / "served/bai-viet/2022/doi-tuan-tra/index.html").is_file()
        plugin.indexer.wait()
        assert (tmp_path / "served/pagefind/pagefind-entry.json").is_file()
    finally:
        # MkDocs keeps plugin instances that define on_startup for the whole process.
        plugin.on_startup(command="build", dirty=False)


@pytest.mark.build  # runs Pagefind
def test_serve_background_index_that_fails_says_so_in_vietnamese(tmp_path):
    from bantin.search import BackgroundIndexer

    said: list[str] = []
    indexer = BackgroundIndexer(said.append)
    indexer.request(tmp_path / "khong-co-thu-muc-nay")
    indexer.wait()
    assert said and said[-1].startswith("chưa cập nhật được chỉ mục tìm kiếm: "), said
    assert "Traceback" not in "\n".join(said)
