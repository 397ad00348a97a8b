"""Benchmark: the bulletin against plain MkDocs on the same article bodies, in one run.

Generates N synthetic articles (scripts/corpus.py), then builds them as the bulletin
(the project's mkdocs.yml with the bantin plugin) and as plain MkDocs pages (Material,
no plugins, a one-page nav), alternating, several repetitions, and reports medians.
Each build is a subprocess (`python -m mkdocs build`): wall time, CPU time (os.wait4,
that one child) and peak memory (the child's own VmHWM).

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
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
MB = 1024 * 1024


# Running one build -----------------------------------------------------------------------

# Runs a Python module and, at exit, writes its peak resident memory (VmHWM, kB).
# Not ru_maxrss: Linux carries the parent's RSS at fork into the child's ru_maxrss,
# so a child of a big parent would report the parent's size.
PEAK = """
import atexit, os, runpy, sys
def peak():
    with open("/proc/self/status") as f:
        kb = next((l.split()[1] for l in f if l.startswith("VmHWM:")), "")
    with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
        out.write(kb)
atexit.register(peak)
module = sys.argv[1]
sys.argv = [module] + sys.argv[2:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def run(command: list[str], cwd: Path, log: Path) -> dict:
    """Run `python -m module args` to the end; its wall time, CPU time and peak memory."""
    assert command[:2] == [sys.executable, "-m"]
    peak_file = log.with_suffix(".peak")
    peak_file.unlink(missing_ok=True)
    wrapped = [sys.executable, "-c", PEAK, *command[2:]]
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, cwd=cwd, env=dict(ENV, BENCH_PEAK_FILE=str(peak_file)),
                                stdout=out, stderr=subprocess.STDOUT)
        # wait4: the CPU time of this child alone.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = peak_file.read_text().strip() if peak_file.is_file() else ""
    result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
              "rss_mb": int(peak) / 1024 if peak else usage.ru_maxrss / 1024, "rc": proc.returncode}
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"build failed ({' '.join(command)} in {cwd}):\n{tail}")
    return result


def build(project: Path, log: Path) -> dict:
    cache = project / ".cache"
    start_ns = time.time_ns()
    result = run([sys.executable, "-m", "mkdocs", "build"], project, log)
    # Files the build wrote into the project's caches (photo encodes and the like).
    result["cache_writes"] = sum(1 for p in cache.rglob("*") if p.is_file() and p.stat().st_mtime_ns >= start_ns) \
        if cache.is_dir() else 0
    result["log"] = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                     if re.search(r"photo|ảnh|encod|resiz", line, re.I)][:10]
    return result


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
    bulletin, plain = work / "bulletin", work / "plain"
    result: dict = {"n": n, "corpus": {k: v for k, v in summary.items() if k != "sample"}}

    check = run([sys.executable, "-m", "bantin.check"], bulletin, logs / "check.log")
    result["check_s"] = check["wall"]

    # Cold: no photo cache at all. Photos per second counts what the cold build wrote
    # into the project's cache beyond what a warm build writes.
    shutil.rmtree(bulletin / ".cache", ignore_errors=True)
    print("   cold bulletin build (empty photo cache) ...", file=sys.stderr)
    cold = build(bulletin, logs / "cold.log")
    result["cold"] = cold

    runs: dict[str, list[dict]] = {"bulletin": [], "plain": []}
    for rep in range(args.reps):
        order = ["plain", "bulletin"] if rep % 2 == 0 else ["bulletin", "plain"]
        for kind in order:
            project = bulletin if kind == "bulletin" else plain
            runs[kind].append(build(project, logs / f"{kind}-{rep}.log"))
            last = runs[kind][-1]
            print(f"   rep {rep + 1}/{args.reps} {kind:8} {last['wall']:7.2f} s wall {last['cpu']:7.2f} s cpu "
                  f"{last['rss_mb']:6.0f} MB", file=sys.stderr)
    for kind, items in runs.items():
        result[kind] = {"wall": statistics.median(r["wall"] for r in items),
                        "cpu": statistics.median(r["cpu"] for r in items),
                        "rss_mb": max(r["rss_mb"] for r in items),
                        "walls": [round(r["wall"], 3) for r in items],
                        "site": site_stats((bulletin if kind == "bulletin" else plain) / "site")}
    result["bulletin"]["warm_cache_writes"] = max(r["cache_writes"] for r in runs["bulletin"])
    result["bulletin"]["warm_log"] = runs["bulletin"][-1]["log"]
    result["ratio_wall"] = result["bulletin"]["wall"] / result["plain"]["wall"]
    result["ratio_cpu"] = result["bulletin"]["cpu"] / result["plain"]["cpu"]
    extra = cold["wall"] - result["bulletin"]["wall"]
    result["photos_used"] = len({line for line in _photo_refs(bulletin)})
    encodes = cold["cache_writes"] - result["bulletin"]["warm_cache_writes"]
    result["cold_extra_s"] = extra
    result["photos_per_s_cold"] = (result["photos_used"] / extra) if extra > 0.05 and encodes > 0 else None
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
    add(("bulletin build (median wall)", *[fmt_s(r["bulletin"]["wall"]) for r in results]))
    add(("plain MkDocs build (median wall)", *[fmt_s(r["plain"]["wall"]) for r in results]))
    add(("ratio, wall (target ≤ 1.3×)", *[f"{r['ratio_wall']:.2f}×" for r in results]))
    add(("ratio, CPU time", *[f"{r['ratio_cpu']:.2f}×" for r in results]))
    add(("peak memory bulletin / plain (target < 600 MB)",
         *[f"{r['bulletin']['rss_mb']:.0f} / {r['plain']['rss_mb']:.0f} MB" for r in results]))
    add(("site size bulletin / plain", *[f"{r['bulletin']['site']['bytes'] / MB:.0f} / "
                                         f"{r['plain']['site']['bytes'] / MB:.0f} MB" for r in results]))
    add(("HTML pages bulletin / plain", *[f"{r['bulletin']['site']['html_pages']} / "
                                          f"{r['plain']['site']['html_pages']}" for r in results]))
    add(("per article, bulletin / plain", *[f"{1000 * r['bulletin']['wall'] / r['n']:.1f} / "
                                            f"{1000 * r['plain']['wall'] / r['n']:.1f} ms" for r in results]))
    add(("cold build (empty photo cache)", *[fmt_s(r["cold"]["wall"]) for r in results]))
    add(("photos used; per second cold", *[f"{r['photos_used']}; " + (f"{r['photos_per_s_cold']:.1f}/s"
                                             if r["photos_per_s_cold"] else "no photo cache")
                                           for r in results]))
    add(("warm rebuild: cache files written", *[str(r["bulletin"]["warm_cache_writes"]) for r in results]))
    add(("search bytes for one query (estimate from file sizes)",
         *[f"{r['search']['query_bytes'] / 1024:.0f} KB ({r['search']['engine']})"
           if r["search"] else "no search index" for r in results]))
    add((f"search, one query in Chromium: max / median ({len(QUERIES)} queries)",
         *[f"{r['search_browser']['max_bytes'] / 1024:.0f} / {r['search_browser']['median_bytes'] / 1024:.0f} KB"
           if r.get("search_browser") else "–" for r in results]))
    add(("`make check`", *[fmt_s(r["check_s"]) for r in results]))
    add(("serve: first build", *[fmt_s(r["serve"]["first_build_s"]) if r.get("serve") else "–"
                                 for r in results]))
    add(("serve: body edit shown (target < 2 s at 1,000)",
         *[fmt_s(r["serve"]["body_edit_s"]) if r.get("serve") else "–" for r in results]))
    add(("serve: title edit on article, home, year list",
         *[fmt_s(r["serve"]["title_edit_s"]) if r.get("serve") else "–" for r in results]))
    add(("serve --dirty: body edit / title edit",
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
    parser = argparse.ArgumentParser(description="Bulletin vs plain MkDocs benchmark.")
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--reps", type=int, default=3, help="alternating repetitions (default 3)")
    parser.add_argument("--photos", type=int, default=500, help="photos in the shared pool (default 500)")
    parser.add_argument("--photo-size", default="3000x2000", help="photo size (default 3000x2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--growth", action="store_true", help="also run at N/5 and compare per-article cost")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` edit test")
    parser.add_argument("--profile", action="store_true", help="also profile one bulletin build (cProfile)")
    parser.add_argument("--work", default=str(CACHE / "work"), help="where corpora and sites are written")
    parser.add_argument("--json", default=str(CACHE / "latest.json"), help="where the results are written")
    parser.add_argument("--editor-only", action="store_true",
                        help="only the form editor (make edit, Decap CMS) in Chromium: list, open, freeze")
    args = parser.parse_args(argv)
    if args.editor_only:
        return editor_only(args, argv)

    sizes = [args.n // 5, args.n] if args.growth else [args.n]
    results = [bench_size(n, args, serve=not args.no_serve and n == args.n, profile=args.profile and n == args.n)
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
            for kind in ("bulletin", "plain")}
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
    corpus.generate(work, args.n, seed=args.seed, photo_pool=CACHE / "photos" / f"{args.photos}-{args.photo_size}-s{args.seed}",
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
