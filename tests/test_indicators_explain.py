"""Explanations: ordered contributions that add up to the score, and the summary sentences."""

import math

import numpy as np
import pandas as pd
import pytest

from indicators import DataError, Profile, explain, parse_profile, rank_areas


def profile(aggregation: str = "arithmetic") -> Profile:
    return parse_profile(
        {
            "name": "explain",
            "id_column": "sogn",
            "normalisation": "goalposts",
            "aggregation": aggregation,
            "indicators": [
                {
                    "column": "smoking",
                    "direction": "higher_is_worse",
                    "best": 0,
                    "worst": 40,
                    "label_da": "daglig rygning",
                    "label_en": "daily smoking",
                },
                {
                    "column": "lonely",
                    "direction": "higher_is_worse",
                    "best": 0,
                    "worst": 20,
                    "weight": 2,
                    "label_da": "ensomhed",
                    "label_en": "loneliness",
                },
                {
                    "column": "active",
                    "direction": "lower_is_worse",
                    "best": 100,
                    "worst": 0,
                    "label_da": "lav fysisk aktivitet",
                    "label_en": "low physical activity",
                },
                {"column": "diet", "direction": "higher_is_worse", "best": 0, "worst": 50},
            ],
        }
    )


TABLE = pd.DataFrame(
    {
        "sogn": ["Vejgaard", "Hasseris", "Aalborg Øst"],
        "smoking": [20.0, 4.0, 36.0],
        "lonely": [10.0, 2.0, 15.0],
        "active": [60.0, 90.0, 20.0],
        "diet": [5.0, 0.0, np.nan],
    }
)


def test_breakdown_hand_computed_and_ordered() -> None:
    # Aalborg Øst, diet missing -> weights 1/4, 2/4, 1/4 over smoking .9, lonely .75, active .8
    result = rank_areas(TABLE, profile())
    why = explain(result, "Aalborg Øst")
    assert why.rank == 1 and why.n_ranked == 3
    assert why.frame["indicator"].tolist() == ["lonely", "smoking", "active", "diet"]
    np.testing.assert_allclose(why.frame["normalised"][:3], [0.75, 0.9, 0.8])
    np.testing.assert_allclose(why.frame["contribution"][:3], [0.375, 0.225, 0.2])
    np.testing.assert_allclose(why.frame["share"][:3], [0.46875, 0.28125, 0.25])
    np.testing.assert_allclose(why.frame["weight"], [0.5, 0.25, 0.25, 0.0])
    assert why.frame["observed"].tolist()[:3] == [15.0, 36.0, 20.0]
    assert why.score == pytest.approx(0.8)
    assert why.frame["contribution"].sum() == pytest.approx(why.score)
    assert why.frame["share"][:3].sum() == pytest.approx(1.0)
    assert bool(why.frame["missing"].iloc[3])


def test_sentences() -> None:
    why = explain(rank_areas(TABLE, profile()), "Aalborg Øst")
    assert why.sentence_da == (
        "Område Aalborg Øst er nr. 1 af 3, primært pga. ensomhed 15 (47 % af scoren), "
        "daglig rygning 36 (28 % af scoren) og lav fysisk aktivitet 20 (25 % af scoren)."
    )
    assert why.sentence_en == (
        "Area Aalborg Øst is number 1 of 3, mainly because of loneliness 15 (47 % of the score), "
        "daily smoking 36 (28 % of the score) and low physical activity 20 (25 % of the score)."
    )
    assert why.sentence("en") == why.sentence_en


def test_suppressed_indicator_is_not_named_with_its_value() -> None:
    """Without exclude_from_ranking a hidden cell still counts in the score, but the sentence
    (which prints the observed value) must not name it: "ensomhed 15" would publish it."""
    counted = TABLE.assign(lonely__num=[30.0, 6.0, 3.0], lonely__den=[300.0, 300.0, 20.0])
    why = explain(rank_areas(counted, profile()), "Aalborg Øst")
    assert bool(why.frame.loc[why.frame["indicator"] == "lonely", "suppressed"].iloc[0])
    assert why.frame["indicator"].iloc[0] == "lonely"  # still the largest contribution
    assert "ensomhed" not in why.sentence_da and "15" not in why.sentence_da
    assert "loneliness" not in why.sentence_en
    assert why.sentence_da.endswith(
        "primært pga. daglig rygning 36 (28 % af scoren) "
        "og lav fysisk aktivitet 20 (25 % af scoren)."
    )


def test_contributions_sum_to_score_for_every_area() -> None:
    result = rank_areas(TABLE, profile())
    for area in TABLE["sogn"]:
        why = explain(result, area)
        assert why.frame["contribution"].sum() == pytest.approx(why.score)


def test_geometric_log_contributions_sum_to_log_score() -> None:
    result = rank_areas(TABLE, profile("geometric"))
    for area in TABLE["sogn"]:
        why = explain(result, area)
        assert why.frame["contribution"].sum() == pytest.approx(math.log(why.score))
        assert (why.frame["contribution"].dropna() >= 0).all()


def test_least_needy_area_without_pull() -> None:
    table = TABLE.assign(
        smoking=[20.0, 0.0, 36.0], lonely=[10.0, 0.0, 15.0], active=[60.0, 100.0, 20.0]
    )
    why = explain(rank_areas(table, profile()), "Hasseris")
    assert why.sentence_da == "Område Hasseris er nr. 3 af 3; ingen indikator trækker behovet op."


def test_unknown_area() -> None:
    with pytest.raises(DataError, match="area 'Nørresundby' is not in the ranking"):
        explain(rank_areas(TABLE, profile()), "Nørresundby")
