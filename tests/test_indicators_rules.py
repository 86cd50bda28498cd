"""Statutory rule sets at and around their thresholds, and CDC-style percentile flags."""

import numpy as np
import pandas as pd
import pytest

from indicators import (
    DataError,
    RuleSetError,
    available_rule_sets,
    evaluate_rule_sets,
    load_rule_set,
    parse_profile,
    percentile_flags,
    rank_areas,
)
from indicators.rules import RuleSet

UDSAT = "udsat_boligomraade_2024"
PARALLEL = "parallelsamfund_2024"
FOREBYG = "forebyggelsesomraade_2024"

# A baseline area that meets nothing, then areas that sit exactly on or just past one bound.
CALM = {
    "residents": 2000.0,
    "outside_work_edu_pct": 10.0,
    "convictions_ratio": 1.0,
    "basic_school_only_pct": 20.0,
    "income_pct_region": 90.0,
    "non_western_pct": 10.0,
}


def areas(**rows: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"id": name, **CALM, **row} for name, row in rows.items()])


def test_shipped_rule_sets() -> None:
    assert {UDSAT, PARALLEL, FOREBYG} <= set(available_rule_sets())
    assert load_rule_set(UDSAT).title_da == "Udsat boligområde"


def test_udsat_criteria_bounds() -> None:
    table = areas(
        at_40={"outside_work_edu_pct": 40.0},
        over_40={"outside_work_edu_pct": 40.01},
        conv_3={"convictions_ratio": 3.0},
        conv_below={"convictions_ratio": 2.99},
        school_60={"basic_school_only_pct": 60.0},
        school_over={"basic_school_only_pct": 60.5},
        income_55={"income_pct_region": 55.0},
        income_below={"income_pct_region": 54.9},
    )
    out = evaluate_rule_sets(table, [UDSAT], id_column="id").set_index("id")
    expected = {
        "at_40": ("outside_work_edu", False),  # > 40 is exclusive
        "over_40": ("outside_work_edu", True),
        "conv_3": ("convictions", True),  # >= 3 is inclusive
        "conv_below": ("convictions", False),
        "school_60": ("basic_school_only", False),
        "school_over": ("basic_school_only", True),
        "income_55": ("income", False),  # < 55 is exclusive
        "income_below": ("income", True),
    }
    for row, (criterion, met) in expected.items():
        assert bool(out.loc[row, f"{UDSAT}__{criterion}__met"]) is met, row
    assert out.loc["at_40", f"{UDSAT}__outside_work_edu__margin"] == 0.0
    assert out.loc["income_below", f"{UDSAT}__income__margin"] == pytest.approx(-0.1)
    assert not out[f"{UDSAT}__status"].any()  # one criterion is never enough


def test_udsat_needs_two_criteria_and_1000_residents() -> None:
    two = {"outside_work_edu_pct": 41.0, "convictions_ratio": 3.0}
    table = areas(
        two=two,
        small=dict(two, residents=999.0),
        exactly_1000=dict(two, residents=1000.0),
        one={"outside_work_edu_pct": 41.0},
        four={
            "outside_work_edu_pct": 41.0,
            "convictions_ratio": 3.5,
            "basic_school_only_pct": 61.0,
            "income_pct_region": 50.0,
        },
    )
    out = evaluate_rule_sets(table, [UDSAT], id_column="id").set_index("id")
    assert out[f"{UDSAT}__status"].tolist() == [True, False, True, False, True]
    assert out[f"{UDSAT}__socioeconomic__n_met"].tolist() == [2, 2, 2, 1, 4]
    assert out.loc["small", f"{UDSAT}__residents__margin"] == -1.0


def test_parallelsamfund_builds_on_udsat() -> None:
    udsat = {"outside_work_edu_pct": 41.0, "income_pct_region": 50.0}
    table = areas(
        at_50=dict(udsat, non_western_pct=50.0),
        over_50=dict(udsat, non_western_pct=50.1),
        not_udsat={"non_western_pct": 80.0},
    )
    out = evaluate_rule_sets(table, [PARALLEL], id_column="id").set_index("id")
    assert out[f"{PARALLEL}__status"].tolist() == [False, True, False]
    assert out[f"{PARALLEL}__{UDSAT}__met"].tolist() == [True, True, False]
    assert out.loc["over_50", f"{PARALLEL}__non_western__margin"] == pytest.approx(0.1)


def test_forebyggelsesomraade_thresholds() -> None:
    two = {"non_western_pct": 30.1, "outside_work_edu_pct": 30.5, "income_pct_region": 64.9}
    table = areas(
        yes=two,
        nw_at_30=dict(two, non_western_pct=30.0),
        work_at_30=dict(two, outside_work_edu_pct=30.0),
        income_at_65=dict(two, income_pct_region=65.0),
        conv_2=dict(two, income_pct_region=65.0, convictions_ratio=2.0),
        small=dict(two, residents=999.0),
    )
    out = evaluate_rule_sets(table, [FOREBYG], id_column="id").set_index("id")
    assert out[f"{FOREBYG}__status"].tolist() == [True, False, False, False, True, False]


def test_missing_values_are_unknown_unless_decided() -> None:
    table = areas(
        decided_yes={
            "outside_work_edu_pct": 41.0,
            "convictions_ratio": 3.0,
            "income_pct_region": np.nan,
        },
        undecided={"outside_work_edu_pct": 41.0, "income_pct_region": np.nan},
        decided_no={"outside_work_edu_pct": np.nan, "residents": 10.0},
    )
    out = evaluate_rule_sets(table, [UDSAT]).set_axis(table["id"])
    status = out[f"{UDSAT}__status"]
    assert bool(status["decided_yes"])  # bool(<NA>) would raise
    assert status.isna().tolist() == [False, True, False]
    assert not bool(status["decided_no"])
    assert out[f"{UDSAT}__income__met"].isna().tolist() == [True, True, False]


def test_rule_set_errors() -> None:
    with pytest.raises(RuleSetError, match="unknown rule set 'ghetto_2018'; available: "):
        evaluate_rule_sets(areas(a={}), ["ghetto_2018"])
    with pytest.raises(DataError, match="Rule set 'udsat_boligomraade_2024' needs column"):
        evaluate_rule_sets(areas(a={}).drop(columns="convictions_ratio"), [UDSAT])


def test_rule_set_cycle_is_reported() -> None:
    looping = RuleSet.model_validate(
        {
            "id": UDSAT,
            "title_da": "x",
            "title_en": "x",
            "legal_basis": "x",
            "version": "x",
            "criteria": [{"id": "r", "column": "residents", "op": ">=", "threshold": 1}],
            "rule": {"all": ["r", {"rule_set": UDSAT}]},
        }
    )
    with pytest.raises(RuleSetError, match="cycle"):
        evaluate_rule_sets(areas(a={}), [looping])


def test_rule_set_validation_catches_unknown_criterion() -> None:
    with pytest.raises(ValueError, match=r"rule refers to unknown criteria \['nope'\]"):
        RuleSet.model_validate(
            {
                "id": "x",
                "title_da": "x",
                "title_en": "x",
                "legal_basis": "x",
                "version": "1",
                "criteria": [{"id": "r", "column": "residents", "op": ">=", "threshold": 1}],
                "rule": {"at_least": 1, "of": ["r", "nope"]},
            }
        )


def test_profile_rule_sets_are_attached_to_ranking() -> None:
    profile = parse_profile(
        {
            "name": "b",
            "id_column": "id",
            "indicators": [{"column": "income_pct_region", "direction": "lower_is_worse"}],
            "rule_sets": [UDSAT],
        }
    )
    table = areas(hit={"outside_work_edu_pct": 41.0, "income_pct_region": 50.0}, calm={})
    frame = rank_areas(table, profile).to_frame()
    assert frame[f"{UDSAT}__status"].tolist() == [True, False]


FLAG_PROFILE = {
    "name": "flags",
    "id_column": "id",
    "indicators": [
        {"column": "up", "direction": "higher_is_worse"},
        {"column": "down", "direction": "lower_is_worse"},
    ],
}


def test_percentile_flags_at_or_above_90th() -> None:
    # 11 areas, percentile rank (r - 1) / 10: value 10 -> 0.9 (flagged, inclusive), 9 -> 0.8
    values = np.arange(1.0, 12.0)
    table = pd.DataFrame({"id": range(11), "up": values, "down": values})
    flags = percentile_flags(table, parse_profile(FLAG_PROFILE))
    assert flags.loc[flags["flag__up"], "id"].tolist() == [9, 10]
    assert flags.loc[flags["flag__down"], "id"].tolist() == [0, 1]
    assert flags["n_flags"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert flags.loc[9, "pctl__up"] == pytest.approx(0.9)


def test_percentile_flags_threshold_and_missing() -> None:
    table = pd.DataFrame({"id": range(5), "up": [1.0, 2, 3, 4, np.nan], "down": [1.0] * 5})
    flags = percentile_flags(table, parse_profile(FLAG_PROFILE), threshold=0.6)
    # up percentiles over 4 present values: 0, 1/3, 2/3, 1; ties in 'down' all get 0.5
    assert flags["flag__up"].tolist() == [False, False, True, True, False]
    assert not flags["flag__down"].any()
