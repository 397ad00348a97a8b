"""`make import FILE=bao-cao.docx`: a report becomes `articles/<năm>/<slug>.md` with `draft: true`.

Usage: python -m bantin.importer FILE [--root DIR] [--vocab DIR]
The last line printed is the new article's path. Exit status 0 on success, 1 when
the report cannot be read, 2 when a vocabulary is unusable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..diskio import machine_fault
from ..vocab import Vocabularies, VocabError
from .draft import choose_paths, render, slug_for
from .extract import extract
from .notes import open_notes
from .sources import SourceError, read


def import_report(source: Path, root: Path, vocab: Vocabularies, today: dt.date) -> tuple[Path, int]:
    """Import `source` into the project at `root`; returns the article path and the number of notes.

    Never overwrites: an existing article or photo folder makes the slug `…-2`, `…-3`.
    """
    report = read(source)
    found = extract(report, vocab, today)
    if not found.title:
        raise SourceError(f"{source.name}: không tìm thấy tiêu đề (dòng đầu của báo cáo đang trống).")
    assert found.date is not None
    year = found.date.year
    slug = choose_paths(root, year, slug_for(found.title))
    photo_files = []
    if found.photos:
        folder = root / "photos" / str(year) / slug
        folder.mkdir(parents=True, exist_ok=False)
        for number, item in enumerate(found.photos, start=1):
            image = report.images[item.fields["image"]]
            name = f"anh-{number}.{image.extension}"
            (folder / name).write_bytes(image.data)
            photo_files.append(f"{year}/{slug}/{name}")
    default = next((t.name for t in vocab.categories.terms if "ANTQ" in t.name), vocab.categories.terms[0].name)
    text = render(found, report, slug, photo_files, default, today)
    target = root / "articles" / str(year) / f"{slug}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    return target, len(open_notes(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin-import",
                                     description="Nhập báo cáo (.docx, .txt, .md) thành bản nháp bài viết.")
    parser.add_argument("file", nargs="?", default="", help="tệp báo cáo")
    parser.add_argument("--root", default=".", help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.add_argument("--vocab", default="content/vocab")
    args = parser.parse_args(argv)
    if not args.file.strip():
        print("lỗi: chưa nêu tệp báo cáo. Ví dụ: make import FILE=bao-cao.docx", file=sys.stderr)
        return 1
    root = Path(args.root).resolve()
    try:
        vocab = Vocabularies.load(root / args.vocab)
    except VocabError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 2
    today = dt.date.today()
    try:
        path, notes = import_report(Path(args.file), root, vocab, today)
    except SourceError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"lỗi: {machine_fault(error)}", file=sys.stderr)
        return 1
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    print(f"Đã tạo bản nháp (draft: true) từ {Path(args.file).name}.")
    if notes:
        print(f"Còn {notes} mục \"CẦN ĐIỀN\" trong tệp: điền hoặc xóa, rồi chạy make check.")
    else:
        print("Đối chiếu các dòng \"# từ câu\" với báo cáo, rồi chạy make check.")
    print(rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
