"""Front matter -> model. Every problem is collected with file, line, field and value.

A problem says what was found and what is expected, in words a press officer can act
on. Nothing here raises on bad input: the worst case is an article with problems and
no model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import yaml
from frontmatter.default_handlers import YAMLHandler

from . import controls
from . import formats as fmt
from .model import Article, Award, Event, Official, Photo, Recipient, Stat, VN_TZ
from .names import SLUG_LIMIT, cut_slug, nfc, slugify
from .vocab import Vocabularies, Vocabulary

_HANDLER = YAMLHandler()
# libyaml's parser when PyYAML has it: the same nodes and marks, about 10x faster than
# the pure-Python one, which was a third of a 200-article build (make bench --profile).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ARTICLE_FIELDS = ("title", "date", "category", "authors", "summary", "tags", "source", "draft",
                  "pin", "slug", "event", "officials", "awards", "stats", "models", "photos")
EVENT_FIELDS = ("type", "name", "date", "place", "province", "online")
OFFICIAL_FIELDS = ("name", "rank", "position", "role", "id")
AWARD_FIELDS = ("award", "name", "issuer", "recipient_type", "count", "recipients", "for", "year")
RECIPIENT_FIELDS = ("name", "rank", "unit", "id")
STAT_FIELDS = ("metric", "value", "total", "percent", "change", "year", "area")
PHOTO_FIELDS = ("file", "caption", "credit", "alt")
RECIPIENT_TYPES = ("tập thể", "cá nhân")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file."""

    file: str
    line: int
    field: str
    value: str | None
    message: str

    def __str__(self) -> str:
        found = f"{self.value} " if self.value is not None else ""
        return f"{self.file}:{self.line} {self.field}: {found}{self.message}"


class Notice(Problem):
    """Something the reader fixed on reading and the writer should still know about;
    not an error: the article is published."""

    def __str__(self) -> str:
        return "cảnh báo: " + super().__str__()


def _strip_controls(text: str, rel: str, notices: list[Problem]) -> str:
    text, removed = controls.strip_text(text)
    for line, chars in removed:
        notices.append(Notice(rel, line, "(tệp)", None, controls.MESSAGE.format(codes=controls.names(chars))))
    return text


def show(value: Any) -> str:
    """A value as the writer typed it, quoted when text."""
    if isinstance(value, str):
        return '"' + (value if len(value) <= 80 else value[:77] + "…") + '"'
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a map"
    return str(value)


_LAST_STEP = re.compile(r"(\[\d+\]|\.[^.\[]+)$")


class _Reader:
    """Typed access to one article's front matter, collecting problems."""

    def __init__(self, file: str, data: dict, lines: dict[str, int], raw: dict[str, tuple[str, bool]],
                 problems: list[Problem]) -> None:
        self.file = file
        self.data = data
        self.lines = lines
        self.raw = raw
        self.problems = problems

    def line(self, path: str) -> int:
        """Line of `path`, or of its nearest parent that has one ("awards[1].count" ->
        "awards[1]" -> "awards")."""
        while path and path not in self.lines:
            path = _LAST_STEP.sub("", path) if _LAST_STEP.search(path) else ""
        return self.lines.get(path, 1)

    def problem(self, path: str, value: Any, message: str, *, shown: str | None = None) -> None:
        if shown is None and value is not _MISSING:
            shown = show(value)
        self.problems.append(Problem(self.file, self.line(path), path, shown, message))

    def unknown_fields(self, mapping: dict, prefix: str, allowed: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                hint = f"; did you mean `{close[0]}`?" if close else f"; known fields: {', '.join(allowed)}"
                path = f"{prefix}{key}"
                self.problems.append(Problem(self.file, self.line(path), path, None,
                                             f"unknown field{hint}"))

    # Scalars -------------------------------------------------------------------------

    def text(self, mapping: dict, path: str, key: str, *, required: bool = False) -> str | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, _MISSING, "is missing; it is required", shown=None)
            return None
        value = mapping[key]
        if isinstance(value, (dict, list)):
            self.problem(full, value, "should be a single text, not " + show(value))
            return None
        # The writer's own characters: `title: 2022` is "2022", `name: No` is "No".
        text = self.raw.get(full, (str(value), False))[0] if not isinstance(value, str) else value
        text = nfc(text).strip()
        if required and not text:
            self.problem(full, value, "is empty; it is required")
            return None
        return text or None

    def boolean(self, mapping: dict, path: str, key: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().casefold() in ("có", "co"):
            return True
        if isinstance(value, str) and value.strip().casefold() in ("không", "khong"):
            return False
        self.problem(f"{path}{key}", value, "should be true or false")
        return False

    def text_list(self, mapping: dict, path: str, key: str) -> tuple[str, ...]:
        value = mapping.get(key)
        full = f"{path}{key}"
        if value is None:
            return ()
        if isinstance(value, str):
            # A single text where a list is expected: accept it, as a writer means it.
            return (nfc(value).strip(),) if value.strip() else ()
        if not isinstance(value, list):
            self.problem(full, value, "should be a list of texts, e.g. [An ninh, Trật tự]")
            return ()
        items = (self.text({f"[{i}]": item}, full, f"[{i}]") for i, item in enumerate(value))
        return tuple(text for text in items if text)

    def vocab(self, mapping: dict, path: str, key: str, vocab: Vocabulary, *, required: bool = False,
              what: str | None = None):
        text = self.text(mapping, path, key, required=required)
        if text is None:
            return None
        term = vocab.lookup(text)
        if term is None:
            close = vocab.suggest(text)
            hint = ("closest known: " + ", ".join(f'"{c}"' for c in close)) if close else \
                "known values: " + ", ".join(vocab.names()[:12])
            self.problem(f"{path}{key}", text,
                         f"is not a known {what or vocab.label} (content/vocab); {hint}")
        return term

    def date(self, mapping: dict, path: str, key: str, *, required: bool = False
             ) -> tuple[dt.datetime, bool] | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, _MISSING, "is missing; write the date as 18/08/2022 or 18/08/2022 14:32")
            return None
        value = mapping[key]
        parsed, error = parse_date(value)
        if error:
            self.problem(full, value, error)
        return parsed

    def number(self, mapping: dict, path: str, key: str, *, whole: bool, what: str = "",
               required: bool = False, minimum: float | None = None) -> float | int | None:
        full = f"{path}{key}"
        if key not in mapping or mapping[key] is None:
            if required:
                self.problem(full, _MISSING, "is missing; it is required")
            return None
        value = mapping[key]
        raw, quoted = self.raw.get(full, (str(value), True))
        number, error = parse_number(value, raw, whole=whole, what=what)
        if error:
            self.problem(full, value if not isinstance(value, float) else None, error,
                         shown=raw if isinstance(value, float) else None)
            return None
        if minimum is not None and number is not None and number < minimum:
            self.problem(full, value, f"should be at least {minimum:g}")
            return None
        return number

    def decimals(self, path: str) -> int:
        """How many decimals the writer gave (the stated precision)."""
        raw = self.raw.get(path, ("", False))[0].strip().rstrip("%")
        match = re.search(r"[.,](\d+)$", raw)
        return len(match.group(1)) if match else 0


class _Missing:
    pass


_MISSING: Any = _Missing()

_DATE_FORMS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$"), "dmy"),
    (re.compile(r"^(\d{1,2})[:h](\d{2})(?::(\d{2}))?,?\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), "hdmy"),
]
DATE_HINT = "write it as 18/08/2022 or 18/08/2022 14:32 (day/month/year, Vietnam time)"


def parse_date(value: Any) -> tuple[tuple[dt.datetime, bool] | None, str | None]:
    """Read a date the ways press officers write it; return ((datetime, has_time), error)."""
    if isinstance(value, dt.datetime):
        moment = value.astimezone(VN_TZ) if value.tzinfo else value.replace(tzinfo=VN_TZ)
        return (moment, True), None
    if isinstance(value, dt.date):
        return (dt.datetime(value.year, value.month, value.day, tzinfo=VN_TZ), False), None
    if not isinstance(value, str):
        return None, f"is not a date; {DATE_HINT}"
    text = unicodedata.normalize("NFKC", value).strip()
    for pattern, order in _DATE_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        g = match.groups()
        if order == "ymd":
            y, m, d, hh, mm, ss = g
        elif order == "dmy":
            d, m, y, hh, mm, ss = g
        else:
            hh, mm, ss, d, m, y = g
        try:
            moment = dt.datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                                 tzinfo=VN_TZ)
        except ValueError:
            return None, f"is not a real date or time (day {d}, month {m}); {DATE_HINT}"
        return (moment, hh is not None), None
    return None, f"is not a date; {DATE_HINT}"


_VN_NUMBER = re.compile(r"^[+\-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+\-]?\d+(,\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(value: Any, raw: str, *, whole: bool, what: str = "") -> tuple[float | int | None, str | None]:
    """Read a figure. YAML `2.863` is the decimal 2.863; quoted `"2.863"` is 2863.

    Returns:
        (number, error message or None).
    """
    if isinstance(value, bool):
        return None, "is not a number"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        if not whole:
            return value, None
        if value.is_integer():
            return int(value), None
        counted = f'{what} counts whole units' if what else "this is a whole number"
        if _THOUSANDS.match(raw.strip()):
            return None, f"reads as a decimal; {counted}; write {raw.strip().replace('.', '')}"
        return None, f"is not a whole number; {counted}"
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace("\u2212", "-").replace(" ", "")
        text = text.rstrip("%")
        if _VN_NUMBER.match(text):
            number = float(text.replace(".", "").replace(",", "."))
            if whole:
                if not number.is_integer():
                    return None, "is not a whole number" + (f"; {what} counts whole units" if what else "")
                return int(number), None
            return (int(number) if number.is_integer() and "," not in text else number), None
        example = "e.g. 9" if whole else "e.g. 94,75"
        return None, f"is not a {'whole ' if whole else ''}number ({example})"
    return None, "is not a number"


def read_article(path: Path, rel: str, vocab: Vocabularies, photos_dir: Path | None,
                 photo_names: Callable[[], list[str]] | None = None, photo_refs: list[str] | None = None
                 ) -> tuple[Article | None, list[Problem]]:
    """Read and validate one article file.

    Args:
        path: the file on disk.
        rel: the path shown in messages (relative to the project).
        vocab: the site's vocabularies.
        photos_dir: the `photos/` folder; photo paths are checked against it when given.
        photo_names: lazily lists photos, for "did you mean" suggestions.
        photo_refs: when given, receives the path under photos/ of every photo the
            article names, found or not (what a read depends on besides the file).

    Returns:
        The article (None when a problem makes it unusable) and every problem found.
    """
    problems: list[Problem] = []
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, 1, "(file)", None, f"cannot be read: {error.strerror}")]
    return parse_article(data, rel, vocab, photos_dir, photo_names, problems, photo_refs)


def decode(data: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """Bytes -> NFC text with LF line endings, or a problem naming the bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(rel, line, "(file)", None,
                             "is not UTF-8 text (perhaps saved as Windows-1258 or ANSI); open it and "
                             "save as UTF-8 (Notepad: File > Save as > Encoding: UTF-8)")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")), None


def split_front_matter(text: str, rel: str) -> tuple[tuple[str, str, int] | None, Problem | None]:
    """Split into (front matter, body, line number where the body starts)."""
    if not _HANDLER.detect(text):
        return None, Problem(rel, 1, "(front matter)", None,
                             "is missing; the file must start with a line `---`, then the fields, "
                             "then another `---` (see articles/_mau.md.txt)")
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        return None, Problem(rel, 1, "(front matter)", None,
                             "is not closed; add a line `---` after the last field")
    body_line = front.count("\n") + 2
    return (front, body.lstrip("\n"), body_line + (len(body) - len(body.lstrip("\n")))), None


def _to_python(loader: yaml.BaseLoader, node: yaml.Node, path: str, lines: dict[str, int],
               raw: dict[str, tuple[str, bool]], dupes: list[tuple[str, int]]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            sub = f"{path}.{key}" if path else key
            if key in result:
                dupes.append((sub, key_node.start_mark.line + 1))
                continue
            lines[sub] = key_node.start_mark.line + 1
            result[key] = _to_python(loader, value_node, sub, lines, raw, dupes)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, f"{path}[{i}]", lines, raw, dupes) for i, item in enumerate(node.value)]
    # Plain scalars have style None (Python parser) or "" (libyaml).
    raw[path] = (str(node.value), bool(node.style))
    return loader.construct_object(node, deep=True)


def _yaml_problem(error: yaml.YAMLError, rel: str) -> Problem:
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(rel, 1, "(front matter)", None, f"is not valid YAML: {error}")
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    hint = ""
    if "mapping values are not allowed" in str(error.problem):
        hint = "; a text containing ': ' must be put in quotes, e.g. title: \"Hội nghị: tổng kết\""
    elif "found character" in str(error.problem):
        hint = "; a text starting with a special character must be put in quotes"
    return Problem(rel, line, "(front matter)", None, f"is not valid YAML: {error.problem}{hint}")


def parse_front_matter(front: str, rel: str, problems: list[Problem], loader_class: type = _LOADER
                       ) -> tuple[dict | None, dict[str, int], dict[str, tuple[str, bool]]]:
    """YAML -> (data, line of every field path, raw text of every scalar)."""
    lines: dict[str, int] = {}
    raw: dict[str, tuple[str, bool]] = {}
    dupes: list[tuple[str, int]] = []
    if "\t" in front:
        line = front[: front.index("\t")].count("\n") + 1
        problems.append(Problem(rel, line, "(front matter)", None,
                                "contains a tab character; indent with spaces only"))
        return None, lines, raw
    loader = loader_class(front)
    try:
        node = loader.get_single_node()
        data = _to_python(loader, node, "", lines, raw, dupes) if node is not None else {}
    except yaml.YAMLError as error:
        if loader_class is not yaml.SafeLoader:
            # The pure-Python parser words its errors better ("found character '@'").
            return parse_front_matter(front, rel, problems, yaml.SafeLoader)
        problems.append(_yaml_problem(error, rel))
        return None, lines, raw
    finally:
        loader.dispose()
    for path, line in dupes:
        problems.append(Problem(rel, line, path, None,
                                "is given twice; keep one (the second would silently replace the first)"))
    if not isinstance(data, dict):
        problems.append(Problem(rel, 2, "(front matter)", None,
                                "should be fields like `title: ...`, one per line"))
        return None, lines, raw
    return data, lines, raw


def parse_article(data: bytes, rel: str, vocab: Vocabularies, photos_dir: Path | None = None,
                  photo_names: Callable[[], list[str]] | None = None,
                  problems: list[Problem] | None = None, photo_refs: list[str] | None = None
                  ) -> tuple[Article | None, list[Problem]]:
    """Validate the bytes of one article file; see `read_article`."""
    problems = [] if problems is None else problems
    text, problem = decode(data, rel)
    if problem:
        return None, problems + [problem]
    notices: list[Problem] = []  # warnings, returned after the problems
    text = _strip_controls(text, rel, notices)
    parts, problem = split_front_matter(text, rel)
    if problem:
        return None, problems + [problem] + notices
    front, body, body_line = parts
    fm, lines, raw = parse_front_matter(front, rel, problems)
    if fm is None:
        return None, problems + notices
    # YAML escapes ("\x01", "\b") make control characters the byte pass cannot see.
    fm, removed = controls.strip_tree(fm)
    for path, chars in removed:
        notices.append(Notice(rel, lines.get(path, 1), path, None,
                              controls.MESSAGE.format(codes=controls.names(chars))))
    raw = {path: (controls.CONTROLS.sub("", text), quoted) for path, (text, quoted) in raw.items()}
    r = _Reader(rel, fm, lines, raw, problems)
    r.unknown_fields(fm, "", ARTICLE_FIELDS)

    title = r.text(fm, "", "title", required=True)
    when = r.date(fm, "", "date", required=True)
    category = r.vocab(fm, "", "category", vocab.categories, required=True)
    authors = r.text_list(fm, "", "authors")
    tags = r.text_list(fm, "", "tags")
    summary = r.text(fm, "", "summary")
    source = r.text(fm, "", "source")
    draft = r.boolean(fm, "", "draft")
    pin = r.boolean(fm, "", "pin")
    slug = None
    if fm.get("slug") is not None:
        slug = r.text(fm, "", "slug")
        if slug and slugify(slug) != slug:
            r.problem("slug", slug, f"may hold only a-z, 0-9 and '-'; write {slugify(slug)}")
            slug = None
        elif slug and len(slug) > SLUG_LIMIT:
            r.problem("slug", slug, f"dài {len(slug)} ký tự, quá {SLUG_LIMIT}; viết ngắn lại, ví dụ {cut_slug(slug)}")
            slug = None
    date = when[0] if when else None
    event = _event(r, fm, vocab, date)
    officials = _officials(r, fm, vocab)
    awards = _awards(r, fm, vocab, date)
    stats = _stats(r, fm, vocab, date)
    models = r.text_list(fm, "", "models")
    photos, photo_lines = _photos(r, fm, photos_dir, photo_names, photo_refs)

    if len(problems) or title is None or when is None or category is None:
        return None, problems + notices
    return Article(
        src=rel, title=title, date=when[0], has_time=when[1], category=category.name,
        slug=slug or cut_slug(slugify(title)), body=body, summary=summary or first_paragraph(body),
        authors=authors, tags=tags, source=source, draft=draft, pin=pin, event=event,
        officials=officials, awards=awards, stats=stats, models=models, photos=photos,
        extra={"body_line": body_line, "slug_line": lines.get("slug") or lines.get("title", 1),
               "photo_lines": photo_lines},
    ), problems + notices


def _maps(r: _Reader, fm: dict, key: str, example: str) -> list[tuple[str, dict]]:
    value = fm.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        r.problem(key, value, f"should be a list, each item starting with '- ', e.g. {example}")
        return []
    result = []
    for i, item in enumerate(value):
        path = f"{key}[{i}]"
        if isinstance(item, dict):
            result.append((path, item))
        else:
            r.problem(path, item, f"should be a map of fields, e.g. {example}")
    return result


def _event(r: _Reader, fm: dict, vocab: Vocabularies, date: dt.datetime | None) -> Event | None:
    ev = fm.get("event")
    if ev is None:
        return None
    if not isinstance(ev, dict):
        r.problem("event", ev, "should be a map with type, name, date, place, province, online")
        return None
    r.unknown_fields(ev, "event.", EVENT_FIELDS)
    kind = r.vocab(ev, "event.", "type", vocab.event_types)
    when = r.date(ev, "event.", "date")
    province = _province(r, ev, "event.", vocab, date)
    return Event(type=kind.name if kind else None, name=r.text(ev, "event.", "name"),
                 date=when[0].date() if when else None, place=r.text(ev, "event.", "place"),
                 province=province, online=r.boolean(ev, "event.", "online"))


def _province(r: _Reader, mapping: dict, path: str, vocab: Vocabularies, date: dt.datetime | None
              ) -> str | None:
    term = r.vocab(mapping, path, "province", vocab.provinces)
    if term is None:
        return None
    if term.until and date and date.date() >= term.until:
        r.problem(f"{path}province", term.name,
                  f"no longer exists from {term.until:%d/%m/%Y} (merged into {term.successor}); "
                  f"for an article of this date write \"{term.successor}\"")
        return None
    return term.name


def _officials(r: _Reader, fm: dict, vocab: Vocabularies) -> tuple[Official, ...]:
    result = []
    for path, item in _maps(r, fm, "officials", "- name: Nguyễn Văn A"):
        r.unknown_fields(item, f"{path}.", OFFICIAL_FIELDS)
        name = r.text(item, f"{path}.", "name", required=True)
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


def _year(r: _Reader, item: dict, path: str, date: dt.datetime | None) -> int:
    year = r.number(item, f"{path}.", "year", whole=True)
    if year is not None and not 1945 <= year <= 2100:
        r.problem(f"{path}.year", year, "should be a year such as 2022")
        year = None
    return int(year) if year is not None else (date.year if date else 0)


def _awards(r: _Reader, fm: dict, vocab: Vocabularies, date: dt.datetime | None) -> tuple[Award, ...]:
    result = []
    example = "- award: Bằng khen"
    for path, item in _maps(r, fm, "awards", example):
        p = f"{path}."
        r.unknown_fields(item, p, AWARD_FIELDS)
        kind = r.vocab(item, p, "award", vocab.award_types, required=True)
        issuer = r.vocab(item, p, "issuer", vocab.issuers, required=True)
        rtype = r.text(item, p, "recipient_type", required=True)
        if rtype is not None and rtype.casefold() not in RECIPIENT_TYPES:
            r.problem(f"{p}recipient_type", rtype, 'should be "tập thể" (collective) or "cá nhân" (individual)')
            rtype = None
        recipients = _recipients(r, item, p)
        count = r.number(item, p, "count", whole=True, minimum=1, what="count",
                         required="recipients" not in item)
        if count is None and recipients:
            count = len(recipients)
        elif count is not None and count < len(recipients):
            r.problem(f"{p}count", count, f"is less than the {len(recipients)} names listed in recipients; "
                      f"count must be at least the number of names")
        year = _year(r, item, path, date)
        if kind and issuer and rtype and count:
            result.append(Award(award=kind.name, issuer=issuer.name, recipient_type=rtype.casefold(),
                                count=int(count), year=year, name=r.text(item, p, "name"),
                                recipients=recipients, for_=r.text(item, p, "for")))
    return tuple(result)


def _recipients(r: _Reader, item: dict, p: str) -> tuple[Recipient, ...]:
    value = item.get("recipients")
    if value is None:
        return ()
    if not isinstance(value, list):
        r.problem(f"{p}recipients", value, "should be a list of names, each on a line starting with '- '")
        return ()
    result = []
    for i, entry in enumerate(value):
        path = f"{p}recipients[{i}]"
        if isinstance(entry, dict):
            r.unknown_fields(entry, f"{path}.", RECIPIENT_FIELDS)
            name = r.text(entry, f"{path}.", "name", required=True)
            if name:
                result.append(Recipient(name=name, rank=r.text(entry, f"{path}.", "rank"),
                                        unit=r.text(entry, f"{path}.", "unit"),
                                        id=r.text(entry, f"{path}.", "id")))
        elif isinstance(entry, list):
            r.problem(path, entry, "should be a name or a map {name, rank, unit}")
        else:
            name = r.text({"": entry}, path, "")
            if name:
                result.append(Recipient(name=name))
    return tuple(result)


def _stats(r: _Reader, fm: dict, vocab: Vocabularies, date: dt.datetime | None) -> tuple[Stat, ...]:
    result = []
    for path, item in _maps(r, fm, "stats", "- metric: Khu dân cư văn hóa"):
        p = f"{path}."
        r.unknown_fields(item, p, STAT_FIELDS)
        metric = r.vocab(item, p, "metric", vocab.metrics, required=True)
        whole = metric.whole if metric else False
        what = f'metric "{metric.name}"' if metric else ""
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
                r.problem(f"{p}total", total, "should be more than 0")
            elif value > total:
                r.problem(f"{p}total", total, f"is smaller than the value {value}; total is the whole "
                          "the value is part of")
            else:
                computed = value / total * 100
                if percent is None:
                    percent = round(computed, 2)
                else:
                    places = r.decimals(f"{p}percent")
                    if abs(round(computed, places) - percent) > 0.5 * 10 ** -places + 1e-9:
                        r.problem(f"{p}percent", None,
                                  f"disagrees with value/total: {fmt.number(value)}/{fmt.number(total)} "
                                  f"is {fmt.percent(computed, max(places, 2))}; correct the percent, "
                                  "value or total",
                                  shown=r.raw.get(f"{p}percent", ("", False))[0])
        if percent is not None and not 0 <= percent <= 100 and stated:
            r.problem(f"{p}percent", percent, "should be between 0 and 100")
        if metric and (value is not None or change is not None):
            result.append(Stat(metric=metric.name, metric_id=metric.id, value=value, year=year,
                               total=total, percent=percent, percent_stated=stated, change=change,
                               area=r.text(item, p, "area")))
    return tuple(result)


def _photos(r: _Reader, fm: dict, photos_dir: Path | None, photo_names: Callable[[], list[str]] | None,
            refs: list[str] | None = None) -> tuple[tuple[Photo, ...], tuple[int, ...]]:
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
            r.problem(f"{p}file", file, "must be a path inside photos/, e.g. 2022/ngay-hoi.jpg "
                      "(no drive letter, no leading /, no ..)")
            continue
        if refs is not None:
            refs.append(rel)
        if photos_dir is not None and not (photos_dir / rel).is_file():
            known = photo_names() if photo_names else [
                f.relative_to(photos_dir).as_posix() for f in photos_dir.rglob("*") if f.is_file()]
            close = difflib.get_close_matches(rel, known, n=2, cutoff=0.5)
            hint = ("; did you mean " + " or ".join(f'"{c}"' for c in close) + "?") if close else ""
            r.problem(f"{p}file", file, f"is not in photos/ (looked for photos/{rel}){hint}")
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

