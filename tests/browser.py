"""Browser fixtures: a built site served on 127.0.0.1 and Debian's Chromium driven by
Playwright. Nothing is downloaded: the browser is /usr/bin/chromium (`make browser`
installs it), never one fetched by `playwright install`.

Test modules import what they use: `from browser import chromium, serve, Guard`.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PHONE = {"width": 390, "height": 844}


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Pagefind's index files must reach the browser as binary; the rest as usual.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                      ".xml": "application/xml", ".pf_meta": "application/octet-stream",
                      ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
                      ".pagefind": "application/octet-stream", ".webp": "image/webp", ".avif": "image/avif"}

    def log_message(self, format: str, *args) -> None:  # quiet test output
        pass

    def end_headers(self) -> None:
        # Like any production host: assets are cached (Lighthouse audits this).
        self.send_header("Cache-Control", "public, max-age=31536000" if "/assets/" in self.path else "no-cache")
        super().end_headers()

    def send_head(self):
        # Text is sent gzip-compressed, as every static host does (nginx `gzip on`,
        # GitHub Pages); Pagefind's own files are compressed already.
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        compressible = kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                             "application/xml", "image/svg+xml")
        if (not compressible or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or not self.path.split("?")[0].endswith(("/", path.name))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class StaticServer:
    """A static file server over `root` on a free port of 127.0.0.1, in a thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, through Playwright; one per test session."""
    if not chromium_available():  # `make test` installs it first; a bare pytest run says why
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def serve() -> Iterator:
    """`serve(site_dir)` -> origin ("http://127.0.0.1:PORT"); stopped after the test."""
    servers: list[StaticServer] = []

    def start(root: Path) -> str:
        server = StaticServer(root).__enter__()
        servers.append(server)
        return server.origin

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@dataclass
class Guard:
    """Watches a page: console errors, uncaught exceptions, and requests that leave
    the site. `guard.check()` fails the test if there was any."""

    origin: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    fetched: dict[str, int] = field(default_factory=dict)

    @classmethod
    def attach(cls, page, origin: str) -> Guard:
        guard = cls(origin)
        page.on("console", lambda m: guard.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: guard.errors.append(f"pageerror: {e}"))
        page.on("request", guard._request)
        page.on("requestfinished", guard._finished)
        return guard

    def _request(self, request) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:"))):
            self.outside.append(url)

    def _finished(self, request) -> None:
        sizes = request.sizes()
        self.fetched[request.url] = self.fetched.get(request.url, 0) + sizes["responseBodySize"]

    def check(self) -> None:
        assert self.outside == [], f"requests left the site: {self.outside}"
        assert self.errors == [], f"errors in the page: {self.errors}"


def search_bytes(page, origin: str, query: str, base: str = "/") -> tuple[int, list[str]]:
    """Open the search page for `query` in a fresh page state and return the bytes of
    Pagefind files the browser fetched (response bodies, as sent) and their URLs.
    Used by the tests and by the benchmark (5,000 articles)."""
    guard = Guard.attach(page, origin)
    page.goto(f"{origin}{base}tim-kiem/?q={query}")
    page.wait_for_selector("#bt-search-status[data-state='done']")
    page.wait_for_load_state("networkidle")
    pagefind = {u: n for u, n in guard.fetched.items() if "/pagefind/" in u}
    return sum(pagefind.values()), sorted(pagefind)

