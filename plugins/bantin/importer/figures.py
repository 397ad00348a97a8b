"""Figures in a report: "187/215 ấp … (đạt 86,98%)" gives value, total and percent,
"giảm 14,2%" a change; each figure is mapped to a metric of the vocabulary where one fits."""

from __future__ import annotations

import re

from ..vocab import Vocabularies
from .numbers import DECIMAL, WHOLE, decimal_text, whole
from .text import Item, fold

# ---------------------------------------------------------------- figures

_FIGURE = re.compile(rf"(?<![\w.,/-])({WHOLE})(?:\s*/\s*({WHOLE}))?(?![\w/])")
_SKIP_BEFORE = re.compile(r"(?:năm|số|lần thứ|giai đoạn|khóa|khoá|nhiệm kỳ|Nghị quyết|Quyết định|Kế hoạch|"
                          r"Chỉ thị|Thông tư|ngày|tháng|Điều|khoản|lần)\s*$", re.I)


def _metric_parts(vocab: Vocabularies):
    parts = []
    for metric in vocab.metrics.terms:
        unit = fold(metric.unit)
        labels = [fold(metric.name), *(fold(a) for a in metric.aliases)]
        parts.append((metric, unit, labels))
    return parts


def _score(window: str, unit: str, label: str) -> float:
    words = label.split()
    unit_words = unit.split()
    if not window.startswith(unit) and not window.startswith(label[: max(len(unit), 8)]):
        return 0.0
    distinct = [w for w in words if w not in unit_words] or words
    return sum(1 for w in distinct if w in window.split()) / len(distinct)


def _stats(sents: list[str], vocab: Vocabularies) -> list[Item]:
    parts = _metric_parts(vocab)
    stats: list[Item] = []
    for sentence in sents:
        for clause_match in re.finditer(r"[^;]+", sentence):
            clause = clause_match.group(0)
            for match in _FIGURE.finditer(clause):
                if _SKIP_BEFORE.search(clause[:match.start()]):
                    continue
                if re.match(r"\s*(?:%|giờ|h\d|/\d)", clause[match.end():]):
                    continue
                window_text = clause[match.end():]
                window = fold(window_text)
                tail = fold(sentence[sentence.find(clause) + match.end():])
                best, best_score = None, 0.0
                for metric, unit, labels in parts:
                    for label in labels:
                        score = _score(window, unit, label)
                        if score < 0.5 and window.startswith(unit):
                            score = max(score, 0.8 * _score(tail, unit, label))
                        if score > best_score:
                            best, best_score = metric, score
                percent = re.match(rf"[^;()]*?\((?:chiếm\s+)?(?:tỷ lệ|tỉ lệ|đạt)?\s*({DECIMAL}|\d+)\s*%\)",
                                   window_text)
                if best is None or best_score < 0.5:
                    if not (match.group(2) or percent):
                        continue  # a bare number with no metric: too common in reports to list
                    # A share or a ratio with no metric of the vocabulary: kept, commented out.
                    best = None
                fields: dict = {"metric": best.name if best else None, "value": whole(match.group(1))}
                item = Item(fields, sentence)
                if best is None:
                    item.todo = ("chưa khớp chỉ tiêu nào của danh mục; ghi chỉ tiêu (metric) của "
                                 "content/vocab/metrics.yml, hoặc xóa khối này")
                if match.group(2):
                    fields["total"] = whole(match.group(2))
                if percent:
                    stated = decimal_text(percent.group(1))
                    if "total" in fields and not _agrees(fields["value"], fields["total"], stated):
                        item.notes.append(f"tỷ lệ {stated}% trong câu không khớp {fields['value']}/{fields['total']}; "
                                          "kiểm tra số liệu rồi ghi percent")
                    else:
                        fields["percent"] = stated
                if not any(s.fields == fields for s in stats):
                    stats.append(item)
            for change in re.finditer(rf"(giảm|tăng)\s+({DECIMAL}|\d+)\s*%", clause):
                before = fold(clause[:change.start()])
                best, best_score = None, 0.0
                for metric, unit, labels in parts:
                    for label in labels:
                        words = label.split()
                        score = sum(1 for w in words if w in before.split()) / len(words)
                        if score > best_score:
                            best, best_score = metric, score
                value = decimal_text(change.group(2))
                signed = ("-" if change.group(1) == "giảm" else "") + value
                if best is not None and best_score >= 0.8:
                    stats.append(Item({"metric": best.name, "change": signed}, sentence))
                else:
                    stats.append(Item({"metric": None, "change": signed}, sentence,
                                      todo="chưa khớp chỉ tiêu nào của danh mục; ghi chỉ tiêu (metric) "
                                      "của content/vocab/metrics.yml, hoặc xóa khối này"))
    return stats


def _agrees(value: int, total: int, stated: str) -> bool:
    decimals = len(stated.split(",")[1]) if "," in stated else 0
    return round(value / total * 100, decimals) == round(float(stated.replace(",", ".")), decimals)
