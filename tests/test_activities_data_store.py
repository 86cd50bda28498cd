"""Registering a session: only code hashes are stored, every problem names its field, all or
nothing; the database's own constraints; the code key setting; progress on a hand example."""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.settings import Settings
from geodata.activities_projects import add_offer, add_project, progress, set_target
from geodata.activities_sessions import CountInput, SessionError, register_session
from geodata.db import session_scope
from geodata.errors import GeodataError
from tests.test_activities_data_helpers import (
    INSIDE,
    KEY,
    OUTSIDE,
    TODAY,
    count,
    draft,
    dump,
    setup_project,
)


def _register(db_url: str, **overrides: object) -> int:
    with session_scope(db_url) as s:
        return register_session(s, "SOE", draft(**overrides), key=KEY, today=TODAY)


def test_a_session_stores_counts_and_only_keyed_hashes_of_codes(db_url: str) -> None:
    setup_project(db_url)
    new_id = _register(db_url, codes=("soe-0042", "SOE 0043"), starts_at=time(17), staff_count=2)
    with session_scope(db_url) as s:
        everything = dump(s)
        for raw in ("soe-0042", "SOE0042", "SOE-0042", "0042", "SOE 0043", "SOE0043"):
            assert raw not in everything
        hashes = s.execute(text("SELECT code_hash FROM activity_codes WHERE session_id = :i"),
                           {"i": new_id}).scalars().all()  # fmt: skip
        expected = hmac.new(KEY, b"SOE\x00SOE0042", hashlib.sha256).hexdigest()
        assert expected in hashes and len(hashes) == 2
        cells = s.execute(text("SELECT age_band, home_kind, estate_id IS NOT NULL, participants "
                               "FROM activity_attendance ORDER BY age_band")).all()  # fmt: skip
        assert [tuple(c) for c in cells] == [("18-29", "estate", True, 4),
                                             ("65-79", "unknown", False, 6)]  # fmt: skip
        # the venue's point is copied, so the session keeps its place without the venue
        s.execute(text("DELETE FROM venues WHERE venue_key = 'V1'"))
        row = s.execute(text("SELECT venue_id, geom IS NOT NULL AS placed FROM activity_sessions"))
        assert tuple(row.one()) == (None, True)


def test_a_point_inside_the_kommune_is_a_place(db_url: str) -> None:
    setup_project(db_url)
    _register(db_url, venue_key=None, point=INSIDE)
    with session_scope(db_url) as s:
        lon, lat = s.execute(text("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(geom, 4326) "
                                  "AS p FROM activity_sessions) x")).one()  # fmt: skip
    assert math.isclose(lon, INSIDE[0], abs_tol=1e-7) and math.isclose(lat, INSIDE[1], abs_tol=1e-7)


PROBLEMS = [
    ({"offer": "Ukendt tilbud"}, "offer"),
    ({"venue_key": "NOPE"}, "venue"),
    ({"point": INSIDE}, "venue"),  # a venue and a point
    ({"venue_key": None, "point": OUTSIDE}, "point"),
    ({"venue_key": None}, "venue"),  # neither
    ({"held_on": date(2025, 12, 31)}, "held_on"),
    ({"held_on": date(2026, 7, 1)}, "held_on"),  # after TODAY
    ({"starts_at": time(18), "ends_at": time(17)}, "ends_at"),
    ({"counts": (CountInput("18-29", "unknown", -3),)}, "counts.18-29.unknown"),
    ({"counts": (CountInput("90+", "unknown", 3),)}, "counts.90+.unknown"),
    ({"counts": (CountInput("18-29", "estate", 3, "Findes ikke"),)}, "place"),
    ({"counts": (CountInput("18-29", "unknown", 3), CountInput("18-29", "unknown", 2))}, "counts"),
    ({"staff_count": 501}, "staff_count"),
    ({"codes": ("AB1", "AB2", "AB3", "AB4", "AB5", "AB6", "AB7", "AB8", "AB9", "AC1", "AC2")},
     "codes"),  # 11 codes, 10 participants
    ({"codes": ("0101901234",)}, "codes"),  # a CPR number
    ({"note": "x" * 501}, "note"),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "field"), PROBLEMS)
def test_each_problem_reaches_the_caller_with_its_field(
    db_url: str, overrides: dict[str, object], field: str
) -> None:
    setup_project(db_url)
    with pytest.raises(SessionError) as caught:
        _register(db_url, **overrides)
    fields = [p.field for p in caught.value.problems]
    assert field in fields, caught.value.problems
    assert all(p.key for p in caught.value.problems)
    assert "0101901234" not in str(caught.value)  # a refused code is never echoed
    with session_scope(db_url) as s:
        assert count(s, "activity_sessions") == 0


def test_the_same_session_twice_is_refused_and_unknown_project_named(db_url: str) -> None:
    setup_project(db_url)
    _register(db_url)
    with pytest.raises(SessionError) as caught:
        _register(db_url)
    assert [p.field for p in caught.value.problems] == ["held_on"]
    with session_scope(db_url) as s, pytest.raises(ValueError, match="no activity project"):
        register_session(s, "NOPE", draft(), key=KEY, today=TODAY)


@pytest.mark.parametrize("sql", [
    "UPDATE activity_attendance SET participants = -1",
    "UPDATE activity_codes SET code_hash = 'SOE0042'",
    "UPDATE activity_sessions SET venue_id = NULL, geom = NULL",
    "UPDATE activity_sessions SET staff_count = -1",
    "UPDATE activity_attendance SET age_band = '90+'",
    "UPDATE activity_offers SET kind = 'andet'",
    "UPDATE activity_targets SET participants = -5",
    "INSERT INTO activity_targets (project_id, year, kind, participants) "
    "SELECT project_id, year, kind, 1 FROM activity_targets",  # a second project-wide target
    "UPDATE activity_projects SET ends_on = '2025-01-01'",
])  # fmt: skip
def test_the_database_refuses_what_the_rules_refuse(db_url: str, sql: str) -> None:
    setup_project(db_url)
    _register(db_url, codes=("SOE0042",))
    with session_scope(db_url) as s, pytest.raises(IntegrityError):
        s.execute(text(sql))


def test_the_code_key_is_derived_from_the_secret_key_unless_set(tmp_path: Path) -> None:
    derived = Settings(data_dir=tmp_path, secret_key="s3cret").resolved_activity_code_key()
    assert derived == hmac.new(b"s3cret", b"activity-codes", hashlib.sha256).digest()
    assert b"s3cret" not in derived
    other = Settings(data_dir=tmp_path, secret_key="other").resolved_activity_code_key()
    assert other != derived
    chosen = Settings(data_dir=tmp_path, secret_key="s3cret", activity_code_key=SecretStr("k"))
    assert chosen.resolved_activity_code_key() == b"k"
    assert "k" not in repr(chosen).split("activity_code_key=")[1][:20]  # SecretStr hides it


def seed_example(db_url: str) -> None:
    """The hand example: 2026 Q1 10 + Q2 20 fællesskab visits (2 coded), 5 sundhedsfremme
    visits, all coded (SOE001 comes to both kinds: one person per kind)."""
    setup_project(db_url)
    _register(db_url, codes=("SOE001", "SOE002"))
    _register(db_url, held_on=date(2026, 5, 12),
              counts=(CountInput("30-49", "other_area", 20, "S1"),))  # fmt: skip
    _register(db_url, offer="Gåtur", held_on=date(2026, 3, 3), venue_key=None, point=INSIDE,
              counts=(CountInput("50-64", "unknown", 5),),
              codes=("SOE001", "SOE003", "SOE004", "SOE005", "SOE006"))  # fmt: skip


def test_progress_on_a_hand_computed_example(db_url: str) -> None:
    seed_example(db_url)
    with session_scope(db_url) as s:
        table = progress(s, "SOE", TODAY).set_index(["year", "kind"])
    fc, sf = table.loc[(2026, "faellesskab")], table.loc[(2026, "sundhedsfremme")]
    # 1 Jan - 30 Jun 2026 is 181 of 365 days
    assert (fc["visits"], fc["unique"], fc["target"], fc["basis"]) == (30, 2, 500, "visits")
    assert math.isclose(fc["forecast"], 30 * 365 / 181)
    assert (sf["visits"], sf["unique"], sf["target"], sf["basis"]) == (5, 5, 75, "unique")
    # the five met on 3 March, nobody new in the 91 days to 30 June: the year ends at five
    assert math.isclose(sf["forecast"], 5)
    assert math.isclose(sf["share_of_target"], 5 / 75)
    assert not fc["on_track"] and not sf["on_track"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda s: add_project(s, "SOE", "igen", date(2026, 1, 1), date(2026, 12, 31), "0851"),
     "exists already"),
    (lambda s: add_project(s, "X" * 41, "x", date(2026, 1, 1), date(2026, 12, 31), "0851"),
     "1-40 characters"),
    (lambda s: add_project(s, "NY", "x", date(2026, 12, 31), date(2026, 1, 1), "0851"),
     "before it starts"),
    (lambda s: add_offer(s, "SOE", "fællesspisning", "faellesskab"), "has an offer named"),
    (lambda s: add_offer(s, "SOE", "  ", "faellesskab"), "1-200 characters"),
    (lambda s: set_target(s, "SOE", 2027, "faellesskab", -1), "a target is 0-"),
])  # fmt: skip
def test_projects_offers_and_targets_refuse_bad_values(
    db_url: str, call: Callable[[Session], object], message: str
) -> None:
    setup_project(db_url)
    with session_scope(db_url) as s, pytest.raises(GeodataError, match=message) as caught:
        call(s)
    assert caught.value.key and caught.value.key.startswith("activities.data.")


def test_a_target_is_replaced_not_added(db_url: str) -> None:
    setup_project(db_url)
    with session_scope(db_url) as s:
        set_target(s, "SOE", 2026, "faellesskab", 550)
        assert count(s, "activity_targets") == 2
        table = progress(s, "SOE", TODAY).set_index(["year", "kind"])
    assert table.loc[(2026, "faellesskab"), "target"] == 550
