"""Benchmark: the bulletin against its peer and its floor on the same article bodies, in one run.

Generates N synthetic articles (scripts/corpus.py), then builds, alternating, several
repetitions, medians:
- the peer: the same bodies as posts of Material's blog plugin (date, category) with
  Material's search plugin, what a user would pick instead;
- the floor: the same bodies as plain MkDocs pages (Material, no plugins);
- the bulletin, as `make build` runs it (scripts/build.py): cold (no photo cache, no
  site) once, warm with nothing changed, and after a one-article edit.
Each build is a subprocess: wall time, CPU time (os.wait4: the child and every
descendant it reaped) and the peak resident memory of the whole process tree
(sampled from /proc every 0,1 s, each process by its proportional set size: MkDocs,
Pagefind's process, photo workers, the second rendering process).
The cold build's photos per second are reported beside Pillow's own single-thread
decode+resize rate on the same files.

Usage: python scripts/bench.py [--n 1000] [--reps 3] [--photos 500] [--growth] [--profile]
       make bench N=5000

Writes .cache/bench/latest.json and prints a table, and a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from bantin import pagefind_merge

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
# The record of the last search index merged (bantin/pagefind_merge.ChunkWords): without
# it, a full build has Pagefind index every article again.
MERGED_SEARCH = pagefind_merge.merged_record(Path(pagefind_merge.CHUNK_WORDS))
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
MB = 1024 * 1024


# Running one build -----------------------------------------------------------------------

class TreeMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants (Pagefind's
    process, photo workers, MkDocs under scripts/build.py, the second rendering
    process) every `interval` seconds; `peak_mb` is the largest sum seen. Also keeps
    each process's own high-water mark (VmHWM): their sum is an upper bound the samples
    cannot miss (it counts a fork's shared pages twice).

    Each process is counted by its proportional set size (PSS), not its resident size:
    the second rendering process is a fork of MkDocs' (copy-on-write: the pages neither has
    written are one in memory), and summing resident sizes would count MkDocs' 300 MB
    twice; PSS counts a page shared by n processes as 1/n in each. Reading it costs the
    kernel a walk of the process's pages (1,4 ms for 400 MB): samples every 0,1 s.

    A child that is starting a program (Python's subprocess uses vfork or posix_spawn)
    runs in its parent's memory until the program replaces it: /proc shows it with the
    parent's name, size and resident size. It is not counted: that memory is its
    parent's, already in the sum (seen: the MkDocs process's 340 MB counted twice while
    it started a Pagefind process, 746 MB reported for a build whose peak was 550)."""

    PAGE = os.sysconf("SC_PAGE_SIZE")

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.hwm: dict[tuple[int, str], int] = {}
        self.names: set[str] = set()
        self._halt = threading.Event()

    def tree(self) -> list[tuple[int, int | None]]:
        """(pid, its parent's pid) of the process and its descendants, parents first."""
        found: list[tuple[int, int | None]] = []
        pending: list[tuple[int, int | None]] = [(self.pid, None)]
        while pending:
            pid, parent = pending.pop()
            found.append((pid, parent))
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        pending.extend((int(c), pid) for c in f.read().split())
            except OSError:
                continue
        return found

    def sample(self) -> None:
        total = 0
        seen: dict[int, dict[str, str]] = {}
        for pid, parent in self.tree():
            try:
                with open(f"/proc/{pid}/status") as f:
                    status = dict(line.split(":", 1) for line in f if ":" in line)
            except (OSError, ValueError):
                continue
            seen[pid] = status
            if parent is not None and in_parents_memory(status, seen.get(parent)):
                continue
            # Its proportional share: a page it shares with others (a fork's pages not yet
            # written by either, a library) is counted once over them all.
            total += proportional_kb(pid, int(status.get("VmRSS", "0 kB").split()[0]))
            name = status.get("Name", "?").strip()
            self.names.add(name)
            key = (pid, name)
            self.hwm[key] = max(self.hwm.get(key, 0), int(status.get("VmHWM", "0 kB").split()[0]))
        self.peak = max(self.peak, total)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> dict:
        self._halt.set()
        self.join()
        return {"peak_mb": self.peak / 1024, "hwm_sum_mb": sum(self.hwm.values()) / 1024,
                "processes": sorted(self.names)}


def proportional_kb(pid: int, otherwise: int) -> int:
    """The process's proportional set size (/proc/PID/smaps_rollup: its private pages,
    and each page it shares with n processes as 1/n); `otherwise` when it cannot be
    read. Summed over a tree, each resident page is counted once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return otherwise


def in_parents_memory(child: dict[str, str], parent: dict[str, str] | None) -> bool:
    """The child (its /proc status) is still its parent's memory: started by vfork or
    posix_spawn and not yet replaced by its program (one memory shown twice), or just
    forked (copy-on-write: the same pages until one side writes). Same name and size,
    and a resident size within 1 % of the parent's (the two are read a moment apart)."""
    if parent is None or child.get("Name", "").strip() != parent.get("Name", "").strip():
        return False
    try:
        size, parent_size = (int(s.get("VmSize", "").split()[0]) for s in (child, parent))
        rss, parent_rss = (int(s.get("VmRSS", "").split()[0]) for s in (child, parent))
    except (IndexError, ValueError):
        return False
    return size == parent_size and abs(rss - parent_rss) <= parent_rss / 100


def run(command: list[str], cwd: Path, log: Path) -> dict:
    """Run `command` to the end: wall time, CPU time (the child and every descendant it
    waited for) and the peak resident memory of the whole process tree."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(proc.pid)
        sampler.start()
        # wait4: the CPU time of this child and the descendants it reaped.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    memory = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    result = {"wall": wall, "cpu": cpu, "cores_busy": cpu / wall if wall else 0.0,
              "rss_mb": memory["peak_mb"], "hwm_sum_mb": memory["hwm_sum_mb"],
              "processes": memory["processes"], "rc": proc.returncode}
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"build failed ({' '.join(map(str, command))} in {cwd}):\n{tail}")
    return result


def photo_stage(log: str) -> dict | None:
    """The photo stage's summary line of a build's log ("ảnh: đã làm 50 ảnh trong 12,7 giây
    (3,9 ảnh/giây, 1,9 lõi CPU bận), …"): photos, seconds, rate, cores busy."""
    found = re.search(r"ảnh: đã làm (\d+) ảnh trong ([\d.,]+) giây \(([\d.,]+) ảnh/giây, ([\d.,]+) lõi CPU bận\)",
                      log)
    if not found:
        return None
    from bantin.fields import parse_number  # Vietnamese figures, as articles write them

    def figure(text: str) -> float:
        return float(parse_number(text, text, whole=False)[0])

    return {"photos": int(found[1]), "seconds": figure(found[2]), "per_s": figure(found[3]),
            "cores_busy": figure(found[4])}


def build(project: Path, log: Path, *, bulletin: bool = False, full: bool = False) -> dict:
    """One build as its user runs it: the bulletin through `make build`'s script
    (staging folder, atomic swap; incremental, or every page with `full` as
    `make build FULL=1`), the others with `mkdocs build`."""
    cache = project / ".cache" / "bantin" / "photos"
    start_ns = time.time_ns()
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), "--project", str(project),
               *(["--full"] if full else [])] if bulletin else [sys.executable, "-m", "mkdocs", "build"]
    result = run(command, project, log)
    # Files the build wrote into the project's photo cache (encodes).
    result["cache_writes"] = sum(1 for p in cache.rglob("*") if p.is_file() and p.stat().st_mtime_ns >= start_ns) \
        if cache.is_dir() else 0
    result["log"] = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                     if re.search(r"photo|ảnh|encod|resiz", line, re.I)][:10]
    return result


def edit_article(project: Path, sample: dict, token: str) -> None:
    """A one-article body edit, as an editor makes it: a paragraph added at the end."""
    path = project / sample["path"]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nĐoạn sửa BENCH\d+\.\n$", "\n", text)
    path.write_text(text.rstrip("\n") + f"\n\nĐoạn sửa {token}.\n", encoding="utf-8")


def pillow_rate(photos_dir: Path, files: list[str], widths: tuple[int, ...] = (1600, 960, 480)) -> dict:
    """Pillow alone, one thread: decode each photo and resize it to the bulletin's
    variant widths (JPEG draft mode, then LANCZOS, as bantin/imaging.py does), no
    encoding. The yardstick for the cold build's photos per second."""
    from PIL import Image

    start = time.perf_counter()
    for name in files:
        with Image.open(photos_dir / name) as image:
            width, height = image.size
            image.draft("RGB", (min(widths[0], width), min(widths[0], width) * height // width))
            image = image.convert("RGB")
            for w in widths:
                w = min(w, width)
                image = image.resize((w, max(1, round(height * w / width))), Image.Resampling.LANCZOS,
                                     reducing_gap=3.0)
    elapsed = time.perf_counter() - start
    return {"photos": len(files), "seconds": elapsed, "per_s": len(files) / elapsed if elapsed else None}


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files), "html_pages": len(html),
            "html_bytes": sum(p.stat().st_size for p in html)}


def search_bytes(site: Path) -> dict | None:
    """What one search query downloads, when the site has a search index.

    Pagefind: its loader, entry file, WebAssembly, metadata, one index chunk (the
    median) and the fragments of the first five results (median size each). An
    approximation: which chunk a query hits depends on the word.
    """
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        def sizes(pattern: str) -> list[int]:
            return sorted(p.stat().st_size for p in pagefind.glob(pattern) if p.is_file())
        fixed = sum(sizes("pagefind.js") + sizes("pagefind-entry.json") + sizes("wasm.*")[:1] + sizes("*.pf_meta"))
        chunks, fragments = sizes("index/*"), sizes("fragment/*")
        chunk = int(statistics.median(chunks)) if chunks else 0
        fragment = int(statistics.median(fragments)) if fragments else 0
        total = sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file())
        return {"engine": "pagefind", "query_bytes": fixed + chunk + 5 * fragment, "fixed_bytes": fixed,
                "index_chunks": len(chunks), "median_chunk_bytes": chunk, "fragments": len(fragments),
                "median_fragment_bytes": fragment, "index_total_bytes": total}
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        size = lunr.stat().st_size
        return {"engine": "mkdocs-search", "query_bytes": size, "index_total_bytes": size}
    return None


# Readers' queries: names, places, awards, common phrases, with and without diacritics.
QUERIES = ["doi", "Ninh Kiều", "ninh kieu", "ky niem chuong", "Kỷ niệm chương", "nguyen van thuy",
           "Nguyễn Văn Thủy", "bao ve an ninh", "bảo vệ an ninh", "ngay hoi", "Ngày hội", "huan chuong",
           "bang khen", "cong an xa", "Điện Bàn", "dien ban", "Lâm Đồng", "tran thi lan", "camera an ninh",
           "ngay hoi toan dan bao ve an ninh to quoc"]


def browser_search_bytes(site: Path, queries: list[str] = QUERIES) -> dict | None:
    """Bytes of Pagefind files that Chromium fetches for each query on the search page
    (a fresh page each time: loader, WebAssembly, metadata, index chunks, the fragments
    of the first results), as tests/browser.py measures them; None without Chromium."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from browser import CHROMIUM, CHROMIUM_ARGS, StaticServer, chromium_available, search_bytes as fetched
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium_available() or not (site / "pagefind").is_dir():
        return None
    from urllib.parse import quote

    per_query: dict[str, int] = {}
    with StaticServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context(locale="vi-VN")
            per_query[query] = fetched(context.new_page(), server.origin, quote(query))[0]
            context.close()
        browser.close()
    values = list(per_query.values())
    index = site / "pagefind" / "index"
    return {"queries": per_query, "max_bytes": max(values), "median_bytes": int(statistics.median(values)),
            "index_chunks": len(list(index.glob("*.pf_index"))),
            "largest_chunk_bytes": max((p.stat().st_size for p in index.glob("*.pf_index")), default=0)}


# `mkdocs serve`: time from saving an article to the served page showing the edit ----------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(urls: list[str], token: str, timeout: float) -> float | None:
    start = time.perf_counter()
    pending = list(urls)
    while pending and time.perf_counter() - start < timeout:
        page = fetch(pending[0])
        if page is not None and token in page:
            pending.pop(0)
            continue
        time.sleep(0.05)
    return None if pending else time.perf_counter() - start


def serve_rebuild(project: Path, sample: dict, log: Path, timeout: float = 120, dirty: bool = False) -> dict:
    """Start `mkdocs serve` (`--dirty`: re-render only changed pages), edit one article
    twice (body, then title), time until the edit shows."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    path = project / sample["path"]
    original = path.read_bytes()
    result: dict = {"article": sample["url"]}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                 *(["--dirty"] if dirty else [])],
                                cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        start = time.perf_counter()
        while fetch(base + "/") is None:
            if proc.poll() is not None or time.perf_counter() - start > 1800:
                raise SystemExit("mkdocs serve did not start:\n" + log.read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        result["first_build_s"] = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher take its first snapshot
        text = original.decode("utf-8")
        token = f"BENCH{time.time_ns()}"
        path.write_text(text.rstrip("\n") + f"\n\nĐoạn sửa {token}.\n", encoding="utf-8")
        result["body_edit_s"] = wait_for([base + sample["url"]], token, timeout)
        time.sleep(1.0)
        token = f"TITLE{time.time_ns()}"
        # Keep the URL: without `slug:` a new title would move the article.
        slug = sample["url"].rstrip("/").rsplit("/", 1)[1]
        title = str(yaml.safe_load(re.search(r"^title: .*$", text, re.M).group(0))["title"])
        edited = re.sub(r"^title: (.*)$", lambda m: "title: " + json.dumps(f"{title} {token}", ensure_ascii=False)
                        + ("" if re.search(r"^slug:", text, re.M) else f"\nslug: {slug}"),
                        text, count=1, flags=re.M)
        path.write_text(edited, encoding="utf-8")
        # A new title must show on the article, the home page and its year's list.
        result["title_edit_s"] = wait_for([base + sample["url"], base + "/", base + sample["year_url"]],
                                          token, timeout)
    finally:
        path.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return result


# One corpus size ---------------------------------------------------------------------------

def bench_size(n: int, args: argparse.Namespace, *, serve: bool, profile: bool) -> dict:
    work = Path(args.work) / f"n{n}"
    logs = work / "logs"
    pool = CACHE / "photos" / f"{args.photos}-{args.photo_size}-s{args.seed}"
    width, height = (int(x) for x in args.photo_size.lower().split("x"))
    print(f"\n== N = {n}: generating corpus in {work}", file=sys.stderr)
    t0 = time.perf_counter()
    summary = corpus.generate(work, n, seed=args.seed, photo_pool=pool, photo_count=args.photos,
                              photo_size=(width, height))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"   {summary['words']} words, {summary['awards']} awards, {summary['stats']} figures, "
          f"{summary['photos']} photos ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    bulletin, plain, blog = work / "bulletin", work / "plain", work / "blog"
    result: dict = {"n": n, "corpus": {k: v for k, v in summary.items() if k != "sample"}}

    check = run([sys.executable, "-m", "bantin.check"], bulletin, logs / "check.log")
    result["check_s"] = check["wall"]

    # Cold: no photo cache and no previous site at all.
    for folder in (".cache", "site"):
        shutil.rmtree(bulletin / folder, ignore_errors=True)
    print("   cold bulletin build (empty photo cache) ...", file=sys.stderr)
    cold = build(bulletin, logs / "cold.log", bulletin=True)
    result["cold"] = cold
    print(f"   cold     {cold['wall']:7.2f} s wall {cold['cpu']:7.2f} s cpu {cold['rss_mb']:6.0f} MB", file=sys.stderr)

    # One run, alternating: each repetition rotates the order. "bulletin" is a full
    # warm build (`make build FULL=1`: every page rendered, photo cache warm); "edit" is
    # `make build` after a one-article edit (a new paragraph each time: incremental);
    # "nochange" is `make build` with nothing changed since the previous bulletin build;
    # "reindex" is "bulletin" with the search index made again by Pagefind from every
    # article (its record of the last merged index deleted first): what a full build
    # costs when the articles changed, e.g. after a change of article.html.
    kinds = ["plain", "blog", "bulletin", "edit", "nochange", "reindex"]
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    projects = {"plain": plain, "blog": blog, "bulletin": bulletin, "edit": bulletin, "nochange": bulletin,
                "reindex": bulletin}
    sample = summary["sample"]
    original = (bulletin / sample["path"]).read_bytes()
    try:
        for rep in range(args.reps):
            order = kinds[rep % len(kinds):] + kinds[:rep % len(kinds)]
            for kind in order:
                token = f"BENCH{time.time_ns()}"
                if kind == "edit":
                    edit_article(bulletin, sample, token)
                if kind == "reindex":
                    (bulletin / MERGED_SEARCH).unlink(missing_ok=True)
                runs[kind].append(build(projects[kind], logs / f"{kind}-{rep}.log",
                                        bulletin=projects[kind] == bulletin, full=kind in ("bulletin", "reindex")))
                if kind == "edit":
                    page = bulletin / "site" / sample["url"].strip("/") / "index.html"
                    if token not in page.read_text(encoding="utf-8"):
                        raise SystemExit(f"the edit did not reach {page}")
                    said = (logs / f"{kind}-{rep}.log").read_text(encoding="utf-8", errors="replace")
                    counts = re.search(r"Đã dựng (\d+) trang", said)
                    runs[kind][-1]["rendered"] = int(counts.group(1)) if counts else None
                    runs[kind][-1]["index_rebuilt"] = "lập lại từ đầu" in said
                if kind == "nochange":
                    said = (logs / f"{kind}-{rep}.log").read_text(encoding="utf-8", errors="replace")
                    runs[kind][-1]["skipped"] = "Không có gì thay đổi" in said
                last = runs[kind][-1]
                print(f"   rep {rep + 1}/{args.reps} {kind:8} {last['wall']:7.2f} s wall {last['cpu']:7.2f} s cpu "
                      f"{last['rss_mb']:6.0f} MB", file=sys.stderr)
    finally:
        (bulletin / sample["path"]).write_bytes(original)
    for kind, items in runs.items():
        result[kind] = {"wall": statistics.median(r["wall"] for r in items),
                        "cpu": statistics.median(r["cpu"] for r in items),
                        "cores_busy": statistics.median(r["cores_busy"] for r in items),
                        "rss_mb": max(r["rss_mb"] for r in items),
                        "hwm_sum_mb": max(r["hwm_sum_mb"] for r in items),
                        "processes": sorted({p for r in items for p in r["processes"]}),
                        "walls": [round(r["wall"], 3) for r in items],
                        "site": site_stats(projects[kind] / "site")}
    result["bulletin"]["warm_cache_writes"] = max(r["cache_writes"] for r in runs["bulletin"])
    result["bulletin"]["warm_log"] = runs["bulletin"][-1]["log"]
    result["edit"]["rendered"] = [r.get("rendered") for r in runs["edit"]]
    result["edit"]["index_rebuilt"] = any(r.get("index_rebuilt") for r in runs["edit"])
    result["nochange"]["skipped"] = all(r.get("skipped") for r in runs["nochange"])
    for kind in ("bulletin", "reindex", "edit", "blog"):
        result[f"{kind}_to_plain"] = result[kind]["wall"] / result["plain"]["wall"]
    result["bulletin_to_blog"] = result["bulletin"]["wall"] / result["blog"]["wall"]
    result["reindex_to_blog"] = result["reindex"]["wall"] / result["blog"]["wall"]
    result["ratio_wall"] = result["bulletin_to_plain"]
    result["ratio_cpu"] = result["bulletin"]["cpu"] / result["plain"]["cpu"]
    extra = cold["wall"] - result["bulletin"]["wall"]
    used = sorted(_photo_refs(bulletin))
    result["photos_used"] = len(used)
    encodes = cold["cache_writes"] - result["bulletin"]["warm_cache_writes"]
    result["cold_extra_s"] = extra
    result["photos_per_s_cold"] = (result["photos_used"] / extra) if extra > 0.05 and encodes > 0 else None
    # The photo stage itself, as the plugin reports it: its rate and the cores it kept busy
    # (the cold build's extra time above also holds reading every article afresh).
    result["photo_stage"] = photo_stage((logs / "cold.log").read_text(encoding="utf-8", errors="replace"))
    print("   Pillow alone, one thread: decode and resize the same photos ...", file=sys.stderr)
    result["pillow"] = pillow_rate(bulletin / "photos", used) if used else None
    result["search"] = search_bytes(bulletin / "site")
    print("   search: bytes per query in Chromium ...", file=sys.stderr)
    result["search_browser"] = browser_search_bytes(bulletin / "site")
    if serve:
        print("   mkdocs serve: editing one article ...", file=sys.stderr)
        result["serve"] = serve_rebuild(bulletin, summary["sample"], logs / "serve.log")
        print("   mkdocs serve --dirty: editing one article ...", file=sys.stderr)
        result["serve_dirty"] = serve_rebuild(bulletin, summary["sample"], logs / "serve-dirty.log", dirty=True)
    if profile:
        result["profile"] = profile_build(bulletin, work / "profile.prof")
    return result


def _photo_refs(project: Path) -> set[str]:
    refs = set()
    for path in (project / "articles").rglob("*.md"):
        refs.update(re.findall(r"^\s*- file: (\S+)$", path.read_text(encoding="utf-8"), re.M))
    return refs


def profile_build(project: Path, out: Path, top: int = 25) -> dict:
    """One bulletin build under cProfile: where the time goes, ours and MkDocs/Material's."""
    import pstats

    print("   profiling one bulletin build ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "-q"],
                   cwd=project, env=ENV, check=True)
    stats = pstats.Stats(str(out))
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"where": f"{_short(file)}:{line}({func})", "calls": nc, "self_s": tt, "cum_s": ct,
                     "ours": "/bantin/" in file})
    total = max(r["cum_s"] for r in rows)
    ours = sorted((r for r in rows if r["ours"]), key=lambda r: -r["cum_s"])[:top]
    self_time = sorted(rows, key=lambda r: -r["self_s"])[:top]
    return {"total_s": total, "file": str(out), "ours_by_cum": ours, "all_by_self": self_time}


def _short(file: str) -> str:
    for marker in ("site-packages/", "/plugins/", "/lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# Reporting ---------------------------------------------------------------------------------

def fmt_s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def rows(results: list[dict]) -> list[tuple[str, ...]]:
    table = [("N articles", *[str(r["n"]) for r in results])]
    add = table.append
    add(("bulletin, full warm build, `make build FULL=1` (median wall)",
         *[fmt_s(r["bulletin"]["wall"]) for r in results]))
    add(("bulletin, full warm build, search index made again from every article (median wall)",
         *[fmt_s(r["reindex"]["wall"]) if "reindex" in r else "–" for r in results]))
    add(("  its ratios: ÷ plain / ÷ blog, wall; CPU time; peak memory of the tree",
         *[f"{r['reindex_to_plain']:.2f}× / {r['reindex_to_blog']:.2f}×; {r['reindex']['cpu']:.1f} s; "
           f"{r['reindex']['rss_mb']:.0f} MB" if "reindex" in r else "–" for r in results]))
    add(("bulletin, `make build` after a one-article edit (target ≤ 10 s at 5,000)",
         *[fmt_s(r["edit"]["wall"]) for r in results]))
    add(("  pages rendered by the edit build; search index made again from scratch?",
         *[f"{r['edit'].get('rendered')}; {'yes' if r['edit'].get('index_rebuilt') else 'no'}" for r in results]))
    add(("bulletin, `make build` with nothing changed (target ≤ 5 s at 5,000)",
         *[fmt_s(r["nochange"]["wall"]) + (" (nothing built)" if r["nochange"].get("skipped") else "")
           for r in results]))
    add(("peak memory, whole tree: edit / nothing changed",
         *[f"{r['edit']['rss_mb']:.0f} / {r['nochange']['rss_mb']:.0f} MB" for r in results]))
    add(("peer: Material blog + search (median wall)", *[fmt_s(r["blog"]["wall"]) for r in results]))
    add(("floor: plain MkDocs + Material (median wall)", *[fmt_s(r["plain"]["wall"]) for r in results]))
    add(("best wall of the repetitions: bulletin / edit / blog / plain (shared machine: least disturbed)",
         *[" / ".join(f"{min(r[k]['walls']):.1f}" for k in ("bulletin", "edit", "blog", "plain")) + " s"
           for r in results]))
    add(("bulletin ÷ plain, wall (target ≤ 1,3×)", *[f"{r['bulletin_to_plain']:.2f}×" for r in results]))
    add(("bulletin ÷ blog, wall (target ≤ 0,5×)", *[f"{r['bulletin_to_blog']:.2f}×" for r in results]))
    add(("blog ÷ plain, wall", *[f"{r['blog_to_plain']:.2f}×" for r in results]))
    add(("CPU time bulletin / edit / blog / plain", *[" / ".join(f"{r[k]['cpu']:.1f}" for k in
                                                              ("bulletin", "edit", "blog", "plain")) + " s"
                                                    for r in results]))
    add(("bulletin ÷ plain, CPU time", *[f"{r['ratio_cpu']:.2f}×" for r in results]))
    add(("bulletin ÷ blog, CPU time", *[f"{r['bulletin']['cpu'] / r['blog']['cpu']:.2f}×" for r in results]))
    add(("CPU ÷ wall (cores busy): bulletin / blog / plain",
         *[f"{r['bulletin']['cores_busy']:.2f} / {r['blog']['cores_busy']:.2f} / {r['plain']['cores_busy']:.2f}"
           for r in results]))
    add(("peak memory, whole process tree: bulletin / blog / plain (target < 600 MB)",
         *[f"{r['bulletin']['rss_mb']:.0f} / {r['blog']['rss_mb']:.0f} / {r['plain']['rss_mb']:.0f} MB"
           for r in results]))
    add(("site size bulletin / blog / plain", *[f"{r['bulletin']['site']['bytes'] / MB:.0f} / "
                                                f"{r['blog']['site']['bytes'] / MB:.0f} / "
                                                f"{r['plain']['site']['bytes'] / MB:.0f} MB" for r in results]))
    add(("HTML pages bulletin / blog / plain", *[f"{r['bulletin']['site']['html_pages']} / "
                                                 f"{r['blog']['site']['html_pages']} / "
                                                 f"{r['plain']['site']['html_pages']}" for r in results]))
    add(("per article, bulletin / blog / plain", *[f"{1000 * r['bulletin']['wall'] / r['n']:.1f} / "
                                                   f"{1000 * r['blog']['wall'] / r['n']:.1f} / "
                                                   f"{1000 * r['plain']['wall'] / r['n']:.1f} ms" for r in results]))
    add(("cold build (empty photo cache)", *[fmt_s(r["cold"]["wall"]) for r in results]))
    add(("cold: CPU ÷ wall (cores busy)", *[f"{r['cold']['cores_busy']:.2f}" for r in results]))
    add(("photos used; per second cold (extra time of the cold build); Pillow alone, one thread, decode+resize",
         *[f"{r['photos_used']}; " + (f"{r['photos_per_s_cold']:.1f}/s" if r["photos_per_s_cold"]
                                      else "no photo cache")
           + (f"; {r['pillow']['per_s']:.1f}/s" if r.get("pillow") else "") for r in results]))
    add(("photo stage of the cold build: photos per second; cores busy (the build's workers and itself)",
         *[f"{r['photo_stage']['per_s']:.1f}/s; {r['photo_stage']['cores_busy']:.2f}" if r.get("photo_stage")
           else "not reported" for r in results]))
    add(("warm rebuild: files written to the photo cache",
         *[str(r["bulletin"]["warm_cache_writes"]) for r in results]))
    add(("search bytes for one query (estimate from file sizes)",
         *[f"{r['search']['query_bytes'] / 1024:.0f} KB ({r['search']['engine']})"
           if r["search"] else "no search index" for r in results]))
    add((f"search, one query in Chromium: max / median ({len(QUERIES)} queries)",
         *[f"{r['search_browser']['max_bytes'] / 1024:.0f} / {r['search_browser']['median_bytes'] / 1024:.0f} KB"
           if r.get("search_browser") else "–" for r in results]))
    add(("`make check`", *[fmt_s(r["check_s"]) for r in results]))
    add(("mkdocs serve (every page): first build", *[fmt_s(r["serve"]["first_build_s"]) if r.get("serve") else "–"
                                 for r in results]))
    add(("mkdocs serve (every page): body edit shown",
         *[fmt_s(r["serve"]["body_edit_s"]) if r.get("serve") else "–" for r in results]))
    add(("mkdocs serve (every page): title edit on article, home, year list",
         *[fmt_s(r["serve"]["title_edit_s"]) if r.get("serve") else "–" for r in results]))
    add(("`make serve` (--dirty): body edit / title edit shown (target < 1 s at 1,000)",
         *[f"{fmt_s(r['serve_dirty']['body_edit_s'])} / {fmt_s(r['serve_dirty']['title_edit_s'])}"
           if r.get("serve_dirty") else "–" for r in results]))
    return table


def text_table(table: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(table: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
    lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bulletin vs Material's blog and plain MkDocs benchmark.")
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--reps", type=int, default=3, help="alternating repetitions (default 3)")
    parser.add_argument("--photos", type=int, default=500, help="photos in the shared pool (default 500)")
    parser.add_argument("--photo-size", default="3000x2000", help="photo size (default 3000x2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--growth", action="store_true", help="also run at N/5 and compare per-article cost")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` edit test")
    parser.add_argument("--serve-at", type=int, default=None,
                        help="with --growth, the size at which `mkdocs serve` is timed (default N; "
                             "issue 15's target is at 1,000)")
    parser.add_argument("--profile", action="store_true", help="also profile one bulletin build (cProfile)")
    parser.add_argument("--work", default=str(CACHE / "work"), help="where corpora and sites are written")
    parser.add_argument("--json", default=str(CACHE / "latest.json"), help="where the results are written")
    parser.add_argument("--editor-only", action="store_true",
                        help="only the form editor (make edit, Decap CMS) in Chromium: list, open, freeze")
    args = parser.parse_args(argv)
    if args.editor_only:
        return editor_only(args, argv)

    sizes = [args.n // 5, args.n] if args.growth else [args.n]
    serve_at = args.serve_at if args.serve_at in sizes else args.n
    results = [bench_size(n, args, serve=not args.no_serve and n == serve_at, profile=args.profile and n == args.n)
               for n in sizes]
    report: dict = {
        "when": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": "python scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_avg": os.getloadavg()},
        "reps": args.reps, "results": results,
    }
    if args.growth:
        small, large = results
        report["growth"] = {
            kind: {"time_ratio": large[kind]["wall"] / small[kind]["wall"], "n_ratio": large["n"] / small["n"],
                   "marginal_ms_per_article": 1000 * (large[kind]["wall"] - small[kind]["wall"])
                   / (large["n"] - small["n"])}
            for kind in ("bulletin", "blog", "plain")}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")

    table = rows(results)
    print()
    print(text_table(table))
    if args.growth:
        for kind, g in report["growth"].items():
            print(f"growth {kind}: ×{g['time_ratio']:.2f} time for ×{g['n_ratio']:.0f} articles; "
                  f"{g['marginal_ms_per_article']:.1f} ms per extra article")
    for r in results:
        if r.get("search_browser"):
            print(f"\nsearch bytes per query at N={r['n']} (Chromium, everything under /pagefind/):")
            for query, size in r["search_browser"]["queries"].items():
                print(f"  {size / 1024:6.0f} KB  {query}")
    for r in results:
        if r.get("profile"):
            print(f"\nprofile (N={r['n']}, {r['profile']['total_s']:.1f} s under cProfile), bantin by cumulative:")
            for row in r["profile"]["ours_by_cum"][:15]:
                print(f"  {row['cum_s']:7.2f} s cum {row['self_s']:6.2f} s self {row['calls']:8d}×  {row['where']}")
            print("all code by self time:")
            for row in r["profile"]["all_by_self"][:15]:
                print(f"  {row['self_s']:7.2f} s self {row['calls']:8d}×  {row['where']}")
    print(f"\nMarkdown for the README ({report['command'].replace('python scripts/bench.py', 'make bench')}, "
          f"{os.cpu_count()} cores, load {report['machine']['load_avg'][0]:.1f}):\n")
    print(markdown_table(table))
    print(f"\nFull results: {args.json}")
    return 0


def editor_only(args: argparse.Namespace, argv: list[str] | None) -> int:
    """`--editor-only`: Decap CMS at N articles (scripts/bench_editor.py); own JSON and table."""
    import bench_editor

    work = Path(args.work) / f"editor-n{args.n}"
    width, height = (int(x) for x in args.photo_size.lower().split("x"))
    print(f"\n== N = {args.n}: generating corpus in {work}", file=sys.stderr)
    corpus.generate(work, args.n, seed=args.seed,
                    photo_pool=CACHE / "photos" / f"{args.photos}-{args.photo_size}-s{args.seed}",
                    photo_count=args.photos, photo_size=(width, height), plain=False)
    print("   make edit + Chromium ...", file=sys.stderr)
    result = bench_editor.measure(work / "bulletin", work / "edit.log", reps=args.reps)
    report = {"when": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
              "command": "python scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg()}, "editor": result}
    out = Path(args.json).with_name("editor.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    table = [("N articles", str(args.n)), *bench_editor.rows(result)[1:]]
    print()
    print(text_table(table))
    print("\n" + markdown_table(table))
    print(f"\nFull results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
