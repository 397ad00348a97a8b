"""Measure pagefind_merge.update against a full Pagefind run on a built site.

Usage: python scripts/bench_pagefind_merge.py SITE [--scenario edit|add|remove|all] [--parts 1000,500]

SITE is a built bulletin site (e.g. a `scripts/corpus.py` project built with `make
build`): its pagefind/ bundle and its article pages. For each scenario the script
derives a new page set from the site's own pages (edit: one article's lead changed in
the middle of the order; add: a copy of an article inserted in the middle; remove: one
article dropped), then, each in its own process measured like `make bench` (wall time,
CPU, peak resident memory of the whole process tree, Pagefind included):
- full: Pagefind over every page of the new set, then the re-cut (what a clean build does);
- update: pagefind_merge.update from the site's bundle.
and checks that both bundles are identical file by file. With --parts, also the
whole index built in parts of that many pages (pagefind_merge.PartStream: one
Pagefind process at a time) against one Pagefind process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))


def feed_order(bundle: Path) -> list[str]:
    from bantin import pagefind_merge

    return pagefind_merge.bundle_order(bundle)


def html_path(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def plan(site: Path, scenario: str, work: Path) -> dict:
    """previous order, new order, changed pages (written to work/changed/<n>.html)."""
    order = feed_order(site / "pagefind")
    middle = len(order) // 2
    new = list(order)
    changed: dict[str, str] = {}
    if scenario == "edit":
        url = order[middle]
        html = html_path(site, url).read_text(encoding="utf-8")
        marker = '<div class="bt-body">'
        if marker not in html:
            raise SystemExit(f"{url}: no {marker}")
        changed[url] = html.replace(marker, marker + "<p>Đoạn mở đầu mới: Công an phường Hồng Hà tuyên "
                                    "dương chiến sĩ Đặng Thị Xuân Hòa.</p>", 1)
    elif scenario == "add":
        source = order[middle]
        url = source.rstrip("/") + "-ban-sao/"
        new.insert(middle, url)
        changed[url] = html_path(site, source).read_text(encoding="utf-8").replace("<h1>", "<h1>Bản sao: ", 1)
    elif scenario == "remove":
        new.pop(middle)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    (work / "changed").mkdir(parents=True, exist_ok=True)
    files = {}
    for i, (url, html) in enumerate(changed.items()):
        path = work / "changed" / f"{i}.html"
        path.write_text(html, encoding="utf-8")
        files[url] = str(path)
    data = {"site": str(site), "previous_order": order, "order": new, "changed": files}
    (work / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    return data


def phase(kind: str, plan_file: Path, out: Path) -> None:
    from bantin import pagefind_merge, search_stream

    data = json.loads(plan_file.read_text(encoding="utf-8"))
    site = Path(data["site"])
    changed = {url: Path(p).read_text(encoding="utf-8") for url, p in data["changed"].items()}
    if kind.startswith("parts"):
        stream = pagefind_merge.PartStream(int(kind[5:]))
        for url in data["order"]:
            stream.add(url, changed[url] if url in changed else html_path(site, url).read_text(encoding="utf-8"))
        print(json.dumps(stream.write(out / "pagefind").__dict__), file=sys.stderr)
    elif kind == "full":
        stream = search_stream.start()
        for url in data["order"]:
            stream.add(url, changed[url] if url in changed else html_path(site, url).read_text(encoding="utf-8"))
        search_stream.finish(stream, out)
    else:
        stats = pagefind_merge.update(site / "pagefind", data["previous_order"], data["order"], changed,
                                      out / "pagefind")
        print(json.dumps(stats.__dict__), file=sys.stderr)


def same(a: Path, b: Path) -> bool:
    fa = {p.relative_to(a).as_posix(): p for p in a.rglob("*") if p.is_file()}
    fb = {p.relative_to(b).as_posix(): p for p in b.rglob("*") if p.is_file()}
    return fa.keys() == fb.keys() and all(fa[k].read_bytes() == fb[k].read_bytes() for k in fa)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--scenario", default="all")
    parser.add_argument("--phase")
    parser.add_argument("--parts", default="")
    parser.add_argument("--plan", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.phase:
        phase(args.phase, args.plan, args.out)
        return 0
    import bench

    scenarios = ["edit", "add", "remove"] if args.scenario == "all" else [args.scenario]
    scenarios = [s for s in scenarios if s != "none"]
    rows = []
    if args.parts:
        with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
            work = Path(tmp)
            plan(args.site.resolve(), "remove", work)
            data = json.loads((work / "plan.json").read_text(encoding="utf-8"))
            data["order"] = data["previous_order"]  # every page, nothing changed
            (work / "plan.json").write_text(json.dumps(data), encoding="utf-8")
            results = {}
            for kind in ["full", *(f"parts{n}" for n in args.parts.split(","))]:
                (work / kind).mkdir()
                command = [sys.executable, __file__, str(args.site), "--phase", kind, "--plan",
                           str(work / "plan.json"), "--out", str(work / kind)]
                results[kind] = bench.run(command, ROOT, work / f"{kind}.log")
                print(kind, (work / f"{kind}.log").read_text(encoding="utf-8").strip()[-400:], file=sys.stderr)
            print("| whole index | wall | CPU | peak tree | identical to one process |")
            print("|---|---|---|---|---|")
            for kind, r in results.items():
                same_bytes = kind == "full" or same(work / "full" / "pagefind", work / kind / "pagefind")
                print(f"| {kind} | {r['wall']:.2f} s | {r['cpu']:.2f} s | {r['rss_mb']:.0f} MB | "
                      f"{'yes' if same_bytes else 'NO'} |")
                rows.append((kind, r, same_bytes))
    for scenario in scenarios:
        with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
            work = Path(tmp)
            plan(args.site.resolve(), scenario, work)
            results = {}
            for kind in ("full", "update"):
                out = work / kind
                out.mkdir()
                command = [sys.executable, __file__, str(args.site), "--phase", kind, "--plan",
                           str(work / "plan.json"), "--out", str(out)]
                results[kind] = bench.run(command, ROOT, work / f"{kind}.log")
                if kind == "update":
                    print((work / f"{kind}.log").read_text(encoding="utf-8").strip(), file=sys.stderr)
            identical = same(work / "full" / "pagefind", work / "update" / "pagefind")
            rows.append((scenario, results, identical))
            shutil.rmtree(work / "full")
    print("| scenario | full Pagefind: wall, CPU, peak tree | update: wall, CPU, peak tree | identical |")
    print("|---|---|---|---|")
    for scenario, r, identical in rows:
        if "update" not in r:
            continue
        cells = [f"{r[k]['wall']:.2f} s, {r[k]['cpu']:.2f} s, {r[k]['rss_mb']:.0f} MB" for k in ("full", "update")]
        print(f"| {scenario} | {cells[0]} | {cells[1]} | {'yes' if identical else 'NO'} |")
    return 0 if all(identical for _, _, identical in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
