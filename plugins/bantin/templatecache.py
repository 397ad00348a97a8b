"""Compiled page templates kept between builds.

MkDocs makes a new Jinja environment for every build, so Material's templates and ours
(some thirty files) are parsed and compiled again each time: about 0,3 s of every
`make build` and of every `mkdocs serve` rebuild after an edit. Jinja's own bytecode
cache skips that; a template whose source changed is compiled again (Jinja compares a
checksum of the source), so what is rendered cannot differ.

Kept in memory (a `serve` session) and under `.cache/bantin/jinja/` (the next
`make build`). A cache that cannot be written (read-only folder, full disk) only
costs the compile: the build goes on.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from .diskio import write_atomic

FOLDER = ".cache/bantin/jinja"


class TemplateCache(BytecodeCache):
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        # Bytecode is only valid for the Python that wrote it (Jinja checks its own
        # magic too; this keeps two Pythons from overwriting each other's files).
        self.tag = f"py{sys.version_info[0]}{sys.version_info[1]}"

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.{self.tag}.bin"

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.memory.get(bucket.key)
        if data is None:
            try:
                data = self._path(bucket.key).read_bytes()
            except OSError:
                return
        bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: Bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        data = out.getvalue()
        if self.memory.get(bucket.key) == data:
            return
        self.memory[bucket.key] = data
        try:
            write_atomic(self._path(bucket.key), data)
        except OSError:
            pass  # only the compile is lost, next time
