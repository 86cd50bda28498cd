"""Model-size reductions that keep optimal solutions intact.

Demand points covered by exactly the same candidates (with the same values, when values matter)
are interchangeable in every model here, so they are merged into one row carrying the summed
weight. On a 100 m grid this typically shrinks 25,000 rows to a few thousand. Rows are grouped
by a 64-bit hash of their sparse pattern, computed with numpy (no Python loop over pairs); the
grouping is then verified entry by entry, so a hash collision can only cost the reduction,
never correctness.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from venues.arrays import wsum
from venues.problem import FloatArray, IntArray

_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class RowGroups:
    """``group[i]`` is the group of row i (-1 for empty rows); ``rep[g]`` its first row."""

    group: IntArray
    rep: IntArray
    weight: FloatArray

    @property
    def n_groups(self) -> int:
        return len(self.rep)


def group_rows(
    matrix: sp.csr_array,
    weights: FloatArray,
    *,
    values: FloatArray | None = None,
    row_extra: FloatArray | None = None,
) -> RowGroups:
    """Group identical non-empty rows of ``matrix`` (which must have sorted indices).

    Rows match when their column patterns match and, if given, their ``values`` (aligned with
    ``matrix.indices``) and their ``row_extra`` entry (one number per row) match too.
    """
    n = matrix.shape[0]
    length = np.diff(matrix.indptr)
    rows = np.flatnonzero(length > 0)
    key = _row_hash(matrix, values)[rows]
    with np.errstate(over="ignore"):
        key = key ^ (length[rows].astype(np.uint64) * _MIX)
        if row_extra is not None:
            bits = np.ascontiguousarray(row_extra[rows], dtype=np.float64).view(np.uint64)
            key = (key ^ bits) * _MIX
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not _verified(matrix, values, row_extra, rows, rows[first][inverse]):
        first, inverse = np.arange(len(rows)), np.arange(len(rows))
    # Renumber groups by first occurrence so the model layout follows demand order.
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    group = np.full(n, -1, dtype=np.int64)
    group[rows] = rank[inverse]
    rep = rows[first[order]]
    weight = wsum(group[rows], weights[rows], len(rep))
    return RowGroups(group=group, rep=rep.astype(np.int64), weight=weight)


def _row_hash(csr: sp.csr_array, values: FloatArray | None) -> np.ndarray:
    """Order-independent 64-bit hash of each row: wrapped sum of mixed per-entry keys."""
    rng = np.random.default_rng(11)
    col_key = rng.integers(1, 2**63 - 1, size=csr.shape[1] + 1, dtype=np.int64).astype(np.uint64)
    key = col_key[csr.indices]
    with np.errstate(over="ignore"):
        if values is not None:
            bits = np.ascontiguousarray(values, dtype=np.float64).view(np.uint64)
            key = (key ^ (bits * _MIX)) * _MIX + col_key[csr.indices + 1]
        total = np.concatenate(([np.uint64(0)], np.cumsum(key, dtype=np.uint64)))
        return total[csr.indptr[1:]] - total[csr.indptr[:-1]]


def _verified(
    csr: sp.csr_array,
    values: FloatArray | None,
    row_extra: FloatArray | None,
    rows: IntArray,
    reps: IntArray,
) -> bool:
    """True when every row equals its representative entry by entry (sorted indices)."""
    moved = rows != reps
    if not moved.any():
        return True
    r, q = rows[moved], reps[moved]
    if row_extra is not None and not np.array_equal(row_extra[r], row_extra[q]):
        return False
    lens = csr.indptr[r + 1] - csr.indptr[r]
    if not np.array_equal(lens, csr.indptr[q + 1] - csr.indptr[q]):
        return False
    offsets = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
    pos_r = np.repeat(csr.indptr[r], lens) + offsets
    pos_q = np.repeat(csr.indptr[q], lens) + offsets
    same = np.array_equal(csr.indices[pos_r], csr.indices[pos_q])
    if values is not None:
        same = same and np.array_equal(values[pos_r], values[pos_q])
    return bool(same)
