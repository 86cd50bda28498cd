"""Need x capacity (ABCD) quadrants."""

import numpy as np
import pandas as pd
import pytest

from indicators import DataError, need_capacity, parse_profile, per_1000, rank_areas

CAPACITY = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "assets_per_1000": [1.0, 5.0, 1.0, 5.0],
        "associations_per_1000": [0.5, 2.0, 0.5, 2.0],
        "venues_per_1000": [0.5, 1.0, 0.5, 1.0],
    }
)
NEED = pd.Series([0.9, 0.8, 0.1, 0.2], index=["a", "b", "c", "d"])


def test_median_split_quadrants_and_labels() -> None:
    # capacity sums 2, 8, 2, 8 (median 5); need median 0.5
    out = need_capacity(NEED, CAPACITY, "id")
    assert out["capacity"].tolist() == [2.0, 8.0, 2.0, 8.0]
    assert out["quadrant"].tolist() == [
        "high_need_low_capacity",
        "high_need_high_capacity",
        "low_need_low_capacity",
        "low_need_high_capacity",
    ]
    assert out.loc[0, "label_da"] == "Højt behov, lav kapacitet"
    assert out.loc[3, "label_en"] == "Low need, high capacity"


def test_median_area_counts_as_low_and_splits_are_configurable() -> None:
    need = pd.Series([0.1, 0.5, 0.9, 0.7], index=["a", "b", "c", "d"])
    out = need_capacity(need, CAPACITY, "id")
    assert out["need_high"].tolist() == [False, False, True, True]  # median 0.6
    fixed = need_capacity(need, CAPACITY, "id", need_split=0.5, capacity_split=1.0)
    assert fixed["need_high"].tolist() == [False, False, True, True]
    assert fixed["capacity_high"].all()
    upper = need_capacity(need, CAPACITY, "id", need_quantile=0.75)
    assert upper["need_high"].tolist() == [False, False, True, False]


def test_from_ranking_result_and_per_1000() -> None:
    table = pd.DataFrame({"id": ["a", "b"], "x": [1.0, 2.0]})
    result = rank_areas(
        table,
        parse_profile(
            {
                "name": "n",
                "id_column": "id",
                "indicators": [{"column": "x", "direction": "higher_is_worse"}],
            }
        ),
    )
    cap = pd.DataFrame(
        {"id": ["a", "b"], "venues": per_1000(pd.Series([3, 1]), pd.Series([1500, 0]))}
    )
    assert cap["venues"].iloc[0] == 2.0 and np.isnan(cap["venues"].iloc[1])
    out = need_capacity(result, cap.fillna({"venues": 0.0}), "id", ["venues"])
    assert out["quadrant"].tolist() == ["low_need_high_capacity", "high_need_low_capacity"]


def test_errors() -> None:
    with pytest.raises(DataError, match="capacity has areas without a need score: \\['d'\\]"):
        need_capacity(NEED.drop("d"), CAPACITY, "id")
    with pytest.raises(DataError, match="needs column\\(s\\) 'venues_per_1000'"):
        need_capacity(NEED, CAPACITY.drop(columns="venues_per_1000"), "id")
