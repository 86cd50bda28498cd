"""CSV that a spreadsheet opens as text: every writer in Kvarterkort goes through here.

Titles, names and descriptions come from residents and from loaded files. A cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and LibreOffice as a
formula (``=HYPERLINK(...)`` sends a click to another site, ``=cmd|...`` ran programs on old
versions). Following the OWASP CSV-injection advice, such a text cell gets a leading apostrophe,
which spreadsheets show as text and do not display. Only strings are touched: a number such as
-3.5 stays a number. Apostrophes already in front of such a cell get one more, so
:func:`unsafe_cell` restores every exported value exactly (assets import their own CSV back).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

FORMULA = re.compile(r"'*[=+\-@\t\r]")
BOM = b"\xef\xbb\xbf"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_FORMATS = {  # format -> (media type, file suffix)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-da": ("text/csv; charset=utf-8", "csv"),
    "xlsx": (XLSX_MEDIA, "xlsx"),
}
ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def safe_cell(value: Any) -> Any:
    """The value with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """The inverse of :func:`safe_cell` for text read back from a Kvarterkort CSV."""
    if isinstance(value, str) and ESCAPED.match(value):
        return value[1:]
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names are neutralised; numeric columns untouched."""
    out = pd.DataFrame(frame).copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[column] = series.map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text without the index."""
    return safe_frame(frame).to_csv(index=False)


def frame_to_csv_da(frame: pd.DataFrame) -> bytes:
    """The frame as CSV that Danish Excel opens by double-click: UTF-8 with a BOM, ``;`` between
    cells and a decimal comma.

    Without the BOM Excel reads UTF-8 as cp1252 ("Ã¸"); with a comma separator a Danish Excel,
    whose list separator is ``;``, puts each row in one cell. Dates stay ISO 8601
    (2026-11-29): Excel recognises them as dates in every locale, they sort as text and never
    swap day and month, while dd-mm-yyyy is read as a date only by a Danish Excel.
    """
    text = safe_frame(frame).to_csv(
        index=False, sep=";", decimal=",", date_format="%Y-%m-%d %H:%M:%S"
    )
    return BOM + text.encode("utf-8")


def table_bytes(frame: pd.DataFrame, fmt: str, sheet: str = "Data") -> bytes:
    """The frame in one of :data:`TABLE_FORMATS` (the sheet title is used by .xlsx only)."""
    if fmt == "csv":
        return frame_to_csv(frame).encode("utf-8")
    if fmt == "csv-da":
        return frame_to_csv_da(frame)
    if fmt == "xlsx":
        from geodata.tabular_xlsx import frames_to_xlsx

        return frames_to_xlsx([(sheet, frame)])
    raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")


def write_frame_csv(frame: pd.DataFrame, path: Path) -> None:
    """The frame as a CSV file without the index."""
    safe_frame(frame).to_csv(path, index=False)


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Sequence[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], **options: Any) -> SafeWriter:
    """The one way to write CSV row by row (same options as ``csv.writer``)."""
    return SafeWriter(stream, **options)
