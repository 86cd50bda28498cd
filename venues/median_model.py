"""The truncated exact p-median model (uncapacitated): radius formulation over kept pairs.

Each demand point keeps only its K_i nearest candidates and pays, if none of them opens, the
cost of its first dropped candidate, a lower bound of its true cost. The truncated model is
therefore a relaxation: its optimum is a lower bound, and a solution in which every demand
point is served within its kept pairs (or whose true cost meets the bound) is optimal for the
full problem. Pairs farther than a point's nearest required venue are never needed.

The model is the radius formulation of Elloumi (2010) with chained level rows,
``z_i^1 + sum_{c_ij = D_i^1} y_j >= 1`` and ``z_i^l - z_i^(l-1) + sum_{c_ij = D_i^l} y_j >= 0``
(z_i^l = "demand i is farther than D_i^l"), whose size is linear in the kept pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from venues.milp import Milp, RowBuilder
from venues.problem import BoolArray, FloatArray, IntArray, Problem


@dataclass(frozen=True)
class Truncation:
    """Kept pairs (mask over the problem's pairs) and the cost of the first dropped pair."""

    keep: BoolArray
    beyond: FloatArray  # per demand; inf when all needed pairs are kept


def truncate(problem: Problem, k: IntArray) -> Truncation:
    """Keep the k_i nearest active pairs of each demand point (ties at the cut kept too)."""
    cand = problem.pair_mask() & (problem.weights[problem.pair_demand] > 0)
    pos = np.flatnonzero(cand)
    rows, cost = problem.pair_demand[pos], problem.pair_cost[pos]
    counts = np.bincount(rows, minlength=problem.n_demand)
    starts = np.concatenate(([0], np.cumsum(counts)))[:-1]
    last = np.clip(np.minimum(k, counts) - 1, 0, None)
    limit = np.full(problem.n_demand, -np.inf)
    has = counts > 0
    limit[has] = cost[starts[has] + last[has]]
    req = _nearest_required(problem)
    limit = np.minimum(limit, req)
    kept = cost <= limit[rows]
    keep = np.zeros(len(problem.pair_cost), dtype=bool)
    keep[pos[kept]] = True
    beyond = np.full(problem.n_demand, np.inf)
    first_drop = _first_per_row(rows, ~kept)
    beyond[rows[first_drop]] = cost[first_drop]
    beyond[req <= limit] = np.inf  # the required venue is kept and always open
    return Truncation(keep, beyond)


def _first_per_row(rows: IntArray, flag: BoolArray) -> IntArray:
    idx = np.flatnonzero(flag)
    if not len(idx):
        return idx
    return idx[np.r_[True, rows[idx][1:] != rows[idx][:-1]]]


def _nearest_required(problem: Problem) -> FloatArray:
    if not problem.required.any():
        return np.full(problem.n_demand, np.inf)
    return problem.nearest(problem.required)[1]


@dataclass(frozen=True)
class RadiusModel:
    """The MILP plus, per level column, its demand point and distance (for starts/decoding)."""

    milp: Milp
    level_row: IntArray
    level_cost: FloatArray
    last_level: IntArray  # per demand point: its last level column offset, -1 if absent

    def start(self, problem: Problem, selected: BoolArray) -> FloatArray:
        """A full MIP start from a selection: z = 1 where the nearest venue is farther."""
        _, near = problem.nearest(selected)
        z = (near[self.level_row] > self.level_cost).astype(np.float64)
        return np.r_[selected.astype(np.float64), z]

    def unresolved(self, problem: Problem, x: FloatArray) -> BoolArray:
        """Demand points left on their slack (no kept venue open) in solution ``x``."""
        out = np.zeros(problem.n_demand, dtype=bool)
        rows = self.last_level >= 0
        out[rows] = x[problem.n_candidates + self.last_level[rows]] > 0.5
        return out


def radius_model(problem: Problem, p: int, trunc: Truncation) -> RadiusModel:
    """Elloumi's radius formulation over the kept pairs (columns: y, then one z per level)."""
    m = problem.n_candidates
    pos = np.flatnonzero(trunc.keep)
    rows, cols, cost = problem.pair_demand[pos], problem.pair_candidate[pos], problem.pair_cost[pos]
    new_row = np.r_[True, rows[1:] != rows[:-1]] if len(rows) else np.zeros(0, dtype=bool)
    new_level = new_row | np.r_[True, cost[1:] != cost[:-1]] if len(rows) else new_row
    level = np.cumsum(new_level) - 1
    starts = np.flatnonzero(new_level)
    n_lev = len(starts)
    lev_row, lev_cost = rows[starts], cost[starts]
    first = new_row[starts]
    is_last = np.r_[first[1:], True] if n_lev else first
    nxt = np.where(is_last, trunc.beyond[lev_row], np.r_[lev_cost[1:], 0.0] if n_lev else lev_cost)
    w = problem.weights[lev_row]
    closed = ~np.isfinite(nxt)
    rb = RowBuilder(m + n_lev)
    lv = np.arange(n_lev)
    chain = lv[~first]
    rb.add(
        np.r_[level, lv, chain],
        np.r_[cols, m + lv, m + chain - 1],
        np.r_[np.ones(len(cols) + n_lev), -np.ones(len(chain))],
        first.astype(np.float64),
        np.inf,
    )
    rb.add(np.zeros(m), np.arange(m), 1.0, [float(p)], float(p))
    matrix, lo, hi = rb.matrix()
    obj = np.r_[np.zeros(m), np.where(closed, 0.0, w * (np.where(closed, 0, nxt) - lev_cost))]
    col_lo = np.r_[problem.required.astype(np.float64), np.zeros(n_lev)]
    col_hi = np.r_[problem.active.astype(np.float64), (~closed).astype(np.float64)]
    integer = np.r_[np.ones(m, dtype=bool), np.zeros(n_lev, dtype=bool)]
    offset = float((w[first] * lev_cost[first]).sum())
    last_level = np.full(problem.n_demand, -1, dtype=np.int64)
    last_level[lev_row[is_last]] = lv[is_last]
    milp = Milp(obj, matrix, lo, hi, col_lo, col_hi, integer, False, offset)
    return RadiusModel(milp, lev_row, lev_cost, last_level)
