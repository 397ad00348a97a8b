"""Reading a report: Word (.docx, through mammoth), plain text or Markdown, into blocks.

A block is one paragraph, heading, list item or embedded image, with its plain
text (for the extraction) and its Markdown (for the article body). Word's
typography is made plain here: curly quotes, non-breaking and zero-width spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024

# Word's smart quotes and invisible characters: YAML trouble and search trouble.
_PLAIN = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u00a0": " ", "\u202f": " ",
                        "\u2007": " ", "\u2009": " ", "\u200b": "", "\u200c": "", "\u200d": "",
                        "\ufeff": "", "\u00ad": "", "\u2028": " ", "\u2029": " ",
                        "\u200e": "", "\u200f": "", "\u202a": "", "\u202b": "", "\u202c": "",
                        "\u202d": "", "\u202e": "", "\u2066": "", "\u2067": "", "\u2068": "",
                        "\u2069": "", "\u2013": "-", "\u2014": "-", "\u00d0": "Đ"})

REFUSED = {
    ".doc": ("là tệp Word đời cũ (.doc), công cụ chưa đọc được. Mở tệp bằng Word, chọn "
             "Tệp › Lưu thành (File › Save As), chọn kiểu \"Tài liệu Word (*.docx)\", rồi chạy lại: "
             "make import FILE=<tên tệp>.docx"),
    ".pdf": ("là tệp PDF: chữ trong PDF không giữ được đoạn văn. Hãy xin bản Word gốc (.docx); "
             "nếu không có, mở PDF, chọn hết nội dung (Ctrl+A), dán vào Notepad và lưu thành tệp .txt "
             "(mã hóa UTF-8), rồi chạy lại: make import FILE=<tên tệp>.txt"),
    "image": ("là tệp ảnh: công cụ không đọc chữ trong ảnh. Hãy xin bản Word (.docx) của báo cáo, "
              "hoặc gõ lại nội dung vào Notepad và lưu thành tệp .txt (mã hóa UTF-8). "
              "Ảnh minh họa thì chèn vào tệp Word, hoặc chép vào thư mục photos/ và ghi ở trường photos:"),
}
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif"}
_OTHER = {".rtf": ".rtf", ".odt": ".odt", ".docm": ".docm", ".dotx": ".dotx", ".xlsx": ".xlsx",
          ".xls": ".xls", ".pptx": ".pptx", ".ppt": ".ppt", ".html": ".html", ".htm": ".htm"}


class SourceError(Exception):
    """A report that cannot be read; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class Image:
    """An image embedded in the Word file."""

    data: bytes
    content_type: str
    alt: str = ""

    @property
    def extension(self) -> str:
        kind = self.content_type.split("/")[-1].lower()
        return {"jpeg": "jpg", "pjpeg": "jpg", "x-png": "png", "svg+xml": "svg"}.get(kind, kind)


@dataclass(frozen=True)
class Block:
    """One paragraph, heading, list item or image of the report."""

    text: str
    markdown: str
    kind: str = "p"  # p, h, li, img
    bold: bool = False
    image: int | None = None


@dataclass
class Report:
    """A report read from a file."""

    name: str
    blocks: list[Block]
    images: list[Image] = field(default_factory=list)


def plain(text: str) -> str:
    """Word's typography made plain, in NFC, spaces collapsed."""
    text = unicodedata.normalize("NFC", text.translate(_PLAIN))
    return re.sub(r"[ \t]+", " ", text).strip()


def read(path: Path) -> Report:
    """Read a report from `path` (.docx, .txt or .md).

    Raises:
        SourceError: the file is missing, of a kind the tool cannot read, or damaged.
    """
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise SourceError(f"{path.name} {REFUSED[suffix]}")
    if suffix in _IMAGE_SUFFIXES:
        raise SourceError(f"{path.name} {REFUSED['image']}")
    if suffix in _OTHER:
        raise SourceError(f"{path.name}: định dạng {suffix} chưa được hỗ trợ. Mở tệp rồi lưu thành Word "
                          "(.docx) hoặc văn bản thuần (.txt, mã hóa UTF-8), rồi chạy lại make import.")
    if suffix not in (".docx", ".txt", ".md", ".markdown", ""):
        raise SourceError(f"{path.name}: không biết đọc tệp đuôi {suffix}. Công cụ đọc tệp Word (.docx), "
                          "văn bản (.txt) và Markdown (.md).")
    if not path.is_file():
        raise SourceError(f"không tìm thấy tệp {path}. Kiểm tra tên tệp và thư mục, ví dụ: "
                          "make import FILE=bao-cao.docx")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise SourceError(f"{path.name}: tệp lớn {len(data) // (1024 * 1024)} MB, quá giới hạn "
                          f"{MAX_BYTES // (1024 * 1024)} MB của một báo cáo. Nén bớt ảnh trong Word rồi thử lại.")
    if suffix == ".docx" or data[:4] == b"PK\x03\x04":
        return read_docx(path.name, data)
    if data[:5] == b"%PDF-":
        raise SourceError(f"{path.name} {REFUSED['.pdf']}")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SourceError(f"{path.name} {REFUSED['.doc']}")
    return read_text(path.name, decode(path.name, data))


def decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without byte-order mark) or UTF-16 with its mark."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SourceError(f"{name}: dòng {line} không phải chữ UTF-8. Mở tệp bằng Notepad, chọn "
                          "Lưu thành, ở ô Mã hóa chọn UTF-8, rồi chạy lại make import.") from None


def read_text(name: str, text: str) -> Report:
    """Plain text or Markdown: one block per non-empty line (reports put one paragraph per line)."""
    blocks = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        raw = line.strip()
        heading = re.match(r"^#{1,6}\s+(.*)$", raw)
        bold = re.fullmatch(r"\*\*(.+)\*\*|__(.+)__", raw)
        if heading:
            raw = heading.group(1)
        if bold:
            raw = bold.group(1) or bold.group(2)
        clean = plain(raw)
        if not clean:
            continue
        md_source = plain(line.strip()) if name.lower().endswith((".md", ".markdown")) else escape_md(clean)
        blocks.append(Block(text=_strip_md(clean), markdown=md_source, kind="h" if heading else "p",
                            bold=bool(bold)))
    return Report(name=name, blocks=blocks)


def _strip_md(text: str) -> str:
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def escape_md(text: str) -> str:
    """Plain report text as Markdown that shows the same text (no accidental lists, headings, HTML)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return re.sub(r"^(#|[-+]\s|\d+[.)]\s)", r"\\\1", text)


def read_docx(name: str, data: bytes) -> Report:
    """A Word file through mammoth: paragraphs, bold, italics, headings, lists and images."""
    import io

    import mammoth  # only a Word import needs it

    images: list[Image] = []

    def keep(image) -> dict:
        with image.open() as stream:
            images.append(Image(stream.read(), image.content_type or "image/png", plain(image.alt_text or "")))
        return {"src": f"bantin-image:{len(images) - 1}"}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(keep))
    except Exception as error:  # mammoth raises many kinds for a damaged file
        raise SourceError(f"{name}: tệp Word bị hỏng hoặc không phải .docx thật ({type(error).__name__}). "
                          "Mở tệp bằng Word, chọn Lưu thành › Tài liệu Word (*.docx), rồi chạy lại.") from None
    parser = _HtmlBlocks()
    parser.feed(result.value)
    parser.close()
    return Report(name=name, blocks=parser.blocks, images=images)


class _HtmlBlocks(HTMLParser):
    """mammoth's HTML to blocks: inline bold and italics kept as Markdown."""

    _BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[tuple[str, bool, bool]] = []  # (text, bold, italic)
        self.tag = "p"
        self.bold = 0
        self.italic = 0
        self.lists: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._BLOCKS:
            self._flush()
            self.tag = tag
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self.runs.append((" ", False, False))
        elif tag == "img":
            src = dict(attrs).get("src") or ""
            if src.startswith("bantin-image:"):
                self._flush()
                self.blocks.append(Block(text="", markdown="", kind="img", image=int(src.split(":")[1])))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self._flush()
            self.tag = "p"
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data: str) -> None:
        self.runs.append((data, self.bold > 0, self.italic > 0))

    def _markdown(self) -> tuple[str, bool]:
        merged: list[list] = []
        for text, bold, italic in self.runs:
            if merged and merged[-1][1:] == [bold, italic]:
                merged[-1][0] += text
            else:
                merged.append([text, bold, italic])
        parts = []
        bold_chars = total_chars = 0
        for text, bold, italic in merged:
            core = text.strip()
            total_chars += len(core)
            if not core:
                parts.append(text)
                continue
            bold_chars += len(core) if bold else 0
            marker = ("**" if bold else "") + ("*" if italic else "")
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            parts.append(f"{lead}{marker}{escape_md(core.translate(_PLAIN))}{marker[::-1]}{trail}")
        return plain("".join(parts)), bool(total_chars) and bold_chars >= total_chars * 0.8

    def _flush(self) -> None:
        text = plain("".join(t for t, _, _ in self.runs))
        md, bold = self._markdown()
        self.runs = []
        if not text:
            return
        if self.tag.startswith("h") and self.tag != "th":
            level = int(self.tag[1])
            self.blocks.append(Block(text, "#" * min(level + 1, 6) + " " + _unbold(md), kind="h", bold=bold))
        elif self.tag == "li":
            marker = "1." if self.lists and self.lists[-1] == "ol" else "-"
            self.blocks.append(Block(text, f"{marker} {md}", kind="li", bold=bold))
        else:
            self.blocks.append(Block(text, md, bold=bold))


def _unbold(md: str) -> str:
    return md[2:-2] if md.startswith("**") and md.endswith("**") else md
