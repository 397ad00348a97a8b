"""`make import` and the districts vocabulary (content/vocab/districts.yml): a report that
names only "thị xã Điện Bàn" gets its province, dated through the 2025 merger; a province
the report names wins; a disagreement is left to the press officer, not guessed.

Real reports written to a temporary project with the real vocabularies, imported by the
command's own entry point; the drafts are checked by `python -m bantin.check`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from bantin.check import main as check_main
from bantin.importer.__main__ import main
from bantin.vocab import Vocabularies, VocabError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def imported(project: Path, text: str, capsys, name: str = "bao-cao.txt") -> tuple[str, dict]:
    source = project / name
    source.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
    code = main([str(source), "--root", str(project)])
    out, err = capsys.readouterr()
    assert code == 0, err
    draft = (project / out.strip().splitlines()[-1]).read_text(encoding="utf-8")
    return draft, yaml.safe_load(draft.split("\n---", 1)[0].lstrip("-\n"))


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin.check", "--root", str(project)],
                          capture_output=True, text=True, timeout=120)


def event_lines(draft: str) -> list[str]:
    """The front matter's comment lines right above `event:` and the event block itself."""
    lines = draft.split("\n---", 1)[0].splitlines()
    start = lines.index("event:")
    above = start
    while above > 0 and lines[above - 1].startswith("#"):
        above -= 1
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    return lines[above:end]


REPORT = """
    Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở Điện Bàn

    Sáng {day}, Công an thị xã Điện Bàn tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại hội trường khối phố.

    Đại tá Lê Trung Hai, Trưởng Công an thị xã, phát biểu tại ngày hội.
"""


@pytest.mark.parametrize("day, province, merged", [
    ("15/9/2024", "Quảng Nam", False),
    ("15/9/2025", "Đà Nẵng", True),
])
def test_district_gives_its_province_dated_through_the_merger(project: Path, capsys, day, province, merged):
    draft, fm = imported(project, REPORT.format(day=day), capsys)
    assert fm["event"]["province"] == province
    block = "\n".join(event_lines(draft))
    # The sentence naming the district is quoted, and where the province came from is said.
    assert f'# tỉnh, thành từ câu: "Sáng {day}, Công an thị xã Điện Bàn tổ chức' in block
    assert "thị xã Điện Bàn thuộc Quảng Nam trước ngày 01/07/2025 (danh mục content/vocab/districts.yml)" in block
    assert ("Quảng Nam đã hợp nhất vào Đà Nẵng từ 01/07/2025" in block) is merged
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_district_abbreviated_and_tone_placement_folded(project: Path, capsys):
    _, fm = imported(project, """
        Hội nghị sơ kết phong trào ở Ứng Hoà

        Sáng 3/11/2024, Công an H. Ứng Hoà và UBND huyện Ứng Hoà tổ chức hội nghị sơ kết phong trào.
    """, capsys)
    assert fm["event"]["province"] == "Hà Nội"  # "Hoà" (old tone placement) is "Hòa" of the vocabulary


def test_kind_must_match_the_vocabulary(project: Path, capsys):
    # "quận Bình Tân" is Thành phố Hồ Chí Minh's, not Vĩnh Long's "huyện Bình Tân": no province.
    draft, fm = imported(project, """
        Hội nghị tổng kết phong trào ở Bình Tân

        Sáng 3/11/2024, Công an quận Bình Tân tổ chức hội nghị tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc.
    """, capsys)
    assert "province" not in (fm.get("event") or {})
    assert "Vĩnh Long" not in draft


def test_province_named_in_the_report_wins(project: Path, capsys):
    draft, fm = imported(project, """
        Phát huy vai trò nòng cốt ở quận Ninh Kiều

        Sáng 18/8/2022, tại quận Ninh Kiều, TP Cần Thơ, Công an quận tổ chức hội nghị sơ kết phong trào.
    """, capsys)
    assert fm["event"]["province"] == "Cần Thơ"
    assert "districts.yml" not in draft and "CẦN ĐIỀN: báo cáo ghi" not in draft


def test_successor_named_after_the_merger_agrees_with_the_district(project: Path, capsys):
    draft, fm = imported(project, """
        Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở Điện Bàn

        Sáng 20/8/2025, tại thị xã Điện Bàn, thành phố Đà Nẵng, tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc.
    """, capsys)
    assert fm["event"]["province"] == "Đà Nẵng"
    assert "CẦN ĐIỀN: báo cáo ghi" not in draft


def test_conflict_left_commented_out_under_can_dien(project: Path, capsys):
    # Before the merger Điện Bàn was Quảng Nam's, not Đà Nẵng's: the report contradicts itself.
    draft, fm = imported(project, """
        Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở Điện Bàn

        Sáng 15/9/2023, tại thị xã Điện Bàn, thành phố Đà Nẵng, tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc.
    """, capsys)
    assert "province" not in fm["event"]
    block = event_lines(draft)
    note = next(line for line in block if line.startswith("# CẦN ĐIỀN:"))
    assert "báo cáo ghi thành phố Đà Nẵng, nhưng thị xã Điện Bàn thuộc Quảng Nam" in note
    assert '  # province: "Đà Nẵng"' in block and '  # province: "Quảng Nam"' in block
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CẦN ĐIỀN: báo cáo ghi thành phố Đà Nẵng" in result.stdout


def test_districts_of_two_provinces_and_no_province_named(project: Path, capsys):
    draft, fm = imported(project, """
        Trao đổi kinh nghiệm phong trào giữa hai địa phương

        Sáng 12/6/2024, Công an thị xã Điện Bàn và Công an quận Ninh Kiều tổ chức hội nghị trao đổi kinh nghiệm.
    """, capsys)
    assert "province" not in fm["event"]
    block = event_lines(draft)
    assert any("thị xã Điện Bàn thuộc Quảng Nam; quận Ninh Kiều thuộc Cần Thơ" in line for line in block)
    assert '  # province: "Quảng Nam"' in block and '  # province: "Cần Thơ"' in block


def test_without_the_districts_file_nothing_changes(project: Path, capsys):
    (project / "content/vocab/districts.yml").unlink()
    assert Vocabularies.load(project / "content/vocab").districts.terms == []
    draft, fm = imported(project, REPORT.format(day="15/9/2024"), capsys)
    assert "province" not in fm["event"] and "districts.yml" not in draft
    assert check(project).returncode == 0


def test_the_dien_ban_seed_gets_its_province(project: Path, capsys):
    seed = SEEDS / "000_9cfc9891e06d9425.txt"
    if not seed.is_file():
        print(f"bỏ qua: không có báo cáo mẫu {seed}")
        pytest.skip(f"no seed report {seed}")
    assert "Quảng Nam" not in seed.read_text(encoding="utf-8")  # the report never names its province
    code = main([str(seed), "--root", str(project)])
    out, err = capsys.readouterr()
    assert code == 0, err
    draft = (project / out.strip().splitlines()[-1]).read_text(encoding="utf-8")
    fm = yaml.safe_load(draft.split("\n---", 1)[0].lstrip("-\n"))
    assert fm["event"]["province"] == "Quảng Nam"
    assert '# tỉnh, thành từ câu: "Điểm cầu tại Công an thị xã Điện Bàn có đồng chí Trần Úc' in draft


# ------------------------------------------------------------------ vocabulary integrity


def _vocab(tmp_path: Path, districts: str) -> Path:
    folder = tmp_path / "project" / "content" / "vocab"
    shutil.copytree(ROOT / "content" / "vocab", folder)
    (folder / "districts.yml").write_text(districts, encoding="utf-8")
    return folder


def test_the_shipped_districts_are_valid_and_name_known_provinces():
    vocab = Vocabularies.load(ROOT / "content" / "vocab")
    assert len(vocab.districts.terms) >= 50
    for district in vocab.districts.terms:
        province = vocab.provinces.lookup(district.province)
        assert province is not None and province.name == district.province, district
    dien_ban = next(d for d in vocab.districts.terms if d.name == "Điện Bàn")
    assert (dien_ban.kind, dien_ban.province) == ("thị xã", "Quảng Nam")


def test_unknown_province_and_shared_name_are_errors_with_file_and_line(tmp_path: Path, capsys):
    folder = _vocab(tmp_path, (
        "# Huyện, thị xã\n"
        "- name: Điện Bàn\n"
        "  kind: thị xã\n"
        "  province: Quảng Nam\n"
        "- name: Đại Lộc\n"
        "  kind: huyện\n"
        "  province: Quảng Nammm\n"
        "- name: Hội An\n"
        "  kind: thành phố\n"
        "  province: Huế\n"
        "- name: Khu Điện Bàn\n"
        "  kind: thị xã\n"
        "  aliases: [Điện bàn]\n"   # the same key as line 2's name, same kind
        "  province: Quảng Nam\n"
        "- name: Hoàng Mai\n"
        "  kind: quận\n"
        "  province: Hà Nội\n"
        "- name: Hoàng Mai\n"        # another kind: another place (Nghệ An's thị xã)
        "  kind: thị xã\n"
        "  province: Nghệ An\n"))
    path = folder / "districts.yml"
    with pytest.raises(VocabError) as caught:
        Vocabularies.load(folder)
    lines = str(caught.value).splitlines()
    assert lines == [f'{path}:13: "Điện bàn" (mục thứ 4) trùng với "Điện Bàn" của mục thứ 1 ({path}:2); '
                     "một tên hay tên khác (`aliases`) chỉ được thuộc về một mục, nếu không bài viết sẽ bị "
                     "tính nhầm mục: xoá hoặc sửa một trong hai"], lines
    # Without the shared name, the provinces are checked, each on its own line.
    path.write_text(path.read_text(encoding="utf-8").replace("  aliases: [Điện bàn]\n", ""), encoding="utf-8")
    with pytest.raises(VocabError) as caught:
        Vocabularies.load(folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f'{path}:7: huyện Đại Lộc: tỉnh (`province`) "Quảng Nammm" không có trong danh '
                               "sách tỉnh/thành (provinces.yml); ghi tên tỉnh trước ngày 01/07/2025"), lines[0]
    assert "gần giống: Quảng Nam" in lines[0]
    assert lines[1].startswith(f'{path}:10: thành phố Hội An: tỉnh "Huế" chỉ có từ 01/07/2025'), lines[1]
    # `make check` says the same, without a traceback.
    assert check_main(["--root", str(tmp_path / "project")]) == 2
    err = capsys.readouterr().err
    assert "districts.yml:7:" in err and "districts.yml:10:" in err and "Traceback" not in err


def test_unknown_kind_is_an_error_with_its_line(tmp_path: Path):
    folder = _vocab(tmp_path, "- name: Điện Bàn\n  kind: thi xa\n  province: Quảng Nam\n")
    with pytest.raises(VocabError) as caught:
        Vocabularies.load(folder)
    assert str(caught.value) == (f'{folder / "districts.yml"}:2: Điện Bàn: loại (`kind`) "thi xa" không hợp lệ; '
                                 "ghi một trong: huyện, quận, thị xã, thành phố")
