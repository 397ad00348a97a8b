"""Trust fields: corrections, withdrawal, award decisions and recipients' privacy.

Readers for the optional fields of the contract's section "Trust fields", kept apart
from the section readers of `schema` so that each can change without the other:

- `updated` and `changes`: a major correction, with its public change notes;
- `withdrawn`: the article leaves the record but its page stays, under a banner;
- `decision` and `decision_date` on an award: the decision that granted it;
- `public: false` on a recipient: the name is published nowhere.

Like every reader, none raises: a bad value adds a problem (in Vietnamese, with the
line) and gives a neutral value. `decision_clashes` looks across articles and gives
warnings, which never stop a build.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Iterable, NamedTuple

from .fields import MISSING, FieldReader, parse_date
from .model import Article, Change, Withdrawal
from .names import ascii_fold, nfc
from .problems import Problem, did_you_mean, show

ARTICLE_FIELDS = ("updated", "changes", "withdrawn")
AWARD_FIELDS = ("decision", "decision_date")
RECIPIENT_FIELDS = ("public",)
CHANGE_FIELDS = ("date", "note")
WITHDRAWN_FIELDS = ("date", "reason")

DATE_HINT = "viết ví dụ 20/08/2022 hoặc 20/08/2022 09:15 (ngày/tháng/năm, giờ Việt Nam)"
CHANGE_EXAMPLE = "- date: 20/08/2022 09:15\n    note: Sửa số khu dân cư văn hóa từ 2.836 thành 2.863"
WITHDRAWN_EXAMPLE = "withdrawn:\n  date: 05/09/2022\n  reason: Bài đăng trùng với bài ngày 18/08/2022"
DECISION_EXAMPLE = "163/QĐ-UBND"

# Số/ký hiệu of a decision (Nghị định 30/2020/NĐ-CP): the number, for a normative
# decision its year, then "QĐ" and the issuing body's abbreviation, optionally the
# drafting unit's: 163/QĐ-UBND, 1234/QĐ-BCA, 45/QĐ-CAT-PV01, 12/2023/QĐ-UBND, 2345/QĐ-TTg.
DECISION = re.compile(r"^(\d{1,6})(?:/(\d{4}))?/QĐ(?:-[0-9A-Za-zĐđ]+)+$")
_DECISION_PREFIX = re.compile(r"^(?:quyết\s*định|quyet\s*dinh|qđ|qd)?\s*(?:số|so)?\s*[:.]?\s*", re.IGNORECASE)


class Corrections(NamedTuple):
    """What `read_article` finds: the article-level trust fields."""

    updated: dt.datetime | None
    updated_has_time: bool
    changes: tuple[Change, ...]
    withdrawn: Withdrawal | None


# Small Vietnamese helpers over FieldReader ---------------------------------------------

def _unknown(r: FieldReader, mapping: dict, prefix: str, allowed: tuple[str, ...]) -> None:
    for key in mapping:
        if key not in allowed:
            close = did_you_mean(str(key), allowed)
            hint = f"có phải là `{close[0]}`?" if close else "các trường được dùng: " + ", ".join(allowed)
            r.problem(f"{prefix}{key}", MISSING, f"là trường không có trong mẫu; {hint}")


def _when(r: FieldReader, mapping: dict, path: str, key: str, *, required: bool, what: str
          ) -> tuple[dt.datetime, bool] | None:
    """A date or date-time in the forms `date` accepts; a problem when bad or (required) missing."""
    full = f"{path}{key}"
    if key not in mapping or mapping[key] is None:
        if required:
            r.problem(full, MISSING, f"thiếu {what}; {DATE_HINT}")
        return None
    value = mapping[key]
    parsed, error = parse_date(value)
    if error or parsed is None:
        r.problem(full, value, f"không phải ngày giờ có thật; {DATE_HINT}")
        return None
    return parsed


def _text(r: FieldReader, mapping: dict, path: str, key: str, *, what: str) -> str | None:
    """A required, non-empty text."""
    full = f"{path}{key}"
    value = mapping.get(key)
    if value is None:
        r.problem(full, MISSING, f"thiếu {what}")
        return None
    if isinstance(value, (dict, list)):
        r.problem(full, value, f"phải là một đoạn chữ ({what}), không phải danh sách hay nhóm trường")
        return None
    text = value if isinstance(value, str) else r.raw.get(full, (str(value), False))[0]
    text = " ".join(nfc(text).split())
    if not text:
        r.problem(full, value, f"đang để trống; hãy ghi {what}")
        return None
    return text


def _earlier(a: tuple[dt.datetime, bool], b: tuple[dt.datetime, bool]) -> bool:
    """Whether moment `a` is before `b`; a date without time is the whole day."""
    if a[1] and b[1]:
        return a[0] < b[0]
    return a[0].date() < b[0].date()


def _shown(moment: tuple[dt.datetime, bool]) -> str:
    return moment[0].strftime("%d/%m/%Y %H:%M" if moment[1] else "%d/%m/%Y")


# Article fields ------------------------------------------------------------------------

def read_article(r: FieldReader, fm: dict, date: tuple[dt.datetime, bool] | None) -> Corrections:
    """`updated`, `changes` and `withdrawn` of one article, checked against its `date`."""
    updated = _when(r, fm, "", "updated", required=False, what="ngày cập nhật")
    if updated and date and _earlier(updated, date):
        r.problem("updated", fm["updated"], f"sớm hơn ngày đăng {_shown(date)}; ngày cập nhật (lần sửa "
                  "lớn gần nhất) không được trước ngày đăng")
        updated = None
    changes = _changes(r, fm, date, updated)
    if "updated" in fm and fm["updated"] is not None and not fm.get("changes"):
        r.problem("updated", fm["updated"], "có ngày cập nhật nhưng chưa có ghi chú đính chính; thêm "
                  f"`changes:` nói rõ đã sửa gì, ví dụ\n  changes:\n    {CHANGE_EXAMPLE}\n"
                  "(sửa lỗi nhỏ như lỗi chính tả thì không ghi `updated`)")
    return Corrections(updated[0] if updated else None, updated[1] if updated else False, changes,
                       _withdrawn(r, fm, date))


def _changes(r: FieldReader, fm: dict, date: tuple[dt.datetime, bool] | None,
             updated: tuple[dt.datetime, bool] | None) -> tuple[Change, ...]:
    value = fm.get("changes")
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        r.problem("changes", value, "phải là danh sách ghi chú đính chính, mỗi mục bắt đầu bằng '- ', ví dụ\n"
                  f"  changes:\n    {CHANGE_EXAMPLE}")
        return ()
    if fm.get("updated") is None:
        r.problem("changes", MISSING, "có ghi chú đính chính nhưng thiếu `updated`; thêm `updated:` là ngày "
                  "giờ của lần sửa lớn gần nhất, ví dụ updated: 20/08/2022 09:15")
    result = []
    for i, item in enumerate(value):
        path = f"changes[{i}]"
        if not isinstance(item, dict):
            r.problem(path, item, f"phải gồm `date` và `note`, ví dụ\n  {CHANGE_EXAMPLE}")
            continue
        _unknown(r, item, f"{path}.", CHANGE_FIELDS)
        when = _when(r, item, f"{path}.", "date", required=True, what="ngày sửa")
        note = _text(r, item, f"{path}.", "note", what="nội dung ghi chú (đã sửa gì)")
        if when and date and _earlier(when, date):
            r.problem(f"{path}.date", item["date"], f"sớm hơn ngày đăng {_shown(date)}; ngày sửa phải nằm "
                      "giữa ngày đăng và ngày cập nhật (`updated`)")
            when = None
        elif when and updated and _earlier(updated, when):
            r.problem(f"{path}.date", item["date"], f"muộn hơn ngày cập nhật {_shown(updated)}; `updated` là "
                      "lần sửa lớn gần nhất, hãy sửa `updated` hoặc ngày này")
            when = None
        if when and note:
            result.append(Change(when[0], when[1], note))
    # Newest first, as readers expect a history; notes of the same moment keep their order.
    return tuple(sorted(result, key=lambda c: c.date, reverse=True))


def _withdrawn(r: FieldReader, fm: dict, date: tuple[dt.datetime, bool] | None) -> Withdrawal | None:
    value = fm.get("withdrawn")
    if value is None:
        return None
    if not isinstance(value, dict):
        r.problem("withdrawn", value, f"phải gồm ngày gỡ (`date`) và lý do (`reason`), ví dụ\n  {WITHDRAWN_EXAMPLE}")
        return None
    _unknown(r, value, "withdrawn.", WITHDRAWN_FIELDS)
    when = _when(r, value, "withdrawn.", "date", required=True, what="ngày gỡ bài")
    reason = _text(r, value, "withdrawn.", "reason", what="lý do gỡ bài (hiện trên trang cho bạn đọc)")
    if when and date and _earlier(when, date):
        r.problem("withdrawn.date", value["date"], f"sớm hơn ngày đăng {_shown(date)}; bài chỉ có thể gỡ "
                  "sau khi đã đăng")
        return None
    return Withdrawal(when[0], when[1], reason) if when and reason else None


# Award fields --------------------------------------------------------------------------

def suggest_decision(text: str) -> str | None:
    """The số/ký hiệu a writer probably meant ("Quyết định số 163/QD-UBND" -> "163/QĐ-UBND")."""
    cleaned = _DECISION_PREFIX.sub("", unicodedata.normalize("NFKC", text).strip())
    cleaned = re.sub(r"\s*([/-])\s*", r"\1", cleaned).replace("\u2013", "-").replace("\u2014", "-")
    cleaned = re.sub(r"/q[dđ](?=-)", "/QĐ", cleaned, flags=re.IGNORECASE)
    symbol = cleaned.partition("/QĐ")[2]
    # "qđ-bca" typed in lower case means QĐ-BCA; mixed case (QĐ-TTg) is kept.
    for candidate in ((cleaned.upper(),) if symbol == symbol.lower() else (cleaned, cleaned.upper())):
        if DECISION.match(candidate):
            return candidate
    return None


def read_decision(r: FieldReader, item: dict, p: str, date: tuple[dt.datetime, bool] | None
                  ) -> tuple[str | None, dt.date | None]:
    """An award's `decision` and `decision_date`; `p` is the award's path ("awards[0].")."""
    decision = None
    raw = item.get("decision")
    if raw is not None:
        text = raw if isinstance(raw, str) else r.raw.get(f"{p}decision", (str(raw), False))[0]
        text = nfc(str(text)).strip()
        if isinstance(raw, (dict, list)):
            r.problem(f"{p}decision", raw, f"phải là số/ký hiệu của quyết định, ví dụ {DECISION_EXAMPLE}")
        elif DECISION.match(text):
            decision = text
        else:
            better = suggest_decision(text)
            fix = f"viết {better}" if better and better != text else \
                f"viết theo dạng số/ký hiệu, ví dụ {DECISION_EXAMPLE}, 1234/QĐ-BCA, 45/QĐ-CAT-PV01"
            r.problem(f"{p}decision", text, f"không đúng dạng số/ký hiệu của quyết định; {fix} "
                      "(chỉ ghi số và ký hiệu, không ghi \"Quyết định số\")")
    when = _when(r, item, p, "decision_date", required=False, what="ngày quyết định")
    if when is None:
        return decision, None
    if raw is None:
        r.problem(f"{p}decision_date", item["decision_date"], "có ngày quyết định nhưng thiếu số quyết định; "
                  f"thêm `decision:`, ví dụ decision: {DECISION_EXAMPLE}")
    if date and _earlier(date, (when[0], False)):
        r.problem(f"{p}decision_date", item["decision_date"], f"muộn hơn ngày đăng bài {_shown(date)}; bài chỉ "
                  "đưa tin khen thưởng đã có quyết định, hãy kiểm tra lại ngày")
        return decision, None
    year = DECISION.match(decision).group(2) if decision else None
    if year and int(year) != when[0].year:
        r.problem(f"{p}decision_date", item["decision_date"], f"thuộc năm {when[0].year}, nhưng số quyết định "
                  f"{decision} ghi năm {year}; kiểm tra lại số hoặc ngày quyết định")
    return decision, when[0].date()


def read_public(r: FieldReader, entry: dict, path: str) -> bool:
    """A recipient's `public` (default true); `path` is the recipient's ("awards[0].recipients[1].")."""
    value = entry.get("public")
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("có", "co"):
        return True
    if _is_false(value):
        return False
    r.problem(f"{path}public", value, "phải là true hoặc false (false: không công bố tên người này ở bất kỳ "
              "đâu trên trang)")
    return True


# Privacy: a private name must not be written anywhere else in the article ------------------

def _private(fm: dict) -> list[tuple[str, str]]:
    """(path, name) of every recipient marked `public: false`."""
    found = []
    awards = fm.get("awards")
    for i, award in enumerate(awards if isinstance(awards, list) else []):
        recipients = award.get("recipients") if isinstance(award, dict) else None
        for j, entry in enumerate(recipients if isinstance(recipients, list) else []):
            if isinstance(entry, dict) and _is_false(entry.get("public")) \
                    and isinstance(entry.get("name"), str) and entry["name"].strip():
                found.append((f"awards[{i}].recipients[{j}]", nfc(entry["name"]).strip()))
    return found


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().casefold() in ("không", "khong"))


def _folded(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", ascii_fold(nfc(text)))) + " "


def _pattern(name: str) -> re.Pattern[str]:
    """How a private name is found in a text: folded (no diacritics, any case); a name
    of one word only exactly as written, capital included (folded or in lower case it
    would match common words: Lan, lan tỏa)."""
    words = _folded(name).split()
    if len(words) >= 2:
        return re.compile(r"(?<![a-z0-9])" + r"\s+".join(map(re.escape, words)) + r"(?![a-z0-9])")
    return re.compile(r"(?<!\w)" + re.escape(nfc(name)) + r"(?!\w)")


def _matches(pattern: re.Pattern[str], name: str, text: str) -> bool:
    subject = _folded(text) if len(_folded(name).split()) >= 2 else nfc(text)
    return pattern.search(subject) is not None


def _body_lines(text: str) -> list[tuple[int, str]]:
    """(line from 1, text) of every line after the front matter's closing `---`."""
    lines = text.split("\n")
    fences = [i for i, line in enumerate(lines) if line.rstrip() == "---"][:2]
    start = fences[1] + 1 if len(fences) == 2 else len(lines)
    return [(i + 1, lines[i]) for i in range(start, len(lines))]


def private_name_problems(r: FieldReader, fm: dict, text: str) -> None:
    """A recipient marked `public: false` whose name is also written elsewhere in the
    article (title, summary, body, captions, another entry) would be published there:
    each such place is a problem, so that the name reaches no output.

    Args:
        text: the whole article file, as decoded (for the lines of the body).
    """
    private = _private(fm)
    for path, name in private:
        pattern = _pattern(name)
        places: list[tuple[str, int]] = []
        for field, (written, _) in r.raw.items():
            if any(field == own or field.startswith(own + ".") for own, _ in private):
                continue
            if _matches(pattern, name, written):
                places.append((f"`{field}`", r.line(field)))
        for number, line in _body_lines(text):
            if _matches(pattern, name, line):
                places.append(("nội dung bài", number))
        for where, line in places:
            r.problems.append(Problem(r.file, line, f"{path}.name", show(name),
                                      f"được đánh dấu public: false (không công bố tên) nhưng tên này còn được "
                                      f"ghi ở {where}, dòng {line}, nên sẽ bị đăng; xoá tên ở đó, hoặc bỏ "
                                      "public: false nếu người này đồng ý công bố"))


# Across articles -----------------------------------------------------------------------

def _key(decision: str) -> str:
    return nfc(decision).casefold()


def decision_clashes(articles: Iterable[Article]) -> list[Problem]:
    """Warnings: one decision number given with two different issuers (or dates), naming
    both articles. A decision grants its awards once, by one body, on one date."""
    first: dict[str, tuple[Article, int, Any]] = {}
    warnings: list[Problem] = []
    ordered = sorted((a for a in articles if a.listed), key=lambda a: (a.date, a.url))
    for article in ordered:
        lines = article.lines.decisions
        for i, award in enumerate(article.awards):
            if not award.decision:
                continue
            line = lines[i] if i < len(lines) else 1
            seen = first.setdefault(_key(award.decision), (article, line, award))
            other, other_line, earlier = seen
            where = f"awards[{i}].decision"
            if earlier.issuer != award.issuer:
                warnings.append(Problem(article.src, line, where, show(award.decision),
                                        f"cảnh báo: cùng số quyết định nhưng khác cấp khen: \"{award.issuer}\" ở "
                                        f"đây, \"{earlier.issuer}\" ở {other.src}:{other_line}; kiểm tra lại số "
                                        "quyết định hoặc cấp khen của một trong hai bài"))
            elif award.decision_date and earlier.decision_date and award.decision_date != earlier.decision_date:
                warnings.append(Problem(article.src, line, where, show(award.decision),
                                        f"cảnh báo: cùng số quyết định nhưng khác ngày: "
                                        f"{award.decision_date:%d/%m/%Y} ở đây, {earlier.decision_date:%d/%m/%Y} "
                                        f"ở {other.src}:{other_line}; kiểm tra lại ngày quyết định"))
    return warnings
