"""Update the search index for the pages that changed, instead of re-indexing the site.

A clean `mkdocs build` feeds every article page to Pagefind (search_stream) and then
re-cuts its index (pagefind_chunks.rechunk). At 5,000 articles that is most of a
one-article publish. `update` gives the same bundle, byte for byte, from the last good
bundle and the pages that changed:

1. Pagefind (the pinned binary, the bulletin's settings) indexes two small sets: the
   new HTML of the changed and added pages, and the previous HTML (read back from the
   last good site) of the changed and removed pages. Both indexes are "mini" indexes
   of a few pages.
2. Everything in a Pagefind 1.5.2 index that involves more than one page is rebuilt
   from those and the previous bundle; everything that belongs to one page is copied
   byte for byte (from the previous bundle for unchanged pages, from the new mini
   index for changed ones):
   - pages are numbered in feed order (Pagefind's `AddFile` order), and a word lists
     its pages by number, delta-encoded ([page - previous page, positions, metadata
     positions]); the previous page data is checked against the old mini index
     before it is dropped, so a previous site that is not what was indexed stops the
     update instead of leaving stale entries;
   - a word's diacritic variants ("hội", "hỏi" under "hoi") come in order of their
     first page, then of the variant (what Pagefind writes);
   - metadata positions name the metadata key by its rank among the sorted keys of
     the whole index: they are renumbered when a key appears or goes;
   - fragments are named by Pagefind's SHA-1 of their JSON, cut to 7 hex digits and
     lengthened on a collision in page order, as Pagefind does;
   - filter values, the page list (fragment and word count), the metadata keys and
     the entry file's page count are recomputed;
   - the word list is re-cut into chunks exactly as pagefind_chunks.rechunk cuts it,
     and a chunk, filter or metadata file whose bytes did not change is hard-linked
     from the previous bundle instead of being compressed again.
3. The new bundle is written into `output` (in the staging site). Nothing under
   `previous` is ever opened for writing: its files may be hard links shared with the
   live site.

Any surprise (another Pagefind version or layout, a previous site that does not match
its index, a page without words, sort keys) raises MergeError before anything is
written: the caller then runs the full index. tests/test_pagefind_merge.py compares
the result with a clean build file by file.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import marshal
import os
import shutil
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import pagefind_chunks as pc
from . import search_stream, urls
from .diskio import link_or_copy, write_atomic
from .pagefind_chunks import PagefindFormatError

# The project's ChunkWords (.cache/), and beside it the record of the last merged index.
CHUNK_WORDS = ".cache/bantin/pagefind-words.marshal"
MERGED_NAME = "pagefind-merged.marshal"

LANGUAGE = "vi"
ENTRY = "pagefind-entry.json"


class MergeError(RuntimeError):
    """The index cannot be updated in place; the caller re-indexes every page."""


@dataclass
class Stats:
    pages: int = 0  # pages in the new index
    added: int = 0  # pages new to the index
    changed: int = 0  # pages whose HTML changed
    removed: int = 0
    renumbered: bool = False  # pages kept moved to other numbers (every word re-encoded)
    words: int = 0  # words in the index
    words_rewritten: int = 0
    chunks: int = 0
    chunks_linked: int = 0  # chunk files identical to the previous bundle's, hard-linked
    seconds: dict[str, float] = field(default_factory=dict)


class ChunkWords:
    """Where each word entry starts in the index chunks this project wrote, by chunk file
    name, kept in `.cache/` between builds. Finding the entries of a chunk otherwise
    means walking every page number and position in it (CBOR has no lengths for its
    arrays of integers): at 5,000 articles about 3 s of a one-article update, although
    only the few hundred words of that article are merged.

    Each chunk's layout is kept with a digest of the chunk's bytes, and the file with a
    digest of itself: a chunk that is not byte for byte the one described, or a file
    damaged on disk, is read the long way.

    `known`: from the last build; `made`: the chunks of the bundle just written.

    Beside it (`compressed`), each chunk of the last bundle written as compressed, named
    by the SHA-256 of its bytes, the gzip level and zlib's version: a full build, whose
    words are mostly those of the build before, links them instead of compressing again
    (gzip -9 of 16 MB of chunks at 5,000 articles: 5 s of CPU)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.known: dict[str, tuple[bytes, list[int]]] = {}
        self.made: dict[str, tuple[bytes, list[int]]] = {}
        self.compressed = (path.with_name(f"pagefind-gz-{pc.GZIP_LEVEL}-{zlib.ZLIB_RUNTIME_VERSION}")
                           if path is not None else None)
        self.compressed_used: set[str] = set()
        # The bundle the last build wrote, when a merge of parts wrote it: (the key of
        # the code that merged it, {file: (size, mtime_ns, inode)}, each page's digest as
        # handed to Pagefind, in order); `merged` is this build's, saved for the next.
        self.merged_path = merged_record(path) if path is not None else None
        self.last_merged: tuple[str, dict[str, tuple[int, int, int]], list[bytes]] | None = None
        self.merged: tuple[str, dict[str, tuple[int, int, int]], list[bytes]] | None = None
        # The last bundle's chunks were compressed by this gzip level and zlib when this
        # folder is there: `save` removes the others' (an update links them into it).
        self.same_compressor = self.compressed is not None and self.compressed.is_dir()
        if path is not None:
            known = _load_checked(path)
            if isinstance(known, dict):
                self.known = known
            last = _load_checked(self.merged_path)  # type: ignore[arg-type]
            if isinstance(last, tuple) and len(last) == 3 and isinstance(last[1], dict):
                self.last_merged = last

    def last_pages(self, key: str) -> list[bytes] | None:
        """The pages the last merged bundle was made from (their digests, in order), if
        it was merged by the code `key` (merge_key)."""
        last = self.last_merged
        return last[2] if last is not None and last[0] == key else None

    def link_merged(self, key: str, pages: list[bytes], previous: Path, output: Path) -> bool:
        """Link into `output` the last build's bundle (`previous`, in the last good site)
        if it was merged by the code `key` from the same `pages`: the merge would write
        it again, byte for byte. False, `output` not made, when it was not, or when a
        file of it is not the one written then (size, time, inode: replaced or changed)."""
        last = self.last_merged
        if last is None or last[0] != key or last[2] != pages:
            return False
        try:
            if any(_identity(previous / name) != tuple(seen) for name, seen in last[1].items()):
                return False
            for name in last[1]:
                (output / name).parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(previous / name, output / name)
        except OSError:
            shutil.rmtree(output, ignore_errors=True)
            return False
        # Its chunks are the ones the last build wrote: their layout is kept as it was.
        self.made = {name: layout for name, layout in self.known.items() if f"index/{name}.pf_index" in last[1]}
        self.record_merged(key, output, pages)  # (linked: the same files; copied: new ones)
        return True

    def record_updated(self, key: str, output: Path, previous_order: list[str], order: list[str],
                       changed: dict[str, str]) -> None:
        """`output` was just updated (pagefind_merge.update: the bundle a clean build writes)
        from the last one for the pages `order`, of which `changed` were rendered: when the
        last one was recorded, so is this one (each page's digest: the changed pages' new,
        the others' as then), and the next full build can link it."""
        last = self.last_merged
        self.merged = None
        if last is None or last[0] != key or len(last[2]) != len(previous_order):
            return
        before = dict(zip(previous_order, last[2]))
        pages = []
        for url in order:
            if url in changed:
                pages.append(page_digest(url, changed[url]))
            elif url in before:
                pages.append(before[url])
            else:
                return
        self.record_merged(key, output, pages)

    def record_merged(self, key: str, output: Path, pages: list[bytes]) -> None:
        """`output` was just written from `pages` (their digests) by the code `key`: a
        full build from the same pages links it (link_merged)."""
        try:
            files = {p.relative_to(output).as_posix(): _identity(p) for p in sorted(output.rglob("*"))
                     if p.is_file()}
            self.merged = (key, files, pages)
        except OSError:
            self.merged = None

    def split(self, name: str, raw: bytes) -> list[tuple[str, bytes]] | None:
        """The (word, entry bytes) of chunk `name` (decompressed `raw`) as kept, or None."""
        kept = self.known.get(name)
        if kept is None or kept[0] != _digest(raw):
            return None
        starts = kept[1]
        words = []
        for start, end in zip(starts, [*starts[1:], len(raw)]):
            word, _ = _text(raw, start + 1)
            words.append((word, raw[start:end]))
        return words

    @staticmethod
    def layout(head: int, entries: list[bytes]) -> list[int]:
        """Where the entries start in a chunk whose entries follow `head` bytes."""
        at, starts = head, []
        for entry in entries:
            starts.append(at)
            at += len(entry)
        return starts

    def save(self) -> None:
        if self.path is not None:  # (lost, only the next build's speed is)
            _save_checked(self.path, self.made)
            # (None when this build's bundle was not merged from parts nor updated from a
            # recorded one: Pagefind over the whole site. The next full build then merges.)
            _save_checked(self.merged_path, self.merged)  # type: ignore[arg-type]
        if self.compressed is not None and self.compressed_used:
            for old in self.path.parent.glob("pagefind-gz-*") if self.path is not None else ():
                if old != self.compressed:  # another gzip level or zlib
                    shutil.rmtree(old, ignore_errors=True)
            try:
                for file in self.compressed.iterdir():
                    if file.name not in self.compressed_used:
                        file.unlink()
            except OSError:
                pass

    def compressed_chunk(self, digest: str, made: Path | None = None) -> Path | None:
        """The kept compressed chunk with SHA-256 `digest`, if there is one; with `made`,
        keep that file (just written, or linked from the last bundle) as it."""
        if self.compressed is None:
            return None
        kept = self.compressed / f"{digest}.gz"
        if made is not None:
            try:
                self.compressed.mkdir(parents=True, exist_ok=True)
                if not kept.is_file():
                    link_or_copy(made, kept)
            except OSError:
                return None  # only the next full build's speed is lost
        elif not kept.is_file():
            return None
        self.compressed_used.add(kept.name)
        return kept


def merged_record(chunk_words: Path) -> Path:
    """Where ChunkWords kept at `chunk_words` records the last merged index."""
    return chunk_words.with_name(MERGED_NAME)


@lru_cache(maxsize=4)
def merge_key(target: int) -> str:
    """What a merged bundle is made by besides its pages: the code that hands pages to
    Pagefind and merges its parts, the installed packages (Pagefind's version), zlib's
    version and the chunk size. Not the rest of the plugin's code: a change of the
    header, the footer or the lists leaves the index as it was."""
    from . import incremental, search

    sources = [Path(module.__file__).read_bytes() for module in (search_stream, search, pc)]  # type: ignore[arg-type]
    sources.append(Path(__file__).read_bytes())
    return hashlib.sha256(repr((sources, incremental.packages_digest(), zlib.ZLIB_RUNTIME_VERSION, pc.GZIP_LEVEL,
                                target)).encode()).hexdigest()


def _handed_digest(url: str, handed: str) -> bytes:
    return _digest(url.encode() + b"\0" + handed.encode())


def page_digest(url: str, html: str) -> bytes:
    """A page as handed to Pagefind (search_stream.essential), by its digest."""
    return _handed_digest(url, search_stream.essential(html))


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def _load_checked(path: Path) -> Any:
    """What `_save_checked` wrote to `path`; None when it is not there or not whole."""
    try:
        data = path.read_bytes()
        return marshal.loads(data[16:]) if data[:16] == _digest(data[16:]) else None
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _save_checked(path: Path, value: Any) -> None:
    """`value` in `path` (marshal), behind a digest of its bytes; nothing on failure."""
    data = marshal.dumps(value)
    try:
        write_atomic(path, _digest(data) + data)
    except OSError:
        pass


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _holds(path: Path, data: bytes) -> bool:
    """The gzip file `path` decompresses to `data` (not cut short by a killed copy, not
    another file): a tenth of the time of compressing `data` again."""
    try:
        return gzip.decompress(path.read_bytes()) == data
    except (OSError, EOFError, zlib.error):
        return False


# One page's data in a word entry: its number and the CBOR bytes of its positions and
# metadata positions (copied as they are, unless metadata keys are renumbered).
Item = tuple[int, bytes]
_SIZE = pc._INT_SIZE  # bytes of a CBOR integer by its first byte; 0: not an integer


class PageList:
    """A delta-encoded list of [page, positions, metadata positions] inside `data`:
    absolute page numbers, where each item starts and where its positions start."""

    __slots__ = ("data", "pages", "starts", "tails", "end")

    def __init__(self, data: bytes, at: int) -> None:
        first = data[at]
        if 0x80 <= first < 0x98:
            count, at = first - 0x80, at + 1
        else:
            count, at = _head(data, at, 4, "danh sách trang của một từ")
        size = _SIZE
        pages: list[int] = []
        starts: list[int] = []
        tails: list[int] = []
        page = 0
        for _ in range(count):
            if data[at] != 0x83:
                raise PagefindFormatError("mục trang của một từ không như mong đợi")
            starts.append(at)
            b = data[at + 1]
            if b < 24:
                delta, at = b, at + 2
            else:
                _, major, _, delta, at = pc._read_head(data, at + 1)
                if major:
                    raise PagefindFormatError("số thứ tự trang âm trong một từ")
            if not delta and pages:
                raise PagefindFormatError("số thứ tự trang không tăng dần trong một từ")
            page += delta
            pages.append(page)
            tails.append(at)
            for _ in (0, 1):  # positions, then metadata positions: arrays of integers
                b = data[at]
                if 0x80 <= b < 0x98:
                    n, at = b - 0x80, at + 1
                else:
                    n, at = _head(data, at, 4, "vị trí của một từ")
                for _ in range(n):
                    step = size[data[at]]
                    if not step:
                        raise PagefindFormatError("vị trí của một từ không phải số nguyên")
                    at += step
        self.data, self.pages, self.starts, self.tails, self.end = data, pages, starts, tails, at

    def tail(self, i: int) -> bytes:
        return self.data[self.tails[i]:self.starts[i + 1] if i + 1 < len(self.starts) else self.end]

    def items(self) -> list[Item]:
        return [(page, self.tail(i)) for i, page in enumerate(self.pages)]


@dataclass
class Entry:
    """A word of the index: pages where it is written without marks, and its variants."""

    word: str
    base: PageList
    variants: list[tuple[str, PageList]]


# Reading ----------------------------------------------------------------------------------

def _head(data: bytes, at: int, major: int, what: str) -> tuple[int, int]:
    _, got, _, arg, at = pc._read_head(data, at)
    if got != major:
        raise PagefindFormatError(f"{what}: kiểu CBOR {got}, cần {major}")
    return arg, at


def _text(data: bytes, at: int) -> tuple[str, int]:
    length, at = _head(data, at, 3, "từ")
    return data[at:at + length].decode("utf-8"), at + length


def parse_entry(data: bytes, at: int = 0) -> tuple[Entry, int]:
    """The word entry ([word, pages, [[variant, pages], ...]]) at `at`, and its end."""
    if data[at] != 0x83:
        raise PagefindFormatError("mục từ không như mong đợi")
    word, at = _text(data, at + 1)
    base = PageList(data, at)
    count, at = _head(data, base.end, 4, "các biến thể của một từ")
    variants = []
    for _ in range(count):
        if data[at] != 0x82:
            raise PagefindFormatError("biến thể của một từ không như mong đợi")
        variant, at = _text(data, at + 1)
        pages = PageList(data, at)
        variants.append((variant, pages))
        at = pages.end
    return Entry(word, base, variants), at


def split_chunk(raw: bytes) -> list[tuple[str, bytes]]:
    """The word entries of a decompressed index chunk, each as (word, its CBOR bytes)."""
    return [(entry.word, data) for entry, data in chunk_entries(raw)]


def chunk_entries(raw: bytes) -> Iterator[tuple[Entry, bytes]]:
    """The word entries of a decompressed index chunk, each read and as its CBOR bytes."""
    if not raw.startswith(pc.SIGNATURE) or raw[len(pc.SIGNATURE)] != 0x81:
        raise PagefindFormatError("mảnh chỉ mục không như mong đợi")
    count, at = _head(raw, len(pc.SIGNATURE) + 1, 4, "mảnh chỉ mục")
    for _ in range(count):
        entry, end = parse_entry(raw, at)
        yield entry, raw[at:end]
        at = end
    if at != len(raw):
        raise PagefindFormatError(f"mảnh chỉ mục: còn {len(raw) - at} byte thừa")


def _encode_items(items: list[Item]) -> bytes:
    out = [pc._head(4, len(items))]
    previous = 0
    for page, tail in items:
        out.append(b"\x83" + pc._head(0, page - previous) + tail)
        previous = page
    return b"".join(out)


def splice(pages: PageList, new_of: dict[int, int] | None, drop: set[int], add: list[Item]) -> tuple[int, int, bytes]:
    """A page list with the pages in `drop` left out, the others renumbered by `new_of`
    (None: same numbers; it must keep their order) and the items of `add` (new
    numbers, in order) put in place: (count, first page, CBOR without the array head).
    Runs of items whose delta is unchanged are copied as one slice."""
    data, numbers, starts = pages.data, pages.pages, pages.starts
    out: list[bytes] = []
    count = 0
    first = -1
    previous_out = 0  # number of the last page written
    previous_old = 0  # old number of the page before the current one
    run = -1  # start of the pending verbatim run
    j = 0
    for i, page in enumerate(numbers):
        if page in drop:
            if run >= 0:
                out.append(data[run:starts[i]])
                run = -1
            previous_old = page
            continue
        new = page if new_of is None else new_of[page]
        while j < len(add) and add[j][0] < new:  # items that come before this one
            if run >= 0:
                out.append(data[run:starts[i]])
                run = -1
            number, tail = add[j]
            out.append(b"\x83" + pc._head(0, number - previous_out) + tail)
            previous_out = number
            count += 1
            first = number if first < 0 else first
            j += 1
        if new - previous_out == page - previous_old:
            if run < 0:
                run = starts[i]
        else:
            if run >= 0:
                out.append(data[run:starts[i]])
                run = -1
            out.append(b"\x83" + pc._head(0, new - previous_out) + pages.tail(i))
        previous_out = new
        previous_old = page
        count += 1
        first = new if first < 0 else first
    if run >= 0:
        out.append(data[run:pages.end])
    for number, tail in add[j:]:
        out.append(b"\x83" + pc._head(0, number - previous_out) + tail)
        previous_out = number
        count += 1
        first = number if first < 0 else first
    return count, first, b"".join(out)


def _remap_tail(tail: bytes, keys: list[int]) -> bytes:
    """Positions and metadata positions with metadata key ranks renumbered (`keys`: old
    rank -> new rank). A rank is written as -(rank + 1) among the metadata positions."""
    end = pc.skip(tail, 0)
    meta, after = pc.decode(tail, end)
    if after != len(tail) or not isinstance(meta, list) or not all(isinstance(m, int) for m in meta):
        raise PagefindFormatError("vị trí trong siêu dữ liệu không như mong đợi")
    try:
        meta = [-(keys[-m - 1] + 1) if m < 0 else m for m in meta]
    except IndexError:
        raise PagefindFormatError("vị trí trong siêu dữ liệu trỏ tới khoá không có") from None
    return tail[:end] + pc.encode(meta)


@dataclass
class Bundle:
    """A Pagefind bundle as read: its entry file, metadata and files."""

    folder: Path
    entry: dict
    meta: list
    meta_name: str  # pagefind.<hash>.pf_meta
    words: Iterable[tuple[str, bytes]]  # (word, entry), in order
    filters: dict[str, dict[str, list[int]]]


def _words_in_order(folder: Path, chunks: list[str], kept: ChunkWords | None = None) -> Iterator[tuple[str, bytes]]:
    """The word entries of the chunks, read one chunk at a time, checked in order."""
    last = None
    for chunk in chunks:
        data = gzip.decompress((folder / "index" / f"{chunk}.pf_index").read_bytes())
        words = kept.split(chunk, data) if kept is not None else None
        for word, raw in words if words is not None else split_chunk(data):
            if last is not None and word <= last:
                raise PagefindFormatError("các từ trong chỉ mục không theo thứ tự tăng dần nghiêm ngặt")
            last = word
            yield word, raw


def _entries_in_order(folder: Path, chunks: list[str]) -> Iterator[tuple[str, bytes, Entry]]:
    """(word, CBOR bytes, entry as read) of the chunks, one chunk at a time, checked in order."""
    last = None
    for chunk in chunks:
        for entry, raw in chunk_entries(gzip.decompress((folder / "index" / f"{chunk}.pf_index").read_bytes())):
            if last is not None and entry.word <= last:
                raise PagefindFormatError("các từ trong chỉ mục không theo thứ tự tăng dần nghiêm ngặt")
            last = entry.word
            yield entry.word, raw, entry


def read_bundle(folder: Path, *, rechunked: bool, lazy: bool = False, kept: ChunkWords | None = None) -> Bundle:
    """A bundle, read and checked; with `lazy`, its words are read as they are used
    (where `kept` knows a chunk's entries, without walking them)."""
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        if entry.get("version") != pc.PAGEFIND_VERSION:
            raise PagefindFormatError(f"chỉ mục do Pagefind {entry.get('version')} ghi, "
                                      f"cần {pc.PAGEFIND_VERSION}")
        languages = entry.get("languages")
        if not isinstance(languages, dict) or set(languages) != {LANGUAGE}:
            raise PagefindFormatError(f"chỉ mục có các ngôn ngữ {sorted(languages or {})}, cần đúng một: {LANGUAGE}")
        info = languages[LANGUAGE]
        if rechunked and not str(info["hash"]).startswith(f"{LANGUAGE}_x"):
            raise PagefindFormatError("chỉ mục trước chưa được cắt lại (pagefind_chunks)")
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        meta = pc.read(folder / meta_name)
        if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == pc.PAGEFIND_VERSION
                and all(isinstance(m, list) for m in meta[1:])):
            raise PagefindFormatError(f"{meta_name}: bố cục siêu dữ liệu không như mong đợi")
        if meta[4]:
            raise PagefindFormatError("chỉ mục có khoá sắp xếp (data-pagefind-sort), chưa hỗ trợ")
        if info.get("page_count") != len(meta[1]):
            raise PagefindFormatError("số trang trong pagefind-entry.json khác số trang của chỉ mục")
        chunks = [str(chunk) for _, _, chunk in meta[2]]
        if lazy:
            words: Iterable[tuple[str, bytes]] = _words_in_order(folder, chunks, kept)
        else:
            words = []
            for chunk in chunks:
                words.extend(split_chunk(gzip.decompress((folder / "index" / f"{chunk}.pf_index").read_bytes())))
            words.sort(key=lambda w: w[0])
            if any(a[0] == b[0] for a, b in zip(words, words[1:])):
                raise PagefindFormatError("một từ có hai mục trong chỉ mục")
        filters: dict[str, dict[str, list[int]]] = {}
        for name, filter_hash in meta[3]:
            data = pc._sorted_filter(pc.read(folder / "filter" / f"{filter_hash}.pf_filter"))
            if data[0] != name or name in filters:
                raise PagefindFormatError(f"bộ lọc {name!r} không như mong đợi")
            filters[name] = {value: pages for value, pages in data[1]}
        if not all(isinstance(k, str) for k in meta[5]) or len(set(meta[5])) != len(meta[5]):
            raise PagefindFormatError("danh sách khoá siêu dữ liệu không như mong đợi")
        meta[5] = sorted(meta[5])
        return Bundle(folder, entry, meta, meta_name, words, filters)
    except PagefindFormatError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, EOFError, OSError, zlib.error) as error:
        raise PagefindFormatError(f"{folder}: {type(error).__name__}: {error}") from error


def pagefind_hash(data: bytes) -> str:
    """Pagefind's full_hash: SHA-1 bytes in hex without padding (7 -> "7", not "07")."""
    return "".join(format(b, "x") for b in hashlib.sha1(data).digest())


def fragment_json(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(pc.SIGNATURE):
        raise PagefindFormatError(f"{path.name}: không có chữ ký Pagefind")
    return raw[len(pc.SIGNATURE):]


def bundle_order(bundle: Path) -> list[str]:
    """The URLs of a bundle's pages in page (feed) order, read from its fragments: the
    `previous_order` of `update` when the caller has not kept it."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        meta = pc.read(bundle / f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta")
        return [json.loads(fragment_json(bundle / "fragment" / f"{name}.pf_fragment"))["url"]
                for name, _ in meta[1]]
    except (PagefindFormatError, KeyError, IndexError, TypeError, ValueError, EOFError, OSError) as error:
        raise MergeError(f"không đọc được thứ tự trang của chỉ mục trước: {type(error).__name__}: {error}") from error


# Running Pagefind on a few pages ------------------------------------------------------------

def index_pages(pages: Iterable[tuple[str, str]], output: Path) -> None:
    """Pagefind over (URL, HTML) pages, in that order, with the bulletin's settings,
    written as Pagefind writes it (no re-cut) into `output`."""
    stream = search_stream.start()
    try:
        for url, html in pages:
            stream.add(url, html)
        stream.write(output)
    finally:
        stream.close()


@dataclass
class Mini:
    """A mini index: per page URL its number, fragment file, word count, metadata keys."""

    bundle: Bundle
    urls: list[str]
    fragments: dict[str, Path]  # url -> fragment file
    full_hash: dict[str, str]  # url -> Pagefind's hash of its fragment
    word_count: dict[str, int]
    meta_keys: dict[str, set[str]]
    filters: dict[str, dict[str, list[str]]]  # url -> filter -> values


def read_mini(folder: Path, urls: list[str] | None, *, lazy: bool = False) -> Mini:
    """A small index as Pagefind wrote it, of the pages `urls` in that order (None: of
    the pages it holds, whatever they are); `lazy`: its words read as they are used."""
    entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
    if isinstance(entry, dict) and entry.get("languages") == {}:
        raise MergeError(f"Pagefind không lập chỉ mục trang nào trong {len(urls or [])} trang được đưa vào "
                         "(có trang không có chữ nào để tìm?)")
    bundle = read_bundle(folder, rechunked=False, lazy=lazy)
    if urls is not None and len(bundle.meta[1]) != len(urls):
        raise MergeError(f"Pagefind lập chỉ mục {len(bundle.meta[1])} trên {len(urls)} trang được đưa vào "
                         "(có trang không có chữ nào để tìm?)")
    mini = Mini(bundle, [], {}, {}, {}, {}, {})
    for number, (name, count) in enumerate(bundle.meta[1]):
        path = folder / "fragment" / f"{name}.pf_fragment"
        raw = fragment_json(path)
        data = json.loads(raw)
        url = data.get("url") if urls is None else urls[number]
        if data.get("url") != url or not isinstance(url, str) or url in mini.fragments:
            raise MergeError(f"trang số {number} của chỉ mục nhỏ là {data.get('url')!r}, cần {url!r}")
        full = f"{LANGUAGE}_{pagefind_hash(raw)}"
        if not full.startswith(name):
            raise PagefindFormatError(f"{path.name}: tên không khớp mã băm nội dung")
        if data.get("word_count") != count:
            raise PagefindFormatError(f"{path.name}: số từ khác với siêu dữ liệu")
        mini.urls.append(url)
        mini.fragments[url], mini.full_hash[url], mini.word_count[url] = path, full, count
        mini.meta_keys[url] = set(data.get("meta") or {})
        mini.filters[url] = data.get("filters") or {}
    return mini


def reindex(site_dir: Path, order: list[str], warn: Callable[[str], None] | None = None) -> None:
    """The fallback of a failed `update`: index the pages of `order` from their HTML in
    `site_dir`, fed in that order as a clean build feeds them (same bytes as a clean
    build), into site_dir/pagefind (removed first).

    Raises:
        search.SearchIndexError: Pagefind failed.
    """
    from . import search, search_stream

    shutil.rmtree(site_dir / search.BUNDLE, ignore_errors=True)
    stream = search_stream.start()
    try:
        for url in order:
            stream.add(url, (site_dir / urls.page_file(url)).read_text(encoding="utf-8"))
    except BaseException:
        stream.close()
        raise
    search_stream.finish(stream, site_dir, warn=warn)


# Writing ------------------------------------------------------------------------------------

def write_bundle(output: Path, *, entry: dict, version: str, pages: list[list], fragments: list[Path],
                 words: Iterable[tuple[str, bytes]], filters: dict[str, dict[str, list[int]]], keys: list[str],
                 static: Path, before: Path | None, target: int,
                 kept: ChunkWords | None = None) -> tuple[int, int]:
    """Write a bundle as pagefind_chunks.rechunk leaves it: fragments (linked from
    `fragments`, named by `pages`), the words cut into chunks, the filters, the metadata,
    the entry file, and the static files of `static`. A chunk, filter or metadata file
    already in `before` with the same bytes is linked, not compressed again.
    Returns (chunks, chunks linked)."""
    if output.exists() and any(output.iterdir()):
        raise MergeError(f"thư mục đích {output} không trống")
    output.mkdir(parents=True, exist_ok=True)
    for sub in ("fragment", "index", "filter"):
        (output / sub).mkdir(exist_ok=True)
    for (name, _), source in zip(pages, fragments):
        _link_or_copy(source, output / "fragment" / f"{name}.pf_fragment")

    def write(folder: Path, prefix: str, suffix: str, payload: bytes, hash_len: int,
              earlier: Path | None) -> tuple[str, bool]:
        digest = hashlib.sha256(payload).hexdigest()
        name = f"{prefix}x{digest[:hash_len]}"
        source = earlier / f"{name}{suffix}" if earlier is not None else None
        target = folder / f"{name}{suffix}"
        keep = kept is not None and suffix == ".pf_index"
        if source is not None and source.is_file():
            _link_or_copy(source, target)
            if keep and kept.same_compressor:
                kept.compressed_chunk(digest, made=target)
            return name, True
        cached = kept.compressed_chunk(digest) if keep else None
        if cached is not None:
            if _holds(cached, pc.SIGNATURE + payload):
                _link_or_copy(cached, target)
                return name, False
            cached.unlink(missing_ok=True)  # kept again below, as written now
        compressed = gzip.compress(pc.SIGNATURE + payload, compresslevel=pc.GZIP_LEVEL, mtime=0)
        target.write_bytes(compressed)
        if keep:
            kept.compressed_chunk(digest, made=target)
        return name, False

    # The words are cut as pagefind_chunks.cut cuts them, and each chunk is compressed
    # (in threads: zlib runs on every core) while the next ones are being merged.
    ends: list[list[str]] = []  # first and last word of each chunk
    jobs = []
    layouts: list[tuple[bytes, list[int]]] = []  # each chunk's digest and word entry starts
    earlier_index = before / "index" if before is not None else None
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        def submit(chunk: list[tuple[str, bytes]]) -> None:
            ends.append([chunk[0][0], chunk[-1][0]])
            head = pc._head(4, 1) + pc._head(4, len(chunk))
            payload = head + b"".join(e for _, e in chunk)
            if kept is not None:
                layouts.append((_digest(pc.SIGNATURE + payload),
                                kept.layout(len(pc.SIGNATURE) + len(head), [e for _, e in chunk])))
            jobs.append(pool.submit(write, output / "index", f"{LANGUAGE}_", ".pf_index", payload, 7, earlier_index))

        for chunk in pc.runs(words, target):
            submit(chunk)
        written = [job.result() for job in jobs]
    if kept is not None:
        kept.made = {name: layout for (name, _), layout in zip(written, layouts)}
    bounds = pc.bounds(ends)
    meta: list[Any] = [version, pages, [[low, high, name] for (low, high), (name, _) in zip(bounds, written)],
                       [], [], keys]
    for name in sorted(filters):
        values = [[value, sorted(numbers)] for value, numbers in sorted(filters[name].items()) if numbers]
        if values:
            meta[3].append([name, write(output / "filter", f"{LANGUAGE}_", ".pf_filter", pc.encode([name, values]),
                                        7, before / "filter" if before is not None else None)[0]])
    meta_name = write(output, f"pagefind.{LANGUAGE}_", ".pf_meta", pc.encode(meta), 10, before)[0]
    entry = json.loads(json.dumps(entry))
    entry["languages"][LANGUAGE]["hash"] = meta_name.split(".", 1)[1]
    entry["languages"][LANGUAGE]["page_count"] = len(pages)
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for path in static.iterdir():
        if path.is_file() and path.name != ENTRY and not path.name.endswith(".pf_meta"):
            _link_or_copy(path, output / path.name)
    return len(written), sum(linked for _, linked in written)


# Merging ------------------------------------------------------------------------------------

def _rank_map(old: list[str], new: list[str]) -> list[int] | None:
    """Old rank -> new rank of metadata keys; None when nothing moves."""
    if old == new:
        return None
    position = {k: i for i, k in enumerate(new)}
    return [position.get(k, -10**6) for k in old]


def fragment_names(full_hashes: list[str]) -> list[str]:
    """Fragment names as Pagefind gives them in page order: language + 7 hex digits,
    one digit more for each collision with an earlier page."""
    taken: dict[str, str] = {}
    names = []
    short_len = len(LANGUAGE) + 8
    for full in full_hashes:
        short = full[:short_len]
        while short in taken:
            if taken[short] == full:
                raise MergeError("hai trang có cùng nội dung chỉ mục (trùng địa chỉ?)")
            if len(short) >= len(full):
                raise MergeError("không đặt được tên mảnh chỉ mục (trùng mã băm)")
            short = full[:len(short) + 1]
        taken[short] = full
        names.append(short)
    return names


def _link_or_copy(source: Path, target: Path) -> None:
    """diskio.link_or_copy; a `target` that exists stops the update."""
    try:
        link_or_copy(source, target)
    except FileExistsError:
        raise MergeError(f"{target} đã có trong thư mục đích") from None


def update(previous: Path, previous_order: list[str], order: list[str], changed: dict[str, str],
           output: Path, warn: Callable[[str], None] | None = None, *,
           previous_site: Path | None = None, previous_html: Callable[[str], str] | None = None,
           target: int = pc.TARGET_BYTES, kept: ChunkWords | None = None) -> Stats:
    """Write into `output` the bundle a clean build of `order` writes, from `previous`.

    Args:
        previous: the last good bundle (site/pagefind), indexed from `previous_order`.
        previous_order: URLs of the pages fed to Pagefind last time, in feed order.
        order: URLs of the pages to index now, in feed (render) order.
        changed: URL -> full HTML of every page of `order` that is new or changed.
        output: an empty or missing folder for the new bundle.
        warn: unused (kept for the plugin's calling convention).
        previous_site: where the previous HTML of changed and removed pages is read
            (default: the folder holding `previous`); or give `previous_html(url)`.
        kept: where the previous chunks' words start (from the build that wrote them);
            filled with the new bundle's for the next update.

    Raises:
        MergeError: the index cannot be updated (the message says why, in Vietnamese);
            nothing useful is in `output` then, and the caller re-indexes every page.
    """
    try:
        return _update(previous, previous_order, order, changed, output, previous_site, previous_html, target,
                       kept)
    except MergeError:
        raise
    except PagefindFormatError as error:
        raise MergeError(f"định dạng chỉ mục không như mong đợi: {error}") from error
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, EOFError, OSError,
            json.JSONDecodeError, zlib.error) as error:
        raise MergeError(f"{type(error).__name__}: {error}") from error
    except RuntimeError as error:  # search_stream.StreamError: Pagefind itself failed
        raise MergeError(f"Pagefind không lập được chỉ mục nhỏ: {error}") from error


def _update(previous: Path, previous_order: list[str], order: list[str], changed: dict[str, str],
            output: Path, previous_site: Path | None, previous_html: Callable[[str], str] | None,
            target: int, kept: ChunkWords | None = None) -> Stats:
    clock = time.perf_counter()
    stats = Stats(pages=len(order))
    seconds = stats.seconds
    if len(set(order)) != len(order) or len(set(previous_order)) != len(previous_order):
        raise MergeError("một địa chỉ trang xuất hiện hai lần trong thứ tự trang")
    if not order:
        raise MergeError("không có trang nào để lập chỉ mục")
    unknown = set(changed) - set(order)
    if unknown:
        raise MergeError(f"trang thay đổi không nằm trong thứ tự trang: {sorted(unknown)[:3]}")
    old_number = {url: i for i, url in enumerate(previous_order)}
    new_number = {url: i for i, url in enumerate(order)}
    missing = [url for url in order if url not in old_number and url not in changed]
    if missing:
        raise MergeError(f"trang mới mà không có HTML: {missing[:3]}")
    removed = [url for url in previous_order if url not in new_number]
    edited = [url for url in order if url in changed and url in old_number]
    added = [url for url in order if url not in old_number]
    stats.added, stats.changed, stats.removed = len(added), len(edited), len(removed)
    gone = [url for url in previous_order if url in changed or url not in new_number]  # old data to drop
    fresh = [url for url in order if url in changed]  # new data to add

    old = read_bundle(previous, rechunked=True, lazy=True, kept=kept)
    if len(old.meta[1]) != len(previous_order):
        raise MergeError(f"chỉ mục trước có {len(old.meta[1])} trang, thứ tự trang trước có {len(previous_order)}")
    seconds["read"] = time.perf_counter() - clock

    if previous_html is None:
        site = previous_site if previous_site is not None else previous.parent
        def previous_html(url: str) -> str:
            return (site / urls.page_file(url)).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="bantin-pagefind-") as scratch:
        work = Path(scratch)
        # The two mini indexes, in two Pagefind processes side by side.
        jobs = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            if gone:
                old_pages = [(url, previous_html(url)) for url in gone]
                jobs.append(pool.submit(index_pages, old_pages, work / "old"))
            if fresh:
                jobs.append(pool.submit(index_pages, [(url, changed[url]) for url in fresh], work / "new"))
            for job in jobs:
                job.result()
        seconds["pagefind"] = time.perf_counter() - clock - sum(seconds.values())
        was = read_mini(work / "old", gone) if gone else None
        now = read_mini(work / "new", fresh) if fresh else None

        # The old mini index must be the previous pages as indexed: same fragments.
        if was is not None:
            for url in gone:
                name = old.meta[1][old_number[url]][0]
                if not was.full_hash[url].startswith(name) or was.word_count[url] != old.meta[1][old_number[url]][1]:
                    raise MergeError(f"trang {url} trong site trước khác trang đã lập chỉ mục")

        # Metadata keys: those of the previous index, of the new pages, less those that
        # only the dropped pages had.
        keys = set(old.meta[5]) | (set(now.bundle.meta[5]) if now else set())
        if was is not None:
            candidates = set(was.bundle.meta[5]) - (set(now.bundle.meta[5]) if now else set())
            if candidates:
                stale = set(gone)
                for url, (name, _) in zip(previous_order, old.meta[1]):
                    if not candidates:
                        break
                    if url in stale:
                        continue
                    data = json.loads(fragment_json(previous / "fragment" / f"{name}.pf_fragment"))
                    candidates -= set(data.get("meta") or {})
                keys -= candidates
        keys_sorted = sorted(keys)
        old_ranks = _rank_map(old.meta[5], keys_sorted)
        was_ranks = _rank_map(was.bundle.meta[5], keys_sorted) if was else None
        now_ranks = _rank_map(now.bundle.meta[5], keys_sorted) if now else None

        # Page numbers: old number -> new number for the pages kept as they are.
        gone_numbers = {old_number[url] for url in gone}
        kept_map = {old_number[url]: new_number[url] for url in order if url not in changed}
        renumbered = any(a != b for a, b in kept_map.items())
        stats.renumbered = renumbered
        was_number = {i: old_number[url] for i, url in enumerate(gone)}
        now_number = {i: new_number[url] for i, url in enumerate(fresh)}

        def mini_entries(mini: Mini | None, numbers: dict[int, int], ranks: list[int] | None
                         ) -> dict[str, dict[str | None, list[Item]]]:
            """word -> variant (None: the form without marks) -> items, in the new
            numbering (the old mini index: old numbers) and the new metadata ranks."""
            found: dict[str, dict[str | None, list[Item]]] = {}
            for word, raw in (mini.bundle.words if mini else []):
                entry, _ = parse_entry(raw)
                lists = found[word] = {}
                for variant, pages in [(None, entry.base), *entry.variants]:
                    lists[variant] = [(numbers[p], _remap_tail(t, ranks) if ranks is not None else t)
                                      for p, t in pages.items()]
            return found

        was_words = mini_entries(was, was_number, was_ranks)
        now_words = mini_entries(now, now_number, now_ranks)
        touched = set(was_words) | set(now_words)
        monotonic = all(a < b for a, b in zip((kept_map[p] for p in sorted(kept_map)),
                                              (kept_map[p] for p in sorted(kept_map)[1:])))

        def merge(word: str, raw: bytes | None) -> bytes | None:
            entry = parse_entry(raw)[0] if raw is not None else None
            drop = was_words.get(word, {})
            add = now_words.get(word, {})
            lists: list[tuple[str | None, int, int, bytes]] = []  # variant, count, first page, items
            old_lists = [(None, entry.base), *entry.variants] if entry is not None else []
            for variant, pages in old_lists:
                expected = drop.get(variant, [])
                found = [(p, pages.tail(i)) for i, p in enumerate(pages.pages) if p in gone_numbers]
                if old_ranks is not None:
                    found = [(p, _remap_tail(t, old_ranks)) for p, t in found]
                if found != expected:
                    raise MergeError(f"chỉ mục trước không khớp trang cũ ở từ {variant or word!r} (trang "
                                     "trong site trước không phải trang đã lập chỉ mục?)")
                new_items = add.get(variant, [])
                if old_ranks is None and monotonic:
                    count, first, body = splice(pages, None if not renumbered else kept_map,
                                                gone_numbers, new_items)
                else:
                    items = [(kept_map[p], _remap_tail(t, old_ranks) if old_ranks is not None else t)
                             for p, t in pages.items() if p not in gone_numbers] + new_items
                    items.sort(key=lambda it: it[0])
                    body = _encode_items(items)
                    body = body[len(pc._head(4, len(items))):]
                    count, first = len(items), (items[0][0] if items else -1)
                if count:
                    lists.append((variant, count, first, body))
            if set(drop) - {v for v, _ in old_lists}:
                raise MergeError(f"chỉ mục trước thiếu một biến thể của từ {word!r} ở trang cũ")
            for variant, items in add.items():
                if variant not in {v for v, _ in old_lists} and items:
                    body = _encode_items(items)[len(pc._head(4, len(items))):]
                    lists.append((variant, len(items), items[0][0], body))
            base = [entry for entry in lists if entry[0] is None]
            variants = sorted((entry for entry in lists if entry[0] is not None), key=lambda e: (e[2], e[0]))
            if not base and not variants:
                return None
            out = [b"\x83", pc.encode(word)]
            out += [pc._head(4, base[0][1]), base[0][3]] if base else [b"\x80"]
            out.append(pc._head(4, len(variants)))
            for variant, count, _, body in variants:
                out += [b"\x82", pc.encode(variant), pc._head(4, count), body]
            return b"".join(out)

        rewrite_all = renumbered or old_ranks is not None
        new_words = iter(sorted(touched))

        def merged_words() -> Iterator[tuple[str, bytes]]:
            """Every word of the new index, in order: the previous ones (merged where
            touched), and the touched words the previous index did not have."""
            pending = next(new_words, None)

            def emit(word: str, raw: bytes | None) -> Iterator[tuple[str, bytes]]:
                stats.words_rewritten += 1
                merged = merge(word, raw)
                if merged is not None:
                    stats.words += 1
                    yield word, merged

            for word, raw in old.words:
                while pending is not None and pending < word:
                    yield from emit(pending, None)
                    pending = next(new_words, None)
                if pending == word:
                    pending = next(new_words, None)
                    yield from emit(word, raw)
                elif rewrite_all:
                    yield from emit(word, raw)
                else:
                    stats.words += 1
                    yield word, raw
            while pending is not None:
                yield from emit(pending, None)
                pending = next(new_words, None)


        # Filters.
        filters: dict[str, dict[str, list[int]]] = {}
        for name, values in old.filters.items():
            for value, pages in values.items():
                keep = [kept_map[p] for p in pages if p not in gone_numbers]
                if keep:
                    filters.setdefault(name, {}).setdefault(value, []).extend(keep)
        if now is not None:
            for name, values in now.bundle.filters.items():
                for value, pages in values.items():
                    filters.setdefault(name, {}).setdefault(value, []).extend(now_number[p] for p in pages)

        # Pages: fragment names and word counts.
        page_list = []
        full_hashes = []
        prefixes: dict[str, int] = {}
        for url in order:
            if url in changed:
                full = now.full_hash[url]  # type: ignore[union-attr]
                prefix = full[:len(LANGUAGE) + 8]
            else:
                prefix = old.meta[1][old_number[url]][0][:len(LANGUAGE) + 8]
                full = prefix  # completed below if its prefix is shared
            full_hashes.append(full)
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
        for i, url in enumerate(order):
            if url not in changed and prefixes[full_hashes[i]] > 1:
                name = old.meta[1][old_number[url]][0]
                raw = fragment_json(previous / "fragment" / f"{name}.pf_fragment")
                full_hashes[i] = f"{LANGUAGE}_{pagefind_hash(raw)}"
        names = fragment_names(full_hashes)
        for url, name in zip(order, names):
            if url in changed:
                page_list.append([name, now.word_count[url]])  # type: ignore[union-attr]
            else:
                page_list.append([name, old.meta[1][old_number[url]][1]])

        # Write: fragments, chunks, filters, metadata, entry file, static files.
        sources = [now.fragments[url] if url in changed  # type: ignore[union-attr]
                   else previous / "fragment" / f"{old.meta[1][old_number[url]][0]}.pf_fragment" for url in order]
        stats.chunks, stats.chunks_linked = write_bundle(
            output, entry=old.entry, version=old.meta[0], pages=page_list, fragments=sources, words=merged_words(),
            filters=filters, keys=keys_sorted, static=previous, before=previous, target=target, kept=kept)
        seconds["merge_write"] = time.perf_counter() - clock - sum(seconds.values())
    return stats


# A full index in parts --------------------------------------------------------------------------

def _concatenate(parts: list[tuple[PageList, int, list[int] | None]]) -> tuple[int, int, bytes]:
    """Page lists of consecutive parts as one: (count, first page, CBOR without the
    array head). Each part is (its list, the number of its first page in the whole
    index, its metadata ranks -> the whole index's, None when the same)."""
    out: list[bytes] = []
    count = 0
    first = -1
    previous = 0
    for pages, offset, ranks in parts:
        if not pages.pages:
            continue
        if ranks is None:
            page = pages.pages[0] + offset
            out.append(b"\x83" + pc._head(0, page - previous) + pages.tail(0))
            if len(pages.pages) > 1:
                out.append(pages.data[pages.starts[1]:pages.end])
            previous = pages.pages[-1] + offset
        else:
            for i, number in enumerate(pages.pages):
                page = number + offset
                out.append(b"\x83" + pc._head(0, page - previous) + _remap_tail(pages.tail(i), ranks))
                previous = page
        first = pages.pages[0] + offset if first < 0 else first
        count += len(pages.pages)
    return count, first, b"".join(out)


def _numbered(j: int, entries: Iterator[tuple[str, bytes, Entry]]) -> Iterator[tuple[str, int, bytes, Entry]]:
    for word, raw, entry in entries:
        yield word, j, raw, entry


def merge_parts(parts: list[Path], output: Path, *, target: int = pc.TARGET_BYTES,
                kept: ChunkWords | None = None) -> Stats:
    """Write into `output` the bundle a clean build writes when Pagefind is fed the pages
    of every part, in the order of `parts`, in one process. Each part is a bundle as
    Pagefind writes it (search_stream, no re-cut) of consecutive pages.

    Raises:
        MergeError: the parts cannot be merged (a page in two parts, another format).
    """
    try:
        return _merge_parts(parts, output, target, kept)
    except MergeError:
        raise
    except PagefindFormatError as error:
        raise MergeError(f"định dạng chỉ mục không như mong đợi: {error}") from error
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, EOFError, OSError, zlib.error) as error:
        raise MergeError(f"{type(error).__name__}: {error}") from error


def _merge_parts(parts: list[Path], output: Path, target: int, kept: ChunkWords | None = None) -> Stats:
    clock = time.perf_counter()
    minis = []
    for folder in parts:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        if entry.get("languages") != {}:  # a part whose pages have no words adds nothing
            minis.append((folder, read_mini(folder, None, lazy=True)))
    if not minis:
        raise MergeError("không có trang nào để lập chỉ mục")
    urls = [url for _, mini in minis for url in mini.urls]
    if len(set(urls)) != len(urls):
        raise MergeError("một trang nằm trong hai phần của chỉ mục")
    stats = Stats(pages=len(urls), added=len(urls))
    keys = sorted(set().union(*(mini.bundle.meta[5] for _, mini in minis)))
    offsets, ranks = [], []
    total = 0
    for _, mini in minis:
        offsets.append(total)
        ranks.append(_rank_map(mini.bundle.meta[5], keys))
        total += len(mini.urls)
    stats.seconds["read"] = time.perf_counter() - clock

    # The parts' words side by side in word order, each entry read once (one chunk of
    # each part in memory at a time); a word's parts in part order.
    streams = [_numbered(j, _entries_in_order(folder, [str(chunk) for _, _, chunk in mini.bundle.meta[2]]))
               for j, (folder, mini) in enumerate(minis)]
    words: list[tuple[str, bytes]] = []
    for word, group in groupby(heapq.merge(*streams), key=itemgetter(0)):
        holders = [(j, raw, entry) for _, j, raw, entry in group]
        if len(holders) == 1 and offsets[holders[0][0]] == 0 and ranks[holders[0][0]] is None:
            words.append((word, holders[0][1]))
            continue
        lists: dict[str | None, list[tuple[PageList, int, list[int] | None]]] = {}
        for j, _, entry in holders:
            for variant, pages in [(None, entry.base), *entry.variants]:
                lists.setdefault(variant, []).append((pages, offsets[j], ranks[j]))
        joined = [(variant, *_concatenate(pieces)) for variant, pieces in lists.items()]
        base = [j for j in joined if j[0] is None and j[1]]
        variants = sorted((j for j in joined if j[0] is not None and j[1]), key=lambda v: (v[2], v[0]))
        out = [b"\x83", pc.encode(word)]
        out += [pc._head(4, base[0][1]), base[0][3]] if base else [b"\x80"]
        out.append(pc._head(4, len(variants)))
        for variant, count, _, body in variants:
            out += [b"\x82", pc.encode(variant), pc._head(4, count), body]
        words.append((word, b"".join(out)))
    stats.words = stats.words_rewritten = len(words)

    filters: dict[str, dict[str, list[int]]] = {}
    for j, (_, mini) in enumerate(minis):
        for name, values in mini.bundle.filters.items():
            for value, pages in values.items():
                filters.setdefault(name, {}).setdefault(value, []).extend(p + offsets[j] for p in pages)
    names = fragment_names([mini.full_hash[url] for _, mini in minis for url in mini.urls])
    counts = [mini.word_count[url] for _, mini in minis for url in mini.urls]
    sources = [mini.fragments[url] for _, mini in minis for url in mini.urls]
    stats.seconds["merge"] = time.perf_counter() - clock - stats.seconds["read"]
    first_folder, first = minis[0]
    stats.chunks, _ = write_bundle(
        output, entry=first.bundle.entry, version=first.bundle.meta[0],
        pages=[[name, count] for name, count in zip(names, counts)], fragments=sources, words=words,
        filters=filters, keys=keys, static=first_folder, before=None, target=target, kept=kept)
    stats.seconds["write"] = time.perf_counter() - clock - stats.seconds["read"] - stats.seconds["merge"]
    return stats


class PartStream:
    """search_stream.PagefindStream's work in parts: a new Pagefind process every
    `part_size` pages, each written to a scratch folder when full, merged at the end
    (merge_parts). Pagefind's memory grows with the pages it holds (about 0,24 MB a
    page): a part bounds it. `kept`: the chunks' layouts and the last merged index's
    record, updated as the bundle is written; `previous`: the last good site's bundle;
    `site_dir`: the folder the pages are written to; `target`: the chunks' size."""

    def __init__(self, part_size: int = 1000, *, kept: ChunkWords | None = None,
                 previous: Path | None = None, site_dir: Path | None = None, target: int = pc.TARGET_BYTES) -> None:
        self.part_size = part_size
        self.pages = 0
        self._scratch = Path(tempfile.mkdtemp(prefix="bantin-pagefind-parts-"))
        self._parts: list[Path] = []
        # What Pagefind was handed, every page in order (a digest each): what the merged
        # bundle is made from (its parts' files are not: Pagefind writes a filter's values
        # in any order).
        self._page_digests: list[bytes] = []
        # Held back: while the pages are those the last good site's bundle was merged
        # from (each by its digest, in order), none is handed to Pagefind; at the first
        # that is not, the pages held back are read from `site_dir` (written by then)
        # and handed over. Should all be the same, `write` links that bundle.
        self.kept, self.previous, self._site_dir, self.target = kept, previous, site_dir, target
        self._expected = (kept.last_pages(merge_key(target))
                          if kept is not None and previous is not None and site_dir is not None else None)
        self._held: list[str] = []
        self._stream = None
        self._in_part = 0
        # The part being finished (its index made and written) in a thread while the
        # next one fills: the pages keep rendering meanwhile, on the other core.
        self._finishing: list[tuple[threading.Thread, Any]] = []
        self._failure: BaseException | None = None

    @property
    def holding(self) -> bool:
        """Pages are held back (the same as those the last merged index was made from, so
        far): Pagefind is not running."""
        return self._expected is not None

    def add(self, url: str, html: str) -> None:
        handed = search_stream.essential(html)
        digest = _handed_digest(url, handed)
        self._page_digests.append(digest)
        self.pages += 1
        if self._expected is not None:
            at = len(self._page_digests) - 1
            if at < len(self._expected) and self._expected[at] == digest:
                self._held.append(url)
                return
            self._release()
        self._hand(url, handed)

    def _hand(self, url: str, handed: str) -> None:
        if self._stream is None:
            self._stream = search_stream.start()
            self._in_part = 0
        self._stream.hand(url, handed)
        self._in_part += 1
        if self._in_part >= self.part_size:
            self._flush()

    def _release(self) -> None:
        """Hand Pagefind the pages held back, read from the site folder, and hold no more."""
        held, self._held, self._expected = self._held, [], None
        assert self._site_dir is not None or not held
        for url in held:
            html = (self._site_dir / urls.page_file(url)).read_text(encoding="utf-8")  # type: ignore[operator]
            self._hand(url, search_stream.essential(html))

    def close_part(self) -> None:
        """No more pages for now: the part being filled is finished at once, in a thread,
        without waiting for the one before it (still finishing, perhaps; it goes first).
        The build renders the list pages meanwhile, which Pagefind has no part in, and
        `write` then finds every part done. A page added after this starts a new part."""
        if self._stream is not None:
            self._flush(wait=False)

    def _flush(self, wait: bool = True) -> None:
        """Finish the part being filled, in a thread. With `wait`, the one finishing
        before it is waited for first (at most one part finishing while one fills: each
        is a Pagefind process holding its pages)."""
        if wait:
            self._settle()
        if self._stream is not None:
            stream, self._stream = self._stream, None
            folder = self._scratch / f"part-{len(self._parts):04d}"
            self._parts.append(folder)
            before = [thread for thread, _ in self._finishing]

            def finish_part() -> None:
                try:
                    for thread in before:
                        thread.join()
                    stream.write(folder)
                except BaseException as error:  # raised in the build's thread by _settle
                    self._failure = error

            thread = threading.Thread(target=finish_part, name="pagefind-part", daemon=True)
            thread.start()
            self._finishing.append((thread, stream))

    def _settle(self) -> None:
        """Wait for the parts being finished; raise what stopped one (search_stream.StreamError,
        OSError)."""
        for thread, _ in self._finishing:
            thread.join()
        self._finishing = []
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def write(self, output: Path) -> Stats:
        """Merge the parts into `output` (re-cut: the bundle is final) and clean up. With
        `kept` and `previous` (the last good site's bundle): when the last build merged
        the same pages, its bundle is linked instead (a full build of unchanged articles,
        after a change of templates or code: the merge would write the same bytes)."""
        kept, previous = self.kept, self.previous
        try:
            key = merge_key(self.target)
            if kept is not None and previous is not None and kept.link_merged(key, self._page_digests, previous,
                                                                               output):
                self._held = []
                return Stats(pages=self.pages, chunks=len(kept.made), chunks_linked=len(kept.made))
            self._release()  # (all the same, but that bundle is not there as written)
            self._flush()
            self._settle()
            stats = merge_parts(self._parts, output, target=self.target, kept=kept)
            if kept is not None:
                kept.record_merged(key, output, self._page_digests)
            return stats
        finally:
            self.close()

    def finish(self, site_dir: Path, warn: Callable[[str], None] | None = None) -> None:
        """search_stream.finish for a stream in parts: the bundle into site_dir/pagefind.
        Should the parts not merge, Pagefind indexes the finished site in one run
        (search.index: a working index, in the order of the files on disk).

        Raises:
            search.SearchIndexError: Pagefind failed.
        """
        from . import search

        bundle = site_dir / search.BUNDLE
        if not self.pages:
            self.close()
            search.index(site_dir, warn=warn)
            return
        try:
            self.write(bundle)
        except (MergeError, RuntimeError) as error:
            if self.kept is not None:
                self.kept.compressed_used.clear()  # a bundle not written: the kept chunks stay as they were
                self.kept.merged = None
            if warn is not None:
                warn(f"chỉ mục tìm kiếm lập lại một lần cho cả site vì không ghép được các phần: {error}")
            shutil.rmtree(bundle, ignore_errors=True)
            search.index(site_dir, warn=warn)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        for thread, stream in self._finishing:  # a failed build: stop those parts' processes too
            stream.close()
            thread.join()
        self._finishing = []
        self._failure = None
        shutil.rmtree(self._scratch, ignore_errors=True)
