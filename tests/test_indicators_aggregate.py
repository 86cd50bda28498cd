"""Aggregation, two-level weights, missing-value policies and rank ties, hand-computed."""

import math

import numpy as np
import pandas as pd
import pytest

from indicators import MissingValuesError, parse_profile, rank_areas
from indicators.aggregate import WeightPlan, batch_scores, prepare_values, rank_columns
from indicators.inputs import prepare
from indicators.normalise import normalise_matrix


def two_indicator_profile(aggregation: str = "arithmetic", **extra: object) -> dict:
    return {
        "name": "two",
        "id_column": "id",
        "normalisation": "minmax",
        "aggregation": aggregation,
        "indicators": [
            {"column": "a", "direction": "higher_is_worse", "weight": 3},
            {"column": "b", "direction": "lower_is_worse", "weight": 1},
        ],
        **extra,
    }


TWO = pd.DataFrame({"id": ["p", "q", "r"], "a": [0.0, 5.0, 10.0], "b": [30.0, 10.0, 20.0]})


def test_arithmetic_scores_ranks_and_contributions() -> None:
    # minmax a = [0, .5, 1], b (lower is worse) = [0, 1, .5]; weights .75 / .25
    result = rank_areas(TWO, parse_profile(two_indicator_profile()))
    np.testing.assert_allclose(result.score, [0.0, 0.625, 0.875])
    assert list(result.rank) == [3, 2, 1]
    np.testing.assert_allclose(result.contributions[2], [0.75, 0.125])
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.score)
    frame = result.to_frame()
    assert list(frame.columns[:3]) == ["id", "score", "rank"]
    assert {"contrib__a", "contrib__b", "norm__a", "value__b", "share__a"} <= set(frame.columns)


def test_geometric_weighted_mean_of_shifted_values() -> None:
    # x' = 1 + x / 0.1: a' = [1, 6, 11], b' = [1, 11, 6]; score = a'^.75 b'^.25
    result = rank_areas(TWO, parse_profile(two_indicator_profile("geometric")))
    np.testing.assert_allclose(result.score, [1.0, 6.9817068, 9.4532758], rtol=1e-7)
    assert list(result.rank) == [3, 2, 1]
    np.testing.assert_allclose(result.contributions[1], [0.75 * math.log(6), 0.25 * math.log(11)])
    np.testing.assert_allclose(result.contributions.sum(axis=1), np.log(result.score))


def test_geometric_offset_is_configurable() -> None:
    # offset 1: x' = 1 + x: a' = [1, 1.5, 2], b' = [1, 2, 1.5]
    result = rank_areas(TWO, parse_profile(two_indicator_profile("geometric", geometric_offset=1)))
    np.testing.assert_allclose(result.score[1], 1.5**0.75 * 2**0.25)


DOMAINS = {
    "name": "domains",
    "id_column": "id",
    "normalisation": "goalposts",
    "indicators": [
        {"column": "a", "direction": "higher_is_worse", "domain": "X", "best": 0, "worst": 10},
        {
            "column": "b",
            "direction": "higher_is_worse",
            "domain": "X",
            "weight": 3,
            "best": 0,
            "worst": 10,
        },
        {"column": "c", "direction": "higher_is_worse", "domain": "Y", "best": 0, "worst": 10},
    ],
    "domain_weights": {"X": 1, "Y": 3},
}
# goalposts 0..10 give x / 10; effective weights a .0625, b .1875, c .75
MISSING = pd.DataFrame(
    {
        "id": ["u", "v", "w", "z"],
        "a": [2.0, 2.0, np.nan, np.nan],
        "b": [4.0, np.nan, np.nan, np.nan],
        "c": [6.0, 6.0, 6.0, np.nan],
    }
)


def test_two_level_weights_and_reweighting() -> None:
    result = rank_areas(MISSING, parse_profile(DOMAINS))
    np.testing.assert_allclose(result.weights[0], [0.0625, 0.1875, 0.75])
    np.testing.assert_allclose(result.weights[1], [0.25, 0.0, 0.75])  # b's weight to a
    np.testing.assert_allclose(result.weights[2], [0.0, 0.0, 1.0])  # domain X gone
    np.testing.assert_allclose(result.score[:3], [0.5375, 0.5, 0.6])
    assert np.isnan(result.score[3])
    assert list(result.to_frame()["rank"].astype("Float64")) == [2, 3, 1, pd.NA]
    np.testing.assert_allclose(result.domains[0], [0.35, 0.6])  # X = .25*.2 + .75*.4
    np.testing.assert_allclose(result.domains[1], [0.2, 0.6])
    assert np.isnan(result.domains[2, 0])


def test_missing_report_lists_indicators() -> None:
    report = rank_areas(MISSING, parse_profile(DOMAINS)).missing_report()
    assert report.to_dict("list") == {
        "id": ["v", "w", "z"],
        "n_missing": [1, 2, 3],
        "missing": ["b", "a, b", "a, b, c"],
    }


def test_fail_policy_names_areas_and_columns() -> None:
    with pytest.raises(MissingValuesError) as err:
        rank_areas(MISSING, parse_profile({**DOMAINS, "missing": "fail"}))
    message = str(err.value)
    assert "in 3 area(s): v: b; w: a, b; z: a, b, c" in message
    assert "missing: reweight" in message


def test_raw_weights_when_not_normalised() -> None:
    profile = parse_profile(
        {
            "name": "raw",
            "id_column": "id",
            "normalisation": "goalposts",
            "normalise_weights": False,
            "indicators": [
                {"column": "a", "direction": "higher_is_worse", "weight": 2, "best": 0, "worst": 1},
                {"column": "b", "direction": "higher_is_worse", "weight": 3, "best": 0, "worst": 1},
            ],
        }
    )
    table = pd.DataFrame({"id": [1, 2], "a": [0.5, 1.0], "b": [0.5, np.nan]})
    result = rank_areas(table, profile)
    # area 1: 2 * .5 + 3 * .5; area 2: a carries the whole weight 5 -> 5 * 1
    np.testing.assert_allclose(result.score, [2.5, 5.0])


@pytest.mark.parametrize(
    ("ties", "expected"), [("min", [2, 1, 2, 4]), ("average", [2.5, 1, 2.5, 4])]
)
def test_rank_ties(ties: str, expected: list[float]) -> None:
    np.testing.assert_array_equal(rank_columns(np.array([0.5, 0.9, 0.5, 0.1]), ties), expected)


def test_rank_columns_nan_and_matrix() -> None:
    got = rank_columns(np.array([[1.0, 3.0], [np.nan, 2.0], [2.0, 2.0]]), "min")
    np.testing.assert_array_equal(got, [[2, 1], [np.nan, 2], [1, 2]])


def test_batch_scores_match_ranking_with_missing_values() -> None:
    """The vectorised Monte Carlo scorer and rank_areas must agree on the profile weights."""
    profile = parse_profile({**DOMAINS, "normalisation": "percentile"})
    table = MISSING.iloc[:3]
    result = rank_areas(table, profile)
    prepared = prepare(table, profile)
    plan = WeightPlan.from_profile(profile)
    methods = list(result.methods)
    values = prepare_values(
        normalise_matrix(prepared.values, profile.indicators, methods), methods, profile
    )
    within = plan.indicator / np.bincount(plan.domain_of, weights=plan.indicator)[plan.domain_of]
    got = batch_scores(values, prepared.present, within[None, :], plan.domain[None, :], plan)
    np.testing.assert_allclose(got[:, 0], result.score)
