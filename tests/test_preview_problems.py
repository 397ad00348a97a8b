"""Problems in the preview: a Vietnamese banner on every page while `mkdocs serve` runs,
a broken article's URL shows its problems, and nothing of it in a build."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import MKDOCS_YML, article

BROKEN = article(title="Ngày hội ở Ninh Kiều", pin="có lẽ", body="Đoạn văn.")
GOOD = article(title="Bài tốt", date="19/08/2022",
               event="place: quận Ninh Kiều\nprovince: Cần Thơ",
               stats="- metric: Khu dân cư văn hóa\n  value: 12")


@pytest.mark.build
def test_a_preview_build_shows_no_banner_and_sanitizes_bodies(build_site):
    # preview: true in a build (not serve): problems leave the article out, no banner is written.
    site = build_site({"articles/a.md": GOOD, "articles/b.md": BROKEN}, preview=True, strict=False)
    html = site.html("/bai-viet/2022/bai-tot/")
    assert "bantin-van-de" not in html and "vấn đề cần sửa" not in html
    assert not site.exists("/bai-viet/2022/ngay-hoi-o-ninh-kieu/")
    # The figure without area took the event's place, and the preview says so.
    assert "quận Ninh Kiều" in html and "lấy từ nơi tổ chức sự kiện" in html


@pytest.mark.build
def test_the_build_passes_article_html_through_the_sanitizer(build_site):
    # `make check` refuses raw HTML that runs code; a form it does not know is still cleaned.
    body = 'Đoạn <span onmouseover\n="alert(1)">chữ</span> và <u>gạch</u>.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n'
    site = build_site({"articles/a.md": article(title="Bài", body=body)})
    html = site.html("/bai-viet/2022/bai/")
    assert "onmouseover" not in html and "alert(1)" not in html
    assert "<u>gạch</u>" in html and "<table>" in html and "<td>1</td>" in html


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mkdocs_serve(build_site):
    """A real `mkdocs serve` on a project with one good and one broken article."""
    root = build_site.write({"articles/a.md": GOOD, "articles/b.md": BROKEN})
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - bantin\n", "  - bantin:\n      search: false\n"),
                                     encoding="utf-8")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(origin + "/", timeout=2).read()
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None:
                pytest.fail("mkdocs serve stopped: " + (process.stdout.read() if process.stdout else ""))
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("mkdocs serve did not answer in 120 s")
    yield origin
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.browser
def test_preview_banner_and_broken_article_page_in_chromium(chromium, mkdocs_serve):
    page = chromium.new_page()
    try:
        for path in ("/", "/bai-viet/2022/bai-tot/", "/khen-thuong/"):
            page.goto(mkdocs_serve + path)
            banner = page.locator("aside.bantin-van-de")
            assert banner.is_visible(), path
            text = banner.inner_text()
            assert "Bản xem trước: 1 vấn đề cần sửa trước khi đăng" in text
            assert "articles/b.md:5 nổi bật (pin): \"có lẽ\" phải là true (có) hoặc false (không)" in text
            link = banner.get_by_role("link", name="xem bài")
            assert link.count() == 1
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith("/bai-viet/2022/ngay-hoi-o-ninh-kieu/")
        assert page.get_by_role("heading", name="Bài viết chưa xem được").is_visible()
        assert "Dòng 5 · nổi bật (pin)" in page.locator("ol.bantin-loi").inner_text()
        response = page.goto(mkdocs_serve + "/bai-viet/2022/ngay-hoi-o-ninh-kieu/")
        assert response.status == 200  # its problems, not a 404
    finally:
        page.close()


def test_banner_is_escaped():
    from bantin.preview import with_banner
    from bantin.problems import Problem

    html = with_banner("<html><body class='x'><p>a</p></body></html>",
                       [Problem("articles/<b>.md", 3, "title", '"<script>"', "lỗi", url="/bai-viet/2022/x/")],
                       "/bai-viet/2022/y/")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert html.index("bantin-van-de") > html.index("<body class='x'>")
    assert 'href="../x/"' in html


def test_a_multi_line_example_keeps_its_lines_and_indentation():
    # "ví dụ:\n    recipients:\n      - name: …" shown on one line would teach the wrong YAML.
    from bantin.preview import broken_page, with_banner
    from bantin.problems import Problem

    message = "hãy viết mỗi mục một dòng, ví dụ:\n    recipients:\n      - name: Nguyễn Văn Tư"
    problems = [Problem("articles/a.md", 7, "awards[0].recipients", None, message, url="/bai-viet/2022/x/")]
    for html in (with_banner("<body><p>a</p></body>", problems, "/"), str(broken_page("articles/a.md", problems, "/"))):
        assert f'<span style="white-space:pre-wrap">{message}</span>' in html


def test_the_preview_log_drops_mkdocs_dirty_build_warning_only():
    import logging

    from bantin.editor.run import not_the_dirty_warning

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.commands.build", logging.WARNING, "build.py", 1, message, None, None)

    assert not not_the_dirty_warning(record("A 'dirty' build is being performed, this will likely lead to "
                                            "inaccurate navigation and other links within your site."))
    assert not_the_dirty_warning(record("bantin: articles/a.md:5 nổi bật (pin): lỗi"))


pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning")]
