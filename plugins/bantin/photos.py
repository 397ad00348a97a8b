"""Photos of articles: published copies and the HTML that shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from markupsafe import Markup, escape
from mkdocs.structure.files import File

from .model import Article, Photo
from .render import relative

PUBLISHED = "anh/"


def files(articles: Iterable[Article], photos_dir: Path, config) -> list[File]:
    """One file per photo the published articles use."""
    used = sorted({p.file for a in articles for p in a.photos})
    return [File.generated(config, PUBLISHED + name, abs_src_path=str(photos_dir / name)) for name in used]


def html(photo: Photo, lead: bool, page_url: str) -> Markup:
    """An <img> for `photo`; alt text from `alt`, else the caption."""
    src = relative("/" + PUBLISHED + photo.file, page_url)
    alt = photo.alt or photo.caption or ""
    loading = "" if lead else ' loading="lazy"'
    return Markup(f'<img src="{escape(src)}" alt="{escape(alt)}"{loading}>')
