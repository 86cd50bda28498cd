"""Profiles: loading, dumping, shipped demo profiles and the exact wording of errors."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import (
    DataError,
    ProfileError,
    builtin_profiles,
    dump_profile,
    explain,
    load_profile,
    parse_profile,
    rank_areas,
    sensitivity,
)

DEMO_CODES = {
    "outside_work_edu_pct", "employment_rate", "income_pct_region", "low_income_pct",
    "basic_school_only_pct", "convictions_ratio", "non_western_pct", "age65_pct",
    "single_parent_pct", "children_low_income_pct", "child_overweight_pct", "daily_smoking_pct",
    "high_alcohol_pct", "low_physical_activity_pct", "unhealthy_diet_pct", "loneliness_pct",
    "poor_self_rated_health_pct", "chronic_disease_pct", "poor_mental_health_pct",
    "health_offer_uptake_per_1000", "assets_per_1000", "associations_per_1000",
    "venues_per_1000",
}  # fmt: skip

EXAMPLE = """
name: Example
id_column: area_code
normalisation: percentile      # minmax | zscore | rank | percentile | goalposts | imd_exponential
aggregation: arithmetic        # or geometric
indicators:
  - column: employment_rate
    direction: lower_is_worse  # or higher_is_worse
    weight: 1
    domain: work
"""


def base(**changes: object) -> dict:
    data: dict = {
        "name": "Bad",
        "id_column": "id",
        "indicators": [
            {"column": "a", "direction": "higher_is_worse"},
            {"column": "b", "direction": "lower_is_worse"},
        ],
    }
    data.update(changes)
    return data


def indicator(index: int, **changes: object) -> dict:
    data = base()
    data["indicators"][index].update(changes)
    return data


def error_of(data: dict) -> str:
    with pytest.raises(ProfileError) as err:
        parse_profile(data)
    return str(err.value)


def test_example_from_text_path_json_and_mapping(tmp_path: Path) -> None:
    profile = load_profile(EXAMPLE)
    assert profile.indicators[0].domain == "work"
    path = tmp_path / "p.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert load_profile(path) == profile
    assert load_profile(str(path)) == profile
    assert load_profile(dump_profile(profile, "json")) == profile
    assert load_profile(json.loads(dump_profile(profile, "json"))) == profile


def test_dump_round_trip_of_shipped_profiles() -> None:
    for name in builtin_profiles():
        profile = load_profile(name)
        assert load_profile(dump_profile(profile)) == profile


def test_shipped_demo_profiles_use_demo_codes() -> None:
    demos = {"sundt_og_aktivt_lokalomraade", "boligsocial", "boerneliv_i_sund_balance"}
    assert demos <= set(builtin_profiles())
    for name in demos:
        profile = load_profile(name)
        assert set(profile.columns) <= DEMO_CODES, name
        assert profile.description_da and profile.description_en
        assert all(ind.label_da and ind.label_en for ind in profile.indicators)
    assert len(load_profile("boligsocial").rule_sets) == 3


def test_unknown_normalisation() -> None:
    assert error_of(indicator(1, normalisation="median")) == (
        "Invalid profile 'Bad':\n"
        "  - indicators[1] (column 'b').normalisation: Input should be 'minmax', 'zscore', "
        "'rank', 'percentile', 'goalposts' or 'imd_exponential' (got 'median')"
    )
    assert "normalisation: Input should be 'minmax'" in error_of(base(normalisation="robust"))


def test_negative_weight() -> None:
    assert "indicators[0] (column 'a').weight: Input should be greater than 0 (got -1)" in (
        error_of(indicator(0, weight=-1))
    )


def test_bad_direction() -> None:
    message = error_of(indicator(0, direction="up"))
    assert "indicators[0] (column 'a').direction: Input should be 'lower_is_worse' or " in message
    assert "'higher_is_worse' (got 'up')" in message


def test_empty_indicator_list() -> None:
    assert error_of(base(indicators=[])).endswith(
        "indicators: a profile needs at least one indicator"
    )


def test_unknown_rule_set() -> None:
    message = error_of(base(rule_sets=["ghetto_2018"]))
    assert "unknown rule set(s) ['ghetto_2018']; available: forebyggelsesomraade_2024" in message


def test_typo_key_is_rejected() -> None:
    message = error_of(indicator(0, wieght=2))
    assert "indicators[0] (column 'a').wieght: Extra inputs are not permitted" in message


def test_missing_required_fields() -> None:
    message = error_of({"name": "Bad", "indicators": [{"column": "a"}]})
    assert "  - id_column: Field required" in message
    assert "  - indicators[0] (column 'a').direction: Field required" in message


def test_goalposts_need_posts() -> None:
    assert "indicators[1] (b) uses normalisation 'goalposts' but has neither" in error_of(
        indicator(1, normalisation="goalposts")
    )


def test_goalposts_contradicting_direction() -> None:
    message = error_of(indicator(1, best=10, worst=50))
    assert "goalposts contradict direction 'lower_is_worse': worst=50.0 must be below" in message


def test_domains_all_or_none() -> None:
    message = error_of(indicator(0, domain="work"))
    assert "either every indicator has a domain or none has; no domain on: indicators[1] (b)" in (
        message
    )


def test_domain_weights_for_unknown_domain() -> None:
    data = indicator(0, domain="work")
    data["indicators"][1]["domain"] = "health"
    data["domain_weights"] = {"wrok": 2}
    assert "domain_weights name unknown domains ['wrok']; domains in use: ['work', 'health']" in (
        error_of(data)
    )


def test_duplicate_column() -> None:
    assert "indicator columns listed more than once: a" in error_of(indicator(1, column="a"))


def test_not_yaml_and_unknown_name() -> None:
    with pytest.raises(ProfileError, match="not valid YAML/JSON"):
        load_profile("name: [unclosed\nid_column: x")
    with pytest.raises(ProfileError, match="neither a profile file nor a built-in profile"):
        load_profile("no_such_profile")
    with pytest.raises(ProfileError, match="must be a mapping"):
        load_profile("- a\n- b")


def test_missing_column_in_data_names_it_and_lists_available() -> None:
    profile = load_profile(EXAMPLE)
    table = pd.DataFrame({"area_code": ["1"], "employment": [70.0]})
    with pytest.raises(DataError) as err:
        rank_areas(table, profile)
    assert str(err.value) == (
        "Profile 'Example' needs column(s) 'employment_rate', which the table does not have. "
        "Available columns: area_code, employment"
    )


def test_data_errors_duplicate_ids_and_text() -> None:
    profile = load_profile(EXAMPLE)
    dupes = pd.DataFrame({"area_code": ["1", "1"], "employment_rate": [1.0, 2.0]})
    with pytest.raises(DataError, match="id column 'area_code' must be unique; repeated: 1"):
        rank_areas(dupes, profile)
    text = pd.DataFrame({"area_code": ["1", "2"], "employment_rate": ["70", "n/a"]})
    with pytest.raises(DataError, match="column 'employment_rate' must be numeric; found 'n/a'"):
        rank_areas(text, profile)


def test_demo_profiles_run_end_to_end() -> None:
    rng = np.random.default_rng(0)
    n = 50
    table = pd.DataFrame({code: rng.uniform(0, 100, n).round(1) for code in sorted(DEMO_CODES)})
    table["convictions_ratio"] = rng.uniform(0, 4, n).round(2)
    table.insert(0, "area_code", [f"0851-{i:03d}" for i in range(n)])
    table["residents"] = rng.integers(5, 5000, n)
    for name in ("sundt_og_aktivt_lokalomraade", "boligsocial", "boerneliv_i_sund_balance"):
        profile = load_profile(name)
        result = rank_areas(table, profile)
        frame = result.to_frame()
        assert frame["rank"].min() == 1 and frame["rank"].notna().all(), name
        top = frame.loc[frame["rank"].astype(int).idxmin(), "area_code"]
        assert explain(result, top).sentence_da.startswith(f"Område {top} er nr. 1 af 50, primært")
        assert len(sensitivity(table, profile, draws=20).frame) == n
        statutory = [c for c in frame.columns if c.endswith("__status")]
        assert len(statutory) == len(profile.rule_sets), name
