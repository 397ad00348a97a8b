"""Material's tabs, navigation and page configuration rendered once per shape
(bantin/chrome.py): the site must be byte for byte the one Material renders page by page."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import copy_project

pytestmark = pytest.mark.build


def _build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch, chrome: str):
    monkeypatch.setenv("BANTIN_CHROME", chrome)
    config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
    build(config)
    return config.plugins["bantin"].chrome


def _files(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def test_the_site_is_the_same_with_the_parts_kept_as_rendered_page_by_page(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    kept = _build(project, tmp_path / "kept", monkeypatch, "1")
    each = _build(project, tmp_path / "each", monkeypatch, "0")

    files = _files(tmp_path / "kept")
    assert files == _files(tmp_path / "each")
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "kept", tmp_path / "each", files, shallow=False)
    assert (mismatch, errors) == ([], [])

    pages = sum(1 for name in files if name.endswith(".html") and name != "404.html")
    # Off: every page renders its eight parts: navigation, tabs, configuration, the header
    # before and after the title, the footer, stylesheets and analytics (the 404 page has
    # none of the nav's state).
    parts = 8
    assert each.rendered >= parts * pages
    # On: far fewer (each part about once per folder depth and navigation state), and at
    # least once two pages with the same navigation state and depth needed different
    # links (a page inside a section and one outside it): the recorded links, not the
    # depth alone, decide.
    assert kept.rendered < parts * pages / 3
    assert any(len(results) > 1 for results in kept.kept.values())
