"""The search index updated for the changed pages is the index a clean build writes (issue 15).

Each scenario indexes page set A cleanly (Pagefind fed page by page, then the re-cut,
as `mkdocs build` does), writes A's pages where the previous site has them, derives B
(an edit, an addition, a removal...), indexes B cleanly, and checks that
pagefind_merge.update(A's bundle -> B) writes the same files with the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import html as html_module
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from bantin import pagefind_chunks, pagefind_merge, search_stream
from bantin.pagefind_merge import MergeError

Page = tuple[str, str]

SYLLABLES = ("an ninh bảo vệ hội nghị hỏi đáp công tác chiến sĩ khen thưởng biểu dương thi đua "
             "đồng tháp hồng hà xuân hòa hổ hồ hộ hờ hợi hói hơi tổ chức phường xã huyện tỉnh "
             "nhân dân phong trào toàn dân điển hình tập thể cá nhân đại tá trung tá thượng úy "
             "bằng khen giấy khen huân chương cứu người đuối nước phòng cháy giao thông").split()


def html(title: str, body: str, *, category: str = "Tin hoạt động", date: str = "18/08/2022",
         authors: str | None = None, indexed: bool = True) -> str:
    """An article page as our template writes it (templates/article.html): the article
    element marked for Pagefind, a category filter, date/summary/authors/fold metadata,
    the lead kept and the rest of the body excluded, the hidden words paragraph."""
    mark = " data-pagefind-body" if indexed else ""
    meta_authors = f'<span data-pagefind-meta="authors">{authors}</span>' if authors else ""
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>
<header><nav>Trang chủ · Tin bài · Tìm kiếm</nav></header>
<div class="bt-article" id="noi-dung-bai"{mark}>
<p class="bt-kicker" data-pagefind-ignore><a href="/chuyen-muc/x/" data-pagefind-filter="category">{category}</a></p>
<h1>{title}</h1>
<p class="bt-meta" data-pagefind-ignore><time datetime="2022-08-18" data-pagefind-meta="date:{date}">{date}</time></p>
<div hidden data-pagefind-ignore><span data-pagefind-meta="summary">Tóm tắt: {title}</span>{meta_authors}
<span data-pagefind-meta="fold">doi dong</span></div>
<div class="bt-body"><p>{body}</p><p>Phần sau của bài không vào chỉ mục theo vị trí.</p></div>
<div class="bt-box"><h2>Khen thưởng</h2><dl><dt>Cá nhân</dt><dd>{title}</dd></dl></div>
<p hidden class="bt-search-words" data-pagefind-weight="0.5">{body.lower()} đoạn sau phần bài</p>
</div>
<footer>Dựng bằng MkDocs</footer></body></html>"""


def article(i: int, words: int = 40, seed: int = 0, **kwargs) -> Page:
    rng = random.Random(i * 1000 + seed)
    body = " ".join(rng.choice(SYLLABLES) for _ in range(words)) + f" số {i}."
    categories = ("Tin hoạt động", "Gương điển hình", "Khen thưởng")
    kwargs.setdefault("category", categories[i % 3])
    kwargs.setdefault("date", f"{1 + i % 28:02d}/0{1 + i % 9}/2024")
    return f"/bai-viet/2024/bai-{i}/", html(f"Bài {i}: {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}", body,
                                            **kwargs)


def clean(pages: list[Page], site: Path) -> Path:
    """The clean build's index of `pages` (search_stream: fed in order, then re-cut)."""
    stream = search_stream.start()
    for url, page in pages:
        if search_stream.MARK in page:  # what plugin.on_post_page sends
            stream.add(url, page)
    search_stream.finish(stream, site)
    return site / "pagefind"


def publish(pages: list[Page], site: Path) -> None:
    for url, page in pages:
        path = site / url.strip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def indexed(pages: list[Page]) -> list[str]:
    return [url for url, page in pages if search_stream.MARK in page]


def assert_same_bundle(clean_bundle: Path, merged: Path) -> None:
    expected, got = tree(clean_bundle), tree(merged)
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if expected[name] != got[name]] == []


def run(tmp_path: Path, a: list[Page], b: list[Page], **kwargs) -> pagefind_merge.Stats:
    """Clean A, clean B, update A -> B; the update must equal clean B."""
    site_a = tmp_path / "a"
    clean(a, site_a)
    publish(a, site_a)
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in (site_a / "pagefind").rglob("*") if p.is_file()}
    expected = clean(b, tmp_path / "b")
    old = dict(a)
    changed = {url: page for url, page in b if url in indexed(b) and old.get(url) != page}
    out = tmp_path / "staging" / "pagefind"
    assert pagefind_merge.bundle_order(site_a / "pagefind") == indexed(a)
    stats = pagefind_merge.update(site_a / "pagefind", indexed(a), indexed(b), changed, out, **kwargs)
    assert_same_bundle(expected, out)
    # The previous bundle is untouched (its files may be shared with the live site).
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in (site_a / "pagefind").rglob("*") if p.is_file()} == before
    return stats


A = [article(i) for i in range(12)]


def test_nothing_changed_links_every_file(tmp_path):
    stats = run(tmp_path, A, A)
    assert (stats.changed, stats.added, stats.removed, stats.words_rewritten) == (0, 0, 0, 0)
    assert stats.chunks_linked == stats.chunks
    merged = tmp_path / "staging/pagefind"
    assert all(p.stat().st_nlink > 1 for p in merged.rglob("*") if p.is_file() and p.name != "pagefind-entry.json")


def test_one_page_edited(tmp_path):
    b = list(A)
    b[5] = (b[5][0], html("Bài 5 đã sửa: hổ hờ hợi", "Nội dung mới hoàn toàn về Đồng Tháp, hỏi đáp, hộ khẩu, hói."))
    stats = run(tmp_path, A, b)
    assert (stats.changed, stats.added, stats.removed, stats.renumbered) == (1, 0, 0, False)
    assert 0 < stats.words_rewritten < stats.words


def test_page_added_in_the_middle(tmp_path):
    b = A[:6] + [article(100)] + A[6:]
    stats = run(tmp_path, A, b)
    assert (stats.added, stats.renumbered, stats.pages) == (1, True, 13)


def test_page_added_at_the_end_and_the_start(tmp_path):
    run(tmp_path / "end", A, A + [article(101)])
    run(tmp_path / "start", A, [article(102)] + A)


def test_page_removed(tmp_path):
    stats = run(tmp_path, A, A[:4] + A[5:])
    assert (stats.removed, stats.pages) == (1, 11)


def test_filter_value_changed(tmp_path):
    b = list(A)
    b[7] = article(7, category="Một chuyên mục mới")  # a filter value no other page has
    b[3] = article(3, category=A[4][1].split('data-pagefind-filter="category">')[1].split("<")[0])
    run(tmp_path, A, b)


def test_filter_value_that_goes_away(tmp_path):
    a = list(A)
    a[2] = article(2, category="Chuyên mục riêng")
    b = list(a)
    b[2] = article(2)
    run(tmp_path, a, b)


def test_pages_reordered(tmp_path):
    stats = run(tmp_path, A, list(reversed(A)))
    assert stats.renumbered and stats.changed == 0


def test_page_that_stops_being_indexed(tmp_path):
    b = list(A)
    b[8] = article(8, indexed=False)  # a withdrawn article: no data-pagefind-body
    stats = run(tmp_path, A, b)
    assert (stats.removed, stats.pages) == (1, 11)


def test_metadata_key_appears_and_goes(tmp_path):
    # Only one page has authors: the metadata keys of the whole index change, and with
    # them the rank every metadata position refers to.
    with_authors = list(A)
    with_authors[6] = article(6, authors="Nguyễn Văn An, Trần Thị Bình")
    run(tmp_path / "appears", A, with_authors)
    run(tmp_path / "goes", with_authors, A)
    run(tmp_path / "removed", with_authors, with_authors[:6] + with_authors[7:])


def test_many_changes_at_once(tmp_path):
    b = [article(200)] + A[:3] + [article(4, seed=9)] + A[5:9] + [article(201)] + A[10:]
    b[7] = article(7, authors="Lê Văn Cường")
    run(tmp_path, A, b)


def small_chunks(monkeypatch, target: int) -> None:
    """The clean build re-cuts at `target` bytes, as the update is told to."""
    original = pagefind_chunks.rechunk
    monkeypatch.setattr(pagefind_chunks, "rechunk", lambda bundle, target=target: original(bundle, target))


def test_many_chunks(tmp_path, monkeypatch):
    """Enough words for several chunks: chunk bounds, the re-cut after the change, and the
    chunks before it linked, not written again."""
    small_chunks(monkeypatch, 4_000)
    a = [article(i, words=400, seed=3) for i in range(60)]
    b = list(a)
    b[50] = article(50, words=400, seed=4)
    stats = run(tmp_path / "edit", a, b, target=4_000)
    assert stats.chunks > 10
    run(tmp_path / "add", a, a[:20] + [article(500, words=400)] + a[20:], target=4_000)


def test_many_chunks_with_the_builds_own_target(tmp_path):
    a = [article(i, words=400, seed=3) for i in range(60)]
    b = list(a)
    b[10] = article(10, words=400, seed=5)
    run(tmp_path, a, b)


# Refusals: never a wrong index ----------------------------------------------------------------

def test_previous_site_not_what_was_indexed(tmp_path):
    site_a = tmp_path / "a"
    clean(A, site_a)
    publish(A, site_a)
    # The previous HTML of the edited page differs from what was indexed.
    url = A[3][0]
    (site_a / url.strip("/") / "index.html").write_text(article(3, seed=42)[1], encoding="utf-8")
    b = list(A)
    b[3] = article(3, seed=7)
    with pytest.raises(MergeError, match="khác trang đã lập chỉ mục"):
        pagefind_merge.update(site_a / "pagefind", indexed(A), indexed(b), {url: b[3][1]}, tmp_path / "out")


def test_inconsistent_inputs(tmp_path):
    site_a = tmp_path / "a"
    clean(A, site_a)
    publish(A, site_a)
    bundle = site_a / "pagefind"
    urls = indexed(A)
    with pytest.raises(MergeError, match="trang mới mà không có HTML"):
        pagefind_merge.update(bundle, urls, urls + ["/bai-viet/moi/"], {}, tmp_path / "o1")
    with pytest.raises(MergeError, match="chỉ mục trước có 12 trang"):
        pagefind_merge.update(bundle, urls[:-1], urls[:-1], {}, tmp_path / "o2")
    with pytest.raises(MergeError, match="hai lần"):
        pagefind_merge.update(bundle, urls, urls + urls[:1], {}, tmp_path / "o3")
    with pytest.raises(MergeError, match="không có chữ nào"):
        empty = '<html lang="vi"><body><div data-pagefind-body></div></body></html>'
        pagefind_merge.update(bundle, urls, urls + ["/x/"], {"/x/": empty}, tmp_path / "o4")


def test_other_pagefind_version(tmp_path):
    site_a = tmp_path / "a"
    clean(A, site_a)
    publish(A, site_a)
    entry_path = site_a / "pagefind/pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["version"] = "1.6.0"
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(MergeError, match="Pagefind 1.6.0"):
        pagefind_merge.update(site_a / "pagefind", indexed(A), indexed(A), {}, tmp_path / "out")


def test_fragment_names_lengthen_on_collision_in_page_order():
    a, b, c = "vi_1234567aaa", "vi_1234567bbb", "vi_1234567bcc"
    assert pagefind_merge.fragment_names([a, b, c]) == ["vi_1234567", "vi_1234567b", "vi_1234567bc"]
    assert pagefind_merge.fragment_names([c, a]) == ["vi_1234567", "vi_1234567a"]
    with pytest.raises(MergeError):
        pagefind_merge.fragment_names([a, a])


def test_pagefind_hash_is_unpadded_hex():
    # SHA-1 of b"" is da39a3ee5e6b4b0d3255bfef95601890afd80709: bytes 0x0d, 0x07, 0x09 lose their 0.
    assert pagefind_merge.pagefind_hash(b"") == "da39a3ee5e6b4bd3255bfef95601890afd879"


# A real site ------------------------------------------------------------------------------------

def test_sample_site_article_edited_then_added_and_removed(build_site, tmp_path, monkeypatch):
    """The project's sample site, built by MkDocs: an article edited (the update from
    the first build equals the second build's index), then one added and one removed
    (the update from the second build equals the third's)."""
    fed: list[str] = []
    hand = search_stream.PagefindStream.hand  # (`add` hands each page over with it)

    def recording(self, url, page):
        fed.append(url)
        hand(self, url, page)

    monkeypatch.setattr(search_stream.PagefindStream, "hand", recording)
    first = build_site.sample()
    root = first.root
    articles = sorted(p for p in (root / "articles").rglob("*.md") if not p.name.startswith("_"))

    def source(url: str) -> Path:  # the article file of an indexed page, by its title
        title = (first.site / url.strip("/") / "index.html").read_text(encoding="utf-8").split("<h1>")[1]
        title = html_module.unescape(title.split("<")[0])
        return next(p for p in articles if f"title: {title}\n" in p.read_text(encoding="utf-8"))

    built_orders = [list(fed)]  # what each build fed (the updates feed Pagefind too)

    def step(change) -> pagefind_merge.Stats:
        previous_order = built_orders[-1]
        previous = tmp_path / f"previous-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(root / "site", previous)
        change(previous_order)
        fed.clear()
        built = build_site({}, root=root)
        order = list(fed)
        built_orders.append(order)

        def page(site: Path, url: str) -> bytes:
            return (site / url.strip("/") / "index.html").read_bytes()

        changed = {url: page(built.site, url).decode("utf-8") for url in order
                   if url not in previous_order or page(previous, url) != page(built.site, url)}
        out = tmp_path / f"staging-{len(list(tmp_path.iterdir()))}" / "pagefind"
        stats = pagefind_merge.update(previous / "pagefind", previous_order, order, changed, out)
        assert_same_bundle(built.site / "pagefind", out)
        return stats

    def edit(previous_order: list[str]) -> None:
        edited = source(previous_order[1])
        head, body = edited.read_text(encoding="utf-8").split("\n---\n", 1)
        edited.write_text(head + "\n---\nĐoạn mở đầu mới: Công an phường Hồng Hà tuyên dương chiến sĩ Đặng Thị "
                          "Xuân Hòa.\n\n" + body, encoding="utf-8")

    def add_and_remove(previous_order: list[str]) -> None:
        source(previous_order[-1]).unlink()
        (root / "articles/2023/bai-moi-ve-khen-thuong.md").write_text(
            "---\ntitle: Bài mới về khen thưởng đột xuất\ndate: 02/03/2023\ncategory: Tin hoạt động\n---\n"
            "Công an tỉnh khen thưởng đột xuất tổ công tác cứu người đuối nước.\n", encoding="utf-8")

    assert len(built_orders[0]) >= 5
    edited = step(edit)
    assert (edited.changed, edited.added, edited.removed) == (1, 0, 0)
    moved = step(add_and_remove)
    assert (moved.added, moved.removed) == (1, 1)


def test_no_previous_index_file_is_written(tmp_path):
    """Hard links from the previous bundle are never opened for writing: a read-only
    previous bundle is enough."""
    site_a = tmp_path / "a"
    clean(A, site_a)
    publish(A, site_a)
    for p in (site_a / "pagefind").rglob("*"):
        if p.is_file():
            os.chmod(p, 0o444)
    b = list(A)
    b[1] = article(1, seed=11)
    out = tmp_path / "out"
    pagefind_merge.update(site_a / "pagefind", indexed(A), indexed(b), {b[1][0]: b[1][1]}, out)
    assert_same_bundle(clean(b, tmp_path / "b"), out)


# A full index in parts (bounded Pagefind memory) -------------------------------------------------

@pytest.mark.parametrize("part_size", [1, 5, 12, 50])
def test_index_in_parts_equals_one_index(tmp_path, part_size):
    pages = [article(i, words=60) for i in range(12)]
    pages[7] = article(7, words=60, authors="Phạm Thị Dung")  # a metadata key of one part only
    pages[3] = article(3, indexed=False)
    expected = clean(pages, tmp_path / "clean")
    stream = pagefind_merge.PartStream(part_size)
    for url, page in pages:
        if search_stream.MARK in page:
            stream.add(url, page)
    stats = stream.write(tmp_path / "parts" / "pagefind")
    assert stats.pages == 11
    assert_same_bundle(expected, tmp_path / "parts" / "pagefind")


@pytest.mark.parametrize("closed_at, parts", [((3,), 4), ((5, 6), 5), ((2, 9, 12), 4)])
def test_parts_closed_early_equal_one_index(tmp_path, closed_at, parts):
    """PartStream.close_part (the plugin's, at the first list page): the part being filled
    is finished at once, not waiting for the one before; pages after it start a new part,
    and the parts still merge in page order."""
    pages = [article(i, words=50) for i in range(12)]
    expected = clean(pages, tmp_path / "clean")
    stream = pagefind_merge.PartStream(4)
    for i, (url, page) in enumerate(pages):
        if i in closed_at:
            stream.close_part()
        stream.add(url, page)
    if 12 in closed_at:
        stream.close_part()
        stream.close_part()  # nothing being filled: nothing to do
    stats = stream.write(tmp_path / "parts" / "pagefind")
    assert stats.pages == 12
    assert len(stream._parts) == parts  # (parts of 4 pages from each close on)
    assert_same_bundle(expected, tmp_path / "parts" / "pagefind")


def test_index_in_parts_many_chunks(tmp_path, monkeypatch):
    small_chunks(monkeypatch, 4_000)
    pages = [article(i, words=300, seed=2) for i in range(40)]
    expected = clean(pages, tmp_path / "clean")
    stream = pagefind_merge.PartStream(7, target=4_000)
    for url, page in pages:
        stream.add(url, page)
    assert stream.write(tmp_path / "parts" / "pagefind").chunks > 10
    assert_same_bundle(expected, tmp_path / "parts" / "pagefind")


def test_a_page_in_two_parts_is_refused(tmp_path):
    stream = pagefind_merge.PartStream(2)
    for url, page in [A[0], A[1], A[0]]:
        stream.add(url, page)
    with pytest.raises(MergeError, match="hai phần"):
        stream.write(tmp_path / "out")


def test_output_must_be_empty(tmp_path):
    site_a = tmp_path / "a"
    clean(A, site_a)
    out = tmp_path / "out"
    out.mkdir()
    (out / "pagefind.js").write_text("cũ", encoding="utf-8")
    with pytest.raises(MergeError, match="không trống"):
        pagefind_merge.update(site_a / "pagefind", indexed(A), indexed(A), {}, out)
    assert (out / "pagefind.js").read_text(encoding="utf-8") == "cũ"


def test_part_stream_finish_writes_the_sites_bundle(tmp_path):
    stream = pagefind_merge.PartStream(5)
    for url, page in A:
        stream.add(url, page)
    stream.finish(tmp_path / "site")
    assert_same_bundle(clean(A, tmp_path / "clean"), tmp_path / "site" / "pagefind")


def test_reindex_fallback_equals_a_clean_build(tmp_path):
    site = tmp_path / "site"
    publish(A, site)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "stale.txt").write_text("cũ", encoding="utf-8")
    pagefind_merge.reindex(site, indexed(A))
    assert_same_bundle(clean(A, tmp_path / "clean"), site / "pagefind")


# Two pages whose fragments' hashes share their first 7 hex digits (found by trying URLs
# for this page): Pagefind names the later one with one digit more.
TWIN = '<html lang="vi"><body><div data-pagefind-body><p>Trùng mã băm</p></div></body></html>'
TWINS = ("/t/2967/", "/t/13444/")


def test_fragment_hash_collision_follows_page_order(tmp_path):
    first, second = (TWINS[0], TWIN), (TWINS[1], TWIN)
    both = [A[0], first, A[1], second, A[2]]
    names = sorted(p.name for p in (clean(both, tmp_path / "check") / "fragment").glob("*"))
    assert "vi_aaa5326.pf_fragment" in names and "vi_aaa5326d.pf_fragment" in names  # the collision is real
    run(tmp_path / "add", [A[0], first, A[1], A[2]], both)  # the new page collides with an old one
    run(tmp_path / "swap", both, [A[0], second, A[1], first, A[2]])  # the names swap
    run(tmp_path / "remove", both, [A[0], A[1], second, A[2]])  # the later one gets the short name


def test_chunk_words_kept_from_the_last_build_spare_the_walk(tmp_path, monkeypatch):
    """The full build in parts keeps where each chunk's words start (.cache/); the next
    update reads the previous chunks from it instead of walking every entry, with the
    same bytes as a clean build; a damaged keep-file is ignored, not trusted."""
    small_chunks(monkeypatch, 4_000)
    a = [article(i, words=400, seed=3) for i in range(60)]
    b = list(a)
    b[50] = article(50, words=400, seed=4)
    site_a = tmp_path / "a"
    kept = pagefind_merge.ChunkWords(tmp_path / "kept.marshal")
    stream = pagefind_merge.PartStream(25, kept=kept, target=4_000)
    for url, page in a:
        if search_stream.MARK in page:
            stream.add(url, page)
    stream.write(site_a / "pagefind")
    kept.save()
    publish(a, site_a)
    assert_same_bundle(clean(a, tmp_path / "a-clean"), site_a / "pagefind")
    chunks = sorted(p.name.removesuffix(".pf_index") for p in (site_a / "pagefind/index").iterdir())
    assert sorted(kept.made) == chunks and len(chunks) > 10

    damaged = tmp_path / "damaged.marshal"
    data = bytearray((tmp_path / "kept.marshal").read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))

    expected = clean(b, tmp_path / "b")
    changed = {url: page for url, page in b if url in indexed(b) and dict(a).get(url) != page}
    walked: list[int] = []
    original = pagefind_merge.split_chunk
    monkeypatch.setattr(pagefind_merge, "split_chunk", lambda raw: walked.append(1) or original(raw))
    counts = {}
    for name, keep in (("kept", tmp_path / "kept.marshal"), ("damaged", damaged), ("none", None)):
        walked.clear()
        out = tmp_path / name / "pagefind"
        kept_now = pagefind_merge.ChunkWords(keep) if keep is not None else None
        pagefind_merge.update(site_a / "pagefind", indexed(a), indexed(b), changed, out, target=4_000,
                              kept=kept_now)
        assert_same_bundle(expected, out)
        counts[name] = len(walked)
        if kept_now is not None:  # the new bundle's chunks, for the update after
            assert sorted(kept_now.made) == sorted(p.name.removesuffix(".pf_index")
                                                   for p in (out / "index").iterdir())
    # Only the small indexes of the changed page are walked when the layouts are kept.
    assert counts["none"] - counts["kept"] == len(chunks)
    assert counts["damaged"] == counts["none"]


def test_a_full_build_from_the_same_pages_links_the_last_merged_bundle(tmp_path, monkeypatch):
    """PartStream.write with `previous` (the last good site's bundle): when the last
    build merged the same pages (as handed to Pagefind), that bundle is linked, not
    merged again; a changed page, a damaged bundle or a bundle not written by a merge
    (an update) is merged again. Every result equals the clean index."""
    small_chunks(monkeypatch, 4_000)
    a = [article(i, words=300, seed=3) for i in range(40)]
    b = list(a)
    b[30] = article(30, words=300, seed=4)
    merges: list[int] = []
    original = pagefind_merge.merge_parts
    monkeypatch.setattr(pagefind_merge, "merge_parts", lambda *args, **kw: merges.append(1) or original(*args, **kw))

    started: list[int] = []
    start = search_stream.start
    monkeypatch.setattr(search_stream, "start", lambda: started.append(1) or start())

    def full(pages: list[Page], site: Path, previous: Path | None) -> pagefind_merge.Stats:
        """As a full build: each page written before the next is added (MkDocs writes a
        page after on_post_page), the bundle written last."""
        kept = pagefind_merge.ChunkWords(tmp_path / "kept.marshal")
        stream = pagefind_merge.PartStream(15, kept=kept, previous=previous, site_dir=site, target=4_000)
        started.clear()
        for url, page in pages:
            stream.add(url, page)
            publish([(url, page)], site)
        stats = stream.write(site / "pagefind")
        kept.save()
        return stats

    full(a, tmp_path / "1", None)
    assert merges == [1]
    expected_a = clean(a, tmp_path / "a-clean")
    assert_same_bundle(expected_a, tmp_path / "1/pagefind")
    layouts = pagefind_merge.ChunkWords(tmp_path / "kept.marshal").known
    # The same pages: linked, byte for byte; the chunks' layouts kept for the next update.
    stats = full(a, tmp_path / "2", tmp_path / "1/pagefind")
    assert merges == [1] and stats.chunks_linked == len(layouts) > 5
    assert started == []  # no page was handed to Pagefind: they were the same as last time
    assert_same_bundle(expected_a, tmp_path / "2/pagefind")
    assert (tmp_path / "2/pagefind/pagefind-entry.json").stat().st_ino == (
        tmp_path / "1/pagefind/pagefind-entry.json").stat().st_ino
    assert pagefind_merge.ChunkWords(tmp_path / "kept.marshal").known == layouts
    # One page changed: merged.
    full(b, tmp_path / "3", tmp_path / "2/pagefind")
    assert merges == [1, 1] and started  # (the 30 pages before it were held back, then handed over)
    assert_same_bundle(clean(b, tmp_path / "b-clean"), tmp_path / "3/pagefind")
    # The same pages again, but a file of the last bundle changed in place (its size the
    # same): merged, not linked.
    chunk = next((tmp_path / "3/pagefind/index").iterdir())
    data = bytearray(chunk.read_bytes())
    data[-1] ^= 0xFF
    chunk.write_bytes(bytes(data))
    full(b, tmp_path / "4", tmp_path / "3/pagefind")
    assert merges == [1, 1, 1]
    assert_same_bundle(clean(b, tmp_path / "b-clean2"), tmp_path / "4/pagefind")
    # A bundle written another way (an update) leaves no record: the next full build merges.
    publish(b, tmp_path / "4")
    kept = pagefind_merge.ChunkWords(tmp_path / "kept.marshal")
    pagefind_merge.update(tmp_path / "4/pagefind", indexed(b), indexed(a), {a[30][0]: a[30][1]},
                          tmp_path / "5/pagefind", target=4_000, kept=kept)
    kept.save()
    full(a, tmp_path / "6", tmp_path / "5/pagefind")
    assert merges == [1, 1, 1, 1]
    assert_same_bundle(expected_a, tmp_path / "6/pagefind")
    # The same pages but for the last one gone: every page was held back to the end, then
    # handed over (the bundle kept names one page more).
    full(a[:-1], tmp_path / "7", tmp_path / "6/pagefind")
    assert merges == [1, 1, 1, 1, 1] and started
    assert_same_bundle(clean(a[:-1], tmp_path / "a-1-clean"), tmp_path / "7/pagefind")
    # The first page changed: nothing held back.
    first = [article(0, words=300, seed=9), *a[1:-1]]
    full(first, tmp_path / "8", tmp_path / "7/pagefind")
    assert_same_bundle(clean(first, tmp_path / "8-clean"), tmp_path / "8/pagefind")
    # Merged by other code (another chunk size here): not held back, not linked.
    merges.clear()
    kept = pagefind_merge.ChunkWords(tmp_path / "kept.marshal")
    stream = pagefind_merge.PartStream(15, kept=kept, previous=tmp_path / "8/pagefind", site_dir=tmp_path / "9",
                                       target=5_000)
    started.clear()
    for url, page in first:
        stream.add(url, page)
        publish([(url, page)], tmp_path / "9")
    assert started  # handed over as they came
    stream.write(tmp_path / "9/pagefind")
    assert merges == [1]


def test_a_part_finished_in_the_background_reports_its_failure(tmp_path, monkeypatch):
    """A full part is finished in a thread while the next fills; should it fail, the
    build hears of it at the next part or at the end, and nothing is left behind."""
    def broken(self, output):
        self.close()
        raise search_stream.StreamError("Pagefind hỏng giữa chừng")

    monkeypatch.setattr(search_stream.PagefindStream, "write", broken)
    pages = [article(i) for i in range(4)]
    stream = pagefind_merge.PartStream(2)
    scratch = stream._scratch
    for url, page in pages[:2]:
        stream.add(url, page)  # the first part is now being finished
    with pytest.raises(search_stream.StreamError, match="hỏng giữa chừng"):
        for url, page in pages[2:]:
            stream.add(url, page)
    stream.close()
    assert not scratch.exists()
    # At the end: the bundle is not written, the failure is said.
    stream = pagefind_merge.PartStream(2)
    for url, page in pages[:2]:
        stream.add(url, page)
    with pytest.raises(search_stream.StreamError, match="hỏng giữa chừng"):
        stream.write(tmp_path / "pagefind")
    assert not (tmp_path / "pagefind").exists()
    # A part closed early, the one before it still finishing: its failure is said too.
    stream = pagefind_merge.PartStream(2)
    scratch = stream._scratch
    for url, page in pages[:3]:
        stream.add(url, page)
    stream.close_part()
    with pytest.raises(search_stream.StreamError, match="hỏng giữa chừng"):
        stream.write(tmp_path / "pagefind")
    assert not (tmp_path / "pagefind").exists() and not scratch.exists()


def test_full_build_links_the_chunks_the_last_one_compressed(tmp_path, monkeypatch):
    """A full build in parts keeps its compressed chunks (.cache/, by the SHA-256 of
    their bytes); the next full build links them instead of compressing again, with
    the same bytes as a clean build. One damaged on disk is compressed again, not used;
    one the bundle no longer has is dropped."""
    small_chunks(monkeypatch, 4_000)
    a = [article(i, words=300, seed=5) for i in range(40)]
    b = list(a)
    b[20] = article(20, words=300, seed=6)
    compress = gzip.compress
    calls: list[int] = []
    monkeypatch.setattr(gzip, "compress", lambda data, **kw: calls.append(1) or compress(data, **kw))

    def full(pages, out: Path) -> int:
        calls.clear()
        kept = pagefind_merge.ChunkWords(tmp_path / "cache" / "kept.marshal")
        stream = pagefind_merge.PartStream(15, kept=kept, target=4_000)
        for url, page in pages:
            stream.add(url, page)
        chunks = stream.write(out).chunks
        kept.save()
        return chunks

    chunks = full(a, tmp_path / "1" / "pagefind")
    assert chunks > 10 and len(calls) > chunks  # every chunk, the filters and the metadata
    others = len(calls) - chunks
    kept_dir = next((tmp_path / "cache").glob("pagefind-gz-*"))
    assert len(list(kept_dir.iterdir())) == chunks

    expected = clean(a, tmp_path / "clean-a")
    full(a, tmp_path / "2" / "pagefind")
    assert_same_bundle(expected, tmp_path / "2" / "pagefind")
    assert len(calls) == others  # no chunk compressed again
    linked = [p for p in (tmp_path / "2/pagefind/index").iterdir() if p.stat().st_nlink > 1]
    assert len(linked) == chunks

    damaged = sorted(kept_dir.iterdir())[0]
    damaged.unlink()
    damaged.write_bytes(b"\x1f\x8b cut short")
    full(a, tmp_path / "3" / "pagefind")
    assert_same_bundle(expected, tmp_path / "3" / "pagefind")
    assert len(calls) == others + 1  # that chunk only
    assert gzip.decompress(damaged.read_bytes())  # kept again, whole

    full(b, tmp_path / "4" / "pagefind")
    assert_same_bundle(clean(b, tmp_path / "clean-b"), tmp_path / "4" / "pagefind")
    names = {hashlib.sha256(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):]).hexdigest()
             for p in (tmp_path / "4/pagefind/index").iterdir()}
    assert {p.name.removesuffix(".gz") for p in kept_dir.iterdir()} == names


def test_a_part_with_a_damaged_chunk_is_a_merge_error_not_a_traceback(tmp_path):
    """A part's chunk whose compressed bytes are damaged (zlib's own error) stops the
    merge with MergeError, so the build falls back to one Pagefind run."""
    pages = [article(i, words=60) for i in range(6)]
    stream = pagefind_merge.PartStream(3)
    for url, page in pages:
        stream.add(url, page)
    stream._flush()
    stream._settle()
    part = stream._parts[0]
    chunk = next((part / "index").iterdir())
    data = bytearray(chunk.read_bytes())
    data[12:40] = bytes(28)  # inside the deflate stream, past gzip's header
    chunk.write_bytes(bytes(data))
    with pytest.raises(MergeError):
        pagefind_merge.merge_parts(stream._parts, tmp_path / "out" / "pagefind")
    stream.close()
