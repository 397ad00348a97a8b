"""Article bodies' HTML kept across builds (bantin/bodycache.py): the same pages, and
MkDocs still checks every link."""

from __future__ import annotations

import marshal
import zlib

import pytest

from conftest import article

pytestmark = pytest.mark.build

PLAIN = "Mở đầu.\n\n## Kết quả\n\nKhu dân cư văn hoá đạt **2.863/3.462**.\n\n## Khen thưởng\n\n- Bằng khen"
# Links: to a sub-heading it does not have (MkDocs says so, at each build) and to the web.
LINKED = "Xem [kết quả](#ket-qua) của hội nghị trên [cổng thông tin](https://bocongan.gov.vn)."


def _kept(root) -> list[str]:
    stored = marshal.loads((root / ".cache/bantin/bodies.marshal").read_bytes())
    return [marshal.loads(zlib.decompress(value))[0] for value in stored.values()]


def test_a_kept_body_gives_the_same_page_and_a_body_with_a_link_is_checked_every_time(build_site):
    tree = {"articles/a.md": article(title="Hội nghị A", body=PLAIN),
            "articles/b.md": article(title="Hội nghị B", body=LINKED)}
    first = build_site(tree, strict=False)
    pages = {url: first.html(url) for url in ("/bai-viet/2022/hoi-nghi-a/", "/bai-viet/2022/hoi-nghi-b/")}
    warned = [m for m in first.messages("mkdocs") if "'#ket-qua'" in m]
    assert warned
    # Kept: the plain body (and the generated pages' empty one), never the one with a link.
    kept = _kept(first.root)
    assert any('id="ket-qua"' in html and "<strong>2.863/3.462</strong>" in html for html in kept)
    assert not any("bocongan.gov.vn" in html for html in kept)

    second = build_site({}, strict=False, root=first.root)
    assert {url: second.html(url) for url in pages} == pages  # table of contents and anchors too
    assert [m for m in second.messages("mkdocs") if "'#ket-qua'" in m] == warned

    # The second build did take the plain body from the cache: a changed kept HTML shows.
    path = first.root / ".cache/bantin/bodies.marshal"
    stored = marshal.loads(path.read_bytes())
    for key, value in stored.items():
        content, *rest = marshal.loads(zlib.decompress(value))
        stored[key] = zlib.compress(marshal.dumps((content.replace("Mở đầu.", "Lấy từ bộ nhớ."), *rest)))
    path.write_bytes(marshal.dumps(stored))
    third = build_site({}, strict=False, root=first.root)
    assert "Lấy từ bộ nhớ." in third.html("/bai-viet/2022/hoi-nghi-a/")
