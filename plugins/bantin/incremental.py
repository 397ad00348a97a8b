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

    def start(self, salt: str) -> None:
        """Begin a build; `salt` covers everything all pages depend on (vocabularies, options).

        `previous` stays the last build whose pages were all written (see `commit`): a
        build that failed while rendering must not count as the base of the next one.
        """
        self.current = {}
        self._objects = {}
        self._alive = []
        self._salt = salt

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
                    text = repr(dataclasses.replace(value, body=""))
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
