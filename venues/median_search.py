"""Greedy + swap p-median with the Lagrangian bound and Lagrangian variable fixing.

The p-median is run as the maximisation ``sum_i w_i (M_i - c_ij)`` over each demand point's
nearest open venue, so the engine of :mod:`venues.search` applies unchanged. The Lagrangian
relaxation of the assignment rows is the classical p-median bound (equal to the LP bound at
its optimum); beyond the bound it tells which venues cannot be in any better solution, which
is what keeps the exact model in :mod:`venues.median` small.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from venues import median_trunc
from venues.errors import InfeasibleRequestError
from venues.heuristics import local_search, merged_values, with_lagrangian
from venues.problem import BoolArray, FloatArray, Problem
from venues.search import ValueRows

TRUNCATE_PAIRS = 1_500_000  # above this many pairs, search and bound on the nearest ones


@dataclass(frozen=True)
class MedianSearch:
    """Best selection found, a lower bound on its cost and the venues fixed by the bound."""

    selected: BoolArray
    lower: float | None
    closed: BoolArray
    opened: BoolArray


def median_values(problem: Problem) -> tuple[ValueRows, FloatArray]:
    """p-median as maximisation of ``sum w_i (M_i - c_ij)`` over the nearest open venue.

    M_i is just above demand i's largest reachable cost when every active candidate reaches i
    (so the penalised and the true problem coincide), and a large penalty otherwise so that
    the search serves such points. Returns the value rows and M per merged row.
    """
    mask = problem.pair_mask()
    n_active = int(problem.active.sum())
    counts = np.bincount(problem.pair_demand[mask], minlength=problem.n_demand)
    top = np.zeros(problem.n_demand)
    np.maximum.at(top, problem.pair_demand[mask], problem.pair_cost[mask])
    big = 2.0 * float(problem.pair_cost[mask].max(initial=0.0)) + 1.0
    eps = 1e-6 * (big + 1.0)
    penalty = np.where(counts >= n_active, top + eps, big)
    vals = penalty[problem.pair_demand] - problem.pair_cost
    vr, groups = merged_values(problem, mask, vals, extra=penalty)
    return vr, penalty[groups.rep]


def pmedian(
    problem: Problem, p: int, time_limit: float | None, *, bound: bool = True
) -> MedianSearch:
    """Greedy + swap p-median; with ``bound`` also the Lagrangian bound and fixings.

    Above :data:`TRUNCATE_PAIRS` pairs both work on each point's nearest candidates
    (:mod:`venues.median_trunc`), whose relaxation keeps the bound valid.
    """
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    if int(problem.pair_mask().sum()) > TRUNCATE_PAIRS:
        sel, lower, closed, opened = median_trunc.search(problem, p, deadline, bound=bound)
        must = problem.reachable_demand() & (problem.weights > 0)
        unserved = int((problem.nearest(sel)[0][must] < 0).sum())
        if unserved:
            raise InfeasibleRequestError(
                f"the heuristic could not serve {unserved} demand points that can reach a "
                f"candidate with p={p}; raise p or solve exactly to see whether p suffices"
            )
        return MedianSearch(sel, lower, closed, opened)
    vr, penalty = median_values(problem)
    none = np.zeros(problem.n_candidates, dtype=bool)
    if not bound:
        sel = local_search(vr, problem, p, deadline)[0]
        _check_served(vr, sel, p)
        return MedianSearch(sel, None, none, none)
    sel, obj, lag = with_lagrangian(vr, problem, p, deadline)
    _check_served(vr, sel, p)
    base = float((vr.weight * penalty).sum())
    closed, opened = lag.fixings(problem.required, problem.active, obj)
    return MedianSearch(sel, base - max(lag.value, obj), closed, opened)


def _check_served(vr: ValueRows, sel: BoolArray, p: int) -> None:
    served = np.zeros(vr.n_rows, dtype=bool)
    served[vr.row[sel[vr.col]]] = True
    if not served.all():
        raise InfeasibleRequestError(
            f"the heuristic could not serve {int((~served).sum())} demand points that can reach "
            f"a candidate with p={p}; raise p or solve exactly to see whether p suffices"
        )
