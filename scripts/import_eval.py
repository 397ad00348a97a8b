"""Measure `make import` on the seed reports against the hand-made sample articles.

Usage: .venv/bin/python scripts/import_eval.py [--seeds DIR] [--json]

Each seed report (default: ../shared/seeds next to the repository) is imported into a
temporary project; its draft's front matter is compared, field by field, with the
sample article in articles/ that has the same title. Per field kind it prints true
positives, precision and recall, and counts every number of the draft (award counts,
figures) that does not occur in the report: an invented number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bantin.importer.__main__ import import_report  # noqa: E402
from bantin.names import name_key  # noqa: E402
from bantin.vocab import Vocabularies  # noqa: E402

KINDS = ("date", "province", "officials", "awards", "recipients", "figures")
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    return yaml.safe_load(text.split("\n---", 1)[0].lstrip("-\n")) or {}


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(value or ""))
    if match:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    return dt.date(*map(int, match.groups())) if match else None


def number(value) -> str | None:
    """Figures compared as text the Vietnamese way: 2863, "94,75", "-11,9"."""
    if value is None:
        return None
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def facts(fm: dict, vocab: Vocabularies) -> dict[str, set]:
    """The comparable facts of one article's front matter, by kind."""
    event = fm.get("event") or {}
    found: dict[str, set] = {kind: set() for kind in KINDS}
    if as_date(fm.get("date")):
        found["date"].add(as_date(fm.get("date")))
    if event.get("province"):
        found["province"].add(name_key(str(event["province"])))
    for person in fm.get("officials") or []:
        found["officials"].add((name_key(person["name"]), name_key(str(person.get("rank") or ""))))
    for award in fm.get("awards") or []:
        issuer = vocab.issuers.lookup(str(award.get("issuer")))
        found["awards"].add((award.get("award"), issuer.name if issuer else award.get("issuer"),
                             award.get("recipient_type"), award.get("count")))
        for r in award.get("recipients") or []:
            r = r if isinstance(r, dict) else {"name": r}
            if r.get("public") is False:
                continue  # a private recipient is never a published fact (and the sample's is invented)
            found["recipients"].add((name_key(r["name"]), name_key(str(r.get("unit") or ""))))
    for stat in fm.get("stats") or []:
        metric = vocab.metrics.lookup(str(stat.get("metric")))
        found["figures"].add((metric.name if metric else stat.get("metric"), number(stat.get("value")),
                              number(stat.get("total")), number(stat.get("percent")), number(stat.get("change"))))
    return found


def invented(fm: dict, report: str) -> list[str]:
    """Numbers of the draft's awards and figures that the report does not contain."""
    plain = report.replace("\u00a0", " ")
    missing = []

    def seen(value) -> bool:
        text = number(value) or ""
        forms = {text, text.lstrip("-")}
        if text.lstrip("-").isdigit():
            n = int(text.lstrip("-"))
            forms.add(f"{n:,}".replace(",", "."))
        return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d]|[.,]\d)", plain) for f in forms if f)

    for award in fm.get("awards") or []:
        if award.get("count") is not None and not seen(award["count"]):
            missing.append(f"awards count {award['count']}")
    for stat in fm.get("stats") or []:
        for key in ("value", "total", "percent", "change"):
            if stat.get(key) is not None and not seen(stat[key]):
                missing.append(f"stats {key} {stat[key]}")
    return missing


def measure(seeds: Path, repo: Path = ROOT) -> dict:
    """Import every seed, compare with its sample article; totals and per-seed details."""
    vocab = Vocabularies.load(repo / "content" / "vocab")
    samples = {name_key(str(front_matter(p).get("title", ""))): p
               for p in sorted((repo / "articles").rglob("*.md")) if not p.name.startswith("_")}
    totals = {kind: {"tp": 0, "predicted": 0, "expected": 0} for kind in KINDS}
    per_seed = []
    invented_all: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(repo / "content" / "vocab", project / "content" / "vocab")
        for seed in sorted(seeds.glob("*.txt")):
            path, _ = import_report(seed, project, vocab, dt.date(2026, 1, 1))
            draft = front_matter(path)
            sample = samples.get(name_key(str(draft.get("title", ""))))
            lost = invented(draft, seed.read_text(encoding="utf-8-sig"))
            invented_all += [f"{seed.name}: {m}" for m in lost]
            row = {"seed": seed.name, "sample": sample.relative_to(repo).as_posix() if sample else None,
                   "invented": lost, "kinds": {}}
            if sample is not None:
                got, want = facts(draft, vocab), facts(front_matter(sample), vocab)
                for kind in KINDS:
                    tp = len(got[kind] & want[kind])
                    totals[kind]["tp"] += tp
                    totals[kind]["predicted"] += len(got[kind])
                    totals[kind]["expected"] += len(want[kind])
                    row["kinds"][kind] = {"tp": tp, "predicted": len(got[kind]), "expected": len(want[kind]),
                                          "missed": sorted(map(str, want[kind] - got[kind])),
                                          "extra": sorted(map(str, got[kind] - want[kind]))}
            per_seed.append(row)
    for kind in KINDS:
        t = totals[kind]
        t["precision"] = t["tp"] / t["predicted"] if t["predicted"] else None
        t["recall"] = t["tp"] / t["expected"] if t["expected"] else None
    return {"totals": totals, "seeds": per_seed, "invented": invented_all}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def table(result: dict) -> str:
    lines = ["| loại trường | đúng | trích ra | trong bài mẫu | độ chính xác | độ phủ |", "|---|---|---|---|---|---|"]
    names = {"date": "ngày", "province": "tỉnh, thành", "officials": "đại biểu (tên, cấp bậc)",
             "awards": "khen thưởng (hình thức, cấp, đối tượng, số)", "recipients": "người được khen có tên",
             "figures": "số liệu (chỉ tiêu, giá trị, tổng, %, thay đổi)"}
    for kind in KINDS:
        t = result["totals"][kind]
        lines.append(f"| {names[kind]} | {t['tp']} | {t['predicted']} | {t['expected']} | "
                     f"{_pct(t['precision'])} | {_pct(t['recall'])} |")
    lines.append(f"\nSố bịa (có trong bản nháp, không có trong báo cáo): {len(result['invented'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="So bản nháp nhập từ báo cáo mẫu với bài mẫu.")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--json", action="store_true", help="in kết quả chi tiết dạng JSON")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"không có thư mục báo cáo mẫu {args.seeds}", file=sys.stderr)
        return 1
    result = measure(args.seeds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        for row in result["seeds"]:
            print(f"{row['seed']} -> {row['sample']}")
            for kind, k in row["kinds"].items():
                if k["missed"] or k["extra"]:
                    print(f"  {kind}: thiếu {k['missed']} thừa {k['extra']}")
        print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
