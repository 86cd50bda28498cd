"""Shared set-up for the activities data tests: a kommune, venues, an estate, the SØ project.

Also tests of the set-up's own assumptions (the venue and the point lie inside the kommune, the
outside point does not), so a broken fixture cannot make a validation test pass by accident.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.activities_projects import add_offer, add_project, set_target
from geodata.activities_sessions import CountInput, SessionDraft
from geodata.db import session_scope
from geodata.queries import activities as q
from tests.helpers import load_base_areas, load_file

KEY = b"test-activity-key"
TODAY = date(2026, 6, 30)
INSIDE = (9.99, 57.03)  # lon, lat inside the test kommune 0851 (tests/data/loaders)
OUTSIDE = (9.90, 57.03)
ACTIVITY_TABLES = ("activity_projects", "activity_offers", "activity_sessions",
                   "activity_attendance", "activity_codes", "activity_targets")  # fmt: skip


def setup_places(db_url: str) -> None:
    """Kommune 0851 with three sogne, the test venues V1-V3 and one estate (Kildeparken)."""
    load_base_areas(db_url)
    load_file(db_url, "venues", "venues.csv", layer="testlokaler")
    with session_scope(db_url) as s:
        s.execute(text(
            "INSERT INTO estates (layer_id, boligorganisation, afdeling_nr, name, list_status, "
            "geom) SELECT id, 'Himmerland', '12', 'Kildeparken', '{}', ST_Multi(ST_Buffer("
            "ST_Transform(ST_SetSRID(ST_MakePoint(9.99, 57.03), 4326), 25832), 100)) FROM layers "
            "WHERE name = 'testlokaler'"
        ))  # fmt: skip


def setup_project(db_url: str) -> None:
    """Places plus project SOE (2026-2028) with two offers and the SØ targets for 2026."""
    setup_places(db_url)
    with session_scope(db_url) as s:
        add_project(s, "SOE", "Aalborg SØ", date(2026, 1, 1), date(2028, 12, 31), "0851")
        add_offer(s, "SOE", "Fællesspisning", "faellesskab", owner="Beboerforeningen")
        add_offer(s, "SOE", "Gåtur", "sundhedsfremme")
        set_target(s, "SOE", 2026, "faellesskab", 500)
        set_target(s, "SOE", 2026, "sundhedsfremme", 75)


def draft(**overrides: object) -> SessionDraft:
    """A valid session at venue V1 with 10 participants."""
    values: dict[str, object] = {
        "offer": "Fællesspisning", "held_on": date(2026, 2, 10), "venue_key": "V1",
        "counts": (CountInput("18-29", "estate", 4, "Kildeparken"),
                   CountInput("65-79", "unknown", 6)),
    }  # fmt: skip
    values.update(overrides)
    return SessionDraft(**values)  # type: ignore[arg-type]


def dump(session: Session, tables: tuple[str, ...] = ACTIVITY_TABLES) -> str:
    """Every row of the tables as text: what someone reading the database would see."""
    return "\n".join(
        str(row[0])
        for table in tables
        for row in session.execute(text(f"SELECT t::text FROM {table} t"))
    )


def count(session: Session, table: str) -> int:
    return int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_the_fixture_places_lie_where_the_tests_assume(db_url: str) -> None:
    setup_places(db_url)
    with session_scope(db_url) as s:
        assert q.point_inside_kommune(s, *INSIDE, "0851")
        assert not q.point_inside_kommune(s, *OUTSIDE, "0851")
        assert not q.point_inside_kommune(s, *INSIDE, "0999")
        assert q.venue_id(s, "V1") is not None
        assert q.estate_id(s, "Kildeparken") is not None
