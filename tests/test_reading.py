"""Issue 13 in Debian's Chromium: the pages read well at 360 px and 1280 px.

On the home page, an article, the honour roll and one year, statistics and one metric,
one person and one place: no word of a table cell split across lines, no table
clipped, no text under the sizes, tap targets large enough, no English label. Plus the
front page's lead photo, the footer, the Vietnamese 404, the lightbox's labels, the
print view, and the README's screenshots.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from browser import Guard
from conftest import ROOT, copy_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

SCREENSHOTS = ROOT / "tests/screenshots"
ARTICLE = "/bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/"
PHOTO_ARTICLE = "/bai-viet/2022/phat-huy-vai-tro-nong-cot-cua-cand-trong-xay-dung-phong-trao-toan-dan-bao-ve/"
PAGES = ["/", ARTICLE, "/khen-thuong/", "/khen-thuong/2020/", "/thong-ke/", "/thong-ke/khu-dan-cu-van-hoa/",
         "/nguoi/nguyen-duy-ngoc/", "/dia-phuong/can-tho/"]
WIDTHS = [360, 1280]
PHONE = 720  # below this width (45em) the phone sizes apply

# Words of Material's English interface and of glightbox's, as labels or text.
ENGLISH = r"\b(Close|Previous|Next|Tabs|Search|Skip to|Back to top|Not found|Copy|Share|Header|Footer|" \
          r"Navigation|Table of contents|Made with|Initializing|Type to start|Contributors|Last update|" \
          r"Edit this page|RSS feed)\b"

# Runs in the page; returns every problem found, as text.
CHECK = """([phone, english]) => {
  const problems = [];
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.classList.length ? '.' + [...e.classList].join('.') : ''));
    }
    return parts.join(' > ');
  };
  const hidden = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.clip !== 'auto' && s.position === 'absolute') return true;
      if (e.hidden) return true;
    }
    const r = el.getBoundingClientRect();
    return r.width < 2 || r.height < 2 || r.right <= 0 || r.left >= innerWidth;
  };
  const textNodes = (root) => {
    const out = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
      n.textContent.trim() && !n.parentElement.closest('svg, script, style, noscript, template')
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
    while (walk.nextNode()) out.push(walk.currentNode);
    return out;
  };

  // 1. No word of a table cell split across lines.
  for (const cell of document.querySelectorAll('.md-content table td, .md-content table th')) {
    if (hidden(cell)) continue;
    for (const node of textNodes(cell)) {
      if (hidden(node.parentElement)) continue;
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`word split: "${m[0]}" in ${where(cell)}`);
      }
    }
  }
  // 2. No table clipped: it fits, or its box scrolls and shows that it does; no cell hides content.
  for (const table of document.querySelectorAll('.md-content table')) {
    if (hidden(table)) continue;
    const box = table.parentElement;
    const s = getComputedStyle(box);
    if (box.scrollWidth > box.clientWidth + 1) {
      if (!['auto', 'scroll'].includes(s.overflowX)) problems.push(`clipped table in ${where(box)}`);
      else if (!s.backgroundImage.includes('gradient')) problems.push(`scrolling table without a cue in ${where(box)}`);
    } else if (table.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
      problems.push(`table past the screen: ${where(table)}`);
    }
    for (const cell of table.querySelectorAll('td, th')) {
      if (!hidden(cell) && cell.scrollWidth > cell.clientWidth + 1) problems.push(`cell content cut: ${where(cell)}`);
    }
  }
  // 3. Sizes: nothing under 12 px; on phones tables and cards at 14 px or more, body text 16 px.
  for (const node of textNodes(document.body)) {
    const el = node.parentElement;
    if (hidden(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const label = `${size}px "${node.textContent.trim().slice(0, 30)}" in ${where(el)}`;
    if (size < 12) problems.push('text under 12px: ' + label);
    if (phone && el.closest('.md-content table, .bt-card, .bt-lead, .bt-facts, .bt-side-box') && size < 14) {
      problems.push('table or card text under 14px on a phone: ' + label);
    }
    if (phone && el.closest('.bt-body p, .bt-card__summary, .bt-lead__summary') && size < 16) {
      problems.push('body text under 16px on a phone: ' + label);
    }
  }
  const typeset = document.querySelector('.md-content .md-typeset');
  if (phone && typeset && parseFloat(getComputedStyle(typeset).fontSize) < 16) problems.push('body under 16px');
  // 4. Tap targets: 24 px; primary links and the header's buttons 44 px.
  const targets = document.querySelectorAll('.md-header a, .md-header label, .md-header button, .md-tabs a, ' +
    '.md-content a, .md-content button, .md-content input, .md-footer a');
  for (const el of targets) {
    if (hidden(el) || el.closest('.bt-body p, .md-skip, svg, [aria-hidden="true"]')) continue;
    const r = el.getBoundingClientRect();
    const primary = el.matches('.md-header__button, .md-tabs__link, .bt-primary, .bt-pager a, .bt-search__row *');
    const least = primary ? 44 : 24;
    if (r.height < least - 0.5) problems.push(`tap target ${r.height.toFixed(1)}px < ${least}: "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${where(el)}`);
  }
  // 5. No English label: attributes a reader or a screen reader meets, and visible text.
  const pattern = new RegExp(english);
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && pattern.test(value)) problems.push(`English ${name}="${value}" on ${where(el)}`);
    }
  }
  for (const node of textNodes(document.body)) {
    if (!hidden(node.parentElement) && pattern.test(node.textContent)) problems.push(`English text "${node.textContent.trim()}" in ${where(node.parentElement)}`);
  }
  return problems;
}"""  # noqa: E501 (a JavaScript function, run as written)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The project's sample content, built strict as the project's mkdocs.yml says."""
    project = copy_project(tmp_path_factory.mktemp("reading") / "project")
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site")))
    return project / "site"


@pytest.fixture
def open_page(chromium, serve, sample):
    origin = serve(sample)
    contexts = []

    def go(url: str, width: int = 1280, height: int = 900):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        guard = Guard.attach(page, origin)
        page.goto(origin + url)
        page.wait_for_load_state("networkidle")
        return page, guard

    go.origin = origin
    yield go
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", PAGES)
def test_page_reads_well(open_page, url, width):
    page, guard = open_page(url, width)
    problems = page.evaluate(CHECK, [width < PHONE, ENGLISH])
    assert problems == [], "\n".join(problems[:25])
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    guard.check()


def test_home_page_shows_the_lead_photo_first_and_the_rest_lazily(open_page):
    page, guard = open_page("/", 360, 800)
    lead = page.locator(".bt-lead img")
    assert lead.is_visible() and lead.get_attribute("loading") is None
    assert page.evaluate("document.querySelector('.bt-lead img').naturalWidth") > 0
    box = lead.bounding_box()
    assert box["width"] >= 300 and box["y"] < 800  # large, and above the fold on a phone
    assert page.evaluate("document.querySelector('.bt-lead img').currentSrc").endswith(".webp")
    thumbs = page.locator(".bt-card img")
    assert thumbs.count() >= 3
    assert all(thumbs.nth(i).get_attribute("loading") == "lazy" for i in range(thumbs.count()))
    # Every section of the site is one tap away: the header's drawer and the page itself.
    for href in ("khen-thuong/", "thong-ke/", "nguoi/", "dia-phuong/"):
        assert page.locator(f'.md-content a[href="{href}"]').count() >= 1, href
        assert page.locator(f'.md-sidebar--primary a[href="{href}"]').count() == 1, href
    # On a phone the header shows the short name, whole.
    name = page.locator(".md-header__topic .bt-name-short").first
    assert name.is_visible() and name.inner_text() == "Bản tin ANTQ"
    assert page.evaluate("(e => e.scrollWidth <= e.clientWidth)"
                         "(document.querySelector('.md-header__topic .md-ellipsis'))")
    guard.check()


def test_footer_is_present_with_publisher_and_links(open_page):
    page, guard = open_page(ARTICLE, 360)
    footer = page.locator("footer.bt-footer")
    footer.scroll_into_view_if_needed()
    text = footer.inner_text()
    for expected in ("Cơ quan chủ quản", "Chịu trách nhiệm nội dung", "Địa chỉ", "Điện thoại", "Thư điện tử",
                     "Giấy phép", "Dữ liệu mở", "Giới thiệu", "RSS"):
        assert expected in text, expected
    for href in ("gioi-thieu/", "feed.xml", "khen-thuong/#du-lieu-mo"):
        link = footer.locator(f'a[href$="{href}"]')
        assert link.count() == 1, href
        response = page.request.get(page.evaluate("h => new URL(h, location.href).href", link.get_attribute("href")))
        assert response.ok, href
    assert page.locator(".md-top").evaluate("b => b.textContent.trim()") == "Về đầu trang"
    guard.check()


def test_404_page_is_vietnamese_with_search_and_links(open_page):
    page, guard = open_page("/404.html", 360)
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert page.evaluate(f"!new RegExp({ENGLISH!r}).test(document.body.innerText)")
    page.fill("#bt-404-q", "ninh kieu")
    page.press("#bt-404-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=ninh+kieu")
    page.wait_for_selector("#bt-search-status[data-state='done']")
    assert page.locator(".bt-result__title a").count() >= 1
    guard.check()


def test_article_skip_link_goes_to_the_article_and_lightbox_speaks_vietnamese(open_page):
    page, guard = open_page(PHOTO_ARTICLE, 360)
    href = page.locator("a.md-skip").get_attribute("href")
    assert href == "#noi-dung-bai" and page.locator("#noi-dung-bai h1").count() == 1
    page.locator("a.glightbox").first.click()
    page.locator(".glightbox-container .gslide.current img").wait_for(state="visible")
    labels = page.eval_on_selector_all(".glightbox-container[aria-label], .glightbox-container [aria-label]",
                                       "es => es.map(e => e.getAttribute('aria-label'))")
    assert {"Xem ảnh", "Đóng", "Ảnh trước", "Ảnh sau"} <= set(labels), labels
    guard.check()


def test_print_view_has_site_name_and_address_and_no_navigation(open_page):
    page, guard = open_page(PHOTO_ARTICLE, 1280)
    page.emulate_media(media="print")
    header = page.locator(".bt-print-only")
    assert header.is_visible()
    assert header.inner_text() == ("Bản tin Toàn dân bảo vệ an ninh Tổ quốc — "
                                   "https://bantin.example.vn" + PHOTO_ARTICLE)
    for selector in (".md-header", ".md-tabs", ".bt-tags", ".bt-related", ".bt-header-search", ".md-sidebar--primary"):
        assert not page.locator(selector).first.is_visible(), selector
    # The lead photo takes at most a third of an A4 page (about 8.5 cm of its 25.7 cm).
    height = page.locator(".bt-photo--lead img").bounding_box()["height"]
    assert height <= 8 / 2.54 * 96 + 1, height
    guard.check()


SHOTS = [("trang-chu", "/"), ("bai-viet", PHOTO_ARTICLE), ("khen-thuong", "/khen-thuong/"), ("thong-ke", "/thong-ke/")]


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_for_the_readme(open_page, width, tmp_path):
    """The README's pictures: the first screen of four pages on a phone and a desktop.
    `UPDATE_SCREENSHOTS=1 make test` copies them into tests/screenshots/."""
    from PIL import Image

    for name, url in SHOTS:
        page, guard = open_page(url, width, 800 if width < PHONE else 900)
        raw = page.screenshot()
        # A 256-colour palette keeps each picture well under 300 KB.
        image = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        shot = tmp_path / f"{name}-{width}.png"
        image.save(shot, optimize=True)
        assert 10_000 < shot.stat().st_size < 300_000, (shot.name, shot.stat().st_size)
        if os.environ.get("UPDATE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(exist_ok=True)
            shutil.copy(shot, SCREENSHOTS / shot.name)
        guard.check()


def test_the_checks_catch_the_faults_issue_13_reported(open_page):
    """The same checks on the statistics page with issue 13's faults put back: cells
    that break anywhere, 10 px text, a table clipped in a box that does not scroll."""
    page, guard = open_page("/thong-ke/", 360)
    page.add_style_tag(content=".md-typeset .bt-table td, .md-typeset .bt-table th {"
                               " overflow-wrap: anywhere !important;"
                               " word-break: break-all !important; min-width: 0 !important; }"
                               ".md-typeset .bt-table small { font-size: 10px !important; }"
                               ".md-typeset .bt-table-wrap {"
                               " overflow: hidden !important; max-width: 120px !important; }")
    problems = page.evaluate(CHECK, [True, ENGLISH])
    for kind in ("word split", "text under 12px", "clipped table"):
        assert any(p.startswith(kind) for p in problems), kind
    page.evaluate("document.querySelector('.bt-table-wrap').setAttribute('aria-label', 'Close')")
    assert any(p.startswith("English aria-label") for p in page.evaluate(CHECK, [True, ENGLISH]))
    guard.check()
