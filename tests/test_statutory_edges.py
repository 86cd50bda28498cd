"""Edge cases of list files: what a municipality's own spreadsheet can hold.

Each case must either read correctly (Danish "ja"/"nej", decimal commas, the sheet named by
--layer in a workbook of several) or be refused with a located, keyed error (empty, header only,
one area twice under two spellings, a file far too large, a resident count below one).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.errors import LoadError
from geodata.loaders import statutory_read
from geodata.loaders.statutory_read import read_entries

HEADER = "Listeår;Liste;Område;Kommune;På listen;Beboere;Uden for arbejde/uddannelse (%)\n"


def _keys(path: Path) -> list[tuple[str, str, str | None]]:
    with pytest.raises(LoadError) as caught:
        read_entries(path)
    return [(p.location, p.field, p.key) for p in caught.value.problems]


def test_danish_booleans_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        HEADER + "2022;udsat;A;Aalborg;Ja;1.200;41,5\n2022;udsat;B;Aalborg;NEJ;2.300;39\n"
    )
    frame = read_entries(path).frame
    assert frame["on_list"].tolist() == [True, False]
    assert frame["residents"].tolist() == [1200, 2300]
    assert frame["outside_work_edu_pct"].tolist() == [41.5, 39.0]


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "tables.err.empty"), (HEADER, "tables.err.no_rows")],
)
def test_empty_and_header_only_files_are_refused(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(text)
    assert [k for _, _, k in _keys(path)] == [key]


def test_one_area_twice_under_two_spellings_is_a_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        HEADER + "2022;udsat;Agervang;Holbæk;ja;1.200;41\n"
        "2022;udsat;Agervang mv.;Holbæk Kommune;ja;1.200;41\n"
        "2022;forebyggelsesområde;Agervang;Holbæk;ja;1.200;41\n"  # another list: fine
        "2023;udsat;agervang;Holbæk;ja;1.200;41\n",  # another year: fine
        encoding="utf-8",
    )
    assert _keys(path) == [("row 3", "area_name", "tables.err.duplicate_key")]


def test_a_resident_count_below_one_is_not_a_thousands_dot(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("list_year,list_kind,area_name,on_list,residents\n2022,udsat,A,true,0.5\n")
    assert _keys(path) == [("row 2", "residents", "tables.err.int")]


def test_a_file_too_large_or_too_long_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "2022;udsat;A;Aalborg;ja;1.200;41\n2022;udsat;B;Aalborg;ja;1.300;41\n")
    monkeypatch.setattr(statutory_read, "MAX_ENTRIES", 1)
    assert _keys(path) == [("", "", "tables.err.rows")]
    monkeypatch.setattr(statutory_read, "MAX_BYTES", 10)
    assert _keys(path) == [("", "", "statutory.err.size")]
    json_path = tmp_path / "liste.json"
    json_path.write_text('{"2022": []}' + " " * 20)
    assert _keys(json_path) == [("", "", "statutory.err.size")]


def test_a_workbook_of_several_sheets_reads_the_sheet_named(tmp_path: Path) -> None:
    path = tmp_path / "lister.xlsx"
    columns = {"Listeår": 2022, "Liste": "udsat", "Område": "A", "Kommune": "Aalborg",
               "På listen": "ja", "Beboere": 1200}  # fmt: skip
    data = pd.DataFrame([columns])
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Note": ["forside"]}).to_excel(writer, sheet_name="Forside", index=False)
        data.to_excel(writer, sheet_name="Liste", index=False)
    read = read_entries(path, "Liste")
    assert read.frame["residents"].tolist() == [1200] and read.frame["where"].tolist() == [
        "sheet 'Liste', row 2"
    ]
    with pytest.raises(LoadError) as caught:
        read_entries(path, "Lister 2022")
    assert [p.key for p in caught.value.problems] == ["tables.err.sheet"]


def test_a_workbook_of_several_lists_is_not_read_by_its_first_sheet_alone(tmp_path: Path) -> None:
    path = tmp_path / "lister.xlsx"
    row = {"Listeår": 2022, "Område": "A", "Kommune": "Aalborg", "På listen": "ja"}
    with pd.ExcelWriter(path) as writer:
        for kind in ("udsat", "parallelsamfund"):
            pd.DataFrame([{**row, "Liste": kind}]).to_excel(writer, sheet_name=kind, index=False)
        pd.DataFrame({"Hjælp": ["x"]}).to_excel(writer, sheet_name="Vejledning", index=False)
    with pytest.raises(LoadError) as caught:
        read_entries(path)
    (problem,) = caught.value.problems
    assert (problem.key, problem.params) == (
        "tables.err.layers",
        {"names": "udsat, parallelsamfund"},
    )
    assert read_entries(path, "parallelsamfund").frame["list_kind"].tolist() == ["parallelsamfund"]
