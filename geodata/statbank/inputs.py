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
from geodata.statbank.parse import StatbankTable, TableInfo, fold, read_statbank_csv
from geodata.statbank.selection import ALL, Selection, parse_selection, resolve_selection
from geodata.statbank.sums import by_column

if TYPE_CHECKING:
    from geodata.statbank.client import StatbankClient

TOTAL_CODES = frozenset({"TOT", "TOT1", "IALT", "TOTAL"})
_TABLE_ID = re.compile(r"^([A-Za-zÆØÅæøå]+[0-9]+[A-Za-z0-9]*)(?:[_.\- ]|$)")


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
        return given.strip().upper(), None
    match = _TABLE_ID.match(path.name)
    if match is None:
        raise StatbankError(
            f"{path.name}: cannot tell the table from the file name; give it: "
            "kvarterkort statbank import TABLE --file FILE",
            key="statbank.import.err.table_unknown", file=path.name,
        )  # fmt: skip
    table = match.group(1).upper()
    return table, f"table {table} taken from the file name"


def from_file(path: Path, table: str | None, select: list[str], per: list[str]) -> Inputs:
    """A saved Statbank CSV: no tableinfo, so the selection is checked against the file itself."""
    content = path.read_bytes()
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
    """A file has no tableinfo, but a cell "TOT", "IALT" or "I alt" under `VAR=*` is a total."""
    for column, codes in selection.items():
        if ALL not in codes or column in (inputs.geo, inputs.time):
            continue
        totals = [c for c in inputs.data.frame[column].unique() if _is_total(c, c)]
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
                merged.extend(c for c in codes if c not in merged)
    geo = info.geography()
    if geo is not None and geo.id not in wanted:
        wanted[geo.id] = [ALL]
    return {v.id: wanted[v.id] for v in info.variables if v.id in wanted}


def from_api(
    client: StatbankClient, table: str, select: list[str], per: list[str], lang: str
) -> Inputs:
    """tableinfo first (codes checked, the revision time), then the data as CSV."""
    info = client.tableinfo(table, lang)
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
    return inputs


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
