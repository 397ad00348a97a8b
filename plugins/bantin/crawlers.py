"""What search engines read besides the pages: `robots.txt`, and the true `lastmod`
of every URL of the sitemap (an article's last major change; a list's newest item;
a hand-written page's last commit).

Pure but for `source_date`, which asks git (or the file system) about a source file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path
from typing import Iterable

from .jsonld import date_modified
from .model import VN_TZ, Article
from . import urls
from .urls import absolute

ROBOTS = "robots.txt"
# How deep `newest` looks into a page's context: deep enough for honour-roll rows
# ({"rows": [{"article": Article}]}) and person pages (Person.appearances[].article).
DEPTH = 5


def robots(site_url: str | None) -> str:
    """The text of `robots.txt`: every page may be read; the sitemap named when the
    site's address is known (the protocol wants an absolute URL)."""
    lines = ["# Bản tin: mọi trang đều công khai; sơ đồ trang liệt kê mọi địa chỉ.",
             "User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {absolute(site_url, urls.SITEMAP)}"]
    return "\n".join(lines) + "\n"


def lastmod(moment: dt.datetime | dt.date) -> str:
    """The sitemap's form: the day in Vietnam time, "2022-08-18"."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(VN_TZ).date()
    return moment.isoformat()


def newest(context: object, default: dt.datetime | None = None,
           memo: dict[tuple[int, int], dt.datetime | None] | None = None) -> dt.datetime | None:
    """The latest change of any article a generated page shows (walking its context:
    dicts, lists and dataclasses), or `default` when it shows none (indexes, search).

    `memo`: kept for one build, the answer for each dataclass object at each depth (the
    same entry shows on a year page, a type page and a person page); its objects must
    live as long as it does."""
    memo = {} if memo is None else memo
    seen: set[int] = set()

    def walk(value: object, depth: int) -> dt.datetime | None:
        if isinstance(value, Article):
            return date_modified(value)
        if depth == 0 or id(value) in seen or isinstance(value, (str, bytes, int, float, dt.date)):
            return None
        children: Iterable[object]
        is_data = dataclasses.is_dataclass(value) and not isinstance(value, type)
        if is_data and (id(value), depth) in memo:
            return memo[id(value), depth]
        seen.add(id(value))
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, (list, tuple, set, frozenset)):
            children = value
        elif is_data:
            children = (getattr(value, f.name) for f in dataclasses.fields(value))
        else:
            return None
        best = None
        for child in children:
            found = walk(child, depth - 1)
            if found is not None and (best is None or found > best):
                best = found
        seen.discard(id(value))
        if is_data:
            memo[id(value), depth] = best
        return best

    found = walk(context, DEPTH)
    return found if found is not None else default


def source_date(path: Path) -> dt.datetime:
    """When a hand-written page last changed: its last commit, or else (no git, or
    a file not committed yet) its modification time."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cI", "--", path.name], cwd=path.parent,
                                capture_output=True, text=True, timeout=10, check=False)
        if result.returncode == 0 and result.stdout.strip():
            committed = dt.datetime.fromisoformat(result.stdout.strip())
            # An edit not committed yet is newer than the commit.
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime, VN_TZ)
            if subprocess.run(["git", "diff", "--quiet", "HEAD", "--", path.name], cwd=path.parent,
                              capture_output=True, timeout=10, check=False).returncode == 0:
                return committed
            return modified
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime, VN_TZ)
