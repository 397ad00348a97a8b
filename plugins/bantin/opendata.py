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
        writer.writerow([_safe(record.get(f), _cell(record.get(f))) for f in fields])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) if not isinstance(v, dict) else v.get("name", "") for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP,
# "CSV Injection"): `=HYPERLINK(...)` in a title would run where these files are opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value, text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would read it as a formula.

    Numbers stay numbers (-11.9 is a change, not a formula); JSON keeps the exact strings.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# name -> (records builder, formats to write); CSV columns follow the record's key order.
DATASETS: dict[str, tuple[Callable[[list[Article]], list[dict]], tuple[str, ...]]] = {
    "bai-viet": (article_records, ("json",)),
    "khen-thuong": (award_records, ("json", "csv")),
    "thong-ke": (stat_records, ("json", "csv")),
}


# Columns that hold an article's address: absolute in the published files, so a record
# read away from the site (a spreadsheet, a data portal) still leads to its article.
URL_COLUMNS = ("article", "url")


def absolute_urls(records: list[dict], site_url: str) -> list[dict]:
    """`records` with their article addresses made absolute under `site_url` (kept
    site-relative when the site has no address)."""
    if not site_url:
        return records
    return [{k: urls.absolute(site_url, v) if k in URL_COLUMNS and isinstance(v, str) and v.startswith("/") else v
             for k, v in record.items()} for record in records]


def publish(articles: list[Article], site_dir: Path, site_url: str = "") -> list[Path]:
    """Write every dataset into `site_dir/du-lieu/`; returns the files written.

    Args:
        site_url: the site's address (mkdocs.yml `site_url`), for absolute article URLs.
    """
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (builder, kinds) in DATASETS.items():
        records = absolute_urls(builder(articles), site_url)
        for kind in kinds:
            path = folder / f"{name}.{kind}"
            path.write_bytes(to_json(records) if kind == "json" else to_csv(records))
            written.append(path)
    return written
