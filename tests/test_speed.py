"""Speed work must not change what is built (issue 15). No timing here: `make bench`.

- Pagefind fed page by page during `mkdocs build` indexes the same pages with the
  same content as Pagefind run over the finished site.
- Search terms kept across builds equal the terms computed afresh, and an edited
  article is computed again.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bantin import pagefind_chunks, search, search_cache, search_stream
from bantin.reading import load_corpus  # bantin/corpus.py became reading.py (issue 16)
from bantin.vocab import Vocabularies

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402

N = 25


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("speed")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    corpus.generate(out, N, seed=5, photo_count=3, photo_size=(120, 80), plain=False)
    return out / "bulletin"


def test_streamed_index_holds_the_same_pages_as_pagefind_over_the_site(project, tmp_path):
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site)))
    streamed = site / search.BUNDLE
    # Fragments are named by the hash of their content: URL, title, text, metadata, filters.
    fragments = sorted(p.name for p in (streamed / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == N
    words = sorted(w for p in (streamed / "index").glob("*.pf_index") for w, _ in pagefind_chunks.entries(p))
    filters = sorted(p.name for p in (streamed / "filter").glob("*"))

    whole = tmp_path / "whole"
    os.rename(streamed, whole)
    search.index(site)  # Pagefind over the finished site, as `mkdocs serve` runs it
    again = site / search.BUNDLE
    assert sorted(p.name for p in (again / "fragment").glob("*.pf_fragment")) == fragments
    assert sorted(w for p in (again / "index").glob("*.pf_index") for w, _ in pagefind_chunks.entries(p)) == words
    assert len(list((again / "filter").glob("*"))) == len(filters)


def test_search_terms_kept_across_builds_equal_fresh_terms(project, tmp_path):
    vocab = Vocabularies.load(project / "content/vocab")
    articles = load_corpus(project, project / "articles", project / "photos", vocab).articles
    assert len(articles) == N
    cache = search_cache.SearchTerms(tmp_path / "terms.marshal").load()
    fresh = [(search.article_fold(a), search.article_words(a)) for a in articles]
    assert [cache.terms(a) for a in articles] == fresh
    assert (cache.hits, cache.misses) == (0, N)
    cache.save()

    again = search_cache.SearchTerms(tmp_path / "terms.marshal").load()
    edited = dataclasses.replace(articles[0], body=articles[0].body + "\n\nĐoạn mới: Đồng Tháp xuất sắc.\n")
    assert [again.terms(a) for a in articles[1:]] == fresh[1:]
    fold, words = again.terms(edited)
    assert (again.hits, again.misses) == (N - 1, 1)
    assert "dong" in fold.split() and "xuất" in words.written.split() and "xuat" in words.plain.split()
    assert (fold, words) == (search.article_fold(edited), search.article_words(edited))

    # Only this build's articles are written back: a deleted article leaves the file.
    third = search_cache.SearchTerms(tmp_path / "terms.marshal").load()
    for article in articles[1:]:
        third.terms(article)
    third.save()
    assert len(search_cache.SearchTerms(tmp_path / "terms.marshal").load().stored) == N - 1


def test_a_damaged_terms_file_is_an_empty_cache(project, tmp_path):
    path = tmp_path / "terms.marshal"
    path.write_bytes(b"\x00garbage")
    vocab = Vocabularies.load(project / "content/vocab")
    article = load_corpus(project, project / "articles", project / "photos", vocab).articles[0]
    cache = search_cache.SearchTerms(path).load()
    assert cache.terms(article) == (search.article_fold(article), search.article_words(article))


def test_pagefind_is_handed_the_article_element_and_indexes_the_same(build_site, tmp_path):
    """search_stream.essential: Pagefind gets the article element, not the page around it
    (two thirds of the bytes); the sample site's index (corrections, a withdrawn article,
    photos, awards) equals Pagefind's over the finished pages, fragment for fragment."""
    built = build_site.sample()
    streamed = built.site / search.BUNDLE
    fragments = {p.name: p.read_bytes() for p in (streamed / "fragment").glob("*.pf_fragment")}
    words = sorted(w for p in (streamed / "index").glob("*.pf_index") for w, _ in pagefind_chunks.entries(p))
    marked = [p for p in built.site.rglob("index.html") if search_stream.MARK in p.read_text(encoding="utf-8")]
    assert len(fragments) == len(marked) >= 5
    for page in marked:
        html = page.read_text(encoding="utf-8")
        handed = search_stream.essential(html)
        assert len(handed) < len(html) / 2, page
        assert handed.count(search_stream.MARK) == 1 and "<h1>" in handed
    os.rename(streamed, tmp_path / "whole")
    search.index(built.site)
    again = built.site / search.BUNDLE
    assert {p.name: p.read_bytes() for p in (again / "fragment").glob("*.pf_fragment")} == fragments
    assert sorted(w for p in (again / "index").glob("*.pf_index") for w, _ in pagefind_chunks.entries(p)) == words


@pytest.mark.parametrize("html", [
    '<html><body><div data-pagefind-body><p>Không có article</p></div></body></html>',  # no </article>
    '<html><body><article><p>data-pagefind-body chỉ là chữ</p></article></body></html>',  # the words only
    '<html><body><article><p>Mục lục</p></article><div class="bt-article" data-pagefind-body>'
    '<h1>T</h1></div></body></html>',  # the page's content ends before the mark
])
def test_a_page_of_another_shape_is_handed_over_whole(html):
    assert search_stream.essential(html) == html


def test_the_article_element_and_what_follows_it_are_kept():
    page = ('<html lang="vi"><head><title>T</title></head><body><nav>Thanh điều hướng</nav><article>'
            '<p>Biểu ngữ</p><div class="bt-article" id="noi-dung-bai" data-pagefind-body><h1>T</h1><p>Thân bài'
            '</p></div><script>x</script></article><footer>Chân trang</footer></body></html>')
    handed = search_stream.essential(page)
    assert handed == ('<!doctype html><html lang="vi"><body><div class="bt-article" id="noi-dung-bai" '
                      'data-pagefind-body><h1>T</h1><p>Thân bài</p></div><script>x</script></body></html>')
