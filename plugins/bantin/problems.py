"""Problems found in the content, and the helpers that word them.

A problem names the file, the line (counted from 1), the field as the template names
it, the value as the writer typed it, and what is expected. Every module that checks
content (front matter, fields, photos, the corpus) reports with this one type.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file."""

    file: str
    line: int
    field: str
    value: str | None
    message: str

    def __str__(self) -> str:
        found = f"{self.value} " if self.value is not None else ""
        return f"{self.file}:{self.line} {self.field}: {found}{self.message}"


def show(value: Any) -> str:
    """A value as the writer typed it, quoted when text."""
    if isinstance(value, str):
        return '"' + (value if len(value) <= 80 else value[:77] + "…") + '"'
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a map"
    return str(value)


def did_you_mean(value: str, known: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The known values closest to `value`, best first (for "did you mean" hints)."""
    return difflib.get_close_matches(value, list(known), n=n, cutoff=cutoff)


class Notice(Problem):
    """Something the reader fixed on reading and the writer should still know about;
    not an error: the article is published."""

    def __str__(self) -> str:
        return "cảnh báo: " + super().__str__()
