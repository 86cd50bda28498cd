"""Small-number suppression for public output and empirical-Bayes shrinkage."""

import numpy as np
import pandas as pd
import pytest

from indicators import (
    DataError,
    Profile,
    marshall_global,
    parse_profile,
    publishable,
    rank_areas,
    shrink_rates,
    suppression_mask,
)


def profile(**extra: object) -> Profile:
    return parse_profile(
        {
            "name": "small",
            "id_column": "id",
            "residents_column": "residents",
            "indicators": [
                {"column": "smoking_pct", "direction": "higher_is_worse"},
                {
                    "column": "er_visits",
                    "direction": "higher_is_worse",
                    "count_kind": "events",
                    "rate_per": 1000,
                },
                {"column": "lonely_pct", "direction": "higher_is_worse"},
            ],
            **extra,
        }
    )


TABLE = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "residents": [500, 15, 800, 900],
        "smoking_pct": [20.0, 30.0, 25.0, 10.0],
        "smoking_pct__num": [4.0, 6.0, np.nan, 10.0],
        "smoking_pct__den": [19.0, 20.0, np.nan, 100.0],
        "er_visits": [5.0, 7.0, 9.0, 11.0],
        "er_visits__den": [4.0, 5.0, 50.0, 80.0],
        "lonely_pct": [12.0, 14.0, 16.0, 18.0],  # no __den: falls back to residents
    }
)


def test_suppression_mask_thresholds() -> None:
    mask = suppression_mask(TABLE, profile())
    np.testing.assert_array_equal(
        mask,
        [
            [True, True, False],  # 19 persons < 20; 4 events < 5
            [False, False, True],  # exactly 20 and 5 pass; 15 residents < 20
            [True, False, False],  # missing denominator is suppressed (fail safe)
            [False, False, False],
        ],
    )


def test_thresholds_are_configurable() -> None:
    mask = suppression_mask(TABLE, profile(small_numbers={"min_persons": 10, "min_events": 6}))
    assert mask[:, 0].tolist() == [True, False, True, False]  # numerator 4 < 6 events
    assert mask[:, 1].tolist() == [True, True, False, False]
    assert mask[:, 2].tolist() == [False, False, False, False]


def one_rate(num: list[float], den: list[float]) -> tuple[pd.DataFrame, Profile]:
    table = pd.DataFrame(
        {
            "id": [f"a{k}" for k in range(len(num))],
            "rate": [100 * n / d for n, d in zip(num, den, strict=True)],
            "rate__num": num,
            "rate__den": den,
        }
    )
    spec = {"name": "c", "id_column": "id", "small_numbers": {"secondary": False}}
    rate = {"column": "rate", "direction": "higher_is_worse"}
    return table, parse_profile({**spec, "indicators": [rate]})


def test_small_complement_is_hidden_like_a_small_numerator() -> None:
    """ "25 of 28" (89.3 %) tells that 3 lack the trait, as "3 of 28" tells that 3 have it."""
    table, rules = one_rate([25.0, 23.0, 3.0, 24.0, 40.0], [28.0, 28.0, 28.0, 28.0, 30.0])
    mask = suppression_mask(table, rules)
    # 25/28: 3 lack it; 23/28: 5 lack it (passes); 3/28; 24/28: 4 lack it; 40 events > 30 persons
    assert mask[:, 0].tolist() == [True, False, True, True, False]


def test_secondary_hides_the_cell_with_the_smallest_complement() -> None:
    """With one hidden cell the total gives it back; the next cell hidden is the most revealing
    one, and 26 of 32 (6 lack it) reveals more than 8 of 40."""
    table, _ = one_rate([2.0, 8.0, 26.0, 30.0], [40.0, 40.0, 32.0, 100.0])
    rules = parse_profile(
        {
            "name": "c",
            "id_column": "id",
            "indicators": [{"column": "rate", "direction": "higher_is_worse"}],
        }
    )
    public = publishable(table, rules)
    assert public["suppressed__rate"].tolist() == [True, False, True, False]


def test_publishable_table_blanks_value_and_counts() -> None:
    public = publishable(TABLE, profile())
    assert public["smoking_pct"].isna().tolist() == [True, False, True, False]
    assert public["smoking_pct__num"].isna().tolist() == [True, False, True, False]
    assert public["smoking_pct__den"].isna().tolist() == [True, False, True, False]
    # b (5 events) is hidden with a: one hidden cell alone would follow from the total
    assert public["suppressed__er_visits"].tolist() == [True, True, False, False]
    assert public["suppressed"].tolist() == [True, True, True, False]
    assert pd.isna(public.loc[1, "lonely_pct"])
    assert TABLE["smoking_pct"].notna().all()  # input untouched


def test_publishable_result_blanks_breakdown_but_keeps_score() -> None:
    result = rank_areas(TABLE, profile())
    public = publishable(result)
    for prefix in ("value__", "norm__", "contrib__", "share__"):
        assert public[f"{prefix}smoking_pct"].isna().tolist() == [True, False, True, False]
    assert public["score"].notna().all()
    assert public["suppressed"].tolist() == [True, True, True, False]


def test_publishable_table_needs_profile() -> None:
    with pytest.raises(DataError, match="needs the profile"):
        publishable(TABLE)


def test_exclude_from_ranking_treats_as_missing() -> None:
    primary = {"exclude_from_ranking": True, "secondary": False}
    result = rank_areas(TABLE, profile(small_numbers=primary))
    assert result.missing_report()["missing"].tolist() == [
        "smoking_pct, er_visits",
        "lonely_pct",
        "smoking_pct",
    ]


def test_exclude_from_ranking_also_drops_secondary_cells() -> None:
    """A secondary cell left in the score could be worked out from it (score minus the other
    contributions), and the primary cell then from the total."""
    result = rank_areas(TABLE, profile(small_numbers={"exclude_from_ranking": True}))
    assert result.missing_report()["missing"].tolist() == [
        "smoking_pct, er_visits, lonely_pct",  # lonely: secondary to b's 15 residents
        "er_visits, lonely_pct",  # er_visits: secondary to a's 4 events
        "smoking_pct",
    ]


def test_marshall_hand_computed() -> None:
    # rates .05, .4, .9; b = 401/520; s2 = sum d (r-b)^2 / 520 = 0.0592641;
    # A = s2 - b / (520/3) = 0.0548151; EB = b + A / (A + b/d) (r - b)
    got = marshall_global(np.array([1.0, 40.0, 360.0]), np.array([20.0, 100.0, 400.0]))
    np.testing.assert_allclose(got, [0.3477959, 0.4457752, 0.8956224], atol=1e-7)


def test_marshall_full_shrinkage_when_no_extra_variance() -> None:
    # rates .1, .2, .3 around b = 41/160: s2 = 0.0037109 < b / mean(d) = 0.0048047 -> A = 0
    got = marshall_global(np.array([1.0, 10.0, 30.0]), np.array([10.0, 50.0, 100.0]))
    np.testing.assert_allclose(got, [41 / 160] * 3)


def test_marshall_missing_and_zero_denominators() -> None:
    got = marshall_global(np.array([1.0, np.nan, 2.0, 5.0]), np.array([10.0, 10.0, 0.0, 10.0]))
    assert np.isnan(got[1]) and np.isnan(got[2])
    assert not np.isnan(got[[0, 3]]).any()


def test_shrink_within_parent_groups() -> None:
    num = np.array([1.0, 40.0, 360.0, 5.0, 5.0])
    den = np.array([20.0, 100.0, 400.0, 10.0, 10.0])
    got = shrink_rates(num, den, np.array(["k1", "k1", "k1", "k2", "k2"]))
    np.testing.assert_allclose(got[:3], [0.3477959, 0.4457752, 0.8956224], atol=1e-7)
    np.testing.assert_allclose(got[3:], [0.5, 0.5])  # identical rates stay at their own mean


def test_profile_shrinkage_replaces_values() -> None:
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "rate": [5.0, 40.0, 90.0],
            "rate__num": [1.0, 40.0, 360.0],
            "rate__den": [20.0, 100.0, 400.0],
        }
    )
    shrunk = parse_profile(
        {
            "name": "eb",
            "id_column": "id",
            "indicators": [{"column": "rate", "direction": "higher_is_worse"}],
            "shrinkage": {"method": "marshall_global"},
            "normalisation": "minmax",
        }
    )
    result = rank_areas(table, shrunk)
    assert result.shrunk == ("rate",)
    np.testing.assert_allclose(result.values[:, 0], [34.77959, 44.57752, 89.56224], atol=1e-5)
    np.testing.assert_array_equal(result.observed[:, 0], [5.0, 40.0, 90.0])


def test_shrinkage_scale_inferred_and_rows_without_counts_kept() -> None:
    # a ratio to a national rate of 0.5 (value = 2 x rate); income has no numerators at all
    table = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "ratio": [0.1, 0.8, 1.8, 1.1],
            "ratio__num": [1.0, 40.0, 360.0, np.nan],
            "ratio__den": [20.0, 100.0, 400.0, 50.0],
            "income": [60.0, 70.0, 80.0, 90.0],
            "income__num": [np.nan] * 4,
            "income__den": [100.0] * 4,
        }
    )
    indicators = [
        {"column": "ratio", "direction": "higher_is_worse"},
        {"column": "income", "direction": "lower_is_worse"},
    ]
    eb = parse_profile({"name": "eb", "id_column": "id", "indicators": indicators, "shrinkage": {}})
    result = rank_areas(table, eb)
    assert result.shrunk == ("ratio",)
    np.testing.assert_allclose(
        result.values[:, 0], [0.6955917, 0.8915503, 1.7912447, 1.1], atol=1e-6
    )
    np.testing.assert_array_equal(result.values[:, 1], [60.0, 70.0, 80.0, 90.0])
    indicators[0]["rate_per"] = 100
    explicit = rank_areas(table, parse_profile({**eb.model_dump(), "indicators": indicators}))
    np.testing.assert_allclose(explicit.values[:3, 0], [34.77959, 44.57752, 89.56224], atol=1e-5)
