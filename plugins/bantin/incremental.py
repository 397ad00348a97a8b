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
import io
import marshal
import pickle
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .diskio import write_atomic
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
        self._known: dict[int, str] = {}
        self.computed: dict[int, str] = {}  # id(article) -> its digest without extra, made this build

    def start(self, salt: str, article_extra: Any = None, known: dict[int, str] | None = None) -> None:
        """Begin a build; `salt` covers everything all pages depend on (vocabularies, options).

        `previous` stays the last build whose pages were all written (see `commit`): a
        build that failed while rendering must not count as the base of the next one.
        `article_extra(article)`: what else any page showing the article depends on
        (its photos as encoded: a list's thumbnail changes with the photo file).
        `known`: id(article) -> the digest of its fields, from an earlier build that read
        the same file with the same code and vocabularies (bantin/reading.py's cache).
        """
        self.current = {}
        self.kept = 0
        self._objects = {}
        self._alive = []
        # Hashed once: every page's fingerprint holds it (the vocabularies' repr is ~20 KB).
        self._salt = hashlib.blake2b(salt.encode(), digest_size=16).hexdigest()
        self._article_extra = article_extra
        self._known = known or {}
        self.computed = {}

    @property
    def salt(self) -> str:
        """This build's salt, hashed."""
        return self._salt

    def commit(self) -> None:
        """The pages are written: this build's fingerprints become the base of the next."""
        self.previous, self.current = self.current, {}

    def unchanged(self, uri: str, *parts: Any) -> bool:
        """Record the page's fingerprint; True when it equals the previous build's."""
        key = hashlib.blake2b(self._bytes((self._salt, parts)), digest_size=16).digest()
        self.current[uri] = key
        return self.previous.get(uri) == key

    def same_as_before(self, uri: str) -> bool:
        """Record for `uri` the previous build's fingerprint, for a page whose inputs are
        known to be the same (see plugin._lists_key); False when it had none."""
        key = self.previous.get(uri)
        if key is None:
            return False
        self.current[uri] = key
        self.kept += 1
        return True

    def _bytes(self, value: Any) -> bytes:
        out = io.BytesIO()
        _Pickler(out, self).dump(value)
        return out.getvalue()

    def article_key(self, article: Article) -> str:
        """The article's digest as fingerprints see it (without its body)."""
        return self._digest(article)

    def _digest(self, value: Any) -> str:
        """Articles, entries, people, figures: each object once per build (the same
        entry shows on a year page, a type page and a person page), as a digest."""
        key = self._objects.get(id(value))
        if key is None:
            if isinstance(value, Article):
                # Without the body: only the article's own page shows it (its
                # fingerprint has the body as a part); lists show the summary.
                base = self._known.get(id(value))
                if base is None:
                    plain = dataclasses.replace(value, body="")
                    base = self.computed[id(value)] = hashlib.blake2b(self._bytes(tuple(
                        (name, getattr(plain, name)) for name in _fields(Article))), digest_size=16).hexdigest()
                data = self._bytes((base, self._article_extra(value) if self._article_extra else None))
            else:
                data = self._bytes((type(value).__name__,
                                    tuple((name, getattr(value, name)) for name in _fields(type(value)))))
            key = self._objects[id(value)] = hashlib.blake2b(data, digest_size=16).hexdigest()
            self._alive.append(value)  # ids stay unique while the build lasts
        return key


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(kind.__dataclass_fields__)  # type: ignore[attr-defined]
    return names


class _Pickler(pickle.Pickler):
    """Pickle (C speed, same bytes for the same values in any process) with dataclass
    objects as their digests and functions by their names (a page's helpers: their
    code is in the salt). `reducer_override` is not called for plain str, int, list,
    dict and the like, which is most of a page's data; a set would come out in hash
    order, which varies by process: page data has none (a page with one would only be
    rendered again each build, never wrongly reused)."""

    def __init__(self, out: io.BytesIO, owner: Fingerprints) -> None:
        super().__init__(out, protocol=4)
        # No memo: with it, the bytes would depend on which equal values are the same
        # object (an article read afresh vs. one from the read cache), not on values alone.
        self.fast = True
        self._owner = owner

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if hasattr(kind, "__dataclass_fields__"):
            return str, (self._owner._digest(obj),)
        if callable(obj) and not isinstance(obj, type):
            return str, ("fn:" + getattr(obj, "__qualname__", kind.__name__),)
        return NotImplemented


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


def input_files(top: Path) -> Iterator[tuple[str, Path]]:
    """(name relative to `top`, path) of every file under the folder `top`, or `top`
    itself when it is a file, in a stable order; caches, compiled Python and editors'
    backup files left out."""
    if top.is_file():
        yield top.name, top
        return
    for path in sorted(top.rglob("*")) if top.is_dir() else []:
        if ("__pycache__" in path.parts or "node_modules" in path.parts or path.name.endswith((".pyc", "~"))
                or not path.is_file()):
            continue
        yield str(path.relative_to(top)), path


def tree_digest(paths: list[Path]) -> str:
    """A digest of the name and bytes of every file under `paths` (folders and files)."""
    digest = hashlib.blake2b(digest_size=16)
    for top in paths:
        digest.update(f"\0{top}\0".encode())
        for name, path in input_files(top):
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The plugin's code and templates, and the installed packages: the key of every
    cache that holds what the code made (articles read, fingerprints)."""
    return tree_digest([Path(__file__).parent]) + packages_digest()


@lru_cache(maxsize=1)
def packages_digest() -> str:
    """Name and version of every installed distribution (Material, MkDocs, Markdown
    extensions, Pagefind...): an upgrade changes pages without changing our files."""
    import sysconfig
    from importlib import metadata

    # The environment's own folders, not sys.path: a test run or a script that puts
    # another folder first (with an .egg-info in it) must not look like an upgrade.
    folders = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    found = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions(path=folders)})
    return hashlib.blake2b("\n".join(found).encode(), digest_size=16).hexdigest()


# Files up to this size are read for the manifest (their bytes); larger ones (photos)
# by size, modification time and inode.
_HASHED_SIZE = 1 << 20


def manifest(paths: list[Path]) -> str:
    """A digest of every input file under `paths` (folders and files): name and bytes
    (or, for large files, size, modification time and inode), with the installed
    packages, the Python version and the BANTIN_ settings of the environment."""
    digest = hashlib.blake2b(digest_size=16)
    for top in paths:
        digest.update(f"\0{top}\0".encode())
        for name, path in input_files(top):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(name.encode() + b"\0")
            if stat.st_size <= _HASHED_SIZE:
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
            else:
                digest.update(repr((stat.st_size, stat.st_mtime_ns, stat.st_ino)).encode())
    settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("BANTIN_") and k not in _PER_RUN)
    digest.update(repr((settings, sys.version, packages_digest())).encode())
    return digest.hexdigest()


# Set by scripts/build.py for every run: not an input of the site.
_PER_RUN = {"BANTIN_PREVIOUS_SITE", "BANTIN_REUSE", "BANTIN_BUILD_WAIT", "BANTIN_MANIFEST"}


def up_to_date(root: Path, site: Path, now: float, taken: dict | None = None) -> bool:
    """True when nothing the last good site was built from has changed: its record
    describes `site` and each page's file is still the one written, no input file
    changed, and no moment it depends on has come (a scheduled article's time, a new
    year for the front page). `taken`, when given, receives the manifest computed
    ("paths", "manifest"), which the build that follows can use."""
    record = Record.load(root / RECORD)
    if not record.manifest or record.matches(record.salt, site) is not None:
        return False
    if record.valid_until is None or now >= record.valid_until:
        return False
    # Every page still the file written then (one changed by hand is built again).
    if any(record.reusable(uri, site) is None for uri in record.pages):
        return False
    digest = manifest([Path(p) for p in record.manifest_paths])
    if taken is not None:
        taken.update(paths=record.manifest_paths, manifest=digest)
    return digest == record.manifest


class Record:
    """What the last good site was built from: the salt, each page's fingerprint and
    file, and the pages its search index holds, in order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.salt = ""
        self.site: tuple[int, int] | None = None  # (device, inode) of the site folder
        self.pages: dict[str, tuple[bytes, str, int, int, int]] = {}  # uri -> (fingerprint, dest, size, mtime, inode)
        self.search: list[str] = []  # URLs of the indexed pages, in index order
        # What the site was built from (`manifest` of these paths, taken as the build
        # began), and until when it stays right with them unchanged (epoch seconds).
        self.manifest = ""
        self.manifest_paths: list[str] = []
        self.valid_until: float | None = None
        # Files made from all published articles (open data, feeds): their key and files.
        self.derived = ""
        self.derived_files: dict[str, tuple[int, int, int]] = {}  # site path -> (size, mtime, inode)
        self.lastmods: dict[str, tuple[str, str]] = {}  # list page -> (what its sitemap date depends on, date)
        # What the list pages were made from (plugin._lists_key), and their source URIs.
        self.lists: tuple[str, list[str]] = ("", [])

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
        record.manifest = stored.get("manifest", "")
        record.manifest_paths = stored.get("manifest_paths", [])
        record.valid_until = stored.get("valid_until")
        record.derived = stored.get("derived", "")
        record.derived_files = stored.get("derived_files", {})
        record.lastmods = stored.get("lastmods", {})
        lists = stored.get("lists")
        record.lists = (lists[0], lists[1]) if isinstance(lists, (tuple, list)) and len(lists) == 2 else ("", [])
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
        return path if _identity(path) == entry[2:] else None

    def reusable_file(self, name: str, site: Path) -> bool:
        """The derived file `name` of the last good site is still the one written then."""
        return _identity(site / name) == tuple(self.derived_files.get(name, ()))

    def save(self, salt: str, site: Path, pages: dict[str, tuple[bytes, str]], search: list[str],
             inputs: tuple[str, list[str], float | None] = ("", [], None),
             derived: tuple[str, list[str]] = ("", []), lastmods: dict[str, tuple[str, str]] | None = None,
             lists: tuple[str, list[str]] = ("", [])) -> None:
        """Record the pages just written into `site` (the staging folder, which becomes
        the site by a rename: inodes and times stay). Atomic: a reader never sees half."""
        stat = site.stat()
        entries = {uri: (fingerprint, dest, *written) for uri, (fingerprint, dest) in pages.items()
                   if (written := _identity(site / dest)) is not None}
        derived_files = {name: written for name in derived[1] if (written := _identity(site / name)) is not None}
        write_atomic(self.path, marshal.dumps({
            "version": RECORD_VERSION, "salt": salt, "site": [stat.st_dev, stat.st_ino], "pages": entries,
            "search": search, "manifest": inputs[0], "manifest_paths": inputs[1], "valid_until": inputs[2],
            "derived": derived[0], "derived_files": derived_files, "lastmods": lastmods or {}, "lists": list(lists)}))


def _identity(path: Path) -> tuple[int, int, int] | None:
    """(size, modification time, inode) of a written file: it is still the same file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino
