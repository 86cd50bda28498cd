"""A project's own area (migration 0011): set with add_project / set_project_area, refused when
unknown or outside the kommune, and the reach table judged inside it.

The constructed kommune of tests/test_activities_reach_data: estates Aparken (in sogn S1, the most
need), Bparken (S2) and Cparken (S3), with 4, 10 and 30 visits for 400, 200 and 100 residents,
and Kildeparken (S1, residents unknown). The project area "postnummer 9210" is a box around
Bparken and Cparken only; "postnummer 9000" lies west of the kommune.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.activities_area import parse_area, project_area
from geodata.activities_projects import add_project, set_project_area
from geodata.db import session_scope
from geodata.errors import GeodataError
from geodata.queries.activities import project_by_code
from tests.test_activities_data_helpers import setup_places
from tests.test_activities_reach_data import setup_reach, table

# (min lon, min lat, max lon, max lat) in WGS84
AROUND_B_AND_C = (10.005, 57.026, 10.040, 57.040)
WEST_OF_KOMMUNE = (9.85, 57.00, 9.95, 57.06)
PERIOD = (date(2026, 1, 1), date(2028, 12, 31))


def add_area(session: Session, kind: str, code: str, name: str,
             box: tuple[float, float, float, float]) -> int:  # fmt: skip
    """An area polygon from a WGS84 box, stored in EPSG:25832 like every loaded area."""
    return int(session.execute(text(
        "INSERT INTO areas (layer_id, kind, code, name, geom) SELECT id, :kind, :code, :name, "
        "ST_Multi(ST_Transform(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326), 25832)) FROM layers "
        "WHERE name = 'testlokaler' RETURNING id"
    ), {"kind": kind, "code": code, "name": name, "x0": box[0], "y0": box[1], "x1": box[2],
        "y1": box[3]}).scalar_one())  # fmt: skip


def add_postnumre(db_url: str) -> None:
    with session_scope(db_url) as s:
        add_area(s, "postnummer", "9210", "Aalborg SØ", AROUND_B_AND_C)
        add_area(s, "postnummer", "9000", "Aalborg", WEST_OF_KOMMUNE)


def test_add_project_with_an_area_stores_it(db_url: str) -> None:
    setup_places(db_url)
    add_postnumre(db_url)
    with session_scope(db_url) as s:
        add_project(s, "SOE", "Aalborg SØ", *PERIOD, "0851", area="postnummer:9210")
        add_project(s, "ALL", "Hele kommunen", *PERIOD, "0851")
    with session_scope(db_url) as s:
        soe, whole = project_by_code(s, "SOE"), project_by_code(s, "ALL")
        assert soe is not None and whole is not None and whole.area_id is None
        area = project_area(s, soe.area_id)
    assert area is not None and (area.kind, area.code, area.name) == ("postnummer", "9210",
                                                                      "Aalborg SØ")  # fmt: skip
    assert area.label == "9210 Aalborg SØ"


@pytest.mark.parametrize(("area", "key", "english"), [
    ("postnummer:9999", "activities.area.unknown", "no postnummer with code '9999' is loaded"),
    ("postnummer:9000", "activities.area.outside", "does not lie in kommune 0851"),
    ("kommune:0851", "activities.area.kind", "unknown area kind 'kommune'"),
    ("9210", "activities.area.format", "write the area as KIND:CODE"),
    ("postnummer:", "activities.area.format", "write the area as KIND:CODE"),
])  # fmt: skip
def test_add_project_refuses_a_bad_area_and_stores_nothing(
    db_url: str, area: str, key: str, english: str
) -> None:
    setup_places(db_url)
    add_postnumre(db_url)
    with pytest.raises(GeodataError) as caught, session_scope(db_url) as s:
        add_project(s, "SOE", "Aalborg SØ", *PERIOD, "0851", area=area)
    assert caught.value.key == key and english in str(caught.value)
    with session_scope(db_url) as s:
        assert project_by_code(s, "SOE") is None


def test_kind_without_danish_letters_and_any_case_is_the_same_kind() -> None:
    assert parse_area(" Boligomraade:BO-1 ") == ("boligområde", "BO-1")
    assert parse_area("POSTNUMMER:9210") == ("postnummer", "9210")


def test_set_project_area_sets_and_clears(db_url: str) -> None:
    setup_reach(db_url)
    add_postnumre(db_url)
    with session_scope(db_url) as s:
        area_id = set_project_area(s, "SOE", "postnummer:9210")
    with session_scope(db_url) as s:
        found = project_by_code(s, "SOE")
        assert found is not None and found.area_id == area_id is not None
    with pytest.raises(GeodataError) as caught, session_scope(db_url) as s:
        set_project_area(s, "SOE", "postnummer:9000")
    assert caught.value.key == "activities.area.outside"
    with session_scope(db_url) as s:
        assert project_by_code(s, "SOE").area_id == area_id  # type: ignore[union-attr]
        set_project_area(s, "SOE", None)
    with session_scope(db_url) as s:
        assert project_by_code(s, "SOE").area_id is None  # type: ignore[union-attr]
    with pytest.raises(GeodataError) as unknown, session_scope(db_url) as s:
        set_project_area(s, "NOPE", "postnummer:9210")
    assert unknown.value.key == "activities.data.no_project"


def test_deleting_the_area_leaves_the_project_without_one(db_url: str) -> None:
    """activity_projects.area_id is ON DELETE SET NULL (migration 0011)."""
    setup_places(db_url)
    add_postnumre(db_url)
    with session_scope(db_url) as s:
        add_project(s, "SOE", "Aalborg SØ", *PERIOD, "0851", area="postnummer:9210")
    with session_scope(db_url) as s:
        s.execute(text("DELETE FROM areas WHERE kind = 'postnummer' AND code = '9210'"))
    with session_scope(db_url) as s:
        found = project_by_code(s, "SOE")
        index = "SELECT 1 FROM pg_indexes WHERE indexdef LIKE '%activity_projects%(area_id)%'"
        indexed = s.execute(text(index)).first()
    assert found is not None and found.area_id is None
    assert indexed is not None


def test_reach_is_judged_inside_the_project_area(db_url: str) -> None:
    """Kommune-wide, Aparken is the one flagged (need rank 1, the lowest reach). Inside 9210 the
    rows are Bparken and Cparken only, and the thirds are taken among them: Bparken has the
    higher need (rank 2 < 3) and the lower reach (50 < 300 per 1,000), so it is flagged."""
    setup_reach(db_url)
    add_postnumre(db_url)
    whole = table(db_url)
    assert whole["high_need_low_reach"].to_dict()["Aparken"]
    assert not whole["high_need_low_reach"].to_dict()["Bparken"]
    with session_scope(db_url) as s:
        set_project_area(s, "SOE", "postnummer:9210")
    inside = table(db_url)
    assert sorted(inside.index) == ["Bparken", "Cparken"]
    assert inside["high_need_low_reach"].to_dict() == {"Bparken": True, "Cparken": False}
    assert inside.index[0] == "Bparken"
    # the figures themselves do not change with the scope, only which rows are compared
    assert inside.loc["Bparken", "per_1000"] == pytest.approx(50.0)
    assert inside.loc["Bparken", "need_rank"] == 2 and inside.loc["Cparken", "need_rank"] == 3


def test_an_estate_counts_where_its_interior_point_lies(db_url: str) -> None:
    """An area that holds Aparken and cuts through Bparken's polygon (a 50 m buffer around its
    centre) but misses Bparken's interior point takes Aparken in and leaves Bparken out."""
    setup_reach(db_url)
    with session_scope(db_url) as s:
        # Bparken's centre is 10.013; the box ends ~30 m west of it (0.0005 degrees of longitude)
        add_area(s, "custom", "WEST", "West of B's centre", (9.995, 57.026, 10.0125, 57.040))
        set_project_area(s, "SOE", "custom:WEST")
    inside = table(db_url)
    assert list(inside.index) == ["Aparken"] and inside.loc["Aparken", "high_need_low_reach"]
