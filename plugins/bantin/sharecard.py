"""Share images drawn with Pillow: the card a chat app or a social network shows when
a page without a photo is shared, and the bulletin's logo for search engines.

A card is the page's title on the bulletin's colours, with its category and date.
The font comes from Debian's `fonts-noto-core` (Noto Sans has every Vietnamese
letter and tone mark); it is never downloaded. Cards are cached under
`.cache/bantin/share/`, named by a hash of everything that shapes them (texts, font
bytes, size, drawing version), so a rebuild draws only new or changed cards.

Pure of MkDocs: the plugin asks for cards and publishes `Cards.files()`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import vnformat
from .model import Article
from .photos import place_files

CACHE = ".cache/bantin/share"
PUBLISHED = "anh-chia-se/"  # beside anh/ (the photos), not in it: the photo pipeline owns anh/
SIZE = (1200, 630)
LOGO_SIZE = (512, 512)
# Debian `fonts-noto-core`, installed by `make` (see the Makefile's `fonts` target).
DEFAULT_FONT = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
# Bump when the drawing changes: every cached card is then drawn again.
VERSION = 1

PRIMARY = (139, 26, 26)  # --md-primary-fg-color of bantin.css
PAPER = (250, 247, 242)
INK = (26, 26, 26)
MUTED = (89, 89, 89)
GOLD = (240, 196, 25)
MARGIN = 80
BAND = 96  # height of the top band that carries the bulletin's name


class FontMissing(Exception):
    """The font that draws Vietnamese text is not installed."""


@dataclass(frozen=True)
class Card:
    """What one share card shows."""

    title: str
    site_name: str
    kicker: str = ""  # the category, written above the title
    footer: str = ""  # the date, or the site's description


def _font_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=64)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fit_title(text: str, font_path: str, width: int, height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size (72 down to 40 px) at which the title fits the box; at the
    smallest size, lines that do not fit end in an ellipsis."""
    for size in range(72, 39, -4):
        font = _font(font_path, size)
        lines = _wrap(text, font, width)
        if len(lines) * size * 1.25 <= height:
            return font, lines
    font = _font(font_path, 40)
    lines = _wrap(text, font, width)
    keep = max(1, int(height // (40 * 1.25)))
    if len(lines) > keep:
        last = lines[keep - 1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = lines[:keep - 1] + [last + " …"]
    return font, lines


def draw_card(card: Card, font_path: str, regular_path: str | None = None) -> Image.Image:
    """The card as an RGB image of `SIZE`."""
    regular = regular_path or font_path
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle((0, 0, width, BAND), fill=PRIMARY)
    _star(draw, (MARGIN + 22, BAND // 2), 24)
    draw.text((MARGIN + 64, BAND // 2), card.site_name, font=_font(font_path, 32), fill=(255, 255, 255),
              anchor="lm")
    top = BAND + 56
    if card.kicker:
        draw.text((MARGIN, top), card.kicker.upper(), font=_font(font_path, 28), fill=PRIMARY, anchor="lt")
        top += 56
    bottom = height - 110
    font, lines = _fit_title(card.title, font_path, width - 2 * MARGIN, bottom - top)
    step = font.size * 1.25
    for n, line in enumerate(lines):
        draw.text((MARGIN, top + n * step), line, font=font, fill=INK, anchor="lt")
    draw.rectangle((MARGIN, height - 82, MARGIN + 120, height - 76), fill=PRIMARY)
    if card.footer:
        footer_font = _font(regular, 28)
        footer = card.footer
        while footer and footer_font.getlength(footer) > width - 2 * MARGIN:
            footer = footer[:-2] + "…"
        draw.text((MARGIN, height - 56), footer, font=footer_font, fill=MUTED, anchor="lm")
    return image


def draw_logo(site_name: str, font_path: str) -> Image.Image:
    """The bulletin's logo (publisher logo of the JSON-LD): a gold star and the name."""
    image = Image.new("RGB", LOGO_SIZE, PRIMARY)
    draw = ImageDraw.Draw(image)
    w, h = LOGO_SIZE
    _star(draw, (w // 2, int(h * 0.36)), int(w * 0.2))
    words = site_name.split()
    label = " ".join(words[:2]) if words else ""
    font = _font(font_path, 72)
    while font.size > 24 and font.getlength(label) > w * 0.86:
        font = _font(font_path, font.size - 4)
    draw.text((w // 2, int(h * 0.74)), label, font=font, fill=(255, 255, 255), anchor="mm")
    return image


def _star(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int) -> None:
    points = []
    for n in range(10):
        r = radius if n % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + n * math.pi / 5
        points.append((centre[0] + r * math.cos(angle), centre[1] - r * math.sin(angle)))
    draw.polygon(points, fill=GOLD)


@dataclass
class Cards:
    """The share images of one build: drawn into the cache, published as hard links."""

    cache_dir: Path
    font_path: Path
    regular_path: Path | None = None
    drawn: int = 0
    reused: int = 0
    wanted: dict[str, Path] = field(default_factory=dict)  # site path -> cached file

    @classmethod
    def open(cls, cache_dir: Path, font: str | os.PathLike = DEFAULT_FONT) -> Cards:
        """Cards drawn with `font` (a TrueType file with Vietnamese glyphs).

        Raises:
            FontMissing: the font file is not there.
        """
        path = Path(font)
        if not path.is_file():
            raise FontMissing(
                f"không tìm thấy phông chữ {path} để vẽ ảnh chia sẻ. Cài gói Debian fonts-noto-core "
                "(`make fonts`, hoặc `apt-get install fonts-noto-core`), hoặc chỉ phông khác có đủ "
                "chữ tiếng Việt bằng tùy chọn share_font của plugin bantin trong mkdocs.yml.")
        regular = path.with_name(path.name.replace("-Bold", "-Regular"))
        cache_dir.mkdir(parents=True, exist_ok=True)
        return cls(cache_dir, path, regular if regular.is_file() and regular != path else None)

    @property
    def _digest(self) -> str:
        return _digests(str(self.font_path), str(self.regular_path or ""))

    def _key(self, kind: str, payload: dict) -> str:
        text = json.dumps([VERSION, kind, SIZE, LOGO_SIZE, self._digest, payload], ensure_ascii=False,
                          sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

    def card(self, card: Card) -> str:
        """Site path ("/anh/chia-se/<hash>.jpg") of the card, drawn if not cached."""
        name = f"{self._key('card', asdict(card))}.jpg"
        cached = self.cache_dir / name
        if cached.is_file():
            self.reused += 1
        else:
            image = draw_card(card, str(self.font_path), str(self.regular_path) if self.regular_path else None)
            _write(cached, image, "JPEG", quality=88, optimize=True)
            self.drawn += 1
        self.wanted[PUBLISHED + name] = cached
        return "/" + PUBLISHED + name

    def logo(self, site_name: str) -> str:
        """Site path of the bulletin's logo (PNG), drawn if not cached."""
        name = f"logo-{self._key('logo', {'site_name': site_name})}.png"
        cached = self.cache_dir / name
        if not cached.is_file():
            _write(cached, draw_logo(site_name, str(self.font_path)), "PNG", optimize=True)
            self.drawn += 1
        self.wanted[PUBLISHED + name] = cached
        return "/" + PUBLISHED + name

    def files(self) -> list[tuple[str, Path]]:
        """(site path, cached file) of every image this build uses."""
        return sorted(self.wanted.items())

    def publish(self, site_dir: Path) -> int:
        """Place every image into `site_dir` (hard links to the cache, copies where
        links cannot be made). Returns the number of files placed."""
        return place_files(self.files(), site_dir)


@lru_cache(maxsize=8)
def _digests(bold: str, regular: str) -> str:
    return _font_digest(Path(bold)) + (_font_digest(Path(regular)) if regular else "")


def _write(path: Path, image: Image.Image, kind: str, **options) -> None:
    """Write through a temporary file: an interrupted build leaves no half card in the cache."""
    out = io.BytesIO()
    image.save(out, kind, **options)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(out.getvalue())
    temporary.replace(path)


def article_card(article: Article, site_name: str) -> Card:
    """The card of an article that has no photo to share: its title, category and date."""
    return Card(title=article.title, site_name=site_name, kicker=article.category,
                footer=vnformat.date(article.date, article.has_time))
