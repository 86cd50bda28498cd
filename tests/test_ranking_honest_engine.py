"""Honest numbers in the engine: numerator suppression, secondary suppression, sampling error.

Each test fails when its rule is removed: the numerator rule (3 and 4 of 28 hidden, 5 shown),
the lone-hidden-cell rule, and the sampling draws that widen the interval of a small area.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import parse_profile, publishable, rank_areas, sensitivity
from indicators.smallnumbers import disclosure_mask, suppression_mask


def survey_profile(**extra: object):  # type: ignore[no-untyped-def]
    return parse_profile(
        {
            "name": "survey",
            "id_column": "id",
            "indicators": [
                {"column": "smoking_pct", "direction": "higher_is_worse", "rate_per": 100},
                {"column": "lonely_pct", "direction": "higher_is_worse", "rate_per": 100},
            ],
            **extra,
        }
    )


def counts_table(num: float, den: float = 28.0) -> pd.DataFrame:
    """Area "r" (Rørdal-like) with ``num`` of ``den`` smokers among five large areas."""
    nums = [num, 100.0, 150.0, 200.0, 250.0, 300.0]
    dens = [den, 1000.0, 1000.0, 1000.0, 1000.0, 1000.0]
    return pd.DataFrame(
        {
            "id": ["r", "a", "b", "c", "d", "e"],
            "smoking_pct": [100 * n / d for n, d in zip(nums, dens, strict=True)],
            "smoking_pct__num": nums,
            "smoking_pct__den": dens,
            "lonely_pct": [10.0, 11.0, 12.0, 13.0, 14.0, 15.0],
            "lonely_pct__num": [30.0, 110.0, 120.0, 130.0, 140.0, 150.0],
            "lonely_pct__den": [300.0] + [1000.0] * 5,
        }
    )


@pytest.mark.parametrize(("num", "hidden"), [(3.0, True), (4.0, True), (5.0, False)])
def test_numerators_under_five_are_suppressed(num: float, hidden: bool) -> None:
    mask = suppression_mask(counts_table(num), survey_profile())
    assert bool(mask[0, 0]) is hidden  # 28 answers pass the denominator rule on their own
    frame = publishable(rank_areas(counts_table(num), survey_profile()))
    assert pd.isna(frame.loc[0, "value__smoking_pct"]) is hidden
    assert pd.isna(frame.loc[0, "share__smoking_pct"]) is hidden


def test_domain_scores_with_a_hidden_indicator_are_blank() -> None:
    profile = parse_profile(
        {
            "name": "domains",
            "id_column": "id",
            "indicators": [
                {"column": "smoking_pct", "direction": "higher_is_worse", "domain": "health"},
                {"column": "lonely_pct", "direction": "higher_is_worse", "domain": "social"},
            ],
        }
    )
    frame = publishable(rank_areas(counts_table(3.0), profile))
    # smoking is health's only indicator: its domain score would be the hidden percentile
    assert frame["domain__health"].isna().tolist() == [True, True, False, False, False, False]
    assert frame["domain__social"].notna().all()
    assert frame["score"].notna().all()


def test_a_lone_hidden_cell_takes_the_smallest_other_with_it() -> None:
    table = counts_table(3.0)
    mask = disclosure_mask(table, survey_profile())
    # r is hidden (3 events); alone it would follow from the published total, so a (100) goes too
    assert mask[:, 0].tolist() == [True, True, False, False, False, False]
    assert not mask[:, 1].any()
    off = survey_profile(small_numbers={"secondary": False})
    assert disclosure_mask(table, off)[:, 0].tolist() == [True] + [False] * 5
    public = publishable(table, survey_profile())
    assert public["smoking_pct"].isna().tolist() == [True, True, False, False, False, False]


def test_two_hidden_cells_need_no_third() -> None:
    table = counts_table(3.0)
    table.loc[1, ["smoking_pct__num", "smoking_pct"]] = [2.0, 0.2]
    mask = disclosure_mask(table, survey_profile())
    assert mask[:, 0].tolist() == [True, True, False, False, False, False]


def many_areas(small: int = 28) -> pd.DataFrame:
    """30 areas on 1,000 answers each, and one in the middle on ``small`` answers."""
    rng = np.random.default_rng(5)
    n = 31
    den = np.full(n, 1000.0)
    den[15] = small
    rate = np.linspace(0.10, 0.40, n)
    num = np.round(rate * den)
    other = np.round((rate * 0.8 + rng.normal(0, 0.01, n)) * den)
    return pd.DataFrame(
        {
            "id": [f"a{i:02d}" for i in range(n)],
            "smoking_pct": 100 * num / den,
            "smoking_pct__num": num,
            "smoking_pct__den": den,
            "lonely_pct": 100 * other / den,
            "lonely_pct__num": other,
            "lonely_pct__den": den,
        }
    )


def test_sampling_widens_the_interval_of_a_small_area() -> None:
    table, profile = many_areas(), survey_profile()
    weights = sensitivity(table, profile, draws=300, seed=3).frame
    both = sensitivity(table, profile, draws=300, seed=3, sampling=True)
    width_w = weights["p95_rank"] - weights["p05_rank"]
    width_s = both.frame["p95_rank"] - both.frame["p05_rank"]
    assert width_s[15] > width_w[15] + 5  # 28 answers: the placing is far from certain
    assert width_s[15] > 2 * width_s.drop(15).median()  # and much less certain than the rest
    assert both.uncertainty == "weights+sampling"
    assert both.sampled == ("smoking_pct", "lonely_pct")
    assert both.report()["uncertainty"] == "weights+sampling"


def test_sampling_is_seeded() -> None:
    table, profile = many_areas(), survey_profile()
    first = sensitivity(table, profile, draws=100, seed=9, sampling=True).frame
    again = sensitivity(table, profile, draws=100, seed=9, sampling=True).frame
    pd.testing.assert_frame_equal(first, again)
    other = sensitivity(table, profile, draws=100, seed=10, sampling=True).frame
    assert not first.equals(other)


def test_without_counts_nothing_is_sampled() -> None:
    table = many_areas().drop(columns=["smoking_pct__num", "lonely_pct__num"])
    result = sensitivity(table, survey_profile(), draws=50, seed=1, sampling=True)
    assert result.sampled == () and result.uncertainty == "weights"
