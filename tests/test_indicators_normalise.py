"""Each normalisation against hand-computed values on a four-area table.

Raw x = [10, 20, 20, 50]: mean 25, deviations -15, -5, -5, 25, sample variance 900 / 3 = 300.
"""

import math

import numpy as np
import pandas as pd
import pytest

from indicators import average_ranks, normalise_column, parse_profile, rank_areas
from indicators.profile import IndicatorSpec

X = np.array([10.0, 20.0, 20.0, 50.0])


def spec(direction: str = "higher_is_worse", **kw: float) -> IndicatorSpec:
    return IndicatorSpec(column="x", direction=direction, **kw)  # type: ignore[arg-type]


def test_average_ranks_ties_and_nan() -> None:
    got = average_ranks(np.array([3.0, np.nan, 1.0, 3.0, 2.0]))
    np.testing.assert_array_equal(got, [3.5, np.nan, 1.0, 3.5, 2.0])


def test_minmax_both_directions() -> None:
    np.testing.assert_allclose(normalise_column(X, spec(), "minmax"), [0, 0.25, 0.25, 1])
    low = normalise_column(X, spec("lower_is_worse"), "minmax")
    np.testing.assert_allclose(low, [1, 0.75, 0.75, 0])


def test_minmax_constant_column_is_zero() -> None:
    np.testing.assert_array_equal(normalise_column(np.full(3, 7.0), spec(), "minmax"), [0, 0, 0])


def test_zscore_uses_sample_sd() -> None:
    sd = math.sqrt(300.0)
    expected = [-15 / sd, -5 / sd, -5 / sd, 25 / sd]
    np.testing.assert_allclose(normalise_column(X, spec(), "zscore"), expected)
    np.testing.assert_allclose(
        normalise_column(X, spec(), "zscore"),
        [-0.8660254, -0.2886751, -0.2886751, 1.4433757],
        atol=1e-7,
    )
    flipped = normalise_column(X, spec("lower_is_worse"), "zscore")
    np.testing.assert_allclose(flipped, [0.8660254, 0.2886751, 0.2886751, -1.4433757], atol=1e-7)


def test_rank_and_percentile_average_ties() -> None:
    np.testing.assert_array_equal(normalise_column(X, spec(), "rank"), [1, 2.5, 2.5, 4])
    np.testing.assert_allclose(normalise_column(X, spec(), "percentile"), [0, 0.5, 0.5, 1])
    low = normalise_column(X, spec("lower_is_worse"), "percentile")
    np.testing.assert_allclose(low, [1, 0.5, 0.5, 0])


def test_percentile_ignores_missing_and_single_area() -> None:
    got = normalise_column(np.array([10.0, np.nan, 30.0]), spec(), "percentile")
    np.testing.assert_array_equal(got, [0, np.nan, 1])
    np.testing.assert_array_equal(normalise_column(np.array([4.0]), spec(), "percentile"), [0.5])


def test_imd_exponential() -> None:
    # R = rank / N = [0.25, 0.625, 0.625, 1]; X = -23 ln(1 - R (1 - e^(-100/23)))
    got = normalise_column(X, spec(), "imd_exponential")
    np.testing.assert_allclose(got, [6.5177333, 22.0685040, 22.0685040, 100.0], rtol=1e-7)


def test_goalposts_pair_clips() -> None:
    got = normalise_column(X, spec(best=15, worst=40), "goalposts")
    np.testing.assert_allclose(got, [0.0, 0.2, 0.2, 1.0])


def test_goalposts_lower_is_worse() -> None:
    income = np.array([100.0, 77.5, 55.0, 40.0, 120.0])
    got = normalise_column(income, spec("lower_is_worse", best=100, worst=55), "goalposts")
    np.testing.assert_allclose(got, [0.0, 0.5, 1.0, 1.0, 0.0])


def test_goalposts_target_uses_worst_observed() -> None:
    # best = target 20, worst = max observed 50: (x - 20) / 30 clipped
    got = normalise_column(X, spec(target=20), "goalposts")
    np.testing.assert_allclose(got, [0.0, 0.0, 0.0, 1.0])
    nobody_misses = normalise_column(X, spec(target=60), "goalposts")
    np.testing.assert_array_equal(nobody_misses, [0, 0, 0, 0])


def test_goalposts_target_lower_is_worse() -> None:
    # best = target 80, worst = min observed 40: (x - 80) / (40 - 80)
    got = normalise_column(
        np.array([90.0, 60.0, 40.0]), spec("lower_is_worse", target=80), "goalposts"
    )
    np.testing.assert_allclose(got, [0.0, 0.5, 1.0])


def test_per_indicator_override_in_profile() -> None:
    profile = parse_profile(
        {
            "name": "mix",
            "id_column": "id",
            "normalisation": "minmax",
            "indicators": [
                {"column": "a", "direction": "higher_is_worse"},
                {"column": "b", "direction": "higher_is_worse", "normalisation": "rank"},
            ],
        }
    )
    table = pd.DataFrame({"id": ["p", "q", "r", "s"], "a": X, "b": X})
    result = rank_areas(table, profile)
    assert result.methods == ("minmax", "rank")
    np.testing.assert_allclose(result.normalised[:, 0], [0, 0.25, 0.25, 1])
    np.testing.assert_allclose(result.normalised[:, 1], [1, 2.5, 2.5, 4])


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank", "percentile", "imd_exponential"])
def test_all_missing_column_stays_missing(method: str) -> None:
    got = normalise_column(np.full(3, np.nan), spec(), method)
    assert np.isnan(got).all()
