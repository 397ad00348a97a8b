"""The benchmark's corpus: valid by the contract, deterministic, and buildable both ways.

No timing here (that is `make bench`): counts of articles, pages and photos only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402
import corpus  # noqa: E402

# Every test here builds or checks a generated corpus (subprocesses, MkDocs builds).
pytestmark = pytest.mark.build

N = 30
PHOTOS = 5


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("bench")
    summary = corpus.generate(out, N, seed=3, photo_count=PHOTOS, photo_size=(120, 80))
    return out, summary


def test_corpus_passes_make_check_with_no_problems(generated):
    out, summary = generated
    result = subprocess.run([sys.executable, "-m", "bantin.check"], cwd=out / "bulletin", capture_output=True,
                            text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert f"Tốt: {N} bài, không có vấn đề nào" in result.stderr
    assert summary["articles"] == N and summary["photos"] == PHOTOS
    assert len(list((out / "bulletin/articles").rglob("*.md"))) == N


def test_corpus_is_deterministic_and_exercises_the_contract(generated, tmp_path):
    out, _ = generated
    again = tmp_path / "again"
    corpus.generate(again, N, seed=3, photo_count=PHOTOS, photo_size=(120, 80))
    files = sorted(p.relative_to(out / "bulletin") for p in (out / "bulletin/articles").rglob("*.md"))
    assert files == sorted(p.relative_to(again / "bulletin") for p in (again / "bulletin/articles").rglob("*.md"))
    for rel in files:
        assert (out / "bulletin" / rel).read_bytes() == (again / "bulletin" / rel).read_bytes(), rel
    text = "".join((out / "bulletin" / rel).read_text(encoding="utf-8") for rel in files)
    words = [len(p.read_text(encoding="utf-8").split("\n---\n", 1)[1].split()) for p in
             (out / "bulletin/articles").rglob("*.md")]
    assert min(words) >= 400 and max(words) <= 850
    for field in ("recipients:", "  rank: ", "percent: ", "total: ", "change: ", "province: ", "online: "):
        assert field in text, field
    vocab = corpus.Vocab.load(ROOT / "content/vocab")
    assert any(f"province: {name}\n" in text for name in vocab.former), "no former province (before 2025)"


def test_corpus_builds_as_the_bulletin_and_as_plain_mkdocs(generated):
    out, summary = generated
    bulletin = out / "bulletin"
    build(load_config(str(bulletin / "mkdocs.yml"), strict=True, site_dir=str(bulletin / "site")))
    records = json.loads((bulletin / "site/du-lieu/bai-viet.json").read_text(encoding="utf-8"))
    assert len(records) == N
    for record in records:  # `url` is absolute (the contract): its path is the page's folder
        assert (bulletin / "site" / urlsplit(record["url"]).path.strip("/") / "index.html").is_file()
    sample = summary["sample"]
    assert (bulletin / "site" / sample["url"].strip("/") / "index.html").is_file()
    assert (bulletin / "site" / sample["year_url"].strip("/") / "index.html").is_file()
    # Photos are shared among articles: at most PHOTOS sources, each as several variants.
    sources = {p.name.split("-")[0] for p in (bulletin / "site/anh").glob("*.jpg")}
    assert 1 <= len(sources) <= PHOTOS

    plain = out / "plain"
    build(load_config(str(plain / "mkdocs.yml"), strict=True, site_dir=str(plain / "site")))
    pages = bench.site_stats(plain / "site")["html_pages"]
    assert pages == N + 2  # the articles, the home page, Material's 404 page
    # No auto-nav: an article page does not link every other article.
    page = next((plain / "site/bai-viet").rglob("index.html")).read_text(encoding="utf-8")
    assert page.count("/bai-viet/") < 5
    assert bench.search_bytes(plain / "site") is None


def test_serve_rebuild_rereads_only_changed_articles_after_vocab_reload(generated):
    # `mkdocs serve` reloads the vocabularies before every rebuild (on_config): an
    # equal vocabulary must keep the articles already read.
    from bantin.reading import ReadCache, load_corpus
    from bantin.vocab import Vocabularies

    out, summary = generated
    root = out / "bulletin"
    cache = ReadCache()
    first = load_corpus(root, root / "articles", root / "photos", Vocabularies.load(root / "content/vocab"),
                        cache=cache)
    edited = root / summary["sample"]["path"]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    try:
        second = load_corpus(root, root / "articles", root / "photos",
                             Vocabularies.load(root / "content/vocab"), cache=cache)
    finally:
        edited.write_text(edited.read_text(encoding="utf-8").removesuffix("\nThêm một đoạn.\n"), encoding="utf-8")
    kept = {a.src for a in first.articles} & {a.src for a in second.articles if any(a is b for b in first.articles)}
    assert len(kept) == N - 1
    assert summary["sample"]["path"] not in kept


def test_dirty_serve_rebuild_renders_only_pages_whose_inputs_changed(generated, tmp_path):
    # What `mkdocs serve --dirty` does between edits: the same plugin instance, dirty builds.
    out, summary = generated
    root = tmp_path / "site-project"
    shutil.copytree(out / "bulletin", root, symlinks=True, ignore=shutil.ignore_patterns("site", ".cache"))
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    plugin = config.plugins["bantin"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        _dirty_rebuilds(config, summary, tmp_path / "served", root)
    finally:
        # MkDocs keeps plugin instances that define on_startup for the whole process.
        plugin.on_startup(command="build", dirty=False)


def _dirty_rebuilds(config, summary: dict, served: Path, root: Path) -> None:
    build(config, dirty=True)
    before = {p: p.stat().st_mtime_ns for p in served.rglob("index.html")}

    sample = summary["sample"]
    edited = root / sample["path"]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text + "\nĐoạn sửa XYZ123.\n", encoding="utf-8")
    build(config, dirty=True)
    after = {p: p.stat().st_mtime_ns for p in served.rglob("index.html")}
    rewritten = {p.relative_to(served).parent.as_posix() for p in after if after[p] != before.get(p)}
    article_dir = sample["url"].strip("/")
    assert article_dir in rewritten
    assert "XYZ123" in (served / article_dir / "index.html").read_text(encoding="utf-8")
    # The body is not shown in lists: nothing else is rendered again.
    assert rewritten == {article_dir}

    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    edited.write_text(text.replace(f"title: {title}", f'title: "{yaml.safe_load("t: " + title)["t"]} MỚI"\n'
                                   f'slug: {article_dir.rsplit("/", 1)[1]}', 1), encoding="utf-8")
    build(config, dirty=True)
    again = {p: p.stat().st_mtime_ns for p in served.rglob("index.html")}
    rewritten = {p.relative_to(served).parent.as_posix() for p in again if again[p] != after.get(p)}
    # A new title: the article, the home page and every list that shows it.
    assert {article_dir, ".", sample["year_url"].strip("/")} <= rewritten
    assert len(rewritten) < len(again) / 2
    for page in rewritten:
        assert "MỚI" in (served / page / "index.html").read_text(encoding="utf-8"), page


def test_the_photo_stage_line_the_plugin_writes_is_the_one_the_bench_reads(tmp_path):
    from bantin import photos
    from bantin.model import Photo
    from conftest import jpeg

    (tmp_path / "photos").mkdir()
    (tmp_path / "photos/hoi-nghi.jpg").write_bytes(jpeg((1200, 800)))
    said: list[str] = []

    class One:  # what prepare reads of an article
        photos = (Photo(file="hoi-nghi.jpg", caption="Hội nghị"),)

    library = photos.prepare([One()], tmp_path / "photos", tmp_path / "cache", workers=1, progress=said.append)
    assert library.encoded == 1, library.problems
    stage = bench.photo_stage("\n".join(said))
    assert stage is not None, said
    assert stage["photos"] == 1 and stage["per_s"] > 0 and 0 < stage["cores_busy"] <= os.cpu_count() + 0.5


def test_tree_memory_counts_each_process_once():
    """A child that started a program (vfork or posix_spawn) shows its parent's name,
    size and resident size until the program replaces it: not counted twice. A child
    running its own program, or one whose memory has become its own, is counted."""
    parent = {"Name": "python", "VmRSS": "348160 kB", "VmSize": "901234 kB", "VmHWM": "430080 kB"}
    assert bench.in_parents_memory(dict(parent), parent)
    assert bench.in_parents_memory({**parent, "VmRSS": "348164 kB"}, parent)  # read a moment later
    assert not bench.in_parents_memory({**parent, "Name": "pagefind_extend"}, parent)
    assert not bench.in_parents_memory({**parent, "VmRSS": "120000 kB", "VmSize": "300000 kB"}, parent)
    assert not bench.in_parents_memory({**parent, "VmSize": "4 kB", "VmRSS": "4 kB"}, parent)
    assert not bench.in_parents_memory(parent, None)

    # A real tree: Python holding 200 MB, and a child in a program of its own.
    code = ("import subprocess, time; block = bytearray(200 * 2**20); block[::4096] = b'x' * len(block[::4096]); "
            "child = subprocess.Popen(['sleep', '3']); time.sleep(2); child.wait()")
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = bench.TreeMemory(proc.pid, interval=0.02)
    sampler.start()
    proc.wait()
    found = sampler.stop()
    assert "sleep" in found["processes"]
    assert 200 < found["peak_mb"] < 2 * 200  # the parent once, the child's own small memory


@pytest.mark.parametrize("chained", [False, True])
@pytest.mark.parametrize("written, low, high", [(0, 200, 260), (100, 300, 360)])
def test_tree_memory_counts_a_forks_shared_pages_once(written, low, high, chained):
    """A fork (the build's list pages' process) shares its parent's pages until one of
    them writes: each page counted once over the two (proportional set sizes). A child
    that writes to 100 MB of the 200 MB it shares holds 100 MB more. `chained`: as in a
    build, the forking process is itself a Python started by a Python (scripts/build.py
    runs MkDocs), which shares nothing of those 200 MB."""
    inner = ("import os, time; block = bytearray(200 * 2**20); block[::4096] = b'x' * len(block[::4096]); "
             "pid = os.fork()\n"
             "if pid == 0:\n"
             f"    part = slice(0, {written} * 2**20, 4096)\n"
             "    block[part] = b'y' * len(block[part]); time.sleep(2); os._exit(0)\n"
             "os.waitpid(pid, 0)")
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {inner!r}])" if chained else inner
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = bench.TreeMemory(proc.pid, interval=0.02)
    sampler.start()
    proc.wait()
    found = sampler.stop()
    assert low < found["peak_mb"] < high + (20 if chained else 0), found
