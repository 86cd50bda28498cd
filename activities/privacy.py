"""Small-cell suppression for anything shown without staff login or exported.

The issue's rule: any cell under 5 participants is suppressed in public or exported output.
*Primary* suppression blanks counts 1..min_cell-1. A 0 is kept: "nobody came" names no one, and
blanking it would hide the most useful fact of a thin quarter.

*Secondary* suppression is needed as soon as totals are shown: with one blank cell in a row whose
total is printed, total minus the other cells gives the blank back. So wherever exactly one cell of
a totalled line is hidden, a second one is hidden too (the smallest non-zero one, which costs the
reader least), and again until no line has exactly one; then the whole system of sums is solved
to catch a cell that subtraction across several lines would still give away. With
``total_column`` the row totals are shown and the column sums are taken as known as well (the
yearly report prints them), so both rows and columns are checked. Without it no total is shown
and primary suppression is enough.

Hidden cells become missing (pandas ``<NA>``), never 0 and never a fake number.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from activities import MIN_CELL


def suppress_small(
    table: pd.DataFrame,
    count_columns: Sequence[str],
    min_cell: int = MIN_CELL,
    total_column: str | None = None,
) -> pd.DataFrame:
    """A copy of ``table`` with small counts (and what would give them away) set missing.

    ``count_columns`` are the cells; ``total_column``, when given, is each row's total of them,
    shown beside them. The total is itself a count and is suppressed when small. Missing input
    values stay missing and are never chosen to protect another cell (they are no count).
    """
    columns = [*count_columns, *([total_column] if total_column else [])]
    values = table[columns].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        hidden = (values >= 1) & (values < min_cell)
    if total_column is not None:
        hidden = secondary(values, hidden, total_index=len(columns) - 1)
    out = table.copy()
    for j, name in enumerate(columns):
        out[name] = _as_counts(np.where(hidden[:, j], np.nan, values[:, j]))
    return out


def secondary(values: np.ndarray, hidden: np.ndarray, total_index: int) -> np.ndarray:
    """Hide more cells until no hidden cell can be worked out from the shown ones.

    First the line rule: no row with a shown total and no column of two or more rows may have
    exactly one hidden cell. That is not always enough: subtracting across several rows and
    columns can still isolate a cell that joins two blocks of blanks (a "bridge"), so the whole
    system of row and column sums is then solved (:func:`determined`) and a neighbour of any cell
    it pins down is hidden too, until none is left.
    """
    hidden = hidden.copy()
    while True:
        changed = True
        while changed:
            changed = _protect_rows(values, hidden, total_index)
            changed = _protect_columns(values, hidden) or changed
        pinned = determined(hidden, total_index)
        if not pinned or not _hide_neighbour(values, hidden, pinned[0], total_index):
            return hidden


def determined(hidden: np.ndarray, total_index: int) -> list[tuple[int, int]]:
    """Hidden cells fixed by the sums: each row's cells minus its total is 0, and (with two or
    more rows) each column's sum is known. A cell is fixed when no solution of the homogeneous
    system moves it, i.e. its coordinate is 0 in every null-space vector (counts being whole and
    non-negative is ignored: that can only help the reader, never hurt this check)."""
    unknown = [(int(i), int(j)) for i, j in np.argwhere(hidden)]
    if not unknown:
        return []
    rows, cols = hidden.shape
    equations = [[(-1.0 if j == total_index else 1.0) if i == r else 0.0 for i, j in unknown]
                 for r in range(rows)]  # fmt: skip
    if rows > 1:
        equations += [[1.0 if j == c else 0.0 for _, j in unknown] for c in range(cols)]
    _, singular, vt = np.linalg.svd(np.array(equations))
    rank = int((singular > 1e-9).sum())
    free = np.abs(vt[rank:]).max(axis=0) > 1e-9 if rank < len(unknown) else None
    return [cell for k, cell in enumerate(unknown) if free is None or not free[k]]


def _hide_neighbour(values: np.ndarray, hidden: np.ndarray, cell: tuple[int, int],
                    total_index: int) -> bool:  # fmt: skip
    """Hide the smallest shown cell in the pinned cell's row, else its column; False when none
    is left (then nothing more can be done inside this table)."""
    i, j = cell
    row = [(c, values[i, c]) for c in range(values.shape[1]) if not hidden[i, c] and c != j]
    partner = _partner(row)
    if partner is not None:
        hidden[i, partner] = True
        return True
    column = [(r, values[r, j]) for r in range(values.shape[0]) if not hidden[r, j]]
    partner = _partner(column)
    if partner is not None:
        hidden[partner, j] = True
    return partner is not None


def _protect_rows(values: np.ndarray, hidden: np.ndarray, total_index: int) -> bool:
    changed = False
    cells = [j for j in range(values.shape[1]) if j != total_index]
    for i in range(values.shape[0]):
        if hidden[i, total_index] or np.isnan(values[i, total_index]):
            continue  # no total shown: the row gives nothing away by subtraction
        if sum(hidden[i, j] for j in cells) != 1:
            continue
        partner = _partner([(j, values[i, j]) for j in cells if not hidden[i, j]])
        hidden[i, total_index if partner is None else partner] = True  # alone: hide the total
        changed = True
    return changed


def _protect_columns(values: np.ndarray, hidden: np.ndarray) -> bool:
    changed = False
    for j in range(values.shape[1]):
        if hidden[:, j].sum() != 1:
            continue
        partner = _partner([(i, values[i, j]) for i in range(values.shape[0]) if not hidden[i, j]])
        if partner is not None:  # a one-row table: its column sum is the cell, nothing to add
            hidden[partner, j] = True
            changed = True
    return changed


def _partner(candidates: list[tuple[int, float]]) -> int | None:
    """The cell to hide beside a lone blank: the smallest non-zero count, else a zero (hiding a
    0 still makes the blank one of two unknowns), never a missing value (it is no count)."""
    known = [(v == 0, v, k) for k, v in candidates if not np.isnan(v)]
    return min(known)[2] if known else None


def _as_counts(column: np.ndarray) -> pd.Series | np.ndarray:
    """Whole counts as nullable integers (a CSV shows 12, not 12.0); other numbers as floats."""
    finite = column[~np.isnan(column)]
    if np.all(finite == np.round(finite)):
        return pd.array(column, dtype="Float64").astype("Int64")  # type: ignore[return-value]
    return column
