"""Demand points and candidate venues for the venue finder, on the small Aalborg SØ fixtures.

The fixture world (tests/data/network/make_fixtures.py): a 4 × 4 population raster of 100 m
cells (227 residents, 36 aged 65+), postnummer 9210 over the west half, sogne S1 (west) and S2
(east), one estate (120 residents) over four cells, and venues V1-V6 with known attributes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from affine import Affine
from sqlalchemy import text

from geodata.db import session_scope
from geodata.errors import GeodataError, NotFoundError
from geodata.loaders import LoadOptions, load
from geodata.network import load_network_file
from geodata.queries.venue_costs import walking_costs
from geodata.queries.venue_eligibility import available, parse_interval
from geodata.queries.venue_inputs import (
    Eligibility,
    StudyArea,
    candidate_venues,
    demand_points,
)

NETWORK = Path(__file__).parent / "data" / "network"
SO_9210 = StudyArea("postnummer", "9210")
WORLD = [
    ("areas", "postnummer_grid.geojson", {"area_kind": "postnummer"}),
    ("areas", "sogne_grid.geojson", {"area_kind": "sogn"}),
    ("population", "population_grid.tif", {}),
    ("estates", "estates_grid.geojson", {}),
    ("venues", "venues_grid.geojson", {}),
]


@pytest.fixture
def world(db_url: str) -> str:
    for kind, name, options in WORLD:
        with session_scope(db_url) as session:
            load(session, kind, LoadOptions(path=NETWORK / name, **options))  # type: ignore[arg-type]
    return db_url


def demand(url: str, target: str = "residents", **kw: object) -> dict[str, float]:
    with session_scope(url) as session:
        frame = demand_points(session, target, **kw)  # type: ignore[arg-type]
    assert list(frame.columns) == ["demand_id", "weight", "x", "y"]
    return dict(zip(frame.demand_id, frame.weight, strict=True))


def venues(url: str, area: StudyArea | None = None, **rules: object) -> list[str]:
    with session_scope(url) as session:
        frame = candidate_venues(session, Eligibility(**rules), area=area)  # type: ignore[arg-type]
    return list(frame.candidate_id)


def test_demand_by_target_group(world: str) -> None:
    residents = demand(world)
    older = demand(world, "65+")
    assert (len(residents), sum(residents.values())) == (14, 227)  # empty cells are not stored
    assert (len(older), sum(older.values())) == (11, 36)  # cells without 65+ are dropped
    assert older["100m_63180_5560"] == 10 and residents["100m_63180_5560"] == 50


def test_demand_inside_a_study_area(world: str) -> None:
    inside = demand(world, area=SO_9210)
    assert sum(inside.values()) == 106
    assert all(int(cell.split("_")[2]) in (5560, 5561) for cell in inside)  # the west columns
    with pytest.raises(NotFoundError):
        demand(world, area=StudyArea("postnummer", "9999"))


def test_social_housing_demand_as_cells_or_estates(world: str) -> None:
    cells = demand(world, "almene boliger")
    assert cells == {"100m_63182_5562": 15, "100m_63182_5563": 25,
                     "100m_63183_5562": 30, "100m_63183_5563": 40}  # fmt: skip
    with session_scope(world) as session:
        estates = demand_points(session, "almene boliger", estates_as="estates")
    assert estates.to_dict("records") == [
        {"demand_id": "Test Bolig:7", "weight": 120.0, "x": 556_300.0, "y": 6_318_300.0}
    ]
    assert demand(world, "almene boliger", area=SO_9210) == {}


def test_need_weighted_demand(world: str) -> None:
    weighted = demand(world, "need", need_scores={"S1": 2.0, "S2": 0.5})
    assert weighted["100m_63180_5560"] == 100.0 and weighted["100m_63183_5563"] == 20.0
    assert sum(weighted.values()) == pytest.approx(106 * 2.0 + 121 * 0.5)
    only_west = demand(world, "need", need_scores={"S1": 1.0, "S2": 0.0})
    assert sum(only_west.values()) == 106
    with pytest.raises(NotFoundError, match="need_area_kind"):
        demand(world, "need", need_scores={"S1": 1.0}, need_area_kind="boligområde")
    with pytest.raises(GeodataError, match="need_scores"):
        demand(world, "need")
    with pytest.raises(GeodataError, match="≥ 0"):
        demand(world, "need", need_scores={"S1": -1.0})
    with pytest.raises(GeodataError, match="unknown target"):
        demand(world, "children")


def test_65plus_demand_needs_a_second_band(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "one_band.tif"
    transform = Affine(100, 0, 556_000, 0, -100, 6_318_100)
    profile = {"driver": "GTiff", "height": 1, "width": 1, "count": 1, "dtype": "int32",
               "crs": "EPSG:25832", "transform": transform}  # fmt: skip
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.array([[7]], dtype=np.int32), 1)
    with session_scope(db_url) as session:
        load(session, "population", LoadOptions(path=path))
    assert demand(db_url) == {"100m_63180_5560": 7}
    with pytest.raises(GeodataError, match="65\\+"):
        demand(db_url, "65+")


ELIGIBILITY_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["V1", "V2", "V3", "V4", "V5", "V6"]),
    ({"weekdays": ("tir", "tor"), "time_window": "10:00-12:00"}, ["V1", "V3", "V4", "V5"]),
    ({"weekdays": ("tor",), "time_window": "12:00-14:00"}, ["V1", "V3", "V5"]),  # V4 has a gap
    ({"weekdays": ("tir",), "time_window": "09:00-15:00"}, ["V1", "V4", "V5"]),  # V1: exact fit
    ({"weekdays": ("tir",), "time_window": "08:30-15:00"}, ["V4"]),
    ({"weekdays": ("son",)}, ["V3"]),
    ({"time_window": "20:00-22:00"}, ["V5"]),  # any weekday
    ({"step_free": True}, ["V1", "V3", "V4", "V5", "V6"]),
    ({"kitchen": True}, ["V1", "V2", "V4", "V5"]),
    ({"min_capacity": 60}, ["V1", "V3", "V6"]),
    ({"types": ("faelleshus", "aktivitetscenter")}, ["V1", "V4"]),
    ({"bookable_only": True}, ["V1", "V2", "V4", "V5", "V6"]),
    ({"step_free": True, "kitchen": True, "bookable_only": True, "min_capacity": 35,
      "weekdays": ("tir", "tor"), "time_window": "10:00-12:00"}, ["V1", "V5"]),
]  # fmt: skip


def test_eligibility_filters(world: str) -> None:
    for rules, expected in ELIGIBILITY_CASES:
        assert venues(world, **rules) == expected, rules


def test_unknown_values_fail_requirements(world: str) -> None:
    with session_scope(world) as session:
        session.execute(text("UPDATE venues SET capacity = NULL, step_free = NULL "
                             "WHERE venue_key = 'V4'"))  # fmt: skip
    assert "V4" not in venues(world, min_capacity=1)
    assert "V4" not in venues(world, step_free=True)
    assert "V4" in venues(world)
    assert "V6" not in venues(world, time_window="00:00-00:30")  # V6 has no availability


def test_candidates_in_study_area_with_buffer(world: str) -> None:
    assert venues(world, SO_9210) == ["V1", "V4"]  # V4 lies on the boundary
    assert venues(world, StudyArea("postnummer", "9210", buffer_m=450)) == [
        "V1", "V2", "V3", "V4", "V5"
    ]  # fmt: skip
    assert venues(world, StudyArea("postnummer", "9210", buffer_m=449)) == ["V1", "V2", "V3", "V4"]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"types": ("faelleshus", "cafe")}, "unknown venue types"),
        ({"weekdays": ("tuesday",)}, "unknown weekdays"),
        ({"time_window": "14:00-10:00"}, "HH:MM-HH:MM"),
        ({"time_window": "morning"}, "HH:MM-HH:MM"),
        ({"min_capacity": -1}, "min_capacity"),
    ],
)
def test_invalid_requirements_are_rejected(
    db_url: str, rules: dict[str, Any], message: str
) -> None:
    with pytest.raises(GeodataError, match=message):
        venues(db_url, **rules)


def test_interval_parsing_and_fit() -> None:
    assert parse_interval("08:00-16:00") == (480, 960)
    assert parse_interval("8.00 – 16.30") == (480, 990)
    assert parse_interval("18:00-24:00") == (1080, 1440)
    assert parse_interval("16:00-08:00") is None and parse_interval("8-16") is None
    free = {"tir": ["08:00-12:00", "bad", "13:00-16:00"], "tor": "08:00-16:00"}
    assert available(free, ["tir"], (780, 960))
    assert not available(free, ["tir"], (690, 810))  # spans the lunch gap
    assert not available(free, ["tor"], None)  # not a list: unreadable, so not free
    assert not available(None, [], None)


def test_inputs_feed_the_cost_matrix_end_to_end(world: str) -> None:
    with session_scope(world) as session:
        load_network_file(session, NETWORK / "grid_aalborg_so.geojson")
        area = StudyArea("postnummer", "9210", buffer_m=500)
        people = demand_points(session, "65+", area=SO_9210)
        rooms = candidate_venues(
            session, Eligibility(weekdays=("tir", "tor"), time_window="10:00-12:00"), area=area
        )
        matrix = walking_costs(session, people, rooms, cutoff=15, unit="min")
    pairs = matrix.pairs.set_index(["demand_id", "candidate_id"])
    assert list(rooms.candidate_id) == ["V1", "V3", "V4", "V5"]
    assert matrix.method == "network"
    assert set(pairs.index.get_level_values(0)) <= set(people.demand_id)
    # Cell centre (50, 50) to V1 at the corner: 50 m onto a street, 50 m along it.
    assert pairs.loc[("100m_63180_5560", "V1"), "distance_m"] == pytest.approx(100.0)
    # Cell centre (150, 150) is 50 m from four streets; the best is x = 200, then north 50 m
    # and east 200 m to the junction (400, 200), then 250 m on to V5 east of the grid.
    assert pairs.loc[("100m_63181_5561", "V5"), "distance_m"] == pytest.approx(50 + 50 + 200 + 250)
    assert matrix.notes == ()  # V5 is 250 m from the grid: not more than the 250 m warning


def test_demo_coordinator_question_runs_on_straight_lines(demo_url: str) -> None:
    """The Aalborg demo has no network: the question still gets a labelled straight-line answer."""
    with session_scope(demo_url) as session:
        people = demand_points(session, "65+", area=SO_9210)
        rooms = candidate_venues(
            session,
            Eligibility(step_free=True, weekdays=("tir", "tor"), time_window="10:00-12:00"),
            area=StudyArea("postnummer", "9210", buffer_m=500),
        )
        matrix = walking_costs(session, people, rooms, cutoff=15, unit="min")
    assert len(people) and len(rooms)
    assert matrix.method == "straight_line" and "no walking network" in matrix.describe()
    assert matrix.pairs["cost"].max() <= 15
    assert set(matrix.pairs.candidate_id) <= set(rooms.candidate_id)
