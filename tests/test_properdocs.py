"""A second engine: the sample site built by ProperDocs 1.6 (the continuation of
MkDocs 1.x) with Material equals the MkDocs build, file for file and byte for byte,
once the generator tag (which names the engine) is ignored.

ProperDocs lives in its own environment, `.venv-properdocs` (`make properdocs`, from
requirements-properdocs.lock, without MkDocs in it); this test makes it when missing.
"""

from __future__ import annotations

import pytest

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project

# Builds a site and runs an outside tool (ProperDocs, the Nu checker, frictionless).
pytestmark = pytest.mark.build

VENV = ROOT / ".venv-properdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _properdocs() -> Path:
    if not (VENV / ".installed").exists():
        subprocess.run(["make", "-C", str(ROOT), "properdocs"], check=True, timeout=1200)
    return VENV / "bin"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_plugin_declares_properdocs_support_and_mkdocs_is_not_in_its_environment():
    bin_dir = _properdocs()
    probe = subprocess.run([str(bin_dir / "python"), "-c", (
        "import importlib.util\n"
        "from properdocs.plugins import get_plugins\n"
        "print(get_plugins()['bantin'].group, importlib.util.find_spec('mkdocs') is None)")],
        capture_output=True, text=True, check=True)
    assert probe.stdout.split() == ["properdocs.plugins", "True"]


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    bin_dir = _properdocs()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    with_mkdocs = copy_project(tmp_path / "mkdocs")
    with_properdocs = copy_project(tmp_path / "properdocs")
    mk = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                        cwd=with_mkdocs, env=env, capture_output=True, text=True, timeout=600)
    assert mk.returncode == 0, mk.stderr[-3000:]
    pd = subprocess.run([str(bin_dir / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site"],
                        cwd=with_properdocs, env=env, capture_output=True, text=True, timeout=600)
    assert pd.returncode == 0, pd.stderr[-3000:]
    one, two = _files(with_mkdocs / "site"), _files(with_properdocs / "site")
    assert sorted(one) == sorted(two)
    pages = [name for name in one if name.endswith(".html")]
    assert len(pages) > 30 and any(name.startswith("bai-viet/") for name in pages)
    assert GENERATOR.search(two["index.html"]).group(1).startswith(b"mkdocs-ProperDocs 1.6.")
    assert GENERATOR.search(one["index.html"]).group(1).startswith(b"mkdocs-1.6.1")
    differ = []
    for name in one:
        a, b = one[name], two[name]
        if name.endswith(".html"):
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if a != b:
            differ.append(name)
    assert differ == []
