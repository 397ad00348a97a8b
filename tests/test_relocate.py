"""Cards and list thumbnails made once a build and placed on each page (bantin/relocate.py):
the same bytes as rendering them on each page."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from markupsafe import Markup, escape
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bantin import relocate
from bantin.urls import relative
from conftest import copy_project


def _make(link) -> Markup:
    # As a template writes links: escaped (the targets hold characters escaping changes).
    return Markup(f'<a href="{escape(link("/bai-viet/2022/08/a&b/"))}">x</a> '
                  f'<img src="{escape(link("/anh/p-480.jpg"))}" srcset="{escape(link("/anh/p-960.jpg"))} 960w">'
                  f'{escape(link("/"))}')


@pytest.mark.unit
@pytest.mark.parametrize("page_url", ["/", "/nam/2022/", "/bai-viet/", "/bai-viet/2022/08/khac/",
                                      "/bai-viet/2022/08/a&b/", "/anh/", "/404.html"])
def test_placed_is_what_the_page_renders_itself(page_url):
    relocate.clear()
    direct = _make(lambda target: relative(target, page_url))
    assert relocate.placed(("t",), (), _make, page_url) == direct
    # Again, from what is kept, for this page and another.
    assert relocate.placed(("t",), (), _make, page_url) == direct
    assert relocate.placed(("t",), (), _make, "/nguoi/x/") == _make(lambda t: relative(t, "/nguoi/x/"))


@pytest.mark.unit
def test_kept_only_while_the_owners_are_the_same_objects():
    relocate.clear()
    first, second = ["a"], ["a"]  # equal, not the same
    before = relocate.made_count
    relocate.placed(("k",), (first,), _make, "/")
    relocate.placed(("k",), (first,), _make, "/nam/")
    assert relocate.made_count == before + 1
    relocate.placed(("k",), (second,), _make, "/")
    assert relocate.made_count == before + 2
    relocate.clear()
    relocate.placed(("k",), (second,), _make, "/")
    assert relocate.made_count == before + 3


def _build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch, on: str) -> int:
    monkeypatch.setenv("BANTIN_RELOCATE", on)
    before = relocate.made_count
    build(load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site)))
    return relocate.made_count - before


@pytest.mark.build
def test_the_site_is_the_same_with_cards_placed_as_rendered_page_by_page(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    made = _build(project, tmp_path / "placed", monkeypatch, "1")
    assert _build(project, tmp_path / "each", monkeypatch, "0") == 0
    files = sorted(str(p.relative_to(tmp_path / "each")) for p in (tmp_path / "each").rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(tmp_path / "placed"))
                           for p in (tmp_path / "placed").rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "placed", tmp_path / "each", files, shallow=False)
    assert (mismatch, errors) == ([], [])
    # Used: fewer cards and pictures made than placed (each article is on several lists).
    cards = sum(html.read_text(encoding="utf-8").count('<article class="bt-card')
                for html in (tmp_path / "each").rglob("*.html"))
    assert 0 < made < cards
