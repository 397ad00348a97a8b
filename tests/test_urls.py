"""The site's URL scheme and link helpers (bantin.urls): pure functions, no build."""

from __future__ import annotations

import posixpath

import pytest

from bantin import urls


@pytest.mark.parametrize(("url", "expected"), [
    (urls.article(2022, "ngay-hoi"), "/bai-viet/2022/ngay-hoi/"),
    (urls.category("khen-thuong"), "/chuyen-muc/khen-thuong/"),
    (urls.category_feed("khen-thuong"), "/chuyen-muc/khen-thuong/feed.xml"),
    (urls.year(2022), "/nam/2022/"),
    (urls.tag("an-ninh"), "/the/an-ninh/"),
    (urls.award_year(2020), "/khen-thuong/2020/"),
    (urls.award_type("bang-khen"), "/khen-thuong/loai/bang-khen/"),
    (urls.anchored("/khen-thuong/2020/", "kt-1a2b"), "/khen-thuong/2020/#kt-1a2b"),
    (urls.person("nguyen-van-a"), "/nguoi/nguyen-van-a/"),
    (urls.place("can-tho"), "/dia-phuong/can-tho/"),
    (urls.metric("khu-dan-cu-van-hoa"), "/thong-ke/khu-dan-cu-van-hoa/"),
    (urls.data_file("khen-thuong.csv"), "/du-lieu/khen-thuong.csv"),
    (urls.photo("ab12-480.jpg"), "/anh/ab12-480.jpg"),
    (urls.photo_file("ab12-480.jpg"), "anh/ab12-480.jpg"),
    (urls.asset("bantin.css"), "/assets/bantin.css"),
    (urls.FEED, "/feed.xml"),
    (urls.SEARCH, "/tim-kiem/"),
])
def test_public_urls(url: str, expected: str) -> None:
    assert url == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "index.html"),
    ("/nam/2022/", "nam/2022/index.html"),
    ("/feed.xml", "feed.xml"),
])
def test_page_file(url: str, expected: str) -> None:
    assert urls.page_file(url) == expected


@pytest.mark.parametrize(("base", "number", "expected"), [
    ("/nam/2022/", 1, "/nam/2022/"),
    ("/nam/2022/", 2, "/nam/2022/trang/2/"),
    ("/chuyen-muc/khen-thuong/", 11, "/chuyen-muc/khen-thuong/trang/11/"),
])
def test_paged(base: str, number: int, expected: str) -> None:
    assert urls.paged(base, number) == expected


@pytest.mark.parametrize(("url", "uri"), [
    ("/", "index.md"),
    ("/nam/2022/", "nam/2022/index.md"),
    ("/nam/2022/trang/2/", "nam/2022/trang/2/index.md"),
])
def test_source_uri_and_page_url_are_inverse(url: str, uri: str) -> None:
    assert urls.source_uri(url) == uri
    assert urls.page_url(uri) == url


@pytest.mark.parametrize(("site_url", "url", "expected"), [
    ("https://bantin.vn/", "/bai-viet/2022/x/", "https://bantin.vn/bai-viet/2022/x/"),
    ("https://bantin.vn", "/bai-viet/2022/x/", "https://bantin.vn/bai-viet/2022/x/"),
    ("https://example.org/bantin/", "feed.xml", "https://example.org/bantin/feed.xml"),
    ("", "/feed.xml", "/feed.xml"),
    ("", "chuyen-muc/a/feed.xml", "/chuyen-muc/a/feed.xml"),
])
def test_absolute(site_url: str, url: str, expected: str) -> None:
    assert urls.absolute(site_url, url) == expected


@pytest.mark.parametrize(("url", "page", "expected"), [
    ("/nam/2022/", "/", "nam/2022/"),
    ("/", "/nam/2022/", "../../"),
    ("/", "/", "./"),
    ("/nam/2022/", "/nam/2022/", "./"),
    ("/nam/2021/", "/nam/2022/", "../2021/"),
    ("/anh/x-480.jpg", "/bai-viet/2022/ngay-hoi/", "../../../anh/x-480.jpg"),
    ("/du-lieu/khen-thuong.csv", "/khen-thuong/", "../du-lieu/khen-thuong.csv"),
    ("/khen-thuong/2020/#kt-1", "/bai-viet/2020/a/", "../../../khen-thuong/2020/#kt-1"),
    ("/feed.xml", "/404.html", "feed.xml"),
    ("https://creativecommons.org/", "/x/", "https://creativecommons.org/"),
    ("#top", "/x/", "#top"),
])
def test_relative(url: str, page: str, expected: str) -> None:
    assert urls.relative(url, page) == expected


@pytest.mark.parametrize("url", ["/nam/2022/", "/anh/x.jpg", "/the/a/trang/3/", "/du-lieu/a.json"])
@pytest.mark.parametrize("page", ["/", "/nam/2022/", "/bai-viet/2022/x/", "/the/a/trang/2/"])
def test_relative_agrees_with_posixpath(url: str, page: str) -> None:
    # The fast path must give the same link as the standard library for clean URLs.
    expected = posixpath.relpath(url, page) + ("/" if url.endswith("/") else "")
    assert urls.relative(url, page) == expected
