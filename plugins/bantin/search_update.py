"""The search index of a `make build` that reused pages of the last good site.

Only the pages whose inputs changed were rendered (bantin/incremental.py); the
index must still come out as a full build writes it: Pagefind fed every indexed
page, in render order. Three cases, cheapest first:

- the same pages in the same order and none of them rendered again: the last good
  site's bundle is the answer, and its files are hard-linked into the new site;
- otherwise the changed pages are indexed alone and merged into the last good index
  (bantin/pagefind_merge.py, the same bytes as a full build);
- should that fail (another Pagefind format, a live site that is not what was
  indexed), the whole index is made again from the pages as they now stand in the
  staging folder (the reused ones are the same bytes as before), fed to Pagefind in
  render order exactly as a full build feeds them.

Nothing here writes into a file of the last good site: its files may be hard links
shared with the staging folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from . import pagefind_merge, urls
from .diskio import link_or_copy
from .search import BUNDLE


def link_bundle(previous: Path, output: Path) -> None:
    """Hard-link (or copy) every file of the bundle `previous` into `output`."""
    for root, _, names in os.walk(previous):
        for name in names:
            source = Path(root) / name
            link_or_copy(source, output / source.relative_to(previous))


def update(previous: Path, previous_order: list[str], order: list[str], changed: dict[str, str],
           site_dir: Path, warn: Callable[[str], None] | None = None,
           kept: pagefind_merge.ChunkWords | None = None) -> str:
    """Write site_dir/pagefind for the pages `order` (site URLs, render order); `changed`
    holds the HTML of those rendered in this build, the others are as in `previous`
    (the last good site's bundle, made from `previous_order`). Returns what was done:
    "reused", "updated" or "rebuilt".

    Raises:
        search.SearchIndexError: Pagefind failed.
    """
    live = previous.parent
    # Rendered again but the same bytes as the live page (a list whose fingerprint
    # changed for a reason its HTML does not show): nothing to update for it.
    changed = {url: html for url, html in changed.items()
               if url not in previous_order or not _same(live / urls.page_file(url), html)}
    output = site_dir / BUNDLE
    if order == previous_order and not changed and (previous / "pagefind-entry.json").is_file():
        link_bundle(previous, output)
        if kept is not None:  # the same chunks as before
            kept.made = kept.known
        return "reused"
    try:
        pagefind_merge.update(previous, previous_order, order, changed, output, kept=kept)
        return "updated"
    except pagefind_merge.MergeError as error:
        if warn is not None:
            warn(f"chỉ mục tìm kiếm được lập lại từ đầu (không cập nhật được phần đã đổi: {error})")
    shutil.rmtree(output, ignore_errors=True)
    pagefind_merge.reindex(site_dir, order, warn=warn)
    return "rebuilt"


def _same(path: Path, html: str) -> bool:
    try:
        return path.read_bytes() == html.encode("utf-8")
    except OSError:
        return False
