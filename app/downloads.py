"""One way to answer a table download: plain CSV, Danish CSV or .xlsx, with the right headers.

Every route that offers a table takes a :class:`TableFormat` and returns :func:`table_response`,
so each download has the same three forms, media types, file names and Content-Disposition.
The writers themselves are in :mod:`geodata.tabular` (formula cells neutralised there).

Plain CSV is for programs and keeps the machine column names (`title`, `lon`), so it imports
back and scripts keep working. The two forms for people (Danish CSV and .xlsx) get the column
headers from the catalogue (``tables.col.<name>``) in the user's language; the importers accept
those Danish headers too (geodata/loaders/aliases.py), so a Danish file also imports back.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import quote

import pandas as pd
from fastapi.responses import Response

from app.i18n import catalogue, translator
from geodata.tabular import TABLE_FORMATS, table_bytes

SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
HEADER_PREFIX = "tables.col."


class TableFormat(StrEnum):
    """The three forms of every table download (``?format=``)."""

    csv = "csv"
    csv_da = "csv-da"
    xlsx = "xlsx"


def for_people(fmt: str) -> bool:
    """Danish CSV and .xlsx are opened by people in a spreadsheet, plain CSV by programs."""
    return fmt in (TableFormat.csv_da, TableFormat.xlsx)


def people_headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with catalogued column names in `lang`; unknown columns keep their names."""
    known = catalogue()["da"]
    t = translator(lang)
    names = {c: t(HEADER_PREFIX + str(c)) for c in frame.columns if HEADER_PREFIX + str(c) in known}
    return frame.rename(columns=names)


def file_name(stem: str, fmt: str) -> str:
    """An ASCII file name with the suffix of the format (``ranking-x.csv``, ``assets.xlsx``)."""
    suffix = TABLE_FORMATS[str(fmt)][1]
    return f"{SAFE_NAME.sub('_', stem).strip('_') or 'table'}.{suffix}"


def disposition(name: str) -> str:
    """An attachment header every browser reads (RFC 6266 with the RFC 5987 form as well)."""
    return f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"


def table_response(
    frame: pd.DataFrame, fmt: TableFormat | str, stem: str, lang: str, sheet: str | None = None
) -> Response:
    """The frame as a download in `fmt`; `sheet` names the .xlsx sheet (default: the stem)."""
    fmt = TableFormat(fmt)
    if for_people(fmt):
        frame = people_headers(frame, lang)
    media = TABLE_FORMATS[fmt.value][0]
    body = table_bytes(frame, fmt.value, sheet=sheet or stem)
    name = file_name(stem, fmt.value)
    return Response(body, media_type=media, headers={"Content-Disposition": disposition(name)})
