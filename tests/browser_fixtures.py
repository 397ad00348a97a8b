"""Browser fixtures shared by the browser tests: Debian's Chromium driven by Playwright,
and a built site served over HTTP on 127.0.0.1.

Use from a test module with `from browser_fixtures import browser, serve  # noqa: F401`
(or list the module in `pytest_plugins`). Never downloads a browser: Playwright starts
`/usr/bin/chromium` (`make browser` installs it); a missing browser fails the test
with that hint rather than skipping it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:<free port>/ while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """`base = serve(site_dir)`: serve a built site for the rest of the test."""
    with ExitStack() as stack:
        yield lambda folder: stack.enter_context(serving(folder))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, for the whole session."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed at /usr/bin/chromium: run `make browser`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def phone(browser):
    """A page 390 px wide (an ordinary phone), closed after the test."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()
