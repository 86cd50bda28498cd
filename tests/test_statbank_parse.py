"""Statbank's formats against the real recorded answers (tests/data/statbank, pure: no network).

The byte-exact API CSV (BOM, ';', CRLF) and the JSON-stat answers to the same request must give
the same figure; ".." must stay missing (never 0); a bad row is reported with file, row, column.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from app.errors import translated
from geodata.statbank.errors import StatbankError
from geodata.statbank.parse import (
    parse_tableinfo,
    parse_tables,
    parse_value,
    read_jsonstat,
    read_statbank_csv,
    search_tables,
)

DATA = Path(__file__).parent / "data" / "statbank"
CSV = DATA / "data_STRAF42_HERKOMST1-00_TID-2023.csv"


def _json(name: str) -> object:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_recorded_api_csv_is_bom_semicolon_crlf_and_reads_233454() -> None:
    raw = CSV.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the wire format we claim to read
    table = read_statbank_csv(raw, CSV.name)
    assert table.variables == ["HERKOMST1", "TID"]
    assert list(table.frame.columns) == ["HERKOMST1", "TID", "INDHOLD"]
    assert table.frame.loc[0, "TID"] == "2023" and table.frame.loc[0, "HERKOMST1"] == "Total"
    assert table.frame["INDHOLD"].dtype == np.float64
    assert table.frame.loc[0, "INDHOLD"] == 233454
    assert not table.missing.any()
    assert table.where(0) == "row 2"  # the header is row 1


def test_same_bytes_with_lf_and_no_bom_read_the_same() -> None:
    raw = CSV.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    table = read_statbank_csv(raw, "resaved.csv")
    assert table.variables == ["HERKOMST1", "TID"]  # no BOM glued to the first name
    assert table.frame["INDHOLD"].tolist() == [233454.0]


def test_codes_keep_their_leading_zeros() -> None:
    table = read_statbank_csv(b"OMR\xc3\x85DE;TID;INDHOLD\n081;2020K1;589755\n", "f.csv")
    assert table.frame.loc[0, "OMRÅDE"] == "081"


def test_decimal_comma_and_decimal_point_both_read() -> None:
    danish = "OMRÅDE;TID;INDHOLD\r\n851;2020;42955,60\r\n101;2020;1.234,5\r\n147;2020;7\r\n"
    table = read_statbank_csv(danish.encode(), "da.csv")
    assert table.frame["INDHOLD"].tolist() == [42955.6, 1234.5, 7.0]
    english = "OMRÅDE;TID;INDHOLD\r\n851;2020;48.58\r\n101;2020;-0.5\r\n147;2020;1.234\r\n"
    table = read_statbank_csv(english.encode(), "en.csv")
    assert table.frame["INDHOLD"].tolist() == [48.58, -0.5, 1.234]


def test_a_dot_in_a_decimal_comma_column_is_grouping_or_an_error() -> None:
    grouped = "OMRÅDE;INDHOLD\n851;2,5\n101;1.234\n"
    assert read_statbank_csv(grouped.encode(), "g.csv").frame["INDHOLD"].tolist() == [2.5, 1234.0]
    with pytest.raises(StatbankError) as caught:
        read_statbank_csv("OMRÅDE;INDHOLD\n851;2,5\n101;..\n147;48.58\n".encode(), "mixed.csv")
    err = caught.value
    assert err.key == "statbank.err.csv_mixed_decimal"
    assert str(err).startswith("mixed.csv, row 4, column 'INDHOLD'") and "48.58" in str(err)


def test_an_unreadable_line_is_located() -> None:
    raw = b"OMR\xc3\x85DE;INDHOLD\n851;1\n101;" + b"9" * 200_000 + b"\n"
    with pytest.raises(StatbankError) as caught:
        read_statbank_csv(raw, "huge.csv")
    assert caught.value.key == "statbank.err.csv_line"
    assert str(caught.value).startswith("huge.csv, row 3")


def test_comma_or_tab_separated_header_is_recognised() -> None:
    for sep in (",", "\t"):
        raw = sep.join(["OMRÅDE", "TID", "INDHOLD"]) + "\n" + sep.join(["851", "2020", "7"])
        assert read_statbank_csv(raw.encode(), "x.csv").frame["INDHOLD"].tolist() == [7.0]


def test_windows_1252_file_from_excel_reads() -> None:
    raw = "OMRÅDE;KØN;INDHOLD\r\n851;1;5\r\n".encode("cp1252")
    assert read_statbank_csv(raw, "excel.csv").variables == ["OMRÅDE", "KØN"]


def test_two_dots_stay_missing_never_zero_and_sums_show_it() -> None:
    raw = "OMRÅDE;TID;INDHOLD\n851;2020;10\n101;2020;..\n147;2020;5\n"
    table = read_statbank_csv(raw.encode(), "missing.csv")
    assert table.missing.tolist() == [False, True, False]
    assert math.isnan(table.frame.loc[1, "INDHOLD"])
    assert 0.0 not in table.frame["INDHOLD"].tolist()
    # What a consumer may rely on: a plain sum over a missing value is unknown (NaN), not 15;
    # the known part is 15 and exactly one value is missing.
    assert math.isnan(table.frame["INDHOLD"].sum(skipna=False))
    assert table.frame["INDHOLD"][~table.missing].sum() == 15.0
    assert int(table.missing.sum()) == 1


def test_blank_lines_are_skipped_and_rows_keep_their_file_line() -> None:
    raw = b"OMR\xc3\x85DE;TID;INDHOLD\n\n851;2020;1\n\n101;2020;2\n"
    table = read_statbank_csv(raw, "gaps.csv")
    assert [table.where(i) for i in range(2)] == ["row 3", "row 5"]


@pytest.mark.parametrize(
    ("body", "row", "column", "key"),
    [
        ("OMRÅDE;TID;INDHOLD\n851;2020;1\n101;2020\n", 3, None, "statbank.err.csv_fields"),
        ("OMRÅDE;TID;INDHOLD\n851;2020;1\n101;2020;abc\n", 3, "INDHOLD", "statbank.err.csv_value"),
        ("OMRÅDE;TID;INDHOLD\n851;2020;nan\n", 2, "INDHOLD", "statbank.err.csv_value"),
        ("OMRÅDE;TID;INDHOLD\n851;2020;1\n;2020;2\n", 3, "OMRÅDE", "statbank.err.csv_code"),
        ("OMRÅDE;INDHOLD;TID\n851;1;2020\n", 1, "INDHOLD", "statbank.err.csv_value_last"),
        ("OMRÅDE;TID;tid;INDHOLD\n", 1, "TID", "statbank.err.csv_duplicate"),
        ("INDHOLD\n5\n", 1, None, "statbank.err.csv_header"),
    ],
)
def test_bad_rows_name_file_row_and_column(
    body: str, row: int, column: str | None, key: str
) -> None:
    with pytest.raises(StatbankError) as caught:
        read_statbank_csv(body.encode(), "bad.csv")
    err = caught.value
    assert err.key == key
    assert str(err).startswith(f"bad.csv, row {row}")
    assert err.params["file"] == "bad.csv" and err.params["row"] == row
    if column:
        assert err.params["column"] == column and f"column '{column}'" in str(err)
    danish = translated(err, "da")
    assert "bad.csv" in danish and f"række {row}" in danish


def test_bytes_that_are_no_text_are_refused() -> None:
    with pytest.raises(StatbankError) as caught:  # 0x81 is undefined in UTF-8 and Windows-1252
        read_statbank_csv(b"OMR\x81DE;INDHOLD\n1;2\n", "binary.csv")
    assert caught.value.key == "statbank.err.csv_encoding" and "binary.csv" in str(caught.value)


def test_empty_file_is_refused() -> None:
    with pytest.raises(StatbankError, match="empty") as caught:
        read_statbank_csv(b"\xef\xbb\xbf\r\n", "empty.csv")
    assert caught.value.key == "statbank.err.csv_empty"


def test_last_column_not_named_indhold_is_the_value_column() -> None:
    table = read_statbank_csv(b"OMR\xc3\x85DE;TID;Antal\n851;2020;3\n", "named.csv")
    assert table.value_column == "Antal" and table.frame["INDHOLD"].tolist() == [3.0]


def test_parse_value_forms() -> None:
    assert parse_value("..") is None and parse_value(".") is None and parse_value(" ") is None
    assert parse_value("-3,5") == -3.5 and parse_value("1e3") == 1000.0
    for bad in ("inf", "1,2,3", "12a", "-"):
        with pytest.raises(ValueError):
            parse_value(bad)


def test_jsonstat_gives_the_same_figure_as_the_csv() -> None:
    doc = _json("data_STRAF42_HERKOMST1-00_TID-2023.jsonstat.json")
    table = read_jsonstat(doc, "straf42.jsonstat.json")  # type: ignore[arg-type]
    csv_table = read_statbank_csv(CSV.read_bytes(), CSV.name)
    assert table.variables == csv_table.variables == ["HERKOMST1", "TID"]  # Tid -> TID
    assert table.frame["INDHOLD"].tolist() == csv_table.frame["INDHOLD"].tolist() == [233454.0]
    assert table.frame.loc[0, "HERKOMST1"] == "00"  # JSON-stat gives codes
    assert table.where(0) == "value 1"


def test_jsonstat_without_selection_is_the_latest_year_only() -> None:
    table = read_jsonstat(_json("data_STRAF42_noselection.jsonstat.json"), "all.json")  # type: ignore[arg-type]
    assert table.variables == ["TID"]
    assert table.frame.to_dict("records") == [{"TID": "2024", "INDHOLD": 227774.0}]


def test_jsonstat_contents_dimension_is_dropped_even_without_a_role() -> None:
    doc = _json("data_STRAF42_HERKOMST1-00_TID-2023.jsonstat.json")
    del doc["dataset"]["dimension"]["role"]  # type: ignore[index]
    table = read_jsonstat(doc, "norole.json")  # type: ignore[arg-type]
    assert table.variables == ["HERKOMST1", "TID"]


def test_jsonstat_cells_follow_row_major_order_and_null_is_missing() -> None:
    doc = {
        "dataset": {
            "dimension": {
                "A": {"category": {"index": {"x": 0, "y": 1}}},
                "Tid": {"category": {"index": ["2020", "2021", "2022"]}},
                "id": ["A", "Tid"],
                "size": [2, 3],
                "role": {"time": ["Tid"]},
            },
            "value": [1, 2, 3, 4, None, 6],
        }
    }
    table = read_jsonstat(doc, "made.json")
    assert table.frame.iloc[4][["A", "TID"]].tolist() == ["y", "2021"]
    assert table.missing.tolist() == [False, False, False, False, True, False]


@pytest.mark.parametrize(
    "doc",
    [
        {"nothing": 1},
        {
            "dataset": {
                "dimension": {"id": ["A"], "size": [2], "A": {"category": {"index": ["x"]}}},
                "value": [1, 2],
            }
        },
        {
            "dataset": {
                "dimension": {"id": ["A"], "size": [1], "A": {"category": {"index": ["x"]}}},
                "value": [1, 2],
            }
        },
    ],
)
def test_broken_jsonstat_is_a_statbank_error(doc: dict) -> None:
    with pytest.raises(StatbankError) as caught:
        read_jsonstat(doc, "broken.json")
    assert caught.value.key == "statbank.err.jsonstat" and "broken.json" in str(caught.value)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_tableinfo_straf42(lang: str) -> None:
    info = parse_tableinfo(_json(f"tableinfo_STRAF42_{lang}.json"))  # type: ignore[arg-type]
    assert info.id == "STRAF42"
    assert [v.id for v in info.variables] == [
        "HERKOMST1", "OVERTRÆD", "AFGØRELSE", "ALDER", "KØN", "Tid",
    ]  # fmt: skip
    tid = info.variable("TID")
    assert tid.id == "Tid" and tid.time and not tid.elimination
    assert [v.id for v in tid.values][:2] == ["1995", "1996"] and tid.values[-1].id == "2024"
    # "2025-03-25T08:00:00" is Danish winter time: 07:00 UTC, as the JSON-stat answers say.
    assert info.updated.utcoffset() is not None
    assert info.updated.astimezone(UTC) == datetime(2025, 3, 25, 7, 0, tzinfo=UTC)
    assert info.suppressed_data_value == "0"
    assert info.documentation_url and "3806026b" in info.documentation_url
    assert info.footnote and "330" in info.footnote
    assert info.geography() is None  # STRAF42 is national only
    assert info.unit == {"da": "Antal", "en": "Number"}[lang]


def test_tableinfo_variable_by_text_and_unknown_variable_message() -> None:
    info = parse_tableinfo(_json("tableinfo_STRAF42_da.json"))  # type: ignore[arg-type]
    assert info.variable("alder").id == "ALDER"
    assert info.variable("køn").id == "KØN"
    with pytest.raises(StatbankError) as caught:
        info.variable("OMRÅDE")
    assert caught.value.key == "statbank.err.unknown_variable"
    assert "OMRÅDE" in str(caught.value) and "HERKOMST1" in str(caught.value)


def test_tableinfo_summer_time_and_geography() -> None:
    doc = {"id": "T", "text": "t", "updated": "2025-08-11T08:00:00", "variables": [
        {"id": "KØN", "text": "køn", "elimination": True, "time": False, "values": []},
        {"id": "OMRÅDE", "text": "område", "elimination": True, "time": False, "values": []},
    ]}  # fmt: skip
    info = parse_tableinfo(doc)
    assert info.updated.astimezone(UTC).hour == 6  # CEST is UTC+2
    geo = info.geography()
    assert geo is not None and geo.id == "OMRÅDE"


def test_broken_tableinfo_is_a_statbank_error() -> None:
    with pytest.raises(StatbankError) as caught:
        parse_tableinfo({"id": "T"})
    assert caught.value.key == "statbank.err.format"


def test_tables_list_has_every_active_table() -> None:
    tables = parse_tables(_json("tables_en_active_2025-09-06.json"))  # type: ignore[arg-type]
    assert len(tables) == 2234
    by_id = {t.id: t for t in tables}
    assert {"FOLK1A", "KM1", "STRAF42", "SOGN1"} <= set(by_id)
    folk = by_id["FOLK1A"]
    assert (folk.first_period, folk.latest_period) == ("2008Q1", "2025Q3")
    assert folk.variables == ["region", "sex", "age", "marital status", "time"]
    assert folk.updated.tzinfo is not None


def test_search_tables() -> None:
    tables = parse_tables(_json("tables_en_active_2025-09-06.json"))  # type: ignore[arg-type]
    assert [t.id for t in search_tables(tables, "straf42")] == ["STRAF42"]
    found = {t.id for t in search_tables(tables, "Population")}
    assert {"FOLK1A", "KM1"} <= found and "STRAF42" not in found
    assert 50 < len(found) < len(tables)
    danish = [t.model_copy(update={"text": "Befolkningen den 1. i kvartalet"})
              for t in tables if t.id == "FOLK1A"]  # fmt: skip
    assert [t.id for t in search_tables(danish, "befolk")] == ["FOLK1A"]
    assert search_tables(tables, "no such words here") == []


def test_search_folds_danish_letters() -> None:
    tables = parse_tables(_json("tables_en_active_2025-09-06.json"))[:1]  # type: ignore[arg-type]
    tables = [tables[0].model_copy(update={"text": "Udlån på Ålborg bibliotek, Ærø"})]
    for word in ("ålborg", "AALBORG", "udlaan", "aeroe", "ÆRØ"):
        assert search_tables(tables, word), word


@pytest.mark.parametrize("module", ["parse", "tableinfo", "selection", "errors"])
def test_pure_modules_know_no_http_and_no_sql(module: str) -> None:
    """parse/tableinfo/selection are pure: only client talks HTTP, only queries/ has SQL."""
    source = (Path(__file__).parents[1] / "geodata" / "statbank" / f"{module}.py").read_text()
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0] if node.level == 0 else node.module)
    assert not imported & {"httpx", "sqlalchemy", "psycopg", "geoalchemy2", "app"}, imported
    assert "geodata.statbank.client" not in source and "geodata.db" not in source


def test_recorded_files_are_byte_exact_as_the_readme_says() -> None:
    """An editor or git setting that re-saved a recording (CRLF, BOM) would fail here."""
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, flags=re.M)
    assert len(listed) >= 7 and "Kilde: Danmarks Statistik, Statistikbanken, tabel" in readme
    for digest, name in listed:
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name
