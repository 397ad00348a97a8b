"""Article HTML known to pass nh3 unchanged is not passed again (bantin/sanitize.py):
the result is always what nh3 gives."""

from __future__ import annotations

import pytest

from bantin import sanitize

pytestmark = pytest.mark.unit

CLEAN = '<h2 id="ket-qua">Kết quả</h2>\n<p>Đạt <strong>94,75%</strong>, <a href="https://bocongan.gov.vn/">xem</a>.</p>'
DIRTY = '<p onclick="alert(1)">Tin</p><script>alert(2)</script><a href="javascript:alert(3)">x</a>'


def test_known_clean_html_skips_nh3_and_anything_else_is_cleaned_every_time(tmp_path, monkeypatch):
    calls: list[str] = []
    real = sanitize.clean
    monkeypatch.setattr(sanitize, "clean", lambda html: calls.append(html) or real(html))
    path = tmp_path / "clean.marshal"

    first = sanitize.KnownClean(path).load()
    assert first.clean(CLEAN) == real(CLEAN) == CLEAN
    cleaned = first.clean(DIRTY)
    assert cleaned == real(DIRTY) != DIRTY
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    first.save()
    assert calls == [CLEAN, DIRTY]

    calls.clear()
    second = sanitize.KnownClean(path).load()  # the next build
    assert second.clean(CLEAN) == CLEAN
    assert calls == []  # known clean: nh3 not asked again
    assert second.clean(DIRTY) == real(DIRTY)
    assert calls == [DIRTY]  # not clean: nh3 every time
    assert second.clean(CLEAN + " ") == CLEAN + " "  # another text: asked
    assert calls == [DIRTY, CLEAN + " "]
