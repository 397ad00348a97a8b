"""What an incremental `make build` takes from the last good site.

scripts/build.py runs `mkdocs build --dirty` into an empty staging folder and names
the last good site (BANTIN_PREVIOUS_SITE). The plugin keeps one `Reuse` per build:
it loads the record of that site (bantin/incremental.Record), says whether pages may
be reused at all (same salt, same site), queues the files of unchanged pages for
linking, keeps the list pages' sitemap dates and the open data when what they depend
on is the same, and at the end writes the record of the new site.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .diskio import link_or_copy
from .incremental import RECORD, Record, manifest


class Reuse:
    """The last good site `site` of the project at `root`, and what this build takes from it."""

    def __init__(self, site: Path, root: Path) -> None:
        self.site = site
        self.root = root
        self.record = Record.load(root / RECORD)
        self.salt = ""
        self.full = False  # `make build FULL=1`: every page rendered, none reused
        self.recorded = False  # the record was taken with this build's salt, of the last good site
        self.manifest = ""
        self.manifest_paths: list[str] = []
        self.dests: dict[str, str] = {}  # fingerprinted page's source URI -> its file in the site
        self.reused: set[str] = set()  # source URIs of pages linked from the last good site
        self.lastmods: dict[str, tuple[str, str]] = {}  # list page -> (what its date depends on, date)
        self._queued: list[tuple[Path, Path]] = []

    def take_manifest(self, paths: list[Path]) -> None:
        """The manifest of this build's inputs, taken before anything is read (the one
        scripts/build.py took just before starting MkDocs, when it covers the same paths)."""
        self.manifest_paths = [str(p) for p in paths]
        try:
            taken = json.loads(os.environ.get("BANTIN_MANIFEST") or "{}")
        except ValueError:
            taken = {}
        same = isinstance(taken, dict) and taken.get("paths") == self.manifest_paths
        self.manifest = taken.get("manifest", "") if same else ""
        if not self.manifest:
            self.manifest = manifest(paths)

    def start(self, salt: str) -> str | None:
        """Begin the build with `salt` (everything every page depends on). None when pages
        may be reused; otherwise why everything is rendered (Vietnamese)."""
        self.salt = salt
        self.dests, self.reused, self.lastmods, self._queued = {}, set(), {}, []
        self.full = os.environ.get("BANTIN_REUSE") == "0"
        why = self.record.matches(salt, self.site)
        self.recorded = why is None
        return "dựng lại toàn bộ theo yêu cầu (--full)" if self.full else why

    def fingerprints(self) -> dict[str, bytes]:
        """The last good site's page fingerprints, when they were taken with this build's
        salt (also in a full build, which reuses no page but need not compute again the
        fingerprint of a page made from the same: see plugin.on_files); else none."""
        if not self.recorded:
            return {}
        return {uri: entry[0] for uri, entry in self.record.pages.items()}

    def page(self, uri: str, dest_uri: str) -> None:
        """A fingerprinted page of this build and its file in the site."""
        self.dests[uri] = dest_uri

    def reuse(self, uri: str, target: Path) -> bool:
        """An unchanged page: queue its file in the last good site for linking to `target`
        (False when that file is gone or was changed since, or in a full build: the page
        is rendered)."""
        if self.full:
            return False
        old = self.record.reusable(uri, self.site)
        if old is None:
            return False
        self._queued.append((old, target))
        self.reused.add(uri)
        return True

    def link_queued(self) -> None:
        """Link the queued pages into the staging folder, in four batches of threads (a
        link is a system call that lets the others run; a future per page cost more).

        Raises:
            OSError: a file could not be linked or copied (disk full, read-only folder).
        """
        pairs, self._queued = self._queued, []

        def link(batch: list[tuple[Path, Path]]) -> None:
            for pair in batch:
                link_or_copy(*pair)

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(link, [pairs[i::4] for i in range(4)]))

    def lastmod(self, uri: str, key: str) -> str | None:
        """A list page's sitemap date kept under `key` (what it depends on), if any."""
        kept = self.record.lastmods.get(uri)
        return kept[1] if kept is not None and kept[0] == key else None

    def keep_lastmod(self, uri: str, key: str, value: str) -> None:
        self.lastmods[uri] = (key, value)

    def derived_key(self, article_keys: list[str]) -> str:
        """The key of the files made from all published articles (open data)."""
        digest = hashlib.blake2b(self.salt.encode(), digest_size=16)
        for key in article_keys:
            digest.update(key.encode())
        return digest.hexdigest()

    def link_derived(self, key: str, staging: Path) -> list[str] | None:
        """Link the last good site's derived files into `staging` when they were made
        under `key` and are still as written; their site paths, or None."""
        files = self.record.derived_files
        if self.record.derived != key or not all(self.record.reusable_file(name, self.site) for name in files):
            return None
        for name in files:
            link_or_copy(self.site / name, staging / name)
        return list(files)

    def search_order(self, doc_order: list[tuple[str, str]], rendered_marked: set[str]) -> list[str]:
        """URLs of the pages the search index holds, in the order a full build feeds them
        to Pagefind: a rendered page carries the mark or not; a reused page is as before."""
        before = set(self.record.search)
        return [url for uri, url in doc_order
                if (url in before if uri in self.reused else url in rendered_marked)]

    def save(self, staging: Path, fingerprints: dict[str, bytes], search: list[str], valid_until: float | None,
             derived: tuple[str, list[str]], lists: tuple[str, list[str]] = ("", [])) -> None:
        """Write the record of the site just built in `staging` (it becomes the site)."""
        Record(self.root / RECORD).save(
            self.salt, staging, {uri: (key, self.dests[uri]) for uri, key in fingerprints.items() if uri in self.dests},
            search, (self.manifest, self.manifest_paths, valid_until), derived, self.lastmods, lists)

    def summary(self, doc_order: list[tuple[str, str]]) -> str:
        """What this build did, in Vietnamese (pages rendered are named when few)."""
        rendered = [url for uri, url in doc_order if uri in self.dests and uri not in self.reused]
        listed = f" ({', '.join(rendered)})" if 0 < len(rendered) <= 10 else ""
        return f"Đã dựng {len(rendered)} trang{listed}, dùng lại {len(self.reused)} trang không đổi từ lần dựng trước"
