"""What a venue must offer to be a candidate: type, step-free access, kitchen, size, free time.

Availability is stored per weekday as free intervals, {"tir": ["08:00-12:00", "17:00-22:00"]}.
A session fits when its whole time window lies inside one free interval on every requested
weekday ("two days a week" means both days must work). Intervals that do not parse are treated
as not free rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geodata.errors import GeodataError
from geodata.models import VENUE_TYPES

WEEKDAYS = ("man", "tir", "ons", "tor", "fre", "lor", "son")
_TIME = r"([01]?\d|2[0-4])[:.]([0-5]\d)"
_INTERVAL = re.compile(rf"^\s*{_TIME}\s*[-–]\s*{_TIME}\s*$")


@dataclass(frozen=True)
class Eligibility:
    """Requirements a venue must meet; the defaults accept every venue."""

    types: tuple[str, ...] = ()
    step_free: bool = False
    kitchen: bool = False
    min_capacity: int | None = None
    weekdays: tuple[str, ...] = ()  # man, tir, ons, tor, fre, lor, son
    time_window: str | None = None  # "HH:MM-HH:MM"
    bookable_only: bool = False

    def validate(self) -> None:
        """Reject typos early: an unknown type or weekday would silently match nothing."""
        unknown = sorted(set(self.types) - set(VENUE_TYPES))
        if unknown:
            raise GeodataError(
                f"unknown venue types {unknown}; choose from {', '.join(VENUE_TYPES)}",
                key="venues.err.unknown_types", types=", ".join(unknown)[:200],
                known=", ".join(VENUE_TYPES),
            )  # fmt: skip
        days = sorted(set(self.weekdays) - set(WEEKDAYS))
        if days:
            raise GeodataError(f"unknown weekdays {days}; use {', '.join(WEEKDAYS)}")
        if self.min_capacity is not None and self.min_capacity < 0:
            raise GeodataError("min_capacity must be zero or more")
        if self.time_window is not None:
            parse_window(self.time_window)


def parse_interval(value: str) -> tuple[int, int] | None:
    """An "HH:MM-HH:MM" interval as minutes after midnight; None if it does not parse."""
    match = _INTERVAL.match(str(value))
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= end or end > 24 * 60:
        return None
    return start, end


def parse_window(value: str) -> tuple[int, int]:
    """The requested session time; a window that does not parse is the caller's error."""
    parsed = parse_interval(value)
    if parsed is None:
        raise GeodataError(
            f"time window {value!r} is not HH:MM-HH:MM with the start before the end",
            key="venues.err.time_window",
            window=str(value)[:20],
        )
    return parsed


def available(availability: Any, weekdays: Sequence[str], window: tuple[int, int] | None) -> bool:
    """Whether the window fits a free interval on every weekday (any weekday when none given)."""
    if not isinstance(availability, dict):
        return False
    days = list(weekdays) or list(WEEKDAYS)
    fits = [_fits(availability.get(day), window) for day in days]
    return all(fits) if weekdays else any(fits)


def _fits(intervals: Any, window: tuple[int, int] | None) -> bool:
    if not isinstance(intervals, list):
        return False
    parsed = [p for p in (parse_interval(v) for v in intervals) if p is not None]
    if window is None:
        return bool(parsed)
    start, end = window
    return any(a <= start and end <= b for a, b in parsed)
