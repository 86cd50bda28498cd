"""CSV input for the venue models (pandas only), with errors that point at the bad cell.

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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from venues.errors import InputFileError
from venues.problem import FloatArray, Problem

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


def load_problem(
    demand: str | Path,
    candidates: str | Path,
    costs: str | Path,
    *,
    required: Iterable[str] = (),
    excluded: Iterable[str] = (),
) -> Problem:
    """Read the three files into a :class:`Problem`; ``required`` adds to the file's flags."""
    dem = read_demand(demand)
    cand = read_candidates(candidates)
    pairs = read_costs(costs, dem["id"].tolist(), cand["id"].tolist())
    flagged = cand.loc[cand["required"], "id"].tolist()
    capacity = cand["capacity"].to_numpy(dtype=np.float64)
    return Problem.from_long(
        dem["id"].tolist(),
        dem["weight"].to_numpy(dtype=np.float64),
        cand["id"].tolist(),
        pairs.demand,
        pairs.candidate,
        pairs.cost,
        required=[*flagged, *required],
        excluded=excluded,
        capacity=capacity if np.isfinite(capacity).any() else None,
    )


def read_demand(path: str | Path) -> pd.DataFrame:
    """``id`` (str) and ``weight`` (float >= 0) of each demand point."""
    df = _read(path)
    _require(df, path, ("id", "weight"))
    _check_ids(df["id"], path, "id")
    weight = _numbers(df["weight"], path, "weight", allow_empty=False)
    return pd.DataFrame({"id": df["id"], "weight": weight})


def read_candidates(path: str | Path) -> pd.DataFrame:
    """``id``, ``required`` (bool) and ``capacity`` (float, inf = unlimited) per candidate."""
    df = _read(path)
    _require(df, path, ("id",))
    _check_ids(df["id"], path, "id")
    required = _flags(df["required"], path) if "required" in df else np.zeros(len(df), bool)
    if "capacity" in df:
        capacity = _numbers(df["capacity"], path, "capacity", allow_empty=True)
    else:
        capacity = np.full(len(df), np.inf)
    return pd.DataFrame({"id": df["id"], "required": required, "capacity": capacity})


def read_costs(path: str | Path, demand_ids: list[str], candidate_ids: list[str]) -> Costs:
    """Reachable pairs from a long or wide costs file, checked against the known ids."""
    df = _read(path)
    if set(LONG_COLUMNS) <= set(df.columns):
        return _long(df, path, demand_ids, candidate_ids)
    if {"demand_id", "candidate_id"} <= set(df.columns):
        raise InputFileError(str(path), "long-format costs need a 'cost' column", field="cost")
    return _wide(df, path, demand_ids, candidate_ids)


# ------------------------------------------------------------------------------- readers
def _read(path: str | Path) -> pd.DataFrame:
    """All cells as stripped text; duplicate header names are an error, not renamed."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, header=None)
    except FileNotFoundError:
        raise InputFileError(str(path), "file not found") from None
    except pd.errors.EmptyDataError:
        raise InputFileError(str(path), "file is empty (a header row is needed)") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputFileError(str(path), f"not a readable CSV file: {exc}") from None
    header = [str(h).strip() for h in raw.iloc[0]]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputFileError(str(path), "column appears twice in the header", field=name)
        seen.add(name)
    body = raw.iloc[1:].reset_index(drop=True)
    body.columns = pd.Index(header)
    return body.apply(lambda col: col.str.strip())


def _require(df: pd.DataFrame, path: str | Path, columns: Iterable[str]) -> None:
    for name in columns:
        if name not in df.columns:
            found = ", ".join(map(str, df.columns))
            raise InputFileError(str(path), f"missing column (found: {found})", field=name)


def _check_ids(ids: pd.Series, path: str | Path, field: str) -> None:
    empty = np.flatnonzero((ids == "").to_numpy())
    if len(empty):
        raise InputFileError(str(path), "empty id", row=int(empty[0]) + 1, field=field)
    dup = ids.duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        first = int(np.flatnonzero((ids == ids.iloc[i]).to_numpy())[0]) + 1
        raise InputFileError(
            str(path),
            f"duplicate id '{ids.iloc[i]}' (first at row {first})",
            row=i + 1,
            field=field,
        )


def _numbers(values: pd.Series, path: str | Path, field: str, *, allow_empty: bool) -> FloatArray:
    """Parse numbers >= 0; empty cells become inf when ``allow_empty`` (capacity)."""
    empty = (values == "").to_numpy()
    parsed = pd.to_numeric(values.where(~empty, "nan"), errors="coerce").to_numpy(dtype=np.float64)
    bad = (np.isnan(parsed) & ~empty) | (empty & (not allow_empty)) | np.isinf(parsed)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "empty value" if empty[i] else f"'{values.iloc[i]}' is not a number"
        raise InputFileError(str(path), what, row=i + 1, field=field)
    negative = parsed < 0
    if negative.any():
        i = int(np.flatnonzero(negative)[0])
        raise InputFileError(str(path), f"{parsed[i]:g} is negative", row=i + 1, field=field)
    return np.where(empty, np.inf, parsed)


def _flags(values: pd.Series, path: str | Path) -> np.ndarray:
    low = values.str.lower()
    ok = low.isin(_TRUE | _FALSE).to_numpy()
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise InputFileError(
            str(path), f"'{values.iloc[i]}' is not true/false/1/0", row=i + 1, field="required"
        )
    return low.isin(_TRUE).to_numpy()


def _long(
    df: pd.DataFrame, path: str | Path, demand_ids: list[str], candidate_ids: list[str]
) -> Costs:
    _known(df["demand_id"], demand_ids, path, "demand_id", "demand")
    _known(df["candidate_id"], candidate_ids, path, "candidate_id", "candidate")
    cost = _numbers(df["cost"], path, "cost", allow_empty=False)
    dup = df.duplicated(subset=["demand_id", "candidate_id"], keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        pair = f"('{df['demand_id'].iloc[i]}', '{df['candidate_id'].iloc[i]}')"
        raise InputFileError(
            str(path), f"pair {pair} appears twice", row=i + 1, field="candidate_id"
        )
    demand = df["demand_id"].to_numpy(dtype=object)
    return Costs(demand, df["candidate_id"].to_numpy(dtype=object), cost, "long")


def _wide(
    df: pd.DataFrame, path: str | Path, demand_ids: list[str], candidate_ids: list[str]
) -> Costs:
    if df.shape[1] < 2:
        raise InputFileError(
            str(path),
            "expected long columns demand_id,candidate_id,cost or a wide table with "
            "one column per candidate",
        )
    id_col, columns = str(df.columns[0]), [str(c) for c in df.columns[1:]]
    unknown = [c for c in columns if c not in set(candidate_ids)]
    if unknown:
        raise InputFileError(str(path), "header names an unknown candidate id", field=unknown[0])
    _known(df[id_col], demand_ids, path, id_col, "demand")
    _check_ids(df[id_col], path, id_col)
    cells = df[columns].to_numpy(dtype=object).ravel()
    filled = cells != ""
    flat = pd.Series(cells[filled], dtype=str)
    values = pd.to_numeric(flat, errors="coerce").to_numpy(dtype=np.float64)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        r, c = divmod(int(np.flatnonzero(filled)[np.flatnonzero(bad)[0]]), len(columns))
        text = str(cells[r * len(columns) + c])
        finite = np.isfinite(values[np.flatnonzero(bad)[0]])
        what = f"{text} is negative" if finite else f"'{text}' is not a number"
        raise InputFileError(str(path), what, row=r + 1, field=columns[c])
    row_idx, col_idx = np.divmod(np.flatnonzero(filled), len(columns))
    ids = df[id_col].to_numpy(dtype=object)
    names = np.asarray(columns, dtype=object)
    return Costs(ids[row_idx], names[col_idx], values, "wide")


def _known(values: pd.Series, known: list[str], path: str | Path, field: str, kind: str) -> None:
    ok = values.isin(set(known)).to_numpy()
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise InputFileError(
            str(path), f"unknown {kind} id '{values.iloc[i]}'", row=i + 1, field=field
        )
