"""The 2010-2017 ghetto lists against the rule sets of their years (issue 12, item 3).

Every area on a published list must meet that year's rule set and every area that left the list
must not, on the values printed next to it (tests/data/statutory, the heholo/IDE transcription).
Leaving entries that repeat the year before's figures are excluded and counted. The one entry
that disagrees is Ringparken, Slagelse 2012, whose two percentages are evidently swapped in the
transcription; the test pins both the failure and the correction, so it breaks when either the
data or the rule sets change.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pandas as pd
import pytest

from geodata.loaders.statutory_read import read_entries
from geodata.models_sources import LIST_KINDS
from indicators import RuleSetError, available_rule_sets, load_rule_set
from indicators.rules import ListKind, current_rule_sets, evaluate_rule_sets, rule_set_for
from indicators.statutory import check_lists

DATA = Path(__file__).parent / "data" / "statutory"
FLAT = DATA / "ghettolister_2010-2017.csv"
ERRATUM = (2012, "Ringparken, Slagelse")


@pytest.fixture(scope="module")
def checked() -> pd.DataFrame:
    frame = read_entries(FLAT).frame
    return frame.join(check_lists(frame))


def test_every_listed_area_meets_its_years_rule_set_and_every_leaving_area_does_not(
    checked: pd.DataFrame,
) -> None:
    assert len(checked) == 265
    assert set(checked["rule_set"]) == {"ghettoomraade_2010", "ghettoomraade_2014"}
    repeated = checked[checked["values_repeated"]]
    assert sorted(repeated["area_name"]) == ["Sebbersundvej mv", "Tåstrupgård", "Vejleåparken"]
    assert (
        set(repeated["list_year"]) == {2011} and checked.loc[repeated.index, "agrees"].isna().all()
    )
    judged = checked[~checked["values_repeated"]]
    assert judged["status"].notna().all()  # Blågården 2012 lacks a value and is decided anyway
    wrong = judged[judged["status"] != judged["on_list"]]
    assert [(r.list_year, r.area_name) for r in wrong.itertuples()] == [ERRATUM]
    listed, left = judged[judged["on_list"]], judged[~judged["on_list"]]
    assert len(listed) == 230 and len(left) == 32
    assert listed.drop(wrong.index)["status"].all() and not left["status"].any()


def test_ringparken_2012_fails_as_transcribed_and_passes_with_the_values_swapped(
    checked: pd.DataFrame,
) -> None:
    row = checked[(checked["list_year"] == ERRATUM[0]) & (checked["area_name"] == ERRATUM[1])]
    assert row[["outside_work_edu_pct", "non_western_pct"]].iloc[0].tolist() == [55.0, 44.8]
    assert bool(row["on_list"].iloc[0]) and not bool(row["status"].iloc[0])
    swapped = row.assign(outside_work_edu_pct=44.8, non_western_pct=55.0)
    assert bool(check_lists(swapped)["status"].iloc[0])
    # its neighbours in time have the unemployed share below the non-Western share
    years = checked[checked["area_name"] == ERRATUM[1]].set_index("list_year")
    assert years.loc[2011, "non_western_pct"] > years.loc[2011, "outside_work_edu_pct"]
    assert years.loc[2013, "non_western_pct"] > years.loc[2013, "outside_work_edu_pct"]


def test_blaagaarden_2012_is_decided_without_its_missing_value(checked: pd.DataFrame) -> None:
    row = checked[(checked["list_year"] == 2012) & (checked["area_name"] == "Blågården")].iloc[0]
    assert pd.isna(row["outside_work_edu_pct"]) and bool(row["status"]) and bool(row["agrees"])


@pytest.mark.parametrize(
    ("kind", "year", "expected"),
    [
        ("ghettoomraade", 2010, "ghettoomraade_2010"),
        ("ghettoomraade", 2013, "ghettoomraade_2010"),
        ("ghettoomraade", 2014, "ghettoomraade_2014"),
        ("ghettoomraade", 2017, "ghettoomraade_2014"),
        ("ghettoomraade", 2018, "ghettoomraade_2018"),
        ("ghettoomraade", 2020, "ghettoomraade_2018"),
        ("udsat_boligomraade", 2018, "udsat_boligomraade_2024"),
        ("udsat_boligomraade", 2030, "udsat_boligomraade_2024"),
        ("parallelsamfund", 2021, "parallelsamfund_2024"),
        ("forebyggelsesomraade", 2021, "forebyggelsesomraade_2024"),
    ],
)
def test_rule_set_for_picks_the_rule_set_of_the_year(kind: str, year: int, expected: str) -> None:
    assert rule_set_for(kind, year).id == expected


@pytest.mark.parametrize(
    ("kind", "year"),
    [("ghettoomraade", 2009), ("ghettoomraade", 2021), ("parallelsamfund", 2020),
     ("omdannelsesomraade", 2022), ("haardt_belastet", 2019)],
)  # fmt: skip
def test_no_rule_set_is_a_keyed_error(kind: str, year: int) -> None:
    with pytest.raises(RuleSetError) as caught:
        rule_set_for(kind, year)
    assert caught.value.key == "statutory.err.no_rule_set"
    assert caught.value.params == {"list_kind": kind, "year": year}


def test_thresholds_are_exclusive_at_the_boundary(checked: pd.DataFrame) -> None:
    """Aldersrogade 2014 (convicted 2.70, not listed) and Bispeparken 2015 (income 55.0, not
    listed) meet 3 of 5 only if the bound counted: they show the thresholds are exclusive."""
    for year, name, column, value in [
        (2014, "Aldersrogade", "convicted_pct", 2.7),
        (2015, "Bispeparken", "income_pct_region", 55.0),
    ]:
        row = checked[(checked["list_year"] == year) & (checked["area_name"] == name)]
        assert row[column].iloc[0] == value and not bool(row["on_list"].iloc[0])
        assert not bool(row["status"].iloc[0])
    rule_set = rule_set_for("ghettoomraade", 2014)
    table = pd.DataFrame(
        {
            "residents": [1000.0, 1000.0, 999.0],
            "non_western_pct": [50.0, 50.01, 60.0],
            "outside_work_edu_pct": [45.0, 45.0, 45.0],
            "convicted_pct": [2.7, 2.71, 3.0],
            "basic_school_only_pct": [55.0, 55.0, 55.0],
            "income_pct_region": [55.0, 54.9, 50.0],
        }
    )
    status = evaluate_rule_sets(table, [rule_set])["ghettoomraade_2014__status"]
    assert status.tolist() == [False, True, False]  # at the bounds 2 of 5; 999 residents too few


def test_list_kinds_in_indicators_repeat_the_models_kinds() -> None:
    assert typing.get_args(ListKind) == LIST_KINDS
    for name in available_rule_sets():
        rule_set = load_rule_set(name)
        assert rule_set.list_kind in LIST_KINDS and rule_set.list_years is not None, name


def test_old_lists_are_not_in_force() -> None:
    assert sorted(current_rule_sets()) == [
        "forebyggelsesomraade_2024", "parallelsamfund_2024", "udsat_boligomraade_2024",
    ]  # fmt: skip


def test_ghetto_2018_is_udsat_plus_non_western_majority() -> None:
    table = pd.DataFrame(
        {
            "residents": [1500.0, 1500.0],
            "outside_work_edu_pct": [45.0, 45.0],
            "convictions_ratio": [3.5, 3.5],
            "basic_school_only_pct": [50.0, 50.0],
            "income_pct_region": [70.0, 70.0],
            "non_western_pct": [51.0, 50.0],
        }
    )
    out = evaluate_rule_sets(table, ["ghettoomraade_2018"])
    assert out["ghettoomraade_2018__status"].tolist() == [True, False]
    assert out["ghettoomraade_2018__udsat_boligomraade_2024__met"].tolist() == [True, True]


def test_rankings_show_only_rule_sets_in_force_when_the_profile_names_none() -> None:
    """A table with every list column (old and new) gets today's lists, not ghettoområde."""
    from indicators import parse_profile
    from usecases.ranking import statutory

    table = pd.DataFrame(
        {"id": ["a", "b"], "residents": [1500.0, 2500.0], "outside_work_edu_pct": [45.0, 20.0],
         "convictions_ratio": [3.5, 1.0], "convicted_pct": [3.0, 1.0],
         "basic_school_only_pct": [65.0, 30.0], "income_pct_region": [50.0, 90.0],
         "non_western_pct": [60.0, 10.0]}
    )  # fmt: skip
    profile = parse_profile(
        {"name": "p", "id_column": "id", "residents_column": "residents",
         "indicators": [{"column": "income_pct_region", "direction": "lower_is_worse"}]}
    )  # fmt: skip
    rules, used = statutory(table, profile)
    assert sorted(rs.id for rs in used) == sorted(current_rule_sets())
    assert not [c for c in rules.columns if c.startswith("ghettoomraade")]
