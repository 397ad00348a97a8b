"""Officials in a report: "Đại tá Trần Văn Hùng, Phó Giám đốc Công an tỉnh" gives
rank, name and position; role words (dự, chủ trì, phát biểu, trao) give the role."""

from __future__ import annotations

import re

from ..names import name_key
from .text import Extracted, Item, NAME, POSITION_START, RANK, ROLE_WORDS, _NOT_PEOPLE, _STOP_POSITION

# ---------------------------------------------------------------- officials


def _officials(sents: list[str], found: Extracted) -> list[Item]:
    people: dict[str, Item] = {}
    authors = {name_key(a) for a in found.authors}
    for sentence in sents:
        tail = re.search(r"trong đó có.*", sentence)
        recipients = {name_key(m.group(0)) for m in re.finditer(NAME, tail.group(0))} if tail else set()
        for match in re.finditer(NAME, sentence):
            name = match.group(0)
            key = name_key(name)
            if key in _NOT_PEOPLE or key in authors or key in recipients:
                continue
            before = sentence[:match.start()]
            after = sentence[match.end():]
            rank_m = re.search(rf"({RANK})\s+$", before)
            honorific = re.search(r"(?:đồng chí|Đồng chí|ông|Ông|bà|Bà)\s*:?\s*$", before)
            position = _position_after(after) or _position_before(before[:rank_m.start()] if rank_m else before)
            if not (rank_m or honorific or position):
                continue
            item = people.get(key)
            if item is None:
                item = people[key] = Item({"name": name}, sentence)
            if rank_m and "rank" not in item.fields:
                item.fields["rank"] = rank_m.group(1).replace("uý", "úy")
                item.sentence = sentence if "position" not in item.fields else item.sentence
            if position and len(position) > len(item.fields.get("position", "")):
                item.fields["position"] = position
                if "rank" not in item.fields or rank_m:
                    item.sentence = sentence
            roles = item.fields.setdefault("role", [])
            lowered = re.sub(r"ban chỉ đạo", "", sentence.lower())
            for word, role in ROLE_WORDS:
                if re.search(rf"(?<![\wÀ-ỹ]){word}(?![\wÀ-ỹ])", lowered) and role not in roles:
                    if word == "dự" and re.search(r"dự (?:án|thảo|báo|kiến)", lowered):
                        continue
                    roles.append(role)
    for item in people.values():
        if not item.fields.get("role"):
            item.fields.pop("role", None)
    return list(people.values())


def _position_after(after: str) -> str | None:
    match = re.match(rf"\s*(?:,|-|\s)\s*({POSITION_START}.*)", after)
    if not match:
        return None
    text = match.group(1)
    stop = _STOP_POSITION.search(text)
    text = text[:stop.start()] if stop else text
    text = re.split(rf"\s+và\s+(?=(?:{RANK}|đồng chí|Đồng chí|ông|bà)\b)", text)[0]
    return text.strip(" ,") or None


def _position_before(before: str) -> str | None:
    chunk = re.split(r"[,;:.]\s*", before.rstrip(" ,"))[-1].strip()
    chunk = re.sub(r"^(?:đồng chí|Đồng chí|ông|bà)\s+", "", chunk)
    if re.match(POSITION_START, chunk) and len(chunk.split()) <= 14:
        return chunk
    return None
