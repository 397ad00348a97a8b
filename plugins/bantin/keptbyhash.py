"""Values kept across builds under a hash of what they are made from (search terms,
rendered article bodies): a marshal file under `.cache/bantin/`, read at the start of a
build, written at the end with the values this build used."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from .diskio import write_atomic


class KeptByHash:
    """Values by content hash; `save` writes those used since `load`."""

    @classmethod
    def at(cls, path: Path, previous: KeptByHash | None):
        """The store kept in `path`: `previous` when it is that one (`mkdocs serve` keeps
        its object between builds), else a new one; loaded."""
        kept = previous if isinstance(previous, cls) and previous.path == path else cls(path)
        return kept.load()

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[bytes, Any] = {}
        self.used: dict[bytes, Any] = {}
        self.hits = self.misses = 0
        self._seen: tuple[int, int] | None = None  # the file as this object last read or wrote it

    def load(self):
        """Read the stored values (a missing or unreadable file is an empty cache). A file
        this object read or wrote last and nobody changed since is not read again (a
        preview's rebuilds: what this process knows already holds it)."""
        previous = {**self.stored, **self.used}  # `mkdocs serve`: what this process knows
        self.stored, self.used = previous, {}
        self.hits = self.misses = 0
        try:
            seen = _identity(self.path)  # before reading: a change after it is read next time
            if seen == self._seen:
                return self
            stored = marshal.loads(self.path.read_bytes())
            self._seen = seen
        except (OSError, EOFError, ValueError, TypeError):
            return self
        if isinstance(stored, dict):
            self.stored.update(stored)
        return self

    def find(self, key: bytes) -> Any:
        """The value kept for `key` (counted as a hit and used), or None."""
        found = self.used.get(key)
        if found is None:
            found = self.stored.get(key)
        if found is not None:
            self.hits += 1
            self.used[key] = found
        return found

    def keep(self, key: bytes, value: Any) -> None:
        """A value just made (a miss): written by the next `save`."""
        self.misses += 1
        self.used[key] = value

    def save(self, partial: bool = False) -> None:
        """Write this build's values (atomically: a reader never sees half a file); not
        when they are exactly the stored ones. `partial`: the build made only some
        (`make build` reusing unchanged pages), so the stored values are kept too; a
        full build writes only its own, so the file does not grow with deleted articles."""
        kept = {**self.stored, **self.used} if partial else self.used
        if not self.misses and kept.keys() == self.stored.keys() and self.path.is_file():
            return
        write_atomic(self.path, marshal.dumps(kept))
        self._seen = _identity(self.path)


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size
