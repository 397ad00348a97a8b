"""What `make serve` shows of the problems: a banner on every page, a page at a broken article's URL.

Pure: problems in, HTML out. Only the preview uses it (`mkdocs serve`); a build with a
problem publishes nothing, so no banner can reach a published site.
"""

from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup

from . import urls
from .problems import Problem
from .render import render

BANNER_LIMIT = 50
"""Problems listed in the banner; the rest are counted ("… và 12 vấn đề khác")."""
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def banner(problems: list[Problem], page_url: str) -> Markup:
    """The banner listing `problems`, with links relative to the page at `page_url`."""
    return render("van-de.html", page_url, problems=problems, limit=BANNER_LIMIT)


def with_banner(html: str, problems: list[Problem], page_url: str) -> str:
    """`html` with the banner as the first thing of its <body>."""
    match = _BODY.search(html)
    if not problems or match is None:
        return html
    return html[: match.end()] + str(banner(problems, page_url)) + html[match.end():]


def broken_articles(problems: list[Problem], taken: set[str]) -> dict[str, tuple[str, list[Problem]]]:
    """Broken articles that have a URL no valid article uses: source URI -> (file, its problems)."""
    found: dict[str, list[Problem]] = defaultdict(list)
    files: dict[str, str] = {}
    for problem in problems:
        if problem.url and problem.url not in taken:
            found[problem.url].append(problem)
            files.setdefault(problem.url, problem.file)
    return {urls.source_uri(url): (files[url], listed) for url, listed in found.items()}


def broken_page(file: str, problems: list[Problem], page_url: str) -> Markup:
    """The page shown at a broken article's URL."""
    return render("bai-loi.html", page_url, file=file, problems=problems)
