"""Editor benchmark (`scripts/bench.py --editor-only`): Decap CMS on N synthetic articles.

Starts `scripts/edit.py` (as `make edit`) on the synthetic corpus, opens /admin/ in
headless Chromium and measures, for the year with the most articles:
- list: from the click on "Đăng nhập" to the first article of the year listed;
- open: from the click on an article to its form filled in (title shown);
- freeze: the longest main-thread task (PerformanceObserver "longtask") from the login
  click to the open form (loading Decap's 5 MB bundle before it is not counted).
Targets (issue 19): list ≤ 3 s, open ≤ 1.5 s, freeze ≤ 1 s at 5,000 articles.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONGTASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def measure(project: Path, log: Path, reps: int = 3, timeout: float = 900) -> dict:
    """Start the editor on `project`, measure in Chromium, stop it; medians of `reps` runs."""
    from playwright.sync_api import sync_playwright

    years = Counter(p.parent.name for p in (project / "articles").glob("*/*.md"))
    year, count = years.most_common(1)[0]
    port, backend = _free_port(), _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts/edit.py"), "--root", str(project), "--port",
                             str(port), "--backend-port", str(backend)], stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, env=env)
    try:
        while not (_listening(port) and _listening(backend)):
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                raise RuntimeError(f"the editor did not start; see {log}")
            time.sleep(0.5)
        ready = time.perf_counter() - start
        runs = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-gpu"])
            for rep in range(reps + 1):  # the first run warms up (the preview's background search indexing)
                context = browser.new_context(viewport={"width": 1300, "height": 900})
                page = context.new_page()
                page.add_init_script(LONGTASKS)
                page.goto(f"http://127.0.0.1:{port}/admin/#/collections/nam-{year}")
                login = page.get_by_role("button", name="Đăng nhập")
                login.wait_for()
                since = page.evaluate("performance.now()")
                t0 = time.perf_counter()
                login.click()
                first = page.locator("a[href*='/entries/']").first
                first.wait_for(timeout=120_000)
                listed = time.perf_counter() - t0
                page.wait_for_timeout(1500)  # the rest of the list is drawn
                t1 = time.perf_counter()
                first.click()
                page.wait_for_function(
                    "() => { const i = document.querySelector(\"[id^='title-field-']\"); return i && i.value; }",
                    timeout=120_000)
                opened = time.perf_counter() - t1
                page.wait_for_timeout(1000)
                tasks = page.evaluate("window.__longtasks")
                memory = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
                if rep == 0:
                    context.close()
                    continue
                runs.append({"list_s": listed, "open_s": opened,
                             "freeze_s": max((d for t, d in tasks if t + d >= since), default=0) / 1000,
                             "heap_mb": memory / 1024 / 1024})
                context.close()
            browser.close()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    median = lambda key: sorted(r[key] for r in runs)[len(runs) // 2]  # noqa: E731
    return {"year": year, "entries_in_year": count, "articles": sum(years.values()), "start_s": ready,
            "list_s": median("list_s"), "open_s": median("open_s"), "freeze_s": max(r["freeze_s"] for r in runs),
            "heap_mb": median("heap_mb"), "runs": runs}


def rows(result: dict) -> list[tuple[str, str]]:
    return [
        ("N articles; year measured (its articles)",
         f"{result['articles']}; {result['year']} ({result['entries_in_year']})"),
        ("`make edit` ready (first preview build)", f"{result['start_s']:.1f} s"),
        ("editor: list after login (target ≤ 3 s)", f"{result['list_s']:.2f} s"),
        ("editor: form opens (target ≤ 1.5 s)", f"{result['open_s']:.2f} s"),
        ("editor: longest freeze (target ≤ 1 s)", f"{result['freeze_s']:.2f} s"),
        ("editor: JS heap after opening", f"{result['heap_mb']:.0f} MB"),
    ]
