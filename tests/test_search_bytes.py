"""What one search query downloads on a site of a few hundred synthetic articles
(scripts/corpus.py), in Debian's Chromium: the index chunks a common-syllable query
fetches stay small, and no chunk piles up hundreds of Vietnamese words (Pagefind 1.5
sizes chunks by the words' forms without diacritics; see bantin/search.py).

No timing: bytes only. `make bench N=5000` reports the same figures at 5,000 articles.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import Guard, search_bytes
from conftest import ROOT, article
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bantin import pagefind_chunks

sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402

N = 300
# One query of common syllables at 300 articles, measured: the previous index (whole
# body, Pagefind's own chunking) fetched 230-370 KB of index chunks, 330-470 KB in
# all; this one 35-75 KB of chunks, 130-175 KB in all.
CHUNK_BOUND = 150_000
TOTAL_BOUND = 250_000
QUERIES = ["bao ve an ninh", "cong an xa", "ngay hoi", "ky niem chuong", "Nguyễn Văn"]

DEEP = "/bai-viet/2026/xuong-cuu-ho-moi/"
# A word only in the body after the lead: found through the article's word list.
EXTRA = article(
    title="Xuồng cứu hộ mới", date="02/01/2026", category="Tin địa phương",
    body="Công an xã nhận bàn giao phương tiện.\n\n"
         "Chiếc xuồng composite do ngư dân thôn Vĩnh Quới góp tiền mua.")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search-bytes")
    corpus.generate(out, N, seed=5, photo_count=3, photo_size=(120, 80), plain=False)
    project = out / "bulletin"
    (project / "articles/2026").mkdir(parents=True, exist_ok=True)
    (project / "articles/2026/xuong-cuu-ho-moi.md").write_text(EXTRA, encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site")))
    return project / "site"


@pytest.fixture
def page(chromium, serve, site):
    origin = serve(site)
    context = chromium.new_context(locale="vi-VN")
    yield context.new_page(), origin
    context.close()


def test_no_index_chunk_piles_up_words(site):
    chunks = sorted(p.stat().st_size for p in (site / "pagefind/index").glob("*.pf_index"))
    # Before: one chunk held the commonest syllables from "chiến" to "cùng" (180 KB
    # here, 300-500 KB at 5,000 articles); now the largest (21 KB) holds one syllable.
    assert len(chunks) >= 10 and chunks[-1] < 40_000, chunks[-5:]


@pytest.mark.parametrize("query", QUERIES)
def test_a_common_syllable_query_fetches_small_index_chunks(chromium, serve, site, query):
    origin = serve(site)
    context = chromium.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        guard = Guard.attach(page, origin)
        total, files = search_bytes(page, origin, quote(query))
        assert page.locator(".bt-result").count() > 0, query
        chunks = sum(n for url, n in guard.fetched.items() if url.endswith(".pf_index"))
        assert 0 < chunks < CHUNK_BOUND, (query, chunks, files)
        assert total < TOTAL_BOUND, (query, total)
        guard.check()
    finally:
        context.close()


@pytest.mark.parametrize("query", ["xuồng composite", "xuong composite", "vinh quoi"])
def test_a_word_deep_in_the_body_is_found_and_the_summary_shown(page, query):
    page, origin = page
    page.goto(f"{origin}/tim-kiem/?q={quote(query)}")
    page.wait_for_selector("#bt-search-status[data-state='done']")
    links = page.eval_on_selector_all(".bt-result__title a", "as => as.map(a => new URL(a.href).pathname)")
    assert links[:1] == [DEEP], (query, links[:5])
    snippet = page.text_content(".bt-result__snippet")
    assert snippet.startswith("Công an xã nhận bàn giao"), snippet  # the summary, not the word list


def test_rechunked_files_decode_and_encode_byte_for_byte(site):
    import gzip

    for path in list((site / "pagefind/index").glob("*.pf_index")) + list((site / "pagefind").glob("*.pf_meta")):
        raw = gzip.decompress(path.read_bytes())
        value = pagefind_chunks.read(path)
        assert pagefind_chunks.SIGNATURE + pagefind_chunks.encode(value) == raw, path.name
    words = [w for p in (site / "pagefind/index").glob("*.pf_index") for w, _ in pagefind_chunks.entries(p)]
    assert len(words) == len(set(words)) > 1000


def test_chunk_bounds_are_pagefinds():
    # Pagefind 1.5's own chunk_meta test: "apple" | "apricot" "banana" | "peach".
    assert pagefind_chunks.bounds([["apple"], ["apricot", "banana"], ["peach"]]) == [
        ["apple", "apple"], ["apr", "b"], ["p", "peach"]]
    entries = [(w, b"x" * n) for w, n in [("a", 5), ("b", 5), ("c", 30), ("d", 1)]]
    assert [[w for w, _ in c] for c in pagefind_chunks.cut(entries, 10)] == [["a", "b"], ["c"], ["d"]]
