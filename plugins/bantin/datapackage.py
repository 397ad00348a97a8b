"""`du-lieu/datapackage.json`: the open data described as a Frictionless Data Package
(https://specs.frictionlessdata.io/), so that a data portal or `frictionless validate`
reads every file with the right types instead of guessing them.

One resource per published file, each with a Table Schema whose fields are described
in Vietnamese. The columns are read from the files just written (their first record),
so the description always matches what was published; a column this module does not
know is still listed, typed `any`, and the unit test that requires a description for
every column fails until it is given one here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FILENAME = "datapackage.json"


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type (and format) and a Vietnamese description."""

    type: str
    description: str
    format: str | None = None
    title: str | None = None


def _f(type_: str, title: str, description: str, format_: str | None = None) -> Field:
    return Field(type_, description, format_, title)


ARTICLE = _f("string", "Bài viết", "Địa chỉ đầy đủ (URL) của bài viết trên bản tin", "uri")
TITLE = _f("string", "Tiêu đề", "Tiêu đề bài viết")
PROVINCE = _f("string", "Tỉnh, thành phố", "Tỉnh, thành phố nơi diễn ra sự kiện bài viết đưa tin")
YEAR = _f("integer", "Năm", "Năm của thành tích hoặc số liệu (mặc định: năm đăng bài)")

# Columns in the order the records carry them; a column may belong to several datasets.
DATASETS: dict[str, dict] = {
    "bai-viet": {
        "title": "Bài viết",
        "description": "Mỗi dòng là một bài viết đã đăng.",
        "fields": {
            "url": ARTICLE,
            "title": TITLE,
            "date": _f("datetime", "Ngày đăng", "Thời điểm đăng bài, giờ Việt Nam (ISO 8601, +07:00)"),
            "category": _f("string", "Chuyên mục", "Chuyên mục của bài viết"),
            "tags": _f("array", "Thẻ", "Các thẻ (chủ đề) của bài viết"),
            "authors": _f("array", "Tác giả", "Tên các tác giả"),
            "province": PROVINCE,
            "event_type": _f("string", "Loại sự kiện", "Loại sự kiện bài viết đưa tin: hội nghị, ngày hội, …"),
            "awards": _f("integer", "Số khen thưởng", "Tổng số tập thể và cá nhân được khen thưởng trong bài"),
            "photos": _f("integer", "Số ảnh", "Số ảnh của bài viết"),
        },
    },
    "khen-thuong": {
        "title": "Khen thưởng",
        "description": "Mỗi dòng là một hình thức khen thưởng trao cho một loại đối tượng trong một bài viết.",
        "fields": {
            "article": ARTICLE,
            "title": TITLE,
            "date": _f("date", "Ngày đăng", "Ngày đăng bài, giờ Việt Nam"),
            "award": _f("string", "Hình thức", "Hình thức khen thưởng: Bằng khen, Giấy khen, Kỷ niệm chương, …"),
            "name": _f("string", "Tên khen thưởng", "Tên đầy đủ của hình thức khen thưởng, nếu bài nêu"),
            "issuer": _f("string", "Cấp khen", "Cơ quan, người ký khen thưởng"),
            "recipient_type": _f("string", "Đối tượng", "Tập thể hoặc cá nhân"),
            "count": _f("integer", "Số lượng", "Số tập thể hoặc cá nhân được khen thưởng"),
            "recipients": _f("array", "Người, đơn vị được khen",
                             "Tên những người, đơn vị được bài viết nêu tên (có thể ít hơn số lượng)"),
            "for": _f("string", "Thành tích", "Thành tích được khen thưởng"),
            "year": YEAR,
            "province": PROVINCE,
            "decision": _f("string", "Quyết định", "Số, ký hiệu quyết định khen thưởng, ví dụ 163/QĐ-UBND"),
            "decision_date": _f("date", "Ngày quyết định", "Ngày ký quyết định khen thưởng"),
            "id": _f("string", "Mã bản ghi", "Mã ổn định của bản ghi, suy ra từ nội dung; là neo của dòng "
                                          "trên trang Bảng vàng"),
        },
    },
    "thong-ke": {
        "title": "Số liệu",
        "description": "Mỗi dòng là một số liệu một bài viết đưa ra.",
        "fields": {
            "article": ARTICLE,
            "title": TITLE,
            "date": _f("date", "Ngày đăng", "Ngày đăng bài, giờ Việt Nam"),
            "metric": _f("string", "Chỉ tiêu", "Tên chỉ tiêu, ví dụ Khu dân cư văn hóa"),
            "value": _f("number", "Giá trị", "Giá trị bài viết đưa ra"),
            "total": _f("number", "Tổng số", "Tổng thể mà giá trị là một phần, nếu có"),
            "percent": _f("number", "Tỷ lệ (%)",
                          "Tỷ lệ phần trăm: do bài nêu, hoặc tính từ tổng số (2 chữ số thập phân)"),
            "change": _f("number", "Thay đổi (%)", "Thay đổi so với kỳ trước, phần trăm; số âm là giảm"),
            "year": YEAR,
            "area": _f("string", "Địa bàn", "Nơi số liệu nói đến"),
        },
    },
}

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Ghi công 4.0 Quốc tế",
           "path": "https://creativecommons.org/licenses/by/4.0/deed.vi"}
UNKNOWN = Field("any", "")


def _schema(name: str, columns: list[str], kind: str) -> dict:
    known: dict[str, Field] = DATASETS.get(name, {}).get("fields", {})
    fields = []
    for column in columns:
        f = known.get(column, UNKNOWN)
        # A CSV cell holds a list as its items joined with "; " (the contract's form).
        type_ = "string" if f.type == "array" and kind == "csv" else f.type
        entry = {"name": column, "type": type_}
        if f.title:
            entry["title"] = f.title
        if f.description:
            entry["description"] = f.description + ("; các mục cách nhau bởi \"; \"" if f.type == "array"
                                                    and kind == "csv" else "")
        if f.format:
            entry["format"] = f.format
        fields.append(entry)
    return {"fields": fields, "missingValues": [""]}


def _columns(name: str, folder: Path) -> list[str]:
    """The columns as published: the keys of the JSON file's first record; none for
    a dataset with no record yet."""
    path = folder / f"{name}.json"
    records = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    return list(records[0]) if records else []


def descriptor(folder: Path, *, site_name: str, site_url: str, description: str) -> dict:
    """The Data Package descriptor of the open data files in `folder`."""
    resources = []
    for path in sorted(folder.iterdir()):
        kind = path.suffix.lstrip(".")
        if kind not in ("json", "csv") or path.name == FILENAME:
            continue
        name = path.stem
        meta = DATASETS.get(name, {})
        columns = _columns(name, folder)
        if not columns:
            # A dataset with no record (a new site with no award yet) is no table a
            # reader could open: it is described once it has one.
            continue
        resource = {
            "name": f"{name}-{kind}",
            "path": path.name,
            "profile": "tabular-data-resource",
            "title": f"{meta.get('title', name)} ({kind.upper()})",
            "description": meta.get("description", ""),
            "format": kind,
            "mediatype": "text/csv" if kind == "csv" else "application/json",
            # The CSV files start with a byte-order mark so that spreadsheets read UTF-8.
            "encoding": "utf-8-sig" if kind == "csv" else "utf-8",
            "schema": _schema(name, columns, kind),
        }
        if kind == "csv":
            resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
        resources.append(resource)
    home = site_url.rstrip("/") + "/" if site_url else ""
    package = {
        "profile": "tabular-data-package",
        "name": "ban-tin-du-lieu-mo",
        "title": f"Dữ liệu mở của {site_name}",
        "description": ((description + ". ") if description else "")
        + "Khen thưởng, số liệu và danh sách bài viết, tổng hợp từ các bài đã đăng; "
          "cập nhật mỗi lần bản tin được xuất bản.",
        "homepage": home or None,
        "language": "vi",
        "licenses": [LICENCE],
        "sources": [{"title": f"Các bài viết đã đăng trên {site_name}", **({"path": home} if home else {})}],
        "keywords": ["khen thưởng", "thi đua", "an ninh Tổ quốc", "số liệu", "dữ liệu mở"],
        "resources": resources,
    }
    return {k: v for k, v in package.items() if v is not None}


def publish(folder: Path, *, site_name: str, site_url: str, description: str) -> Path:
    """Write `datapackage.json` into the open data folder; returns its path."""
    path = folder / FILENAME
    text = json.dumps(descriptor(folder, site_name=site_name, site_url=site_url, description=description),
                      ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path
