"""Rendered pages kept small until MkDocs writes them (bantin/pagememory.py, issue 15's
memory target): between its Markdown and its template an article or list page waits
unrendered (`Later`) and any other long text compressed (`Packed`), and the site is the
same, byte for byte, as a build that renders and keeps every page as MkDocs does."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

from bantin import pagememory
from conftest import copy_project

TEXT = "<p>Công an xã Điện Bàn trao Giấy khen cho ông Nguyễn Văn Thủy — 2.863 lượt, 94,75%.</p>" * 20


def test_a_packed_text_gives_back_the_same_text_and_type():
    for text in (TEXT, Markup(TEXT)):
        packed = pagememory.pack(text)
        assert isinstance(packed, pagememory.Packed)
        assert len(packed.data) < len(text.encode("utf-8")) // 4
        back = packed.text()
        assert back == text and type(back) is type(text)
        # Read where a string is expected, it is still the text.
        assert str(packed) == text and type(str(packed)) is str
        assert packed.__html__() == text
        assert "Điện Bàn" in packed and "<h1" not in packed
        assert len(packed) == len(text) and packed


def test_a_later_page_is_made_when_read_with_its_tail():
    made = []

    def make() -> Markup:
        made.append(1)
        return Markup(TEXT)

    later = pagememory.Later(make, Markup("<script>x</script>"))
    assert made == []
    assert later.text() == TEXT + "<script>x</script>" and type(later.text()) is Markup
    assert str(pagememory.Later(make)) == TEXT and "Điện Bàn" in pagememory.Later(make)
    assert pagememory.pack(later) is later  # a Later is not packed again


def test_short_texts_and_other_values_are_left_as_they_are():
    short = "<p>Tin ngắn</p>"
    assert pagememory.pack(short) is short
    for value in (None, 3, ["a" * 1000], b"x" * 1000):
        assert pagememory.pack(value) is value


class _Watch(BasePlugin):
    """What every page holds once all of them are rendered, before the first is written."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, tuple[type, type, int]] = {}

    def on_env(self, env, *, config, files):
        for file in files.documentation_pages():
            if file.page is not None and file.page.content is not None:
                content = file.page.content
                self.seen[file.src_uri] = (type(content), type(file.page.meta.get(pagememory.HEAD)), len(content))
        return env


class _Now:
    """What the plugin did before pagememory: the HTML made at once."""

    def __new__(cls, make, tail=None):
        return make() + tail if tail is not None else make()


def _build(project: Path) -> _Watch:
    config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / "site"))
    watch = _Watch()
    config.plugins["watch"] = watch
    build(config)
    return watch


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_pages_wait_packed_and_the_site_is_the_same_as_unpacked(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    packed_project = copy_project(tmp_path / "packed")
    watch = _build(packed_project)
    articles = [uri for uri in watch.seen if uri.startswith("bai-viet/")]
    assert len(articles) >= 3
    # Every article page and list page waits unrendered, an article's head tags too;
    # any other long text waits packed.
    for uri, (content, head, size) in watch.seen.items():
        if uri.startswith("bai-viet/"):
            assert content is pagememory.Later and head is pagememory.Later, uri
        assert content in (pagememory.Later, pagememory.Packed) or size < pagememory.SMALL, uri
    assert watch.seen["index.md"][0] is pagememory.Later
    assert watch.seen["index.md"][1] is pagememory.Packed  # a list page's share tags

    # The same sources built as MkDocs keeps pages: rendered at once, nothing packed.
    monkeypatch.setattr(pagememory, "SMALL", 10**9)
    monkeypatch.setattr(pagememory, "Later", _Now)
    plain_project = copy_project(tmp_path / "plain")
    plain = _build(plain_project)
    assert all(kinds[0] in (str, Markup) for kinds in plain.seen.values())
    assert not any(pagememory.Packed in kinds for kinds in plain.seen.values())

    packed_site, plain_site = _tree(packed_project / "site"), _tree(plain_project / "site")
    assert packed_site.keys() == plain_site.keys()
    different = [name for name in packed_site if packed_site[name] != plain_site[name]]
    assert different == []
    assert sum(1 for name in packed_site if name.endswith(".html")) > len(articles)
