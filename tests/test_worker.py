"""The list pages rendered by a second process (bantin/worker.py, issue 15).

- `make build` with the second process makes the same site, byte for byte, as without
  it (BANTIN_WORKER=0), and says that it used it.
- The child's log lines are said by the parent (so `--strict` counts its warnings); a
  failure in the child is raised in the parent as the child raised it; a child that is
  killed is said in Vietnamese. Each scenario runs in a fresh Python process: a fork
  is safe only where no other thread runs, which a test session does not promise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpus  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the second process is Linux only")


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _make_build(project: Path, full: bool = True, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")}
    environment.update(NO_MKDOCS_2_WARNING="1", **env)
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project),
                             *(["--full"] if full else [])],
                            env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_the_site_is_the_same_with_and_without_the_second_process(tmp_path):
    corpus.generate(tmp_path / "c", 30, seed=11, photo_count=3, photo_size=(120, 80), plain=False)
    project = tmp_path / "c" / "bulletin"
    # A title that names the search mark: the list pages that show it carry the mark's
    # words, not the mark (they were once taken for pages to index, and the incremental
    # build's index then differed from a clean build's).
    (project / "articles/2025/huong-dan-tim-kiem.md").write_text(
        "---\ntitle: Hướng dẫn thuộc tính data-pagefind-body\ndate: 02/03/2025\ncategory: Hoạt động ngành\n"
        "tags:\n- Học sinh\n---\nBài hướng dẫn.\n", encoding="utf-8")
    said = _make_build(project, BANTIN_WORKER="0")
    assert "hai tiến trình" not in said
    alone = _tree(project / "site")
    said = _make_build(project)
    assert "trang bằng hai tiến trình cùng lúc" in said, said[-2000:]
    together = _tree(project / "site")
    assert sorted(together) == sorted(alone)
    assert [name for name in alone if alone[name] != together[name]] == []
    assert sum(name.startswith(("nguoi/", "the/", "nam/")) for name in together) > 50

    # `make build` after a title changed and an article added (some pages made again, the
    # others linked, by both processes), then after a change of mkdocs.yml (every page
    # made again): each the same as a clean build.
    first = sorted((project / "articles").rglob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    first.write_text(text.replace(title, "title: Bài đã sửa tiêu đề về hội nghị", 1), encoding="utf-8")
    (project / "articles/2024/bai-them.md").write_text(
        "---\ntitle: Bài thêm về khen thưởng\ndate: 02/03/2024\ncategory: Hoạt động ngành\ntags:\n- Học sinh\n"
        "---\nCông an tỉnh khen thưởng đột xuất tổ công tác.\n", encoding="utf-8")
    said = _make_build(project, full=False, BANTIN_WORKER_MIN="1")
    assert "dùng lại" in said and "trang bằng hai tiến trình cùng lúc" in said, said[-2000:]
    _assert_clean(project, tmp_path / "clean-1")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_description: ", "site_description: Bản tin (thử) ", 1), encoding="utf-8")
    said = _make_build(project, full=False)
    # (The incremental build updated the search index and recorded it: the articles are
    # held back from Pagefind, and two processes render.)
    assert "Dựng mọi trang" in said and "hai tiến trình" in said, said[-2000:]
    _assert_clean(project, tmp_path / "clean-2")
    # A full build in which an article in the middle is not what it was: the pages held
    # back from Pagefind until then are handed over, Pagefind runs while both processes
    # render, and the child's articles are handed on at the end, in their order.
    middle = sorted((project / "articles").rglob("*.md"))[15]
    middle.write_text(middle.read_text(encoding="utf-8") + "\nMột đoạn mới ở giữa.\n", encoding="utf-8")
    said = _make_build(project)
    assert "trang bằng hai tiến trình cùng lúc" in said and "lập lại" not in said, said[-2000:]
    _assert_clean(project, tmp_path / "clean-3")


def _child_pages(said: str) -> int:
    found = re.findall(r"Tiến trình thứ hai đã dựng (\d+) trang", said)
    assert len(found) == 1, said[-2000:]
    return int(found[0])


def test_the_child_renders_articles_and_the_search_index_is_the_same(tmp_path):
    """The child takes pages from the back; here MkDocs' loop takes at most 5
    (BANTIN_WORKER_FRONT, for tests), so the child renders the articles too and the
    parent hands them to the search index after the join: as held back (the index linked),
    as changed (Pagefind started then, for every page, in order) and in an incremental
    build (the index updated, and recorded, so the next full build links it again)."""
    corpus.generate(tmp_path / "c", 30, seed=13, photo_count=3, photo_size=(120, 80), plain=False)
    project = tmp_path / "c" / "bulletin"
    _make_build(project, BANTIN_WORKER="0")
    said = _make_build(project, BANTIN_WORKER_FRONT="5")
    assert _child_pages(said) > 200 and "lập lại" not in said
    _assert_clean(project, tmp_path / "clean-1")
    # An article late in MkDocs' order (the child's) not as it was: Pagefind is handed
    # every page at the join.
    last = sorted((project / "articles").rglob("*.md"))[0]
    last.write_text(last.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    said = _make_build(project, BANTIN_WORKER_FRONT="5")
    assert _child_pages(said) > 200 and "lập lại" not in said
    _assert_clean(project, tmp_path / "clean-2")
    # Incremental: the edited article rendered by the child, the index updated from it.
    last.write_text(last.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    said = _make_build(project, full=False, BANTIN_WORKER_FRONT="0", BANTIN_WORKER_MIN="1")
    assert _child_pages(said) >= 1 and "dùng lại" in said and "lập lại" not in said
    _assert_clean(project, tmp_path / "clean-3")
    # The updated index was recorded: the next full build holds the pages back again
    # (so uses the second process) and links it.
    said = _make_build(project)
    assert "hai tiến trình" in said
    _assert_clean(project, tmp_path / "clean-4")


def test_pagefind_and_the_second_process_do_not_run_together(tmp_path):
    """A full build whose first article is not what it was: Pagefind starts at once; the
    child then takes no more pages (with Pagefind's processes, two rendering processes
    would pass the memory allowed), and this process renders the rest."""
    corpus.generate(tmp_path / "c", 30, seed=17, photo_count=3, photo_size=(120, 80), plain=False)
    project = tmp_path / "c" / "bulletin"
    _make_build(project, BANTIN_WORKER="0")
    said = _make_build(project)
    shared = _child_pages(said)
    assert shared > 80  # nothing changed: the child renders its share
    for article in (project / "articles").rglob("*.md"):
        article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    said = _make_build(project)
    assert "hai tiến trình" in said and _child_pages(said) < shared / 4
    _assert_clean(project, tmp_path / "clean")


def _assert_clean(project: Path, clean: Path) -> None:
    """The project's site is what a clean build of its sources, in one process, makes."""
    for name in ("content", "articles", "photos"):
        shutil.copytree(project / name, clean / name)
    shutil.copy(project / "mkdocs.yml", clean / "mkdocs.yml")
    _make_build(clean, BANTIN_WORKER="0")
    expected, got = _tree(clean / "site"), _tree(project / "site")
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if expected[name] != got[name]] == []


SCENARIO = r"""
import errno, json, logging, os, signal, sys, time
sys.path.insert(0, {plugins!r})
from bantin import worker

said = []
class Keep(logging.Handler):
    def emit(self, record):
        said.append([record.name, record.levelname, record.getMessage()])
logging.getLogger("mkdocs").addHandler(Keep())
logging.getLogger("mkdocs").setLevel(logging.INFO)
written = {out!r}

def render(page):
    logging.getLogger("mkdocs.plugins.bantin").info("trang %s", page)
    if page == "hỏng":
        raise OSError(errno.ENOSPC, "No space left on device", os.path.join(written, page))
    if page == "chết":
        os.kill(os.getpid(), signal.SIGKILL)
    if page == "cảnh báo":
        logging.getLogger("mkdocs.plugins.bantin").warning("một cảnh báo 50% trong tiến trình con")
    with open(os.path.join(written, page), "w") as f:
        f.write(str(os.getpid()))

marks = []
def in_child():
    marks.append("/the/a/")
    return lambda: list(marks)

result = {{}}
pages = {pages!r}
job = worker.start(pages, worker.Split(len(pages)), render, in_child)
try:
    result["report"] = job.join()["marked"]
except worker.WorkerFailed as error:
    result["failed"] = str(error)
except OSError as error:
    result["oserror"] = [error.errno, error.filename]
result["said"] = said
result["parent"] = os.getpid()
print(json.dumps(result))
"""


def _scenario(tmp_path: Path, pages: list[str]) -> dict:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    code = SCENARIO.format(plugins=str(ROOT / "plugins"), out=str(out), pages=pages)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_childs_pages_and_lines_reach_the_parent(tmp_path):
    result = _scenario(tmp_path, ["a", "cảnh báo", "b"])
    assert result["report"] == ["/the/a/"]
    # Rendered by another process; said by the parent, at their level, in order.
    assert {(tmp_path / "out" / name).read_text() for name in ("a", "cảnh báo", "b")} != {str(result["parent"])}
    # (The child takes the pages from the back; here the parent takes none.)
    assert result["said"] == [["mkdocs.plugins.bantin", "INFO", "trang b"],
                              ["mkdocs.plugins.bantin", "INFO", "trang cảnh báo"],
                              ["mkdocs.plugins.bantin", "WARNING", "một cảnh báo 50% trong tiến trình con"],
                              ["mkdocs.plugins.bantin", "INFO", "trang a"]]


def test_a_fault_in_the_child_is_raised_in_the_parent(tmp_path):
    result = _scenario(tmp_path, ["a", "hỏng", "b"])
    assert result["oserror"] == [28, str(tmp_path / "out" / "hỏng")]  # ENOSPC, as raised
    assert [line[2] for line in result["said"]] == ["trang b", "trang hỏng"]
    assert not (tmp_path / "out" / "a").exists()


def test_a_child_killed_is_said_in_vietnamese(tmp_path):
    result = _scenario(tmp_path, ["a", "chết", "b"])
    assert "bị dừng bởi tín hiệu SIGKILL" in result["failed"] and "tiến trình thứ hai" in result["failed"]


def test_the_lock_is_held_across_processes_and_freed_when_its_holder_dies(tmp_path):
    """worker.Split's lock: while the child holds it, the parent cannot take a page; the
    child killed while holding it, the parent goes on."""
    code = f"""
import fcntl, os, sys, threading, time, signal
sys.path.insert(0, {str(ROOT / 'plugins')!r})
from bantin import worker
split = worker.Split(10)
read_end, write_end = os.pipe()
pid = os.fork()
if pid == 0:
    fcntl.lockf(split._lock, fcntl.LOCK_EX)
    os.write(write_end, b"x")
    time.sleep(30)
    os._exit(0)
os.read(read_end, 1)
taken = []
thread = threading.Thread(target=lambda: taken.append(split.parent_takes(0)))
thread.start()
thread.join(0.5)
blocked = thread.is_alive()
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
thread.join(5)
print(blocked, taken)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True", "[True]"], result.stderr


def test_each_page_is_taken_by_one_process(tmp_path):
    """worker.Split: the parent takes pages from the front, in order, while the child
    takes them from the back; every page is taken once, the child's after the parent's."""
    code = f"""
import json, os, sys
sys.path.insert(0, {str(ROOT / 'plugins')!r})
from bantin import worker
split = worker.Split(3000)
pid = os.fork()
if pid == 0:
    taken = []
    while (index := split.child_next()) is not None:
        taken.append(index)
    with open({str(tmp_path / 'child.json')!r}, "w") as f:
        json.dump(taken, f)
    os._exit(0)
parent = [i for i in range(3000) if split.parent_takes(i)]
os.waitpid(pid, 0)
print(json.dumps([parent, split.child_taken()]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    parent, child_taken = json.loads(result.stdout)
    child = json.loads((tmp_path / "child.json").read_text())
    assert sorted(parent + child) == list(range(3000))
    assert parent == list(range(len(parent))) and child == list(range(2999, len(parent) - 1, -1))
    assert child_taken == len(child)


def test_the_child_dies_with_its_parent(tmp_path):
    """Killed outright (SIGKILL, out of memory), the parent takes the child with it: no
    process goes on writing pages into a staging folder that is being removed."""
    code = f"""
import os, sys, time
sys.path.insert(0, {str(ROOT / 'plugins')!r})
from bantin import worker
def render(page):
    print(os.getpid(), flush=True)
    time.sleep(60)
job = worker.start(["a"], worker.Split(1), render, lambda: (lambda: []))
time.sleep(60)
"""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())  # the child is rendering its page
    assert os.path.exists(f"/proc/{child}")
    proc.kill()
    proc.wait()
    for _ in range(100):
        try:
            state = Path(f"/proc/{child}/stat").read_text().split(") ")[1].split()[0]
        except OSError:
            break
        if state == "Z":  # dead, waiting for the system to collect it
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the child outlived its parent")
