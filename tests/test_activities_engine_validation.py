"""activities.validation.check_session: each rule is shown to bite on its own, with a session that
breaks only that rule (so the test fails if the rule is removed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from activities.validation import MAX_NOTE, MAX_STAFF, MAX_TOTAL, SessionInput, check_session

GOOD = SessionInput(
    project_starts=date(2026, 1, 1),
    project_ends=date(2028, 12, 31),
    held_on=date(2026, 3, 10),
    starts_at=time(10, 0),
    ends_at=time(12, 0),
    staff_count=2,
    counts={("30-49", "estate"): 7, ("65-79", "unknown"): 0},
    n_codes=3,
    has_venue=True,
    point_inside_kommune=None,
    note="kaffe og gåtur",
    today=date(2026, 6, 1),
)


def keys(s: SessionInput) -> list[str]:
    return [p.key for p in check_session(s)]


def test_a_good_session_has_no_problems() -> None:
    assert check_session(GOOD) == []


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        ({"counts": {("30-49", "estate"): -1}, "n_codes": 0}, "activities.err.count_negative",
         "counts.30-49.estate"),
        ({"counts": {("30-49", "estate"): 2.5}, "n_codes": 0}, "activities.err.count_integer",
         "counts.30-49.estate"),
        ({"counts": {("30-49", "estate"): True}, "n_codes": 0}, "activities.err.count_integer",
         "counts.30-49.estate"),
        ({"counts": {("101+", "estate"): 3}}, "activities.err.unknown_band", "counts.101+.estate"),
        ({"counts": {("30-49", "mars"): 3}}, "activities.err.unknown_home", "counts.30-49.mars"),
        ({"counts": {("30-49", "estate"): MAX_TOTAL, ("18-29", "estate"): 1}},
         "activities.err.total_too_large", "counts"),
        ({"held_on": date(2025, 12, 31)}, "activities.err.before_project", "held_on"),
        ({"held_on": date(2029, 1, 1), "today": date(2029, 2, 1)},
         "activities.err.after_project", "held_on"),
        ({"held_on": date(2026, 6, 2)}, "activities.err.future_date", "held_on"),
        ({"ends_at": time(9, 0)}, "activities.err.end_before_start", "ends_at"),
        ({"ends_at": time(10, 0)}, "activities.err.end_before_start", "ends_at"),
        ({"staff_count": -1}, "activities.err.staff_range", "staff_count"),
        ({"staff_count": MAX_STAFF + 1}, "activities.err.staff_range", "staff_count"),
        ({"n_codes": 8}, "activities.err.too_many_codes", "codes"),
        ({"has_venue": False}, "activities.err.no_place", "venue"),
        ({"has_venue": False, "point_inside_kommune": False}, "activities.err.point_outside",
         "point"),
        ({"point_inside_kommune": False}, "activities.err.point_outside", "point"),
        ({"note": "x" * (MAX_NOTE + 1)}, "activities.err.note_too_long", "note"),
    ],
)  # fmt: skip
def test_each_rule_bites_alone(changes: dict[str, object], key: str, field: str) -> None:
    problems = check_session(replace(GOOD, **changes))  # type: ignore[arg-type]
    assert [(p.key, p.field) for p in problems] == [(key, field)]
    assert all(p.message for p in problems)


@pytest.mark.parametrize(
    "changes",
    [
        {"counts": {("30-49", "estate"): MAX_TOTAL}},
        {"held_on": date(2026, 1, 1)},
        {"held_on": date(2026, 6, 1)},
        {"held_on": date(2028, 12, 31), "today": date(2029, 1, 5)},
        {"starts_at": None},
        {"ends_at": None},
        {"staff_count": None},
        {"staff_count": 0},
        {"staff_count": MAX_STAFF},
        {"n_codes": 7},
        {"has_venue": False, "point_inside_kommune": True},
        {"note": "x" * MAX_NOTE},
        {"note": None},
        {"counts": {("30-49", "estate"): 0}, "n_codes": 0},
    ],
)
def test_the_edges_are_allowed(changes: dict[str, object]) -> None:
    assert check_session(replace(GOOD, **changes)) == []  # type: ignore[arg-type]


def test_problems_carry_the_values_the_message_needs() -> None:
    [problem] = check_session(replace(GOOD, n_codes=9))
    assert problem.params == {"codes": 9, "total": 7}
    [problem] = check_session(replace(GOOD, held_on=date(2025, 5, 1)))
    assert problem.params == {"starts": "2026-01-01"}


def test_every_problem_is_reported_at_once() -> None:
    bad = replace(GOOD, held_on=date(2026, 7, 1), staff_count=600, has_venue=False, note="x" * 501)
    assert keys(bad) == [
        "activities.err.future_date",
        "activities.err.staff_range",
        "activities.err.no_place",
        "activities.err.note_too_long",
    ]


def test_negative_counts_do_not_lower_the_total_for_the_code_rule() -> None:
    s = replace(GOOD, counts={("30-49", "estate"): 3, ("18-29", "estate"): -3}, n_codes=3)
    assert keys(s) == ["activities.err.count_negative"]
