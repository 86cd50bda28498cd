""".xlsx files for people: typed cells, a frozen header row, readable widths, formulas disarmed.

Part of :mod:`geodata.tabular` (every table writer lives in these two modules; a test scans the
source for writers elsewhere). Numbers are written as numbers, so a sum in Excel works without
"convert to number". Text that a spreadsheet would run as a formula (the same rule as the CSV
writers, :data:`geodata.tabular.FORMULA`) is written as a string cell with Excel's *quote
prefix* style: Excel and LibreOffice show the text exactly, never evaluate it, and keep it text
when someone edits the cell. Unlike the CSV apostrophe, the stored value is the original text,
so an .xlsx reads back exactly without :func:`~geodata.tabular.unsafe_cell`.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from geodata.errors import GeodataError
from geodata.tabular import FORMULA

# openpyxl writes ~30 µs per cell (pure-Python XML without lxml): past this many cells an .xlsx
# download would hold a worker for tens of seconds, so it is refused with a pointer to the CSV.
MAX_CELLS = 500_000
MAX_WIDTH = 60  # characters; longer text wraps in the cell instead of a screen-wide column
MIN_WIDTH = 6
SAMPLE_ROWS = 500  # rows looked at for a column's width
SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 cannot hold these


def sheet_title(title: str) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, never empty."""
    return SHEET_CHARS.sub("-", title).strip("'")[:31] or "Data"


def frames_to_xlsx(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    """One workbook with a sheet per (title, frame), in order; the first sheet is active."""
    cells = sum(frame.shape[0] * max(frame.shape[1], 1) for _, frame in sheets)
    if cells > MAX_CELLS:
        raise GeodataError(
            f"{cells} cells is too large for an .xlsx download (at most {MAX_CELLS}); use CSV",
            key="tables.err.xlsx_too_large", cells=cells, limit=MAX_CELLS,
        )  # fmt: skip
    book = Workbook(write_only=True)
    for title, frame in sheets:
        _write_sheet(book.create_sheet(sheet_title(title)), frame)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet: WriteOnlyWorksheet, frame: pd.DataFrame) -> None:
    frame = pd.DataFrame(frame)
    columns = [str(c) for c in frame.columns]
    for number, width in enumerate(_widths(frame, columns), 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = _cell(sheet, name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_value(sheet, value) for value in row])


def _widths(frame: pd.DataFrame, columns: list[str]) -> list[float]:
    """Width per column from the header and the first rows' text, within MIN..MAX_WIDTH."""
    head = frame.head(SAMPLE_ROWS)
    widths = []
    for position, name in enumerate(columns):
        lengths = [len(_shown(v)) for v in head.iloc[:, position].tolist()]
        longest = max([len(name), *lengths])
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _shown(value: Any) -> str:
    plain = _plain(value)
    return "" if plain is None else str(plain)


def _plain(value: Any) -> Any:
    """A value openpyxl writes with the right type: None for every kind of missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; exports are in UTC/local
    if isinstance(value, bool | int | float | date):
        return value
    return ILLEGAL.sub("", str(value))


def _value(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A plain value where openpyxl types it right (fast), a styled cell only where needed."""
    plain = _plain(value)
    if isinstance(plain, str) and (FORMULA.match(plain) or plain in ERROR_CODES):
        return _cell(sheet, plain)
    return plain


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    plain = _plain(value)
    cell = WriteOnlyCell(sheet)
    if isinstance(plain, str):
        cell.value = plain
        cell.data_type = "s"  # never a formula ("f") or an error code ("e"), whatever the text
        if FORMULA.match(plain):
            cell.quotePrefix = True
    else:
        cell.value = plain
    return cell
