"""Decap CMS configuration, generated at each start of `make edit`, never kept by hand.

Sources:
- the contract (`../shared/spec/content.md`), encoded below as FIELDS: every field an
  article may carry, its widget, whether it is required, a Vietnamese hint;
- the template `articles/_mau.md`: the order of the fields (Decap writes the front
  matter in the configuration's order, so a save changes only what was edited) and
  the hints written as comments next to them;
- `content/vocab/*.yml`: the values of every select;
- the year folders under `articles/` (one collection each, plus the current year,
  newest first: at 5,000 articles one collection per year lists in 1.8 s instead of
  7 s, see ../shared/notes/editor-at-scale.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

VIETNAM = dt.timezone(dt.timedelta(hours=7))
DATE_FORMAT = "DD/MM/YYYY"        # forms the checker reads: 18/08/2022 and 18/08/2022 14:32
TIME_FORMAT = "HH:mm"
RECIPIENT_TYPES = ["tập thể", "cá nhân"]
SORT_FIELD = "bantin_sort"  # see backend.js: never written to disk


@dataclass
class Field:
    """One field of the contract, as a Decap widget."""

    name: str
    label: str
    widget: str
    hint: str = ""
    required: bool = False
    vocab: str | None = None          # vocabulary file whose values a select offers
    options: list[str] | None = None  # fixed select values
    multiple: bool = False
    fields: list[Field] = field(default_factory=list)  # object / list of maps
    item: str = ""                    # label of one list item ("Thêm …")
    summary: str = ""                 # what a collapsed list item shows
    extra: dict[str, Any] = field(default_factory=dict)


def _date(name: str, label: str, hint: str, required: bool = False, time: bool = False) -> Field:
    # Widget `ngay` (static/bantin-admin.js): a text field that shows and stores the
    # checker's forms, 18/08/2022 and 18/08/2022 14:32 (24 h), and checks them.
    # Decap's own datetime widget is the browser's date input (mm/dd/yyyy and AM/PM on
    # an English Windows) and shows nothing for a date-only value in a date-time field.
    extra: dict[str, Any] = {"time": time, "date_format": DATE_FORMAT, "time_format": TIME_FORMAT if time else False}
    return Field(name, label, "ngay", hint, required, extra=extra)


def _figure(name: str, label: str, hint: str, required: bool = False) -> Field:
    # Text, not Decap's number widget: Vietnamese figures are written "2.863" and "94,75",
    # which the checker reads the Vietnamese way when quoted.
    return Field(name, label, "string", hint, required)


# The contract (spec/content.md), in its order. The template's order wins where it has the field.
FIELDS: list[Field] = [
    Field("title", "Tiêu đề", "string", "Tiêu đề bài viết.", True),
    _date("date", "Ngày đăng", "Ngày và giờ đăng, giờ Việt Nam, dạng 18/08/2022 14:32.", True, time=True),
    Field("category", "Chuyên mục", "select", "Chọn một chuyên mục.", True, vocab="categories"),
    Field("authors", "Tác giả", "list", "Tên tác giả, cách nhau bằng dấu phẩy."),
    Field("summary", "Tóm tắt", "text", "Một hai câu, hiện ở danh sách bài và khi chia sẻ. "
          "Để trống thì dùng đoạn đầu của bài."),
    Field("tags", "Chủ đề", "list", "Các chủ đề, cách nhau bằng dấu phẩy."),
    Field("source", "Nguồn", "string", "Báo hoặc cổng thông tin đăng bài gốc (hiện thành \"Theo …\")."),
    Field("draft", "Bản nháp", "boolean", "Bật: bài không được đăng khi xuất bản, chỉ hiện khi xem trước."),
    Field("pin", "Nổi bật", "boolean", "Bật: bài hiện ở mục Nổi bật trên trang chủ."),
    Field("slug", "Đường dẫn", "string", "Để trống: lấy từ tiêu đề, bỏ dấu (đ → d)."),
    Field("event", "Sự kiện", "object", "Hội nghị, ngày hội… mà bài đưa tin.", fields=[
        Field("type", "Loại sự kiện", "select", "Chọn loại sự kiện.", vocab="event-types"),
        Field("name", "Tên sự kiện", "string", "Tên đầy đủ của sự kiện."),
        _date("date", "Ngày diễn ra", "Dạng 18/08/2022."),
        Field("place", "Địa điểm", "string", "Ví dụ: quận Ninh Kiều."),
        Field("province", "Tỉnh, thành phố", "select", "Tỉnh, thành phố nơi diễn ra.", vocab="provinces"),
        Field("online", "Trực tuyến", "boolean", "Bật nếu sự kiện tổ chức trực tuyến."),
    ], extra={"collapsed": True}),
    Field("officials", "Đại biểu", "list", "Người chủ trì, phát biểu, dự sự kiện.", item="đại biểu",
          summary="{{fields.rank}} {{fields.name}} · {{fields.position}}", fields=[
        Field("name", "Họ tên", "string", "Họ và tên đầy đủ.", True),
        Field("rank", "Cấp bậc", "string", "Cấp bậc tại thời điểm sự kiện, ví dụ: Đại tá."),
        Field("position", "Chức vụ", "string", "Ví dụ: Giám đốc Công an tỉnh."),
        Field("role", "Vai trò", "vai-tro", "Chọn một hoặc nhiều vai trò.", vocab="roles", multiple=True),
    ]),
    Field("awards", "Khen thưởng", "list", "Mỗi mục là một hình thức khen thưởng cho một loại đối tượng.",
          item="khen thưởng",
          summary="{{fields.award}} · {{fields.issuer}} · {{fields.count}} {{fields.recipient_type}}",
          fields=[
        Field("award", "Hình thức", "select", "Bằng khen, Giấy khen, Kỷ niệm chương…", True, vocab="award-types"),
        Field("name", "Tên đầy đủ", "string", "Ví dụ: Kỷ niệm chương \"Bảo vệ an ninh Tổ quốc\"."),
        Field("issuer", "Cấp khen", "select", "Ai ký khen thưởng.", True, vocab="issuers"),
        Field("recipient_type", "Đối tượng", "select", "Tập thể hoặc cá nhân.", True, options=RECIPIENT_TYPES),
        Field("count", "Số lượng", "number", "Số tập thể hoặc cá nhân được khen; bắt buộc nếu không liệt kê tên, "
              "và không nhỏ hơn số tên liệt kê.", extra={"value_type": "int", "min": 1}),
        Field("recipients", "Người, đơn vị được khen", "list", "Có thể chỉ liệt kê một số tên.", item="người được khen",
              summary="{{fields.rank}} {{fields.name}} · {{fields.unit}}", fields=[
            Field("name", "Họ tên hoặc tên đơn vị", "string", "Viết đầy đủ, có dấu.", True),
            Field("rank", "Cấp bậc", "string", "Ví dụ: Thượng úy."),
            Field("unit", "Đơn vị", "string", "Ví dụ: Công an phường An Hòa."),
            Field("public", "Công bố tên", "cong-bo", "Bỏ dấu: tên không được công bố ở bất cứ đâu, "
                  "chỉ được đếm (\"1 cá nhân (không công bố tên)\")."),
        ]),
        Field("for", "Thành tích", "text",
              "Ví dụ: thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm 2022."),
        Field("year", "Năm thành tích", "number", "Để trống: năm của ngày đăng.", extra={"value_type": "int"}),
        Field("decision", "Số quyết định", "string", "Số và ký hiệu, ví dụ: 163/QĐ-UBND."),
        _date("decision_date", "Ngày quyết định", "Dạng 18/08/2022."),
    ]),
    Field("stats", "Số liệu", "list", "Mỗi mục là một con số bài viết nêu.", item="số liệu",
          summary="{{fields.metric}}: {{fields.value}} {{fields.area}}", fields=[
        Field("metric", "Chỉ tiêu", "select", "Chọn chỉ tiêu.", True, vocab="metrics"),
        _figure("value", "Giá trị", "Số nguyên viết 2863 hoặc 2.863; số thập phân viết 94,75.", True),
        _figure("total", "Tổng số", "Tổng mà giá trị là một phần (2.863 trên 3.462)."),
        _figure("percent", "Tỉ lệ (%)", "Tỉ lệ phần trăm bài nêu, ví dụ 82,7."),
        _figure("change", "Tăng, giảm (%)", "So với kỳ trước; giảm 11,9% viết -11,9."),
        Field("year", "Năm", "number", "Để trống: năm của ngày đăng.", extra={"value_type": "int"}),
        Field("area", "Địa bàn", "string", "Nơi con số nói tới, ví dụ: thị xã Điện Bàn."),
    ]),
    Field("models", "Mô hình", "list", "Các mô hình ở cơ sở bài nêu tên, cách nhau bằng dấu phẩy."),
    Field("photos", "Ảnh", "list", "Ảnh đầu tiên là ảnh đại diện của bài.", item="ảnh",
          summary="{{fields.file}} · {{fields.caption}}", fields=[
        Field("file", "Tệp ảnh", "image", "Chọn hoặc tải ảnh lên thư mục photos/.", True),
        Field("caption", "Chú thích", "text", "Chú thích dưới ảnh."),
        Field("credit", "Nguồn ảnh", "string", "Hiện thành \"Ảnh: …\"."),
        Field("alt", "Mô tả cho người khiếm thị", "string", "Tả ngắn nội dung ảnh."),
    ]),
    _date("updated", "Cập nhật lớn", "Ngày giờ sửa đổi lớn gần nhất (không trước ngày đăng). Sửa nhỏ thì để trống.",
          time=True),
    Field("changes", "Ghi chú đính chính", "list", "Ghi chú công khai về các lần sửa.", item="ghi chú",
          summary="{{fields.date}} · {{fields.note}}", fields=[
        _date("date", "Ngày", "Trong khoảng từ ngày đăng đến ngày cập nhật.", True),
        Field("note", "Nội dung", "text", "Đã sửa gì.", True),
    ]),
    Field("withdrawn", "Gỡ bài", "object", "Chỉ điền khi gỡ bài: trang vẫn ở địa chỉ cũ, có thông báo.", fields=[
        _date("date", "Ngày gỡ", "Dạng 18/08/2022."),
        Field("reason", "Lý do", "text", "Lý do gỡ bài, hiện công khai."),
    ], extra={"collapsed": True}),
]


# Template ---------------------------------------------------------------------------------

_KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?:#\s*)?(?P<key>[a-z_]+):(?P<rest>.*)$")


def template_fields(text: str) -> dict[tuple[str, ...], str]:
    """Field paths of the template's front matter in their order, with the hint written
    as a comment next to each (commented-out fields such as `# draft: true` count)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    found: dict[tuple[str, ...], str] = {}
    stack: list[tuple[int, str]] = []
    for line in lines[1:]:
        if line.strip() == "---":
            break
        match = _KEY.match(line)
        if not match:
            continue
        column = len(match["indent"]) + len(match["dash"] or "")
        while stack and stack[-1][1] and stack[-1][0] >= column:
            stack.pop()
        path = tuple(key for _, key in stack) + (match["key"],)
        rest = match["rest"]
        hint = rest.split(" # ", 1)[1].strip() if " # " in rest else ""
        found.setdefault(path, hint)
        stack.append((column, match["key"]))
    return found


def _ordered(fields: list[Field], template: dict[tuple[str, ...], str], parent: tuple[str, ...]) -> list[Field]:
    """The contract's fields at one level in the template's order; a field the template
    lacks goes right after the field that precedes it in the contract."""
    by_name = {f.name: f for f in fields}
    order = [path[-1] for path in template if path[:-1] == parent and path[-1] in by_name]
    for i, f in enumerate(fields):
        if f.name in order:
            continue
        before = next((fields[j].name for j in range(i - 1, -1, -1) if fields[j].name in order), None)
        order.insert(order.index(before) + 1 if before else 0, f.name)
    return [by_name[name] for name in order]


# Vocabularies -----------------------------------------------------------------------------

def vocab_values(vocab_dir: Path) -> dict[str, list[str]]:
    """The values each select offers: the `name` (or a metric's `label`) of every entry."""
    values: dict[str, list[str]] = {}
    for path in sorted(vocab_dir.glob("*.yml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        names = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                name = entry.get("label") or entry.get("name")
                if name and str(name) not in names:
                    names.append(str(name))
        values[path.stem] = names
    return values


# Decap configuration ----------------------------------------------------------------------

def _widget(f: Field, template: dict[tuple[str, ...], str], vocab: dict[str, list[str]],
            parent: tuple[str, ...]) -> dict[str, Any]:
    path = parent + (f.name,)
    hint = template.get(path) or f.hint
    hint = hint[:1].upper() + hint[1:]
    # Selects are Decap's own, wrapped (static/bantin-admin.js): `chon` keeps a value written
    # another way (an alias) visible, `vai-tro` shows roles written as text.
    widget = "chon" if f.widget == "select" else f.widget
    out: dict[str, Any] = {"name": f.name, "label": f.label + (" *" if f.required else ""), "widget": widget}
    out["hint"] = ("Bắt buộc. " if f.required else "") + hint
    out["required"] = f.required
    if f.widget in ("select", "vai-tro"):  # vai-tro: Decap's select, text values shown (bantin-admin.js)
        values = f.options if f.options is not None else vocab.get(f.vocab or "", [])
        out["options"] = list(values)
        if f.multiple:
            out["multiple"] = True
    if f.fields:
        out["fields"] = [_widget(sub, template, vocab, path) for sub in _ordered(f.fields, template, path)]
    # No `default` anywhere: Decap builds a new article from the defaults of nested
    # fields too (a default `public` would create an award holding one empty recipient).
    if f.widget == "list":
        if f.item:
            out["label_singular"] = f.item
        if f.summary:
            out["summary"] = f.summary
        out["collapsed"] = True
        if not f.fields:
            out["allow_add"] = True
    out.update(f.extra)
    return out


def years(articles: Path, today: dt.date | None = None) -> list[str]:
    """The year folders under `articles/` that exist, plus the current year, newest first."""
    today = today or dt.datetime.now(VIETNAM).date()
    found = {p.name for p in articles.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)} \
        if articles.is_dir() else set()
    return sorted(found | {str(today.year)}, reverse=True)


def collection_fields(root: Path, vocab: dict[str, list[str]]) -> list[dict[str, Any]]:
    template_path = root / "articles" / "_mau.md"
    template = template_fields(template_path.read_text(encoding="utf-8")) if template_path.is_file() else {}
    fields = [_widget(f, template, vocab, ()) for f in _ordered(FIELDS, template, ())]
    fields.append({"name": SORT_FIELD, "label": "Ngày đăng", "widget": "hidden", "required": False})
    # No "insert image" or code block in the body: photos go in the photos field, and an
    # image or a link to a file inside the text is refused by make check (body.py).
    fields.append({"name": "body", "label": "Nội dung", "widget": "markdown", "required": False,
                   "editor_components": [],
                   "hint": "Đoạn đầu là đoạn mở đầu (dùng làm tóm tắt nếu không có Tóm tắt). "
                           "Tiêu đề phụ: chọn \"Tiêu đề\" → cấp 2."})
    return fields


COMMIT_MESSAGES = {
    "create": "Bài mới “{{slug}}” ({{collection}}), lưu từ trình soạn thảo",
    "update": "Sửa bài “{{slug}}” ({{collection}}), lưu từ trình soạn thảo",
    "delete": "Xoá bài “{{slug}}” ({{collection}}), từ trình soạn thảo",
    "uploadMedia": "Tải ảnh lên “{{path}}”, từ trình soạn thảo",
    "deleteMedia": "Xoá ảnh “{{path}}”, từ trình soạn thảo",
}


def config(root: Path, backend_url: str, branch: str = "main", site_url: str = "/",
           today: dt.date | None = None) -> dict[str, Any]:
    """Decap's configuration for the project at `root`, whose backend (decap-server
    behind our checks) answers at `backend_url`."""
    vocab = vocab_values(root / "content" / "vocab")
    fields = collection_fields(root, vocab)
    collections = []
    for year in years(root / "articles", today):
        collections.append({
            "name": f"nam-{year}",
            "label": f"Bài viết năm {year}",
            "label_singular": f"bài viết năm {year}",
            "description": f"Các bài trong thư mục articles/{year}/. Bài mới tạo ở đây được lưu vào thư mục này.",
            "folder": f"articles/{year}",
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "slug": "{{slug}}",
            "identifier_field": "title",
            # The date as written (18/08/2022 14:32); Decap's {{day}} reads only ISO dates.
            "summary": "{{fields.date}} · {{title}}",
            # `bantin_sort` is the ISO form of `date`, added by backend.js to what Decap
            # reads and removed from what it saves: Decap sorts the raw text.
            "sortable_fields": [{"field": SORT_FIELD, "default_sort": "desc"}, "title"],
            # The year's own photo folder: opening an article lists only these photos
            # (with `path` Decap would list the article's whole folder), and an uploaded
            # photo lands in photos/<year>/ with the value "<year>/name.jpg" the contract reads.
            "media_folder": f"/photos/{year}",
            "public_folder": year,
            "fields": fields,
        })
    return {
        "backend": {"name": "proxy", "proxy_url": backend_url, "branch": branch,
                    "commit_messages": COMMIT_MESSAGES},
        "locale": "vi",
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": "photos",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "search": True,
        "collections": collections,
    }


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # every collection spelled out, no &id001
        return True


def dump(cfg: dict[str, Any]) -> str:
    return yaml.dump(cfg, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
