"""Reading front matter: every kind of bad input gives one clear problem with file,
line, field, value and the fix; good input in all its accepted forms is read."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, VOCAB_DIR

from bantin.fields import parse_date, parse_number
from bantin.photos import on_disk
from bantin.schema import parse_article
from bantin.vocab import Vocabularies

VOCAB = Vocabularies.load(VOCAB_DIR)

GOOD = """---
title: Ngày hội ở Ninh Kiều
date: 18/08/2022 14:32
category: Phong trào toàn dân bảo vệ ANTQ
---
Nội dung.
"""


def problems(text: str | bytes, photos: Path | None = None) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    article, found = parse_article(data, "articles/x.md", VOCAB, on_disk(photos) if photos else None)
    return [str(p) for p in found]


def with_fields(extra: str) -> str:
    return GOOD.replace("---\nNội dung", extra.strip("\n") + "\n---\nNội dung")


def test_good_article_is_read():
    article, found = parse_article(GOOD.encode(), "articles/x.md", VOCAB)
    assert found == []
    assert article.date == dt.datetime(2022, 8, 18, 14, 32, tzinfo=article.date.tzinfo)
    assert article.date.utcoffset() == dt.timedelta(hours=7)
    assert article.url == "/bai-viet/2022/ngay-hoi-o-ninh-kieu/"
    assert article.summary == "Nội dung."


def test_bom_and_crlf_are_accepted():
    data = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8")
    article, found = parse_article(data, "articles/x.md", VOCAB)
    assert found == [] and article.title == "Ngày hội ở Ninh Kiều"


def test_non_utf8_file_says_save_as_utf8():
    data = GOOD.encode("utf-8").replace("Ninh Kiều".encode(), "Ninh Ki\xeau".encode("cp1258"))
    (message,) = problems(data)
    assert message.startswith("articles/x.md:2 (tệp):")
    assert "lưu lại với bảng mã UTF-8" in message


@pytest.mark.parametrize("text, expected", [
    ("2022-08-18", (2022, 8, 18, 0, 0, False)),
    ("2022-08-18 14:32", (2022, 8, 18, 14, 32, True)),
    ("18/08/2022", (2022, 8, 18, 0, 0, False)),
    ("18/08/2022 14:32", (2022, 8, 18, 14, 32, True)),
    ("17:57 07/01/2020", (2020, 1, 7, 17, 57, True)),
])
def test_dates_in_every_accepted_form(text, expected):
    (moment, has_time), error = parse_date(text)
    assert error is None
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute, has_time) == expected


def test_bad_date_is_explained():
    (message,) = problems(GOOD.replace("18/08/2022 14:32", "31/02/2022"))
    assert message == ('articles/x.md:3 ngày (date): "31/02/2022" không phải là ngày giờ có thật (ngày 31, '
                       "tháng 2, năm 2022); viết dạng 18/08/2022 hoặc 18/08/2022 14:32 (ngày/tháng/năm, giờ Việt Nam)")


def test_missing_required_fields_are_all_listed():
    found = problems("---\nauthors: [A]\n---\nx\n")
    assert [m.split(": ")[0].split(" ", 1)[1] for m in found] == [
        "tiêu đề (title)", "ngày (date)", "chuyên mục (category)"]
    assert all("còn thiếu" in m for m in found)


def test_unknown_category_suggests_the_closest():
    (message,) = problems(GOOD.replace("Phong trào toàn dân bảo vệ ANTQ", "Hoat dong nganh x"))
    assert message.startswith('articles/x.md:4 chuyên mục (category): "Hoat dong nganh x" không có trong danh sách '
                              'chuyên mục')
    assert '"Hoạt động ngành"' in message


def test_vocabulary_match_ignores_case_nfd_and_tone_placement():
    import unicodedata
    text = GOOD.replace("Phong trào toàn dân bảo vệ ANTQ", unicodedata.normalize("NFD", "hoạt động ngành"))
    article, found = parse_article(text.encode(), "articles/x.md", VOCAB)
    assert found == [] and article.category == "Hoạt động ngành"


def test_issuer_alias_folds_to_the_vocabulary_name():
    text = with_fields("awards:\n  - award: bằng khen\n    issuer: Uỷ ban nhân dân tỉnh\n"
                       "    recipient_type: tập thể\n    count: 3")
    article, found = parse_article(text.encode(), "articles/x.md", VOCAB)
    assert found == []
    assert (article.awards[0].award, article.awards[0].issuer) == ("Bằng khen", "UBND tỉnh")


def test_decimal_for_a_whole_number_metric_suggests_the_intended_number():
    text = with_fields("stats:\n  - metric: Khu dân cư văn hóa\n    value: 2.863\n    total: 3462")
    (message,) = problems(text)
    assert message == ('articles/x.md:7 số liệu thứ 1 › giá trị (stats[0].value): 2.863 được đọc là số thập phân; '
                       'chỉ tiêu "Khu dân cư văn hóa" đếm đơn vị nguyên, hãy viết 2863 (hoặc "2.863" trong ngoặc kép)')


def test_quoted_figures_are_read_the_vietnamese_way():
    text = with_fields('stats:\n  - metric: Khu dân cư văn hóa\n    value: "2.863"\n    total: "3.462"\n'
                       '  - metric: Khu dân cư đạt An toàn về ANTT\n    value: 3321\n    percent: "94,75"')
    article, found = parse_article(text.encode(), "articles/x.md", VOCAB)
    assert found == []
    assert (article.stats[0].value, article.stats[0].total, article.stats[0].percent) == (2863, 3462, 82.7)
    assert article.stats[1].percent == 94.75


def test_percent_that_disagrees_with_value_and_total():
    text = with_fields('stats:\n  - metric: Khu dân cư văn hóa\n    value: 2863\n    total: 3462\n'
                       '    percent: "85,2"')
    (message,) = problems(text)
    assert message.startswith("articles/x.md:9 số liệu thứ 1 › tỉ lệ % (stats[0].percent): 85,2 không khớp với "
                              "giá trị/tổng số")
    assert "2.863/3.462 là 82,7%" in message


def test_percent_agreeing_to_the_stated_precision_is_accepted():
    text = with_fields('stats:\n  - metric: Khu dân cư văn hóa\n    value: 2863\n    total: 3462\n'
                       '    percent: "82,7"')
    assert problems(text) == []


def test_word_count_is_not_a_number():
    text = with_fields("awards:\n  - award: Bằng khen\n    issuer: Bộ Công an\n"
                       "    recipient_type: tập thể\n    count: chín")
    (message,) = problems(text)
    assert message == ('articles/x.md:9 khen thưởng thứ 1 › số lượng (awards[0].count): "chín" không phải là số '
                       'nguyên (ví dụ: 9)')


def test_count_smaller_than_the_names_listed():
    text = with_fields("awards:\n  - award: Bằng khen\n    issuer: Bộ Công an\n"
                       "    recipient_type: cá nhân\n    count: 1\n    recipients: [Nguyễn Văn An, Lê Thị Bình]")
    (message,) = problems(text)
    assert "(awards[0].count): 1 nhỏ hơn số 2 tên" in message


def test_photo_outside_photos_and_missing_photo(tmp_path):
    (tmp_path / "2022").mkdir()
    (tmp_path / "2022/ngay-hoi.jpg").write_bytes(b"x")
    text = with_fields("photos:\n  - file: ../../etc/passwd\n  - file: C:\\\\Anh\\\\a.jpg\n"
                       "  - file: 2022/ngay-hoi.jpeg\n  - file: 2022/ngay-hoi.jpg")
    found = problems(text, photos=tmp_path)
    assert len(found) == 3
    assert found[0].startswith('articles/x.md:6 ảnh thứ 1 › tệp ảnh (photos[0].file): "../../etc/passwd" phải là '
                               'đường dẫn trong thư mục photos/')
    assert "photos[1].file" in found[1] and "phải là đường dẫn trong thư mục photos/" in found[1]
    assert found[2] == ('articles/x.md:8 ảnh thứ 3 › tệp ảnh (photos[2].file): "2022/ngay-hoi.jpeg" không có trong '
                        'photos/ (đã tìm photos/2022/ngay-hoi.jpeg); có phải là "2022/ngay-hoi.jpg"?')


def test_yaml_syntax_error_names_the_line_and_the_fix():
    (message,) = problems(GOOD.replace("title: Ngày hội ở Ninh Kiều", "title: Hội nghị: tổng kết năm"))
    assert message.startswith('articles/x.md:2 (phần thông tin đầu bài): "title: Hội nghị: tổng kết năm" '
                              "không đọc được ở dòng này")
    assert 'ngoặc kép thẳng, ví dụ: title: "Hội nghị: tổng kết"' in message


def test_unknown_and_duplicate_fields_are_not_silently_lost():
    found = problems(with_fields("catgory: x\ntitle: Lần hai"))
    assert any("catgory: không phải là một trường của bài" in m and "có phải ý bạn là `category`?" in m
               for m in found)
    assert any(m.startswith("articles/x.md:6 tiêu đề (title): được ghi hai lần") for m in found)


def test_former_province_after_the_merger():
    text = with_fields("event:\n  province: Quảng Nam").replace("18/08/2022", "18/08/2025")
    (message,) = problems(text)
    assert "event.province" in message and "Đà Nẵng" in message


def test_former_province_before_the_merger_is_valid():
    article, found = parse_article(with_fields("event:\n  province: Quảng Nam").encode(), "a.md", VOCAB)
    assert found == [] and article.province == "Quảng Nam"


def test_number_forms():
    assert parse_number("2.863", "2.863", whole=True) == (2863, None)
    assert parse_number("94,75", "94,75", whole=False) == (94.75, None)
    assert parse_number("\u221211,9", "\u221211,9", whole=False) == (-11.9, None)
    assert parse_number(2.5, "2.5", whole=True)[1] is not None


def test_check_lists_every_problem_of_every_file(tmp_path):
    """`make check` on a folder of broken articles: all problems, exit 1, no traceback."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "photos").mkdir()
    (tmp_path / "articles/a.md").write_text(GOOD.replace("18/08/2022 14:32", "hôm qua"), encoding="utf-8")
    (tmp_path / "articles/b.md").write_bytes("---\ntitle: Tin\xe1\n".encode("latin-1"))
    (tmp_path / "articles/c.md").write_text("không có front matter", encoding="utf-8")
    (tmp_path / "articles/d.md").write_text(with_fields("pin: maybe"), encoding="utf-8")
    (tmp_path / "articles/ok.md").write_text(GOOD.replace("Ninh Kiều", "Cần Thơ"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bantin.check", "--root", str(tmp_path),
                             "--vocab", str(VOCAB_DIR)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split(" ")[0] for line in lines] == [
        "articles/a.md:3", "articles/b.md:2", "articles/c.md:1", "articles/d.md:5"]
    assert "Có 4 vấn đề trong 4 tệp; 1 bài không có vấn đề" in result.stderr


def test_no_input_raises(tmp_path):
    """Every mutation of a full article gives an article or problems naming the file and
    a line of it, never an exception."""
    import random

    # The template as a draft (its placeholder values are refused otherwise), with its photo.
    source = (ROOT / "articles/_mau.md").read_bytes().replace(b"---\n", b"---\ndraft: true\n", 1)
    (tmp_path / "2022").mkdir()
    (tmp_path / "2022/ten-anh.jpg").write_bytes(b"")
    lines = source.split(b"\n")
    assert parse_article(source, "articles/x.md", VOCAB, on_disk(tmp_path))[0] is not None
    junk = [b"", b"- ", b": :", b"{", b"[x", b"'", b'"', b"\t", b"  - a: [1, {b: c}]", b"!!python/object:os.system",
            b"&a x", b"*a", b"? [a]", b"\xff\xfe", b"---", b"title:", b"count: -3", b"date: 99/99/9999",
            b"value: .inf", b"total: 0", b"percent: 1e400", b"year: 10000000000000000000"]
    rng = random.Random(20221118)
    outcomes: list[bool] = []
    for _ in range(600):
        mutated = list(lines)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(mutated))
            choice = rng.random()
            if choice < 0.4:
                mutated[i] = rng.choice(junk)
            elif choice < 0.7:
                mutated[i] = mutated[i] + b" " + rng.choice(junk)
            else:
                del mutated[i]
        data = b"\n".join(mutated)
        article, found = parse_article(data, "articles/x.md", VOCAB, on_disk(tmp_path))
        # An article, or the problems that stopped it: never both, never neither.
        assert (article is None) == bool(found), (data, found)
        outcomes.append(article is not None)
        for problem in found:
            assert problem.file == "articles/x.md" and problem.message, problem
            assert 1 <= problem.line <= data.count(b"\n") + 2, (problem, data)
            assert "Traceback" not in str(problem)
    # The mutations reach both sides: some leave a valid article, most break it.
    assert 0 < outcomes.count(True) < outcomes.count(False), outcomes.count(True)
