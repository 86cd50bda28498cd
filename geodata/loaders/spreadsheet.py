"""Files from spreadsheets: .xlsx sheets, and CSV in whatever form Excel saved it.

A Danish Excel saves "CSV (semikolonsepareret)" with ``;`` between cells, a decimal comma and,
unless UTF-8 is chosen, in Windows-1252. This module turns such files (and .xlsx sheets) into
the same text table the other readers give, with the real sheet row numbers kept for error
messages. Limits keep a hostile or accidental giant file from filling the memory: the .xlsx is
checked (rows, columns, unpacked size) before and while it is read, in openpyxl's streaming
read-only mode.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from geodata.errors import LoadError, Problem

MAX_ROWS = 200_000
MAX_COLUMNS = 500
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # an .xlsx is a zip: refuse a zip bomb before reading
SEPARATORS = (",", ";", "\t")
BOM = "\ufeff"
GUIDE_SHEETS = {"vejledning", "guide"}  # the templates' help sheet (tables.template.guide)
# number dialects: "." (English, .xlsx), "," (Danish Excel: 2.000 and 1.234,5), MIXED (a Danish
# column where some cells use "." as the decimal point, so "1.000" could mean 1 or 1000)
MIXED = "mixed"
GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # Danish thousands: 2.000, 1.234,5
POINT_DECIMAL = re.compile(r"^-?\d*\.\d+$")  # 57.05
DECIMAL_COMMA = re.compile(r"(?:^|\t)\"?-?\d+,\d+\"?(?=\t|\r?$)", re.MULTILINE)


@dataclass
class SheetRows:
    """The text cells of one sheet with the sheet's own row numbers (blank rows skipped)."""

    frame: pd.DataFrame
    sheet: str
    row_numbers: list[int]


def _fail(path: Path, message: str, key: str, **params: object) -> LoadError:
    return LoadError([Problem(str(path), "", "", message, key, params)])


def read_xlsx(path: Path, sheet: str | None) -> SheetRows:
    """The named sheet of an .xlsx (see :func:`pick_sheet`); row 1 is the header."""
    _check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(path, f"cannot read the .xlsx file: {exc}", "tables.err.xlsx") from exc
    try:
        name = pick_sheet(path, [str(n) for n in book.sheetnames], sheet)
        rows = _sheet_rows(path, book[name])
    finally:
        book.close()
    header, *body = rows or [(1, [])]
    columns = _header(path, name, header[1])
    frame = pd.DataFrame([_pad(r[1], len(columns)) for r in body], columns=columns, dtype=object)
    return SheetRows(frame, name, [r[0] for r in body])


def pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    """The sheet to read: the one named, else the only data sheet (the guide sheet aside).

    `--layer` also names the layer a loader creates, so a one-sheet workbook (or a template:
    data plus Vejledning) is read whatever the name, as a one-layer GeoPackage is. A name that
    matches no sheet of a workbook with several data sheets is refused: guessing the first one
    would import the wrong data without a word.
    """
    if sheet in names:
        return str(sheet)
    data = [n for n in names if n.strip().lower() not in GUIDE_SHEETS] or names[:1]
    if sheet is None:
        return data[0]
    if len(data) == 1:
        return data[0]
    listed = ", ".join(f"'{n}'" for n in names)
    msg = f"the workbook has no sheet '{sheet}'; its sheets are {listed}"
    raise _fail(path, msg, "tables.err.sheet", sheet=sheet, names=listed)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(path, "not an .xlsx file (not a zip archive)", "tables.err.xlsx_zip") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        mb = MAX_UNPACKED_BYTES // 2**20
        raise _fail(path, f"the .xlsx unpacks to more than {mb} MB", "tables.err.xlsx_big", mb=mb)


def _sheet_rows(path: Path, sheet: Any) -> list[tuple[int, list[str]]]:
    """(row number, text cells) of every non-blank row, up to the limits."""
    out: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = [cell_text(v) for v in values[: MAX_COLUMNS + 1]]
        if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
            raise _fail(path, f"more than {MAX_COLUMNS} columns", "tables.err.columns",
                        limit=MAX_COLUMNS)  # fmt: skip
        if not any(cells):
            continue
        if len(out) >= MAX_ROWS:
            raise _fail(path, f"more than {MAX_ROWS} rows", "tables.err.rows", limit=MAX_ROWS)
        out.append((number, cells[:MAX_COLUMNS]))
    return out


def cell_text(value: Any) -> str:
    """A cell as the text the validators parse: whole numbers without '.0', dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _header(path: Path, sheet: str, cells: list[str]) -> list[str]:
    """Column names from row 1; a blank header is named by its letter, duplicates refused."""
    names = [c or get_column_letter(i) for i, c in enumerate(cells, 1)]
    while names and not cells[len(names) - 1]:
        names.pop()  # trailing blank headers: columns nobody named (filled in _pad)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problem = Problem(str(path), f"sheet '{sheet}', row 1", name,
                              "the header row names this column twice",
                              "tables.err.duplicate_header", {})  # fmt: skip
            raise LoadError([problem])
        seen.add(name)
    if not names:
        raise _fail(path, "the sheet is empty", "tables.err.empty")
    return names


def _pad(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


# --- CSV --------------------------------------------------------------------------------------


def decode_csv(path: Path) -> tuple[str, list[Problem]]:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 with a notice."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "ISO-8859-1"
    msg = f"the file is not UTF-8; read as {encoding} (check the letters æ, ø and å)"
    return text, [Problem(str(path), "", "", msg, "tables.note.encoding", {"encoding": encoding})]


def sniff_separator(text: str) -> str:
    """The separator that splits the header line into the most columns (comma on a tie)."""
    first = text.lstrip(BOM).split("\n", 1)[0]
    counts = {sep: len(next(csv.reader([first], delimiter=sep), [])) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], sep == ","))


def read_csv_text(path: Path, text: str) -> tuple[pd.DataFrame, list[int]]:
    """All cells as text, blank lines dropped; row numbers count the header as line 1."""
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sniff_separator(text), dtype=str, keep_default_na=False,
            skip_blank_lines=False,
        )  # fmt: skip
    except pd.errors.EmptyDataError as exc:
        raise _fail(path, "the file is empty", "tables.err.empty") from exc
    except pd.errors.ParserError as exc:
        raise _fail(path, f"cannot parse CSV: {exc}", "tables.err.csv", detail=str(exc)) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    filled = frame.apply(lambda col: col.str.strip() != "").any(axis=1)
    numbers = [int(i) + 2 for i in frame.index[filled]]
    return frame[filled].reset_index(drop=True), numbers


def csv_decimal(text: str) -> str:
    """The decimal mark of a CSV: "," when Danish Excel wrote it, else ".".

    Danish Excel separates cells with ";" (or tabs, as "Unicode-tekst") and writes 2.000 and
    1.234,5; an English (comma-separated) file cannot hold an unquoted decimal comma.
    """
    separator = sniff_separator(text)
    danish = separator == ";" or (separator == "\t" and DECIMAL_COMMA.search(text) is not None)
    return "," if danish else "."


def column_decimal(decimal: str, values: Iterable[str]) -> str:
    """The dialect for one column: MIXED when a Danish file's column also has "57.05" cells."""
    if decimal != ",":
        return decimal
    cleaned = [_clean(str(v)) for v in values]
    mixed = any(POINT_DECIMAL.match(t) and not GROUPED.match(t) for t in cleaned)
    return MIXED if mixed else decimal


class AmbiguousNumber(ValueError):
    """A Danish "1.000" in a column that also uses "." as the decimal point: 1 or 1000?"""

    def __init__(self, text: str) -> None:
        super().__init__(
            f"{text!r} is ambiguous: other cells of this column use '.' as the decimal point, "
            "so it may mean thousands or decimals; write it without '.' (e.g. 2000 or 1,5)"
        )
        self.key = "tables.err.ambiguous_number"
        self.params = {"value": text}


def _clean(text: str) -> str:
    return text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")


def parse_number(text: str, decimal: str = ".") -> float:
    """A number as people type it: 57.05, 57,05 (decimal comma), 1.234,5 or 1,234.5.

    `decimal` is the file's dialect (:func:`csv_decimal`, :func:`column_decimal`): in a Danish
    file "2.000" is two thousand, as Danish Excel writes it; elsewhere it is 2.0. Raises
    ValueError like float() when it is not a number, AmbiguousNumber when it cannot be told.
    """
    t = _clean(text)
    if decimal != "." and GROUPED.match(t):
        if decimal == MIXED and "," not in t:
            raise AmbiguousNumber(text.strip())
        return float(t.replace(".", "").replace(",", "."))
    if "," in t and "." in t:
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")  # Danish 1.234,5
        else:
            t = t.replace(",", "")  # English 1,234.5
    elif t.count(",") == 1:
        t = t.replace(",", ".")
    return float(t)
