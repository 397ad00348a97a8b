"""Options of the `bantin` plugin (mkdocs.yml, `plugins: - bantin: ...`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class BantinConfig(Config):
    articles_dir = c.Type(str, default="articles")
    """Folder of articles, relative to mkdocs.yml."""

    photos_dir = c.Type(str, default="photos")
    """Folder of photos, relative to mkdocs.yml."""

    vocab_dir = c.Type(str, default="content/vocab")
    """Folder of vocabulary files, relative to mkdocs.yml; never published as files."""

    per_page = c.Type(int, default=20)
    """Articles per page of the category, year and tag archives."""

    home_latest = c.Type(int, default=12)
    """Latest articles on the home page."""

    preview = c.Optional(c.Type(bool))
    """Show drafts and scheduled articles, marked. Default: on with `mkdocs serve`, off otherwise."""

    search = c.Type(bool, default=True)
    """Index the built site for `/tim-kiem/` with Pagefind (off: the page says search is unavailable)."""

    share_font = c.Type(str, default="/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf")
    """TrueType font with Vietnamese letters for the drawn share cards (Debian fonts-noto-core)."""
