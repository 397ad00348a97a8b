"""Pagefind on the second core: pages are indexed while MkDocs renders the next ones.

`mkdocs build` renders pages on one core. Instead of running Pagefind over the whole
site afterwards (it then reads every HTML file back from disk and the build waits for
it), the plugin starts Pagefind's service process (`pagefind --service`, the binary in
the `pagefind_bin_extended` wheel, the same one `python -m pagefind` runs) when the
build begins and hands it each article page as soon as it is rendered (`add`). The
Rust process parses and indexes it on the other core while Python renders on. At the
end `write` asks it for the bundle's files and writes them (see `write` for why not
Pagefind itself), the same files `pagefind --site` writes.

The protocol is Pagefind's own (what its Python and Node wrappers speak): each request
is JSON, base64-encoded, followed by a comma, on the process's stdin; responses come
back the same way on its stdout. The service handles requests one at a time, in order.
Pagefind's Python wrapper is asyncio-based; here two plain threads move the bytes, so
a page is handed over without waiting for its response.

Only pages marked `data-pagefind-body` are sent: when any page carries that mark,
Pagefind leaves every other page out of the index anyway.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable


MARK = "data-pagefind-body"
# The article element's opening tag ends so (templates/article.html); in text, `>` is
# always escaped, so this is the element itself, never words about it.
_BODY_TAG_END = " data-pagefind-body>"
_PAGE_END = "</article>"  # Material's, around the page's content


def indexed(html: str) -> bool:
    """The page has the element Pagefind indexes (the attribute, not the words: an
    article titled with them shows them on every list page that names it)."""
    return _BODY_TAG_END in html


def essential(html: str) -> str:
    """What Pagefind reads of an article page, without the rest: the element marked
    `data-pagefind-body` and what follows it to the end of the page's content.

    Pagefind indexes only inside that element and finds its title (the first h1), image,
    metadata and filters there (every data-pagefind- attribute of our pages is inside
    it); the header, tabs and footer around it are two thirds of the page's bytes, which
    Pagefind would parse for nothing. Same index, byte for byte (tests/test_speed.py).
    A page of another shape is handed over whole."""
    mark = html.find(_BODY_TAG_END)
    start = html.rfind("<", 0, mark) if mark >= 0 else -1
    end = html.rfind(_PAGE_END)
    if start < 0 or end < mark:
        return html
    return f'<!doctype html><html lang="vi"><body>{html[start:end]}</body></html>'


class StreamError(RuntimeError):
    """Pagefind's service failed (its message is included)."""


def executable() -> str:
    from pagefind.service import get_executable  # the binary shipped in the wheel

    path = get_executable()
    if path is None:
        raise StreamError("không tìm thấy chương trình Pagefind (gói pagefind_bin_extended); "
                          "chạy lại make build để cài")
    return str(path)


class PagefindStream:
    """One Pagefind index in a service process, fed page by page."""

    def __init__(self, *, force_language: str, exclude_selectors: tuple[str, ...]) -> None:
        self._errors_file = tempfile.TemporaryFile()
        # close_fds=False lets subprocess use posix_spawn. With the default, the child
        # is a copy of this (large) Python process until it runs Pagefind, tens of
        # milliseconds counted twice by anything that adds up the tree's memory (the
        # bench). No descriptor leaks: Python opens files and pipes non-inheritable.
        self._proc = subprocess.Popen([executable(), "--service"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._errors_file, close_fds=False)
        self._next_id = 0
        self._lock = threading.Condition()
        self._answers: dict[int, dict] = {}
        self._errors: list[str] = []
        self._closed = False
        self.pages = 0
        # Bounded: should Pagefind fall behind, rendering waits rather than pages piling
        # up in memory.
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._reader = threading.Thread(target=self._read, name="pagefind-read", daemon=True)
        self._writer = threading.Thread(target=self._write, name="pagefind-write", daemon=True)
        self._reader.start()
        self._writer.start()
        answer = self._wait(self._send({"type": "NewIndex", "config": {
            "force_language": force_language, "exclude_selectors": list(exclude_selectors)}}))
        self._index = answer["index_id"]

    # Public -----------------------------------------------------------------------------

    def add(self, url: str, html: str) -> None:
        """Hand over one rendered page (its site URL, e.g. /bai-viet/2024/x/); does not wait."""
        self.hand(url, essential(html))

    def hand(self, url: str, html: str) -> None:
        """`add` for a page already cut to what Pagefind reads (`essential`)."""
        self.pages += 1
        self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html,
                    "file_path": None}, keep=False)

    def write(self, output: Path) -> None:
        """Write the bundle into `output` (site/pagefind) once every page is indexed, and
        stop the process.

        The files are asked for (`GetFiles`) and written here, not by Pagefind
        (`WriteFiles`): Pagefind answers WriteFiles before its writes have landed (its
        runtime finishes them in background threads) and, once its input is closed,
        exits at once (`std::process::exit`), so a file could be left empty or cut
        short (seen: an empty pagefind-entry.json about once in 40 builds).

        Raises:
            StreamError: a page could not be indexed, or the bundle could not be written.
        """
        try:
            answer = self._wait(self._send({"type": "GetFiles", "index_id": self._index}))
            with self._lock:
                if self._errors:
                    raise StreamError("; ".join(self._errors[:3]))
            files = answer.get("files")
            if not isinstance(files, list):
                raise StreamError("Pagefind không trả về tệp nào của chỉ mục")
            for file in files:
                relative = Path(str(file.get("path", "")))
                if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                    raise StreamError(f"Pagefind trả về một tệp có đường dẫn lạ: {relative}")
                path = output / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(base64.b64decode(file.get("content", "")))
        finally:
            self.close()

    def close(self, wait: float = 0) -> None:
        """Stop the process: with `wait`, close its input and give it that many seconds
        to end on its own; without, stop it at once (a failed build: nothing is written)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._outbox.put(None)
        self._writer.join(timeout=30)
        if wait:
            try:
                self._proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        if self._proc.poll() is None:
            self._proc.terminate()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._reader.join(timeout=30)
        self._errors_file.close()

    # The wire ----------------------------------------------------------------------------

    def _send(self, payload: dict, keep: bool = True) -> int:
        with self._lock:
            if self._closed:
                raise StreamError("tiến trình Pagefind đã dừng trước khi lập xong chỉ mục")
            self._next_id += 1
            message_id = self._next_id
            if keep:
                self._answers[message_id] = {}
        self._outbox.put(json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
                         .encode("utf-8"))
        return message_id

    def _wait(self, message_id: int) -> dict:
        with self._lock:
            while not self._answers.get(message_id):
                if self._proc.poll() is not None and not self._reader.is_alive():
                    raise StreamError(self._died())
                self._lock.wait(timeout=1.0)
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise StreamError(str(answer.get("message")))
        return answer

    def _write(self) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        broken = False
        while (message := self._outbox.get()) is not None:
            if broken:
                continue  # keep taking pages so that `add` never blocks on a dead process
            try:
                stdin.write(base64.b64encode(message) + b",")
                if self._outbox.empty():
                    stdin.flush()  # Pagefind answers only what it has received
            except OSError:
                broken = True  # the reader sees the process end and reports it
        try:
            stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        # A message can be tens of MB (GetFiles): kept as pieces until its comma comes.
        pieces: list[bytes] = []
        fd = stdout.fileno()
        while True:
            data = os.read(fd, 1 << 20)
            if not data:
                break
            *messages, rest = data.split(b",")
            if messages:
                messages[0] = b"".join(pieces) + messages[0]
                pieces = []
            pieces.append(rest)
            for raw in messages:
                if raw.strip():
                    self._answer(json.loads(base64.b64decode(raw)))
        with self._lock:
            self._lock.notify_all()

    def _answer(self, response: Any) -> None:
        if not isinstance(response, dict):
            return
        payload = response.get("payload") or {}
        message_id = response.get("message_id")
        with self._lock:
            if message_id in self._answers:
                self._answers[message_id] = payload
            elif payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            self._lock.notify_all()

    def _died(self) -> str:
        self._errors_file.seek(0)
        text = self._errors_file.read().decode("utf-8", errors="replace").strip()
        return f"dịch vụ Pagefind đã dừng (mã {self._proc.returncode}): {text[-2000:] or 'không có thông báo'}"


def start() -> PagefindStream:
    """A stream with the bulletin's settings (see search.index, the whole-site run)."""
    from .search import EXCLUDE

    return PagefindStream(force_language="vi", exclude_selectors=EXCLUDE)


def finish(stream: PagefindStream, site_dir: Path, warn: Callable[[str], None] | None = None) -> None:
    """Write the bundle into site_dir/pagefind and re-cut its index (search.index's work).

    Raises:
        search.SearchIndexError: Pagefind failed, or its index is not in the known format.
    """
    from . import pagefind_chunks
    from .search import BUNDLE, KEPT_AS_IS, SearchIndexError, index

    if not stream.pages:
        # No page carries the mark: Pagefind's own rule then indexes every page.
        stream.close()
        index(site_dir, warn=warn)
        return
    try:
        stream.write(site_dir / BUNDLE)
    except StreamError as error:
        raise SearchIndexError(f"Pagefind không lập được chỉ mục: {error}") from error
    try:
        pagefind_chunks.rechunk(site_dir / BUNDLE)
    except pagefind_chunks.PagefindFormatError as error:
        # The re-cut only makes chunks smaller; Pagefind's own index works as it is.
        if warn is not None:
            warn(KEPT_AS_IS.format(error=error))
