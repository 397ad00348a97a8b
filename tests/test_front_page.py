"""Issue 13 without a browser: the news front page, the article's news header and
facts box, anchors that keep đ, Vietnamese 404 and footer, empty categories hidden,
no kicker that repeats the title."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from conftest import article, jpeg

from bantin.model import VN_TZ
from bantin.reader import heading_slug, news_date

PHOTO = """
- file: 2022/a.jpg
  caption: Toàn cảnh buổi lễ
"""


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_news_date_has_the_weekday_and_the_time_only_when_given():
    moment = dt.datetime(2022, 8, 18, 14, 32, tzinfo=VN_TZ)
    assert news_date(moment, True) == "Thứ Năm, 18/08/2022, 14:32 (GMT+7)"
    assert news_date(moment, False) == "Thứ Năm, 18/08/2022"
    assert news_date(dt.datetime(2022, 8, 21, 7, 5, tzinfo=VN_TZ), True) == "Chủ Nhật, 21/08/2022, 07:05 (GMT+7)"
    # A time stored in UTC is shown in Vietnam time, with its weekday.
    assert news_date(dt.datetime(2022, 8, 17, 20, 0, tzinfo=dt.timezone.utc), True) == \
        "Thứ Năm, 18/08/2022, 03:00 (GMT+7)"


def test_heading_anchor_keeps_d():
    assert heading_slug("Ngày hội năm đầu tiên", "-") == "ngay-hoi-nam-dau-tien"
    assert heading_slug("Đội tuần tra: 12 thành viên!", "_") == "doi_tuan_tra_12_thanh_vien"


def test_front_page_leads_with_the_pinned_story_and_its_photo_and_links_everywhere(build_site):
    tree = {f"articles/a{i}.md": article(title=f"Tin số {i}", date=f"0{i + 1}/03/2022 08:00",
                                         summary=f"Tóm tắt {i}") for i in range(5)}
    tree["photos/2022/a.jpg"] = jpeg((800, 600))
    tree["articles/lead.md"] = article(title="Tin chính có ảnh", date="01/01/2022", pin="true", photos=PHOTO,
                                       category="Phong trào toàn dân bảo vệ ANTQ", awards="""
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: tập thể
          count: 7
        - award: Giấy khen
          issuer: Bộ Công an
          recipient_type: cá nhân
          count: 3
        """, stats="""
        - metric: Khu dân cư văn hóa
          value: 2863
          total: 3462
        """)
    tree["articles/photo.md"] = article(title="Tin thường có ảnh", date="07/03/2022", photos=PHOTO)
    site = build_site(tree)
    home = site.html("/")
    lead = re.search(r'<article class="bt-lead".*?</article>', home, re.S).group(0)
    assert "Tin chính có ảnh" in lead and "<picture" in lead and 'fetchpriority="high"' in lead
    assert 'loading="lazy"' not in lead  # the lead is the largest paint: never lazy
    assert 'alt="Toàn cảnh buổi lễ"' in lead and "<source type=\"image/webp\"" in lead
    # The latest news follow with thumbnails where an article has a photo, loaded lazily.
    cards = re.findall(r'<article class="bt-card[ "].*?</article>', home, re.S)
    assert [re.search(r'bt-card__title"><a [^>]*>([^<]+)', c).group(1) for c in cards][:2] == \
        ["Tin thường có ảnh", "Tin số 4"]
    assert "bt-thumb" in cards[0] and 'loading="lazy"' in cards[0] and "<picture" not in cards[1]
    # The honour roll's totals of 2022 and the key figures, with their links.
    box = re.search(r'aria-labelledby="bang-vang">.*?</section>', home, re.S).group(0)
    assert "<strong>10</strong> lượt khen thưởng năm 2022" in box
    assert 'href="khen-thuong/2022/"' in box and 'href="khen-thuong/"' in box
    figures = re.search(r'aria-labelledby="so-lieu-chinh">.*?</section>', home, re.S).group(0)
    assert "2.863/3.462 khu dân cư (82,7%)" in figures and 'href="thong-ke/"' in figures
    for href in ("nguoi/", "dia-phuong/", "khen-thuong/", "thong-ke/", "chuyen-muc/phong-trao-toan-dan-bao-ve-antq/"):
        assert f'href="{href}"' in home, href
    # Empty categories are not offered ("Khen thưởng (0)" led to an empty page).
    assert 'chuyen-muc/khen-thuong/"' not in home
    index = site.html("/chuyen-muc/")
    assert 'khen-thuong/"' not in index.split('<h1')[1] and 'tin-hoat-dong/"' in index.split('<h1')[1]
    # Lists show thumbnails too.
    assert "bt-thumb" in site.html("/nam/2022/") and "bt-thumb" in site.html("/chuyen-muc/tin-hoat-dong/")
    assert Counter(_ids(home)).most_common(1)[0][1] == 1  # no duplicate id


def test_article_news_header_facts_box_and_anchors(build_site):
    body = "Mở đầu bài viết.\n\n## Khen thưởng\n\nĐoạn khen thưởng.\n\n## Ngày hội đầu tiên\n\nĐoạn cuối."
    site = build_site({"articles/a.md": article(
        title="Hội nghị tổng kết", date="18/08/2022 14:32", authors="[Xuân Thu, Mai Hà]",
        source="Báo Công an nhân dân", body=body, officials="""
        - name: Nguyễn Duy Ngọc
          rank: Trung tướng
          position: Thứ trưởng Bộ Công an
          role: chỉ đạo
        """, awards="""
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: tập thể
          count: 9
          for: thành tích xuất sắc
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: cá nhân
          count: 4
          for: thành tích xuất sắc
        - award: Giấy khen
          issuer: UBND tỉnh
          recipient_type: cá nhân
          count: 2
          year: 2021
        """, stats="""
        - metric: Khu dân cư văn hóa
          value: 2863
          total: 3462
        - metric: Tội phạm về trật tự xã hội
          change: "-11,9"
        """)})
    html = site.html("/bai-viet/2022/hoi-nghi-tong-ket/")
    header = re.search(r'<header class="bt-news-header">.*?</header>', html, re.S).group(0)
    assert "Thứ Năm, 18/08/2022, 14:32 (GMT+7)" in header
    assert "Xuân Thu, Mai Hà" in header and "Theo Báo Công an nhân dân" in header
    assert ">Tin hoạt động</a>" in header
    # Anchors keep đ as d; the body's "Khen thưởng" and the facts box's do not share an id.
    assert 'id="ngay-hoi-dau-tien"' in html
    ids = Counter(_ids(html))
    assert [i for i, n in ids.items() if n > 1] == []
    facts = re.search(r'<section class="bt-box bt-facts".*?</section>', html, re.S).group(0)
    # Awards grouped by issuer, then type: one line for 9 collectives and 4 individuals.
    assert facts.count(">Bộ Công an<") == 1 and "<strong>9 tập thể, 4 cá nhân</strong>" in facts
    assert ">UBND tỉnh<" in facts and "(thành tích năm 2021)" in facts
    # No year line repeated for figures of the article's own year.
    assert "Năm: 2022" not in facts and "năm 2022" not in facts
    assert "2.863/3.462 khu dân cư (82,7%)" in facts and ">−11,9%<" in facts
    assert "vụ" not in facts  # a change has no unit but %
    assert "Trung tướng <a" in facts and "Thứ trưởng Bộ Công an" in facts
    # The skip link goes to the article, not to a heading past its lead.
    assert re.search(r'<a href="#noi-dung-bai" class="md-skip">\s*Chuyển đến nội dung chính', html)
    assert '<div class="bt-article" id="noi-dung-bai"' in html
    # Printed: the site name and the article's address.
    assert ('<p class="bt-print-only">Bản tin thử — '
            'https://bantin.example.vn/bai-viet/2022/hoi-nghi-tong-ket/</p>') in html


def test_interface_is_vietnamese_404_footer_and_kickers(build_site):
    root = build_site.write({"articles/a.md": article(title="Tin một", date="01/03/2022")})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  font: false\n", "  font: false\n  features: [navigation.tabs, navigation.top]\n"), encoding="utf-8")
    site = build_site({})
    page = (site.site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Không tìm thấy trang</h1>" in page and "Not found" not in page
    assert re.search(r'<form [^>]*action="/tim-kiem/"', page) and 'name="q"' in page
    assert re.search(r'href="/\.?">Trang chủ</a>', page)  # Material's own home link is "/." too
    home = site.html("/")
    assert "Về đầu trang" in home and "Trở lại mục lục" not in home
    assert 'aria-label="Tabs"' not in home
    year = site.html("/nam/2022/")
    assert "<h1>Năm 2022</h1>" in year  # no "NĂM:" kicker before it


def test_footer_carries_the_publishers_details_from_mkdocs_yml(build_site):
    # The footer links "Giới thiệu" where the site has that page (no link to a missing page).
    root = build_site.write({"articles/a.md": article(), "content/gioi-thieu.md": "# Giới thiệu\n\nVề bản tin.\n"})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + """\
extra:
  short_name: Bản tin ANTQ
  publisher:
    owner: Cục <Xây dựng> phong trào
    editor: Nguyễn Văn A
    address: Số 1 phố Mẫu, Hà Nội
    phone: 069.000.0000
    email: bantin@bantin.example.vn
    licence: Giấy phép số 00/GP-TTĐT
    data_licence: CC BY 4.0
    data_licence_url: https://creativecommons.org/licenses/by/4.0/deed.vi
""", encoding="utf-8")
    site = build_site({})
    html = site.html("/")
    footer = re.search(r'<footer class="md-footer bt-footer">.*?</footer>', html, re.S).group(0)
    for text in ("Cơ quan chủ quản", "Cục &lt;Xây dựng&gt; phong trào", "Chịu trách nhiệm nội dung", "Nguyễn Văn A",
                 "Số 1 phố Mẫu, Hà Nội", 'href="tel:0690000000"', 'href="mailto:bantin@bantin.example.vn"',
                 "Giấy phép số 00/GP-TTĐT", ">CC BY 4.0</a>", 'href="gioi-thieu/"', 'href="feed.xml"',
                 "Dữ liệu mở", '<a href="dinh-chinh/">Đính chính và cập nhật</a>'):
        assert text in footer, text
    assert '<span class="bt-name-short">Bản tin ANTQ</span>' in html
