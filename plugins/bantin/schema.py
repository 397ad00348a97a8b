"""Front matter -> model: the section readers. Every problem is collected with file, line, field and value.

A problem says what was found and what is expected, in words a press officer can act
on. Nothing here raises on bad input: the worst case is an article with problems and
no model. Bytes and YAML are read by `frontmatter`, single values by `fields`; this
module knows the sections of an article (event, officials, awards, stats, photos).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Callable

from . import trustfields, urls
from . import vnformat as fmt
from .awardids import with_ids
from .fields import FieldReader
from .frontmatter import decode, parse_front_matter, read_bytes, split_front_matter
from .model import Article, Award, Event, Official, Photo, Recipient, SourceLines, Stat
from .names import slugify
from .problems import Problem
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


def read_article(path: Path, rel: str, vocab: Vocabularies, photo_check: PhotoCheck | None = None
                 ) -> tuple[Article | None, list[Problem]]:
    """Read and validate one article file.

    Args:
        path: the file on disk.
        rel: the path shown in messages (relative to the project).
        vocab: the site's vocabularies.
        photo_check: checks that a photo is on disk (`photos.on_disk`); none when not given.

    Returns:
        The article (None when a problem makes it unusable) and every problem found.
    """
    data, problem = read_bytes(path, rel)
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
    parts, problem = split_front_matter(text, rel)
    if problem:
        return None, problems + [problem]
    front, body, _ = parts
    fm, lines, raw = parse_front_matter(front, rel, problems)
    if fm is None:
        return None, problems
    r = FieldReader(rel, fm, lines, raw, problems)
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
    date = when[0] if when else None
    event = _event(r, fm, vocab, date)
    officials = _officials(r, fm, vocab)
    awards, decision_lines = _awards(r, fm, vocab, when)
    stats = _stats(r, fm, vocab, date)
    models = r.text_list(fm, "", "models")
    photos, photo_lines = _photos(r, fm, photo_check)
    trust = trustfields.read_article(r, fm, when)
    trustfields.private_name_problems(r, fm, text)

    if len(problems) or title is None or when is None or category is None:
        return None, problems
    slug = slug or slugify(title)
    return Article(
        src=rel, title=title, date=when[0], has_time=when[1], category=category.name,
        slug=slug, body=body, summary=summary or first_paragraph(body),
        authors=authors, tags=tags, source=source, draft=draft, pin=pin, event=event,
        officials=officials, awards=with_ids(urls.article(when[0].year, slug), awards), stats=stats,
        models=models, photos=photos, updated=trust.updated, updated_has_time=trust.updated_has_time,
        changes=trust.changes, withdrawn=trust.withdrawn,
        lines=SourceLines(slug=lines.get("slug") or lines.get("title", 1), photos=photo_lines,
                          decisions=decision_lines),
    ), problems


def _maps(r: FieldReader, fm: dict, key: str, example: str) -> list[tuple[str, dict]]:
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


def _event(r: FieldReader, fm: dict, vocab: Vocabularies, date: dt.datetime | None) -> Event | None:
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


def _province(r: FieldReader, mapping: dict, path: str, vocab: Vocabularies, date: dt.datetime | None
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


def _officials(r: FieldReader, fm: dict, vocab: Vocabularies) -> tuple[Official, ...]:
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


def _year(r: FieldReader, item: dict, path: str, date: dt.datetime | None) -> int:
    year = r.number(item, f"{path}.", "year", whole=True)
    if year is not None and not 1945 <= year <= 2100:
        r.problem(f"{path}.year", year, "should be a year such as 2022")
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
                                        id=r.text(entry, f"{path}.", "id"),
                                        public=trustfields.read_public(r, entry, f"{path}.")))
        elif isinstance(entry, list):
            r.problem(path, entry, "should be a name or a map {name, rank, unit}")
        else:
            name = r.text({"": entry}, path, "")
            if name:
                result.append(Recipient(name=name))
    return tuple(result)


def _stats(r: FieldReader, fm: dict, vocab: Vocabularies, date: dt.datetime | None) -> tuple[Stat, ...]:
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
            r.problem(f"{p}file", file, "must be a path inside photos/, e.g. 2022/ngay-hoi.jpg "
                      "(no drive letter, no leading /, no ..)")
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

