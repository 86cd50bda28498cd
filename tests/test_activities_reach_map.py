"""The reach map builder without a database: layers, the flagged outline, escaping, legend."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from mapping.activities_map import (
    FLAG_WEIGHT,
    REACH_PALETTE,
    ReachMapSpec,
    build_reach_map,
    feature_data,
    nice_ceiling,
    reach_colour,
)
from mapping.base import render
from mapping.ranking_legend import NEED_PALETTE, NO_RANK


def areas(flags: tuple[bool, bool] = (True, False)) -> gpd.GeoDataFrame:
    frame = pd.DataFrame({
        "area_kind": ["estate", "boligomraade"], "area_id": [1, 2], "code": ["T 1", "BO-1"],
        "name": ["<script>alert(1)</script>", "Gug `Engpark`"], "residents": [400, None],
        "visits": [4, 0], "per_1000": [10.0, float("nan")], "need_score": [1.0, 0.2],
        "need_rank": pd.array([1, 2], dtype="Int64"), "high_need_low_reach": list(flags),
        "synthetic": [True, True], "need_name": ["Øst Sogn", None],
    })  # fmt: skip
    shapes = [box(9.99, 57.03, 9.995, 57.033), box(9.98, 57.02, 10.0, 57.04)]
    return gpd.GeoDataFrame(frame, geometry=shapes, crs=4326)


def test_flagged_areas_get_a_thick_outline_layer_and_names_are_escaped() -> None:
    html = render(build_reach_map(areas(), ReachMapSpec(tiles=None, synthetic=["demo"])))
    assert "<script>alert(1)</script>" not in html
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html  # escaped, then JSON-encoded
    assert f'"weight": {FLAG_WEIGHT}' in html
    assert 'data-testid="synthetic-notice"' in html and 'data-testid="ranking-legend"' in html


def test_fills_follow_each_area_after_estates_are_moved_on_top() -> None:
    data = feature_data(areas(), "da", n_ranked=2, high=50.0)
    # the boligområde (rank 2, no rate) is drawn first, the estate (rank 1, 10 per 1,000) last
    assert data["_need_fill"].tolist() == [NEED_PALETTE[-1], NEED_PALETTE[0]]
    assert data["_reach_fill"].tolist() == [NO_RANK, reach_colour(10.0, 50.0)]
    assert data["_flag"].tolist() == [False, True]


def test_no_flag_layer_without_flagged_areas() -> None:
    html = render(build_reach_map(areas((False, False)), ReachMapSpec(tiles=None)))
    assert f'"weight": {FLAG_WEIGHT}' not in html


def test_reach_colours_and_scale_top() -> None:
    assert nice_ceiling(1228.3) == 2000 and nice_ceiling(50.0) == 50 and nice_ceiling(0.0) == 1
    assert reach_colour(0.0, 50) == REACH_PALETTE[0]
    assert reach_colour(80.0, 50) == REACH_PALETTE[-1]
    assert reach_colour(float("nan"), 50) == NO_RANK


def test_the_map_url_counts_to_the_same_day_as_the_table_beside_it() -> None:
    """A quarterly status embeds the map as of the quarter's end, not the year so far."""
    from datetime import date

    from usecases.activities_reach import reach_map_url

    url = reach_map_url("SØ 1", 2026, "boligsocial", date(2026, 9, 30))
    assert url == (
        "/activities/S%C3%98%201/reach/map?year=2026&as_of=2026-09-30&profile=boligsocial"
    )
    assert "as_of" not in reach_map_url("SOE", 2026, None)
