"""`make import`: a press report (Word .docx, .txt or .md) becomes a checked draft article.

Pure functions over plain data, no MkDocs: `sources` reads a file into blocks of
text, `extract` finds the structured fields with rules over the vocabularies,
`draft` writes the article with a `# từ câu: "…"` comment on every extracted value
and a `# CẦN ĐIỀN:` note on everything left to the press officer, `notes` finds
those notes again for `make check` and the preview. Nothing is guessed: a value the
report does not state is left commented out with what to fill in.
"""

from __future__ import annotations

from .notes import MARK, open_notes

__all__ = ["MARK", "open_notes"]
