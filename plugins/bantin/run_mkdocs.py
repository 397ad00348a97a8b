"""`python -m bantin.run_mkdocs build …`: MkDocs' command line, with a fault of the
machine (a full disk, a read-only folder, a file too large for the system) said in
Vietnamese, naming the cause and the file, instead of Python's English traceback.
`make build` runs MkDocs through it (scripts/build.py)."""

from __future__ import annotations

import atexit
import os
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


def _exit(status: object) -> None:
    """End the process as sys.exit(status) would (exit handlers run, output flushed),
    without freeing every object one by one first: after a build of 5,000 articles that
    took most of a second, for memory the system takes back at once."""
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:
        print(status, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    try:
        status: object = main(sys.argv[1:])
    except SystemExit as stop:
        status = stop.code
    _exit(status)
