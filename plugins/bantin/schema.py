"""Front matter -> model: the section readers. Every problem is collected with file, line, field and value.

A problem says what was found and what is expected, in words a press officer can act
on. Nothing here raises on bad input: the worst case is an article with problems and
no model. Bytes and YAML are read by `frontmatter`, single values by `fields`; this
module knows the sections of an article (event, officials, awards, stats, photos).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Callable

from . import controls, trustfields, urls
from . import vnformat as fmt
from .awardids import with_ids
from .body import check_body
from .fields import MAX_NAME, MAX_TITLE, MISSING, FieldReader
from .frontmatter import decode, parse_front_matter, read_bytes, split_front_matter
from .model import Article, Award, Event, Official, Photo, Recipient, SourceLines, Stat
from .names import SLUG_LIMIT, cut_slug, slugify
from .placeholders import placeholder_problems
from .problems import Notice, Problem
from .traps import scan_text
from .vocab import RECIPIENT_TYPES, Vocabularies

ARTICLE_FIELDS = ("title", "date", "category", "authors", "summary", "tags", "source", "draft",
                  "pin", "slug", "event", "officials", "awards", "stats", "models", "photos")
EVENT_FIELDS = ("type", "name", "date", "place", "province", "online")
OFFICIAL_FIELDS = ("name", "rank", "position", "role", "id")
AWARD_FIELDS = ("award", "name", "issuer", "recipient_type", "count", "recipients", "for", "year")
RECIPIENT_FIELDS = ("name", "rank", "unit", "id")
STAT_FIELDS = ("metric", "value", "total", "percent", "change", "year", "area")
PHOTO_FIELDS = ("file", "caption", "credit", "alt")
# The trust fields (corrections, withdrawal, decisions, privacy) are read by `trustfields`.
ARTICLE_FIELDS += trustfields.ARTICLE_FIELDS
AWARD_FIELDS += trustfields.AWARD_FIELDS
RECIPIENT_FIELDS += trustfields.RECIPIENT_FIELDS

PhotoCheck = Callable[[str], "str | None"]
"""Given a path relative to `photos/`, a problem message when the file is not there."""


def _strip_controls(text: str, rel: str, notices: list[Problem]) -> str:
    text, removed = controls.strip_text(text)
    for line, chars in removed:
        notices.append(Notice(rel, line, "(tệp)", None, controls.MESSAGE.format(codes=controls.names(chars))))
    return text


def read_article(path: Path, rel: str, vocab: Vocabularies, photo_check: PhotoCheck | None = None,
                 root: Path | None = None) -> tuple[Article | None, list[Problem]]:
    """Read and validate one article file.

    Args:
        path: the file on disk.
        rel: the path shown in messages (relative to the project).
        vocab: the site's vocabularies.
        photo_check: checks that a photo is on disk (`photos.on_disk`); none when not given.
        root: the project; a link leading outside it is refused (none: not checked).

    Returns:
        The article (None when a problem makes it unusable) and every problem found.
    """
    data, problem = read_bytes(path, rel, root)
    if data is None:
        return None, [problem]
    return parse_article(data, rel, vocab, photo_check)


def parse_article(data: bytes, rel: str, vocab: Vocabularies, photo_check: PhotoCheck | None = None
                  ) -> tuple[Article | None, list[Problem]]:
    """Validate the bytes of one article file; see `read_article`."""
    problems: list[Problem] = []
    text, problem = decode(data, rel)
    if problem:
        return None, problems + [problem]
    notices: list[Problem] = []  # warnings, returned after the problems
    text = _strip_controls(text, rel, notices)
    parts, problem = split_front_matter(text, rel)
    if problem:
        return None, problems + [problem] + notices
    front, body, body_line = parts
    if scan_text(text, body_line, rel, problems) is not text:
        # Bidirectional controls and stray BOMs are named; read on without them.
        parts, _ = split_front_matter(scan_text(text, body_line, rel, []), rel)
        front, body, body_line = parts if parts else (front, body, body_line)
    problems.extend(check_body(body, body_line, rel))
    flows: set[str] = set()
    fm, lines, raw = parse_front_matter(front, rel, problems, flows=flows)
    if fm is None:
        return None, sorted(problems, key=lambda p: p.line) + notices
    # YAML escapes ("\x01", "\b") make control characters the byte pass cannot see.
    fm, removed = controls.strip_tree(fm)
    for path, chars in removed:
        notices.append(Notice(rel, lines.get(path, 1), path, None,
                              controls.MESSAGE.format(codes=controls.names(chars))))
    raw = {path: (controls.CONTROLS.sub("", text), quoted) for path, (text, quoted) in raw.items()}
    r = FieldReader(rel, fm, lines, raw, problems)
    r.unknown_fields(fm, "", ARTICLE_FIELDS)

    title = r.text(fm, "", "title", required=True, longest=MAX_TITLE)
    when = r.date(fm, "", "date", required=True)
    category = r.vocab(fm, "", "category", vocab.categories, required=True)
    authors = _lettered(r, "authors", r.text_list(fm, "", "authors", longest=MAX_NAME))
    tags = r.text_list(fm, "", "tags", longest=MAX_NAME)
    summary = r.text(fm, "", "summary")
    source = r.text(fm, "", "source")
    draft = r.boolean(fm, "", "draft")
    pin = r.boolean(fm, "", "pin")
    slug = None
    if fm.get("slug") is not None:
        slug = r.text(fm, "", "slug", longest=MAX_NAME)
        if slug and slugify(slug) != slug:
            r.problem("slug", slug, "chỉ được gồm chữ a-z không dấu, số 0-9 và dấu '-'; "
                      f"hãy viết: slug: {slugify(slug)}")
            slug = None
        elif slug == "":
            slug = None
        elif slug and len(slug) > SLUG_LIMIT:
            r.problem("slug", slug, f"dài {len(slug)} ký tự, quá {SLUG_LIMIT}; viết ngắn lại, ví dụ {cut_slug(slug)}")
            slug = None
    date = when[0] if when else None
    event = _event(r, fm, vocab, date)
    officials = _officials(r, fm, vocab)
    awards, decision_lines = _awards(r, fm, vocab, when)
    stats = _stats(r, fm, vocab, date, event)
    models = r.text_list(fm, "", "models")
    photos, photo_lines = _photos(r, fm, photo_check)
    _flow_lists(r, fm, flows)
    if not draft:
        problems.extend(placeholder_problems(rel, raw, lines))
    trust = trustfields.read_article(r, fm, when)
    trustfields.private_name_problems(r, fm, text)

    # Top to bottom, as the writer reads the file (the checks run field by field, not line by line).
    problems.sort(key=lambda p: p.line)
    if len(problems) or title is None or when is None or category is None:
        url = None
        if title and when and (slug or slugify(title)):
            url = urls.article(when[0].year, slug or cut_slug(slugify(title)))
        return None, [dataclasses.replace(p, url=url) if p.file == rel else p for p in problems] + notices
    slug = slug or cut_slug(slugify(title))
    return Article(
        src=rel, title=title, date=when[0], has_time=when[1], category=category.name,
        slug=slug, body=body, summary=summary or first_paragraph(body),
        authors=authors, tags=tags, source=source, draft=draft, pin=pin, event=event,
        officials=officials, awards=with_ids(urls.article(when[0].year, slug), awards), stats=stats,
        models=models, photos=photos, updated=trust.updated, updated_has_time=trust.updated_has_time,
        changes=trust.changes, withdrawn=trust.withdrawn,
        lines=SourceLines(slug=lines.get("slug") or lines.get("title", 1), photos=photo_lines,
                          decisions=decision_lines),
    ), problems + notices


def _maps(r: FieldReader, fm: dict, key: str, example: str) -> list[tuple[str, dict]]:
    value = fm.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        r.problem(key, value, f"phải là một danh sách, mỗi mục bắt đầu bằng '- ', ví dụ:\n    {key}:\n      {example}")
        return []
    result = []
    for i, item in enumerate(value):
        path = f"{key}[{i}]"
        if isinstance(item, dict):
            result.append((path, item))
        else:
            r.problem(path, item, f"phải là một nhóm trường (tên: giá trị), ví dụ: {example}")
    return result


def _event(r: FieldReader, fm: dict, vocab: Vocabularies, date: dt.datetime | None) -> Event | None:
    ev = fm.get("event")
    if ev is None:
        return None
    if not isinstance(ev, dict):
        r.problem("event", ev, "phải là một nhóm trường thụt lề bên dưới: type, name, date, place, province, online")
        return None
    r.unknown_fields(ev, "event.", EVENT_FIELDS)
    kind = r.vocab(ev, "event.", "type", vocab.event_types)
    when = r.date(ev, "event.", "date")
    province = _province(r, ev, "event.", vocab, date)
    return Event(type=kind.name if kind else None, name=r.text(ev, "event.", "name", longest=MAX_TITLE),
                 date=when[0].date() if when else None, place=r.text(ev, "event.", "place"),
                 province=province, online=r.boolean(ev, "event.", "online"))


def _province(r: FieldReader, mapping: dict, path: str, vocab: Vocabularies, date: dt.datetime | None
              ) -> str | None:
    term = r.vocab(mapping, path, "province", vocab.provinces)
    if term is None:
        return None
    if term.until and date and date.date() >= term.until:
        r.problem(f"{path}province", term.name,
                  f"không còn từ ngày {term.until:%d/%m/%Y} (đã sáp nhập vào {term.successor}); "
                  f"bài viết của ngày này hãy ghi: province: {term.successor}")
        return None
    return term.name


def _officials(r: FieldReader, fm: dict, vocab: Vocabularies) -> tuple[Official, ...]:
    result = []
    for path, item in _maps(r, fm, "officials", "- name: Nguyễn Văn A"):
        r.unknown_fields(item, f"{path}.", OFFICIAL_FIELDS)
        name = r.name(item, f"{path}.", "name", required=True)
        # "dự và phát biểu" or [dự, phát biểu]: one or more roles of the vocabulary.
        roles: list[str] = []
        for role in re.split(r"\s*(?:,|;|\bvà\b)\s*", ", ".join(r.text_list(item, f"{path}.", "role"))):
            term = r.vocab({"role": role}, f"{path}.", "role", vocab.roles) if role else None
            if term and term.name not in roles:
                roles.append(term.name)
        if name:
            result.append(Official(name=name, rank=r.text(item, f"{path}.", "rank"),
                                   position=r.text(item, f"{path}.", "position"), role=tuple(roles),
                                   id=r.text(item, f"{path}.", "id")))
    return tuple(result)


def _year(r: FieldReader, item: dict, path: str, date: dt.datetime | None) -> int:
    year = r.number(item, f"{path}.", "year", whole=True)
    if year is not None and not 1945 <= year <= 2100:
        r.problem(f"{path}.year", year, "phải là một năm từ 1945 đến 2100, ví dụ: year: 2022")
        year = None
    return int(year) if year is not None else (date.year if date else 0)


def _awards(r: FieldReader, fm: dict, vocab: Vocabularies, when: tuple[dt.datetime, bool] | None
            ) -> tuple[tuple[Award, ...], tuple[int, ...]]:
    """The awards, and the line of each one's `decision:` (for warnings found across articles)."""
    date = when[0] if when else None
    result = []
    lines = []
    example = "- award: Bằng khen"
    for path, item in _maps(r, fm, "awards", example):
        p = f"{path}."
        r.unknown_fields(item, p, AWARD_FIELDS)
        kind = r.vocab(item, p, "award", vocab.award_types, required=True)
        issuer = r.vocab(item, p, "issuer", vocab.issuers, required=True)
        rtype = r.text(item, p, "recipient_type", required=True)
        if rtype is not None and rtype.casefold() not in RECIPIENT_TYPES:
            r.problem(f"{p}recipient_type", rtype, 'phải là "tập thể" hoặc "cá nhân", ví dụ: recipient_type: tập thể')
            rtype = None
        recipients = _recipients(r, item, p)
        count = r.number(item, p, "count", whole=True, minimum=1, what="count",
                         required="recipients" not in item)
        if count is None and recipients:
            count = len(recipients)
        elif count is not None and count < len(recipients):
            r.problem(f"{p}count", count, f"nhỏ hơn số {len(recipients)} tên ghi ở người nhận (recipients); "
                      f"số lượng phải ít nhất bằng số tên, ví dụ: count: {len(recipients)}")
        year = _year(r, item, path, date)
        decision, decision_date = trustfields.read_decision(r, item, p, when)
        if kind and issuer and rtype and count:
            result.append(Award(award=kind.name, issuer=issuer.name, recipient_type=rtype.casefold(),
                                count=int(count), year=year, name=r.text(item, p, "name"),
                                recipients=recipients, for_=r.text(item, p, "for"),
                                decision=decision, decision_date=decision_date))
            lines.append(r.line(f"{p}decision"))
    return tuple(result), tuple(lines)


def _recipients(r: FieldReader, item: dict, p: str) -> tuple[Recipient, ...]:
    value = item.get("recipients")
    if value is None:
        return ()
    if not isinstance(value, list):
        r.problem(f"{p}recipients", value, "phải là một danh sách tên, mỗi tên một dòng bắt đầu bằng '- '")
        return ()
    result = []
    for i, entry in enumerate(value):
        path = f"{p}recipients[{i}]"
        if isinstance(entry, dict):
            r.unknown_fields(entry, f"{path}.", RECIPIENT_FIELDS)
            name = r.name(entry, f"{path}.", "name", required=True)
            if name:
                result.append(Recipient(name=name, rank=r.text(entry, f"{path}.", "rank"),
                                        unit=r.name(entry, f"{path}.", "unit"),
                                        id=r.text(entry, f"{path}.", "id"),
                                        public=trustfields.read_public(r, entry, f"{path}.")))
        elif isinstance(entry, list):
            r.problem(path, entry, "phải là một tên, hoặc một nhóm name, rank, unit")
        else:
            name = r.name({"": entry}, path, "")
            if name:
                result.append(Recipient(name=name))
    return tuple(result)


def _stats(r: FieldReader, fm: dict, vocab: Vocabularies, date: dt.datetime | None, event: Event | None = None
           ) -> tuple[Stat, ...]:
    """The figures; one without `area` takes its place from the event (place, then province),
    so that a chart never joins it with another place's figures."""
    default_area = (event.place or event.province) if event else None
    result = []
    for path, item in _maps(r, fm, "stats", "- metric: Khu dân cư văn hóa"):
        p = f"{path}."
        r.unknown_fields(item, p, STAT_FIELDS)
        metric = r.vocab(item, p, "metric", vocab.metrics, required=True)
        whole = metric.whole if metric else False
        what = f'chỉ tiêu "{metric.name}"' if metric else ""
        # A figure reported only as a change ("giảm 11,9%") has no value: the source
        # reports give such figures, so `value` is required unless `change` is given.
        value = r.number(item, p, "value", whole=whole, what=what, required="change" not in item)
        total = r.number(item, p, "total", whole=whole, what=what)
        percent = r.number(item, p, "percent", whole=False)
        change = r.number(item, p, "change", whole=False)
        year = _year(r, item, path, date)
        stated = percent is not None
        if total is not None and value is not None:
            if total <= 0:
                r.problem(f"{p}total", total, "phải lớn hơn 0")
            elif value > total:
                r.problem(f"{p}total", total, f"nhỏ hơn giá trị {fmt.number(value)}; tổng số là toàn bộ mà "
                          "giá trị là một phần (2.863 trên tổng số 3.462)")
            else:
                computed = value / total * 100
                if percent is None:
                    percent = round(computed, 2)
                else:
                    places = r.decimals(f"{p}percent")
                    if abs(round(computed, places) - percent) > 0.5 * 10 ** -places + 1e-9:
                        r.problem(f"{p}percent", None,
                                  f"không khớp với giá trị/tổng số: {fmt.number(value)}/{fmt.number(total)} "
                                  f"là {fmt.percent(computed, max(places, 2))}; sửa lại tỉ lệ, giá trị "
                                  "hoặc tổng số",
                                  shown=r.raw.get(f"{p}percent", ("", False))[0])
        if percent is not None and not 0 <= percent <= 100 and stated:
            r.problem(f"{p}percent", percent, "phải từ 0 đến 100")
        if metric and (value is not None or change is not None):
            result.append(Stat(metric=metric.name, metric_id=metric.id, value=value, year=year,
                               total=total, percent=percent, percent_stated=stated, change=change,
                               **_area(r.text(item, p, "area", longest=MAX_NAME), default_area)))
    return tuple(result)


def _lettered(r: FieldReader, path: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """Names of people (bylines) keep only those with a letter; "???" is a problem."""
    for name in names:
        if not any(c.isalpha() for c in name):
            r.problem(path, name, "có một tên không có chữ cái nào; viết tên người viết bài, ví dụ: "
                      "authors: [Mai Hà]")
    return tuple(name for name in names if any(c.isalpha() for c in name))


def _area(written: str | None, default: str | None) -> dict:
    if written or not default:
        return {"area": written}
    return {"area": default, "area_from_event": True}


_NAME_LISTS = ("authors", "tags", "models", "recipients", "role")


def _flow_lists(r: FieldReader, fm: dict, flows: set[str]) -> None:
    """Brackets or commas inside a list written [a, b]: the comma cut a name in two."""
    for path in sorted(flows):
        if not path.endswith(_NAME_LISTS):
            continue
        items = []
        while f"{path}[{len(items)}]" in r.raw:
            items.append(r.raw[f"{path}[{len(items)}]"][0])
        cut = [item for item in items if item.count("(") != item.count(")")]
        if not cut:
            continue
        shown = " và ".join(f'"{item}"' for item in cut[:4])
        example = ("\n    recipients:\n      - name: Nguyễn Văn Tư\n        unit: ấp 3, xã Tân Hương"
                   if path.endswith("recipients") else f"\n    {path.rsplit('.', 1)[-1]}:\n      - …\n      - …")
        r.problem(path, MISSING, "được viết trong ngoặc vuông [ ], nên dấu phẩy bên trong ngoặc tròn đã cắt "
                  f"một mục làm hai ({shown}). Hãy viết mỗi mục một dòng bắt đầu bằng '- '; với người nhận, "
                  f"phần đơn vị, địa chỉ ghi ở unit:, ví dụ:{example}")


def _photos(r: FieldReader, fm: dict, photo_check: PhotoCheck | None
            ) -> tuple[tuple[Photo, ...], tuple[int, ...]]:
    """The photos, and the line of each `file:` (for problems found later in the file itself)."""
    result = []
    lines = []
    for path, item in _maps(r, fm, "photos", "- file: 2022/ngay-hoi.jpg"):
        p = f"{path}."
        r.unknown_fields(item, p, PHOTO_FIELDS)
        file = r.text(item, p, "file", required=True)
        if file is None:
            continue
        rel = photo_path(file)
        if rel is None:
            r.problem(f"{p}file", file, "phải là đường dẫn trong thư mục photos/, ví dụ: file: 2022/ngay-hoi.jpg "
                      "(không có ổ đĩa C:, không bắt đầu bằng /, không có ..)")
            continue
        missing = photo_check(rel) if photo_check is not None else None
        if missing is not None:
            r.problem(f"{p}file", file, missing)
            continue
        result.append(Photo(file=rel, caption=r.text(item, p, "caption"), credit=r.text(item, p, "credit"),
                            alt=r.text(item, p, "alt")))
        lines.append(r.line(f"{p}file"))
    return tuple(result), tuple(lines)


def photo_path(file: str) -> str | None:
    """Normalise a photo path to one relative to `photos/`, or None when it points outside."""
    cleaned = file.strip().replace("\\", "/")
    if cleaned.startswith("photos/"):
        cleaned = cleaned[len("photos/"):]
    if not cleaned or cleaned.startswith("/") or re.match(r"^[A-Za-z]:", cleaned) or "://" in cleaned:
        return None
    parts = PurePosixPath(cleaned).parts
    if any(part in ("..", "") for part in parts):
        return None
    return str(PurePosixPath(*[p for p in parts if p != "."]))


_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`#>]+|<[^>]+>")


def first_paragraph(body: str) -> str:
    """The first paragraph of a Markdown body as plain text, for the default summary."""
    for block in re.split(r"\n\s*\n", body.strip()):
        text = _MARKUP.sub(lambda m: m.group(1) or "", block).strip()
        if text and not block.lstrip().startswith(("#", "!", "|", "<")):
            return " ".join(text.split())
    return ""

