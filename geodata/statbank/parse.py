"""Statbank's formats read into frames and models, with located errors (pure: no HTTP, no SQL).

Data come as CSV (the API's: UTF-8 with BOM, ';', CRLF; or a file saved from the website or
re-saved by a person: no BOM, LF, ',' or tab, Windows-1252) or as JSON-stat 1.x. Both give a
StatbankTable whose variable columns are text (codes such as "000" keep their zeros) and whose
INDHOLD is float64, NaN where Statbank printed ".." (missing or confidential): such a value
stays missing, never 0, so a sum over it is unknown rather than too small. A value column with
decimal commas reads "1.234" as a thousands group and refuses "48.58", because a silent factor
of 1,000 is worse than an error.

The tableinfo and table-list models are in geodata/statbank/tableinfo.py and re-exported here.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geodata.statbank.errors import StatbankError
from geodata.statbank.tableinfo import (
    DANISH_TIME,
    GEOGRAPHY_IDS,
    TableInfo,
    TableSummary,
    ValueCode,
    Variable,
    fold,
    parse_tableinfo,
    parse_tables,
    search_tables,
    statbank_time,
)

# parse is the contract's one import place; the tableinfo models live next door (file size).
__all__ = [
    "DANISH_TIME", "GEOGRAPHY_IDS", "MISSING_MARKS", "VALUE", "StatbankTable", "TableInfo",
    "TableSummary", "ValueCode", "Variable", "fold", "parse_tableinfo", "parse_tables",
    "parse_value", "read_jsonstat", "read_statbank_csv", "search_tables", "statbank_time",
]  # fmt: skip

VALUE = "INDHOLD"
MAX_JSONSTAT_CELLS = 20_000_000
MISSING_MARKS = frozenset({"..", ".", ""})
# A plain number with a decimal comma or point; "1.234,5" (Danish grouping) is allowed too.
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_DANISH_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_POINT_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_COMMA_NUMBER = re.compile(r"[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class StatbankTable:
    """One Statbank data set: variable columns as text, INDHOLD as float64 (NaN = missing)."""

    source: str
    frame: pd.DataFrame
    missing: np.ndarray
    variables: list[str]
    lines: tuple[int, ...] | None = None  # file line of each row (CSV); None for JSON-stat
    value_column: str = VALUE  # the value column's name in the file (renamed INDHOLD)

    def where(self, i: int) -> str:
        """The place of row i as a user finds it: "row N" (file line, header = row 1)."""
        if self.lines is None:
            return f"value {i + 1}"
        return f"row {self.lines[i]}"


def _error(
    source: str, row: int | None, column: str, message: str, key: str, **params: object
) -> StatbankError:
    """A located error: "file, row N, column 'X': message" (row and column when known)."""
    place = source + (f", row {row}" if row is not None else "")
    field = f", column '{column}'" if column else ""
    extra: dict[str, object] = {"row": row} if row is not None else {}
    if column:
        extra["column"] = column
    return StatbankError(f"{place}{field}: {message}", key=key, file=source, **extra, **params)


# --- CSV ------------------------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    """UTF-8 with or without BOM (the API's), else Windows-1252 (Excel's re-save)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _error(
            source, None, "", "not UTF-8 or Windows-1252 text", "statbank.err.csv_encoding"
        ) from exc


def _separator(header_line: str) -> str:
    """';' as Statbank writes it; ',' or tab only when the header clearly uses that instead."""
    if ";" in header_line:
        return ";"
    if "\t" in header_line:
        return "\t"
    return ","


def _header(cells: list[str], source: str) -> tuple[list[str], str]:
    """Variable names and the value column's name; INDHOLD must be last when present."""
    names = [c.strip() for c in cells]
    if len(names) < 2 or any(not n for n in names):
        raise _error(
            source, 1, "", f"header {';'.join(names)!r} needs variable columns and "
            "a value column, e.g. OMRÅDE;TID;INDHOLD", "statbank.err.csv_header",
            header=";".join(names),
        )  # fmt: skip
    upper = [n.upper() for n in names]
    dupes = sorted({n for n in upper if upper.count(n) > 1})
    if dupes:
        raise _error(source, 1, dupes[0], "the column name appears twice",
                     "statbank.err.csv_duplicate")  # fmt: skip
    if VALUE in upper[:-1]:
        raise _error(source, 1, VALUE, "the value column must be the last column",
                     "statbank.err.csv_value_last")  # fmt: skip
    return names[:-1], names[-1]


def _guarded(reader: Any, source: str) -> Iterator[list[str]]:
    """The reader's rows; a line the csv module cannot read (a huge field, a stray quote at the
    end) becomes a located StatbankError instead of a crash."""
    try:
        yield from reader
    except csv.Error as exc:
        raise _error(source, reader.line_num, "", f"cannot read the line: {exc}",
                     "statbank.err.csv_line", reason=str(exc)) from None  # fmt: skip


def _rows(text: str, sep: str, source: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header cells, data rows (blank lines skipped) and their file line numbers."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] = []
    rows, lines = [], []
    for raw in _guarded(reader, source):
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue
        if not header:
            header = cells
            width = len(cells)
            continue
        if len(cells) != width:
            raise _error(
                source, reader.line_num, "",
                f"expected {width} fields separated by {sep!r}, found {len(cells)}",
                "statbank.err.csv_fields", expected=width, found=len(cells),
            )  # fmt: skip
        rows.append(cells)
        lines.append(reader.line_num)
    return header, rows, lines


def parse_value(text: str) -> float | None:
    """A Statbank figure: None for a missing mark, float for a number, ValueError otherwise."""
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if t in MISSING_MARKS:
        return None
    if _DANISH_GROUPED.fullmatch(t):
        return float(t.replace(".", "").replace(",", "."))
    if not _NUMBER.fullmatch(t):
        raise ValueError(text)
    return float(t.replace(",", "."))


def _values(cells: list[str], lines: list[int], column: str, source: str):
    """INDHOLD as float64 with NaN for missing marks, and the missing mask.

    The column's dialect decides what a "." means: once any value has a decimal comma (Danish
    output), "1.234" is one thousand two hundred and thirty-four and "48.58" is refused as
    mixing the two marks; otherwise "." is the decimal point. A silent factor of 1,000 is worse
    than an error.
    """
    text = pd.Series(cells, dtype=object).str.replace("\u00a0", "").str.replace(" ", "")
    missing = text.isin(MISSING_MARKS).to_numpy()
    danish = bool(text[~missing].str.contains(",", regex=False).any())
    if danish:
        grouped = text.str.fullmatch(_DANISH_GROUPED.pattern).to_numpy(dtype=bool)
        text = text.where(~grouped, text.str.replace(".", "", regex=False))
        ok = text.str.fullmatch(_COMMA_NUMBER.pattern).to_numpy(dtype=bool)
        text = text.str.replace(",", ".", regex=False)
    else:
        ok = text.str.fullmatch(_POINT_NUMBER.pattern).to_numpy(dtype=bool)
    bad = np.flatnonzero(~ok & ~missing)
    if bad.size:
        i, cell = int(bad[0]), cells[int(bad[0])]
        if danish and "." in cell and _POINT_NUMBER.fullmatch(cell.strip()):
            raise _error(
                source, lines[i], column,
                f"{cell!r} has a decimal point, other values a decimal comma",
                "statbank.err.csv_mixed_decimal", value=cell,
            )  # fmt: skip
        raise _error(
            source, lines[i], column,
            f"cannot read {cell!r} as a number (Statbank writes '..' for missing)",
            "statbank.err.csv_value", value=cell,
        )  # fmt: skip
    values = np.full(len(cells), np.nan, dtype="float64")
    values[~missing] = text[~missing].astype(float).to_numpy()
    return values, missing


def read_statbank_csv(data: bytes, source: str) -> StatbankTable:
    """A Statbank CSV (API or website download) as a StatbankTable; errors name row and column."""
    text = _decode(data, source)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise _error(source, None, "", "the file is empty", "statbank.err.csv_empty")
    sep = _separator(first)
    variables, value_column = _header(next(csv.reader([first], delimiter=sep)), source)
    _, rows, lines = _rows(text, sep, source)
    for j, name in enumerate(variables):
        for i, row in enumerate(rows):
            if not row[j]:
                raise _error(source, lines[i], name, "the code is empty",
                             "statbank.err.csv_code")  # fmt: skip
    columns = {name: [row[j] for row in rows] for j, name in enumerate(variables)}
    values, missing = _values([row[-1] for row in rows], lines, value_column, source)
    frame = pd.DataFrame({name: pd.Series(col, dtype=object) for name, col in columns.items()})
    frame[VALUE] = values
    return StatbankTable(source, frame, missing, variables, tuple(lines), value_column)


# --- JSON-stat -------------------------------------------------------------------------------


def _bad_jsonstat(source: str, problem: str) -> StatbankError:
    return StatbankError(f"{source}: not a JSON-stat 1.x dataset ({problem})",
                         key="statbank.err.jsonstat", file=source, problem=problem)  # fmt: skip


def _dataset(doc: Any, source: str) -> dict[str, Any]:
    dataset = doc.get("dataset", doc) if isinstance(doc, dict) else None
    if not isinstance(dataset, dict) or not isinstance(dataset.get("dimension"), dict):
        raise _bad_jsonstat(source, "no 'dataset.dimension'")
    return dataset


def _category_codes(dim: dict[str, Any], name: str, size: int, source: str) -> list[str]:
    """The codes of one dimension in index order (index as a {code: position} or a list)."""
    index = (dim.get("category") or {}).get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    else:
        codes = [str(c) for c in ((dim.get("category") or {}).get("label") or {})]
    if len(codes) != size:
        raise _bad_jsonstat(source, f"dimension {name} has {len(codes)} codes, size says {size}")
    return codes


def _jsonstat_values(raw: Any, count: int, source: str) -> list[Any]:
    if count > MAX_JSONSTAT_CELLS:
        raise _bad_jsonstat(source, f"{count} cells, more than {MAX_JSONSTAT_CELLS}")
    if isinstance(raw, dict):  # sparse form {"position": value}
        dense: list[Any] = [None] * count
        try:
            for pos, value in raw.items():
                dense[int(pos)] = value
        except (ValueError, IndexError):
            raise _bad_jsonstat(source, f"value position {pos!r} outside 0-{count - 1}") from None
        return dense
    if not isinstance(raw, list) or len(raw) != count:
        got = len(raw) if isinstance(raw, list) else 0
        raise _bad_jsonstat(source, f"{got} values for {count} cells")
    return raw


def read_jsonstat(doc: dict, source: str) -> StatbankTable:
    """A JSON-stat 1.x dataset as a StatbankTable, with columns named like the CSV's.

    Dimension ids are upper-cased (the CSV header says TID where JSON-stat says Tid) and the
    metric dimension (ContentsCode) is dropped when it has one value, as in the CSV.
    """
    dataset = _dataset(doc, source)
    dims = dataset["dimension"]
    ids, sizes = dims.get("id"), dims.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise _bad_jsonstat(source, "'dimension.id' and 'dimension.size' do not match")
    try:
        codes = [_category_codes(dims.get(name) or {}, name, int(n), source)
                 for name, n in zip(ids, sizes, strict=True)]  # fmt: skip
    except StatbankError:
        raise
    except (TypeError, ValueError, AttributeError) as exc:
        raise _bad_jsonstat(source, str(exc)) from None
    raw = _jsonstat_values(dataset.get("value"), math.prod(len(c) for c in codes), source)
    cells = list(itertools.product(*codes))
    metric = {"ContentsCode", *((dims.get("role") or {}).get("metric") or [])}
    keep = [j for j, name in enumerate(ids) if not (name in metric and sizes[j] == 1)]
    variables = [str(ids[j]).upper() for j in keep]
    frame = pd.DataFrame(
        {
            variables[k]: pd.Series([cell[j] for cell in cells], dtype=object)
            for k, j in enumerate(keep)
        }
    )
    values = np.empty(len(cells), dtype="float64")
    missing = np.zeros(len(cells), dtype=bool)
    for i, value in enumerate(raw):
        try:
            number = None if value is None else parse_value(str(value))
        except ValueError:
            raise StatbankError(
                f"{source}, value {i + 1}: cannot read {value!r} as a number",
                key="statbank.err.jsonstat_value",
                file=source,
                position=i + 1,
                value=str(value),
            ) from None
        missing[i] = number is None
        values[i] = np.nan if number is None else number
    frame[VALUE] = values
    return StatbankTable(source, frame, missing, variables)
