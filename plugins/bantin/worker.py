"""The pages rendered by two processes at once.

A full build renders every page in one Python thread: at 5,000 articles about 6,600
pages, one core busy, the other idle once the search index is the last build's
(pagefind_merge.PartStream). Every page is made from data the build holds when the
pages start to render (on_env). So the build forks there, and the two share the pages
(`Split`): MkDocs' own loop in the parent takes them from the front, in its order; the
child from the back, through MkDocs' own `_build_page`. Each page is taken by one of
them; the child's are always after the parent's, so the pages Pagefind indexes are
still handed to it in MkDocs' order (the parent hands the child's on at the end). At
the end (on_post_build) the parent takes the child's log lines and its outcome.

- Forked, not started afresh: the child has the articles, the lists, the navigation
  and the Jinja environment as they are, without reading or computing them again (it
  compiles the templates it uses, from the bytecode cache). Its memory is the parent's
  until one of them writes to a page of it (copy-on-write); `gc.freeze` keeps the
  collector from touching every object in both. Linux only (a fork of a process that
  runs threads, or macOS' system libraries after a fork, can hang), and only when no
  other thread runs. A fork the system refuses (no memory, too many processes): the
  parent renders every page, as without it.
- The child's log lines are not printed by it: they are sent to the parent and said
  there, through MkDocs' own handlers (the Vietnamese filter, `--strict`'s count).
- The child writes only its pages' files (distinct from the parent's), through
  MkDocs' own `_build_page` (MkDocs 1.6 is frozen: its build internals are stable).
- A failure in the child (a template error, a full disk) is raised in the parent as it
  was raised in the child; a child that dies (killed, out of memory) is said in
  Vietnamese. Either way the build fails and the last good site stays as it was.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import mmap
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

# Fewer pages than this are not worth a process (its start, its share of the parent's
# memory copied as it is touched). BANTIN_WORKER_MIN sets another.
MIN_PAGES = 50


class Split:
    """`count` pages shared by the two processes: the parent takes them from the front
    (`parent_takes(i)`, asked in order), the child from the back (`child_next`); each
    page is taken by exactly one. The two ends live in memory both processes share;
    they are changed under a POSIX record lock, which the system releases should the
    process holding it die (a lock in shared memory would stay held). `stop_child`:
    the child takes no more pages (the parent renders the rest). `parent_most`: the
    parent takes no page past that many (tests: the child then renders the articles).

    Raises:
        OSError: the shared memory or the lock cannot be had here (the caller renders
            in one process).
    """

    def __init__(self, count: int, parent_most: int | None = None) -> None:
        self._ends = mmap.mmap(-1, 12)  # anonymous and shared: the same pages after the fork
        struct.pack_into("iii", self._ends, 0, 0, count, 0)
        self._lock = tempfile.TemporaryFile()
        self._count = count
        self._parent_most = count if parent_most is None else parent_most
        fcntl.lockf(self._lock, fcntl.LOCK_EX)  # (a folder whose files take no lock: raised here)
        fcntl.lockf(self._lock, fcntl.LOCK_UN)

    @contextmanager
    def _locked(self) -> Iterator[tuple[int, int, int]]:
        """(front, back, stopped), the lock held."""
        fcntl.lockf(self._lock, fcntl.LOCK_EX)
        try:
            yield struct.unpack_from("iii", self._ends, 0)
        finally:
            fcntl.lockf(self._lock, fcntl.LOCK_UN)

    def parent_takes(self, index: int) -> bool:
        with self._locked() as (front, back, _):
            if index >= back or index >= self._parent_most:
                return False
            struct.pack_into("i", self._ends, 0, max(front, index + 1))
            return True

    def child_next(self) -> int | None:
        with self._locked() as (front, back, stopped):
            if stopped or back - 1 < front:
                return None
            struct.pack_into("i", self._ends, 4, back - 1)
            return back - 1

    def stop_child(self) -> None:
        if self._parent_most < self._count:  # (tests: the child must take what the parent leaves)
            return
        with self._locked():
            struct.pack_into("i", self._ends, 8, 1)

    def child_taken(self) -> int:
        """How many pages the child took."""
        return self._count - struct.unpack_from("ii", self._ends, 0)[1]


class WorkerFailed(RuntimeError):
    """The child ended without a report (killed, out of memory), or with a failure that
    could not be sent across as it was raised (said by its text)."""


def available() -> bool:
    """A fork is safe here: Linux, and no thread but this one (a lock held by another
    thread would stay held in the child)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "bantin_collected", False):  # met again as it goes up to the root logger
            return
        record.bantin_collected = True
        try:
            self.lines.append((record.name, record.levelno, record.getMessage()))
        except Exception:  # a record that cannot be formatted: said as it stands
            self.lines.append((record.name, record.levelno, str(record.msg)))


class Worker:
    """The child process rendering its share of the pages; `join` waits for it."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self._fd = pid, fd
        self._joined = False
        # Its report read as it comes: a child done early (stopped, or faster) ends then,
        # and its memory is freed, instead of waiting on a full pipe for the join.
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, name="bantin-worker-report", daemon=True)
        self._reader.start()
        # Stopped (`make build` stopped: SIGTERM to MkDocs' process group), this process
        # ends the child and waits for it before it ends itself: a child whose parent
        # is gone is left for the system's first process to collect, which in a
        # container may never do it.
        self._previous = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, self._on_term)

    def _read(self) -> None:
        try:
            while chunk := os.read(self._fd, 1 << 20):
                self._chunks.append(chunk)
        except OSError:  # (closed by `stop`)
            pass

    def _on_term(self, signum: int, frame: Any) -> None:
        self.stop()
        os.kill(os.getpid(), signum)  # as it would have been without the child

    def _done(self) -> None:
        self._joined = True
        signal.signal(signal.SIGTERM, self._previous if self._previous is not None else signal.SIG_DFL)
        gc.unfreeze()

    def join(self) -> dict[str, Any]:
        """Wait for the child; say its log lines here; return what it reported
        (`marked`: the URLs of its pages that carry the search mark).

        Raises:
            whatever stopped the child's rendering, as the child raised it (when it can
            be sent across: otherwise WorkerFailed with its text);
            WorkerFailed: the child ended without a report.
        """
        try:
            self._reader.join()
        finally:
            self._done()  # (before waiting: a SIGTERM now must not kill a process id reused)
            os.close(self._fd)
            _, status = os.waitpid(self.pid, 0)
        try:
            report = pickle.loads(b"".join(self._chunks))
        except Exception:
            report = None
        if not isinstance(report, dict):
            raise WorkerFailed(f"tiến trình thứ hai dựng trang {_ended(status)} mà không báo kết quả "
                               "(máy hết bộ nhớ, hoặc tiến trình bị dừng từ bên ngoài)")
        for name, level, message in report["lines"]:
            logging.getLogger(name).log(level, message)
        if report["error"] is not None:
            try:
                error = pickle.loads(report["error"])
            except Exception:
                error = None
            if isinstance(error, BaseException):
                raise error
        if report["error_text"] is not None:
            raise WorkerFailed(f"tiến trình thứ hai dựng trang gặp lỗi: {report['error_text']}")
        return report

    def stop(self) -> None:
        """A failed build: end the child now."""
        if self._joined:
            return
        self._done()
        for end in (lambda: os.kill(self.pid, signal.SIGKILL), lambda: os.waitpid(self.pid, 0),
                    lambda: self._reader.join(5), lambda: os.close(self._fd)):
            try:
                end()
            except OSError:
                pass


def _ended(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        return f"kết thúc với mã {code}"
    try:
        return f"bị dừng bởi tín hiệu {signal.Signals(-code).name}"
    except ValueError:
        return f"bị dừng bởi tín hiệu {-code}"


def start(pages: list[Any], split: Split, render: Callable[[Any], None],
          in_child: Callable[[], Callable[[], list[str]]]) -> Worker | None:
    """Fork; the child runs `in_child()` (which returns what reports the child's marked
    pages), then `render(page)` for each page it takes from the back of `split`,
    reports, and exits. None when a fork is not safe here (`available`) or the system
    refuses one."""
    if not available():
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    gc.collect()
    gc.freeze()  # the objects so far: not traversed (so not copied) by either process's collector
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no memory, too many processes: the pages are rendered here
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns to MkDocs, whatever happens
        try:
            os.close(read_end)
            _child(write_end, parent, pages, split, render, in_child)
        finally:
            os._exit(70)
    os.close(write_end)
    return Worker(pid, read_end)


def _die_with(parent: int) -> None:
    """Killed when the parent dies, however it dies (SIGKILL, out of memory): the child
    must not go on writing pages into a staging folder that is being removed."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):
        pass
    if os.getppid() != parent:  # it died before that was set
        os._exit(1)


def _text(error: BaseException) -> str:
    try:
        return f"{type(error).__name__}: {error}"
    except Exception:
        return type(error).__name__


def _child(fd: int, parent: int, pages: list[Any], split: Split, render: Callable[[Any], None],
           in_child: Callable[[], Callable[[], list[str]]]) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    collect = _Collect()
    for name in ("", "mkdocs"):  # their handlers print (and count warnings): the parent does that
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(collect)
    report: dict[str, Any] = {"lines": collect.lines, "error": None, "error_text": None, "marked": []}
    try:
        marked = in_child()
        while (index := split.child_next()) is not None:
            render(pages[index])
        report["marked"] = marked()
    except BaseException as error:  # said by the parent, which fails the build
        report["error_text"] = _text(error)
        try:
            sent = pickle.dumps(error)
            pickle.loads(sent)  # (an exception that pickles may still not unpickle)
            report["error"] = sent
        except Exception:
            pass
    try:
        data = pickle.dumps(report)
    except Exception as error:
        data = pickle.dumps({"lines": [], "error": None, "marked": [],
                             "error_text": f"không gửi được kết quả: {_text(error)}"})
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.close(fd)
    os._exit(0)
