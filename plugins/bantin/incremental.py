"""`mkdocs serve --dirty`: rebuild only the generated pages whose inputs changed.

In a dirty build MkDocs skips a page when `file.is_modified()` is False, but a file
made with `File.generated(content=...)` always says True, so every edit re-renders
every article and list. We keep, across rebuilds (the plugin instance survives
them), a fingerprint of each generated page's inputs, and mark pages whose
fingerprint is unchanged as not modified.

The contract for page builders and templates: everything a page shows is in its
context as data (Articles, dicts, lists, text), or comes from a function of the
article and the vocabularies only; an article's `body` is shown only on its own
page. Vocabularies and the plugin's options are part of every fingerprint.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import shutil
from pathlib import Path
from typing import Any

from .model import Article


class Fingerprints:
    """Fingerprints of generated pages, this build's and the previous one's."""

    def __init__(self) -> None:
        self.previous: dict[str, bytes] = {}
        self.current: dict[str, bytes] = {}
        self._objects: dict[int, str] = {}
        self._alive: list[Any] = []
        self._salt = ""
        self._article_extra: Any = None

    def start(self, salt: str, article_extra: Any = None) -> None:
        """Begin a build; `salt` covers everything all pages depend on (vocabularies, options).

        `previous` stays the last build whose pages were all written (see `commit`): a
        build that failed while rendering must not count as the base of the next one.
        `article_extra(article)`: what else any page showing the article depends on
        (its photos as encoded: a list's thumbnail changes with the photo file).
        """
        self.current = {}
        self._objects = {}
        self._alive = []
        self._salt = salt
        self._article_extra = article_extra

    def commit(self) -> None:
        """The pages are written: this build's fingerprints become the base of the next."""
        self.previous, self.current = self.current, {}

    def unchanged(self, uri: str, *parts: Any) -> bool:
        """Record the page's fingerprint; True when it equals the previous build's."""
        key = hashlib.blake2b(repr((self._salt, self._plain(parts))).encode(), digest_size=16).digest()
        self.current[uri] = key
        return self.previous.get(uri) == key

    def _plain(self, value: Any) -> Any:
        if hasattr(type(value), "__dataclass_fields__"):
            # Articles, entries, people, figures: each object once per build (the same
            # entry shows on a year page, a type page and a person page), as a digest.
            key = self._objects.get(id(value))
            if key is None:
                if isinstance(value, Article):
                    # Without the body: only the article's own page shows it (its
                    # fingerprint has the body as a part); lists show the summary.
                    text = repr((dataclasses.replace(value, body=""),
                                 self._article_extra(value) if self._article_extra else None))
                else:
                    text = repr((type(value).__name__, tuple(
                        (name, self._plain(getattr(value, name))) for name in type(value).__dataclass_fields__)))
                key = self._objects[id(value)] = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
                self._alive.append(value)  # ids stay unique while the build lasts
            return key
        if isinstance(value, dict):
            return tuple((k, self._plain(v)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return tuple(self._plain(v) for v in value)
        if callable(value):
            return getattr(value, "__qualname__", type(value).__name__)
        return value


def mark_unmodified(file) -> None:
    """Tell MkDocs (dirty builds only) that this generated file needs no rebuild."""
    file.is_modified = lambda: False


# `make build`: the same fingerprints, kept across processes -----------------------------
#
# scripts/build.py runs `mkdocs build --dirty` into an empty staging folder and names
# the last good site (BANTIN_PREVIOUS_SITE). A page whose fingerprint equals the one
# recorded when that site was built, and whose file there is still the one written
# then (same inode, size and modification time), is hard-linked from it into the
# staging folder and not rendered; every other page is rendered. The record also
# carries a salt of everything every page depends on and that no fingerprint holds
# (plugin code, templates, mkdocs.yml, the docs folder with the vocabularies, the
# installed packages): when it differs, nothing is reused (a full build).

RECORD = ".cache/bantin/pages.marshal"
RECORD_VERSION = 1


def tree_digest(folders: list[Path], files: list[Path]) -> str:
    """A digest of every file's path and bytes under `folders`, and of `files`
    (caches, compiled Python and editors' backup files left out)."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.is_dir():
            digest.update(f"absent:{folder}".encode())
            continue
        for path in sorted(folder.rglob("*")):
            if (not path.is_file() or "__pycache__" in path.parts or "node_modules" in path.parts
                    or path.name.endswith((".pyc", "~"))):
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    for path in files:
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"absent") + b"\0")
    return digest.hexdigest()


def packages_digest() -> str:
    """Name and version of every installed distribution (Material, MkDocs, Markdown
    extensions, Pagefind...): an upgrade changes pages without changing our files."""
    from importlib import metadata

    found = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return hashlib.blake2b("\n".join(found).encode(), digest_size=16).hexdigest()


class Record:
    """What the last good site was built from: the salt, each page's fingerprint and
    file, and the pages its search index holds, in order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.salt = ""
        self.site: tuple[int, int] | None = None  # (device, inode) of the site folder
        self.pages: dict[str, tuple[bytes, str, int, int, int]] = {}  # uri -> (fingerprint, dest, size, mtime, inode)
        self.search: list[str] = []  # URLs of the indexed pages, in index order

    @classmethod
    def load(cls, path: Path) -> "Record":
        """The stored record; an empty one when missing, unreadable or of another version."""
        record = cls(path)
        try:
            stored = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return record
        if not isinstance(stored, dict) or stored.get("version") != RECORD_VERSION:
            return record
        record.salt = stored["salt"]
        record.site = tuple(stored["site"]) if stored.get("site") else None
        record.pages = stored["pages"]
        record.search = stored["search"]
        return record

    def matches(self, salt: str, site: Path) -> str | None:
        """None when this record describes `site` and `salt`; otherwise why not (Vietnamese)."""
        if not self.pages:
            return "chưa có bản dựng trước được ghi lại"
        if self.salt != salt:
            return "mã, giao diện, mkdocs.yml, trang trong content/ hay danh mục đã đổi"
        try:
            stat = site.stat()
        except OSError:
            return f"không có {site.name}/ của lần dựng trước"
        if self.site != (stat.st_dev, stat.st_ino):
            return f"{site.name}/ không phải bản đã dựng lần trước"
        return None

    def reusable(self, uri: str, site: Path) -> Path | None:
        """The last good site's file of page `uri`, if it is still the one written then."""
        entry = self.pages.get(uri)
        if entry is None:
            return None
        path = site / entry[1]
        try:
            stat = path.stat()
        except OSError:
            return None
        return path if (stat.st_size, stat.st_mtime_ns, stat.st_ino) == entry[2:] else None

    def save(self, salt: str, site: Path, pages: dict[str, tuple[bytes, str]], search: list[str]) -> None:
        """Record the pages just written into `site` (the staging folder, which becomes
        the site by a rename: inodes and times stay). Atomic: a reader never sees half."""
        stat = site.stat()
        entries = {}
        for uri, (fingerprint, dest) in pages.items():
            try:
                written = (site / dest).stat()
            except OSError:
                continue
            entries[uri] = (fingerprint, dest, written.st_size, written.st_mtime_ns, written.st_ino)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps({"version": RECORD_VERSION, "salt": salt,
                                             "site": [stat.st_dev, stat.st_ino], "pages": entries,
                                             "search": search}))
        os.replace(temporary, self.path)


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source`'s file at `target`: a hard link (no bytes copied), or a copy where
    links cannot be made (another file system, a Windows share)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
