"""The hashed rank table (``normalise.rank_table``) against plain pandas ranking.

The engine ranks the distinct values of a column and looks each area up, instead of sorting
every value; these tests check that this gives exactly pandas' ``Series.rank(method='average')``
on columns with NaNs, ties, signed zeros and many distinct values, in both directions, and that
a whole profile run equals a straightforward pandas computation.
"""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import average_ranks, normalise_column, parse_profile, rank_areas
from indicators.profile import IndicatorSpec

CELLS = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 2.5, 2.5, -3.0, np.nan]),
    st.floats(-1e6, 1e6, allow_nan=False, width=32),
)
DIRECTIONS = ["higher_is_worse", "lower_is_worse"]


def pandas_ranks(values: np.ndarray, direction: str) -> np.ndarray:
    y = pd.Series(-values if direction == "lower_is_worse" else values)
    return y.rank(method="average").to_numpy()


@settings(max_examples=200, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=60), st.sampled_from(DIRECTIONS))
def test_rank_methods_equal_pandas(cells: list[float], direction: str) -> None:
    values = np.array(cells, dtype=float)
    ranks = pandas_ranks(values, direction)
    n = int(np.count_nonzero(~np.isnan(values)))
    spec = IndicatorSpec(column="x", direction=direction)  # type: ignore[arg-type]
    if n == 0:
        return
    expected = {
        "rank": ranks,
        "percentile": (ranks - 1) / (n - 1) if n > 1 else np.where(np.isnan(ranks), np.nan, 0.5),
        "imd_exponential": -23.0 * np.log1p(-(ranks / n) * (1.0 - np.exp(-100.0 / 23.0))),
    }
    for method, want in expected.items():
        np.testing.assert_array_equal(normalise_column(values, spec, method), want)
    np.testing.assert_array_equal(average_ranks(values), pandas_ranks(values, DIRECTIONS[0]))


def test_many_distinct_values_and_rounded_grid_column() -> None:
    rng = np.random.default_rng(7)
    for values in (rng.normal(size=20_000), rng.normal(30, 12, 50_000).round(1)):
        values[rng.random(values.size) < 0.01] = np.nan
        np.testing.assert_array_equal(average_ranks(values), pandas_ranks(values, DIRECTIONS[0]))


def test_profile_run_equals_pandas_peer() -> None:
    """Percentile ranking with domains and missing values, against pandas arithmetic."""
    rng = np.random.default_rng(3)
    n, k = 5_000, 6
    values = rng.integers(0, 40, (n, k)).astype(float) / 4  # many ties
    values[rng.random(values.shape) < 0.05] = np.nan
    table = pd.DataFrame(values, columns=[f"c{j}" for j in range(k)])
    table.insert(0, "id", np.arange(n))
    profile = parse_profile(
        {
            "name": "peer",
            "id_column": "id",
            "normalisation": "percentile",
            "indicators": [
                {"column": f"c{j}", "direction": DIRECTIONS[j % 2], "domain": f"d{j % 2}"}
                for j in range(k)
            ],
        }
    )
    result = rank_areas(table, profile)
    norm = pd.DataFrame(
        {
            f"c{j}": (s.rank(method="average") - 1) / (s.count() - 1)
            for j in range(k)
            for s in [-table[f"c{j}"] if j % 2 else table[f"c{j}"]]
        }
    )
    domains = [norm[[f"c{j}" for j in range(d, k, 2)]].mean(axis=1) for d in range(2)]
    score = pd.concat(domains, axis=1).mean(axis=1)
    np.testing.assert_array_equal(result.normalised, norm.to_numpy())
    np.testing.assert_allclose(result.score, score.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(result.rank, score.rank(ascending=False, method="min").to_numpy())
