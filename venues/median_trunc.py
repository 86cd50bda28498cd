"""The p-median search and bound on each demand point's nearest candidates only.

On a complete 10^4 × 10^3 matrix the swaps and the subgradient steps of
:mod:`venues.median_search` touch all 10^7 pairs every pass, which took about a minute before
the bound got any iterations. A demand point is almost always served by one of its nearest
few dozen candidates, so here each point keeps its k_i nearest ones and pays ``beyond_i``, the
cost of its first dropped candidate, when none of them is open. ``beyond_i`` is at most its
true cost, so the truncated problem is a relaxation: its Lagrangian bound is a valid lower
bound of the true optimum, and fixing against the true incumbent's cost stays exact.

As "max sum_i w_i max_j (beyond_i - c_ij)" the rows stay sparse (a dropped pair is worth 0),
and the engine of :mod:`venues.search` applies unchanged. The k_i start at :data:`K0` and grow
to twice the rank of each point's venue in the incumbent until the incumbent is priced exactly.
"""

from __future__ import annotations

import time

import numpy as np

from venues.heuristics import local_search, merged_values
from venues.median_model import truncate
from venues.problem import BoolArray, IntArray, Problem
from venues.search import Lagrange, ValueRows, lagrangian_bound

K0 = 64  # nearest candidates per demand point in the first pass
_PASSES = 4


def truncated_values(problem: Problem, k: IntArray) -> tuple[ValueRows, float]:
    """The relaxation's value rows and ``sum_i w_i beyond_i`` (relaxed cost = base - value)."""
    trunc = truncate(problem, k)
    mask = problem.pair_mask()
    big = 2.0 * float(problem.pair_cost[mask].max(initial=0.0)) + 1.0
    beyond = np.where(np.isfinite(trunc.beyond), trunc.beyond, big)
    values = np.zeros(len(problem.pair_cost))
    keep = trunc.keep
    values[keep] = beyond[problem.pair_demand[keep]] - problem.pair_cost[keep]
    vr, groups = merged_values(problem, keep, values)
    rows = groups.group >= 0
    return vr, float((problem.weights[rows] * beyond[rows]).sum())


def rank_k(problem: Problem, selected: BoolArray) -> IntArray:
    """Twice the rank (among active pairs) of each point's nearest selected venue, at least 4."""
    mask = problem.pair_mask()
    best, _ = problem.nearest(selected)
    pos = np.flatnonzero(mask)
    rows = problem.pair_demand[pos]
    starts = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=problem.n_demand))))[:-1]
    hit = problem.pair_candidate[pos] == best[rows]
    rank = np.zeros(problem.n_demand, dtype=np.int64)
    rank[rows[hit]] = np.flatnonzero(hit) - starts[rows[hit]]
    return np.maximum(4, 2 * (rank + 1))


def true_cost(problem: Problem, selected: BoolArray) -> float:
    best, cost = problem.nearest(selected)
    ok = best >= 0
    return float((problem.weights[ok] * cost[ok]).sum())


def search(
    problem: Problem, p: int, deadline: float | None, *, bound: bool = True
) -> tuple[BoolArray, float | None, BoolArray, BoolArray]:
    """Selection, lower bound (None without ``bound``), closed and opened venues.

    Under a deadline the passes of swaps get half of the time left, the bound the rest.
    """
    half = None if deadline is None else (time.perf_counter() + deadline) / 2
    k = np.full(problem.n_demand, K0, dtype=np.int64)
    sel: BoolArray | None = None
    for _ in range(_PASSES):
        vr, base = truncated_values(problem, k)
        sel, obj = local_search(vr, problem, p, half, start=sel)
        grown = np.maximum(rank_k(problem, sel), K0)
        if (grown <= k).all():
            break
        k = np.maximum(k, grown)
    assert sel is not None
    none = np.zeros(problem.n_candidates, dtype=bool)
    if not bound:
        return sel, None, none, none
    lag: Lagrange = lagrangian_bound(
        vr, p, problem.required, problem.active, obj, deadline=deadline
    )
    closed, opened = lag.fixings(problem.required, problem.active, base - true_cost(problem, sel))
    return sel, base - max(lag.value, obj), closed, opened
