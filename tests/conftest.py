"""Shared fixtures: build real sites in temporary folders, in process.

A site is described as a literal file tree ({"articles/a.md": "..."}); the frozen
test vocabularies (`tests/fixtures/vocab`, a copy of `content/vocab` taken for the
tests) are copied in unless the tree brings its own, so an editor renaming a category
in `content/vocab` changes the sample site, not the tests' expectations.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VOCAB_DIR = ROOT / "tests/fixtures/vocab"
# Browser fixtures (`chromium`, `serve`) for every test module, started once per session.
pytest_plugins = ["browser"]
MKDOCS_YML = """\
site_name: Bản tin thử
site_url: https://bantin.example.vn/
docs_dir: content
theme:
  name: material
  language: vi
  font: false
plugins:
  - bantin
"""


def jpeg(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real (small) JPEG: photos are checked and decoded by every build."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def copy_project(project: Path) -> Path:
    """A copy of the project's own content, articles, photos and mkdocs.yml in `project`."""
    for name in ("content", "articles", "photos"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project for the importer and `make check`: the site's vocabularies, no
    articles, no photos (a test module may define its own `project`)."""
    shutil.copytree(ROOT / "content" / "vocab", tmp_path / "content" / "vocab")
    (tmp_path / "articles").mkdir()
    (tmp_path / "photos").mkdir()
    return tmp_path


def article(title: str = "Bài thử", date: str = "18/08/2022", category: str = "Tin hoạt động",
            body: str = "Nội dung bài viết.", **fields) -> str:
    """The text of an article file: front matter from keyword arguments (YAML text values)."""
    lines = ["---", f"title: {title}", f"date: {date}", f"category: {category}"]
    for key, value in fields.items():
        value = textwrap.dedent(value).strip("\n") if isinstance(value, str) and "\n" in value else value
        if isinstance(value, str) and "\n" in value:
            lines.append(f"{key}:")
            lines.extend("  " + line for line in value.splitlines())
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines + ["---", body, ""])


@dataclass
class Built:
    """A built site: where it is, and helpers to read it."""

    root: Path
    site: Path
    log: list[logging.LogRecord]

    def html(self, url: str) -> str:
        path = self.site / url.strip("/") / "index.html" if not url.endswith(".html") else self.site / url.strip("/")
        return path.read_text(encoding="utf-8")

    def json(self, path: str):
        return json.loads((self.site / path).read_text(encoding="utf-8"))

    def exists(self, url: str) -> bool:
        return (self.site / url.strip("/") / "index.html").is_file()

    def messages(self, logger: str = "mkdocs.plugins.bantin") -> list[str]:
        return [r.getMessage().removeprefix("bantin: ") for r in self.log if r.name.startswith(logger)]


class _Records(logging.Handler):
    """Log records of one build, for builders without pytest's caplog (module scope)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class SiteBuilder:
    def __init__(self, tmp_path: Path, caplog: pytest.LogCaptureFixture | None) -> None:
        self.tmp_path = tmp_path
        self.caplog = caplog

    def write(self, tree: dict[str, str | bytes], root: Path | None = None) -> Path:
        root = root or self.tmp_path / "project"
        for rel, content in tree.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if not (root / "content/vocab").exists():
            shutil.copytree(VOCAB_DIR, root / "content/vocab")
        (root / "content").mkdir(exist_ok=True)
        (root / "articles").mkdir(exist_ok=True)
        (root / "photos").mkdir(exist_ok=True)
        if not (root / "mkdocs.yml").exists():
            (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        return root

    def __call__(self, tree: dict[str, str | bytes], *, strict: bool = True, preview: bool = False,
                 root: Path | None = None) -> Built:
        root = self.write(tree, root)
        config = load_config(str(root / "mkdocs.yml"), strict=strict, site_dir=str(root / "site"))
        if preview:
            config.plugins["bantin"].config.preview = True
        if self.caplog is None:
            handler, logger = _Records(), logging.getLogger()
            level = logger.level
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            try:
                build(config)
            finally:
                logger.removeHandler(handler)
                logger.setLevel(level)
            return Built(root=root, site=root / "site", log=handler.records)
        self.caplog.clear()
        with self.caplog.at_level(logging.INFO):
            build(config)
        return Built(root=root, site=root / "site", log=list(self.caplog.records))

    def sample(self) -> Built:
        """Build the project's own sample content (its mkdocs.yml, strict)."""
        return self({}, root=copy_project(self.tmp_path / "project"))

    def failing(self, tree: dict[str, str | bytes], **kwargs) -> Built:
        """Build expecting failure; returns the log."""
        assert self.caplog is not None, "a failing build needs the function-scoped build_site"
        with pytest.raises(Abort):
            self(tree, **kwargs)
        return Built(root=self.tmp_path / "project", site=self.tmp_path / "project/site",
                     log=list(self.caplog.records))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test one kind (`make test-unit` runs only `unit`).

    A test that drives Chromium (fixtures `chromium`, `serve`, `browse`) is `browser`;
    one that builds a site (`build_site`, or a fixture named `site` or `*_site`, the
    convention for a module-scoped built site) is `build`; a module or test may also
    mark itself `build` (builds through a subprocess, timing tests). Every other test
    is `unit`: pure functions over data, no MkDocs build, no browser, no npm.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"chromium", "serve", "browse"}:
            item.add_marker(pytest.mark.browser)
        if any(name in ("build_site", "site") or name.endswith("_site") for name in fixtures):
            item.add_marker(pytest.mark.build)
        if item.get_closest_marker("build") is None and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def build_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> SiteBuilder:
    """Build a site from a file tree: `build_site({"articles/a.md": article(...)})`."""
    return SiteBuilder(tmp_path, caplog)


def build_once(tmp_path_factory: pytest.TempPathFactory, tree: dict[str, str | bytes], **kwargs) -> Built:
    """Build `tree` for a module-scoped fixture: tests that only read the result share
    one build (name such fixtures `*_site`, so they are marked `build`)."""
    return SiteBuilder(tmp_path_factory.mktemp("site"), None)(tree, **kwargs)
