"""CSV input for the venue models, with errors that point at the bad cell.

Files are read as text so that ids keep their exact spelling ("0042" stays "0042") and every
value is checked before conversion. Errors name the file, the data row (1-based, the header
is line 1 so row r is line r + 1) and the field, because the coordinator fixing the file has
the spreadsheet open, not a traceback.

* demand.csv: ``id,weight``
* candidates.csv: ``id`` and optionally ``required`` (true/false/1/0/yes/no, empty = false) and
  ``capacity`` (empty = unlimited)
* costs.csv: long (``demand_id,candidate_id,cost``; a missing pair is unreachable) or wide
  (first column the demand id, one column per candidate id, empty cell = unreachable). Long is
  recognised by its three column names; anything else is read as wide.

The files are read with the standard ``csv`` module, not pandas: importing pandas costs about a
second, which is most of a small ``kvarterkort venues solve`` (issue 10 item 7). pandas is
imported only by :func:`read_demand` / :func:`read_candidates`, which hand back DataFrames.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from venues.errors import InputFileError
from venues.problem import BoolArray, FloatArray, Problem

if TYPE_CHECKING:
    import pandas as pd

LONG_COLUMNS = ("demand_id", "candidate_id", "cost")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


@dataclass(frozen=True)
class Costs:
    """Reachable pairs read from a costs file, by id."""

    demand: NDArray[np.object_]
    candidate: NDArray[np.object_]
    cost: FloatArray
    layout: str  # "long" or "wide"


@dataclass(frozen=True)
class Table:
    """A CSV file as stripped text: the header and the data rows, all of the header's width."""

    path: str
    columns: list[str]
    rows: list[list[str]]

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def column(self, name: str) -> list[str]:
        at = self.columns.index(name)
        return [row[at] for row in self.rows]


def load_problem(
    demand: str | Path,
    candidates: str | Path,
    costs: str | Path,
    *,
    required: Iterable[str] = (),
    excluded: Iterable[str] = (),
) -> Problem:
    """Read the three files into a :class:`Problem`; ``required`` adds to the file's flags."""
    demand_ids, weight = _demand(demand)
    candidate_ids, flags, capacity = _candidates(candidates)
    pairs = read_costs(costs, demand_ids, candidate_ids)
    flagged = [name for name, flag in zip(candidate_ids, flags, strict=True) if flag]
    return Problem.from_long(
        demand_ids,
        weight,
        candidate_ids,
        pairs.demand,
        pairs.candidate,
        pairs.cost,
        required=[*flagged, *required],
        excluded=excluded,
        capacity=capacity if np.isfinite(capacity).any() else None,
    )


def read_demand(path: str | Path) -> pd.DataFrame:
    """``id`` (str) and ``weight`` (float >= 0) of each demand point."""
    import pandas as pd  # only this DataFrame view needs it; load_problem does not

    ids, weight = _demand(path)
    return pd.DataFrame({"id": ids, "weight": weight})


def read_candidates(path: str | Path) -> pd.DataFrame:
    """``id``, ``required`` (bool) and ``capacity`` (float, inf = unlimited) per candidate."""
    import pandas as pd  # only this DataFrame view needs it; load_problem does not

    ids, required, capacity = _candidates(path)
    return pd.DataFrame({"id": ids, "required": required, "capacity": capacity})


def read_costs(path: str | Path, demand_ids: list[str], candidate_ids: list[str]) -> Costs:
    """Reachable pairs from a long or wide costs file, checked against the known ids."""
    table = _read(path)
    if set(LONG_COLUMNS) <= set(table.columns):
        return _long(table, demand_ids, candidate_ids)
    if {"demand_id", "candidate_id"} <= set(table.columns):
        raise InputFileError(str(path), "long-format costs need a 'cost' column", field="cost")
    return _wide(table, demand_ids, candidate_ids)


def _demand(path: str | Path) -> tuple[list[str], FloatArray]:
    table = _read(path)
    _require(table, ("id", "weight"))
    ids = table.column("id")
    _check_ids(ids, table.path, "id")
    return ids, _numbers(table.column("weight"), table.path, "weight", allow_empty=False)


def _candidates(path: str | Path) -> tuple[list[str], BoolArray, FloatArray]:
    table = _read(path)
    _require(table, ("id",))
    ids = table.column("id")
    _check_ids(ids, table.path, "id")
    if "required" in table:
        required = _flags(table.column("required"), table.path)
    else:
        required = np.zeros(len(ids), bool)
    if "capacity" in table:
        capacity = _numbers(table.column("capacity"), table.path, "capacity", allow_empty=True)
    else:
        capacity = np.full(len(ids), np.inf)
    return ids, required, capacity


# ------------------------------------------------------------------------------- readers
def _read(path: str | Path) -> Table:
    """All cells as stripped text; blank lines skipped, short rows padded with empty cells,
    duplicate header names an error (not renamed)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = [row for row in csv.reader(handle) if row]
    except FileNotFoundError:
        raise InputFileError(str(path), "file not found") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise InputFileError(str(path), f"not a readable CSV file: {exc}") from None
    if not lines:
        raise InputFileError(str(path), "file is empty (a header row is needed)")
    header = [name.strip() for name in lines[0]]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputFileError(str(path), "column appears twice in the header", field=name)
        seen.add(name)
    rows = []
    for number, line in enumerate(lines[1:], start=1):
        if len(line) > len(header):
            raise InputFileError(
                str(path),
                f"not a readable CSV file: {len(line)} fields, the header has {len(header)}",
                row=number,
            )
        rows.append([cell.strip() for cell in line] + [""] * (len(header) - len(line)))
    return Table(str(path), header, rows)


def _require(table: Table, columns: Iterable[str]) -> None:
    for name in columns:
        if name not in table:
            found = ", ".join(table.columns)
            raise InputFileError(table.path, f"missing column (found: {found})", field=name)


def _check_ids(ids: Sequence[str], path: str, field: str) -> None:
    if "" in ids:
        raise InputFileError(path, "empty id", row=list(ids).index("") + 1, field=field)
    first: dict[str, int] = {}
    for i, name in enumerate(ids):
        if name in first:
            raise InputFileError(
                path,
                f"duplicate id '{name}' (first at row {first[name] + 1})",
                row=i + 1,
                field=field,
            )
        first[name] = i


def _number(text: str) -> float:
    """``text`` as a float, NaN when it is not a plain number (``1_000`` is not one); -0 is 0."""
    if "_" in text:
        return np.nan
    try:
        return float(text) + 0.0
    except ValueError:
        return np.nan


def _numbers(values: Sequence[str], path: str, field: str, *, allow_empty: bool) -> FloatArray:
    """Parse numbers >= 0; empty cells become inf when ``allow_empty`` (capacity)."""
    empty = np.array([value == "" for value in values], dtype=bool)
    parsed = np.array([_number(value) for value in values], dtype=np.float64)
    bad = (np.isnan(parsed) & ~empty) | (empty & (not allow_empty)) | np.isinf(parsed)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "empty value" if empty[i] else f"'{values[i]}' is not a number"
        raise InputFileError(path, what, row=i + 1, field=field)
    negative = parsed < 0
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise InputFileError(path, f"{parsed[i]:g} is negative", row=i + 1, field=field)
    return np.where(empty, np.inf, parsed)


def _flags(values: Sequence[str], path: str) -> BoolArray:
    low = [value.lower() for value in values]
    for i, flag in enumerate(low):
        if flag not in _TRUE | _FALSE:
            raise InputFileError(
                path, f"'{values[i]}' is not true/false/1/0", row=i + 1, field="required"
            )
    return np.array([flag in _TRUE for flag in low], dtype=bool)


def _long(table: Table, demand_ids: list[str], candidate_ids: list[str]) -> Costs:
    demand, candidate = table.column("demand_id"), table.column("candidate_id")
    _known(demand, demand_ids, table.path, "demand_id", "demand")
    _known(candidate, candidate_ids, table.path, "candidate_id", "candidate")
    cost = _numbers(table.column("cost"), table.path, "cost", allow_empty=False)
    seen: set[tuple[str, str]] = set()
    for i, pair in enumerate(zip(demand, candidate, strict=True)):
        if pair in seen:
            raise InputFileError(
                table.path,
                f"pair ('{pair[0]}', '{pair[1]}') appears twice",
                row=i + 1,
                field="candidate_id",
            )
        seen.add(pair)
    return Costs(_objects(demand), _objects(candidate), cost, "long")


def _wide(table: Table, demand_ids: list[str], candidate_ids: list[str]) -> Costs:
    if len(table.columns) < 2:
        raise InputFileError(
            table.path,
            "expected long columns demand_id,candidate_id,cost or a wide table with "
            "one column per candidate",
        )
    id_col, columns = table.columns[0], table.columns[1:]
    unknown = [c for c in columns if c not in set(candidate_ids)]
    if unknown:
        raise InputFileError(table.path, "header names an unknown candidate id", field=unknown[0])
    ids = table.column(id_col)
    _known(ids, demand_ids, table.path, id_col, "demand")
    _check_ids(ids, table.path, id_col)
    cells = _objects([cell for row in table.rows for cell in row[1:]])
    filled = cells != ""
    values = np.array([_number(str(cell)) for cell in cells[filled]], dtype=np.float64)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        r, c = divmod(int(np.flatnonzero(filled)[np.flatnonzero(bad)[0]]), len(columns))
        text = str(cells[r * len(columns) + c])
        finite = np.isfinite(values[np.flatnonzero(bad)[0]])
        what = f"{text} is negative" if finite else f"'{text}' is not a number"
        raise InputFileError(table.path, what, row=r + 1, field=columns[c])
    row_idx, col_idx = np.divmod(np.flatnonzero(filled), len(columns))
    return Costs(_objects(ids)[row_idx], _objects(columns)[col_idx], values, "wide")


def _objects(values: Sequence[str]) -> NDArray[np.object_]:
    """A 1-D object array of the strings (``np.asarray`` alone would make a fixed-width one)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _known(values: Sequence[str], known: list[str], path: str, field: str, kind: str) -> None:
    allowed = set(known)
    for i, value in enumerate(values):
        if value not in allowed:
            raise InputFileError(path, f"unknown {kind} id '{value}'", row=i + 1, field=field)
