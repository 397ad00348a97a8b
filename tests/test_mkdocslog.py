"""MkDocs' own lines in Vietnamese (bantin/mkdocslog.py), as `make build` prints them."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bantin.mkdocslog import abort_message, translate
from conftest import article

# What MkDocs 1.6 says in English, on a build or a preview, and must not reach the writer.
ENGLISH = ("INFO", "WARNING", "ERROR", "Building documentation", "Documentation built", "Doc file",
           "Aborted", "contains a link", "Cleaning site directory", "strict mode")


@pytest.mark.unit
@pytest.mark.parametrize("english, vietnamese", [
    ("Cleaning site directory", "Đang dọn thư mục trang"),
    ("Building documentation to directory: /tmp/x", "Đang dựng trang vào thư mục /tmp/x"),
    ("Documentation built in 12.34 seconds", "Đã dựng xong trong 12,34 giây"),
    ("[09:15:02] Serving on http://127.0.0.1:8000/", "[09:15:02] Bản xem trước đã sẵn sàng: http://127.0.0.1:8000/"),
    ("[09:15:09] Detected file changes", "[09:15:09] Có tệp vừa thay đổi: dựng lại"),
    ("Doc file 'gioi-thieu.md' contains a link 'lien-he.md', but the target 'lien-he.md' is not found among "
     "documentation files. Did you mean 'lien-he/index.md'?",
     "Trang gioi-thieu.md: liên kết 'lien-he.md' không dẫn tới trang nào của bản tin. Có phải định viết "
     "'lien-he/index.md'? Liên kết tới trang ngoài cần địa chỉ đầy đủ, bắt đầu bằng https://"),
])
def test_mkdocs_lines_are_said_in_vietnamese(english, vietnamese):
    assert translate(english) == vietnamese


@pytest.mark.unit
def test_other_lines_pass_unchanged_and_the_last_line_is_vietnamese():
    mine = "bantin: Đã dựng 63 trang, dùng lại 0 trang không đổi từ lần dựng trước"
    assert translate(mine) is mine
    assert abort_message("Aborted with 2 errors, 1 warnings in strict mode!").startswith(
        "Dừng lại: có 2 lỗi, 1 cảnh báo (xem các dòng trên).")
    assert abort_message("bantin: Có 1 vấn đề") == "bantin: Có 1 vấn đề"


def _mkdocs_build(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                          text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=300)


@pytest.mark.build
def test_mkdocs_link_warnings_are_vietnamese_and_name_the_article_file_and_line(build_site):
    # A link in an article body that is not a web address is refused on reading (body.py,
    # with `make check`); MkDocs still checks a hand-written page's links and an article's
    # links to its own sub-headings.
    body = "Đoạn đầu.\n\nXem [mục dưới](#khong-co)."
    root = build_site.write({"articles/hoi-nghi.md": article(title="Hội nghị", body=body),
                             "content/lien-he.md": "# Liên hệ\n\nXem [kết quả](ket-qua.md).\n"})
    line = (root / "articles/hoi-nghi.md").read_text(encoding="utf-8").splitlines().index(
        "Xem [mục dưới](#khong-co).") + 1

    failed = _mkdocs_build(root)
    assert failed.returncode == 1
    said = failed.stdout + failed.stderr
    assert "CẢNH BÁO -  Trang lien-he.md: liên kết 'ket-qua.md' không dẫn tới trang nào của bản tin." in said
    assert (f"TIN     -  articles/hoi-nghi.md, dòng {line}: liên kết '#khong-co' trỏ tới một mục không có "
            "trong bài này") in said
    assert "Dừng lại: có 1 cảnh báo (xem các dòng trên)." in said
    assert not [word for word in ENGLISH if word in said], said

    (root / "content/lien-he.md").write_text("# Liên hệ\n\nĐiện thoại đường dây nóng.\n", encoding="utf-8")
    built = _mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert re.search(r"TIN     -  Đã dựng xong trong \d+,\d\d giây", built.stderr)
    assert not [word for word in ENGLISH if word in built.stderr], built.stderr
