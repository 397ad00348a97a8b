"""Incremental `make build` (issue 15): after each change, the site made by reusing the
last good site's unchanged pages is the same, file by file and byte for byte, as a
build from nothing; and only the pages that had to change were rendered.

Each step changes the sample project (articles, photos, vocabularies), builds it with
scripts/build.py as `make build` does, then builds a fresh copy of the same sources
with `--full` and no previous site or page record, and compares the two sites: every
page, the sitemap, feeds, open data, photos and the search index. If the fingerprints
missed an input, a reused page would be stale and this comparison fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, jpeg

pytestmark = pytest.mark.build

COUNTS = re.compile(r"Đã dựng (\d+) trang(?: \([^)]*\))?, dùng lại (\d+) trang")


def _run(project: Path, *options: str, index_updated: bool = True) -> str:
    """Build with scripts/build.py as `make build` does; what it said. `index_updated`:
    the search index must have been updated for the changed pages (or reused), not
    made again from scratch."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project), *options],
                            env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert ("chỉ mục tìm kiếm được lập lại từ đầu" not in result.stderr) == index_updated, result.stderr[-3000:]
    return result.stderr


def _build(project: Path, *options: str, index_updated: bool = True) -> tuple[int, int, str]:
    """Build; (pages rendered, pages reused, what it said)."""
    said = _run(project, *options, index_updated=index_updated)
    found = COUNTS.findall(said)
    assert len(found) == 1, said[-3000:]
    return int(found[0][0]), int(found[0][1]), said


def _up_to_date(project: Path, now: float) -> bool:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")}
    code = ("import sys; from pathlib import Path; from bantin.incremental import up_to_date; "
            f"sys.exit(0 if up_to_date(Path({str(project)!r}), Path({str(project / 'site')!r}), {now!r}) else 1)")
    return subprocess.run([sys.executable, "-c", code], env=environment, timeout=120).returncode == 0


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _clean_site(project: Path, where: Path) -> dict[str, bytes]:
    """The site a build from nothing makes of `project`'s sources (the photo cache is
    copied only to save encoding time: its files are named by their content)."""
    if where.exists():
        shutil.rmtree(where)
    for name in ("content", "articles", "photos"):
        shutil.copytree(project / name, where / name)
    shutil.copy(project / "mkdocs.yml", where / "mkdocs.yml")
    if (project / ".cache/bantin/photos").is_dir():
        shutil.copytree(project / ".cache/bantin/photos", where / ".cache/bantin/photos")
    rendered, reused, _ = _build(where, "--full")
    assert reused == 0
    return _tree(where / "site")


def _assert_same(project: Path, tmp_path: Path) -> None:
    incremental = _tree(project / "site")
    clean = _clean_site(project, tmp_path / "clean")
    differ = sorted(name for name in incremental.keys() & clean.keys() if incremental[name] != clean[name])
    assert incremental.keys() - clean.keys() == set(), "only in the incremental site"
    assert clean.keys() - incremental.keys() == set(), "missing from the incremental site"
    assert differ == [], f"{len(differ)} files differ from a clean build, e.g. {differ[:5]}"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_build_equals_a_clean_build(tmp_path):
    project = copy_project(tmp_path / "p")
    # The first build has nothing to reuse.
    total, reused, said = _build(project)
    assert reused == 0 and total > 50
    assert "chưa có bản dựng trước" in said
    _assert_same(project, tmp_path)

    # Nothing changed: nothing is built, the site stays as it is.
    home = (project / "site/index.html").stat()
    assert "Không có gì thay đổi kể từ lần dựng trước" in _run(project)
    assert (project / "site/index.html").stat().st_ino == home.st_ino
    # ... until a moment the site depends on comes (the new year, a scheduled article).
    # (Asked in a fresh process, as scripts/build.py asks it.)
    from bantin.incremental import RECORD, Record

    until = Record.load(project / RECORD).valid_until
    assert until is not None and until > time.time()
    assert _up_to_date(project, time.time())
    assert not _up_to_date(project, until)
    # A new photo no article uses: the build runs, renders nothing, and the search
    # index is the same files.
    index_before = (project / "site/pagefind/pagefind-entry.json").stat().st_ino
    (project / "photos/chua-dung.jpg").write_bytes(jpeg())
    rendered, reused, _ = _build(project)
    assert (rendered, reused) == (0, total)
    assert (project / "site/pagefind/pagefind-entry.json").stat().st_ino == index_before
    _assert_same(project, tmp_path)

    # A paragraph added at the end of one article: only its page.
    dien_ban = project / "articles/2022/tong-ket-ngay-hoi-2022-dien-ban.md"
    dien_ban.write_text(dien_ban.read_text(encoding="utf-8") + "\nMột đoạn cuối viết thêm sau khi đăng.\n",
                        encoding="utf-8")
    rendered, reused, _ = _build(project)
    assert rendered == 1 and reused == total - 1
    html = (project / "site/bai-viet/2022").glob("*/index.html")
    assert any("Một đoạn cuối viết thêm" in p.read_text(encoding="utf-8") for p in html)
    _assert_same(project, tmp_path)

    # A new title (the URL kept by slug:): the article, and the lists that show it.
    _edit(dien_ban, "title: ", "slug: tong-ket-ngay-hoi-2022-dien-ban-moi\ntitle: Mới - ")
    rendered, reused, _ = _build(project)
    assert 1 < rendered < total // 2
    _assert_same(project, tmp_path)

    # A new article, then one removed.
    (project / "articles/2024").mkdir(exist_ok=True)
    (project / "articles/2024/bai-moi.md").write_text(
        "---\ntitle: Hội nghị sơ kết mới\ndate: 02/03/2024\ncategory: Tin hoạt động\ntags: [Sơ kết]\n---\n"
        "Nội dung bài mới về phong trào.\n", encoding="utf-8")
    rendered, reused, _ = _build(project)
    assert 1 < rendered < total and reused > total // 2
    _assert_same(project, tmp_path)
    (project / "articles/2024/bai-moi.md").unlink()
    rendered, reused, _ = _build(project)
    assert rendered < total
    assert not (project / "site/bai-viet/2024/hoi-nghi-so-ket-moi").exists()
    _assert_same(project, tmp_path)

    # A photo replaced under the same name: the pages that show it get its new files.
    (project / "photos/2022/dien-ban-diem-cau.jpg").write_bytes(jpeg((320, 240), (20, 120, 60)))
    rendered, reused, _ = _build(project)
    assert 1 <= rendered < total
    _assert_same(project, tmp_path)

    # A vocabulary changed: every page may show it, so everything is rendered.
    categories = project / "content/vocab/categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rendered, reused, said = _build(project)
    assert reused == 0 and rendered > 50
    assert "danh mục đã đổi" in said
    _assert_same(project, tmp_path)

    # A page of the last good site changed by hand: it is rendered again, not trusted.
    page = next((project / "site/bai-viet/2020").glob("*/index.html"))
    page.write_text("sửa tay", encoding="utf-8")
    # The live page is not what was indexed, so the index cannot be updated from it:
    # it is made again from every page (the safety net of bantin/search_update.py).
    rendered, reused, _ = _build(project, index_updated=False)
    assert rendered == 1
    _assert_same(project, tmp_path)

    # `make build FULL=1` renders every page and records every fingerprint again: the
    # next body edit renders only its article.
    rendered, reused, _ = _build(project, "--full")
    assert (rendered, reused) == (total, 0)
    dien_ban.write_text(dien_ban.read_text(encoding="utf-8") + "\nThêm một đoạn nữa.\n", encoding="utf-8")
    rendered, reused, _ = _build(project)
    assert (rendered, reused) == (1, total - 1)
    _assert_same(project, tmp_path)

    # A list page of the last good site changed by hand while no list changed: that list
    # is made and rendered again (the others stay linked), with its own sitemap date.
    year_page = project / "site/nam/2022/index.html"
    year_page.write_text("sửa tay", encoding="utf-8")
    dien_ban.write_text(dien_ban.read_text(encoding="utf-8") + "\nVà một đoạn nữa.\n", encoding="utf-8")
    rendered, reused, _ = _build(project)
    assert (rendered, reused) == (2, total - 2)
    assert "sửa tay" not in year_page.read_text(encoding="utf-8")
    _assert_same(project, tmp_path)


def test_a_full_build_keeps_the_list_pages_fingerprints_when_the_lists_are_the_same(tmp_path, monkeypatch):
    """`make build FULL=1` renders every page; a list page's fingerprint for the next
    build is the recorded one when the lists are made from the same as then (not
    computed again), and the site and the record are what they were."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bantin.incremental import RECORD, Record

    project = copy_project(tmp_path / "p")
    _build(project)
    before = {uri: entry[0] for uri, entry in Record.load(project / RECORD).pages.items()}
    lists = len(Record.load(project / RECORD).lists[1])
    assert lists > 20

    monkeypatch.chdir(project)
    monkeypatch.setenv("BANTIN_PREVIOUS_SITE", str(project / "site"))
    monkeypatch.setenv("BANTIN_REUSE", "0")
    staging = project / "site.new-test"
    # As `mkdocs build --strict --dirty` does it (scripts/build.py runs that command).
    config = load_config("mkdocs.yml", strict=True, site_dir=str(staging))  # named as on the command line
    config.plugins.on_startup(command="build", dirty=True)
    build(config, dirty=True)
    fingerprints = config.plugins["bantin"].fingerprints
    assert fingerprints.kept == lists
    assert {uri: entry[0] for uri, entry in Record.load(project / RECORD).pages.items()} == before
    assert _tree(staging) == _tree(project / "site")
    # The articles handed to Pagefind are the same as last time: the search bundle the last
    # build merged is linked, not merged again (pagefind_merge.PartStream.write).
    for name in ("pagefind-entry.json", "pagefind.js"):
        assert (staging / "pagefind" / name).stat().st_ino == (project / "site/pagefind" / name).stat().st_ino
