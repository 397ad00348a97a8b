"""Independent validators over a built sample site: the Nu HTML Checker (npm vnu-jar,
run with Debian's Java) finds no error and no warning on any page type, and
`frictionless validate` accepts the open data's datapackage.json.

Both tools are installed by `make test` (package.json, requirements-frictionless.lock);
a missing tool fails the test with the command that installs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bantin import datapackage, markupfix
from conftest import ROOT, article
from test_discovery import EXTRA, build_project

# Builds a site and runs an outside tool (ProperDocs, the Nu checker, frictionless).
pytestmark = pytest.mark.build

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
FRICTIONLESS = ROOT / ".venv-frictionless/bin/frictionless"

# Page types the issue names, each with one URL of the sample site (plus EXTRA).
PAGE_TYPES = {
    "home": "index.html",
    "article": "bai-viet/2020/ban-chi-dao-138-tinh-phat-dong/index.html",
    "article without photo, body heading 'Khen thưởng'": "bai-viet/2023/doi-tuan-tra-ra-mat/index.html",
    "category list": "chuyen-muc/tin-dia-phuong/index.html",
    "year list, page 2 (pager)": "nam/2022/trang/2/index.html",
    "tag list": "the/khen-thuong/index.html",
    "categories index": "chuyen-muc/index.html",
    "honour roll": "khen-thuong/index.html",
    "honour roll year": "khen-thuong/2020/index.html",
    "year": "nam/2022/index.html",
    "person": "nguoi/nguyen-ngoc-anh/index.html",
    "place": "dia-phuong/can-tho/index.html",
    "statistics": "thong-ke/index.html",
    "metric": "thong-ke/khu-dan-cu-van-hoa/index.html",
    "search": "tim-kiem/index.html",
    "accessibility statement": "kha-nang-tiep-can/index.html",
    "corrections": "dinh-chinh/index.html",
    "withdrawn article (banner, noindex)": "bai-viet/2023/hoi-thi-to-tu-quan-gioi-cap-phuong-nam-2023/index.html",
    "award type list": "khen-thuong/loai/bang-khen/index.html",
    "about (Markdown page in the nav)": "gioi-thieu/index.html",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return build_project(tmp_path_factory.mktemp("validators") / "project", EXTRA, per_page=2)


def vnu(files: list[Path]) -> list[dict]:
    """The Nu checker's messages (errors, warnings and info warnings) for `files`."""
    assert VNU.is_file(), "vnu-jar is missing: run `make test` (npm install)"
    java = shutil.which("java")
    assert java, "Java is missing: run `make test` (installs default-jre-headless)"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--also-check-svg",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_every_page_type_is_in_the_sample(project):
    missing = [kind for kind, rel in PAGE_TYPES.items() if not (project / "site" / rel).is_file()]
    assert missing == []


def test_nu_checker_finds_no_error_and_no_warning_on_any_page(project):
    site = project / "site"
    files = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(files) >= 60
    messages = vnu(files)
    report = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['type']}"
              f"{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}" for m in messages]
    assert report == []


def test_nu_checker_does_report_what_it_must(tmp_path):
    """The checker run as above does see the faults this branch removed (so an empty
    report means something): Material's checkbox autocomplete, a skipped heading
    level, a nested article without a heading, a duplicate id."""
    page = tmp_path / "x.html"
    page.write_text(
        '<!doctype html><html lang="vi"><head><title>x</title></head><body><article><h1>a</h1>'
        + markupfix.CHECKBOXES[0][0] + '<h3 id="k">b</h3><article><p>c</p></article><p id="k">d</p>'
        "</article></body></html>", encoding="utf-8")
    text = " | ".join(m["message"] for m in vnu([page]))
    for expected in ("autocomplete", "skipping 1 heading level", "Article lacks heading", "Duplicate ID"):
        assert expected in text, (expected, text)


def test_material_markup_mended_is_still_what_material_writes(project):
    """markupfix matches Material's exact toggles; if an upgrade changes them this
    fails before the Nu checker does, naming the cause."""
    base = (Path(__import__("material").__file__).parent / "templates/base.html").read_text(encoding="utf-8")
    for wrong, _ in markupfix.CHECKBOXES:
        assert wrong in base
    html = (project / "site/index.html").read_text(encoding="utf-8")
    assert 'id="__drawer" autocomplete' not in html and 'id="__drawer">' in html


def test_body_heading_khen_thuong_and_the_awards_section_have_different_ids(project):
    html = (project / "site" / PAGE_TYPES["article without photo, body heading 'Khen thưởng'"]).read_text(
        encoding="utf-8")
    assert '<h2 id="khen-thuong">Khen thưởng</h2>' in html and 'id="bt--khen-thuong"' in html


# Open data: frictionless ---------------------------------------------------------------------


def frictionless(descriptor: Path) -> dict:
    assert FRICTIONLESS.is_file(), "frictionless is missing: run `make test` (creates .venv-frictionless)"
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", str(descriptor)], capture_output=True,
                            text=True, timeout=300)
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == report["valid"], result.stderr
    return report


def errors(report: dict) -> list[str]:
    return [f"{task.get('name')}: {e.get('message')}" for task in report.get("tasks", [])
            for e in task.get("errors", [])] + [e.get("message") for e in report.get("errors", [])]


def test_frictionless_validates_the_data_package(project):
    folder = project / "site/du-lieu"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == [
        "bai-viet.json", "khen-thuong.csv", "khen-thuong.json", "thong-ke.csv", "thong-ke.json"]
    report = frictionless(folder / "datapackage.json")
    assert report["valid"], errors(report)
    assert all(task["stats"]["rows"] > 0 for task in report["tasks"])


def test_frictionless_rejects_a_file_that_breaks_its_schema(project, tmp_path):
    folder = tmp_path / "du-lieu"
    shutil.copytree(project / "site/du-lieu", folder)
    csv = folder / "khen-thuong.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    header = lines[0].split(",")
    cells[header.index("count")] = "chín"
    lines[1] = ",".join(cells)
    csv.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    report = frictionless(folder / "datapackage.json")
    assert not report["valid"] and any("count" in e or "integer" in e for e in errors(report)), errors(report)


def test_every_column_is_described_in_vietnamese_with_licence_and_sources(project):
    package = json.loads((project / "site/du-lieu/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"][0]["path"] == "https://bantin.example.vn/"
    assert package["title"].startswith("Dữ liệu mở")
    for resource in package["resources"]:
        assert resource["description"], resource["name"]
        for field in resource["schema"]["fields"]:
            assert field["type"] != "any" and field.get("title") and field.get("description"), \
                (resource["name"], field["name"], "add it to bantin/datapackage.py DATASETS")
        records = json.loads((project / "site/du-lieu" / (resource["path"].rsplit(".", 1)[0] + ".json"))
                             .read_text(encoding="utf-8"))
        assert [f["name"] for f in resource["schema"]["fields"]] == list(records[0])
    urls = [f for r in package["resources"] for f in r["schema"]["fields"] if f["name"] in ("article", "url")]
    assert urls and all(f["format"] == "uri" for f in urls)


def test_article_column_holds_absolute_urls(project):
    for name in ("khen-thuong", "thong-ke"):
        records = json.loads((project / f"site/du-lieu/{name}.json").read_text(encoding="utf-8"))
        assert records and all(r["article"].startswith("https://bantin.example.vn/bai-viet/") for r in records)
        csv = (project / f"site/du-lieu/{name}.csv").read_text(encoding="utf-8-sig").splitlines()
        assert all(line.startswith("https://bantin.example.vn/bai-viet/") for line in csv[1:])


def test_a_site_with_no_award_yet_has_a_valid_data_package(build_site):
    """Datasets with no record are no table yet: left out until they have one."""
    site = build_site({"articles/a.md": article()})
    package = site.json("du-lieu/datapackage.json")
    assert [r["path"] for r in package["resources"]] == ["bai-viet.json"]
    assert frictionless(site.site / "du-lieu/datapackage.json")["valid"]
    descriptor = datapackage.descriptor(site.site / "du-lieu", site_name="x", site_url="", description="")
    assert "homepage" not in descriptor and descriptor["sources"] == [{"title": "Các bài viết đã đăng trên x"}]
