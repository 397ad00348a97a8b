"""Whole-site builds: articles, archives, drafts, escaping, failed builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, VOCAB_DIR, article, jpeg

SCRIPT = '<script>alert("x")</script>'


def test_sample_content_builds_strict_with_all_structured_data(build_site, tmp_path):
    site = build_site.sample()
    pages = sorted(p.parent.relative_to(site.site).as_posix() for p in (site.site / "bai-viet").rglob("index.html"))
    assert len(pages) == 6  # five reports and the withdrawn sample (its page stays, listed nowhere)
    # The 86-character title slug is cut at a word boundary to 80 (issue 14).
    html = site.html("/bai-viet/2022/"
                     "phat-huy-vai-tro-nong-cot-cua-cand-trong-xay-dung-phong-trao-toan-dan-bao-ve/")
    for expected in ["Thứ Năm, 18/08/2022, 14:32 (GMT+7)", "Tuệ Yên", "Trung tướng", "Thứ trưởng Bộ Công an",
                     "Kỷ niệm chương &#34;Bảo vệ an ninh Tổ quốc&#34;", "<strong>59 cá nhân</strong>",
                     "Tội phạm về trật tự xã hội",
                     "−11,9%", "5 trong 1 về giữ gìn ANTT", "Ảnh: Bản tin", "Ngày hội", "Cần Thơ"]:
        assert expected in html, expected
    html = site.html("/bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/")
    for expected in ["2.863", "3.462", "82,7%", "507.361", "94,75%", "98,9%", "Cờ đơn vị dẫn đầu", "UBND tỉnh",
                     "Đại tá", "10/12/2020"]:
        assert expected in html, expected
    dien_ban = site.html("/bai-viet/2022/tong-ket-cong-tac-to-chuc-ngay-hoi-toan-dan-bao-ve-an-ninh-to-quoc-nam-2022/")
    assert 'dia-phuong/quang-nam/">Quảng Nam</a> (nay thuộc Đà Nẵng)' in dien_ban
    cuc = site.html("/bai-viet/2020/cuc-xay-dung-phong-trao-bao-ve-an-ninh-to-quoc-trien-khai-cong-tac-nam-2020/")
    assert "Theo Cổng thông tin điện tử Bộ Công an" in cuc
    home = site.html("/")
    # The pinned article leads the front page with its photo; the other four follow as cards.
    assert '<article class="bt-lead"' in home and len(re.findall(r'<article class="bt-card[ "]', home)) == 4
    lead = home[home.index('<article class="bt-lead"'):home.index("</article>", home.index('<article class="bt-lead"'))]
    assert "Phát huy vai trò nòng cốt" in lead and "<picture" in lead


def test_article_page_links_category_tags_and_shows_photo_caption(build_site):
    site = build_site({
        "photos/2022/a.jpg": jpeg(),
        "articles/a.md": article(title="Ngày hội ở Đà Nẵng", tags="[Ngày hội, Đà Nẵng]", authors="[Mai Hà]",
                                 source="Báo Công an nhân dân", photos="""
                                 - file: 2022/a.jpg
                                   caption: Toàn cảnh Ngày hội
                                   credit: Công an tỉnh
                                 """),
    })
    html = site.html("/bai-viet/2022/ngay-hoi-o-da-nang/")
    assert 'href="../../../chuyen-muc/tin-hoat-dong/"' in html
    assert 'href="../../../the/da-nang/"' in html
    assert "<figcaption>Toàn cảnh Ngày hội <span class=\"bt-credit\">Ảnh: Công an tỉnh</span></figcaption>" in html
    assert 'alt="Toàn cảnh Ngày hội"' in html
    assert "Theo Báo Công an nhân dân" in html
    tag_page = site.html("/the/da-nang/")
    assert "Ngày hội ở Đà Nẵng" in tag_page


def test_front_matter_text_is_escaped_everywhere(build_site):
    site = build_site({"articles/x.md": article(
        title=f"'{SCRIPT} tin'", summary=f"'{SCRIPT}'", tags=f"['{SCRIPT}']", authors=f"['{SCRIPT}']",
        officials=f"- name: '{SCRIPT}'\n  rank: '<b>Đại tá</b>'")})
    for page in site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert SCRIPT not in text, page
        assert "<b>Đại tá</b>" not in text, page
    html = site.html("/bai-viet/2022/script-alert-x-script-tin/")
    assert "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; tin - Bản tin thử</title>" in html
    assert "<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; tin</h1>" in html
    assert 'content="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"' in html


def test_drafts_and_scheduled_articles_are_left_out_of_a_build(build_site):
    tree = {
        "articles/published.md": article(title="Đã đăng", tags="[Chung]"),
        "articles/draft.md": article(title="Bản nháp thử", draft="true", tags="[Chung]"),
        "articles/future.md": article(title="Sẽ đăng", date="01/01/2099 08:00", tags="[Chung]"),
    }
    site = build_site(tree)
    everything = "".join(p.read_text(encoding="utf-8") for p in site.site.rglob("*.html"))
    assert "Đã đăng" in everything
    assert "Bản nháp thử" not in everything and "Sẽ đăng" not in everything
    assert not site.exists("/nam/2099/")


def test_preview_shows_drafts_and_scheduled_with_a_banner(build_site):
    site = build_site({
        "articles/draft.md": article(title="Bản nháp thử", draft="true"),
        "articles/future.md": article(title="Sẽ đăng", date="01/01/2099 08:00"),
    }, preview=True)
    assert "<strong>Bản nháp</strong>" in site.html("/bai-viet/2022/ban-nhap-thu/")
    scheduled = site.html("/bai-viet/2099/se-dang/")
    assert "<strong>Hẹn giờ đăng</strong>" in scheduled and "01/01/2099 08:00" in scheduled


def test_archives_are_paginated_newest_first(build_site):
    tree = {f"articles/a{i:02}.md": article(title=f"Tin số {i:02}", date=f"{1 + i % 28:02}/{1 + i // 28:02}/2021",
                                            category="Khen thưởng") for i in range(45)}
    site = build_site(tree)
    first = site.html("/chuyen-muc/khen-thuong/")
    assert first.count('class="bt-card"') == 20 and "Trang 1/3" in first
    assert site.html("/chuyen-muc/khen-thuong/trang/3/").count('class="bt-card"') == 5
    titles = re.findall(r'class="bt-card__title"><a [^>]*>Tin số (\d+)</a>', first)
    assert titles[:2] == ["44", "43"]  # newest first
    assert site.html("/nam/2021/").count('class="bt-card"') == 20
    assert "45" in site.html("/nam/")


def test_a_build_with_problems_publishes_nothing_and_keeps_the_last_site(build_site):
    site = build_site({"articles/a.md": article(title="Bài tốt")})
    before = {p: p.read_bytes() for p in site.site.rglob("*") if p.is_file()}
    failed = build_site.failing({"articles/b.md": article(title="Bài lỗi", category="Không có"),
                                 "articles/c.md": article(title="Bài lỗi 2", date="32/13/2022")})
    messages = failed.messages()
    assert any(m.startswith("articles/b.md:4 chuyên mục (category):") for m in messages)
    assert any(m.startswith("articles/c.md:3 ngày (date):") for m in messages)
    after = {p: p.read_bytes() for p in site.site.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.build  # builds through scripts/build.py in a subprocess
def test_build_script_swaps_only_a_good_build(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(VOCAB_DIR, project / "content/vocab")
    (project / "articles").mkdir()
    (project / "photos").mkdir()
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\ntheme:\n  name: material\n"
                                        "  font: false\nplugins:\n  - bantin\n", encoding="utf-8")
    (project / "articles/a.md").write_text(article(title="Một"), encoding="utf-8")
    run = [sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    index = (project / "site/index.html").read_bytes()
    (project / "articles/b.md").write_text(article(title="Hai", category="Sai"), encoding="utf-8")
    result = subprocess.run(run, capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "articles/b.md:4 chuyên mục (category)" in result.stderr
    assert (project / "site/index.html").read_bytes() == index
    assert not (project / "site.new").exists()


def test_article_open_data(build_site):
    site = build_site({
        "articles/b.md": article(title="Bài hai", date="18/08/2022 14:32", tags="[A, B]", authors="[Mai Hà]",
                                 event="type: ngày hội\nprovince: Cần Thơ", awards="""
                                 - award: Bằng khen
                                   issuer: Bộ Công an
                                   recipient_type: tập thể
                                   count: 9
                                 - award: Giấy khen
                                   issuer: Giám đốc Công an thành phố
                                   recipient_type: cá nhân
                                   recipients: [Nguyễn Văn An, Lê Thị Bình]
                                 """),
        "articles/a.md": article(title="Bài một", date="10/12/2020"),
        "articles/d.md": article(title="Nháp", date="10/12/2020", draft="true"),
    })
    records = site.json("du-lieu/bai-viet.json")
    assert records == [
        {"url": "https://bantin.example.vn/bai-viet/2020/bai-mot/", "title": "Bài một",
         "date": "2020-12-10T00:00:00+07:00",
         "category": "Tin hoạt động", "tags": [], "authors": [], "province": None, "event_type": None,
         "awards": 0, "photos": 0},
        {"url": "https://bantin.example.vn/bai-viet/2022/bai-hai/", "title": "Bài hai",
         "date": "2022-08-18T14:32:00+07:00",
         "category": "Tin hoạt động", "tags": ["A", "B"], "authors": ["Mai Hà"], "province": "Cần Thơ",
         "event_type": "ngày hội", "awards": 11, "photos": 0},
    ]


def test_two_articles_with_the_same_url_are_reported(build_site):
    failed = build_site.failing({"articles/a.md": article(title="Hội nghị tổng kết"),
                                 "articles/b.md": article(title="Hội nghị tổng kết", date="20/08/2022")})
    assert failed.messages()[0] == (
        'articles/b.md:2 địa chỉ web (slug): "hoi-nghi-tong-ket" cho địa chỉ web /bai-viet/2022/hoi-nghi-tong-ket/, '
        "trùng với bài articles/a.md (địa chỉ lấy từ tiêu đề); hãy thêm một dòng slug: với địa chỉ khác, ví dụ: "
        "slug: hoi-nghi-tong-ket-2")
