"""The reach table and the venue feedback on a constructed kommune (real PostGIS).

Three sogne S1-S3 ranked by a two-indicator profile (S1 the most need), estates placed in them
with known residents, and sessions whose participants live there: every figure below is worked
out by hand from those numbers.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.activities_sessions import CountInput, register_session
from geodata.db import session_scope
from geodata.network import load_network_file
from geodata.queries.activities import project_by_code
from indicators import Profile, parse_profile
from tests.helpers import load_file
from tests.test_activities_data_helpers import KEY, TODAY, draft, setup_project
from usecases.activities_reach import (
    REACH_COLUMNS,
    distance_bands,
    high_need_low_reach,
    reach_map_url,
    reach_table,
    venue_feedback,
    walk_distances,
)

# estate name -> (lon, lat, residents): A in S1 (most need), B in S2, C in S3
ESTATES = {"Aparken": (9.998, 57.033, 400), "Bparken": (10.013, 57.033, 200),
           "Cparken": (10.030, 57.033, 100)}  # fmt: skip
PROFILE = {
    "name": "test", "id_column": "area_code", "normalisation": "minmax",
    "indicators": [
        {"column": "smoking_pct", "direction": "higher_is_worse", "weight": 1},
        {"column": "employment_rate", "direction": "lower_is_worse", "weight": 1},
    ],
}  # fmt: skip


def resolve(session: Session | None, key: str) -> Profile:
    return parse_profile({**PROFILE, "name": key})


def add_estate(session: Session, name: str, lon: float, lat: float, residents: int) -> None:
    session.execute(text(
        "INSERT INTO estates (layer_id, boligorganisation, afdeling_nr, name, residents, "
        "list_status, geom) SELECT id, 'Test', :nr, :name, :r, '{}', ST_Multi(ST_Buffer("
        "ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 25832), 50)) FROM layers "
        "WHERE name = 'testlokaler'"
    ), {"nr": name[0], "name": name, "r": residents, "lon": lon, "lat": lat})  # fmt: skip


def setup_reach(db_url: str) -> None:
    """The SOE project, sogne indicators and the three estates with visits: A 4, B 10, C 30."""
    setup_project(db_url)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv", layer="defs")
    load_file(db_url, "indicators", "indicators_long.csv", layer="ind")
    with session_scope(db_url) as s:
        for name, (lon, lat, residents) in ESTATES.items():
            add_estate(s, name, lon, lat, residents)
        for day, (name, n) in enumerate((("Aparken", 4), ("Bparken", 10), ("Cparken", 30))):
            counts = (CountInput("18-29", "estate", n, name),)
            held = date(2026, 2, 10 + day)
            register_session(s, "SOE", draft(counts=counts, held_on=held), key=KEY, today=TODAY)


def table(db_url: str, as_of: date = TODAY):  # type: ignore[no-untyped-def]
    with session_scope(db_url) as s:
        project = project_by_code(s, "SOE")
        assert project is not None
        return reach_table(s, project, 2026, "test", as_of, resolve=resolve).set_index("name")


def test_per_1000_is_visits_over_residents_and_need_comes_from_the_holding_sogn(
    db_url: str,
) -> None:
    setup_reach(db_url)
    frame = table(db_url)
    # Aparken: 4 visits / 400 residents * 1000 = 10; Bparken 10/200 -> 50; Cparken 30/100 -> 300
    assert frame.loc["Aparken", "per_1000"] == pytest.approx(10.0)
    assert frame.loc["Bparken", "per_1000"] == pytest.approx(50.0)
    assert frame.loc["Cparken", "per_1000"] == pytest.approx(300.0)
    assert frame.loc["Aparken", "residents"] == 400 and frame.loc["Cparken", "visits"] == 30
    # S1 smokes most and works least: rank 1, score 1 under minmax; S3 the reverse
    assert frame.loc["Aparken", "need_code"] == "S1" and frame.loc["Aparken", "need_rank"] == 1
    assert frame.loc["Aparken", "need_score"] == pytest.approx(1.0)
    assert frame.loc["Cparken", "need_code"] == "S3" and frame.loc["Cparken", "need_rank"] == 3
    # Kildeparken (S1, no residents known, no grid loaded) has no rate and is never flagged
    assert frame.loc["Kildeparken", "visits"] == 0
    assert pd.isna(frame.loc["Kildeparken", "residents"])
    assert not frame.loc["Kildeparken", "high_need_low_reach"]
    assert set(REACH_COLUMNS) <= {*frame.columns, frame.index.name}


def test_high_need_and_low_reach_is_flagged_and_listed_first(db_url: str) -> None:
    setup_reach(db_url)
    frame = table(db_url)
    # need ranks 1 (A, Kildeparken), 2, 3: top third of 4 = ranks <= 2 -> A and Kildeparken;
    # reach of the 3 with residents: bottom third = the lowest (A, 10 per 1,000)
    assert frame["high_need_low_reach"].to_dict() == {
        "Aparken": True, "Kildeparken": False, "Bparken": False, "Cparken": False,
    }  # fmt: skip
    assert frame.index[0] == "Aparken"
    assert not frame["synthetic"].any()


def test_the_year_stops_at_the_as_of_day(db_url: str) -> None:
    setup_reach(db_url)
    # the sessions were held 2026-02-10, -11 and -12 (A, B, C)
    assert table(db_url, date(2026, 2, 9))["visits"].sum() == 0
    assert table(db_url, date(2026, 2, 11))["visits"].sum() == 4 + 10
    assert table(db_url, date(2026, 2, 12))["visits"].sum() == 44


def test_flag_rule_uses_thirds_of_the_rows_with_values() -> None:
    need = pd.Series([1, 2, 3, 4, 5, 6], dtype="Int64")
    per = pd.Series([0.0, 90.0, 1.0, 2.0, 50.0, float("nan")])
    # top third of need: ranks 1-2; bottom third of 5 rates: the lowest 2 (0.0 and 1.0)
    assert high_need_low_reach(need, per).tolist() == [True, False, False, False, False, False]


def test_distance_bands_straight_line(db_url: str) -> None:
    """Kildeparken's interior point is V1's point; V2 lies ~376 m away, V3 ~616 m, and
    Cparken ~2.4 km from V1 (no network loaded, so straight lines)."""
    setup_project(db_url)
    with session_scope(db_url) as s:
        add_estate(s, "Cparken", *ESTATES["Cparken"])
        visits = (("V1", "Kildeparken", 3), ("V2", "Kildeparken", 5), ("V3", "Kildeparken", 7),
                  ("V1", "Cparken", 2))  # fmt: skip
        for day, (venue, estate, n) in enumerate(visits):
            counts = (CountInput("18-29", "estate", n, estate), CountInput("80+", "unknown", 9))
            one = draft(venue_key=venue, counts=counts, held_on=date(2026, 3, 1 + day))
            register_session(s, "SOE", one, key=KEY, today=TODAY)
        project = project_by_code(s, "SOE")
        assert project is not None
        venues, bands, method = venue_feedback(s, project, 2026, TODAY)
    assert method == "straight_line"
    assert bands.set_index("band")["visits"].to_dict() == {
        "0-250": 3, "250-500": 5, "500-1000": 7, "1000-2000": 0, "2000+": 2,
    }  # fmt: skip
    assert bands["share"].sum() == pytest.approx(1.0)
    by_key = venues.set_index("venue_key")
    # unknown homes count as visits at the venue, not in the bands
    assert by_key.loc["V1", "visits"] == 3 + 9 + 2 + 9 and by_key.loc["V1", "sessions"] == 2
    assert pd.isna(by_key.loc["V2", "unique"])
    assert by_key.loc["V1", "catchment_m"] == 800.0


def test_band_edges_belong_to_the_band_above() -> None:
    frame = distance_bands(pd.Series([0.0, 250.0, 1999.9, 2000.0]), pd.Series([1, 2, 3, 4]))
    assert frame["visits"].tolist() == [1, 2, 0, 3, 4]


def test_map_url_carries_year_and_profile() -> None:
    assert reach_map_url("SOE", 2026, None) == "/activities/SOE/reach/map?year=2026"
    assert reach_map_url("SOE", 2026, "boligsocial").endswith("year=2026&profile=boligsocial")


def test_walks_follow_the_network_where_one_is_loaded(db_url: str) -> None:
    """On the 100 m street grid a home at a corner and a place three blocks up and across are
    600 m apart on foot but 424 m in a straight line: a different band."""
    x0, y0 = 556_000, 6_318_000  # the grid's origin (tests/data/network)
    with session_scope(db_url) as s:
        load_network_file(s, Path(__file__).parent / "data" / "network" / "grid_aalborg_so.geojson")
    pairs = pd.DataFrame({
        "home_id": ["e1"], "hx": [x0], "hy": [y0], "place_id": ["v1"], "px": [x0 + 300.0],
        "py": [y0 + 300.0], "straight_m": [math.hypot(300, 300)], "visits": [5],
    })  # fmt: skip
    with session_scope(db_url) as s:
        distances, method = walk_distances(s, pairs)
    assert method == "network" and distances.tolist() == pytest.approx([600.0])
    bands = distance_bands(distances, pairs["visits"]).set_index("band")["visits"]
    assert bands["500-1000"] == 5 and bands["250-500"] == 0


def test_a_boligomraade_counts_its_own_visits_and_those_of_its_estates(db_url: str) -> None:
    setup_reach(db_url)
    with session_scope(db_url) as s:
        s.execute(text(
            "INSERT INTO areas (layer_id, kind, code, name, residents, geom) SELECT id, "
            "'boligområde', 'BO-T', 'Aparken-området', 1000, ST_Multi(ST_Buffer(ST_Transform("
            "ST_SetSRID(ST_MakePoint(9.998, 57.033), 4326), 25832), 300)) FROM layers "
            "WHERE name = 'testlokaler'"
        ))  # fmt: skip
        counts = (CountInput("30-49", "boligomraade", 6, "BO-T"),)
        one = draft(counts=counts, held_on=date(2026, 2, 20))
        register_session(s, "SOE", one, key=KEY, today=TODAY)
    frame = table(db_url).set_index("area_kind", append=True)
    area = frame.loc[("Aparken-området", "boligomraade")]
    # 6 living in the area + 4 from Aparken, whose interior point lies in it: 10 / 1000 * 1000
    assert area["visits"] == 10 and area["per_1000"] == pytest.approx(10.0)
    assert area["need_code"] == "S1"
    assert frame.loc[("Aparken", "estate"), "visits"] == 4  # the estate keeps only its own
