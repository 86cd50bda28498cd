"""Numbers and dates as a Danish (or English) reader writes them: 1.234,5 and 29. november 2026.

The rules are written out here instead of using the `locale` module: the da_DK locale is not
installed on every machine (CI, containers), and `locale.setlocale` is process-global, so two
requests in two languages would race. Every page, export meant for people and translated error
message formats through these functions, so a number looks the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from decimal import Decimal
from functools import lru_cache
from numbers import Real
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCAL_ZONE = "Europe/Copenhagen"
MISSING = "–"  # en dash: a missing value, in both languages

# (thousands separator, decimal separator) per language
_SEPARATORS = {"da": (".", ","), "en": (",", ".")}
_MONTHS = {
    "da": (
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
_MAX_DECIMALS = 6  # `decimals=None` shows a float's own digits, up to this many


def _lang(lang: str) -> str:
    return lang if lang in _SEPARATORS else "da"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, Real) and not math.isfinite(float(value))
    except (TypeError, ValueError):  # pragma: no cover - Real always converts
        return False


def number(value: object, lang: str, decimals: int | None = None) -> str:
    """`value` with the language's separators: da 1.234,5, en 1,234.5; None/NaN/inf -> "–".

    `decimals=None` keeps an integer whole and shows a float with its significant decimals (at
    most six, trailing zeros dropped); a number gives exactly that many decimals. Non-numbers
    (a text parameter in an error message) come back unchanged as text.
    """
    if isinstance(value, Decimal):
        value = float(value)
    if _missing(value):
        return MISSING
    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    thousands, point = _SEPARATORS[_lang(lang)]
    if decimals is None:
        if isinstance(value, numbers.Integral):
            text = f"{int(value):,}"
        else:
            text = f"{float(value):,.{_MAX_DECIMALS}f}".rstrip("0").rstrip(".")
    else:
        text = f"{float(value):,.{max(decimals, 0)}f}"
    if text.startswith("-") and set(text[1:]) <= {"0", ".", ","}:
        text = text[1:]  # -0,0 reads as a mistake
    return text.replace(",", "\x00").replace(".", point).replace("\x00", thousands)


def inline(value: object, lang: str) -> str:
    """A value inside a sentence (an error message's parameter): numbers the language's way,
    but whole numbers of up to four digits without a separator, as Danish allows, so a year
    (2024), a postcode (9210) or a small count reads as written and not as "2.024"."""
    if (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and abs(int(value)) < 10_000
    ):
        return str(int(value))
    return number(value, lang)


def percent(share: object, lang: str, decimals: int = 0) -> str:
    """A share (0.123) as a percentage: da "12 %" (a space, as Danish writes it), en "12%".

    The space is a plain one, so pages, CSV and tests agree on one text.
    """
    if isinstance(share, Decimal):
        share = float(share)
    if _missing(share):
        return MISSING
    if isinstance(share, bool) or not isinstance(share, Real):
        return str(share)
    text = number(float(share) * 100, lang, decimals)
    return f"{text} %" if _lang(lang) == "da" else f"{text}%"


def _as_date(value: object) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.date):  # datetime is a date too
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            return (
                dt.datetime.fromisoformat(text)
                if "T" in text or " " in text
                else (dt.date.fromisoformat(text))
            )
        except ValueError:
            return None
    return None


def date(value: object, lang: str) -> str:
    """A day written out: da "29. november 2026", en "29 November 2026".

    Accepts a date, a datetime or an ISO string; None -> "–"; text that is not a date comes back
    unchanged (a template must never fail on a bad value).
    """
    if value is None or value == "":
        return MISSING
    day = _as_date(value)
    if day is None:
        return str(value)
    month = _MONTHS[_lang(lang)][day.month - 1]
    return (
        f"{day.day}. {month} {day.year}"
        if _lang(lang) == "da"
        else (f"{day.day} {month} {day.year}")
    )


@lru_cache(maxsize=1)
def _local_zone() -> dt.tzinfo:
    """Europe/Copenhagen from the system's zone database; UTC where a machine has none."""
    try:
        return ZoneInfo(LOCAL_ZONE)
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is on every Debian machine
        return dt.UTC


def datetime_short(value: object, lang: str) -> str:
    """A moment to the minute: da "29.11.2026 14.05", en "29 Nov 2026 14:05".

    Danish writes the time with a full stop (Retskrivningsordbogen); a date without a time gives
    just the date. Aware datetimes (the database stores UTC) are shown in Danish time, the
    clock the reader lives by; naive ones are shown as they are.
    """
    if value is None or value == "":
        return MISSING
    moment = _as_date(value)
    if moment is None:
        return str(value)
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(_local_zone())
    if _lang(lang) == "da":
        day = f"{moment.day:02d}.{moment.month:02d}.{moment.year}"
        clock = "{:02d}.{:02d}"
    else:
        day = f"{moment.day} {_MONTHS['en'][moment.month - 1][:3]} {moment.year}"
        clock = "{:02d}:{:02d}"
    if not isinstance(moment, dt.datetime):
        return day
    return f"{day} {clock.format(moment.hour, moment.minute)}"


__all__ = ["MISSING", "date", "datetime_short", "inline", "number", "percent"]
