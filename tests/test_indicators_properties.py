"""Property tests: row order never matters, and more need never lowers an area's standing."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicators import Profile, parse_profile, rank_areas

METHODS = ["minmax", "zscore", "rank", "percentile", "goalposts", "imd_exponential"]
# z-scores are not rank-monotone: an area becoming an extreme outlier inflates the sd and can
# let a below-average area close the gap. Their own score is still monotone (checked below).
RANK_MONOTONE = ["minmax", "rank", "percentile", "goalposts", "imd_exponential"]
VALUES = st.one_of(st.sampled_from([0.0, 1.0, 2.5, 2.5, 7.0]), st.floats(0, 100, width=32))


@st.composite
def tables(draw: st.DrawFn, allow_nan: bool = True) -> tuple[pd.DataFrame, list[str]]:
    n = draw(st.integers(2, 12))
    k = draw(st.integers(1, 4))
    cell = st.one_of(VALUES, st.just(np.nan)) if allow_nan else VALUES
    data = {f"c{j}": draw(st.lists(cell, min_size=n, max_size=n)) for j in range(k)}
    directions = draw(
        st.lists(st.sampled_from(["higher_is_worse", "lower_is_worse"]), min_size=k, max_size=k)
    )
    frame = pd.DataFrame({"id": [f"a{i}" for i in range(n)], **data})
    return frame, directions


def make_profile(directions: list[str], method: str, aggregation: str, domains: bool) -> Profile:
    indicators = []
    for j, direction in enumerate(directions):
        low_worse = direction == "lower_is_worse"
        indicators.append(
            {
                "column": f"c{j}",
                "direction": direction,
                "weight": 1 + j,
                "best": 100.0 if low_worse else 0.0,
                "worst": 0.0 if low_worse else 100.0,
                **({"domain": f"d{j % 2}"} if domains else {}),
            }
        )
    return parse_profile(
        {
            "name": "prop",
            "id_column": "id",
            "normalisation": method,
            "aggregation": aggregation,
            "indicators": indicators,
        }
    )


PROFILE_ARGS = st.tuples(
    st.sampled_from(METHODS), st.sampled_from(["arithmetic", "geometric"]), st.booleans()
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), PROFILE_ARGS, st.randoms(use_true_random=False))
def test_row_order_invariance(table_dirs, args, random) -> None:  # type: ignore[no-untyped-def]
    table, directions = table_dirs
    profile = make_profile(directions, *args)
    order = list(range(len(table)))
    random.shuffle(order)
    base = rank_areas(table, profile).to_frame().set_index("id")
    shuffled = rank_areas(table.iloc[order], profile).to_frame().set_index("id").loc[base.index]
    np.testing.assert_array_equal(base["score"].to_numpy(), shuffled["score"].to_numpy())
    assert base["rank"].astype("Float64").equals(shuffled["rank"].astype("Float64"))


@st.composite
def worsening(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    table, directions = draw(tables())
    row = draw(st.integers(0, len(table) - 1))
    col = draw(st.integers(0, len(directions) - 1))
    delta = draw(st.floats(0.01, 60))
    return table, directions, row, col, delta


def worsen(table: pd.DataFrame, directions: list[str], row: int, col: int, delta: float):  # type: ignore[no-untyped-def]
    name = f"c{col}"
    assume(not np.isnan(table.loc[row, name]))
    worse = table.copy()
    sign = 1.0 if directions[col] == "higher_is_worse" else -1.0
    worse.loc[row, name] = table.loc[row, name] + sign * delta
    return worse


@settings(max_examples=200, deadline=None)
@given(
    worsening(),
    st.sampled_from(RANK_MONOTONE),
    st.sampled_from(["arithmetic", "geometric"]),
    st.booleans(),
)
def test_worsening_never_improves_score_or_rank(case, method, aggregation, domains) -> None:  # type: ignore[no-untyped-def]
    table, directions, row, col, delta = case
    profile = make_profile(directions, method, aggregation, domains)
    before = rank_areas(table, profile)
    after = rank_areas(worsen(table, directions, row, col, delta), profile)
    assert after.score[row] >= before.score[row] - 1e-12
    assert after.rank[row] <= before.rank[row]


@settings(max_examples=100, deadline=None)
@given(worsening(), st.booleans())
def test_zscore_own_score_is_monotone(case, domains) -> None:  # type: ignore[no-untyped-def]
    table, directions, row, col, delta = case
    profile = make_profile(directions, "zscore", "arithmetic", domains)
    before = rank_areas(table, profile)
    after = rank_areas(worsen(table, directions, row, col, delta), profile)
    assert after.normalised[row, col] >= before.normalised[row, col] - 1e-12
    assert after.score[row] >= before.score[row] - 1e-9


@settings(max_examples=100, deadline=None)
@given(tables(), PROFILE_ARGS)
def test_contributions_add_up(table_dirs, args) -> None:  # type: ignore[no-untyped-def]
    table, directions = table_dirs
    profile = make_profile(directions, *args)
    result = rank_areas(table, profile)
    total = np.nansum(result.contributions, axis=1)
    expected = np.log(result.score) if args[1] == "geometric" else result.score
    ranked = ~np.isnan(result.score)
    np.testing.assert_allclose(total[ranked], expected[ranked], rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(result.contributions, result.aggregated * result.weights)
    weights = result.weights.sum(axis=1)
    np.testing.assert_allclose(weights[ranked], 1.0)
