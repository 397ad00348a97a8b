"""Re-cut Pagefind's word index into chunks of about the same size in bytes.

Pagefind 1.5 cuts its sorted word list into chunks by counting each word's entries
in its form without diacritics only (its own TODO: "via byte size rather than word
count"). Vietnamese words are stored as diacritic variants of that form ("hội" under
"hoi"), which count for nothing, so the commonest syllables pile up in a few chunks
of 300-500 KB at 5,000 articles, and a query for any of them downloads the pile.

`rechunk` reads the chunks Pagefind wrote (gzip of b"pagefind_dcd" + CBOR), keeps
every word entry byte for byte, cuts the same sorted list again by encoded size,
and writes the new chunk files, the metadata file that lists them (`from`/`to`
bounds computed as Pagefind does) and the entry file that names the metadata. The
search code in the browser is unchanged: it finds a word's chunk by those bounds.

Written against Pagefind 1.5.2's format (pinned in requirements.lock and
plugins/pyproject.toml, checked against the version pagefind-entry.json names); a
version or a format it does not expect raises PagefindFormatError before anything is
written, and the build keeps Pagefind's own index with a warning.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

SIGNATURE = b"pagefind_dcd"
# Encoded (uncompressed) bytes per chunk; gzip makes it about a third. A word larger
# than this (the commonest syllables) gets a chunk of its own.
TARGET_BYTES = 48_000
# The only Pagefind whose binary format this module reads; the same pin is in
# plugins/pyproject.toml and requirements.lock. Another version's index is kept as
# Pagefind wrote it (search works, chunks are larger) with a warning.
PAGEFIND_VERSION = "1.5.2"
# gzip level of the files written (pagefind_merge writes the same bytes with it).
GZIP_LEVEL = 9


class PagefindFormatError(RuntimeError):
    """The index is not in the format this module knows (another Pagefind version?)."""


# CBOR, the subset Pagefind writes (minicbor: definite lengths, shortest heads) ----------

def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise PagefindFormatError(f"số nguyên quá lớn cho CBOR: {value}")


def encode(value: Any) -> bytes:
    """CBOR of ints, text, bytes, lists and dicts, as minicbor writes them."""
    if isinstance(value, bool) or value is None:
        return bytes([0xF5 if value is True else 0xF4 if value is False else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise PagefindFormatError(f"không mã hoá được kiểu {type(value).__name__}")


def _read_head(data: bytes, at: int) -> tuple[int, int, int, int, int]:
    """The head of the CBOR item at `at`: (first byte, major type, info, argument, offset after)."""
    try:
        first = data[at]
    except IndexError:
        raise PagefindFormatError("dữ liệu CBOR bị cắt cụt") from None
    major, info = first >> 5, first & 31
    at += 1
    if info < 24:
        return first, major, info, info, at
    if info <= 27:
        size = 1 << (info - 24)
        return first, major, info, int.from_bytes(data[at:at + size], "big"), at + size
    raise PagefindFormatError(f"đầu mục CBOR {first:#x} không được hỗ trợ (độ dài không xác định?)")


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item from `data` at `at`: (value, offset after it)."""
    first, major, info, arg, at = _read_head(data, at)
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        raw = data[at:at + arg]
        return (raw.decode("utf-8") if major == 3 else bytes(raw)), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(arg):
            key, at = decode(data, at)
            mapping[key], at = decode(data, at)
        return mapping, at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    raise PagefindFormatError(f"mục CBOR {first:#x} không được hỗ trợ")


# Bytes taken by a CBOR integer (major types 0 and 1) by its first byte; 0: not an integer.
_INT_SIZE = bytes((1 if b & 31 < 24 else 1 + (1 << ((b & 31) - 24))) if b >> 5 <= 1 and b & 31 < 28 else 0
                  for b in range(256))


def skip(data: bytes, at: int) -> int:
    """The offset after the CBOR item at `at`, without building it (fast path for
    the word entries, which are copied byte for byte).

    Most of an index is arrays of small integers (word positions); an array whose
    items are integers is stepped over in a tight loop on their first bytes."""
    pending = 1
    int_size = _INT_SIZE
    while pending:
        first = data[at]
        size = int_size[first]
        pending -= 1
        if size:
            at += size
            continue
        if 0x80 <= first < 0x98:  # a short array: its length is in its first byte
            major, arg, at = 4, first - 0x80, at + 1
        else:
            _, major, _, arg, at = _read_head(data, at)
        if major in (2, 3):
            at += arg
        elif major == 4:
            # Integers first, as many as the array has; the rest item by item.
            while arg and int_size[data[at]]:
                at += int_size[data[at]]
                arg -= 1
            pending += arg
        elif major == 5:
            pending += 2 * arg
    return at


def entries(path: Path) -> list[tuple[str, bytes]]:
    """The word entries of an index chunk file, each as (word, its CBOR bytes)."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise PagefindFormatError(f"{path.name}: không có chữ ký Pagefind")
    at = len(SIGNATURE)
    if raw[at] != 0x81:  # WordIndex: an array of one field, the word list
        raise PagefindFormatError(f"{path.name}: bố cục mảnh chỉ mục không như mong đợi")
    count, at = _array_head(raw, at + 1)
    words = []
    for _ in range(count):
        start = at
        if raw[at] != 0x83:  # PackedWord: [word, pages, additional_variants]
            raise PagefindFormatError(f"{path.name}: mục từ không như mong đợi")
        word, _ = decode(raw, at + 1)
        at = skip(raw, start)
        words.append((word, raw[start:at]))
    if at != len(raw):
        raise PagefindFormatError(f"{path.name}: còn {len(raw) - at} byte thừa sau dữ liệu")
    return words


def _array_head(data: bytes, at: int) -> tuple[int, int]:
    if data[at] >> 5 != 4:
        raise PagefindFormatError("cần một mảng CBOR")
    info = data[at] & 31
    if info < 24:
        return info, at + 1
    if info > 27:
        raise PagefindFormatError("mảng CBOR có độ dài không xác định")
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def read(path: Path) -> Any:
    """A Pagefind data file: gzip of the signature and one CBOR item."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise PagefindFormatError(f"{path.name}: không có chữ ký Pagefind")
    value, end = decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise PagefindFormatError(f"{path.name}: còn {len(raw) - end} byte thừa sau dữ liệu")
    return value


def _write(folder: Path, prefix: str, suffix: str, payload: bytes, hash_len: int) -> str:
    """Write gzip(signature + payload) as folder/<prefix>x<hash><suffix>; the name's stem.
    The "x" (not a hex digit) keeps these names apart from Pagefind's own, which it
    does not write again when a file of that name exists (`mkdocs serve --dirty`)."""
    digest = hashlib.sha256(payload).hexdigest()
    name = f"{prefix}x{digest[:hash_len]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + payload, compresslevel=GZIP_LEVEL, mtime=0))
    return name


# Cutting ----------------------------------------------------------------------------------

def runs(words: Iterable[tuple[str, bytes]], target: int) -> Iterator[list[tuple[str, bytes]]]:
    """Split (word, encoded entry) pairs, in order, into runs of about `target` bytes:
    a run ends once it reaches `target`, so a word larger than that stands alone.
    Each run is given as soon as it is complete (a caller may compress it meanwhile)."""
    current: list[tuple[str, bytes]] = []
    size = 0
    for word in words:
        current.append(word)
        size += len(word[1])
        if size >= target:
            yield current
            current, size = [], 0
    if current:
        yield current


def cut(words: list[tuple[str, bytes]], target: int) -> list[list[tuple[str, bytes]]]:
    """`runs`, as a list."""
    return list(runs(words, target))


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def bounds(chunks: list[list[str]]) -> list[list[str]]:
    """[from, to] of each chunk of sorted words, shortened to the prefixes that tell
    neighbours apart, as Pagefind 1.5's chunk_meta does."""
    named = [[c[0], c[-1]] for c in chunks]
    for i in range(len(named) - 1):
        a_prefix, b_prefix = _prefixes(named[i][1], named[i + 1][0])
        if a_prefix >= named[i][0]:
            named[i][1] = a_prefix
        named[i + 1][0] = b_prefix
    return named


@dataclass(frozen=True)
class Rechunked:
    before: int  # chunks Pagefind wrote
    after: int  # chunks now
    largest_before: int  # bytes of the largest chunk file
    largest_after: int


def rechunk(bundle: Path, target: int = TARGET_BYTES) -> Rechunked:
    """Re-cut the word index of the Pagefind bundle at `bundle` (e.g. site/pagefind),
    and put what Pagefind leaves in hash-map order (filter values, filter and sort
    lists) in sorted order, so the same site gives the same bytes.

    Everything is read and checked before anything is written, and Pagefind's own
    files are removed only once the entry file names the new ones: on any error the
    bundle is Pagefind's own, complete and usable.

    Raises:
        PagefindFormatError: another Pagefind version, or a layout this module does not
            know; every structural surprise (missing key, bad gzip, bad CBOR) is one.
    """
    try:
        return _rechunk(bundle, target)
    except PagefindFormatError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, EOFError, OSError) as error:
        raise PagefindFormatError(f"{type(error).__name__}: {error}") from error


def _rechunk(bundle: Path, target: int) -> Rechunked:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if not isinstance(entry, dict) or not isinstance(entry.get("languages"), dict):
        raise PagefindFormatError("pagefind-entry.json: bố cục không như mong đợi")
    if entry.get("version") != PAGEFIND_VERSION:
        raise PagefindFormatError(f"chỉ mục do Pagefind {entry.get('version')} ghi; "
                                  f"bản dựng chỉ đọc được định dạng của Pagefind {PAGEFIND_VERSION}")
    index = bundle / "index"
    old_files = sorted(index.glob("*.pf_index"))
    largest_before = max((p.stat().st_size for p in old_files), default=0)
    # Read and plan (nothing written yet).
    plans = []
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and all(isinstance(m, list) for m in meta[1:5])):
            raise PagefindFormatError(f"{meta_path.name}: bố cục siêu dữ liệu không như mong đợi")
        words: list[tuple[str, bytes]] = []
        for _, _, chunk_hash in meta[2]:
            words.extend(entries(index / f"{chunk_hash}.pf_index"))
        if any(a[0] >= b[0] for a, b in zip(words, words[1:])):
            raise PagefindFormatError("các từ trong chỉ mục không theo thứ tự tăng dần nghiêm ngặt")
        filters = []
        for name, filter_hash in meta[3]:
            filters.append((name, _sorted_filter(read(bundle / "filter" / f"{filter_hash}.pf_filter"))))
        plans.append((language, info, meta, cut(words, target), sorted(filters)))
    # Write the new files beside Pagefind's own (their names never collide).
    after = 0
    for language, info, meta, chunks, filters in plans:
        # gzip at level 9 (what a reader downloads) takes most of the time: in threads,
        # which zlib lets run on every core.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            names = list(pool.map(lambda chunk: _write(
                index, f"{language}_", ".pf_index",
                _head(4, 1) + _head(4, len(chunk)) + b"".join(e for _, e in chunk), 7), chunks))
        meta[2] = [[low, high, name] for (low, high), name in zip(bounds([[w for w, _ in c] for c in chunks]), names)]
        meta[3] = [[name, _write(bundle / "filter", f"{language}_", ".pf_filter", encode(data), 7)]
                   for name, data in filters]
        meta[4] = sorted(meta[4], key=lambda sort: str(sort[0]))
        if len(meta) > 5 and isinstance(meta[5], list) and all(isinstance(m, str) for m in meta[5]):
            meta[5] = sorted(meta[5])  # the metadata keys: a set
        info["hash"] = _write(bundle, f"pagefind.{language}_", ".pf_meta", encode(meta), 10).split(".", 1)[1]
        after += len(chunks)
    # Switch: the entry file names the new metadata at once (a rename), then Pagefind's
    # own files, now unused, go.
    temporary = entry_path.with_name(entry_path.name + ".tmp")
    temporary.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    temporary.replace(entry_path)
    current = {f"pagefind.{info['hash']}.pf_meta" for info in entry["languages"].values()}
    for path in bundle.glob("pagefind.*.pf_meta"):
        if path.name not in current:
            path.unlink()
    kept = {f"{name}.pf_index" for name in _chunk_names(bundle, entry)}
    for path in old_files:
        if path.name not in kept:
            path.unlink()
    kept_filters = {f"{f[1]}.pf_filter" for _, _, meta, _, _ in plans for f in meta[3]}
    for path in (bundle / "filter").glob("*.pf_filter"):
        if path.name not in kept_filters:
            path.unlink()
    largest_after = max((p.stat().st_size for p in index.glob("*.pf_index")), default=0)
    return Rechunked(len(old_files), after, largest_before, largest_after)


def _sorted_filter(data: Any) -> list:
    """A filter file's [name, [[value, [pages]], ...]] with values and pages in order
    (Pagefind writes them in hash-map order, different on every run)."""
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
        raise PagefindFormatError("tệp bộ lọc: bố cục không như mong đợi")
    values = []
    for value, pages in data[1]:
        if not isinstance(value, str) or not all(isinstance(p, int) for p in pages):
            raise PagefindFormatError("tệp bộ lọc: giá trị không như mong đợi")
        values.append([value, sorted(pages)])
    return [data[0], sorted(values)]


def _chunk_names(bundle: Path, entry: dict) -> set[str]:
    names = set()
    for info in entry.get("languages", {}).values():
        names.update(c[2] for c in read(bundle / f"pagefind.{info['hash']}.pf_meta")[2])
    return names
