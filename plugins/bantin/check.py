"""`make check`: validate every article without building the site.

Usage: python -m bantin.check [--root DIR] [--articles DIR] [--photos DIR] [--vocab DIR]
Exit status 0 when all is well, 1 when there are problems, 2 when a vocabulary is unusable.
Unused photos are printed as warnings and leave the exit status alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import vnformat as fmt
from .importer.notes import file_notes
from .incremental import code_digest
from .reading import READ_CACHE, ReadCache, load_corpus
from .vocab import Vocabularies, VocabError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin-check", description="Kiểm tra mọi bài viết của bản tin.")
    parser.add_argument("--root", default=".", help="thư mục dự án (mặc định: thư mục hiện tại)")
    parser.add_argument("--articles", default="articles", help="thư mục bài viết")
    parser.add_argument("--photos", default="photos", help="thư mục ảnh")
    parser.add_argument("--vocab", default="content/vocab", help="thư mục danh mục")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    start = time.perf_counter()
    try:
        vocab = Vocabularies.load(root / args.vocab)
    except VocabError as error:
        print(f"Lỗi danh mục: {error}", file=sys.stderr)
        return 2
    # The articles `make build` read last time, by their bytes (a few ms instead of ~2 ms
    # each); only read here: the build keeps them up to date.
    cache = ReadCache()
    cache.load(root / READ_CACHE, code_digest())
    corpus = load_corpus(root, root / args.articles, root / args.photos, vocab, cache=cache)
    elapsed = time.perf_counter() - start
    for problem in corpus.problems:
        print(problem)
    for notice in vocab.notices + corpus.notices:
        print(notice)
    # What an imported draft leaves to fill in ("# CẦN ĐIỀN: …"): a warning, not a problem.
    to_fill = 0
    for article in corpus.articles:
        for line, note in file_notes(root / article.src):
            print(f"cảnh báo: {article.src}:{line} CẦN ĐIỀN: {note}")
            to_fill += 1
    for warning in corpus.warnings:
        print(warning)
    for name in corpus.unused_photos:
        print(f"Lưu ý: {args.photos}/{name} không được bài nào dùng (xoá ảnh, hoặc thêm vào một bài)")
    files = len({p.file for p in corpus.problems})
    count = len(corpus.articles)
    if corpus.problems:
        print(f"\nCó {len(corpus.problems)} vấn đề trong {files} tệp; {count} bài không có vấn đề "
              f"({fmt.number(round(elapsed, 2), 2)} giây). Sửa từng dòng đã nêu rồi chạy lại make check.",
              file=sys.stderr)
        return 1
    # "No problem" right under CẦN ĐIỀN warnings would read as "nothing left to do".
    left = (f"; còn {to_fill} mục CẦN ĐIỀN (cảnh báo ở trên): điền xong rồi mới bỏ draft: true" if to_fill
            else ", không có vấn đề nào")
    print(f"Tốt: {count} bài{left} ({fmt.number(round(elapsed, 2), 2)} giây)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
