"""All articles of a site: read, validated, checked against each other.

Reading is cached by file modification time and size, so `mkdocs serve` rebuilds
re-read only the articles that changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .diskio import write_atomic
from . import photos, trustfields
from .model import Article, VN_TZ
from .problems import FILE, Notice, Problem
from .schema import read_article
from .vocab import Vocabularies


@dataclass
class Corpus:
    """Every valid article (drafts and scheduled included) and every problem found."""

    articles: list[Article]
    problems: list[Problem]
    now: dt.datetime
    unused_photos: list[str] = field(default_factory=list)
    """Files in photos/ no article uses (known only when every article file could be read)."""
    notices: list[Problem] = field(default_factory=list)
    """Warnings: things fixed on reading (control characters removed) that the writer should know."""
    warnings: list[Problem] = field(default_factory=list)
    """Doubts that do not stop a build (one decision number with two issuers)."""

    def visible(self, preview: bool) -> list[Article]:
        """Articles a build publishes, or (preview) every valid article; newest first."""
        chosen = self.articles if preview else [a for a in self.articles if a.is_published(self.now)]
        return sorted(chosen, key=lambda a: (a.date, a.url), reverse=True)


READ_CACHE = ".cache/bantin/articles.pickle"
# A file larger than this is never cached (read_article refuses it anyway).
_CACHED_SIZE = 2 << 20
# The stored articles are written again once more than this many were read afresh.
_RESAVE_AFTER = 50


@dataclass
class ReadCache:
    """Articles already read, keyed by absolute path, valid while the file's bytes
    (a digest), modification time and size, and the photos it names, are unchanged.

    `mkdocs serve` keeps it in memory across rebuilds; `make build` stores it in
    .cache/ (`load`, `save`) under a key of the reading code and the vocabularies."""

    entries: dict[str, tuple[tuple, Article | None, list[Problem]]] = field(default_factory=dict)
    """By path: (the file's stamp and the stamps of the photos it names, article, problems)."""
    vocab_key: str = ""
    photos: dict[str, tuple[tuple[int, int], str | None]] = field(default_factory=dict)
    """Photo file checks, by path, valid while mtime and size are unchanged."""
    misses: int = 0
    """Articles read (not taken from here) since `load`."""
    digests: dict[str, str] = field(default_factory=dict)
    """By path: the article's fingerprint digest (bantin/incremental.py), while its entry holds."""
    new_digests: int = 0
    stored_key: str = ""

    def load(self, path: Path, key: str) -> None:
        """Take the articles stored by an earlier build under `key` (nothing when the
        file is missing, unreadable, or from other code)."""
        try:
            with path.open("rb") as handle:
                stored = pickle.load(handle)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
            return
        self.misses = self.new_digests = 0
        if isinstance(stored, dict) and stored.get("key") == key:
            self.entries, self.vocab_key = stored["entries"], stored["vocab_key"]
            self.digests = stored.get("digests", {})
            self.stored_key = key

    def save(self, path: Path, key: str) -> None:
        """Store the articles read without problems (a problem's advice may name other
        files, which can change meanwhile), atomically. Not for a few articles read
        afresh (an edit): writing 5,000 articles costs half a second, reading a few again
        next time a few milliseconds."""
        if self.stored_key == key and self.misses + self.new_digests <= _RESAVE_AFTER:
            return
        entries = {name: entry for name, entry in self.entries.items()
                   if entry[1] is not None and all(isinstance(p, Notice) for p in entry[2])}
        write_atomic(path, pickle.dumps({"key": key, "vocab_key": self.vocab_key, "entries": entries,
                                         "digests": {k: v for k, v in self.digests.items() if k in entries}},
                                        protocol=pickle.HIGHEST_PROTOCOL))


WRONG_KINDS = {
    ".md.txt": "được lưu thành .md.txt (Windows ẩn đuôi tệp nên tên trông như .md)",
    ".docx": "là tệp Word (.docx)", ".doc": "là tệp Word (.doc)", ".odt": "là tệp văn bản OpenOffice (.odt)",
    ".rtf": "là tệp RTF",
}


def wrong_files(folder: Path, project: Path) -> list[Problem]:
    """Files under `folder` a writer meant as articles but saved in another form (never read)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            if name.startswith(("_", ".", "~$")):
                continue
            kind = next((k for suffix, k in WRONG_KINDS.items() if name.lower().endswith(suffix)), None)
            if kind is not None:
                stem = name[: name.lower().rindex(".md.txt" if ".md.txt" in name.lower() else ".")]
                found.append(Problem(
                    _relative(Path(root) / name, project), 1, FILE, None,
                    f"{kind}, nên không được đọc và không được đăng. Hãy lưu bài thành tệp văn bản "
                    f"{stem}.md (Notepad: File > Save as, chọn \"All files\", gõ tên {stem}.md, Encoding: "
                    "UTF-8), hoặc chuyển báo cáo thành bài bằng lệnh make import"))
    return found


def article_files(folder: Path) -> list[Path]:
    """Every `*.md` under `folder`; names starting with `_` or `.` (templates, editor files) are skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        found.extend(Path(root) / f for f in sorted(files)
                     if f.lower().endswith(".md") and not f.startswith(("_", ".")))
    return found


def load_corpus(project: Path, articles_dir: Path, photos_dir: Path, vocab: Vocabularies,
                now: dt.datetime | None = None, cache: ReadCache | None = None) -> Corpus:
    """Read every article under `articles_dir` and check URLs are unique.

    Args:
        project: folder that paths in messages are relative to.
        articles_dir: where articles live.
        photos_dir: where photos live.
        vocab: the site's vocabularies.
        now: the moment that decides what is scheduled; default: the current time.
        cache: reuse articles read by an earlier call (for `mkdocs serve`).
    """
    now = now or dt.datetime.now(VN_TZ)
    cache = cache if cache is not None else ReadCache()
    # By content, not identity: `mkdocs serve` may reload equal vocabularies before a
    # rebuild, and that must not throw away every article already read.
    vocab_key = repr(vocab)
    if cache.vocab_key != vocab_key:
        cache.entries.clear()
        cache.digests.clear()
        cache.vocab_key = vocab_key
    photo_list: list[str] | None = None

    def photo_names() -> list[str]:
        nonlocal photo_list
        if photo_list is None:
            photo_list = sorted(str(p.relative_to(photos_dir)).replace(os.sep, "/")
                                for p in photos_dir.rglob("*") if p.is_file())
        return photo_list

    articles: list[Article] = []
    problems: list[Problem] = []
    notices: list[Problem] = []
    seen: dict[str, Article] = {}
    problems.extend(wrong_files(articles_dir, project))
    for path in article_files(articles_dir):
        rel = _relative(path, project)
        try:
            stat = path.stat()
            # The bytes too: two saves within the file system's time resolution, same size.
            digest = (hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
                      if S_ISREG(stat.st_mode) and stat.st_size <= _CACHED_SIZE else None)
            stamp = (stat.st_mtime_ns, stat.st_size, digest) if digest else (-1, -1)
        except OSError:
            stamp = (-1, -1)  # a broken link or a special file: read_article names it
        entry = cache.entries.get(str(path))
        # A read depends on the file and on the photos it names (a missing photo is a
        # problem; once the photo is copied in, the article must be read again).
        if (entry is None or entry[0][0] != stamp or stamp[0] < 0
                or entry[0][1] != photo_stamps(photos_dir, entry[0][2])):
            refs: list[str] = []
            check = photos.on_disk(photos_dir, photo_names, project)

            def recorded(rel_photo: str, check=check, refs=refs) -> str | None:
                refs.append(rel_photo)
                return check(rel_photo)

            try:
                article, found = read_article(path, rel, vocab, recorded, root=project)
            except Exception as error:  # noqa: BLE001 - one unforeseen file must not hide the others
                article, found = None, [Problem(rel, 1, FILE, None,
                                                "gặp lỗi không lường trước khi đọc tệp này "
                                                f"({type(error).__name__}); hãy gửi tệp cho nhóm kỹ thuật")]
            entry = ((stamp, photo_stamps(photos_dir, refs), tuple(refs)), article, found)
            cache.entries[str(path)] = entry
            cache.digests.pop(str(path), None)
            cache.misses += 1
        _, article, found = entry
        problems.extend(p for p in found if not isinstance(p, Notice))
        notices.extend(p for p in found if isinstance(p, Notice))
        if article is None:
            continue
        other = seen.get(article.url)
        if other is not None:
            problems.append(Problem(rel, article.lines.slug, "slug", f'"{article.slug}"',
                                    f"cho địa chỉ web {article.url}, trùng với bài {other.src} (địa chỉ lấy "
                                    "từ tiêu đề); hãy thêm một dòng slug: với địa chỉ khác, ví dụ: "
                                    f"slug: {article.slug}-2", url=article.url))
            continue
        seen[article.url] = article
        articles.append(article)
    # The photo files themselves (header, size, truncation), checked on every run:
    # a photo can change while its article does not.
    # Unused photos are told only when every article could be read: the photos of an
    # article with problems are not known.
    unused = photos.unused(articles, photos_dir) if not problems else []
    articles, photo_problems = photos.check_articles(articles, photos_dir, cache.photos)
    problems.extend(photo_problems)
    return Corpus(articles=articles, problems=problems, now=now, unused_photos=unused, notices=notices,
                  warnings=trustfields.decision_clashes(articles))


def photo_stamps(photos_dir: Path, refs: tuple[str, ...] | list[str]) -> tuple:
    """Existence and identity (inode, modification time, size) of each photo in `refs`."""
    stamps = []
    folder = os.fspath(photos_dir)
    for ref in refs:
        try:
            stat = os.stat(os.path.join(folder, ref))  # one call (no pathlib): 5,000 articles each build
            stamps.append((ref, stat.st_ino, stat.st_mtime_ns, stat.st_size, S_ISREG(stat.st_mode)))
        except (OSError, ValueError):
            stamps.append((ref, None))
    return tuple(stamps)


def _relative(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()
