"""Photos of articles: checked, and made into cached web variants.

The pixel work is `imaging`; this module checks the files, decides which photos a
build needs, keeps the content-addressed cache under `.cache/bantin/photos/` and
spreads the encoding over all cores. The HTML (<picture>, lightbox) is `photohtml`.
It knows nothing of MkDocs: the plugin turns `Library.files()` into MkDocs files.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable


from .diskio import link_or_copy
from .imaging import (Encoded, Settings, Variant, cache_key, check, encode_or_say_why, output_names,
                      variant_sizes)
from .model import Article, Photo
from .names import ascii_fold
from .vnformat import number
from .problems import Problem
from . import urls

CACHE = ".cache/bantin/photos"
# Files a camera, a phone or an OS leaves next to photos; never reported as unused.
JUNK = {"thumbs.db", "desktop.ini"}
PROGRESS_EVERY = 2.0  # seconds: no progress line for photo work shorter than this


@dataclass
class Stats:
    """Counters since the process started, so tests count encodes instead of timing them."""

    encoded: int = 0
    """Photos decoded and encoded (one per photo, whatever the number of variants)."""
    files: int = 0
    """Files written into the cache."""


STATS = Stats()


@dataclass(frozen=True)
class Prepared:
    """A photo ready to publish: its cache key, upright size and variants."""

    key: str
    width: int
    height: int
    variants: tuple[Variant, ...]
    share: bool

    def uri(self, variant: Variant | str, ext: str = "jpg") -> str:
        name = variant if isinstance(variant, str) else str(variant.width)
        return urls.photo(f"{self.key}-{name}.{ext}")


def place_files(files: list[tuple[str, Path]], site_dir: Path) -> int:
    """Place cached files into `site_dir` at their site paths: hard links (cached files
    never change: their names are content hashes), a copy where links cannot be made.
    Files already there are left. Returns the number of files placed."""
    placed = 0
    for uri, source in files:
        target = site_dir / uri
        if target.exists():
            continue
        link_or_copy(source, target)
        placed += 1
    return placed


@dataclass
class Library:
    """The photos of one build: what to publish, and what went wrong."""

    cache_dir: Path
    settings: Settings
    photos: dict[str, Prepared] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    encoded: int = 0
    reused: int = 0

    def files(self) -> list[tuple[str, Path]]:
        """(site path, cached file) of every file to publish; never an original."""
        names = set()
        for prepared in self.photos.values():
            names.update(output_names(prepared.key, (v.width for v in prepared.variants), prepared.share,
                                      self.settings))
        return [(urls.photo_file(name), self.cache_dir / name) for name in sorted(names)]

    def publish(self, site_dir: Path) -> int:
        """Put every file to publish into `site_dir`: hard links to the cache (its files
        never change: their names are content hashes), a copy where links cannot be
        made. A camera-photo site is hundreds of megabytes; copying it each build
        cost more than building the pages. Returns the number of files placed."""
        return place_files(self.files(), site_dir)

    def key_of(self, photo: Photo) -> str | None:
        """Cache key (content hash) of a photo as encoded in this build."""
        prepared = self.photos.get(photo.file)
        return prepared.key if prepared else None

    def lead_url(self, article: Article) -> str | None:
        """Site path of the largest JPEG of an article's lead photo (feeds use it)."""
        prepared = self.photos.get(article.photos[0].file) if article.photos else None
        return prepared.uri(prepared.variants[-1]) if prepared and prepared.variants else None

    def share_image(self, photo: Photo) -> str | None:
        """Site path of the 1200×630 share card of a lead photo."""
        prepared = self.photos.get(photo.file)
        return prepared.uri("share") if prepared and prepared.share else None



# Checking (make check and every build) ------------------------------------------------


def on_disk(photos_dir: Path, photo_names: Callable[[], list[str]] | None = None, root: Path | None = None
            ) -> Callable[[str], str | None]:
    """A check that a photo path (relative to `photos_dir`) names a file there.

    The check gives None when the file exists, else a message; it suggests a photo
    only when its name resembles what was written (a suggestion of an unrelated photo
    would publish the wrong picture). `photo_names` lists the photos lazily (only an
    article with a missing photo needs it). A link leading outside `root` (the
    project, or the photos folder itself when the site's configuration puts it elsewhere)
    is refused: it would publish a file from elsewhere on the machine.
    """
    allowed = (root.resolve(), photos_dir.resolve()) if root is not None else ()

    def check_path(rel: str) -> str | None:
        path = photos_dir / rel
        if path.is_file():
            if allowed and not any(path.resolve().is_relative_to(folder) for folder in allowed):
                return (f"(photos/{rel}) là lối tắt (symlink) dẫn ra ngoài thư mục dự án; chép ảnh thật vào "
                        "photos/ thay cho lối tắt")
            return None
        known = photo_names() if photo_names else [
            f.relative_to(photos_dir).as_posix() for f in photos_dir.rglob("*") if f.is_file()]
        close = resembling(rel, known)
        hint = ("; có phải là " + " hay ".join(f'"{c}"' for c in close) + "?") if close else \
            "; chép ảnh vào thư mục photos/ hoặc sửa lại tên tệp"
        return f"không có trong photos/ (đã tìm photos/{rel}){hint}"
    return check_path


def resembling(rel: str, known: list[str], n: int = 2) -> list[str]:
    """Photos whose file name resembles `rel`'s (same folder or not), best first."""
    def stem(path: str) -> str:
        return ascii_fold(PurePosixPath(path).stem).casefold()

    wanted = stem(rel)
    scored = []
    for candidate in known:
        ratio = difflib.SequenceMatcher(None, wanted, stem(candidate)).ratio()
        if ratio >= 0.75:
            scored.append((-ratio, candidate != rel.rsplit("/", 1)[-1], candidate))
    return [candidate for *_, candidate in sorted(scored)[:n]]


def check_articles(articles: list[Article], photos_dir: Path,
                   cache: dict[str, tuple[tuple[int, int], str | None]] | None = None
                   ) -> tuple[list[Article], list[Problem]]:
    """Check the photo files of every article without decoding them in full.

    Path and existence are checked while reading (`on_disk`); this reads each file's header.
    Returns the articles with their unusable photos left out (a preview still shows
    the article) and one problem per bad photo per article.
    """
    cache = {} if cache is None else cache
    result, problems = [], []
    for article in articles:
        kept = []
        for index, photo in enumerate(article.photos):
            message = _checked(photos_dir / photo.file, cache)
            if message is None:
                kept.append(photo)
            else:
                problems.append(_problem(article, index, photo, message))
        result.append(article if len(kept) == len(article.photos)
                      else dataclasses.replace(article, photos=tuple(kept)))
    return result, problems


def _checked(path: Path, cache: dict[str, tuple[tuple[int, int], str | None]]) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return "không đọc được tệp ảnh (tệp đã bị xoá, đổi tên hoặc không có quyền đọc)"
    stamp = (stat.st_mtime_ns, stat.st_size)
    entry = cache.get(str(path))
    if entry is None or entry[0] != stamp:
        entry = (stamp, check(path))
        cache[str(path)] = entry
    return entry[1]


def _problem(article: Article, index: int, photo: Photo, message: str) -> Problem:
    lines = article.lines.photos
    line = lines[index] if index < len(lines) else 1
    said = message if message.startswith("(photos/") else f"(photos/{photo.file}) {message}"
    return Problem(article.src, line, f"photos[{index}].file", f'"{photo.file}"', said, url=article.url)


def unused(articles: Iterable[Article], photos_dir: Path) -> list[str]:
    """Files in `photos/` no article uses (drafts and scheduled ones count as users)."""
    if not photos_dir.is_dir():
        return []
    used = {p.file for a in articles for p in a.photos}
    found = []
    for root, dirs, files in os.walk(photos_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.casefold() in JUNK:
                continue
            rel = (Path(root) / name).relative_to(photos_dir).as_posix()
            if rel not in used:
                found.append(rel)
    return found


# Building -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    file: str
    source: Path
    key: str
    widths: tuple[int, ...] | None  # None: every variant (the size is not known yet)
    share: bool


def prepare(articles: Iterable[Article], photos_dir: Path, cache_dir: Path, *,
            settings: Settings = Settings(), workers: int | None = None,
            progress: Callable[[str], None] | None = None) -> Library:
    """Make sure every photo the articles use has its variants in the cache.

    A photo whose variants are cached (same bytes, same settings) is not decoded at
    all; the others are encoded in parallel, one process per core.

    Args:
        articles: the articles the build publishes (or previews).
        photos_dir: the `photos/` folder.
        cache_dir: the cache folder (`.cache/bantin/photos`).
        settings: sizes and qualities.
        workers: processes to use; default: every core.
        progress: called with a progress line when the work takes more than a few seconds.
    """
    articles = list(articles)
    library = Library(cache_dir=cache_dir, settings=settings)
    cache_dir.mkdir(parents=True, exist_ok=True)
    leads = {a.photos[0].file for a in articles if a.photos}
    users: dict[str, list[tuple[Article, int, Photo]]] = {}
    for article in articles:
        for index, photo in enumerate(article.photos):
            users.setdefault(photo.file, []).append((article, index, photo))

    hashes = _HashIndex(cache_dir / "sources.json")
    jobs: list[_Job] = []
    for file in sorted(users):
        source = photos_dir / file
        try:
            key = hashes.key(source, settings)
        except OSError:
            _fail(library, users[file], "không đọc được tệp ảnh (tệp đã bị xoá, đổi tên hoặc không có quyền đọc)")
            continue
        variants, size = _cached(cache_dir, key, settings)
        share = file in leads
        if size is None:
            jobs.append(_Job(file, source, key, None, share))
            continue
        missing = tuple(v.width for v in variants
                        if not all((cache_dir / n).is_file() for n in output_names(key, [v.width], False, settings)))
        share_missing = share and not (cache_dir / f"{key}-share.jpg").is_file()
        if missing or share_missing:
            jobs.append(_Job(file, source, key, missing, share_missing))
        else:
            library.photos[file] = Prepared(key, size[0], size[1], variants, share)
            library.reused += 1
    hashes.save()

    start, cpu = time.monotonic(), _cpu_seconds()
    for job, result in _run(jobs, cache_dir, settings, workers, progress):
        if isinstance(result, Encoded):
            STATS.encoded += 1
            STATS.files += len(result.files)
            library.encoded += 1
            (cache_dir / f"{job.key}.json").write_text(
                json.dumps({"width": result.width, "height": result.height}), encoding="utf-8")
            library.photos[job.file] = Prepared(job.key, result.width, result.height,
                                                variant_sizes(result.width, result.height, settings.widths),
                                                job.file in leads)
        else:
            _fail(library, users[job.file], result)
    if library.encoded and progress:
        elapsed = time.monotonic() - start
        # Cores busy: CPU time of this process and of the finished workers, over the wall.
        busy = (_cpu_seconds() - cpu) / elapsed if cpu is not None and elapsed > 0 else None
        progress(f"ảnh: đã làm {library.encoded} ảnh trong {number(elapsed, 1)} giây "
                 f"({number(library.encoded / elapsed, 1)} ảnh/giây"
                 + (f", {number(busy, 1)} lõi CPU bận" if busy is not None else "")
                 + f"), {library.reused} ảnh lấy lại từ bộ nhớ đệm")
    return library


def _cpu_seconds() -> float | None:
    """CPU time of this thread (the photo stage's) and of this process's children that
    have ended (the workers; None on Windows). Not the whole process's: another thread
    of it (a test session's, a server's) is not the photo stage's work."""
    try:
        import resource
    except ImportError:
        return None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + children.ru_utime + children.ru_stime


def _cached(cache_dir: Path, key: str, settings: Settings
            ) -> tuple[tuple[Variant, ...], tuple[int, int] | None]:
    try:
        data = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        width, height = int(data["width"]), int(data["height"])
    except (OSError, ValueError, KeyError, TypeError):
        return (), None
    return variant_sizes(width, height, settings.widths), (width, height)


def _fail(library: Library, users: list[tuple[Article, int, Photo]], message: str) -> None:
    for article, index, photo in users:
        library.problems.append(_problem(article, index, photo, message))


def _run(jobs: list[_Job], cache_dir: Path, settings: Settings, workers: int | None,
         progress: Callable[[str], None] | None) -> Iterable[tuple[_Job, Encoded | str]]:
    if not jobs:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    start = last = time.monotonic()
    done = 0

    def report() -> None:
        nonlocal last
        now = time.monotonic()
        if progress and done < len(jobs) and now - last >= PROGRESS_EVERY:
            progress(f"ảnh: đã làm {done}/{len(jobs)} ({number(done / (now - start), 1)} ảnh/giây)")
            last = now

    if workers == 1:
        for job in jobs:
            result = encode_or_say_why(job.source, cache_dir, job.key, settings, job.widths, job.share)
            done += 1
            report()
            yield job, result
        return
    # "spawn": fresh workers that share nothing with the build process (mkdocs serve
    # runs threads; forking a threaded process can deadlock).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future, _Job] = {
            pool.submit(encode_or_say_why, job.source, cache_dir, job.key, settings, job.widths, job.share): job
            for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - e.g. a worker killed for lack of memory
                result = f"không xử lý được (tiến trình xử lý ảnh dừng giữa chừng: {type(error).__name__})"
            done += 1
            report()
            yield job, result


class _HashIndex:
    """Content hashes of the photos, remembered by path, mtime and size, so a warm
    build reads no photo at all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        try:
            self.entries: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def key(self, source: Path, settings: Settings) -> str:
        stat = source.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        name = str(source.resolve())
        entry = self.entries.get(name)
        if entry and entry[:2] == stamp and isinstance(entry[2], str):
            digest = entry[2]
        else:
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            self.entries[name] = stamp + [digest]
            self.changed = True
        return cache_key(digest.encode(), settings)

    def save(self) -> None:
        if not self.changed:
            return
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".sources.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self.entries, out)
        os.replace(temporary, self.path)
