"""Generated pages: every page the site makes besides the articles themselves.

Each feature module provides a builder `(Site) -> Iterable[VirtualPage]`; this module
lists them. `plugin.py` turns the pages into MkDocs files.
"""

from __future__ import annotations

from typing import Callable, Iterable

from . import archives, awardpages, corrections, home, people, places, statpages
from .site import Site, VirtualPage

# Order matters only for readability of the build log.
BUILDERS: list[Callable[[Site], Iterable[VirtualPage]]] = [
    home.home_page, archives.archives, awardpages.honour_roll, people.person_pages, places.place_pages,
    statpages.statistics, archives.search_page, corrections.corrections_page,
]


def build_pages(site: Site) -> list[VirtualPage]:
    """Every generated page of the site."""
    return [page for builder in BUILDERS for page in builder(site)]
