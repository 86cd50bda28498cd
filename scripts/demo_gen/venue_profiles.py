"""Per-type venue attributes: capacity range, accessibility odds, free-time templates.

The availability templates encode when such rooms are typically free for a mobile health
offer (schools and halls in the evening, sognegårde in office hours, fælleshuse when not
rented out for parties), so the venue finder has realistic gaps to work with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from geodata.models import VENUE_TYPES as MODEL_VENUE_TYPES

DAYS = ("man", "tir", "ons", "tor", "fre", "lor", "son")
VENUE_TYPES = MODEL_VENUE_TYPES  # the loader's list: generated data always loads


@dataclass(frozen=True)
class Profile:
    """What a venue of one type is usually like."""

    capacity: tuple[int, int]
    p_step_free: float
    p_kitchen: float
    p_bookable: float
    weekday: tuple[str, ...]
    weekend: tuple[str, ...]


# fmt: off
PROFILES = {
    "faelleshus": Profile((40, 120), 0.8, 0.95, 0.9, ("09:00-15:00", "17:00-22:00"),
                          ("10:00-22:00",)),
    "beboerlokale": Profile((15, 40), 0.6, 0.7, 0.8, ("09:00-16:00", "18:00-21:00"),
                            ("10:00-16:00",)),
    "aktivitetscenter": Profile((50, 150), 0.95, 0.9, 0.7, ("16:00-21:00",), ("10:00-16:00",)),
    "bibliotek": Profile((30, 150), 1.0, 0.3, 0.9, ("10:00-12:00", "13:00-17:00"),
                         ("10:00-14:00",)),
    "kirke_sognegaard": Profile((40, 180), 0.7, 0.85, 0.6,
                                ("09:00-12:00", "13:00-16:00", "19:00-21:30"), ()),
    "skole": Profile((60, 300), 0.85, 0.6, 0.7, ("17:00-22:00",), ("09:00-18:00",)),
    "idraetshal": Profile((100, 600), 0.9, 0.3, 0.8, ("06:30-08:00", "21:00-23:00"),
                          ("08:00-12:00", "16:00-20:00")),
    "sundhedshus": Profile((15, 60), 1.0, 0.5, 0.9, ("08:00-10:00", "15:00-20:00"), ()),
    "kulturhus": Profile((80, 400), 0.95, 0.8, 0.85, ("10:00-16:00",), ("10:00-14:00",)),
    "fitness": Profile((15, 50), 0.9, 0.1, 0.5, ("10:00-14:00",), ("13:00-16:00",)),
    "other": Profile((25, 150), 0.6, 0.8, 0.8, ("10:00-15:00", "18:00-22:00"),
                     ("10:00-18:00",)),
}
# fmt: on


def _shift(interval: str, minutes: int) -> str:
    """Move the start of 'HH:MM-HH:MM' later by minutes (never past its end)."""
    start, end = interval.split("-")
    sh, sm = map(int, start.split(":"))
    eh, em = map(int, end.split(":"))
    s = min(sh * 60 + sm + minutes, eh * 60 + em - 30)
    return f"{s // 60:02d}:{s % 60:02d}-{end}"


def availability(vtype: str, rng: np.random.Generator) -> str:
    """Weekly free intervals as a compact JSON string with Danish weekday keys."""
    prof = PROFILES[vtype]
    week = {}
    for i, day in enumerate(DAYS):
        template = prof.weekday if i < 5 else prof.weekend
        slots = [t for t in template if rng.random() > 0.25]
        week[day] = [_shift(t, int(rng.choice([0, 0, 30, 60]))) for t in slots]
    return json.dumps(week, ensure_ascii=False, separators=(",", ":"))


def attributes(vtype: str, rng: np.random.Generator) -> dict[str, object]:
    """Capacity, step_free, kitchen, availability and bookable for one venue."""
    prof = PROFILES[vtype]
    lo, hi = prof.capacity
    return {
        "capacity": int(round(rng.integers(lo, hi + 1) / 5) * 5) or lo,
        "step_free": bool(rng.random() < prof.p_step_free),
        "kitchen": bool(rng.random() < prof.p_kitchen),
        "availability": availability(vtype, rng),
        "bookable": bool(rng.random() < prof.p_bookable),
    }
