"""Vietnamese display forms of numbers and dates (babel's CLDR data for `vi`).

2863 -> "2.863"; 94.75 -> "94,75%"; -11.9 -> "−11,9%"; 18/08/2022 14:32.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.numbers import format_decimal

from .model import VN_TZ

MINUS = "\u2212"


@lru_cache(maxsize=1 << 14)
def number(value: float | int | None, decimals: int | None = None) -> str:
    """A figure in Vietnamese form: thousands with '.', decimals with ','."""
    if value is None:
        return ""
    pattern = "#,##0" if decimals == 0 else "#,##0." + "#" * (decimals or 6)
    text = format_decimal(value, format=pattern, locale="vi")
    return text.replace("-", MINUS)


def percent(value: float | None, decimals: int = 2) -> str:
    """94.75 -> "94,75%"."""
    return "" if value is None else number(value, decimals) + "%"


def change(value: float | None) -> str:
    """A change in percent with its sign: −11,9% or +3,2%."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + percent(value, 2)


def date(moment: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """18/08/2022, or 18/08/2022 14:32 with the time (Vietnam time)."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(VN_TZ)
        if with_time:
            return moment.strftime("%d/%m/%Y %H:%M")
    return moment.strftime("%d/%m/%Y")


def iso(moment: dt.datetime) -> str:
    """ISO 8601 with the +07:00 offset, as the open data and feeds carry it."""
    return moment.astimezone(VN_TZ).isoformat()
