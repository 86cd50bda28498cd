"""Heuristic solvers for instances too large to solve exactly in seconds.

Each returns the selection together with a valid bound so the caller learns how far from
optimal the answer can be: MCLP uses greedy + swap (:mod:`venues.search`) with the LP bound
(or the Lagrangian bound with decay); LSCP uses greedy set cover with redundant venues dropped
and the LP bound. The p-median heuristic lives in :mod:`venues.median_search`.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from venues.cover_model import CoverRows, cover_rows, mclp_set_model, mclp_start
from venues.decay import Decay
from venues.errors import SolverError
from venues.milp import Milp, solve
from venues.problem import BoolArray, FloatArray, Problem
from venues.reduce import RowGroups, group_rows
from venues.result import Outcome, relative_gap
from venues.search import Lagrange, ValueRows, gain_bound, greedy, lagrangian_bound, swap


def _deadline(time_limit: float | None) -> float | None:
    return None if time_limit is None else time.perf_counter() + time_limit


def merged_values(
    problem: Problem, mask: BoolArray, values: FloatArray, extra: FloatArray | None = None
) -> tuple[ValueRows, RowGroups]:
    """Pairs in ``mask`` with ``values`` as merged value rows (weight-0 demand dropped)."""
    mask = mask & (problem.weights[problem.pair_demand] > 0) & (values > 0)
    csr = problem.csr(mask, values)
    csr.sort_indices()
    groups = group_rows(csr, problem.weights, values=csr.data, row_extra=extra)
    return ValueRows.of(csr[groups.rep, :], groups.weight), groups


def coverage_values(problem: Problem, radius: float, decay: Decay | None = None) -> ValueRows:
    """Value rows of the MCLP: 1 (or the decay factor) for every pair within ``radius``."""
    mask = problem.pair_mask(radius)
    vals = (
        np.ones_like(problem.pair_cost)
        if decay is None
        else decay.factors(problem.pair_cost, radius)
    )
    return merged_values(problem, mask, vals)[0]


def local_search(
    vr: ValueRows,
    problem: Problem,
    p: int,
    deadline: float | None,
    *,
    start: BoolArray | None = None,
) -> tuple[BoolArray, float]:
    """Swaps from ``start`` (greedy if None); returns the selection and its objective."""
    if start is None:
        order, _ = greedy(vr, p, problem.required, problem.active)
        start = np.zeros(problem.n_candidates, dtype=bool)
        start[order] = True
    sel = swap(vr, start, problem.required, problem.active, deadline)
    return sel, vr.objective(sel)


def greedy_mclp(problem: Problem, p: int, radius: float) -> Outcome:
    """Plain greedy MCLP, the fastest first answer, with the submodular bound."""
    rows = cover_rows(problem, radius)
    vr = rows.value_rows(problem.n_candidates)
    order, _ = greedy(vr, p, problem.required, problem.active)
    sel = np.zeros(problem.n_candidates, dtype=bool)
    sel[order] = True
    obj = vr.objective(sel)
    bound = gain_bound(vr, sel, p, problem.required, problem.active)
    return _outcome(sel, obj + rows.fixed_weight, bound + rows.fixed_weight, "greedy")


def mclp(
    problem: Problem, p: int, radius: float, decay: Decay | None, time_limit: float | None
) -> Outcome:
    """Greedy + swap MCLP; bound from the LP relaxation (no decay) or the Lagrangian.

    Without decay the LP relaxation of the merged set model is solved (HiGHS, simplex), which
    is usually within a fraction of a percent of the optimum. Its solution then guides two more
    starts for the swaps: the p largest y_j, and a small MILP over the venues the LP uses at
    all (its support, typically a few dozen), limited to about the LP's own solve time.
    """
    deadline = _deadline(time_limit)
    if decay is not None:
        vr = coverage_values(problem, radius, decay)
        sel, obj, lag = with_lagrangian(vr, problem, p, deadline)
        bound = min(lag.value, gain_bound(vr, sel, p, problem.required, problem.active))
        return _outcome(sel, obj, bound, "heuristic")
    rows = cover_rows(problem, radius)
    vr = rows.value_rows(problem.n_candidates)
    sel, obj = local_search(vr, problem, p, deadline)
    bound = gain_bound(vr, sel, p, problem.required, problem.active) + rows.fixed_weight
    model = mclp_set_model(rows, problem, p)
    try:
        lp = solve(model, relax=True, time_limit=_left(deadline))
    except SolverError:  # out of time before the LP had a point: the gain bound stands
        return _outcome(sel, obj + rows.fixed_weight, bound, "heuristic")
    if lp.x is not None and lp.status == "optimal":
        bound = min(bound, lp.objective)
        y = lp.x[: problem.n_candidates]
        budget = min(max(0.5, lp.runtime_s), _left(deadline) or np.inf)
        for start in (_rounded(y, problem, p), _support_mip(model, rows, y, sel, budget)):
            if start is None or (deadline is not None and time.perf_counter() > deadline):
                continue
            sel2, obj2 = local_search(vr, problem, p, deadline, start=start)
            if obj2 > obj + 1e-9:
                sel, obj = sel2, obj2
    return _outcome(sel, obj + rows.fixed_weight, bound, "heuristic")


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.01, deadline - time.perf_counter())


def _support_mip(
    model: Milp, rows: CoverRows, y: FloatArray, incumbent: BoolArray, budget: float
) -> BoolArray | None:
    """Best selection among the LP's support (y > 0) and the incumbent's venues."""
    m = len(y)
    upper = model.col_upper.copy()
    upper[:m] = np.where((y > 1e-9) | incumbent, upper[:m], 0.0)
    start = mclp_start(rows, incumbent)
    out = solve(replace(model, col_upper=upper), time_limit=budget, start=start)
    return None if out.x is None else out.x[:m] > 0.5


def with_lagrangian(
    vr: ValueRows, problem: Problem, p: int, deadline: float | None
) -> tuple[BoolArray, float, Lagrange]:
    """Greedy + swap, the Lagrangian bound, and swaps from the Lagrangian's open set.

    Under a deadline the first swaps get half of the time left, so that the bound, which
    is what the answer's proven gap rests on, is never starved by the search.
    """
    half = None if deadline is None else (time.perf_counter() + deadline) / 2
    sel, obj = local_search(vr, problem, p, half)
    lag = lagrangian_bound(vr, p, problem.required, problem.active, obj, deadline=deadline)
    if int(lag.open.sum()) == p:
        sel2, obj2 = local_search(vr, problem, p, deadline, start=lag.open)
        if obj2 > obj + 1e-9:
            sel, obj = sel2, obj2
    return sel, obj, lag


def _rounded(y: FloatArray, problem: Problem, p: int) -> BoolArray:
    """The p largest LP values (required first, ties to the lower index)."""
    key = np.where(problem.required, 2.0, np.where(problem.active, y, -1.0))
    order = np.lexsort((np.arange(len(y)), -key))
    sel = np.zeros(len(y), dtype=bool)
    sel[order[:p]] = True
    return sel


def _outcome(sel: BoolArray, obj: float, bound: float, solver: str) -> Outcome:
    bound = max(bound, obj)
    gap = relative_gap(obj, bound, True)
    status = "optimal" if gap is not None and gap <= 1e-9 else "feasible"
    return Outcome(sel, obj, solver, status, bound, gap)


def lscp(problem: Problem, vr: ValueRows, need: float, relaxation: Milp) -> Outcome:
    """Greedy set cover with redundant venues dropped, and the LP bound (rounded up).

    ``vr`` holds the merged rows not covered by required venues, with the weight to count
    (1 per row for a full cover, demand weight for a share). Greedy set cover is within a
    factor H(max rows per venue) of the fewest venues.
    """
    sel = np.zeros(problem.n_candidates, dtype=bool)
    sel[greedy_cover(vr, problem, need)] = True
    out = solve(relaxation, relax=True, ipm=True)
    count = float(sel.sum())
    bound = float(np.ceil(out.objective - 1e-6)) if out.x is not None else None
    gap = relative_gap(count, bound, False)
    status = "optimal" if gap is not None and gap <= 1e-9 else "feasible"
    return Outcome(sel, count, "heuristic", status, bound, gap)


def greedy_cover(vr: ValueRows, problem: Problem, need: float) -> list[int]:
    """Greedy venues until the cover value reaches ``need``, then redundant ones dropped."""
    allowed = problem.active
    order, gains = greedy(vr, int(allowed.sum()), problem.required, allowed)
    reached = np.r_[0.0, np.cumsum(gains)]
    enough = np.flatnonzero(reached >= need * (1 - 1e-12))
    k = max(int(problem.required.sum()), int(enough[0]) if len(enough) else len(order))
    chosen = [int(j) for j in order[:k]]
    sel = np.zeros(problem.n_candidates, dtype=bool)
    sel[chosen] = True
    for j in chosen[::-1]:
        if problem.required[j]:
            continue
        sel[j] = False
        if vr.objective(sel) < need * (1 - 1e-12):
            sel[j] = True
    return [j for j in chosen if sel[j]]
