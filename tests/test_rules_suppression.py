"""Small-number suppression in every output: engine frames, statutory-list margins, the ranking
API in JSON, CSV and GeoJSON, and the area page.

A criterion's margin (value - threshold) gives the value away as surely as the value itself, so
it must be blanked wherever the value is. Each test here fails when that rule is removed.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope
from indicators import parse_profile, publishable, rank_areas, suppression_mask
from usecases.ranking import run_ranking

FOREBYG = "forebyggelsesomraade_2024"
PARALLEL = "parallelsamfund_2024"


def small_profile(**extra: object):  # type: ignore[no-untyped-def]
    return parse_profile(
        {
            "name": "small",
            "id_column": "id",
            "residents_column": "residents",
            "indicators": [
                {"column": "non_western_pct", "direction": "higher_is_worse"},
                {"column": "er", "direction": "higher_is_worse", "count_kind": "events"},
                {"column": "lonely_pct", "direction": "higher_is_worse"},
            ],
            **extra,
        }
    )


CALM = {
    "residents": 2000.0,
    "outside_work_edu_pct": 35.0,
    "convictions_ratio": 1.0,
    "basic_school_only_pct": 20.0,
    "income_pct_region": 90.0,
    "er": 3.0,
    "lonely_pct": 10.0,
}


def table() -> pd.DataFrame:
    """Areas at and around the thresholds: 20 persons and 5 events are enough, 19 and 4 not."""
    rows = [
        {"id": "a", "non_western_pct": 60.0, "non_western_pct__den": 19.0, "er__den": 5.0},
        {"id": "b", "non_western_pct": 45.0, "non_western_pct__den": 20.0, "er__den": 4.0},
        {"id": "c", "non_western_pct": 55.0, "non_western_pct__den": np.nan, "er__den": 50.0},
        {"id": "d", "non_western_pct": 20.0, "non_western_pct__den": 400.0, "er__den": 80.0},
        {"id": "e", "non_western_pct": 35.0, "non_western_pct__den": 900.0, "er__den": 90.0},
    ]
    frame = pd.DataFrame([{**CALM, **row} for row in rows])
    frame.loc[frame["id"] == "e", "residents"] = 19.0  # lonely_pct falls back to residents
    return frame


def test_mask_at_the_thresholds() -> None:
    mask = suppression_mask(table(), small_profile())
    assert mask[:, 0].tolist() == [True, False, True, False, False]  # persons: 19, 20, NaN
    assert mask[:, 1].tolist() == [False, True, False, False, False]  # events: 5 ok, 4 not
    assert mask[:, 2].tolist() == [False, False, False, False, True]  # residents fallback 19


def test_thresholds_come_from_the_profile() -> None:
    strict = small_profile(small_numbers={"min_persons": 21, "min_events": 6})
    mask = suppression_mask(table(), strict)
    assert mask[:, 0].tolist() == [True, True, True, False, False]
    assert mask[:, 1].tolist() == [True, True, False, False, False]


def test_engine_result_blanks_every_published_column() -> None:
    frame = publishable(rank_areas(table(), small_profile()))
    hidden = frame["id"] == "a"
    for prefix in ("value__", "norm__", "contrib__", "share__"):
        assert frame.loc[hidden, f"{prefix}non_western_pct"].isna().all()
        assert frame.loc[frame["id"] == "d", f"{prefix}non_western_pct"].notna().all()
    assert frame["suppressed__non_western_pct"].tolist() == [True, False, True, False, False]
    assert frame["suppressed"].tolist() == [True, True, True, False, True]
    assert frame["rank"].notna().all()  # the composite stays published


def test_raw_table_blanks_value_numerator_and_denominator() -> None:
    raw = table().assign(non_western_pct__num=[3.0, 9.0, 1.0, 80.0, 300.0])
    frame = publishable(raw, small_profile())
    first = frame.iloc[0]
    assert pd.isna(first["non_western_pct"]) and pd.isna(first["non_western_pct__num"])
    assert pd.isna(first["non_western_pct__den"])
    assert frame.iloc[3]["non_western_pct"] == 20.0


@pytest.mark.parametrize("rule_set", [FOREBYG, PARALLEL])
def test_rule_set_margins_follow_the_values_suppression(rule_set: str) -> None:
    run = run_ranking(table(), small_profile(rule_sets=[rule_set]), "small")
    margin = run.frame[f"{rule_set}__non_western__margin"]
    met = run.frame[f"{rule_set}__non_western__met"]
    assert margin.isna().tolist() == [True, False, True, False, False]
    assert met.isna().tolist() == [True, False, True, False, False]
    threshold = 30.0 if rule_set == FOREBYG else 50.0
    assert margin.iloc[3] == 20.0 - threshold
    assert margin.iloc[1] == 45.0 - threshold


def test_residents_margin_follows_the_residents_rule() -> None:
    run = run_ranking(table(), small_profile(rule_sets=[FOREBYG]), "small")
    margin = run.frame[f"{FOREBYG}__residents__margin"]
    # e (19 residents) is hidden, and a with it: one lone hidden cell would be given away by
    # the published total (secondary suppression)
    assert margin.isna().tolist() == [True, False, False, False, True]
    assert margin.iloc[1] == 2000.0 - 1000.0


def test_hidden_indicator_is_never_named_as_a_reason() -> None:
    data = table()
    data.loc[data["id"] == "a", "non_western_pct"] = 99.0  # would be the top reason
    frame = run_ranking(data, small_profile(), "small").frame
    first = frame.iloc[0]
    named = [first[f"top{k}"] for k in (1, 2, 3)]
    assert "non_western_pct" not in named
    assert "non_western_pct" in list(frame.iloc[4][["top1", "top2", "top3"]])


# --- through the app, on the demo -----------------------------------------------------------

KIND = "boligområde"
PROFILE = "boligsocial"
COLUMN = "non_western_pct"


@pytest.fixture
def shrunk(demo_url: str) -> tuple[str, float]:
    """Give one boligområde a base of 5 for non_western_pct; returns (area code, its value)."""
    with session_scope(demo_url) as s:
        code, value = s.execute(
            text(
                "SELECT a.code, v.value FROM indicator_values v JOIN areas a ON a.id = v.area_id "
                "WHERE a.kind = :k AND v.indicator_code = :c AND v.value IS NOT NULL "
                "ORDER BY v.value DESC LIMIT 1"
            ),
            {"k": KIND, "c": COLUMN},
        ).one()
        s.execute(
            text(
                "UPDATE indicator_values SET denominator = 5, numerator = 3 FROM areas a "
                "WHERE a.id = indicator_values.area_id AND a.kind = :k AND a.code = :code "
                "AND indicator_values.indicator_code = :c"
            ),
            {"k": KIND, "code": code, "c": COLUMN},
        )
    return str(code), float(value)


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="suppression-test")
    return TestClient(create_app(settings, database_url=demo_url), follow_redirects=False)


def test_db_api_outputs_blank_the_margins(client: TestClient, shrunk: tuple[str, float]) -> None:
    code, _ = shrunk
    body = {"profile": PROFILE, "area_kind": KIND, "draws": 10, "seed": 1}
    areas = {a["area_code"]: a for a in client.post("/api/ranking/run", json=body).json()["areas"]}
    margins = [k for k in areas[code] if "__non_western__" in k]
    assert margins, "the boligsocial profile should evaluate the statutory lists"
    assert all(areas[code][k] is None for k in margins)
    others = [a for c, a in areas.items() if c != code]
    assert any(a[margins[0]] is not None for a in others)
    csv = client.post("/api/ranking/run?format=csv", json=body)
    frame = pd.read_csv(io.StringIO(csv.text), dtype={"area_code": str}).set_index("area_code")
    assert frame.loc[code, margins].isna().all()
    geo = client.post("/api/ranking/run?format=geojson", json=body).json()
    props = next(f["properties"] for f in geo["features"] if f["properties"]["area_code"] == code)
    assert not [k for k, v in props.items() if COLUMN in k or v == COLUMN]


def test_db_area_page_hides_value_and_margins(
    client: TestClient, shrunk: tuple[str, float]
) -> None:
    code, value = shrunk
    page = client.get(f"/ranking/areas/{quote(KIND)}/{quote(code)}", params={"profile": PROFILE})
    assert page.status_code == 200
    html = page.text
    assert "skjult (små tal)" in html
    shown = [f"{value:.1f}".replace(".", ","), f"{value - 30:+.1f}".replace(".", ",")]
    shown.append(f"{value - 50:+.1f}".replace(".", ","))
    assert not [s for s in shown if s in html], shown


# --- edges of the mask (found by mutation testing) ------------------------------------------


def test_an_indicator_without_a_base_does_not_stop_the_check() -> None:
    """Events without a __den column cannot be checked; the indicators after it still are."""
    profile = parse_profile(
        {
            "name": "order",
            "id_column": "id",
            "residents_column": "residents",
            "indicators": [
                {"column": "er", "direction": "higher_is_worse", "count_kind": "events"},
                {"column": "non_western_pct", "direction": "higher_is_worse"},
            ],
        }
    )
    data = table().drop(columns=["er__den"]).assign(residents=3.0)
    mask = suppression_mask(data, profile)
    assert mask[:, 0].tolist() == [False] * 5  # residents are no base for events
    assert mask[:, 1].tolist() == [True, False, True, False, False]


def test_unreadable_base_counts_as_too_small() -> None:
    data = table().astype({"non_western_pct__den": object, "residents": object})
    data.loc[3, "non_western_pct__den"] = "skjult"
    data.loc[0, "residents"] = "ukendt"
    mask = suppression_mask(data, small_profile())
    assert mask[:, 0].tolist() == [True, False, True, True, False]
    assert mask[:, 2].tolist() == [True, False, False, False, True]


def test_flags_follow_the_tables_own_index() -> None:
    data = table().set_axis([10, 11, 12, 13, 14])
    frame = publishable(data, small_profile())
    assert frame["suppressed"].tolist() == [True, True, True, False, True]
    result = publishable(rank_areas(data, small_profile()))
    assert result["suppressed"].tolist() == [True, True, True, False, True]


def test_raw_table_needs_its_profile() -> None:
    from indicators import DataError

    with pytest.raises(DataError, match="needs the profile that says which columns"):
        publishable(table())


def test_reasons_are_the_largest_published_contributions_in_order() -> None:
    """top1..3 and their shares: largest positive published contribution first, none other."""
    frame = run_ranking(table(), small_profile(), "small").frame
    columns = small_profile().columns
    for _, row in frame.iterrows():
        contrib = {c: row[f"contrib__{c}"] for c in columns}
        positive = [c for c in columns if np.isfinite(contrib[c]) and contrib[c] > 0]
        expected = sorted(positive, key=lambda c: -contrib[c])[:3]
        named = [None if pd.isna(row[f"top{k}"]) else row[f"top{k}"] for k in (1, 2, 3)]
        assert named == expected + [None] * (3 - len(expected))
        for k, column in enumerate(expected, start=1):
            assert row[f"top{k}_share"] == row[f"share__{column}"]
        for k in range(len(expected) + 1, 4):
            assert np.isnan(row[f"top{k}_share"])
    assert any(row["top2"] is not None for _, row in frame.iterrows())
