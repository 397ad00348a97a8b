"""Material markup that the Nu HTML Checker rejects, mended in the written page.

Material 9.8.1's `base.html` writes its drawer and search toggles as
`<input type="checkbox" … autocomplete="off">`. HTML allows `autocomplete` on text
fields only, so the checker reports an error on each, on every page. Material puts it
there so that Firefox does not restore a toggle's state on "Back": without it, at
worst a phone reader who goes back finds the menu drawer still open, and closes it
with one tap. A valid page for every reader is worth more.
The inputs stand outside any block of `base.html`: overriding them would mean copying
the whole template (and keeping it in step on every upgrade) for two attributes, so
the page is mended here instead. The other Material error (a `<label for="__toc">`
with no control on pages outside the nav) is mended by overriding
`theme/partials/toc.html`.

If Material changes these lines, nothing here matches, and the Nu checker test
(tests/test_validators.py) says so.
"""

from __future__ import annotations

CHECKBOXES = (
    ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
     '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'),
    ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
     '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'),
)


def mend(html: str) -> str:
    """`html` with Material's invalid toggle attributes removed."""
    for wrong, right in CHECKBOXES:
        html = html.replace(wrong, right, 1)
    return html
