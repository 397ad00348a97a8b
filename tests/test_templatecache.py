"""Compiled templates kept between builds (bantin/templatecache.py): never a stale page."""

from __future__ import annotations

import pytest
from jinja2 import Environment, FileSystemLoader

from bantin.templatecache import TemplateCache

pytestmark = pytest.mark.unit


def _render(folder, cache) -> str:
    env = Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=cache)
    return env.get_template("trang.html").render(ten="Ninh Kiều")


def test_a_changed_template_is_compiled_again_in_the_same_session_and_the_next(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "trang.html").write_text("<p>{{ ten }}</p>", encoding="utf-8")
    cache = TemplateCache(tmp_path / "cache")
    assert _render(templates, cache) == "<p>Ninh Kiều</p>"
    assert list((tmp_path / "cache").iterdir())  # written for the next build
    # A new environment (MkDocs makes one each build) takes the compiled code...
    assert _render(templates, cache) == "<p>Ninh Kiều</p>"
    # ...until the template changes: in this session, and from the folder in the next.
    (templates / "trang.html").write_text("<h1>{{ ten }}</h1>", encoding="utf-8")
    assert _render(templates, cache) == "<h1>Ninh Kiều</h1>"
    assert _render(templates, TemplateCache(tmp_path / "cache")) == "<h1>Ninh Kiều</h1>"
    (templates / "trang.html").write_text("<b>{{ ten }}</b>", encoding="utf-8")
    assert _render(templates, TemplateCache(tmp_path / "cache")) == "<b>Ninh Kiều</b>"


def test_a_cache_folder_that_cannot_be_written_costs_only_the_compile(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "trang.html").write_text("<p>{{ ten }}</p>", encoding="utf-8")
    blocked = tmp_path / "khong-phai-thu-muc"
    blocked.write_text("", encoding="utf-8")  # a file where the folder should be (works as root too)
    assert _render(templates, TemplateCache(blocked / "jinja")) == "<p>Ninh Kiều</p>"
    assert _render(templates, TemplateCache(blocked / "jinja")) == "<p>Ninh Kiều</p>"


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "trang.html").write_text("<p>{{ ten }}</p>", encoding="utf-8")
    _render(templates, TemplateCache(tmp_path / "cache"))
    for file in (tmp_path / "cache").iterdir():
        file.write_bytes(b"hong")
    assert _render(templates, TemplateCache(tmp_path / "cache")) == "<p>Ninh Kiều</p>"
