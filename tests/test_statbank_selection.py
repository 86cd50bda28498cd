"""`--select VAR=CODES`: parsing, ranges, `*`, and checking against real STRAF42 tableinfo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import translated
from geodata.statbank.errors import StatbankError
from geodata.statbank.parse import TableInfo, parse_tableinfo
from geodata.statbank.selection import MAX_RANGE, parse_selection, resolve_selection

DATA = Path(__file__).parent / "data" / "statbank"


@pytest.fixture(scope="module")
def straf42() -> TableInfo:
    doc = json.loads((DATA / "tableinfo_STRAF42_da.json").read_text(encoding="utf-8"))
    return parse_tableinfo(doc)


def test_ranges_expand_and_keep_zero_padding() -> None:
    got = parse_selection(["ALDER=65-67,IALT", "OMRÅDE=081-085", "Tid=2020K1"])
    assert got == {
        "ALDER": ["65", "66", "67", "IALT"],
        "OMRÅDE": ["081", "082", "083", "084", "085"],
        "Tid": ["2020K1"],
    }
    assert parse_selection(["X=08-10"]) == {"X": ["08", "09", "10"]}
    assert parse_selection(["X=5-5"]) == {"X": ["5"]}


def test_star_means_every_value_and_wins_over_codes() -> None:
    assert parse_selection(["KØN=*"]) == {"KØN": ["*"]}
    assert parse_selection(["KØN=1,*"]) == {"KØN": ["*"]}
    assert parse_selection(["KØN=1", "KØN=*"]) == {"KØN": ["*"]}


def test_repeated_variable_adds_codes_without_duplicates() -> None:
    assert parse_selection(["OMRÅDE=851", "OMRÅDE=101,851"]) == {"OMRÅDE": ["851", "101"]}


def test_non_integer_dash_codes_stay_as_written() -> None:
    assert parse_selection(["ALDER=0-4 år"]) == {"ALDER": ["0-4 år"]}
    assert parse_selection(["Tid=2020K1-2020K4"]) == {"Tid": ["2020K1-2020K4"]}


@pytest.mark.parametrize(
    ("item", "key"),
    [
        ("ALDER", "statbank.err.select_syntax"),
        ("=851", "statbank.err.select_syntax"),
        ("ALDER=", "statbank.err.select_empty"),
        ("ALDER=1,,2", "statbank.err.select_empty"),
        ("ALDER=99-65", "statbank.err.select_backwards"),
        (f"ALDER=0-{MAX_RANGE}", "statbank.err.select_range_size"),
    ],
)
def test_bad_items_name_the_item(item: str, key: str) -> None:
    with pytest.raises(StatbankError) as caught:
        parse_selection([item], option="--denominator")
    err = caught.value
    assert err.key == key and err.params["item"] == item
    assert str(err).startswith(f"--denominator {item!r}")
    assert item in translated(err, "da") and "--denominator" in translated(err, "da")


def test_resolve_uses_tableinfo_ids_and_order(straf42: TableInfo) -> None:
    got = resolve_selection(parse_selection(["TID=2023", "herkomst1=00", "KØN=*"]), straf42)
    assert got == {"HERKOMST1": ["00"], "KØN": ["*"], "Tid": ["2023"]}
    assert list(got) == ["HERKOMST1", "KØN", "Tid"]  # table order, whatever the typing order


def test_tid_and_Tid_merge(straf42: TableInfo) -> None:
    got = resolve_selection({"TID": ["2023"], "Tid": ["2024", "2023"]}, straf42)
    assert got == {"Tid": ["2023", "2024"]}


def test_codes_by_text_and_any_case(straf42: TableInfo) -> None:
    got = resolve_selection({"KØN": ["mænd", "k"], "HERKOMST1": ["Asylansøger"]}, straf42)
    assert got == {"HERKOMST1": ["81"], "KØN": ["M", "K"]}


def test_range_against_tableinfo(straf42: TableInfo) -> None:
    got = resolve_selection(parse_selection(["Tid=2020-2024"]), straf42)
    assert got == {"Tid": ["2020", "2021", "2022", "2023", "2024"]}


def test_unknown_variable_names_it_and_the_choices(straf42: TableInfo) -> None:
    with pytest.raises(StatbankError) as caught:
        resolve_selection({"OMRÅDE": ["851"]}, straf42)
    err = caught.value
    assert err.key == "statbank.err.unknown_variable"
    assert "OMRÅDE" in str(err) and "HERKOMST1" in str(err) and "Tid" in str(err)
    assert "OMRÅDE" in translated(err, "da") and "variabel" in translated(err, "da")


def test_unknown_codes_are_listed_with_some_valid_ones(straf42: TableInfo) -> None:
    with pytest.raises(StatbankError) as caught:
        resolve_selection(parse_selection(["Tid=1990-1996,2023,2031"]), straf42)
    err = caught.value
    assert err.key == "statbank.err.unknown_code"
    assert err.params["variable"] == "Tid" and err.params["count"] == 6
    text = str(err)
    assert "1990" in text and "2031" in text and "2023," not in text.split("valid")[0]
    assert "1995 (1995)" in text  # a few valid codes with their texts
    assert "more" in text  # and a hint that there are more
    assert "1990" in translated(err, "da") and "Gyldige koder" in translated(err, "da")


def test_a_text_shared_by_several_codes_asks_for_the_code(straf42: TableInfo) -> None:
    # Real STRAF42: "I alt" is the text of both HERKOMST1 00 and (in KØN) TOT; within KØN it
    # is unique, so make a table where one variable repeats a text, as parish tables do.
    info = straf42.model_copy(deep=True)
    kon = info.variable("KØN")
    kon.values.append(kon.values[0].model_copy(update={"id": "TOT2"}))
    with pytest.raises(StatbankError) as caught:
        resolve_selection({"KØN": ["i alt"]}, info)
    err = caught.value
    assert err.key == "statbank.err.ambiguous_text" and err.params["codes"] == "TOT, TOT2"
    assert resolve_selection({"KØN": ["TOT2"]}, info) == {"KØN": ["TOT2"]}
    assert "TOT, TOT2" in translated(err, "da")
