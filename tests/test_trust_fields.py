"""Trust fields, read from front matter (issue 18): `updated` and `changes`,
`withdrawn`, an award's `decision` and `decision_date`, a recipient's `public`, and
the award record ids derived from content. Pure: no site is built here (the built
site is tests/test_trust_site.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, VOCAB_DIR

from bantin.corrections import notes
from bantin.model import VN_TZ
from bantin.reading import load_corpus
from bantin.schema import parse_article
from bantin.trustfields import DECISION, suggest_decision
from bantin.vocab import Vocabularies

VOCAB = Vocabularies.load(VOCAB_DIR)
HINT = "viết ví dụ 20/08/2022 hoặc 20/08/2022 09:15 (ngày/tháng/năm, giờ Việt Nam)"


def text(fields: str, body: str = "Nội dung bài.") -> str:
    """An article dated 18/08/2022 14:32 (lines 2-4), then `fields` from line 5."""
    return ("---\ntitle: Ngày hội ở Ninh Kiều\ndate: 18/08/2022 14:32\ncategory: Khen thưởng\n"
            + textwrap.dedent(fields).strip("\n") + "\n---\n" + body + "\n")


def read(fields: str, body: str = "Nội dung bài."):
    return parse_article(text(fields, body).encode("utf-8"), "articles/x.md", VOCAB)


def problems(fields: str, body: str = "Nội dung bài.") -> list[str]:
    """Each problem as file:line, the field's technical path, value and message. How the
    field is named for the writer ("ngày cập nhật (updated)") is tested below and, for
    every field, by tests/test_problem_table.py."""
    return [f"{p.file}:{p.line} {p.field}: " + (f"{p.value} " if p.value is not None else "") + p.message
            for p in read(fields, body)[1]]


def test_trust_fields_are_named_as_the_template_names_them():
    shown = [str(p) for p in read("updated: 32/08/2022\nwithdrawn:\n  date: 05/09/2022")[1]]
    assert any(line.startswith("articles/x.md:5 ngày cập nhật (updated): ") for line in shown), shown


AWARD = """
awards:
  - award: Bằng khen
    issuer: UBND tỉnh
    recipient_type: cá nhân
    count: 3
"""


def test_corrections_and_withdrawal_are_read():
    article, found = read("""
        updated: 20/08/2022 09:15
        changes:
          - date: 19/08/2022
            note: Sửa chức vụ của đồng chí Nguyễn Văn A.
          - date: 20/08/2022 09:15
            note: "  Bổ sung   số quyết định.  "
        withdrawn:
          date: 05/09/2022
          reason: Bài đăng trùng.
        """)
    assert found == []
    assert article.updated == dt.datetime(2022, 8, 20, 9, 15, tzinfo=VN_TZ) and article.updated_has_time
    assert article.modified == article.updated
    # Newest first, spaces tidied.
    assert [(c.date.day, c.has_time, c.note) for c in article.changes] == [
        (20, True, "Bổ sung số quyết định."), (19, False, "Sửa chức vụ của đồng chí Nguyễn Văn A.")]
    assert article.withdrawn.date.date() == dt.date(2022, 9, 5) and article.withdrawn.reason == "Bài đăng trùng."
    assert not article.listed


def test_an_article_without_trust_fields_is_unchanged():
    article, found = read("tags: [Khen thưởng]")
    assert found == [] and article.updated is None and article.changes == () and article.withdrawn is None
    assert article.modified == article.date and article.listed


def test_a_same_day_update_of_a_dated_article_is_not_before_it():
    # Published 18/08/2022 14:32; "updated: 18/08/2022" (no time) means that day.
    article, found = read("updated: 18/08/2022\nchanges:\n  - date: 18/08/2022\n    note: Sửa tên.")
    assert found == [] and article.updated.date() == dt.date(2022, 8, 18)


@pytest.mark.parametrize("fields, expected", [
    ("updated: 32/08/2022\nchanges:\n  - date: 19/08/2022\n    note: Sửa.",
     [f'articles/x.md:5 updated: "32/08/2022" không phải ngày giờ có thật; {HINT}']),
    ("updated: 17/08/2022 10:00\nchanges:\n  - date: 18/08/2022 15:00\n    note: Sửa.",
     ['articles/x.md:5 updated: "17/08/2022 10:00" sớm hơn ngày đăng 18/08/2022 14:32; ngày cập nhật '
      "(lần sửa lớn gần nhất) không được trước ngày đăng"]),
    ("updated: 20/08/2022",
     ['articles/x.md:5 updated: "20/08/2022" có ngày cập nhật nhưng chưa có ghi chú đính chính; thêm `changes:` '
      "nói rõ đã sửa gì, ví dụ\n  changes:\n    - date: 20/08/2022 09:15\n"
      "    note: Sửa số khu dân cư văn hóa từ 2.836 thành 2.863\n(sửa lỗi nhỏ như lỗi chính tả thì không "
      "ghi `updated`)"]),
    ("changes:\n  - date: 19/08/2022\n    note: Sửa.",
     ["articles/x.md:5 changes: có ghi chú đính chính nhưng thiếu `updated`; thêm `updated:` là ngày giờ "
      "của lần sửa lớn gần nhất, ví dụ updated: 20/08/2022 09:15"]),
    ("updated: 20/08/2022\nchanges: Sửa chức vụ",
     ['articles/x.md:6 changes: "Sửa chức vụ" phải là danh sách ghi chú đính chính, mỗi mục bắt đầu bằng '
      "'- ', ví dụ\n  changes:\n    - date: 20/08/2022 09:15\n    note: Sửa số khu dân cư văn hóa từ 2.836 "
      "thành 2.863"]),
    ("updated: 20/08/2022\nchanges:\n  - Sửa chức vụ",
     ['articles/x.md:7 changes[0]: "Sửa chức vụ" phải gồm `date` và `note`, ví dụ\n  - date: 20/08/2022 '
      "09:15\n    note: Sửa số khu dân cư văn hóa từ 2.836 thành 2.863"]),
    ("updated: 20/08/2022\nchanges:\n  - note: Sửa chức vụ",
     [f"articles/x.md:7 changes[0].date: thiếu ngày sửa; {HINT}"]),
    ("updated: 20/08/2022\nchanges:\n  - date: 19/08/2022\n    note: ''",
     ['articles/x.md:8 changes[0].note: "" đang để trống; hãy ghi nội dung ghi chú (đã sửa gì)']),
    ("updated: 20/08/2022\nchanges:\n  - date: 19/08/2022\n    nota: Sửa.",
     ["articles/x.md:7 changes[0].note: thiếu nội dung ghi chú (đã sửa gì)",
      "articles/x.md:8 changes[0].nota: là trường không có trong mẫu; có phải là `note`?"]),
    ("updated: 20/08/2022\nchanges:\n  - date: 17/08/2022\n    note: Sửa.",
     ['articles/x.md:7 changes[0].date: "17/08/2022" sớm hơn ngày đăng 18/08/2022 14:32; ngày sửa phải nằm '
      "giữa ngày đăng và ngày cập nhật (`updated`)"]),
    ("updated: 20/08/2022 09:15\nchanges:\n  - date: 21/08/2022\n    note: Sửa.",
     ['articles/x.md:7 changes[0].date: "21/08/2022" muộn hơn ngày cập nhật 20/08/2022 09:15; `updated` là '
      "lần sửa lớn gần nhất, hãy sửa `updated` hoặc ngày này"]),
    ("withdrawn: Bài trùng",
     ['articles/x.md:5 withdrawn: "Bài trùng" phải gồm ngày gỡ (`date`) và lý do (`reason`), ví dụ\n  withdrawn:\n'
      "  date: 05/09/2022\n  reason: Bài đăng trùng với bài ngày 18/08/2022"]),
    ("withdrawn:\n  date: 05/09/2022",
     ["articles/x.md:5 withdrawn.reason: thiếu lý do gỡ bài (hiện trên trang cho bạn đọc)"]),
    ("withdrawn:\n  date: 05/09/2022\n  reason: '   '",
     ['articles/x.md:7 withdrawn.reason: "   " đang để trống; hãy ghi lý do gỡ bài (hiện trên trang cho bạn đọc)']),
    ("withdrawn:\n  date: 01/08/2022\n  reason: Trùng bài.",
     ['articles/x.md:6 withdrawn.date: "01/08/2022" sớm hơn ngày đăng 18/08/2022 14:32; bài chỉ có thể gỡ '
      "sau khi đã đăng"]),
    ("withdrawn:\n  date: ngày mai\n  reason: Trùng bài.",
     [f'articles/x.md:6 withdrawn.date: "ngày mai" không phải ngày giờ có thật; {HINT}']),
    ("withdrawn:\n  ngay: 05/09/2022\n  reason: Trùng bài.",
     [f"articles/x.md:5 withdrawn.date: thiếu ngày gỡ bài; {HINT}",
      "articles/x.md:6 withdrawn.ngay: là trường không có trong mẫu; các trường được dùng: date, reason"]),
])
def test_bad_corrections_and_withdrawal_are_explained(fields, expected):
    found = problems(fields)  # in line order, as make check lists them
    assert found == expected


@pytest.mark.parametrize("decision", ["163/QĐ-UBND", "1234/QĐ-BCA", "45/QĐ-CAT-PV01", "12/2022/QĐ-UBND",
                                      "2345/QĐ-TTg", "1234/QĐ-BCA-V01", "07/QĐ-CT"])
def test_usual_decision_numbers_are_accepted(decision):
    article, found = read(AWARD + f"    decision: {decision}\n    decision_date: 10/08/2022")
    assert found == []
    assert article.awards[0].decision == decision and article.awards[0].decision_date == dt.date(2022, 8, 10)


@pytest.mark.parametrize("written, meant", [
    ("Quyết định số 163/QĐ-UBND", "163/QĐ-UBND"), ("163/QD-UBND", "163/QĐ-UBND"), ("163 / QĐ - UBND", "163/QĐ-UBND"),
    ("số 1234/qđ-bca", "1234/QĐ-BCA"), ("QĐ số 45/QĐ-CAT-PV01", "45/QĐ-CAT-PV01"), ("163/qđ-TTg", "163/QĐ-TTg"),
])
def test_a_decision_written_the_long_way_suggests_its_number(written, meant):
    assert not DECISION.match(written) and suggest_decision(written) == meant
    (message,) = problems(AWARD + f"    decision: {written}")
    assert message == (f'articles/x.md:10 awards[0].decision: "{written}" không đúng dạng số/ký hiệu của quyết '
                       f'định; viết {meant} (chỉ ghi số và ký hiệu, không ghi "Quyết định số")')


@pytest.mark.parametrize("fields, expected", [
    ("    decision: 163",
     ['articles/x.md:10 awards[0].decision: "163" không đúng dạng số/ký hiệu của quyết định; viết theo dạng '
      'số/ký hiệu, ví dụ 163/QĐ-UBND, 1234/QĐ-BCA, 45/QĐ-CAT-PV01 (chỉ ghi số và ký hiệu, không ghi '
      '"Quyết định số")']),
    ("    decision_date: 10/08/2022",
     ['articles/x.md:10 awards[0].decision_date: "10/08/2022" có ngày quyết định nhưng thiếu số quyết định; '
      "thêm `decision:`, ví dụ decision: 163/QĐ-UBND"]),
    ("    decision: 163/QĐ-UBND\n    decision_date: 19/08/2022",
     ['articles/x.md:11 awards[0].decision_date: "19/08/2022" muộn hơn ngày đăng bài 18/08/2022 14:32; bài chỉ '
      "đưa tin khen thưởng đã có quyết định, hãy kiểm tra lại ngày"]),
    ("    decision: 12/2021/QĐ-UBND\n    decision_date: 10/08/2022",
     ['articles/x.md:11 awards[0].decision_date: "10/08/2022" thuộc năm 2022, nhưng số quyết định '
      "12/2021/QĐ-UBND ghi năm 2021; kiểm tra lại số hoặc ngày quyết định"]),
    ("    decision: 163/QĐ-UBND\n    decision_date: 31/02/2022",
     [f'articles/x.md:11 awards[0].decision_date: "31/02/2022" không phải ngày giờ có thật; {HINT}']),
])
def test_bad_decisions_are_explained(fields, expected):
    assert problems(AWARD + fields) == expected


def test_a_misspelt_decision_field_points_to_decision():
    # The unknown-field message is the schema's own (issue 10 rewords it): it must name
    # the line and the trust field meant.
    (message,) = problems(AWARD + "    decison: 163/QĐ-UBND")
    assert message.startswith("articles/x.md:10 awards[0].decison:") and "`decision`" in message


def test_a_decision_date_written_as_a_date_time_keeps_the_date():
    article, found = read(AWARD + "    decision: 163/QĐ-UBND\n    decision_date: 2022-08-10 08:00")
    assert found == [] and article.awards[0].decision_date == dt.date(2022, 8, 10)


PRIVATE = """
awards:
  - award: Kỷ niệm chương
    issuer: Bộ Công an
    recipient_type: cá nhân
    count: 59
    recipients:
      - Lê Văn Công
      - name: Lạc Thị Bảo Khuê
        unit: Công an phường An Hòa
        public: false
"""


def test_a_private_recipient_is_read_and_counted():
    article, found = read(PRIVATE)
    assert found == []
    (award,) = article.awards
    assert [r.name for r in award.recipients] == ["Lê Văn Công", "Lạc Thị Bảo Khuê"]  # the model keeps it
    assert [r.name for r in award.public_recipients] == ["Lê Văn Công"]
    assert award.private_count == 1 and award.count == 59 and article.award_count == 59
    article, found = read(PRIVATE.replace("public: false", "public: không"))
    assert found == [] and article.awards[0].private_count == 1


@pytest.mark.parametrize("fields, body, expected", [
    (PRIVATE.replace("public: false", "public: bí mật"), "Nội dung.",
     ['articles/x.md:14 awards[0].recipients[1].public: "bí mật" phải là true hoặc false (false: không công bố '
      "tên người này ở bất kỳ đâu trên trang)"]),
    (PRIVATE, "Dòng một.\n\nĐồng chí Lạc Thị Bảo Khuê nhận Kỷ niệm chương.",  # body from line 16
     ['articles/x.md:18 awards[0].recipients[1].name: "Lạc Thị Bảo Khuê" được đánh dấu public: false (không công '
      "bố tên) nhưng tên này còn được ghi ở nội dung bài, dòng 18, nên sẽ bị đăng; xoá tên ở đó, hoặc bỏ "
      "public: false nếu người này đồng ý công bố"]),
    # Folded, in another case, in the summary; and as another, public, recipient.
    (PRIVATE + "summary: Trao thưởng cho LAC THI BAO KHUE\n", "Nội dung.",
     ['articles/x.md:15 awards[0].recipients[1].name: "Lạc Thị Bảo Khuê" được đánh dấu public: false (không công '
      "bố tên) nhưng tên này còn được ghi ở `summary`, dòng 15, nên sẽ bị đăng; xoá tên ở đó, hoặc bỏ "
      "public: false nếu người này đồng ý công bố"]),
    (PRIVATE.replace("- Lê Văn Công", "- Lạc Thị Bảo Khuê"), "Nội dung.",
     ['articles/x.md:11 awards[0].recipients[1].name: "Lạc Thị Bảo Khuê" được đánh dấu public: false (không công '
      "bố tên) nhưng tên này còn được ghi ở `awards[0].recipients[0]`, dòng 11, nên sẽ bị đăng; xoá tên ở đó, "
      "hoặc bỏ public: false nếu người này đồng ý công bố"]),
])
def test_private_recipient_problems(fields, body, expected):
    assert problems(fields, body) == expected


def test_a_private_name_is_found_as_whole_words_only():
    # "Trần An" is private: "Trần Anh" and "công an" are other words.
    fields = PRIVATE.replace("Lạc Thị Bảo Khuê", "Trần An")
    assert problems(fields, "Đồng chí Trần Anh và lực lượng công an phường dự.") == []
    assert len(problems(fields, "Đồng chí TRAN AN dự.")) == 1
    # A one-word name is looked for as written only: folded, "Lan" would be every "lan tỏa".
    fields = PRIVATE.replace("Lạc Thị Bảo Khuê", "Lan")
    assert problems(fields, "Phong trào lan tỏa; chị Lân dự.") == []
    assert len(problems(fields, "Chị Lan dự.")) == 1


# Record ids ----------------------------------------------------------------------------

IDS = """
awards:
  - award: Bằng khen
    issuer: UBND tỉnh
    recipient_type: tập thể
    count: 5
  - award: Giấy khen
    issuer: Giám đốc Công an tỉnh
    recipient_type: cá nhân
    count: 4
    recipients: [Nguyễn Thị Thuỷ, Lê Văn Đức, {name: Lạc Thị Bảo Khuê, public: false}]
  - award: Bằng khen
    issuer: UBND tỉnh
    recipient_type: tập thể
    count: 2
    for: dẫn đầu phong trào
  - award: Bằng khen
    issuer: UBND tỉnh
    recipient_type: tập thể
    count: 5
"""
REORDERED = """
awards:
  - award: Giấy khen
    issuer: Giám đốc Công an tỉnh
    recipient_type: cá nhân
    count: 4
    recipients: [{name: Lạc Thị Bảo Khuê, public: false}, Lê Văn Đức, Nguyễn Thị Thủy]
  - award: Bằng khen
    issuer: Ủy ban nhân dân tỉnh
    recipient_type: tập thể
    count: 5
  - award: Bằng khen
    issuer: UBND tỉnh
    recipient_type: tập thể
    count: 2
    for: dẫn đầu phong trào
  - award: Bằng khen
    issuer: UBND tỉnh
    recipient_type: tập thể
    count: 5
"""


def _ids(fields: str) -> dict[tuple, list[str]]:
    article, found = read(fields)
    assert found == []
    by_content: dict[tuple, list[str]] = {}
    for w in article.awards:
        by_content.setdefault((w.award, w.issuer, w.count, w.for_), []).append(w.id)
    return by_content


def test_reordering_awards_and_recipients_changes_no_record_id():
    before, after = _ids(IDS), _ids(REORDERED)
    assert before == after  # the same content keeps the same id (tone placement and alias too)
    ids = [i for group in before.values() for i in group]
    assert len(ids) == 4 and len(set(ids)) == 4  # every record its own, even the two identical rows
    assert all(i.startswith("kt-") and len(i) == 13 for i in ids)


def test_a_record_id_follows_content_not_the_private_name():
    base = _ids(IDS)
    # The private recipient's name is not hashed: renaming them changes no id ...
    assert _ids(IDS.replace("Lạc Thị Bảo Khuê", "Trần Văn Bí")) == base
    # ... while a named recipient, the issuer or the article do.
    assert _ids(IDS.replace("Lê Văn Đức", "Lê Văn Đông"))[("Giấy khen", "Giám đốc Công an tỉnh", 4, None)] != \
        base[("Giấy khen", "Giám đốc Công an tỉnh", 4, None)]
    other, _ = parse_article(text(IDS).replace("Ngày hội ở Ninh Kiều", "Bài khác").encode(), "articles/y.md", VOCAB)
    assert {w.id for w in other.awards}.isdisjoint(i for group in base.values() for i in group)
    # A correction of the count keeps the record's address.
    assert _ids(IDS.replace("count: 4", "count: 6"))[("Giấy khen", "Giám đốc Công an tỉnh", 6, None)] == \
        base[("Giấy khen", "Giám đốc Công an tỉnh", 4, None)]


# Across articles -------------------------------------------------------------------------

def _write(tmp_path, files: dict[str, str]):
    for rel, content in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content, encoding="utf-8")
    (tmp_path / "photos").mkdir(exist_ok=True)
    return load_corpus(tmp_path, tmp_path / "articles", tmp_path / "photos", VOCAB)


def _decided(title: str, date: str, issuer: str, decision: str = "163/QĐ-UBND", day: str = "01/06/2022") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\ncategory: Khen thưởng\nawards:\n  - award: Bằng khen\n"
            f"    issuer: {issuer}\n    recipient_type: tập thể\n    count: 2\n    decision: {decision}\n"
            f"    decision_date: {day}\n---\nNội dung.\n")


def test_one_decision_with_two_issuers_is_a_warning_naming_both_articles(tmp_path):
    corpus = _write(tmp_path, {
        "articles/a.md": _decided("Bài A", "10/06/2022", "UBND tỉnh"),
        "articles/b.md": _decided("Bài B", "12/06/2022", "Bộ Công an"),
        "articles/c.md": _decided("Bài C", "13/06/2022", "UBND tỉnh", day="02/06/2022"),
        "articles/d.md": _decided("Bài D", "14/06/2022", "UBND tỉnh", decision="164/QĐ-UBND"),
    })
    assert corpus.problems == []  # a warning never stops a build
    assert [str(w) for w in corpus.warnings] == [
        'articles/b.md:10 khen thưởng thứ 1 › số quyết định (awards[0].decision): "163/QĐ-UBND" '
        'cảnh báo: cùng số quyết định nhưng khác cấp khen: '
        '"Bộ Công an" ở đây, "UBND tỉnh" ở articles/a.md:10; kiểm tra lại số quyết định hoặc cấp khen của một '
        "trong hai bài",
        'articles/c.md:10 khen thưởng thứ 1 › số quyết định (awards[0].decision): "163/QĐ-UBND" '
        'cảnh báo: cùng số quyết định nhưng khác ngày: '
        "02/06/2022 ở đây, 01/06/2022 ở articles/a.md:10; kiểm tra lại ngày quyết định"]
    # `make check` prints the warnings and still succeeds.
    result = subprocess.run([sys.executable, "-m", "bantin.check", "--root", str(tmp_path),
                             "--vocab", str(VOCAB_DIR)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("cảnh báo: cùng số quyết định") == 2 and "articles/a.md:10" in result.stdout


def test_a_withdrawn_article_takes_no_part_in_decision_warnings(tmp_path):
    withdrawn = _decided("Bài B", "12/06/2022", "Bộ Công an").replace(
        "---\nNội dung", "withdrawn:\n  date: 13/06/2022\n  reason: Sai số quyết định.\n---\nNội dung")
    corpus = _write(tmp_path, {"articles/a.md": _decided("Bài A", "10/06/2022", "UBND tỉnh"),
                               "articles/b.md": withdrawn})
    assert corpus.problems == [] and corpus.warnings == []


def test_change_notes_are_listed_newest_first_across_articles():
    a, _ = read("updated: 25/08/2022\nchanges:\n  - date: 19/08/2022 08:00\n    note: A1\n"
                "  - date: 25/08/2022\n    note: A2")
    b, _ = parse_article(text("updated: 22/08/2022\nchanges:\n  - date: 22/08/2022\n    note: B1\n"
                              "  - date: 19/08/2022 08:00\n    note: B2").replace("Ninh Kiều", "Duy Xuyên").encode(),
                         "articles/y.md", VOCAB)
    assert b.url < a.url  # .../ngay-hoi-o-duy-xuyen/ < .../ngay-hoi-o-ninh-kieu/
    # Newest first; the same moment (19/08 08:00) by article URL, so the order is fixed.
    assert [n.change.note for n in notes([a, b])] == ["A2", "B1", "B2", "A1"]
    assert [n.change.note for n in notes([b, a])] == ["A2", "B1", "B2", "A1"]
