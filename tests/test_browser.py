"""What a reader sees in Debian's Chromium: Vietnamese search with and without
diacritics, phone layout, feed link, accessibility (axe-core, Lighthouse), no console
error and no request that leaves the site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import PHONE, Guard, search_bytes
from conftest import ROOT, article, copy_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

AXE = ROOT / "node_modules/axe-core/axe.min.js"
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
SCREENSHOTS = ROOT / "tests/screenshots"

# Its 86-character title slug is cut at a word boundary to 80 (issue 14).
NINH_KIEU = "/bai-viet/2022/phat-huy-vai-tro-nong-cot-cua-cand-trong-xay-dung-phong-trao-toan-dan-bao-ve/"
CUC = "/bai-viet/2020/cuc-xay-dung-phong-trao-bao-ve-an-ninh-to-quoc-trien-khai-cong-tac-nam-2020/"
BCD_138 = "/bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/"
DOI = "/bai-viet/2023/doi-tuan-tra-nhan-dan-xa-dong-hoa-ra-mat/"
DOI_NGHEO = "/bai-viet/2023/ho-tro-ho-ngheo-vuot-qua-mua-lu/"

# Two articles that differ only in diacritics for "đội"/"đói" and Thuỷ/Thủy.
EXTRA = {
    "articles/2023/doi.md": article(
        title="Đội tuần tra nhân dân xã Đông Hoà ra mắt", date="05/03/2023 08:00", category="Tin địa phương",
        tags="[Tự quản]", body="Đội tuần tra gồm 12 thành viên, do bà Lê Thị Thuỷ làm đội trưởng.",
        event="type: lễ phát động\nplace: xã Đông Hoà\nprovince: Phú Yên",
        officials="- name: Lê Thị Thuỷ\n  position: Chủ tịch UBND xã",
        awards="""
        - award: Giấy khen
          issuer: Giám đốc Công an tỉnh
          recipient_type: cá nhân
          recipients: [Trần Văn Đức]
        """),
    "articles/2023/doi-ngheo.md": article(
        title="Hỗ trợ hộ nghèo vượt qua mùa lũ", date="06/03/2023", category="Tin địa phương",
        body="Nhiều hộ bị đói sau lũ được Công an xã hỗ trợ gạo. Bà Nguyễn Thị Thủy cảm ơn lực lượng Công an."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The project's sample content plus the two articles above, built once."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    for rel, text in EXTRA.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site")))
    return project / "site"


@pytest.fixture
def browse(chromium, serve, site):  # noqa: F811
    """`page, guard = browse(viewport)`: a fresh page on the served site, watched."""
    origin = serve(site)
    contexts = []

    def open_page(viewport: dict | None = None):
        context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        return page, Guard.attach(page, origin)

    open_page.origin = origin
    yield open_page
    for context in contexts:
        context.close()


def _results(page) -> list[str]:
    page.wait_for_selector("#bt-search-status[data-state='done']")
    hrefs = page.eval_on_selector_all(".bt-result__title a", "links => links.map(a => new URL(a.href).pathname)")
    return hrefs


def _search(browse, query: str) -> list[str]:
    page, guard = browse()
    page.goto(f"{browse.origin}/tim-kiem/?q={quote(query)}")
    found = _results(page)
    guard.check()
    return found


@pytest.mark.parametrize("query, expected", [
    ("bao ve an ninh", [NINH_KIEU, CUC, BCD_138]),  # no diacritics
    ("bảo vệ an ninh", [NINH_KIEU, CUC, BCD_138]),
    ("doi tuan tra", [DOI]),  # đ typed as d
    ("don vi quyet thang", [CUC]),  # "Đơn vị Quyết thắng"
    ("nguyen duy ngoc", [NINH_KIEU, CUC]),  # an official
    ("tran van duc", [DOI]),  # a named award recipient
    ("dong hoa", [DOI]),  # a place, old tone placement in the article (Hoà)
    ("Đông Hòa", [DOI]),  # ... typed with the new one
    ("ky niem chuong", [NINH_KIEU]),  # an award
    ("co don vi dan dau", [BCD_138]),  # an award's name
    ("ninh kieu", [NINH_KIEU]),
])
def test_search_finds_with_and_without_diacritics(browse, query, expected):
    found = _search(browse, query)
    assert set(expected) <= set(found), (query, found)


def _has_exact(site: Path, url: str, word: str) -> bool:
    """Whether the indexed article text has `word` exactly as typed (any case)."""
    html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    body = html[html.index('<div class="bt-article"'):]
    body = body[:body.find('<section class="bt-related"')] if '<section class="bt-related"' in body else body
    text = re.sub(r"<[^>]+>", " ", body).casefold()
    return re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", text) is not None


@pytest.mark.parametrize("query, exact, folded", [
    ("đội", DOI, DOI_NGHEO),  # "đội" before "đói"
    ("đói", DOI_NGHEO, DOI),
    ("Thuỷ", DOI, DOI_NGHEO),  # the tone placement as typed first, the other one found too
    ("Thủy", DOI_NGHEO, DOI),
])
def test_exact_diacritics_rank_first(browse, site, query, exact, folded):
    found = _search(browse, query)
    assert exact in found and folded in found, (query, found)
    exactness = [_has_exact(site, url, query) for url in found]
    assert exactness == sorted(exactness, reverse=True), (query, list(zip(found, exactness)))
    assert _has_exact(site, exact, query) and not _has_exact(site, folded, query)


def test_doi_without_diacritics_finds_both_and_highlights_folded_words(browse):
    page, guard = browse()
    page.goto(f"{browse.origin}/tim-kiem/?q=doi")
    found = _results(page)
    assert DOI in found and DOI_NGHEO in found
    marks = page.eval_on_selector_all(".bt-result mark", "ms => ms.map(m => m.textContent)")
    assert "Đội" in marks
    assert "Tìm thấy" in page.text_content("#bt-search-status")
    guard.check()


def test_no_result_message(browse):
    page, guard = browse()
    page.goto(f"{browse.origin}/tim-kiem/?q=xyzxyz")
    assert _results(page) == []
    assert "Không tìm thấy bài viết nào" in page.text_content("#bt-search-status")
    guard.check()


def _article_words(site: Path) -> dict[str, set[str]]:
    """Each article page's indexed words, folded (no tones, no marks, đ as d)."""
    from bantin.names import ascii_fold

    words = {}
    for page in (site / "bai-viet").glob("*/*/index.html"):
        html = page.read_text(encoding="utf-8")
        if '<meta name="robots" content="noindex">' in html:  # withdrawn (issue 18): out of search
            assert "bt-search-words" not in html and "data-pagefind-body" not in html, page
            continue
        listed = re.search(r'<p hidden class="bt-search-words"[^>]*>([^<]*)</p>', html).group(1)
        words["/" + str(page.parent.relative_to(site)) + "/"] = {ascii_fold(w).lower() for w in listed.split()}
    return words


def test_submitted_search_matches_whole_syllables_only(browse, site):
    """Issue 13: "doi tuan tra" found three articles, "tra" matching "trào" and "trật"."""
    assert _search(browse, "doi tuan tra") == [DOI]
    words = _article_words(site)
    everywhere = sorted(set.intersection(*words.values()))
    assert everywhere, "no word is in every article"
    # A word in every article finds every article.
    assert sorted(_search(browse, everywhere[0])) == sorted(words), everywhere[0]
    # Beginnings of words that are in no article as whole words find nothing.
    known = set.union(*words.values())
    prefixes = sorted({w[:3] for w in known if len(w) >= 5 and w[:3] not in known and w[:3].isalpha()})
    assert len(prefixes) >= 2, prefixes
    for query in (prefixes[0], " ".join(prefixes[:2])):
        assert _search(browse, query) == [], query


def test_while_typing_only_the_last_word_is_a_beginning(browse, site):
    page, guard = browse()
    page.goto(f"{browse.origin}/tim-kiem/")
    page.fill("#bt-search-input", "phong tra")  # "phong trào", as it is being typed
    page.wait_for_function("document.querySelector('#bt-search-status').textContent.includes('phong tra')")
    found = _results(page)
    assert NINH_KIEU in found and BCD_138 in found
    page.press("#bt-search-input", "Enter")  # submitted: "tra" must now be a whole word
    page.wait_for_function("document.querySelector('#bt-search-status').textContent.includes('Không tìm thấy')")
    status = page.text_content("#bt-search-status")
    assert "Không tìm thấy bài viết nào" in status and "bỏ bớt từ" in status
    guard.check()


def test_quang_nam_highlights_nam_not_nam_with_breve(browse):
    page, guard = browse()
    page.goto(f"{browse.origin}/tim-kiem/?q={quote('Quảng Nam')}")
    assert _results(page)
    marks = {m.casefold() for m in page.eval_on_selector_all(".bt-result mark", "ms => ms.map(m => m.textContent)")}
    assert marks <= {"quảng", "nam"}, marks
    assert "năm" in page.inner_text("#bt-search-results").casefold()  # shown, and not marked
    guard.check()


def test_header_form_leads_to_search_and_the_query_stays_in_the_url(browse):
    page, guard = browse()
    page.goto(f"{browse.origin}/")
    page.fill(".bt-header-search__input", "tran van duc")
    page.press(".bt-header-search__input", "Enter")
    page.wait_for_url("**/tim-kiem/?q=tran+van+duc")
    assert _results(page) == [DOI]
    page.fill("#bt-search-input", "ninh kieu")
    page.press("#bt-search-input", "Enter")
    page.wait_for_url("**/tim-kiem/?q=ninh+kieu")
    page.wait_for_function("document.querySelector('.bt-result__title a')?.pathname.includes('phat-huy')")
    assert NINH_KIEU in _results(page)
    page.go_back()
    page.wait_for_function("document.querySelector('#bt-search-input').value === 'tran van duc'")
    assert _results(page) == [DOI]
    guard.check()


def test_one_query_downloads_little(browse):
    page, guard = browse()
    total, files = search_bytes(page, browse.origin, "bao ve an ninh")
    assert any(f.endswith(".pf_index") for f in files) and any(f.endswith(".pf_fragment") for f in files)
    assert total < 500_000, (total, files)
    guard.check()


@pytest.mark.parametrize("url", ["/", NINH_KIEU, DOI, "/tim-kiem/?q=bao+ve"])
def test_phone_layout_has_no_horizontal_scroll(browse, url):
    page, guard = browse(PHONE)
    page.goto(browse.origin + url)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (url, width)
    guard.check()


def test_lightbox_opens_the_large_photo_on_a_phone(browse):
    page, guard = browse(PHONE)
    page.goto(browse.origin + NINH_KIEU)
    link = page.locator("a.glightbox").first
    href = link.get_attribute("href")
    link.click()
    # The lightbox shows the largest JPEG variant with its caption and credit, as text.
    image = page.locator(".glightbox-container .gslide.current img")
    image.wait_for(state="visible")
    absolute = page.evaluate("h => new URL(h, location.href).href", href)
    assert image.get_attribute("src") == absolute and href.endswith("-1600.jpg")
    page.wait_for_function("document.querySelector('.glightbox-container .gslide.current img').naturalWidth > 0")
    assert page.evaluate("document.querySelector('.glightbox-container .gslide.current img').naturalWidth") == 1600
    assert "Ảnh: Bản tin" in page.locator(".glightbox-container .gslide.current .gslide-desc").inner_text()
    box = image.bounding_box()
    assert box["width"] <= PHONE["width"]  # fits the phone
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")
    guard.check()


def test_feed_link_is_in_the_head_and_the_feed_is_served(browse):
    page, guard = browse()
    page.goto(browse.origin + NINH_KIEU)
    href = page.get_attribute("link[rel=alternate][type='application/atom+xml']", "href")
    response = page.request.get(page.evaluate("h => new URL(h, location.href).href", href))
    assert response.ok and b"<feed" in response.body()
    guard.check()


def _pages(site: Path) -> list[str]:
    """The pages the accessibility checks visit; every one must have been built."""
    pages = ["/", NINH_KIEU, "/tim-kiem/?q=bao+ve+an+ninh", "/khen-thuong/", "/thong-ke/", "/kha-nang-tiep-can/"]
    missing = [u for u in pages if not (site / u.split("?")[0].strip("/") / "index.html").is_file()]
    assert not missing, f"pages to check were not built: {missing}"
    return pages


def test_axe_finds_no_violation(browse, site):
    assert AXE.is_file(), "axe-core is missing: run `make test` (npm install)"
    failures = {}
    for url in _pages(site):
        page, guard = browse()
        page.goto(browse.origin + url)
        if "tim-kiem" in url:
            _results(page)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document)).violations"
                               ".map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))")
        if result:
            failures[url] = result
        guard.check()
    assert failures == {}


def test_screenshot_of_a_search_typed_without_diacritics(browse, tmp_path):
    page, guard = browse({"width": 1000, "height": 760})
    page.goto(f"{browse.origin}/tim-kiem/?q=doi+tuan+tra")
    assert _results(page) == [DOI]
    shot = tmp_path / "search-khong-dau.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS"):  # the README's picture: UPDATE_SCREENSHOTS=1 make test
        SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOTS / shot.name)
    guard.check()


# One fixed CPU slowdown, chosen once from the host class, never adjusted after a run.
# Lighthouse's mobile default (4x) assumes a host CPU far faster than a mid-tier phone;
# its throttling guide ("Calibrating multipliers", docs/throttling.md) gives 2x for a
# low-end desktop host (BenchmarkIndex 1000-1500) to emulate a mid-tier phone. This
# 2-core build machine (and CI, the same kind) measures about 1,000-1,300 when idle, so
# 2x is the documented equivalent of Lighthouse's intended device, not a relaxation.
CPU_SLOWDOWN = 2


def _lighthouse(url: str, report: Path) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
            "--disable-component-update --no-first-run --disable-sync"
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={flags}",
               "--only-categories=performance,accessibility,best-practices,seo",
               f"--throttling.cpuSlowdownMultiplier={CPU_SLOWDOWN}"]
    run = subprocess.run(command, env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(report.read_text(encoding="utf-8"))


def _scores(data: dict) -> dict[str, int]:
    return {k: round(v["score"] * 100) for k, v in data["categories"].items()}


def test_lighthouse_mobile_scores_at_least_95(serve, site, tmp_path):  # noqa: F811
    """The front page, in one fixed configuration: Lighthouse 12.8.2's mobile defaults
    (Moto G Power screen, simulated slow 4G: 150 ms RTT, 1.6 Mbps) with the CPU
    slowdown set once for this host class (CPU_SLOWDOWN, above), one run, every
    category at least 95. No retry and no throttling adjusted after a
    run: a test that relaxes itself until it passes measures nothing. On a loaded
    machine a run may score lower than on an idle one; that is reported, not hidden."""
    assert LIGHTHOUSE.is_file(), "lighthouse is missing: run `make test` (npm install)"
    origin = serve(site)
    data = _lighthouse(origin + "/", tmp_path / "lighthouse.json")
    scores = _scores(data)
    if os.environ.get("LIGHTHOUSE_REPORT"):
        Path(os.environ["LIGHTHOUSE_REPORT"]).write_text(json.dumps(data), encoding="utf-8")
    print("lighthouse:", scores, "benchmark index", data["environment"]["benchmarkIndex"])
    assert min(scores.values()) >= 95, (scores, {k: data["audits"][k]["displayValue"] for k in
                                                 ("largest-contentful-paint", "total-blocking-time",
                                                  "first-contentful-paint", "speed-index")})
    outside = [r["url"] for r in data["audits"]["network-requests"]["details"]["items"]
               if not r["url"].startswith((origin, "data:"))]
    assert outside == []
