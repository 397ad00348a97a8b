"""Vocabularies: data files under `content/vocab/` that editors maintain.

Matching ignores case, NFC/NFD and old/new tone placement; an unknown value gets
the closest known values as suggestions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from . import controls, vocabcheck
from .names import ascii_fold, name_key, nfc, slugify, sort_key

RECIPIENT_TYPES = ("tập thể", "cá nhân")
"""The kinds of award recipient, in the order every total and table shows them."""


class VocabError(Exception):
    """A vocabulary file that cannot be used; names the file and what is wrong."""


@dataclass(frozen=True)
class Term:
    """One value of a simple vocabulary (category, event type, award type, issuer, role)."""

    name: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metric:
    """A statistic the bulletin tracks."""

    id: str
    name: str
    slug: str
    unit: str = ""
    whole: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Province:
    """A province or centrally-run city, current or former (before the 2025 merger)."""

    name: str
    slug: str
    kind: str = "tỉnh"
    until: dt.date | None = None
    successor: str | None = None
    merged_from: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def former(self) -> bool:
        return self.until is not None


@dataclass(frozen=True)
class District:
    """A district-level unit (huyện, quận, thị xã, thành phố thuộc tỉnh) and the province it
    belonged to before 1 July 2025, when the district level was abolished. Only the importer
    reads them: a report naming "thị xã Điện Bàn" and no province still gives Quảng Nam."""

    name: str
    slug: str
    kind: str
    province: str
    aliases: tuple[str, ...] = ()


DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")
DISTRICTS_FILE = "districts.yml"

T = TypeVar("T", Term, Metric, Province, District)


@dataclass
class Vocabulary(Generic[T]):
    """A list of terms with tolerant lookup."""

    label: str
    terms: list[T]
    file: str = ""
    """The file under content/vocab/ it is read from, named in messages."""
    _index: dict[str, T] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            keys = [term.name, *term.aliases] + ([term.id] if isinstance(term, Metric) else [])
            for key in keys:
                self._index.setdefault(name_key(key), term)

    def lookup(self, value: str) -> T | None:
        """The term `value` names (its name, an alias or an id), or None."""
        return self._index.get(name_key(value))

    def suggest(self, value: str, limit: int = 3) -> list[str]:
        """The closest known names, best first.

        Ranked by the words shared after folding: mostly by how many of a known name's
        words the writer wrote, then by how many of the writer's words it has, so that
        `Chủ tịch UBND tỉnh` suggests `UBND tỉnh` (every word of it written) before
        `Chủ tịch UBND huyện` ("huyện" was not written, and would credit a provincial
        award to a district). Spelling closeness breaks ties and catches typos.
        """
        target = ascii_fold(value).casefold()
        words = set(target.split())
        scored: dict[str, float] = {}
        for term in self.terms:
            for form in (term.name, *term.aliases):
                key = ascii_fold(form).casefold()
                theirs = set(key.split())
                shared = len(words & theirs)
                spelling = difflib.SequenceMatcher(None, target, key).ratio()
                if shared and theirs and words:
                    score = 0.7 * shared / len(theirs) + 0.3 * shared / len(words) + 0.1 * spelling
                else:
                    score = spelling if spelling >= 0.6 else 0.0
                if score > scored.get(term.name, 0.0):
                    scored[term.name] = score
        ranked = sorted(((score, name) for name, score in scored.items() if score >= 0.45),
                        key=lambda item: -item[0])
        return [name for _, name in ranked][:limit]

    def names(self) -> list[str]:
        return sorted((t.name for t in self.terms), key=sort_key)


@dataclass
class Vocabularies:
    """All vocabularies of a site."""

    categories: Vocabulary[Term]
    event_types: Vocabulary[Term]
    award_types: Vocabulary[Term]
    issuers: Vocabulary[Term]
    roles: Vocabulary[Term]
    metrics: Vocabulary[Metric]
    provinces: Vocabulary[Province]
    districts: Vocabulary[District] = field(
        default_factory=lambda: Vocabulary("huyện, thị xã", [], DISTRICTS_FILE))
    """Optional (content/vocab/districts.yml): without the file, no district is known."""
    notices: list[str] = field(default_factory=list, repr=False, compare=False)
    """Warnings: control characters removed on reading, with file and line."""

    @classmethod
    def load(cls, folder: str | Path) -> Vocabularies:
        """Read every vocabulary file of `folder`.

        Raises:
            VocabError: a file is missing, is not valid YAML or has a bad entry.
        """
        folder = Path(folder)
        _NOTICES.clear()
        vocab = cls(
            categories=Vocabulary("chuyên mục", _terms(folder / "categories.yml"), "categories.yml"),
            event_types=Vocabulary("loại sự kiện", _terms(folder / "event-types.yml"), "event-types.yml"),
            award_types=Vocabulary("hình thức khen thưởng", _terms(folder / "award-types.yml"), "award-types.yml"),
            issuers=Vocabulary("cấp khen", _terms(folder / "issuers.yml"), "issuers.yml"),
            roles=Vocabulary("vai trò", _terms(folder / "roles.yml"), "roles.yml"),
            metrics=Vocabulary("chỉ tiêu", _metrics(folder / "metrics.yml"), "metrics.yml"),
            provinces=Vocabulary("tỉnh/thành", _provinces(folder / "provinces.yml"), "provinces.yml"),
        )
        if (folder / DISTRICTS_FILE).exists():
            vocab.districts = Vocabulary("huyện, thị xã", _districts(folder / DISTRICTS_FILE, vocab.provinces),
                                         DISTRICTS_FILE)
        vocab.notices = list(_NOTICES)
        return vocab


def _read(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8-sig")
        text = _without_controls(path, text)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise VocabError(f"{path}: thiếu tệp danh mục này") from None
    except UnicodeDecodeError:
        raise VocabError(f"{path}: không phải văn bản UTF-8; lưu lại với bảng mã UTF-8") from None
    except yaml.YAMLError as error:
        raise VocabError(f"{path}: không đọc được (sai cú pháp YAML ở dòng {_line(error)}); "
                         "so với các dòng khác trong tệp") from None
    data = _values_without_controls(path, text, data)
    problems = vocabcheck.nameless(path, data, text)
    if isinstance(data, list) and not problems:
        problems = vocabcheck.shared_names(path, text, data, id_field=path.name == "metrics.yml",
                                           group_field="kind" if path.name == DISTRICTS_FILE else None)
    if problems:
        raise VocabError("\n".join(problems))
    if not isinstance(data, list) or not all(isinstance(e, dict) and e.get("name") or
                                             isinstance(e, dict) and e.get("label") for e in data):
        raise VocabError(f"{path}: phải là một danh sách, mỗi mục có `name` (ví dụ: - name: Bằng khen)")
    return data


_NOTICES: list[str] = []  # filled while `Vocabularies.load` reads the files


def _without_controls(path: Path, text: str) -> str:
    text, removed = controls.strip_text(text)
    for line, chars in removed:
        _NOTICES.append(f"cảnh báo: {path}:{line}: " + controls.MESSAGE.format(codes=controls.names(chars)))
    return text


def _values_without_controls(path: Path, text: str, data: object) -> object:
    """YAML escapes ("\\x01") make control characters the text pass cannot see."""
    data, removed = controls.strip_tree(data)
    if removed:
        spots = vocabcheck.spots(text)
        for where, chars in removed:
            match = re.match(r"\[(\d+)\]\.?(.*)", where)
            spot = spots[int(match.group(1))] if match and int(match.group(1)) < len(spots) else None
            line = (spot.keys.get(match.group(2), spot.line) if spot and match else 1)
            _NOTICES.append(f"cảnh báo: {path}:{line}: " + controls.MESSAGE.format(codes=controls.names(chars)))
    return data


def _line(error: yaml.YAMLError) -> int | str:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark else "?"


def _text_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(nfc(str(v)) for v in value)
    return (nfc(str(value)),)


def _terms(path: Path) -> list[Term]:
    return [
        Term(name=nfc(str(e["name"])), slug=str(e.get("slug") or slugify(str(e["name"]))),
             aliases=_text_list(e.get("aliases")))
        for e in _read(path)
    ]


def _metrics(path: Path) -> list[Metric]:
    metrics = []
    for e in _read(path):
        label = nfc(str(e.get("label") or e.get("name")))
        ident = str(e.get("id") or slugify(label))
        metrics.append(Metric(id=ident, name=label, slug=str(e.get("slug") or ident),
                              unit=nfc(str(e.get("unit") or "")), whole=bool(e.get("whole", True)),
                              aliases=_text_list(e.get("aliases"))))
    return metrics


def _provinces(path: Path) -> list[Province]:
    provinces = []
    for e in _read(path):
        until = e.get("until")
        if until is not None and not isinstance(until, dt.date):
            raise VocabError(f"{path}: {e['name']}: `until` phải là một ngày, ví dụ 2025-07-01")
        provinces.append(Province(
            name=nfc(str(e["name"])), slug=str(e.get("slug") or slugify(str(e["name"]))),
            kind=nfc(str(e.get("kind") or "tỉnh")), until=until,
            successor=nfc(str(e["successor"])) if e.get("successor") else None,
            merged_from=_text_list(e.get("merged_from")), aliases=_text_list(e.get("aliases"))))
    known = {name_key(p.name) for p in provinces}
    for p in provinces:
        for other in ([p.successor] if p.successor else []):
            if name_key(other) not in known:
                raise VocabError(f"{path}: {p.name}: đơn vị kế thừa \"{other}\" không có trong danh sách")
    return provinces


def _districts(path: Path, provinces: Vocabulary[Province]) -> list[District]:
    """The district vocabulary; every entry's kind is known and its province is a province
    of provinces.yml as it was named before 1 July 2025."""
    entries = _read(path)
    where = vocabcheck.spots(path.read_text(encoding="utf-8-sig"))
    districts, problems = [], []
    for index, e in enumerate(entries):
        spot = where[index] if index < len(where) else vocabcheck.Spot(1, {})
        name = nfc(str(e["name"]))
        kind = nfc(str(e.get("kind") or "")).strip().lower()
        if kind not in DISTRICT_KINDS:
            problems.append(f"{path}:{spot.keys.get('kind', spot.line)}: {name}: loại (`kind`) "
                            f"\"{e.get('kind') or ''}\" không hợp lệ; ghi một trong: {', '.join(DISTRICT_KINDS)}")
            continue
        written = nfc(str(e.get("province") or "")).strip()
        province = provinces.lookup(written) if written else None
        line = spot.keys.get("province", spot.line)
        if province is None:
            hint = provinces.suggest(written) if written else []
            problems.append(f"{path}:{line}: {kind} {name}: tỉnh (`province`) \"{written}\" không có trong danh "
                            "sách tỉnh/thành (provinces.yml); ghi tên tỉnh trước ngày 01/07/2025, ví dụ "
                            "province: Quảng Nam" + (f" (gần giống: {', '.join(hint)})" if hint else ""))
            continue
        if province.merged_from and name_key(province.name) not in {name_key(m) for m in province.merged_from}:
            problems.append(f"{path}:{line}: {kind} {name}: tỉnh \"{written}\" chỉ có từ 01/07/2025, khi cấp "
                            f"huyện đã bỏ; ghi tỉnh trước ngày đó ({', '.join(province.merged_from)})")
            continue
        districts.append(District(name=name, slug=str(e.get("slug") or slugify(name)), kind=kind,
                                  province=province.name, aliases=_text_list(e.get("aliases"))))
    if problems:
        raise VocabError("\n".join(problems))
    return districts


def successors_of(vocab: Vocabulary[Province], name: str) -> list[Province]:
    """Former provinces whose successor is `name`."""
    key = name_key(name)
    return [p for p in vocab.terms if p.successor and name_key(p.successor) == key]

