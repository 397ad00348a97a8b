"""Awards in a report: "<cấp khen> tặng <hình thức> cho N tập thể và M cá nhân" gives one
entry per recipient type, the issuer mapped to the vocabulary, counts in words read as
numbers, named recipients with their unit; an award without a count is left to fill in."""

from __future__ import annotations

import datetime as dt
import re

from ..names import ascii_fold
from ..vocab import Vocabularies
from .numbers import WHOLE, count_value, whole
from .text import AWARD_WORDS, COUNT, Item, KNOWN_AWARD_ISSUERS, NAME, POSITION_START, RANK, _AWARD_TYPE

# ---------------------------------------------------------------- awards


def _issuer_forms(vocab: Vocabularies) -> list[tuple[str, str]]:
    forms = [(form, t.name) for t in vocab.issuers.terms for form in (t.name, *t.aliases)]
    return sorted(forms, key=lambda f: -len(f[0]))


def _issuers(text: str, vocab: Vocabularies, presenters: bool = False) -> list[tuple[int, str, str]]:
    """Issuer mentions (position, canonical name, surface) in `text`, longest forms first."""
    taken: list[tuple[int, int]] = []
    found = []
    for form, canonical in _issuer_forms(vocab):
        for match in re.finditer(rf"(?<![\wÀ-ỹ]){re.escape(form)}(?![\wÀ-ỹ])", text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            if not presenters and re.search(rf"{POSITION_START}\s*$", text[:span[0]]):
                continue  # "Phó Chủ tịch UBND tỉnh trao …": who hands it over, not who grants it
            found.append((span[0], canonical, match.group(0)))
    return sorted(found)


def _counts(text: str) -> list[tuple[int, str, str]]:
    result = []
    for match in re.finditer(COUNT, text):
        first, more, rtype = match.groups()
        value = count_value(first)
        if value is None:
            continue
        result.append((value, rtype, match.group(0)))
        for extra in re.findall(WHOLE, more or ""):
            result.append((whole(extra), rtype, match.group(0)))
    return result


def _award_term(mention: str, vocab: Vocabularies) -> str | None:
    term = vocab.award_types.lookup(mention)
    if term:
        return term.name
    canonical = _AWARD_TYPE.get(mention.lower())
    return canonical if canonical and vocab.award_types.lookup(canonical) else None


def _awards(sents: list[str], vocab: Vocabularies) -> list[Item]:
    counted: list[Item] = []
    uncertain: list[Item] = []
    for sentence in sents:
        if not re.search(AWARD_WORDS, sentence):
            continue
        carried: list[str] = []
        for clause in re.split(r"\s*;\s*", sentence):
            mentions = list(re.finditer(rf"(?<![\wÀ-ỹ])({AWARD_WORDS})(?![\wÀ-ỹ])", clause))
            if not mentions:
                continue
            lead = clause[:mentions[0].start()]
            subject = [c for _, c, _ in _issuers(lead, vocab)]
            if subject:
                carried = list(dict.fromkeys(subject))
            passive = _counts(lead) if re.search(r"\bđược\b", clause) else []
            # "trao Bằng khen và Giấy khen lần lượt cho 3 và 5 cá nhân": the i-th count is the i-th award's.
            respectively: list | None = None
            if "lần lượt" in clause and len(mentions) > 1:
                shared = _counts(clause[mentions[-1].start():])
                earlier = clause[mentions[0].start():mentions[-1].start()]
                if len(shared) == len(mentions) and not _counts(earlier):
                    respectively = shared
            for index, mention in enumerate(mentions):
                end = mentions[index + 1].start() if index + 1 < len(mentions) else len(clause)
                segment = clause[mention.start():end]
                award = _award_term(mention.group(1), vocab)
                if award is None:
                    continue
                name = _award_name(segment, mention.group(1))
                own = [c for _, c, _ in _issuers(re.split(r"\scho\s", segment)[0], vocab, presenters=True)]
                unknown_of = None
                if not own:
                    of = re.search(r"\scủa\s+([^,;.]+?)(?=\s+cho\s|\s+tặng\s|,|;|\.|$)", segment)
                    if of and not _issuers(of.group(1), vocab, presenters=True):
                        unknown_of = of.group(1).strip()
                issuers = list(dict.fromkeys(own)) or carried
                counts = ([respectively[index]] if respectively else
                          _counts(segment) or (passive if index == 0 else []))
                known = KNOWN_AWARD_ISSUERS.get(ascii_fold(name or ""))
                if not issuers and known and not unknown_of:
                    issuers = [known]
                base = {"award": award}
                if name:
                    base["name"] = name
                reason = _REASON.search(segment) or _REASON.search(sentence)
                decision = re.search(r"Quyết định\s+(?:số\s+)?(\d+/[\wĐđ-]+)(?:\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}))?",
                                     sentence)
                extra: dict = {}
                if reason:
                    extra["for"] = reason.group(1).strip(" ,")
                if decision:
                    extra["decision"] = decision.group(1)
                    if decision.group(2):
                        extra["decision_date"] = dt.date(int(decision.group(4)), int(decision.group(3)),
                                                         int(decision.group(2)))
                lan_luot = "lần lượt" in clause
                if unknown_of:
                    rtypes = [c[1] for c in counts] or _rtypes(segment)
                    for rtype, n in zip(rtypes or [None], [c[0] for c in counts] or [None]):
                        uncertain.append(Item({**base, "issuer": None, "recipient_type": rtype, "count": n, **extra},
                                              sentence, todo=f'cấp khen "{unknown_of}" chưa có trong danh mục; '
                                              "ghi một cấp khen của danh mục (content/vocab/issuers.yml)"))
                    continue
                if counts and len(issuers) == 1:
                    entries = [(issuers[0], c) for c in counts]
                elif counts and len(issuers) > 1 and lan_luot and len(issuers) == len(counts):
                    entries = list(zip(issuers, counts))
                elif counts and len(issuers) > 1:
                    for issuer in issuers:
                        for c in counts:
                            uncertain.append(Item({**base, "issuer": issuer, "recipient_type": c[1], "count": None,
                                                   **extra}, sentence,
                                                  todo=f"câu nêu {len(issuers)} cấp khen cho cùng số lượng "
                                                  f'"{c[2]}"; ghi số mỗi cấp khen trao (count)'))
                    continue
                elif counts:
                    for c in counts:
                        uncertain.append(Item({**base, "issuer": None, "recipient_type": c[1], "count": c[0], **extra},
                                              sentence, todo="báo cáo không nêu cấp khen; ghi cấp khen (issuer)"))
                    continue
                else:
                    rtypes = _rtypes(segment) or _rtypes(lead) or [None]
                    for issuer in issuers or [None]:
                        for rtype in rtypes:
                            uncertain.append(Item({**base, "issuer": issuer, "recipient_type": rtype, "count": None,
                                                   **extra}, sentence,
                                                  todo="báo cáo không nêu số lượng; ghi số người hoặc đơn vị "
                                                  "được khen (count)" + ("" if issuer else " và cấp khen (issuer)")))
                    continue
                for issuer, (n, rtype, said) in entries:
                    item = Item({**base, "issuer": issuer, "recipient_type": rtype, "count": n, **extra}, sentence)
                    counted.append(item)
                    if rtype == "cá nhân" or rtype == "tập thể":
                        recipients = _recipients(segment if "trong đó" in segment else sentence, rtype)
                        if recipients and rtype == "cá nhân":
                            item.fields["recipients"] = recipients
    # An uncounted sentence about an award already counted (a photo caption) adds nothing.
    kept = []
    for item in uncertain:
        same = any(c.fields["award"] == item.fields["award"]
                   and (item.fields["issuer"] in (None, c.fields["issuer"]))
                   and (item.fields["recipient_type"] in (None, c.fields["recipient_type"]))
                   for c in counted)
        duplicate = any(k.fields == item.fields and k.todo == item.todo for k in kept)
        if not same and not duplicate:
            kept.append(item)
    return counted + kept


_REASON = re.compile(r"\bcó\s+(thành tích[^;,]*?)(?=\s+(?:cho|được|đã|tặng|trao)\s|;|\.|,|$)")


def _rtypes(text: str) -> list[str]:
    return [t for t in ("tập thể", "cá nhân") if re.search(rf"\b{t}\b", text)]


def _award_name(segment: str, mention: str) -> str | None:
    quoted = re.match(rf"{re.escape(mention)}\s+(\"[^\"]+\")", segment)
    if quoted:
        return f"{mention} {quoted.group(1)}"
    if mention.lower().startswith("cờ") and mention != "Cờ thi đua":
        text = re.split(r"\s+(?:cho|của|tặng)\s|[,;.]", segment)[0].strip()
        return text if len(text) > len(mention) else None
    if mention.lower() == "danh hiệu":
        text = re.split(r"\s+(?:cho|của|tặng)\s|[,;.]", segment)[0].strip()
        return text if len(text) > len(mention) else None
    return None


def _recipients(text: str, rtype: str) -> list[dict]:
    match = re.search(r"trong đó có\s+(.+)", text)
    if not match:
        return []
    result = []
    for person in re.finditer(rf"(?:(?:ông|bà|đồng chí|anh|chị)\s+)?(?:({RANK})\s+)?({NAME})\s*\(([^)]+)\)",
                              match.group(1)):
        entry = {"name": person.group(2)}
        if person.group(1):
            entry["rank"] = person.group(1)
        entry["unit"] = person.group(3).strip()
        result.append(entry)
    return result
