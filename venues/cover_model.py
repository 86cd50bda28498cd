"""Set-based MILPs of the coverage models, built from merged coverage rows.

Both MCLP and LSCP work on the coverage pattern ``a_ij = [c_ij <= r]`` (inclusive), which is
why they shrink so well: demand points covered by the same candidate set are merged, demand
already covered by a required venue is a constant, a point covered by a single candidate
becomes a bonus on that candidate's y_j instead of a variable and a row, and a candidate whose
covered set is contained in another's (dominated) can be left out. The MCLP model is

    max  sum_g W_g z_g + sum_j s_j y_j    s.t.  z_g <= sum_{j in N_g} y_j,  sum_j y_j = p,

with y binary and z in [0, 1] (z is integral at any optimum, so it is left continuous).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from venues.arrays import ranges, wsum
from venues.milp import Milp, RowBuilder
from venues.problem import BoolArray, FloatArray, IntArray, Problem
from venues.reduce import RowGroups, group_rows
from venues.search import ValueRows

_MAX_PRODUCT_NNZ = 20_000_000


@dataclass(frozen=True)
class CoverRows:
    """Merged coverage rows of the demand not already covered by a required venue."""

    groups: RowGroups
    entry_group: IntArray
    entry_candidate: IntArray
    fixed_weight: float
    reach_weight: float

    @property
    def group_size(self) -> IntArray:
        return np.asarray(np.bincount(self.entry_group, minlength=self.groups.n_groups))

    def pattern(self, n_candidates: int) -> sp.csr_array:
        """The merged rows as a 0/1 group × candidate matrix."""
        ones = np.ones(len(self.entry_group))
        shape = (self.groups.n_groups, n_candidates)
        return sp.csr_array((ones, (self.entry_group, self.entry_candidate)), shape=shape)

    def value_rows(self, n_candidates: int, weight: FloatArray | None = None) -> ValueRows:
        """The merged rows for the greedy/swap engine (group weights unless given)."""
        w = self.groups.weight if weight is None else weight
        return ValueRows.of(self.pattern(n_candidates), w)


def cover_rows(problem: Problem, radius: float) -> CoverRows:
    """Coverage pattern at ``radius`` (active candidates, weight > 0), deduplicated."""
    mask = problem.pair_mask(radius) & (problem.weights[problem.pair_demand] > 0)
    covered_any = np.zeros(problem.n_demand, dtype=bool)
    covered_any[problem.pair_demand[mask]] = True
    by_required = np.zeros(problem.n_demand, dtype=bool)
    by_required[problem.pair_demand[mask & problem.required[problem.pair_candidate]]] = True
    fixed = float(problem.weights[by_required].sum())
    csr = problem.csr(mask & ~by_required[problem.pair_demand])
    csr.sort_indices()
    groups = group_rows(csr, problem.weights)
    lens = np.diff(csr.indptr)[groups.rep]
    starts = csr.indptr[groups.rep]
    idx = ranges(starts, lens)
    return CoverRows(
        groups=groups,
        entry_group=np.repeat(np.arange(groups.n_groups), lens),
        entry_candidate=csr.indices[idx].astype(np.int64),
        fixed_weight=fixed,
        reach_weight=float(problem.weights[covered_any].sum()),
    )


def mclp_set_model(rows: CoverRows, problem: Problem, p: int) -> Milp:
    """The merged MCLP MILP: columns y (all candidates) then z (multi-candidate groups)."""
    m = problem.n_candidates
    size = rows.group_size
    single = size[rows.entry_group] == 1
    bonus = wsum(rows.entry_candidate[single], rows.groups.weight[rows.entry_group[single]], m)
    multi = np.flatnonzero(size > 1)
    z_of = np.full(rows.groups.n_groups, -1, dtype=np.int64)
    z_of[multi] = np.arange(len(multi))
    e = ~single
    rb = RowBuilder(m + len(multi))
    zr = z_of[rows.entry_group[e]]
    k = np.arange(len(multi))
    rows_ = np.r_[k, zr]
    cols = np.r_[m + k, rows.entry_candidate[e]]
    rb.add(rows_, cols, np.r_[np.ones(len(k)), -np.ones(len(zr))], np.full(len(k), -np.inf), 0.0)
    rb.add(np.zeros(m), np.arange(m), 1.0, [float(p)], float(p))
    matrix, lo, hi = rb.matrix()
    cost = np.r_[bonus, rows.groups.weight[multi]]
    col_lo = np.r_[problem.required.astype(np.float64), np.zeros(len(multi))]
    col_hi = np.r_[problem.active.astype(np.float64), np.ones(len(multi))]
    integer = np.r_[np.ones(m, dtype=bool), np.zeros(len(multi), dtype=bool)]
    return Milp(cost, matrix, lo, hi, col_lo, col_hi, integer, True, rows.fixed_weight)


def mclp_start(rows: CoverRows, selected: BoolArray) -> FloatArray:
    """A full MIP start (y and z) for :func:`mclp_set_model` from a selection."""
    size = rows.group_size
    covered = np.zeros(rows.groups.n_groups)
    np.maximum.at(covered, rows.entry_group, selected[rows.entry_candidate].astype(np.float64))
    return np.r_[selected.astype(np.float64), covered[size > 1]]


def without_dominated(model: Milp, rows: CoverRows, problem: Problem, p: int) -> Milp:
    """Fix y_j = 0 for candidates whose covered set lies inside another candidate's.

    Any optimal selection maps onto undominated candidates covering at least as much, so
    this is exact as long as p undominated candidates remain (otherwise the model is kept).
    Identical sets keep the lowest index. Skipped when A^T A would be too large.
    """
    size = rows.group_size
    if float((size.astype(np.float64) ** 2).sum()) > _MAX_PRODUCT_NNZ:
        return model
    a = rows.pattern(problem.n_candidates)
    overlap = sp.coo_array(a.T @ a)
    count = np.asarray(a.sum(axis=0)).ravel()
    j, k = overlap.row, overlap.col
    inside = (overlap.data >= count[j]) & (j != k) & ((count[k] > count[j]) | (k < j))
    dominated = np.zeros(problem.n_candidates, dtype=bool)
    dominated[j[inside]] = True
    dominated &= ~problem.required
    if int((problem.active & ~dominated).sum()) < p:
        return model
    upper = model.col_upper.copy()
    upper[: problem.n_candidates][dominated] = 0.0
    return replace(model, col_upper=upper)


def full_cover(rows: CoverRows, target: float) -> bool:
    return bool(target >= rows.fixed_weight + rows.groups.weight.sum() * (1 - 1e-12))


def lscp_model(rows: CoverRows, problem: Problem, target: float) -> Milp:
    """min sum y; full cover rows, or share rows ``z_g <= sum y`` with ``sum W z >= rest``."""
    m, n_g = problem.n_candidates, rows.groups.n_groups
    full = full_cover(rows, target)
    rb = RowBuilder(m if full else m + n_g)
    ones = np.ones(len(rows.entry_group))
    if full:
        rb.add(rows.entry_group, rows.entry_candidate, ones, np.ones(n_g), np.inf)
    else:
        g = np.arange(n_g)
        cols = np.r_[m + g, rows.entry_candidate]
        rb.add(
            np.r_[g, rows.entry_group], cols, np.r_[np.ones(n_g), -ones], np.full(n_g, -np.inf), 0.0
        )
        need = target - rows.fixed_weight
        rb.add(np.zeros(n_g), m + np.arange(n_g), rows.groups.weight, [need * (1 - 1e-12)], np.inf)
    matrix, lo, hi = rb.matrix()
    n = matrix.shape[1]
    cost = np.r_[np.ones(m), np.zeros(n - m)]
    col_lo = np.r_[problem.required.astype(np.float64), np.zeros(n - m)]
    col_hi = np.r_[problem.active.astype(np.float64), np.ones(n - m)]
    integer = np.r_[np.ones(m, dtype=bool), np.zeros(n - m, dtype=bool)]
    return Milp(cost, matrix, lo, hi, col_lo, col_hi, integer, False)
