"""Article bodies' HTML kept across builds by the hash of their Markdown.

MkDocs converts every page's Markdown again at every build (`Page.render`: a new
Markdown parser, its extensions, MkDocs' own tree processors): about 0,8 ms an article,
a tenth of a full build. For an article the HTML is a function of its Markdown and of
the Markdown settings alone, except where MkDocs rewrites or checks a link (an `<a
href>` or `<img src>` relative to the page, with a warning when it leads nowhere). So a
body whose HTML has no `href=` and no `src=` is kept, with everything `Page.render`
sets from it (table of contents, title found in it, anchor ids), under a hash of the
Markdown and the settings (extensions, their options, a function among them such as the
table of contents' slugify by its code (ours: by the plugin's Python code), the
versions of Python, Markdown and MkDocs); a body with a link is converted every time,
so MkDocs still checks and rewrites its links. Templates are not in the key: the HTML
does not depend on them, so a full build after a template change still finds it.
Kept compressed (`.cache/bantin/bodies.marshal`).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import marshal
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from .incremental import tree_digest
from .keptbyhash import KeptByHash

FILE = ".cache/bantin/bodies.marshal"
_PAGES_LOG = logging.getLogger(Page.__module__)  # MkDocs' (or ProperDocs') pages logger


def settings_salt(config: MkDocsConfig) -> bytes | None:
    """What a body's HTML depends on besides its Markdown; None when a setting cannot be
    named the same way in the next build (an object without a stable name)."""
    engine = Page.__module__.split(".")[0]  # mkdocs, or ProperDocs under its own name
    said = _named((config["markdown_extensions"], config["mdx_configs"], markdown.__version__, engine,
                   sys.modules[engine].__version__))
    if " at 0x" in said:
        return None
    return hashlib.blake2b(said.encode("utf-8"), digest_size=16).digest()


def _named(value: Any) -> str:
    """repr, with functions (the toc's slugify) named by module, name and the hash of
    their source, not by address."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_named(k)}: {_named(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_named(v) for v in value) + "]"
    if callable(value) and hasattr(value, "__qualname__"):
        # Its code too, and what it calls: a changed slugify gives other anchors. Ours
        # (the toc's heading_slug) by the plugin's Python code, not its templates.
        if value.__module__.split(".")[0] == __name__.split(".")[0]:
            code = _python_code()
        else:
            try:
                code = hashlib.blake2b(inspect.getsource(value).encode("utf-8"), digest_size=8).hexdigest()
            except (OSError, TypeError):
                return repr(value)  # no source to name it by: not kept (" at 0x")
        return f"<{value.__module__}.{value.__qualname__} {code} {sys.version}>"
    return repr(value)


@lru_cache(maxsize=1)
def _python_code() -> str:
    """The plugin's Python code (not its templates)."""
    return tree_digest(sorted(Path(__file__).parent.rglob("*.py")))


class Bodies(KeptByHash):
    salt: bytes | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """`page.render(config, files)`, from the kept HTML where there is one."""
        assert page.markdown is not None
        if self.salt is None:
            Page.render(page, config, files)
            return
        key = hashlib.blake2b(page.markdown.encode("utf-8"), digest_size=16, key=self.salt).digest()
        found = self.find(key)
        if found is not None:
            content, toc, title, anchors = marshal.loads(zlib.decompress(found))
            page.content = content
            page.toc = get_toc(_tokens(toc))
            page._title_from_render = title
            page.present_anchor_ids = set(anchors)
            if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
                page.links_to_anchors = {}  # what MkDocs finds in a body without links
            return
        Page.render(page, config, files)
        content = page.content or ""
        if "href=" in content or "src=" in content or page.links_to_anchors:
            return  # MkDocs checks and rewrites its links each time
        value = (content, [_token(link) for link in page.toc], page._title_from_render,
                 sorted(page.present_anchor_ids or ()))
        self.keep(key, zlib.compress(marshal.dumps(value), 1))


def _token(link: AnchorLink) -> tuple:
    return (link.title, link.id, link.level, [_token(child) for child in link.children])


def _tokens(toc: list) -> list[Any]:
    return [{"name": name, "id": id_, "level": level, "children": _tokens(children)}
            for name, id_, level, children in toc]


def bodies(path: Path, config: MkDocsConfig, previous: Bodies | None) -> Bodies:
    """The kept bodies for this build (`mkdocs serve` keeps its object between builds)."""
    kept = Bodies.at(path, previous)
    kept.salt = settings_salt(config)
    return kept
