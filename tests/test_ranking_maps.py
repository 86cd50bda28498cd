"""The ranking map builders (mapping/), without a database: legend, marks, classes, escaping."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from mapping.base import render
from mapping.choropleth import RankingMapSpec, build_ranking_map, feature_data
from mapping.ranking_compare import ShiftMapSpec, build_shift_map, shift_bins, shift_class
from mapping.ranking_legend import NEED_PALETTE, decile_colour, rank_colour

EVIL = "<img src=x onerror=alert(1)>"


def areas(n: int = 4) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(
        {
            "area_code": [f"A{i}" for i in range(n)],
            "area_name": [EVIL, *[f"Område {i}" for i in range(1, n)]],
            "rank": pd.array(range(1, n + 1), dtype="Int64"),
            "decile": pd.array([1, 3, 6, 10][:n], dtype="Int64"),
            "p05_rank": [1.0, 1.0, 3.0, 4.0][:n],
            "p95_rank": [1.0, 4.0, 3.0, 4.0][:n],
            "uncertain": [False, True, False, False][:n],
            "top1": ["x", "y", None, "x"][:n],
            "top1_share": [0.5, 0.4, np.nan, 0.9][:n],
            "rs__status": pd.array([True, False, None, False][:n], dtype="boolean"),
            "quadrant": ["high_need_low_capacity", None, "low_need_high_capacity", None][:n],
        }
    )
    shapes = [box(9.9 + i * 0.01, 57.0, 9.905 + i * 0.01, 57.005) for i in range(n)]
    return gpd.GeoDataFrame(frame, geometry=shapes, crs=4326)


def spec(**overrides: object) -> RankingMapSpec:
    base: dict[str, object] = {
        "title": "Profil <b>",
        "n_ranked": 4,
        "indicator_labels": {"x": "lav indkomst", "y": "mange dømte"},
        "rule_sets": [("rs", "Udsat boligområde")],
        "quadrant_labels": {"high_need_low_capacity": "Højt behov, lav kapacitet"},
        "area_link": "/ranking/areas/sogn/{code}?profile=p",
        "uncertain_width": 3,
        "draws": 50,
        "tiles": None,
    }
    return RankingMapSpec(**{**base, **overrides})  # type: ignore[arg-type]


def test_tooltips_carry_rank_interval_contributions_and_lists() -> None:
    data = feature_data(areas(), spec()).set_index(areas()["area_code"])
    assert data.loc["A1", "_rank"] == "2 af 4"
    assert data.loc["A1", "_interval"] == "1–4 (usikker placering)"
    assert data.loc["A0", "_top"] == "lav indkomst (50 % af scoren)"
    assert data.loc["A0", "_status"] == "Udsat boligområde"
    assert data.loc["A2", "_status"] == "ingen"  # unknown status is not "on the list"
    assert data.loc["A0", "_fill"] == NEED_PALETTE[0]
    assert bool(data.loc["A1", "_uncertain"]) and not bool(data.loc["A0", "_uncertain"])
    assert 'href="/ranking/areas/sogn/A3?profile=p"' in data.loc["A3", "_popup"]
    english = feature_data(areas(), spec(lang="en", mode="decile")).set_index("_name")
    assert english["_rank"].iloc[2] == "3 of 4 · Decile 6"


def test_map_has_legend_outlines_and_escapes_names() -> None:
    html = render(build_ranking_map(areas(), spec(), synthetic=["demo_indikatorer"]))
    assert 'data-testid="ranking-legend"' in html
    assert "Usikker placering" in html and "Udsat boligomr" in html
    assert "Behov × kapacitet" in html
    assert 'data-testid="synthetic-notice"' in html and "demo_indikatorer" in html
    # Values reach the page as JSON that Leaflet puts in innerHTML: they must be HTML-escaped.
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert "\\u003cimg src=x" not in html and EVIL not in html
    assert "Profil &lt;b&gt;" in html
    assert '"dashArray": "6 4"' in html  # the uncertain area's outline


def test_decile_mode_colours_by_decile_and_lists_ten_classes() -> None:
    html = render(build_ranking_map(areas(), spec(mode="decile")))
    assert "1. decil (10 % med størst behov)" in html and "10. decil" in html
    assert decile_colour(10) == NEED_PALETTE[-1] and decile_colour(float("nan")) != NEED_PALETTE[0]


@given(st.integers(min_value=2, max_value=3000), st.data())
def test_rank_colours_run_from_darkest_to_lightest(n: int, data: st.DataObject) -> None:
    assert rank_colour(1, n) == NEED_PALETTE[0] and rank_colour(n, n) == NEED_PALETTE[-1]
    a, b = sorted(data.draw(st.lists(st.integers(1, n), min_size=2, max_size=2)))
    darkness = [sum(int(rank_colour(r, n)[i : i + 2], 16) for i in (1, 3, 5)) for r in (a, b)]
    assert darkness[0] <= darkness[1] + 3  # lighter (or equal) as the rank number grows


@given(st.lists(st.integers(-60, 60), min_size=1, max_size=80))
def test_shift_classes_are_symmetric_and_cover_every_shift(shifts: list[int]) -> None:
    values = np.array(shifts, dtype=float)
    bins = shift_bins(values)
    assert bins[-1][1] >= np.abs(values).max()
    for v in shifts:
        k = shift_class(v, bins)
        assert (k == 3) == (v == 0)
        assert shift_class(-v, bins) == 6 - k


def test_shift_map_tooltips_show_both_ranks() -> None:
    frame = areas().assign(
        rank_a=pd.array([1, 2, 3, None], dtype="Int64"),
        rank_b=pd.array([3, 2, 1, 4], dtype="Int64"),
    )
    html = render(build_shift_map(frame, ShiftMapSpec("Sundt", "Boligsocial", "da", None)))
    assert "Rang i A (Sundt)" in html and "Rang i B (Boligsocial)" in html
    assert "2 pladser op" in html and "2 pladser ned" in html and "Uændret" in html
    assert "Ikke rangeret i begge" in html
    assert 'data-testid="ranking-legend"' in html
