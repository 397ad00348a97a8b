"""Withdrawn articles: the page stays at its URL, under a banner, and nothing else
points to it.

Every list, index, total, chart, feed and dataset is built from `Site.articles`,
which holds only listed articles (`Article.listed`); the withdrawn page itself is
still made, with these differences: search engines are asked not to index it, the
sitemap leaves it out (theme/sitemap.xml reads `META`), Pagefind does not index it
(article.html drops `data-pagefind-body`), and it links to no page built from the
listed articles only (its tags, province, figures and honour-roll rows may have no
page any more).
"""

from __future__ import annotations

from markupsafe import Markup

META = "bantin_noindex"
"""`page.meta` key of a page left out of the sitemap."""
HEAD = Markup('\n<meta name="robots" content="noindex">')
# Links of an article page (plugin._article_links) to pages that list only listed
# articles; a person's page is looked up in the listed articles' directory already.
_LISTED_ONLY = ("province_url", "award_url", "metric_url")


def without_links(links: dict) -> dict:
    """An article page's links with those that may lead to no page set to None."""
    return {key: (None if key in _LISTED_ONLY else value) for key, value in links.items()}
