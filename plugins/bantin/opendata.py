"""Open data published with every build under `du-lieu/`: JSON arrays and CSV with a
BOM, in the exact shapes of the content contract, byte-identical for the same content.

Each dataset is a function from the site's articles to records; features register
theirs in `DATASETS`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable, Iterable

from . import awards, urls, vnformat
from .model import VN_TZ, Article
from .stats import records as stat_records

FOLDER = urls.DATA_FOLDER


def chronological(articles: Iterable[Article]) -> list[Article]:
    """Articles by date, then URL: the order of every dataset."""
    return sorted(articles, key=lambda a: (a.date, a.url))


def article_records(articles: list[Article]) -> list[dict]:
    """`bai-viet.json`: one record per published article."""
    return [{
        "url": a.url, "title": a.title, "date": vnformat.iso(a.date), "category": a.category,
        "tags": list(a.tags), "authors": list(a.authors), "province": a.province,
        "event_type": a.event.type if a.event else None, "awards": a.award_count, "photos": len(a.photos),
    } for a in chronological(articles)]


def award_records(articles: list[Article]) -> list[dict]:
    """`khen-thuong.json`/`.csv`: one record per award entry, in the contract's key order."""
    return [{
        "article": e.article.url, "title": e.article.title, "date": e.article.date.astimezone(VN_TZ).date().isoformat(),
        "award": e.award.award, "name": e.award.name, "issuer": e.award.issuer,
        "recipient_type": e.award.recipient_type, "count": e.award.count,
        # Only names that may be published; `count` still counts everyone.
        "recipients": [r.name for r in e.award.public_recipients], "for": e.award.for_,
        "year": e.award.year, "province": e.article.province,
        "decision": e.award.decision,
        "decision_date": e.award.decision_date.isoformat() if e.award.decision_date else None,
        "id": e.award.id,
    } for e in awards.entries(articles)]


def to_json(records: list[dict]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_csv(records: list[dict], fields: list[str] | None = None) -> bytes:
    """UTF-8 with a BOM (spreadsheets then show Vietnamese right), lists joined with '; '."""
    fields = fields or (list(records[0]) if records else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record.get(f)) for f in fields])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) if not isinstance(v, dict) else v.get("name", "") for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# name -> (records builder, formats to write); CSV columns follow the record's key order.
DATASETS: dict[str, tuple[Callable[[list[Article]], list[dict]], tuple[str, ...]]] = {
    "bai-viet": (article_records, ("json",)),
    "khen-thuong": (award_records, ("json", "csv")),
    "thong-ke": (stat_records, ("json", "csv")),
}


def publish(articles: list[Article], site_dir: Path) -> list[Path]:
    """Write every dataset into `site_dir/du-lieu/`; returns the files written."""
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (builder, kinds) in DATASETS.items():
        records = builder(articles)
        for kind in kinds:
            path = folder / f"{name}.{kind}"
            path.write_bytes(to_json(records) if kind == "json" else to_csv(records))
            written.append(path)
    return written
