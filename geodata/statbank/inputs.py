"""Where an import's rows come from: the API (with tableinfo) or a saved file (without).

Both end as one `Inputs`: the data with codes where they can be known, which column is the area
and which the time, the selection keyed by the data's own columns, and the exact request for the
provenance row. Kept apart from the use case so the importer reads as the steps it takes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.statbank.areas import geography_column, time_column
from geodata.statbank.errors import StatbankError
from geodata.statbank.parse import (
    MISSING_MARKS,
    VALUE,
    StatbankTable,
    TableInfo,
    fold,
    parse_value,
    read_statbank_csv,
)
from geodata.statbank.selection import ALL, Selection, parse_selection, resolve_selection
from geodata.statbank.sums import by_column, sum_total

if TYPE_CHECKING:
    from geodata.statbank.client import StatbankClient

TOTAL_CODES = frozenset({"TOT", "TOT1", "IALT", "TOTAL"})
# Bounds on what one import reads. A saved file is refused above MAX_FILE_BYTES before it is
# read (KVARTERKORT_STATBANK_MAX_FILE_BYTES on the CLI): parsing takes about 32 bytes of memory
# per byte of CSV (20 MB: 0.97 M rows, 650 MB, 10 s on the 2-core test box). An API selection
# is refused above MAX_CELLS figures (~25 bytes a CSV row: 2 M cells ~ 50 MB) before it is asked.
MAX_FILE_BYTES = 50_000_000
MAX_CELLS = 2_000_000
_TABLE_ID = re.compile(r"^([A-Za-zÆØÅæøå]{1,16}[0-9]{1,8}[A-Za-z0-9]{0,8})(?:[_.\- ]|$)")
_GIVEN_ID = re.compile(r"[A-Z0-9ÆØÅ_-]{1,32}")  # statbank_imports.table_id is VARCHAR(32)


@dataclass
class Inputs:
    table: str
    data: StatbankTable
    info: TableInfo | None
    request: dict[str, Any]
    fetched_at: datetime | None
    geo: str | None  # the data's area column
    time: str | None  # the data's time column
    select: Selection  # keyed by data columns
    per: Selection
    labels: list[str] = field(default_factory=list)  # variables given as texts, not codes
    notes: list[str] = field(default_factory=list)


def table_from_file(path: Path, given: str | None) -> tuple[str, str | None]:
    """The table id: given, or the file name's leading id (FOLK1A_...csv -> FOLK1A), with a note."""
    if given:
        table = given.strip().upper()
        if not _GIVEN_ID.fullmatch(table):
            raise StatbankError(
                f"{table[:40]!r} is not a Statbank table id such as FOLK1A or STRAF42",
                key="statbank.err.table_id", table=table[:40],
            )  # fmt: skip
        return table, None
    match = _TABLE_ID.match(path.name)
    if match is None:
        raise StatbankError(
            f"{path.name}: cannot tell the table from the file name; give it: "
            "kvarterkort statbank import TABLE --file FILE",
            key="statbank.import.err.table_unknown", file=path.name,
        )  # fmt: skip
    table = match.group(1).upper()
    return table, f"table {table} taken from the file name"


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; refused before reading when its size is over `max_bytes`, and while
    reading when stat cannot tell (a pipe or a device)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise _file_too_big(path, max_bytes)
    with path.open("rb") as fh:
        content = fh.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise _file_too_big(path, max_bytes)
    return content


def _file_too_big(path: Path, max_bytes: int) -> StatbankError:
    return StatbankError(
        f"{path.name}: the file is larger than {max_bytes} bytes, the most a Statbank file may "
        "have (KVARTERKORT_STATBANK_MAX_FILE_BYTES); save fewer codes, e.g. one area or a few "
        "periods at a time", key="statbank.import.err.file_too_big", file=path.name,
        max=max_bytes,
    )  # fmt: skip


def from_file(
    path: Path,
    table: str | None,
    select: list[str],
    per: list[str],
    max_bytes: int = MAX_FILE_BYTES,
) -> Inputs:
    """A saved Statbank CSV: no tableinfo, so the selection is checked against the file itself."""
    content = read_capped(path, max_bytes)
    table_id, note = table_from_file(path, table)
    data = read_statbank_csv(content, path.name)
    columns = data.variables
    request = {"file": path.name, "sha256": hashlib.sha256(content).hexdigest()}
    inputs = Inputs(
        table_id, data, None, request, None, geography_column(columns), time_column(columns),
        by_column(parse_selection(select), columns, path.name),
        by_column(parse_selection(per, "--per"), columns, path.name),
    )  # fmt: skip
    inputs.notes.extend([note] if note else [])
    for part in (inputs.select, inputs.per):
        _refuse_star_with_total_cells(inputs, part)
    return inputs


def _refuse_star_with_total_cells(inputs: Inputs, selection: Selection) -> None:
    """A file has no tableinfo, but a cell "TOT", "IALT" or "I alt" under `VAR=*` is a total,
    and so is a code whose figures are the sum of the others' (HERKOMST1 "00")."""
    data = inputs.data
    for column, codes in selection.items():
        if ALL not in codes or column in (inputs.geo, inputs.time):
            continue
        totals = [c for c in data.frame[column].unique() if _is_total(c, c)]
        totals = totals or [t for t in [sum_total(data.frame, column, data.variables)] if t]
        if totals:
            raise StatbankError(
                f"{inputs.data.source}: {column}=* would add the total {totals[0]} to its "
                f"parts; name the parts (e.g. {column}=0-99) or the total alone",
                key="statbank.import.err.star_total", table=inputs.table, name=column,
                total=totals[0],
            )  # fmt: skip


def request_selection(info: TableInfo, select: Selection, per: Selection) -> Selection:
    """What to ask the API for: both selections' codes, and every area when none is chosen
    (left out, the API would total the areas away and there would be nothing to map)."""
    wanted: Selection = {}
    for part in (select, per):
        for name, codes in part.items():
            merged = wanted.setdefault(name, [])
            if ALL in codes or ALL in merged:
                merged[:] = [ALL]
            else:
                merged[:] = list(dict.fromkeys([*merged, *codes]))
    geo = info.geography()
    if geo is not None and geo.id not in wanted:
        wanted[geo.id] = [ALL]
    asked = {v.id: wanted[v.id] for v in info.variables if v.id in wanted}
    _check_cells(info, asked)
    return asked


def _check_cells(info: TableInfo, asked: Selection) -> None:
    """Refuse before asking when the answer would hold more than MAX_CELLS figures: a clear
    message now, instead of a download cut off at KVARTERKORT_STATBANK_MAX_BYTES."""
    cells = 1
    for variable in info.variables:
        codes = asked.get(variable.id)
        if codes is not None:
            cells *= len(variable.values) if ALL in codes else len(codes)
    if cells > MAX_CELLS:
        raise StatbankError(
            f"table {info.id}: the selection asks for {cells} figures, more than {MAX_CELLS}; "
            "select fewer codes (an area or period at a time)",
            key="statbank.import.err.too_many_cells", table=info.id, cells=cells, max=MAX_CELLS,
        )  # fmt: skip


def from_api(
    client: StatbankClient, table: str, select: list[str], per: list[str], lang: str
) -> Inputs:
    """tableinfo first (codes checked, the revision time), then the data as CSV."""
    info = client.tableinfo(table, lang, fresh=True)  # the revision must be today's, not cached
    chosen = resolve_selection(parse_selection(select), info)
    base = resolve_selection(parse_selection(per, "--per"), info)
    for part in (chosen, base):
        refuse_star_with_total(part, info)
    asked = request_selection(info, chosen, base)
    fetched = client.data_csv(info.id, asked, lang, revision=info.updated.isoformat())
    data = read_statbank_csv(fetched.content, f"Statbank {info.id}")
    data, labels = to_codes(data, info)
    columns = data.variables
    geo_var = info.geography()
    time_var = next((v for v in info.variables if v.time), None)
    geo = _present(columns, geo_var.id if geo_var else None)
    time = _present(columns, time_var.id if time_var else None)
    inputs = Inputs(
        info.id, data, info, fetched.request, fetched.fetched_at, geo, time,
        by_column(chosen, columns, data.source), by_column(base, columns, data.source),
        labels,
    )  # fmt: skip
    if labels:
        inputs.notes.append(f"given as texts, read as codes: {', '.join(labels)}")
    inputs.notes.extend(suppressed_warning(info, data))
    if info.footnote:  # DST marks footnotes mandatory: they qualify the figures (STRAF42 2023)
        inputs.notes.append("table footnote: " + " ".join(info.footnote.split()))
    return inputs


def suppressed_warning(info: TableInfo, data: StatbankTable) -> list[str]:
    """A table that writes its suppressed (confidential) cells as a number instead of '..'
    (tableinfo `suppressedDataValue`; STRAF42: "0") makes them look like true figures. They
    cannot be told apart, so the report says which value it is and how many figures have it."""
    mark = (info.suppressed_data_value or "").strip()
    if not mark or mark in MISSING_MARKS:
        return []
    try:
        value = parse_value(mark)
    except ValueError:
        value = None
    count = int((data.frame[VALUE] == value).sum()) if value is not None else 0
    what = "true zeros" if value == 0 else f"true values of {mark}"
    return [
        f"warning: table {info.id} writes suppressed (confidential) cells as {mark!r}, not "
        f"'..': {count} of the {len(data.frame)} figures read are {mark} and may be "
        f"confidential cells, not {what}"
    ]


def _is_total(code: str, text: str) -> bool:
    folded = fold(text)
    return code.upper() in TOTAL_CODES or "i alt" in folded or "total" in folded


def refuse_star_with_total(selection: Selection, info: TableInfo) -> None:
    """`VAR=*` from the API holds the variable's total code too (FOLK1A's ALDER=IALT, KØN=TOT):
    summed with its parts it would count everyone twice, so the parts must be named instead.
    Areas and time are not summed, so "*" is fine for them."""
    geo = info.geography()
    for name, codes in selection.items():
        variable = info.variable(name)
        if ALL not in codes or variable.time or (geo is not None and variable.id == geo.id):
            continue
        totals = [f"{v.id} ({v.text})" for v in variable.values if _is_total(v.id, v.text)]
        if totals:
            raise StatbankError(
                f"table {info.id}: {variable.id}=* would add the total {totals[0]} to its parts; "
                f"name the parts (e.g. {variable.id}=0-99) or the total alone",
                key="statbank.import.err.star_total", table=info.id, name=variable.id,
                total=totals[0],
            )  # fmt: skip


def _present(columns: list[str], name: str | None) -> str | None:
    if name is None:
        return None
    return next((c for c in columns if c.casefold() == name.casefold()), None)


def _code_of(codes: set[str], by_text: dict[str, str]) -> Callable[[str], str | None]:
    return lambda cell: cell if cell in codes else by_text.get(cell.strip())


def to_codes(data: StatbankTable, info: TableInfo) -> tuple[StatbankTable, list[str]]:
    """Cells given as texts ("Total", "Aalborg") become the variable's codes ("00", "851").

    A column whose every cell is already a code is left alone; otherwise every cell must be a
    code or a text of that variable, or the import stops naming the cell.
    """
    frame = data.frame.copy()
    labels = []
    for column in data.variables:
        try:
            variable = info.variable(column)
        except StatbankError:
            continue
        codes = {v.id for v in variable.values}
        cells = frame[column]
        if cells.isin(codes).all():
            continue
        by_text = {v.text.strip(): v.id for v in variable.values}
        mapped = cells.map(_code_of(codes, by_text))
        bad = mapped.isna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise StatbankError(
                f"{data.source}, {data.where(i)}, column '{column}': {cells.iat[i]!r} is neither "
                f"a code nor a text of {variable.id} in table {info.id}",
                key="statbank.import.err.unknown_cell", source=data.source, where=data.where(i),
                column=column, cell=str(cells.iat[i]),
            )  # fmt: skip
        frame[column] = mapped
        labels.append(column)
    return replace(data, frame=frame), labels
