"""Photo processing with Pillow: checking a file cheaply, and turning one camera photo
into small, upright, metadata-free variants for the web.

Pure functions over paths and plain data; nothing here knows MkDocs. `encode` runs in
worker processes, so everything it takes and returns pickles.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import jpegscan

# Bump when the output of `encode` changes for the same settings (new encoder
# options, a fix): every cached photo is then made again.
PIPELINE_VERSION = 1

# Formats a camera, phone or editor produces that we accept. MPO is how Pillow names
# the JPEG of some phones (a JPEG with a second, stereo or depth, frame).
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


@dataclass(frozen=True)
class Settings:
    """Everything that shapes the published files; part of every cache key."""

    widths: tuple[int, ...] = (480, 960, 1600)
    webp_quality: int = 80
    jpeg_quality: int = 82
    share_size: tuple[int, int] = (1200, 630)
    share_quality: int = 85
    # A 108-megapixel phone photo is 12000×9000; anything past this is refused
    # before it is decoded (a "decompression bomb" declares a huge size in a tiny file).
    max_pixels: int = 120_000_000
    avif: bool = False


@dataclass(frozen=True)
class Variant:
    """One published size of a photo: `name` without the extension (webp and jpg exist)."""

    width: int
    height: int


@dataclass(frozen=True)
class Encoded:
    """What `encode` made: the upright size of the original and the files written."""

    width: int
    height: int
    files: tuple[str, ...]


class PhotoError(Exception):
    """A photo that cannot be published; the message is for a press officer."""


def cache_key(data: bytes, settings: Settings) -> str:
    """Content address of a photo: its bytes and every setting that shapes the output."""
    digest = hashlib.sha256()
    digest.update(f"bantin-photo/{PIPELINE_VERSION}/{sorted(asdict(settings).items())}\n".encode())
    digest.update(data)
    return digest.hexdigest()[:20]


def variant_sizes(width: int, height: int, widths: tuple[int, ...]) -> tuple[Variant, ...]:
    """The published sizes of a `width`×`height` photo, smallest first.

    Never larger than the original: widths at or past it collapse into one variant
    of the original width.
    """
    chosen = sorted({min(w, width) for w in widths if w > 0})
    return tuple(Variant(w, max(1, round(height * w / width))) for w in chosen)


@contextmanager
def _open(path: Path, settings: Settings) -> Iterator[Image.Image]:
    """Open a photo whose header is acceptable; every failure, inside the block too,
    becomes a PhotoError whose message is for a press officer."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                problem = _header_problem(image, settings)
                if problem:
                    raise PhotoError(problem)
                yield image
    except PhotoError:
        raise
    except Image.DecompressionBombError:
        raise PhotoError(_too_big(None, settings)) from None
    except UnidentifiedImageError:
        raise PhotoError(_NOT_AN_IMAGE) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
        raise PhotoError(_damaged(error)) from None


def check(path: Path, settings: Settings = Settings()) -> str | None:
    """Cheap check of a photo file without decoding its pixels.

    Reads the header (format, declared size), lets Pillow verify the structure
    (PNG chunk checksums), and for JPEG looks for the end-of-image marker, so a file
    cut short by a failed copy is found without a full decode.

    Returns:
        None when the file looks publishable, else what is wrong with it.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return "không đọc được tệp ảnh (tệp đã bị xoá, đổi tên hoặc không có quyền đọc)"
    if size == 0:
        return "là tệp rỗng (0 byte); hãy chép lại ảnh"
    try:
        with _open(path, settings) as image:
            kind = image.format
            image.verify()
    except PhotoError as error:
        return str(error)
    if kind in ("JPEG", "MPO") and not _jpeg_complete(path):
        return _damaged(None)
    return None


def encode(source: Path, out_dir: Path, key: str, settings: Settings, *,
           widths: tuple[int, ...] | None = None, share: bool = False) -> Encoded:
    """Make the published files of one photo.

    Applies the EXIF orientation, converts to sRGB, drops every piece of metadata
    (EXIF with GPS and camera serials, XMP, ICC profile, comments) and writes, as
    `out_dir/<key>-<name>.<ext>`, the variants of the given `widths` (default: all of
    them; WebP and JPEG, AVIF too when enabled) and, with `share`, the 1200×630 share
    card (`<key>-share.jpg`).
    Each file is written to a temporary name and renamed, so an interrupted build
    never leaves a half-written file in the cache.

    Raises:
        PhotoError: the photo cannot be read or is too big.
    """
    with _open(source, settings) as image:
        width, height = _upright_size(image)
        variants = variant_sizes(width, height, settings.widths)
        # JPEG can decode at 1/2, 1/4 or 1/8 scale: ask for no more than the
        # largest output needs. Much faster and lighter on a 20 MB photo.
        need_w = max(variants[-1].width, settings.share_size[0])
        need_h = max(variants[-1].height, settings.share_size[1])
        if _swaps(image):
            need_w, need_h = need_h, need_w
        if image.format in ("JPEG", "MPO"):
            image.draft(image.mode, (need_w, need_h))
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        assert upright is not None

    picture = _srgb(upright, icc)
    opaque = _flatten(picture)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def save(img: Image.Image, name: str, fmt: str, **options) -> None:
        img.info = {}  # resize/crop copy `info`: nothing of the original may ride along
        target = out_dir / name
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        img.save(temporary, fmt, **options)
        os.replace(temporary, target)
        written.append(name)

    wanted = {v.width for v in variants} if widths is None else set(widths)
    previous = picture
    for variant in reversed(variants):  # largest first, each smaller one from the previous
        resized = _resize(previous, (variant.width, variant.height))
        previous = resized
        if variant.width not in wanted:
            continue
        save(resized, f"{key}-{variant.width}.webp", "WEBP", quality=settings.webp_quality, method=4)
        save(_flatten(resized), f"{key}-{variant.width}.jpg", "JPEG", quality=settings.jpeg_quality,
             optimize=True, progressive=True)
        if settings.avif:
            save(resized, f"{key}-{variant.width}.avif", "AVIF", quality=60)
    if share:
        card = ImageOps.fit(opaque, settings.share_size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
        save(card, f"{key}-share.jpg", "JPEG", quality=settings.share_quality, optimize=True)
    return Encoded(width=width, height=height, files=tuple(written))


def encode_or_say_why(source: Path, out_dir: Path, key: str, settings: Settings,
                      widths: tuple[int, ...] | None, share: bool) -> Encoded | str:
    """`encode`, for a worker process: the result, or what is wrong with the photo.

    Any failure is one photo's problem for the press officer, never a traceback.
    """
    try:
        return encode(source, out_dir, key, settings, widths=widths, share=share)
    except PhotoError as error:
        return str(error)
    except MemoryError:
        return "quá lớn để xử lý trên máy này; hãy thu nhỏ ảnh rồi thêm lại"
    except Exception as error:  # noqa: BLE001
        return f"không xử lý được ({type(error).__name__}); hãy mở ảnh, lưu lại thành JPEG rồi thử lại"


def output_names(key: str, widths: Iterable[int], share: bool, settings: Settings) -> tuple[str, ...]:
    """The files `encode` writes, to test the cache without encoding."""
    names = []
    for width in widths:
        names += [f"{key}-{width}.webp", f"{key}-{width}.jpg"]
        if settings.avif:
            names.append(f"{key}-{width}.avif")
    if share:
        names.append(f"{key}-share.jpg")
    return tuple(names)


# Internals ------------------------------------------------------------------------------

_NOT_AN_IMAGE = ("không phải là ảnh JPEG, PNG hay WebP (ảnh HEIC của iPhone phải được xuất ra JPEG "
                 "trước)")


def _damaged(error: BaseException | None) -> str:
    return "bị hỏng hoặc bị cắt cụt (chép chưa xong); hãy chép lại ảnh từ máy ảnh hoặc điện thoại"


def _too_big(image: Image.Image | None, settings: Settings) -> str:
    limit = f"{settings.max_pixels / 1e6:g} triệu điểm ảnh"
    if image is None:
        return f"khai báo kích thước khổng lồ, vượt xa mức {limit} cho phép; hãy thu nhỏ ảnh rồi thêm lại"
    w, h = image.size
    return (f"có {w}×{h} điểm ảnh ({w * h / 1e6:.0f} triệu), quá mức {limit} cho phép; "
            "hãy thu nhỏ ảnh rồi thêm lại")


def _header_problem(image: Image.Image, settings: Settings) -> str | None:
    if image.format not in FORMATS:
        return (f"là tệp {image.format}; hãy lưu thành JPEG (ảnh chụp) hoặc PNG (hình vẽ)"
                if image.format else _NOT_AN_IMAGE)
    w, h = image.size
    if w < 1 or h < 1:
        return _damaged(None)
    if w * h > settings.max_pixels:
        return _too_big(image, settings)
    return None


def _jpeg_complete(path: Path) -> bool:
    """True when the JPEG's main image data is followed by its end-of-image marker;
    the segments are walked by their lengths, so an EXIF thumbnail's own markers
    never pass for the main image's (jpegscan.py)."""
    return jpegscan.complete(path)


_SWAPPING = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter


def _swaps(image: Image.Image) -> bool:
    try:
        return image.getexif().get(0x0112) in _SWAPPING
    except Exception:  # noqa: BLE001 - a broken EXIF block means "as stored"
        return False


def _upright_size(image: Image.Image) -> tuple[int, int]:
    w, h = image.size
    return (h, w) if _swaps(image) else (w, h)


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA pixels in sRGB; an embedded ICC profile is applied, then dropped."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    alpha = image.convert("RGBA").getchannel("A") if has_alpha else None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            base = image if image.mode in ("RGB", "CMYK", "L") else image.convert("RGB")
            converted = ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB")
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: the pixels are taken as sRGB, the usual case anyway
    rgb = image.convert("RGB")
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb


def _flatten(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: transparent parts become white, as on the page."""
    if image.mode != "RGBA":
        return image
    white = Image.new("RGB", image.size, (255, 255, 255))
    white.paste(image, mask=image.getchannel("A"))
    return white


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image.copy()
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
