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

from .reading import load_corpus
from .vocab import Vocabularies, VocabError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin-check", description="Check every article of the bulletin.")
    parser.add_argument("--root", default=".", help="project folder (default: the current one)")
    parser.add_argument("--articles", default="articles")
    parser.add_argument("--photos", default="photos")
    parser.add_argument("--vocab", default="content/vocab")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    start = time.perf_counter()
    try:
        vocab = Vocabularies.load(root / args.vocab)
    except VocabError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    corpus = load_corpus(root, root / args.articles, root / args.photos, vocab)
    elapsed = time.perf_counter() - start
    for problem in corpus.problems:
        print(problem)
    for warning in corpus.warnings:
        print(warning)
    for name in corpus.unused_photos:
        print(f"warning: {args.photos}/{name} is not used by any article (delete it, or add it to an article)")
    files = len({p.file for p in corpus.problems})
    count = len(corpus.articles)
    if corpus.problems:
        print(f"\n{len(corpus.problems)} problem(s) in {files} file(s); {count} article(s) without problems "
              f"({elapsed:.2f} s)", file=sys.stderr)
        return 1
    print(f"OK: {count} article(s), no problems ({elapsed:.2f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
