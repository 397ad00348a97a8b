"""The photo pipeline: variants, privacy, HTML, share cards, cache, bad photos.

Every photo is a real JPEG or PNG made here with Pillow.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from bantin import imaging, photohtml, photos
from bantin.check import main as check_main
from bantin.model import Article, Photo, SourceLines
from conftest import MKDOCS_YML, ROOT, article

SCRIPT = '<script>alert("x")</script>'
RED, BLUE = (220, 20, 20), (20, 40, 220)


# Photos made in the test ------------------------------------------------------------------


def camera_jpeg(size: tuple[int, int] = (2000, 1200), colour: tuple[int, int, int] = (90, 140, 90)) -> bytes:
    """A phone photo stored sideways: EXIF Orientation 6 (turn 90° clockwise to view),
    GPS position, camera serial number, XMP and an ICC profile. A red block marks the
    stored top-left corner, which is the top-right corner once upright."""
    image = Image.new("RGB", size, colour)
    image.paste(RED, (0, 0, size[0] // 5, size[1] // 5))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 51.0, 12.25)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-998877"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif, icc_profile=icc,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret-xmp</x:xmpmeta>')
    return out.getvalue()


def alpha_png(size: tuple[int, int] = (800, 600)) -> bytes:
    """A drawing with transparency: the left half transparent, the right half blue."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste(BLUE + (255,), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def small_jpeg(size: tuple[int, int] = (300, 200), colour: tuple[int, int, int] = BLUE) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG file whose header declares `width`×`height` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


def damaged_png() -> bytes:
    data = bytearray(alpha_png((64, 64)))
    start = data.index(b"IDAT") + 8
    data[start:start + 8] = b"\x00" * 8  # the chunk's checksum no longer matches
    return bytes(data)


def photo_field(*entries: dict[str, str]) -> str:
    """YAML of a `photos:` list; `file:` is on the line after `photos:` (line 6 of `article`)."""
    if len(entries) == 1 and len(entries[0]) == 1:
        entries = ({**entries[0], "credit": "Bản tin"},)  # two lines, so `article` writes a block
    lines = []
    for entry in entries:
        first = True
        for key, value in entry.items():
            lines.append(("- " if first else "  ") + f"{key}: {value}")
            first = False
    return "\n" + "\n".join(lines) + "\n"


# Helpers ---------------------------------------------------------------------------------


def pictures(html: str) -> list[str]:
    return re.findall(r"<figure class=\"bt-photo[^\"]*\">.*?</figure>", html, re.S)


def img(figure: str) -> str:
    return re.search(r"<img [^>]*>", figure)[0]


def attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def published(site_dir: Path, page_url: str, relative_src: str) -> Path:
    """The file a relative URL of a page points to."""
    return (site_dir / page_url.strip("/") / relative_src).resolve()


def srcset_files(site_dir: Path, page_url: str, srcset: str) -> dict[int, Path]:
    result = {}
    for item in srcset.split(","):
        src, width = item.split()
        result[int(width.rstrip("w"))] = published(site_dir, page_url, src)
    return result


GOOD_TREE = {
    "photos/2022/dien-thoai.jpg": camera_jpeg(),
    "photos/2022/so-do.png": alpha_png(),
    "photos/2022/nho.jpg": small_jpeg(),
    "articles/a.md": article(title="Ngày hội ở Cần Thơ", summary="Tóm tắt ngày hội", photos=photo_field(
        {"file": "2022/dien-thoai.jpg", "caption": "Toàn cảnh ngày hội", "credit": "Công an tỉnh",
         "alt": "Đại biểu trên sân khấu"},
        {"file": "2022/so-do.png", "caption": "Sơ đồ khu vực"},
        {"file": "2022/nho.jpg"},
    )),
    "articles/b.md": article(title="Bài không có ảnh", date="19/08/2022"),
}
URL_A = "/bai-viet/2022/ngay-hoi-o-can-tho/"


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """One build of GOOD_TREE shared by the read-only tests (photo work is slow)."""
    from conftest import SiteBuilder

    class _Caplog:  # the module-scoped build needs no log assertions
        def clear(self): ...

        def at_level(self, level):
            import contextlib
            return contextlib.nullcontext()

        records: list = []

    builder = SiteBuilder(tmp_path_factory.mktemp("photos"), _Caplog())  # type: ignore[arg-type]
    return builder(GOOD_TREE)


# Variants ----------------------------------------------------------------------------------


def test_variants_exist_at_expected_sizes_never_upscaled(good_site):
    lead, drawing, small = pictures(good_site.html(URL_A))
    # Stored 2000×1200 and turned a quarter: 1200×2000 upright; 1600 collapses to 1200.
    files = srcset_files(good_site.site, URL_A, attr(img(lead), "srcset"))
    assert sorted(files) == [480, 960, 1200]
    for width, path in files.items():
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.size == (width, round(2000 * width / 1200))
    webp = srcset_files(good_site.site, URL_A, re.search(r'<source type="image/webp" srcset="([^"]*)"', lead)[1])
    assert sorted(webp) == [480, 960, 1200]
    with Image.open(webp[960]) as image:
        assert image.format == "WEBP" and image.size == (960, 1600)
    # The drawing keeps its transparency in WebP; in JPEG the transparent half is white.
    png_files = srcset_files(good_site.site, URL_A, attr(img(drawing), "srcset"))
    assert sorted(png_files) == [480, 800]
    with Image.open(png_files[800]) as image:
        assert image.size == (800, 600)
        assert all(abs(a - b) < 12 for a, b in zip(image.convert("RGB").getpixel((100, 300)), (255, 255, 255)))
        assert all(abs(a - b) < 12 for a, b in zip(image.convert("RGB").getpixel((700, 300)), BLUE))
    drawing_webp = published(good_site.site, URL_A, re.search(r'srcset="([^" ]*)', drawing)[1])
    with Image.open(drawing_webp) as image:
        assert image.mode == "RGBA" and image.getpixel((10, 10))[3] == 0
    # The small photo is published at its own size only.
    small_files = srcset_files(good_site.site, URL_A, attr(img(small), "srcset"))
    assert sorted(small_files) == [300]
    with Image.open(small_files[300]) as image:
        assert image.size == (300, 200)


def test_published_photos_are_upright_and_carry_no_metadata(good_site):
    files = sorted((good_site.site / "anh").iterdir())
    assert len(files) == 2 * (3 + 2 + 1) + 1  # webp + jpg per variant, one share card
    for path in files:
        data = path.read_bytes()
        for secret in (b"SN-998877", b"secret-xmp", b"Canon", b"Exif\x00\x00"):
            assert secret not in data, (path.name, secret)
        with Image.open(path) as image:
            assert len(image.getexif()) == 0, path.name
            assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info), \
                (path.name, image.info.keys())
    lead = pictures(good_site.html(URL_A))[0]
    biggest = srcset_files(good_site.site, URL_A, attr(img(lead), "srcset"))[1200]
    with Image.open(biggest) as image:
        rgb = image.convert("RGB")
        w, h = rgb.size
        assert (w, h) == (1200, 2000)
        top_right, top_left = rgb.getpixel((w - 20, 20)), rgb.getpixel((20, 20))
        assert top_right[0] > 180 and top_right[1] < 80, top_right  # the red corner, turned
        assert top_left[0] < 150, top_left


def test_no_original_is_published(good_site):
    originals = {hashlib.sha256(data).hexdigest() for name, data in GOOD_TREE.items() if isinstance(data, bytes)}
    for path in good_site.site.rglob("*"):
        if path.is_file():
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in originals, path
    assert not list((good_site.site / "anh").glob("*.png"))
    assert not (good_site.site / "photos").exists()
    assert {p.name.split("-")[0] for p in (good_site.site / "anh").iterdir()} <= {
        p.name.split("-")[0] for p in (good_site.root / photos.CACHE).iterdir()}


# HTML -------------------------------------------------------------------------------------


def test_html_has_picture_srcset_sizes_dimensions_and_lazy_loading(good_site):
    lead, drawing, small = pictures(good_site.html(URL_A))
    for figure in (lead, drawing, small):
        assert '<picture><source type="image/webp" srcset="' in figure
        img = re.search(r"<img [^>]*>", figure)[0]
        for name in ("src", "srcset", "sizes", "width", "height", "alt"):
            assert attr(img, name) is not None, (name, img)
        assert attr(img, "sizes") == photohtml.SIZES
    lead_img = re.search(r"<img [^>]*>", lead)[0]
    assert (attr(lead_img, "width"), attr(lead_img, "height")) == ("1200", "2000")
    assert 'loading="lazy"' not in lead_img and 'fetchpriority="high"' in lead_img
    assert attr(lead_img, "alt") == "Đại biểu trên sân khấu"
    for figure in (drawing, small):
        img = re.search(r"<img [^>]*>", figure)[0]
        assert 'loading="lazy"' in img and 'decoding="async"' in img and "fetchpriority" not in img
    assert attr(re.search(r"<img [^>]*>", drawing)[0], "alt") == "Sơ đồ khu vực"  # alt from the caption
    assert attr(re.search(r"<img [^>]*>", small)[0], "alt") == ""
    assert ("<figcaption>Toàn cảnh ngày hội <span class=\"bt-credit\">Ảnh: Công an tỉnh</span></figcaption>"
            in lead)
    # The lightbox opens the largest variant.
    link = re.search(r'<a class="glightbox[^>]*>', lead)[0]
    assert attr(link, "href").endswith("-1200.jpg")
    with Image.open(published(good_site.site, URL_A, attr(link, "href"))) as image:
        assert image.size == (1200, 2000)


def test_share_card_is_the_lead_photo_at_1200_by_630(good_site):
    html = good_site.html(URL_A)
    head = html[:html.index("</head>")]
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head))
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Ngày hội ở Cần Thơ"
    assert meta["og:description"] == "Tóm tắt ngày hội"
    assert meta["og:url"] == "https://bantin.example.vn/bai-viet/2022/ngay-hoi-o-can-tho/"
    assert meta["article:published_time"] == "2022-08-18T00:00:00+07:00"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == meta["twitter:image"]
    assert meta["og:image"].startswith("https://bantin.example.vn/anh/")
    card = good_site.site / meta["og:image"].removeprefix("https://bantin.example.vn/")
    with Image.open(card) as image:
        assert image.format == "JPEG" and image.size == (1200, 630)
        assert len(image.getexif()) == 0
    no_photo = good_site.html("/bai-viet/2022/bai-khong-co-anh/")
    head = no_photo[:no_photo.index("</head>")]
    assert 'property="og:title" content="Bài không có ảnh"' in head
    # No photo: the share image is a card drawn with the title (sharecard.py), not a photo.
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head))
    assert meta["og:image"].startswith("https://bantin.example.vn/anh-chia-se/")
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
    with Image.open(good_site.site / meta["og:image"].removeprefix("https://bantin.example.vn/")) as image:
        assert image.format == "JPEG" and image.size == (1200, 630)


# Cache ------------------------------------------------------------------------------------


def test_rebuild_encodes_nothing_and_a_changed_photo_only_itself(build_site):
    before = photos.STATS.encoded
    first = build_site(GOOD_TREE)
    assert photos.STATS.encoded - before == 3
    old_names = {p.name for p in (first.site / "anh").iterdir()}

    before = photos.STATS.encoded
    second = build_site(GOOD_TREE)  # the tree is written again: new mtimes, same bytes
    assert photos.STATS.encoded - before == 0
    assert {p.name for p in (second.site / "anh").iterdir()} == old_names

    before = photos.STATS.encoded
    third = build_site({"photos/2022/nho.jpg": small_jpeg(colour=RED)})
    assert photos.STATS.encoded - before == 1
    new_names = {p.name for p in (third.site / "anh").iterdir()}
    assert len(new_names - old_names) == 2 and len(old_names - new_names) == 2  # webp + jpg at 300 px
    small = pictures(third.html(URL_A))[2]
    with Image.open(published(third.site, URL_A, attr(img(small), "src"))) as image:
        assert image.getpixel((150, 100))[0] > 180


def test_progress_and_summary_lines_name_count_and_rate(build_site):
    site = build_site(GOOD_TREE)
    summary = [m for m in site.messages() if m.startswith("ảnh: đã làm 3 ảnh trong")]
    assert summary and "ảnh/giây" in summary[0] and "0 ảnh lấy lại từ bộ nhớ đệm" in summary[0]
    # Vietnamese decimals, and how many cores the photo work kept busy (make bench reads it).
    assert re.fullmatch(r"ảnh: đã làm 3 ảnh trong \d+(,\d)? giây \(\d+(,\d)? ảnh/giây, \d+(,\d)? lõi CPU bận\), "
                        r"0 ảnh lấy lại từ bộ nhớ đệm", summary[0]), summary[0]


# Bad photos -------------------------------------------------------------------------------


BAD = {
    "missing": (None, "không có trong photos/ (đã tìm photos/"),
    "not-an-image": (b"Day la van ban, khong phai anh.\n", "không phải là ảnh JPEG, PNG hay WebP"),
    "corrupt": (damaged_png(), "bị hỏng hoặc bị cắt cụt"),
    "truncated": (camera_jpeg((800, 600))[:-3000], "bị hỏng hoặc bị cắt cụt"),
    "empty": (b"", "là tệp rỗng"),
    "bomb": (png_declaring(30000, 30000), "khai báo kích thước khổng lồ"),
    "too-many-pixels": (png_declaring(12000, 11000), "có 12000×11000 điểm ảnh (132 triệu)"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_each_bad_photo_is_a_clear_problem_in_build_and_check(build_site, tmp_path, capsys, kind):
    data, message = BAD[kind]
    tree: dict[str, str | bytes] = {"articles/a.md": article(photos=photo_field({"file": "2022/bad.jpg"}))}
    if data is not None:
        tree["photos/2022/bad.jpg"] = data
    built = build_site.failing(tree)
    problems = [m for m in built.messages() if "photos[0].file" in m]
    assert len(problems) == 1, built.messages()
    assert problems[0].startswith('articles/a.md:6 ảnh thứ 1 › tệp ảnh (photos[0].file): "2022/bad.jpg"'), problems[0]
    assert message in problems[0]
    assert not (built.site / "index.html").exists()  # nothing published
    assert check_main(["--root", str(built.root)]) == 1
    out = capsys.readouterr().out
    assert 'articles/a.md:6 ảnh thứ 1 › tệp ảnh (photos[0].file): "2022/bad.jpg"' in out and message in out


def test_path_outside_photos_is_a_problem(build_site):
    built = build_site.failing({"articles/a.md": article(photos=photo_field({"file": "../mkdocs.yml"}))})
    assert any(m.startswith('articles/a.md:6 ảnh thứ 1 › tệp ảnh (photos[0].file): "../mkdocs.yml" phải là đường '
                            'dẫn trong thư mục photos/')
               for m in built.messages()), built.messages()


def test_make_check_lists_every_bad_photo_and_unused_one_without_traceback(build_site):
    tree: dict[str, str | bytes] = {}
    for i, kind in enumerate(sorted(BAD)):
        data, _ = BAD[kind]
        if data is not None:
            tree[f"photos/{kind}.jpg"] = data
        tree[f"articles/{kind}.md"] = article(title=f"Bài {i}", photos=photo_field({"file": f"{kind}.jpg"}))
    root = build_site.write(tree)
    run = subprocess.run([sys.executable, "-m", "bantin.check", "--root", str(root)], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    for kind, (_, message) in BAD.items():
        assert any(line.startswith(f"articles/{kind}.md:6 ảnh thứ 1 › tệp ảnh (photos[0].file):") and message in line
                   for line in run.stdout.splitlines()), (kind, run.stdout)


def test_a_photo_that_fails_to_decode_in_the_build_is_a_problem_not_a_traceback(tmp_path):
    # `check` is cheap and cannot see everything; the build's own decode reports too.
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos/x.jpg").write_bytes(b"not an image at all")
    art = Article(src="articles/x.md", title="x", date=imaging_date(), has_time=False, category="c", slug="x",
                  body="", summary="", photos=(Photo("x.jpg"),), lines=SourceLines(photos=(7,)))
    library = photos.prepare([art], tmp_path / "photos", tmp_path / "cache", workers=1)
    assert [str(p) for p in library.problems] == [
        'articles/x.md:7 ảnh thứ 1 › tệp ảnh (photos[0].file): "x.jpg" (photos/x.jpg) ' + imaging._NOT_AN_IMAGE]
    assert library.photos == {}


def imaging_date():
    import datetime as dt
    return dt.datetime(2022, 8, 18, tzinfo=dt.timezone.utc)


# Unused photos ----------------------------------------------------------------------------


def test_unused_photo_is_a_warning_not_an_error(build_site, capsys):
    tree = {"photos/2022/dung.jpg": small_jpeg(), "photos/2022/thua.jpg": small_jpeg(colour=RED),
            "photos/.DS_Store": b"\0", "articles/a.md": article(photos=photo_field({"file": "2022/dung.jpg"})),
            "articles/draft.md": article(title="Nháp", draft="true", photos=photo_field({"file": "2022/nho.jpg"})),
            "photos/2022/nho.jpg": small_jpeg(colour=(1, 2, 3))}
    built = build_site(tree, strict=True)  # strict: the warning must not fail the build
    unused = [m for m in built.messages() if "không được bài nào dùng" in m]
    assert unused == ["Lưu ý: photos/2022/thua.jpg không được bài nào dùng "
                      "(xoá ảnh, hoặc thêm vào một bài)"]
    assert check_main(["--root", str(built.root)]) == 0
    out = capsys.readouterr().out
    assert "Lưu ý: photos/2022/thua.jpg không được bài nào dùng" in out
    assert "dung.jpg" not in out and "nho.jpg" not in out and "DS_Store" not in out


# Lightbox (the project's mkdocs.yml) --------------------------------------------------------


def test_lightbox_is_local_and_captions_stay_text(build_site):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "glightbox" in config
    tree = {"mkdocs.yml": MKDOCS_YML + "  - glightbox\n",
            "photos/a.jpg": small_jpeg(),
            "content/gioi-thieu.md": "# Giới thiệu\n\n![Sơ đồ](so-do.png)\n",
            "content/so-do.png": alpha_png((40, 40)),
            "articles/a.md": article(title=f"'{SCRIPT}'", photos=photo_field(
                {"file": "a.jpg", "caption": f"'{SCRIPT} <b>x</b>'", "credit": f"'{SCRIPT}'"}))}
    built = build_site(tree)
    assert (built.site / "assets/javascripts/glightbox.min.js").is_file()
    assert (built.site / "assets/stylesheets/glightbox.min.css").is_file()
    pages = list(built.site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert SCRIPT not in text and "<b>x</b>" not in text, page
        # Nothing loaded from another host (a CDN): scripts, stylesheets, images.
        external = {u for u in re.findall(r'<(?:script|img|source|link)[^>]*(?:src|href)="((?:https?:)?//[^"]+)"',
                                          text) if not u.startswith("https://bantin.example.vn/")}
        assert not external, (page, external)
    html = built.html("/bai-viet/2022/script-alert-x-script/")
    # One lightbox link per photo, ours: glightbox does not wrap our <img> again.
    assert html.count('<a class="glightbox') == 1
    assert "&lt;script&gt;" in html.split('class="glightbox-desc">')[1].split("</span>")[0]
    # Other images on content pages still get the lightbox.
    assert 'class="glightbox"' in built.html("/gioi-thieu/")
    # Lists do not load it.
    assert "glightbox" not in built.html("/")


# Pure functions ----------------------------------------------------------------------------


def test_variant_sizes_never_upscale_and_dedupe():
    sizes = imaging.variant_sizes
    assert [(v.width, v.height) for v in sizes(4000, 3000, (480, 960, 1600))] == [(480, 360), (960, 720),
                                                                                  (1600, 1200)]
    assert [v.width for v in sizes(1000, 500, (480, 960, 1600))] == [480, 960, 1000]
    assert [v.width for v in sizes(960, 500, (480, 960, 1600))] == [480, 960]
    assert [v.width for v in sizes(100, 1, (480, 960, 1600))] == [100]
    assert sizes(100, 1, (480,))[0].height == 1


def test_cache_key_depends_on_bytes_and_settings():
    key = imaging.cache_key
    assert key(b"a", imaging.Settings()) == key(b"a", imaging.Settings())
    assert key(b"a", imaging.Settings()) != key(b"b", imaging.Settings())
    assert key(b"a", imaging.Settings()) != key(b"a", imaging.Settings(webp_quality=70))


def test_check_accepts_good_photos(tmp_path):
    for name, data in (("a.jpg", camera_jpeg((400, 300))), ("b.png", alpha_png()), ("c.jpg", small_jpeg())):
        (tmp_path / name).write_bytes(data)
        assert imaging.check(tmp_path / name) is None, name


def test_avif_when_enabled_is_a_first_source(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos/x.jpg").write_bytes(small_jpeg((700, 400)))
    art = Article(src="articles/x.md", title="x", date=imaging_date(), has_time=False, category="c", slug="x",
                  body="", summary="", photos=(Photo("x.jpg"),))
    library = photos.prepare([art], tmp_path / "photos", tmp_path / "cache", workers=1,
                             settings=imaging.Settings(avif=True))
    html = photohtml.html(art.photos[0], True, "/bai-viet/2022/x/", library)
    assert html.index('type="image/avif"') < html.index('type="image/webp"')
    with Image.open(tmp_path / "cache" / f"{library.photos['x.jpg'].key}-700.avif") as image:
        assert image.size == (700, 400) and len(image.getexif()) == 0
