"""Monte Carlo sensitivity: reproducible with a seed, centred on the baseline, stable top N."""

import numpy as np
import pandas as pd
import pytest

from indicators import Profile, ProfileError, parse_profile, rank_areas, sensitivity

COLUMNS = [f"i{k}" for k in range(6)]


def table(n: int = 60, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.normal(50, 10, (n, len(COLUMNS))).round(1), columns=COLUMNS)
    data.insert(0, "id", [f"s{i:03d}" for i in range(n)])
    data.loc[0, COLUMNS] = 99.0  # one area clearly worst on everything
    data.loc[5, "i2"] = np.nan
    return data


def profile(**extra: object) -> Profile:
    return parse_profile(
        {
            "name": "mc",
            "id_column": "id",
            "indicators": [
                {
                    "column": c,
                    "direction": "higher_is_worse",
                    "domain": f"d{k % 2}",
                    "weight": 1 + k,
                }
                for k, c in enumerate(COLUMNS)
            ],
            "domain_weights": {"d0": 2, "d1": 1},
            **extra,
        }
    )


def test_same_seed_same_result_other_seed_differs() -> None:
    data, prof = table(), profile()
    one = sensitivity(data, prof, draws=200, seed=7, normalisations=["percentile", "zscore"])
    two = sensitivity(data, prof, draws=200, seed=7, normalisations=["percentile", "zscore"])
    pd.testing.assert_frame_equal(one.frame, two.frame)
    other = sensitivity(data, prof, draws=200, seed=8, normalisations=["percentile", "zscore"])
    assert not one.frame["median_rank"].equals(other.frame["median_rank"])


def test_frame_columns_and_interval_order() -> None:
    result = sensitivity(table(), profile(), draws=300, seed=1, concentration=5)
    frame = result.frame
    assert list(frame.columns) == [
        "id", "rank", "median_rank", "p05_rank", "p95_rank", "top_n_share", "stable",
    ]  # fmt: skip
    assert (frame["p05_rank"] <= frame["median_rank"]).all()
    assert (frame["median_rank"] <= frame["p95_rank"]).all()
    assert frame["p95_rank"].max() > frame["p05_rank"].min()  # weights really vary


def test_huge_concentration_reproduces_baseline() -> None:
    data, prof = table(), profile()
    baseline = rank_areas(data, prof)
    result = sensitivity(data, prof, draws=50, seed=2, concentration=1e12)
    np.testing.assert_array_equal(result.frame["median_rank"], baseline.rank)
    np.testing.assert_array_equal(result.frame["p05_rank"], baseline.rank)


def test_dominant_area_is_stable_top_n() -> None:
    result = sensitivity(table(), profile(), draws=500, seed=4, top_n=3, stability=0.9)
    frame = result.frame.set_index("id")
    assert frame.loc["s000", "top_n_share"] == 1.0
    assert "s000" in result.stable_ids
    assert result.n_stable == len(result.stable_ids) <= 3
    stable = frame[(frame["rank"] <= 3) & (frame["top_n_share"] >= 0.9)].index.tolist()
    assert sorted(map(str, result.stable_ids)) == sorted(stable)
    report = result.report()
    assert (report["top_n"], report["draws"], report["n_stable"]) == (3, 500, result.n_stable)


def test_profile_settings_are_defaults() -> None:
    prof = profile(sensitivity={"draws": 40, "seed": 11, "top_n": 4, "normalisations": ["rank"]})
    result = sensitivity(table(), prof)
    settings = (result.draws, result.seed, result.top_n, result.normalisations)
    assert settings == (40, 11, 4, ("rank",))


def test_geometric_profile_runs() -> None:
    result = sensitivity(
        table(),
        profile(aggregation="geometric"),
        draws=100,
        seed=0,
        normalisations=["minmax", "percentile"],
    )
    assert result.frame["median_rank"].notna().all()


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank", "percentile", "imd_exponential"])
def test_single_method_with_exact_weights_matches_that_ranking(method: str) -> None:
    data = table()
    baseline = rank_areas(data, profile(normalisation=method))
    result = sensitivity(
        data, profile(), draws=5, seed=0, concentration=1e12, normalisations=[method]
    )
    differs = np.flatnonzero(result.frame["median_rank"].to_numpy() != baseline.rank)
    # Dirichlet draws at c = 1e12 match the weights to ~1e-6, which may only swap near-ties
    scores = baseline.score
    for row in differs:
        gap = np.min(np.abs(np.delete(scores, row) - scores[row]))
        assert gap < 1e-4 * np.abs(scores).max(), (row, gap)
    assert differs.size <= 2


def test_sampled_methods_are_checked() -> None:
    with pytest.raises(ProfileError, match=r"unknown normalisation\(s\) \['robust'\]"):
        sensitivity(table(), profile(), draws=5, normalisations=["robust"])
    with pytest.raises(ProfileError, match="samples 'goalposts' but these indicators have none"):
        sensitivity(table(), profile(), draws=5, normalisations=["goalposts"])
