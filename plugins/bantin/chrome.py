"""Material's navigation, tabs and page configuration, rendered once for all the pages
that show them alike.

Every page carries the same tabs and sidebar navigation: eight sections, the active one
marked, links relative to the page's folder. Material renders them again for each of the
6,600 pages of a 5,000-article site (about a fifth of a full build's template time),
though a build has some twenty different results. `Chrome` keeps each result with what it
was made from and gives it back to the next page made from the same:

- the navigation's state: which items are active (`nav_item.active`), and the page's
  `base_url`. Pages that are themselves in the navigation are always rendered (Material
  compares them with its items and may show their table of contents);
- every URL the part asked for: MkDocs' `url` filter makes a link relative to the page,
  so while a part is rendered its calls are recorded, and a kept result is only given to
  a page for which each of those calls returns the same link.

Everything else those templates read (`nav`, `config`, `features`, `lang`) is the same
for every page of a build; a `Chrome` lives for one build. The templates that use it
(`theme/partials/nav.html`, `theme/partials/tabs.html`, the `config` block of
`theme/main.html`) wrap Material's own, reached as `material/...`, so the result is
Material's, byte for byte (a test builds a site with and without it and compares).
`BANTIN_CHROME=0` turns it off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import material
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context
from jinja2.runtime import Context
from mkdocs.structure.nav import Navigation

# At most this many results are kept for one navigation state: pages at the same depth
# differ only by the links into their own section, so a few are enough.
KEEP = 16

MATERIAL = Path(material.__file__).parent / "templates"


class Chrome:
    def __init__(self, nav: Navigation, url_filter: Callable[..., str], *, on: bool = True) -> None:
        self.on = on
        self.url_filter = url_filter
        self.items = list(_items(nav.items))
        self.in_nav = {id(page) for page in nav.pages}
        self.kept: dict[tuple, list[tuple[tuple, Any]]] = {}
        self.recording: list[list[tuple[Any, str]]] = []
        self.rendered = 0  # parts rendered, not taken from `kept` (for the tests)

    @pass_context
    def url(self, context: Context, value: Any) -> str:
        result = self.url_filter(context, value)
        for calls in self.recording:
            calls.append((value, result))
        return result

    @pass_context
    def part(self, context: Context, name: str, caller: Callable[[], Any]) -> Any:
        page = context.get("page")
        if not self.on or page is None or id(page) in self.in_nav:
            self.rendered += 1
            return caller()
        key = (name, context.get("base_url"), tuple(item.active for item in self.items))
        kept = self.kept.setdefault(key, [])
        for calls, result in kept:
            if all(self.url_filter(context, value) == link for value, link in calls):
                for outer in self.recording:  # a part kept inside one being made: its links count there too
                    outer.extend(calls)
                return result
        calls: list[tuple[Any, str]] = []
        self.recording.append(calls)
        try:
            result = caller()
        finally:
            self.recording.pop()
        self.rendered += 1
        if len(kept) < KEEP:
            kept.append((tuple(calls), result))
        return result


def _items(items: list) -> Any:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])


def install(env: Environment, nav: Navigation) -> Chrome:
    """Make `bantin_chrome` and `material/...` templates available to this build's pages
    (MkDocs makes a new environment for every build, so nothing here is done twice)."""
    chrome = Chrome(nav, env.filters["url"], on=os.environ.get("BANTIN_CHROME", "1") != "0")
    env.filters["url"] = chrome.url
    env.globals["bantin_chrome"] = chrome.part
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(str(MATERIAL))})])
    return chrome
