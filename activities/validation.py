"""The rules a registered session must keep, as located problems rather than one exception.

A coordinator on a phone, or a CSV with many rows, should see every mistake at once, each tied to
its field (and the import adds the row), so :func:`check_session` returns a list of
:class:`Problem` and leaves raising or showing to the caller. The rules are the issue's ("no
negative counts, dates inside the project period, sessions at known venues or inside the
kommune") plus bounds that catch typing slips (an extra zero, a note pasted twice).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from activities import AGE_BANDS, HOME_KINDS
from activities.codes import personal_in_note

MAX_TOTAL = 10_000  # participants in one session: above this it is a typing slip
MAX_STAFF = 500
MAX_NOTE = 500  # characters: a note is a remark, not a report (and must not hold a register)


@dataclass(frozen=True)
class SessionInput:
    """One session as the form or an import row gives it; the caller looks up the project and
    whether the point lies in the kommune (that needs the database)."""

    project_starts: date
    project_ends: date
    held_on: date
    starts_at: time | None
    ends_at: time | None
    staff_count: int | None
    counts: dict[tuple[str, str], int]  # (age_band, home_kind) -> participants
    n_codes: int
    has_venue: bool
    point_inside_kommune: bool | None  # None: no point given
    note: str | None
    today: date


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it is about, English text, and its catalogue key and values."""

    field: str
    message: str
    key: str
    params: dict[str, object] = dataclasses.field(default_factory=dict)


def check_session(s: SessionInput) -> list[Problem]:
    """Every problem of the session, in the order of the form; empty when it may be saved."""
    rules: tuple[Callable[[SessionInput], list[Problem]], ...] = (
        _counts,
        _total,
        _dates,
        _times,
        _staff,
        _codes,
        _place,
        _note,
    )
    return [problem for rule in rules for problem in rule(s)]


def _counts(s: SessionInput) -> list[Problem]:
    problems = []
    for (band, home), n in s.counts.items():
        where = f"counts.{band}.{home}"
        if band not in AGE_BANDS:
            problems.append(
                Problem(
                    where,
                    f"unknown age band {band!r}",
                    "activities.err.unknown_band",
                    {"band": band},
                )
            )
        if home not in HOME_KINDS:
            problems.append(
                Problem(
                    where,
                    f"unknown home kind {home!r}",
                    "activities.err.unknown_home",
                    {"home": home},
                )
            )
        if isinstance(n, bool) or not isinstance(n, int):
            problems.append(
                Problem(where, "a count is a whole number", "activities.err.count_integer", {})
            )
        elif n < 0:
            problems.append(
                Problem(
                    where,
                    f"a count cannot be negative ({n})",
                    "activities.err.count_negative",
                    {"count": n},
                )
            )
    return problems


def total_participants(s: SessionInput) -> int:
    """The session's participants (visits): the sum of the whole, non-negative counts."""
    return sum(
        n for n in s.counts.values() if isinstance(n, int) and not isinstance(n, bool) and n > 0
    )


def _total(s: SessionInput) -> list[Problem]:
    total = total_participants(s)
    if total <= MAX_TOTAL:
        return []
    return [
        Problem(
            "counts",
            f"{total} participants in one session is more than {MAX_TOTAL}",
            "activities.err.total_too_large",
            {"total": total, "limit": MAX_TOTAL},
        )
    ]


def _dates(s: SessionInput) -> list[Problem]:
    problems = []
    if s.held_on < s.project_starts:
        problems.append(
            Problem(
                "held_on",
                "the session is before the project starts",
                "activities.err.before_project",
                {"starts": s.project_starts.isoformat()},
            )
        )
    if s.held_on > s.project_ends:
        problems.append(
            Problem(
                "held_on",
                "the session is after the project ends",
                "activities.err.after_project",
                {"ends": s.project_ends.isoformat()},
            )
        )
    if s.held_on > s.today:
        # Registration records what happened: a future date is a slip (or a plan, not a session).
        problems.append(
            Problem("held_on", "the session is in the future", "activities.err.future_date", {})
        )
    return problems


def _times(s: SessionInput) -> list[Problem]:
    if s.starts_at is None or s.ends_at is None or s.ends_at > s.starts_at:
        return []
    return [
        Problem(
            "ends_at", "the session ends before it starts", "activities.err.end_before_start", {}
        )
    ]


def _staff(s: SessionInput) -> list[Problem]:
    if s.staff_count is None or 0 <= s.staff_count <= MAX_STAFF:
        return []
    return [
        Problem(
            "staff_count",
            f"staff count must be 0-{MAX_STAFF}",
            "activities.err.staff_range",
            {"limit": MAX_STAFF},
        )
    ]


def _codes(s: SessionInput) -> list[Problem]:
    # One code per participant at most: more codes than people means codes or counts are wrong,
    # and the unique count would then exceed the visits.
    total = total_participants(s)
    if s.n_codes <= total:
        return []
    return [
        Problem(
            "codes",
            f"{s.n_codes} codes for {total} participants",
            "activities.err.too_many_codes",
            {"codes": s.n_codes, "total": total},
        )
    ]


def _place(s: SessionInput) -> list[Problem]:
    if s.point_inside_kommune is False:
        return [
            Problem("point", "the point is outside the kommune", "activities.err.point_outside", {})
        ]
    if not s.has_venue and s.point_inside_kommune is None:
        return [
            Problem(
                "venue",
                "choose a venue or mark the place on the map",
                "activities.err.no_place",
                {},
            )
        ]
    return []


def _note(s: SessionInput) -> list[Problem]:
    if s.note is None:
        return []
    personal = personal_in_note(s.note)
    if personal is not None:  # the note itself is never quoted: it holds the personal data
        return [Problem("note", "the note holds personal data", personal, {})]
    if len(s.note) <= MAX_NOTE:
        return []
    return [
        Problem(
            "note",
            f"the note is longer than {MAX_NOTE} characters",
            "activities.err.note_too_long",
            {"limit": MAX_NOTE, "length": len(s.note)},
        )
    ]
