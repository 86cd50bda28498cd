"""Read a published statutory list (CSV, .xlsx or the heholo JSON) into typed entries.

The 2010-2017 ghetto lists exist as a hand transcription (heholo/IDE) with English column names
(`id`, `ghetto`, `unemployed` ...) and known quirks, and the 2018+ lists would come with the
criteria names of today's rule sets; municipalities keep lists in Danish spreadsheets. Every
form is canonicalised to one set of fields here, and the quirks are fixed with a note for each
fix: names to Unicode NFC (an "å" typed as "a" + ring does not match "å"), resident counts
whose thousands dot was read as a decimal point (2.44 means 2,440), and a leaving area printed
with the previous year's figures (flagged ``values_repeated``; its values are not that year's).
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook

from geodata.errors import LoadError, Problem
from geodata.loaders.aliases import choice_table, find_column, fold, resolve_choice
from geodata.loaders.readers import read_table
from geodata.loaders.specs import FieldSpec
from geodata.loaders.spreadsheet import GUIDE_SHEETS, column_decimal
from geodata.loaders.validate import CellError, parse_value
from geodata.models_sources import LIST_KINDS

# field -> other names a file may use (compared folded: case, æøå and separators do not matter)
FIELDS: dict[str, tuple[str, ...]] = {
    "list_kind": ("liste", "listetype", "list_type", "listekategori"),
    "list_year": ("year", "år", "aar", "listeår", "liste_år"),
    # "id" last: it is the heholo transcription's name column, but elsewhere a row number
    "area_name": ("name", "navn", "område", "boligområde", "områdenavn", "area", "id"),
    "area_code": ("områdekode", "boligområdekode", "code", "kode"),
    "municipality": ("kommune", "kommunenavn"),
    "on_list": ("ghetto", "på_listen", "paa_listen", "på_liste", "listed"),
    "new": ("ny", "ny_på_listen", "new_on_list"),
    "residents": ("beboere", "indbyggere", "antal_beboere"),
    "outside_work_edu_pct": ("unemployed", "uden_for_arbejde_uddannelse", "uden_for_arbejde"),
    "non_western_pct": ("immigrants", "ikke_vestlige", "ikke_vestlige_indvandrere"),
    "convicted_pct": ("prosecuted", "dømte", "dømte_pct"),
    "convictions_ratio": ("dømte_gange_landsgennemsnit", "dømte_ratio"),
    "basic_school_only_pct": ("education", "kun_grundskole", "grundskole"),
    "income_pct_region": ("income", "indkomst", "indkomst_pct_region", "indkomst_af_regionen"),
}
NUMBERS = (
    "residents", "outside_work_edu_pct", "non_western_pct", "convicted_pct",
    "convictions_ratio", "basic_school_only_pct", "income_pct_region",
)  # fmt: skip
CRITERIA = NUMBERS[1:]
KIND_NAMES = choice_table(
    LIST_KINDS,
    {
        "ghettoomraade": ("ghettoområde", "ghettoområder", "ghetto", "ghettoliste"),
        "haardt_belastet": ("hårdt belastet ghettoområde", "hårdt belastet"),
        "udsat_boligomraade": ("udsat boligområde", "udsatte boligområder", "udsat"),
        "parallelsamfund": ("parallelsamfund", "parallelsamfundsliste"),
        "omdannelsesomraade": ("omdannelsesområde", "omdannelsesområder"),
        "forebyggelsesomraade": ("forebyggelsesområde", "forebyggelsesområder"),
    },
)
BOOL, FLOAT = FieldSpec("on_list", "bool"), FieldSpec("value", "float")
YEARS = (1990, 2100)
MAX_BYTES, MAX_ENTRIES = 20 * 2**20, 50_000  # a list has tens of areas a year
THOUSANDS_BELOW = 100  # a resident count under 100 with decimals is thousands (areas have 1,000+)


@dataclass
class Entries:
    """Typed entries (one row each, with `where` and `source_row`) and what the reader fixed."""

    frame: pd.DataFrame
    name: str
    notes: list[str] = field(default_factory=list)


@dataclass
class _Rows:
    frame: pd.DataFrame  # text cells, canonical column names
    name: str
    where: list[str]
    source_rows: list[int]
    decimal: str = "."
    notes: list[str] = field(default_factory=list)


def read_entries(path: Path, sheet: str | None = None) -> Entries:
    """The entries of a list file, or a LoadError naming every bad cell (nothing half-read)."""
    path = Path(path)
    _check_size(path)
    rows = _read_json(path) if path.suffix.lower() == ".json" else _read_sheet(path, sheet)
    if len(rows.frame) > MAX_ENTRIES:
        msg = f"the file has more than {MAX_ENTRIES} rows"
        raise LoadError(
            [Problem(rows.name, "", "", msg, "tables.err.rows", {"limit": MAX_ENTRIES})]
        )
    problems: list[Problem] = []
    records = [_entry(rows, i, problems) for i in range(len(rows.frame))]
    frame = pd.DataFrame(records)
    _check_duplicates(rows, frame, problems)
    if problems:
        raise LoadError(problems)
    unused = rows.frame.attrs.get("unused") or []
    notes = rows.notes + [f"column {c!r} is not a list field; not read" for c in unused]
    notes += _fix_thousands(frame) + _fix_nfc(rows)
    frame["values_repeated"] = repeated_values(frame)
    if frame["values_repeated"].any():
        count = int(frame["values_repeated"].sum())
        notes.append(f"{count} leaving entries repeat the year before's figures "
                     "(values_repeated; not checked against the rule set)")  # fmt: skip
    return Entries(frame, rows.name, notes)


def _check_size(path: Path) -> None:
    """A list is kilobytes (the ghetto lists 2010-2017: 18 kB as CSV): refuse a wrong file."""
    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_BYTES:
        mb = MAX_BYTES // 2**20
        msg = f"the file is larger than {mb} MB; a list file is much smaller: is it the right file?"
        raise LoadError([Problem(str(path), "", "", msg, "statutory.err.size", {"limit": mb})])


def _read_sheet(path: Path, sheet: str | None) -> _Rows:
    table = read_table(Path(path), sheet, None, geometry=False)
    if table.sheet and sheet is None:
        _one_data_sheet(path)
    frame = _canonical(table.frame, table.name)
    n = len(frame)
    numbers = table.row_numbers or [i + table.first_number for i in range(n)]
    notes = [p.message for p in table.notes]
    return _Rows(
        frame, table.name, [table.where(i) for i in range(n)], numbers, table.decimal, notes
    )


def _one_data_sheet(path: Path) -> None:
    """A workbook with a sheet per list (udsatte, parallelsamfund ...) needs --layer SHEET:
    reading the first sheet alone would leave the other lists out without a word."""
    book = load_workbook(path, read_only=True)  # read_table has checked it (zip size) already
    try:
        names = [str(n) for n in book.sheetnames]
    finally:
        book.close()
    data = [n for n in names if n.strip().lower() not in GUIDE_SHEETS]
    if len(data) > 1:
        listed = ", ".join(data)
        msg = f"the file has several layers ({listed}); choose one with --layer"
        raise LoadError([Problem(str(path), "", "", msg, "tables.err.layers", {"names": listed})])


def _read_json(path: Path) -> _Rows:
    """The heholo form {"2017": [{...}, ...], ...}, or a plain list of records."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(
            [Problem(str(path), "", "", f"cannot read JSON: {exc}", "statutory.err.json")]
        ) from exc
    groups = data.items() if isinstance(data, dict) else [(None, data)]
    records, where = [], []
    for year, items in groups:
        if not isinstance(items, list) or not all(isinstance(r, dict) for r in items):
            msg = 'expected {"<year>": [records]} or a list of records'
            raise LoadError(
                [Problem(str(path), str(year or ""), "", msg, "statutory.err.json_shape")]
            )
        for i, record in enumerate(items, 1):
            records.append({**({"list_year": year} if year is not None else {}), **record})
            where.append(f"{year}, record {i}" if year is not None else f"record {i}")
    frame = pd.DataFrame(records).map(_json_text) if records else pd.DataFrame()
    if frame.empty:
        raise LoadError(
            [Problem(str(path), "", "", "the file contains no rows", "tables.err.no_rows")]
        )
    return _Rows(_canonical(frame, str(path)), str(path), where, list(range(1, len(frame) + 1)))


def _json_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _canonical(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rename the file's columns to FIELDS; unknown columns are kept but unused (see notes)."""
    columns = [str(c) for c in frame.columns]
    renames = {}
    for target, aliases in FIELDS.items():
        found = find_column([c for c in columns if c not in renames], target, aliases)
        if found is not None:
            renames[found] = target
    frame = frame.rename(columns=renames)
    frame.attrs["unused"] = [c for c in columns if c not in renames]
    # the 2010-2017 transcription has no list kind: its `ghetto` column says which list it is
    frame.attrs["ghetto"] = any(fold(c) == "ghetto" and t == "on_list" for c, t in renames.items())
    if "area_name" not in frame.columns or "list_year" not in frame.columns:
        have = ", ".join(columns)
        missing = "area_name" if "area_name" not in frame.columns else "list_year"
        msg = f"required column is missing; the file has: {have}"
        raise LoadError(
            [Problem(name, "", missing, msg, "tables.err.missing_column", {"columns": have})]
        )
    if "list_kind" not in frame.columns and not frame.attrs["ghetto"]:
        msg = "no list kind: add a list_kind column (liste), or a ghetto column for ghettoområder"
        raise LoadError([Problem(name, "", "list_kind", msg, "statutory.err.no_kind")])
    return frame


def _entry(rows: _Rows, i: int, problems: list[Problem]) -> dict[str, Any]:
    frame = rows.frame

    def cell(column: str) -> str:
        return str(frame[column].iat[i]).strip() if column in frame.columns else ""

    def problem(column: str, message: str, key: str, **params: object) -> None:
        problems.append(Problem(rows.name, rows.where[i], column, message, key, params))

    year = _year(cell("list_year"), lambda m, k, **p: problem("list_year", m, k, **p))
    kind_text = cell("list_kind") or ("ghettoomraade" if frame.attrs.get("ghetto") else "")
    kind = resolve_choice(kind_text, KIND_NAMES)
    if kind is None:
        allowed = ", ".join(LIST_KINDS)
        problem("list_kind", f"{kind_text!r} is not a list kind; use one of: {allowed}",
                "statutory.err.list_kind", value=kind_text[:40], allowed=allowed)  # fmt: skip
    name = unicodedata.normalize("NFC", cell("area_name"))
    if not name:
        problem("area_name", "the area has no name", "tables.err.empty_value")
    entry: dict[str, Any] = {
        "list_kind": kind, "list_year": year, "area_name": name,
        "area_code": cell("area_code") or None,
        "municipality": unicodedata.normalize("NFC", cell("municipality")),
        "on_list": _bool(rows, i, "on_list", problems, required=True),
        "new": _bool(rows, i, "new", problems, required=False),
        "where": rows.where[i], "source_row": rows.source_rows[i],
    }  # fmt: skip
    for column in NUMBERS:
        entry[column] = _number(rows, i, column, problems)
    return entry


def _year(text: str, problem: Any) -> int | None:
    try:
        year = int(text)
    except ValueError:
        problem(f"expected a list year such as 2017, got {text[:20]!r}", "statutory.err.year",
                value=text[:20])  # fmt: skip
        return None
    if not YEARS[0] <= year <= YEARS[1]:
        problem(f"{year} is not a plausible list year", "statutory.err.year", value=text[:20])
        return None
    return year


def _bool(rows: _Rows, i: int, column: str, problems: list[Problem], required: bool) -> bool | None:
    text = str(rows.frame[column].iat[i]).strip() if column in rows.frame.columns else ""
    if not text:
        if required:
            problems.append(Problem(rows.name, rows.where[i], column, "the field must be filled in",
                                    "tables.err.empty_value"))  # fmt: skip
        return None
    try:
        return bool(parse_value(text, BOOL))
    except ValueError as exc:
        key, params = getattr(exc, "key", None), getattr(exc, "params", None)
        problems.append(Problem(rows.name, rows.where[i], column, str(exc), key, params))
        return None


def _number(rows: _Rows, i: int, column: str, problems: list[Problem]) -> float | None:
    if column not in rows.frame.columns:
        return None
    text = str(rows.frame[column].iat[i]).strip()
    if not text:
        return None
    try:
        value = float(parse_value(text, FLOAT, column_decimal(rows.decimal, rows.frame[column])))
        if value < 0:
            raise CellError(f"must be at least 0, got {text[:20]!r}", "tables.err.min", min="0",
                            value=text[:20])  # fmt: skip
        thousands = 1 <= value < THOUSANDS_BELOW  # 2.44: a thousands dot, fixed below
        if column == "residents" and not thousands and not value.is_integer():
            raise CellError(f"expected a whole number, got {text[:20]!r}", "tables.err.int",
                            value=text[:20])  # fmt: skip
        return value
    except ValueError as exc:
        key, params = getattr(exc, "key", None), getattr(exc, "params", None)
        problems.append(Problem(rows.name, rows.where[i], column, str(exc), key, params))
        return None


def _check_duplicates(rows: _Rows, frame: pd.DataFrame, problems: list[Problem]) -> None:
    """One area once per list: "Agervang mv." and "agervang" in "Holbæk Kommune" are the same
    area as "Agervang" in "Holbæk", so two rows would link twice and count twice."""
    first: dict[tuple, str] = {}
    for i, row in enumerate(frame.to_dict("records")):
        town = town_key(row["municipality"])
        name = name_key(row["area_name"], row["municipality"])
        key = (row["list_kind"], row["list_year"], town, name)
        if key in first:
            values = f"{key[0]} {key[1]}, {row['municipality']}, {row['area_name']}"
            msg = f"the list already has this area ({values}) at {first[key]}"
            params = {"values": values, "first": first[key]}
            problems.append(Problem(rows.name, rows.where[i], "area_name", msg,
                                    "tables.err.duplicate_key", params))  # fmt: skip
        else:
            first[key] = rows.where[i]


def _fix_thousands(frame: pd.DataFrame) -> list[str]:
    """2.44 residents is 2,440: the transcription read the thousands dot as a decimal point."""
    residents = frame["residents"]
    fix = residents.notna() & residents.between(1, THOUSANDS_BELOW, "left") & (residents % 1 != 0)
    notes = [f"{w}: residents {v:g} read as {round(v * 1000)} (thousands dot read as a decimal)"
             for w, v in zip(frame.loc[fix, "where"], residents[fix], strict=True)]  # fmt: skip
    frame.loc[fix, "residents"] = (residents[fix] * 1000).round()
    return notes


def _fix_nfc(rows: _Rows) -> list[str]:
    names = rows.frame["area_name"].astype(str)
    return [f"{rows.where[i]}: name {n.strip()!r} normalised to Unicode NFC"
            for i, n in enumerate(names) if unicodedata.normalize("NFC", n) != n]  # fmt: skip


def repeated_values(frame: pd.DataFrame) -> pd.Series:
    """A leaving entry printed with last year's figures: the same resident count (implausible
    two years running) and at least one more criterion value equal to the same area's entry in
    the year before (same list kind, municipality and normalised name)."""
    key = frame["area_name"].map(name_key) + "|" + frame["municipality"].map(fold)
    previous = {
        (k, kind, year): row
        for k, kind, year, row in zip(key, frame["list_kind"], frame["list_year"],
                                      frame.to_dict("records"), strict=True)
    }  # fmt: skip
    out = []
    for k, row in zip(key, frame.to_dict("records"), strict=True):
        before = previous.get((k, row["list_kind"], (row["list_year"] or 0) - 1))
        out.append(bool(not row["on_list"] and before is not None and _same(row, before)))
    return pd.Series(out, index=frame.index, dtype=bool)


def _same(row: dict[str, Any], before: dict[str, Any]) -> bool:
    if (
        row["residents"] is None
        or pd.isna(row["residents"])
        or row["residents"] != before["residents"]
    ):
        return False
    return any(row[c] is not None and not pd.isna(row[c]) and row[c] == before[c] for c in CRITERIA)


SUFFIXES = (
    "m.fl.",
    "m.fl",
    "mfl",
    "mv.",
    "mv",
    "m.v.",
    "-kvarteret",
    "-området",
    " kvarteret",
    " området",
)


def town_key(name: str) -> str:
    """A kommune name for comparison: "Høje-Taastrup Kommune" = "høje-taastrup"."""
    return fold(name).removesuffix("_kommune")


def name_key(name: str, municipality: str = "") -> str:
    """A name for matching: NFC, folded (case, æøå), ", <kommune>" and "mv"/"m.fl"/"-kvarteret"
    suffixes dropped, "/"-parts sorted (Skovvejen/Skovparken = Skovparken/Skovvejen)."""
    text = unicodedata.normalize("NFC", str(name)).strip().casefold()
    town = unicodedata.normalize("NFC", municipality).strip().casefold()
    if town and text.endswith(f", {town}"):
        text = text[: -len(town) - 2]
    parts = []
    for part in text.split("/"):
        part = part.strip()
        for suffix in SUFFIXES:
            if part.endswith(suffix) and len(part) > len(suffix) + 2:
                part = part[: -len(suffix)].strip()
                break
        parts.append(fold(part))
    return "/".join(sorted(p for p in parts if p))
