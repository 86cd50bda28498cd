"""One number and date formatter: Danish 1.234,5 / 12 % / 29. november 2026, English 1,234.5 /
12% / 29 November 2026, a dash for a missing value, and the same rules in the Jinja filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from starlette.requests import Request

from app import format as fmt
from app.web import TEMPLATES


@pytest.mark.parametrize(
    ("value", "decimals", "da", "en"),
    [
        (1234.5, None, "1.234,5", "1,234.5"),
        (1234, None, "1.234", "1,234"),
        (1234567, None, "1.234.567", "1,234,567"),
        (1234.5, 2, "1.234,50", "1,234.50"),
        (2.345, 1, "2,3", "2.3"),  # binary 2.345 is below the half: Python's rounding
        (0.1 + 0.2, None, "0,3", "0.3"),  # float noise is not shown
        (-1234.56, None, "-1.234,56", "-1,234.56"),
        (-0.0001, 2, "0,00", "0.00"),  # no "-0,00"
        (np.int64(28), None, "28", "28"),
        (np.float64(3.25), None, "3,25", "3.25"),
        (Decimal("1234.5"), None, "1.234,5", "1,234.5"),
        (12.0, None, "12", "12"),
    ],
)
def test_number_uses_the_languages_separators(
    value: object, decimals: int | None, da: str, en: str
) -> None:
    assert fmt.number(value, "da", decimals) == da
    assert fmt.number(value, "en", decimals) == en


@pytest.mark.parametrize("missing", [None, float("nan"), float("inf"), np.nan])
def test_a_missing_number_is_a_dash(missing: object) -> None:
    assert fmt.number(missing, "da") == "–"
    assert fmt.percent(missing, "en") == "–"


def test_text_and_booleans_are_not_numbers() -> None:
    """An error parameter may be a name: it passes through unchanged."""
    assert fmt.number("Rørdal", "da") == "Rørdal"
    assert fmt.number(True, "da") == "True"


def test_an_unknown_language_falls_back_to_danish() -> None:
    assert fmt.number(1234.5, "xx") == "1.234,5"


def test_percent() -> None:
    assert fmt.percent(0.123, "da") == "12 %"
    assert fmt.percent(0.123, "en") == "12%"
    assert fmt.percent(0.1234, "da", 1) == "12,3 %"
    assert fmt.percent(1, "en") == "100%"


@pytest.mark.parametrize(
    "value",
    [dt.date(2026, 11, 29), dt.datetime(2026, 11, 29, 23, 5), "2026-11-29", "2026-11-29T10:00:00Z"],
)
def test_date_written_out(value: object) -> None:
    assert fmt.date(value, "da") == "29. november 2026"
    assert fmt.date(value, "en") == "29 November 2026"


def test_date_of_nothing_or_not_a_date() -> None:
    assert fmt.date(None, "da") == "–"
    assert fmt.date("not a date", "da") == "not a date"
    assert fmt.date(dt.date(2026, 5, 1), "da") == "1. maj 2026"


def test_datetime_short() -> None:
    moment = dt.datetime(2026, 11, 29, 14, 5)
    assert fmt.datetime_short(moment, "da") == "29.11.2026 14.05"
    assert fmt.datetime_short(moment, "en") == "29 Nov 2026 14:05"
    assert fmt.datetime_short(dt.date(2026, 11, 29), "da") == "29.11.2026"
    assert fmt.datetime_short(None, "en") == "–"


def test_stored_utc_moments_read_in_danish_time() -> None:
    """The database stores UTC; a Danish reader lives by Danish time (summer and winter)."""
    winter = dt.datetime(2026, 11, 29, 13, 5, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    assert fmt.datetime_short(winter, "da") == "29.11.2026 14.05"
    assert fmt.datetime_short(summer, "da") == "01.06.2026 14.00"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("da", "1.234,5|12 %|29. november 2026|3,1"), ("en", "1,234.5|12%|29 November 2026|3.1")],
)
def test_jinja_filters_follow_the_pages_language(lang: str, expected: str) -> None:
    template = TEMPLATES.env.from_string("{{ n|num }}|{{ s|pct }}|{{ d|date_long }}|{{ x|num(1) }}")
    text = template.render(lang=lang, n=1234.5, s=0.123, d=dt.date(2026, 11, 29), x=3.14)
    assert text == expected


def test_filters_render_in_a_real_page_context() -> None:
    """`render` puts `lang` in the context, which is what the filters read."""
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
    request = Request(scope)
    template = TEMPLATES.env.from_string("{{ 1234.5|num }}")
    assert template.render(request=request, lang="en") == "1,234.5"
    assert template.render(request=request) == "1.234,5"  # no language: Danish


def test_inline_keeps_years_and_postcodes_whole() -> None:
    """Inside an error sentence: 2024 and 9210 stay as written, big numbers get separators."""
    assert fmt.inline(2024, "da") == "2024"
    assert fmt.inline(9210, "en") == "9210"
    assert fmt.inline(12000, "da") == "12.000"
    assert fmt.inline(0.5, "da") == "0,5"
    assert fmt.inline("Rørdal", "da") == "Rørdal"
    assert fmt.inline(None, "da") == "–"
