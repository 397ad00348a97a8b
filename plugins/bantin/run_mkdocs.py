"""`python -m bantin.run_mkdocs build …`: MkDocs' command line, with a fault of the
machine (a full disk, a read-only folder, a file too large for the system) said in
Vietnamese, naming the cause and the file, instead of Python's English traceback.
`make build` runs MkDocs through it (scripts/build.py)."""

from __future__ import annotations

import sys

from .diskio import machine_fault
from .mkdocslog import error_line


def main(argv: list[str]) -> int:
    from mkdocs.__main__ import cli

    try:
        cli(argv, prog_name="mkdocs", standalone_mode=True)
    except OSError as error:
        print(error_line(machine_fault(error)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
