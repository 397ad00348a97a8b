"""What search engines and share previews read: JSON-LD, OpenGraph and Twitter tags,
share images (drawn cards for pages without a photo), robots.txt and the sitemap's
lastmod. Read from real builds of the sample content.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from PIL import Image

from bantin import crawlers, jsonld, sharecard
from bantin.model import VN_TZ
from conftest import article, copy_project

SITE = "https://bantin.example.vn"
NO_PHOTO = "/bai-viet/2023/doi-tuan-tra-ra-mat/"
BCD_138 = "/bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/"  # updated: 14/12/2020 16:20 (issue 18)
WITHDRAWN = "/bai-viet/2023/hoi-thi-to-tu-quan-gioi-cap-phuong-nam-2023/"  # the sample's withdrawn article
# An article with no photo, two bylines, and a body heading "Khen thưởng" (the id the
# article's own awards section once wrote too).
EXTRA = {
    "articles/2023/doi.md": article(
        title="Đội tuần tra ra mắt", date="05/03/2023 08:00", category="Tin địa phương",
        authors="[Lê Thị Thuỷ, Trần Văn Đức]", tags="[Tự quản]",
        body="Đội tuần tra gồm 12 thành viên.\n\n## Khen thưởng\n\nĐội được khen.",
        awards="""
        - award: Giấy khen
          issuer: Giám đốc Công an tỉnh
          recipient_type: tập thể
          count: 1
        """),
}


def build_project(root: Path, extra: dict[str, str], per_page: int | None = None) -> Path:
    project = copy_project(root)
    if per_page:  # small pages: the archives get their pager
        yml = project / "mkdocs.yml"
        text = yml.read_text(encoding="utf-8")
        assert "  - bantin\n" in text
        yml.write_text(text.replace("  - bantin\n", f"  - bantin:\n      per_page: {per_page}\n"), encoding="utf-8")
    for rel, text in extra.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site")))
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample content plus EXTRA, built once (strict)."""
    return build_project(tmp_path_factory.mktemp("discovery") / "project", EXTRA)


def html_of(project: Path, url: str) -> str:
    path = project / "site" / url.strip("/") / "index.html" if not url.endswith(".html") else \
        project / "site" / url.strip("/")
    return path.read_text(encoding="utf-8")


def head_meta(html: str) -> dict[str, str]:
    head = html[:html.index("</head>")]
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head))


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD object of a page (a script may hold one object or a list)."""
    found = []
    for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(text)
        found.extend(data if isinstance(data, list) else [data])
    return found


def local(project: Path, url: str) -> Path:
    assert url.startswith(SITE + "/"), url
    return project / "site" / url.removeprefix(SITE + "/")


def pages(project: Path) -> list[Path]:
    return sorted(p for p in (project / "site").rglob("*.html") if "pagefind" not in p.parts)


# JSON-LD --------------------------------------------------------------------------------------


def article_urls(project: Path) -> list[str]:
    return ["/" + str(p.parent.relative_to(project / "site")) + "/"
            for p in (project / "site/bai-viet").rglob("index.html")]


def test_every_article_has_a_news_article_with_the_required_properties(project):
    urls = article_urls(project)
    # Six sample articles (the withdrawn one keeps its page, issue 18) and EXTRA's.
    assert len(urls) == 7 and NO_PHOTO in urls and WITHDRAWN in urls
    offset = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
    for url in urls:
        objects = json_ld(html_of(project, url))
        news = [o for o in objects if o["@type"] == "NewsArticle"]
        assert len(news) == 1, url
        news = news[0]
        assert news["@context"] == "https://schema.org"
        assert news["url"] == SITE + url and news["mainEntityOfPage"]["@id"] == SITE + url
        assert news["headline"] and news["inLanguage"] == "vi"
        assert offset.match(news["datePublished"]) and offset.match(news["dateModified"]), url
        assert news["dateModified"] >= news["datePublished"]
        assert news["image"], url
        for image in news["image"]:
            assert local(project, image).is_file(), image
        publisher = news["publisher"]
        assert publisher["@type"] == "Organization" and publisher["name"] == "Bản tin Toàn dân bảo vệ an ninh Tổ quốc"
        with Image.open(local(project, publisher["logo"]["url"])) as logo:
            assert logo.format == "PNG" and logo.size == sharecard.LOGO_SIZE
        assert news["author"] and all(a["@type"] in ("Person", "Organization") and a["name"] for a in news["author"])


def test_news_article_values_come_from_the_front_matter(project):
    news, trail = json_ld(html_of(project, NO_PHOTO))
    assert news["headline"] == "Đội tuần tra ra mắt"
    assert news["datePublished"] == "2023-03-05T08:00:00+07:00"
    # No `updated`: dateModified is the publication time (jsonld.date_modified).
    assert news["dateModified"] == news["datePublished"]
    assert news["author"] == [{"@type": "Person", "name": "Lê Thị Thuỷ"}, {"@type": "Person", "name": "Trần Văn Đức"}]
    assert news["articleSection"] == "Tin địa phương" and news["keywords"] == ["Tự quản"]
    # No photo: the drawn share card is the image.
    assert len(news["image"]) == 1 and "/anh-chia-se/" in news["image"][0]
    assert trail["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Trang chủ", SITE + "/"), (2, "Tin địa phương", SITE + "/chuyen-muc/tin-dia-phuong/"),
        (3, "Đội tuần tra ra mắt", SITE + NO_PHOTO)]
    # With a photo: the largest photo first, then its 1200×630 share card.
    news = json_ld(html_of(project, BCD_138))[0]
    assert news["image"][0].endswith("-1600.jpg") and news["image"][1].endswith("-share.jpg")
    assert news["datePublished"] == "2020-12-10T00:00:00+07:00"
    assert news["dateModified"] == "2020-12-14T16:20:00+07:00"  # its `updated`


def test_json_ld_text_cannot_close_its_script(build_site):
    title = 'Lễ "trao thưởng" </script><script>alert(1)</script> & <b>vui</b>'
    site = build_site({"articles/a.md": article(title=json.dumps(title), authors='["Mai </script> Hà"]')})
    [page] = list((site.site / "bai-viet").rglob("index.html"))
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    news = json_ld(html)[0]
    assert news["headline"] == title and news["author"][0]["name"] == "Mai </script> Hà"


def test_date_modified_is_the_hook_for_updated():
    from bantin.model import Article

    a = Article(src="a.md", title="T", date=dt.datetime(2022, 8, 18, 14, 32, tzinfo=VN_TZ), has_time=True,
                category="Tin hoạt động", slug="t", body="", summary="")
    assert jsonld.date_modified(a) == a.date


# OpenGraph, Twitter and share images -----------------------------------------------------------


def test_every_page_has_open_graph_and_twitter_tags_and_a_share_image(project):
    checked = 0
    for path in pages(project):
        html = path.read_text(encoding="utf-8")
        meta = head_meta(html)
        name = str(path.relative_to(project / "site"))
        for key in ("og:type", "og:title", "og:site_name", "og:locale", "og:image", "og:image:alt",
                    "twitter:card", "twitter:title", "twitter:image"):
            assert meta.get(key), (name, key)
        assert meta["og:locale"] == "vi_VN" and meta["twitter:card"] == "summary_large_image", name
        assert meta["og:image"] == meta["twitter:image"], name
        with Image.open(local(project, meta["og:image"])) as image:
            assert image.format == "JPEG" and image.size == (1200, 630), name
        if name != "404.html":  # the 404 page has no address of its own
            assert meta["og:url"] == SITE + "/" + name.removesuffix("index.html"), name
        assert meta["og:type"] == ("article" if name.startswith("bai-viet/") else "website"), name
        checked += 1
    assert checked >= 60


@pytest.mark.parametrize("url, title", [
    ("/", "Bản tin Toàn dân bảo vệ an ninh Tổ quốc"),
    ("/khen-thuong/", "Bảng vàng khen thưởng"),
    ("/nam/2022/", "Năm 2022"),
    ("/thong-ke/", "Thống kê"),
    ("/tim-kiem/", "Tìm kiếm"),
    ("/kha-nang-tiep-can/", "Tuyên bố về khả năng tiếp cận"),
])
def test_page_titles_and_descriptions_in_the_tags(project, url, title):
    meta = head_meta(html_of(project, url))
    assert meta["og:title"] == meta["twitter:title"] == title
    assert meta["og:description"]


def test_an_article_without_a_photo_shares_a_card_drawn_with_its_title(project):
    meta = head_meta(html_of(project, NO_PHOTO))
    assert meta["og:type"] == "article" and meta["og:image:alt"] == "Đội tuần tra ra mắt"
    card = local(project, meta["og:image"])
    assert card.parent.name == "anh-chia-se"
    site_card = local(project, head_meta(html_of(project, "/"))["og:image"])
    assert card != site_card  # its own card, not the site's
    with Image.open(card) as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((5, 5))[0] > 120 and rgb.getpixel((5, 5))[1] < 60  # the red band
        # Dark text was drawn in the title area.
        title_area = rgb.crop((80, 200, 1120, 420)).convert("L")
        assert title_area.getextrema()[0] < 80


def test_cards_are_cached_by_content_and_drawn_again_only_when_it_changes(tmp_path):
    cards = sharecard.Cards.open(tmp_path / "cache")
    first = cards.card(sharecard.Card("Đội tuần tra ra mắt", "Bản tin", "Tin địa phương", "05/03/2023"))
    path = tmp_path / "cache" / Path(first).name
    stamp = path.stat().st_mtime_ns
    again = sharecard.Cards.open(tmp_path / "cache")
    assert again.card(sharecard.Card("Đội tuần tra ra mắt", "Bản tin", "Tin địa phương", "05/03/2023")) == first
    assert again.drawn == 0 and again.reused == 1 and path.stat().st_mtime_ns == stamp
    changed = again.card(sharecard.Card("Đội tuần tra ra mắt!", "Bản tin", "Tin địa phương", "05/03/2023"))
    assert changed != first and again.drawn == 1


def test_vietnamese_letters_are_drawn_not_boxes(tmp_path):
    """Every letter of the title is drawn by the font itself (Noto Sans has all of
    Vietnamese): "ỗ" differs from "o", and no letter is the font's missing-glyph box."""
    from PIL import ImageFont

    font = ImageFont.truetype(sharecard.DEFAULT_FONT, 64)
    missing = font.getmask("\uffff").getbbox()
    for letter in "ăâđêôơưỗữẫẹỷĐẶ":
        assert font.getmask(letter).getbbox() != missing, letter
        assert bytes(font.getmask(letter)) != bytes(font.getmask("a")), letter


def test_a_missing_font_is_a_vietnamese_error(tmp_path):
    with pytest.raises(sharecard.FontMissing, match="fonts-noto-core"):
        sharecard.Cards.open(tmp_path, tmp_path / "khong-co.ttf")


def test_long_titles_fit_the_card():
    font = sharecard.DEFAULT_FONT
    title = "Hội nghị " * 60
    image = sharecard.draw_card(sharecard.Card(title, "Bản tin", "Tin", "01/01/2024"), font)
    assert image.size == sharecard.SIZE
    size, lines = sharecard._fit_title(title, font, 1040, 300)
    assert size.size == 40 and lines[-1].endswith("…") and len(lines) * 50 <= 300


# robots.txt and the sitemap ----------------------------------------------------------------------


def test_robots_txt_names_the_sitemap(project):
    text = (project / "site/robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text.splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    assert crawlers.robots(None).count("Sitemap") == 0  # no site_url: no relative sitemap line


def test_sitemap_lastmod_is_the_newest_item_of_each_page(project):
    tree = ET.fromstring((project / "site/sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {u.find(ns + "loc").text.removeprefix(SITE): u.find(ns + "lastmod").text for u in tree}
    records = json.loads((project / "site/du-lieu/bai-viet.json").read_text(encoding="utf-8"))
    dates = {r["url"].removeprefix(SITE): r["date"][:10] for r in records}
    assert dates[BCD_138] == "2020-12-10"
    dates[BCD_138] = "2020-12-14"  # its `updated` (14/12/2020 16:20) is its last change
    build_day = dt.datetime.now(VN_TZ).date().isoformat()
    for url, day in dates.items():
        assert lastmod[url] == day, url
    newest = max(dates.values())
    assert lastmod["/"] == newest == "2023-03-05"
    assert lastmod["/nam/2020/"] == max(d for u, d in dates.items() if u.startswith("/bai-viet/2020/"))
    assert lastmod["/nam/2022/"] == max(d for u, d in dates.items() if u.startswith("/bai-viet/2022/"))
    assert lastmod["/chuyen-muc/tin-dia-phuong/"] == "2023-03-05"
    assert lastmod["/khen-thuong/2020/"] == "2020-12-14"  # BCD_138, updated, is its newest item
    assert lastmod["/tim-kiem/"] == newest and lastmod["/nam/"] == newest
    # Only hand-written pages may carry a date other than an article's.
    others = {u: d for u, d in lastmod.items() if d not in dates.values()}
    assert set(others) <= {"/gioi-thieu/", "/kha-nang-tiep-can/"}, others
    assert build_day not in {d for u, d in lastmod.items() if u not in others}


def test_a_later_page_of_a_list_is_as_new_as_the_list(build_site):
    yml = "site_name: Bản tin thử\nsite_url: https://bantin.example.vn/\ndocs_dir: content\ntheme:\n" \
          "  name: material\n  language: vi\n  font: false\nplugins:\n  - bantin:\n      per_page: 1\n"
    site = build_site({"mkdocs.yml": yml, "articles/a.md": article(title="Cũ", date="01/02/2022"),
                       "articles/b.md": article(title="Mới", date="05/06/2022"),
                       "articles/c.md": article(title="Khác năm", date="07/07/2021")})
    tree = ET.fromstring((site.site / "sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {u.find(ns + "loc").text.removeprefix(SITE): u.find(ns + "lastmod").text for u in tree}
    assert lastmod["/nam/2022/"] == lastmod["/nam/2022/trang/2/"] == "2022-06-05"
    assert lastmod["/nam/2021/"] == "2021-07-07"


def test_newest_walks_lists_rows_and_dataclasses():
    from bantin.model import Article

    def make(day: int) -> Article:
        return Article(src=f"{day}.md", title=str(day), date=dt.datetime(2022, 1, day, tzinfo=VN_TZ),
                       has_time=False, category="Tin hoạt động", slug=str(day), body="", summary="")

    context = {"rows": [{"article": make(3)}, {"article": make(9)}], "heading": "x", "n": 2}
    assert crawlers.newest(context) == make(9).date
    default = dt.datetime(2000, 1, 1, tzinfo=VN_TZ)
    assert crawlers.newest({"entries": [{"name": "a", "url": "/a/"}]}, default) == default
    assert crawlers.lastmod(dt.datetime(2022, 8, 18, 23, 30, tzinfo=dt.timezone.utc)) == "2022-08-19"


# The accessibility statement -------------------------------------------------------------------


def test_accessibility_statement_is_linked_from_every_footer(project):
    statement = html_of(project, "/kha-nang-tiep-can/")
    text = re.sub(r"<[^>]+>", " ", statement)
    for needed in ("Tuyên bố về khả năng tiếp cận", "WCAG", "2.1", "AA", "axe-core", "Lighthouse",
                   "Nu", "360", "Hạn chế đã biết", "mailto:"):
        assert needed in text or needed in statement, needed
    for path in pages(project):
        html = path.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer'):]
        # "./" on the statement itself.
        assert re.search(r'<a href="(?:[./]*kha-nang-tiep-can/|\./)">Tuyên bố về khả năng tiếp cận</a>', footer), path


def test_no_footer_link_to_a_statement_the_site_does_not_have(build_site):
    site = build_site({"articles/a.md": article()})
    assert "kha-nang-tiep-can" not in site.html("/")
