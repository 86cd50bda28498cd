"""p-median: p venues minimising the total weighted cost to the nearest open venue.

Demand points that cannot reach any non-excluded candidate are left out of the objective and
reported (``unreachable_count``/``unreachable_weight`` and a note); every other demand point
with weight > 0 must be served, so a p too small to reach them all is an error.

Exact solution in three steps, each cheaper than building the full n × m model:

1. greedy + swap and the Lagrangian bound (:mod:`venues.median_search`); when the bound meets
   the heuristic's cost the answer is proven optimal and no MILP is built;
2. Lagrangian reduced-cost fixing closes (or opens) venues that cannot be in (or out of) any
   better solution, which typically removes most candidates;
3. HiGHS solves the truncated radius model (:mod:`venues.median_model`) over the remaining
   venues, started from the heuristic's answer; demand points left outside their kept pairs
   get twice as many pairs and the model is solved again until the optimum is proven.

Capacities use the fractional assignment model of :mod:`venues.assign` (same truncation
rounds, no fixing: the heuristic and its bound ignore capacities).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from venues import checks, limits, median_search, median_trunc
from venues.assign import AssignOutcome, AssignSpec, solve_assignment
from venues.errors import InfeasibleRequestError, SolverError, UnsupportedOptionError
from venues.median_model import Truncation, radius_model, truncate
from venues.milp import solve
from venues.problem import BoolArray, IntArray, Problem
from venues.result import Outcome, Result, Split, relative_gap, summarise

_MAX_ROUNDS = 12
_FULL_PAIRS = 1_500_000  # below this many pairs, keep them all from the first round
_SEARCH_SHARE = 0.6  # of a time limit: heuristic + bound; the rest for the MILP rounds
_PROVEN_NOTE = "proven optimal by the Lagrangian bound; no MILP was needed"
_SPLIT_NOTE = "capacitated: fractional assignment; 'assignment' names the largest share"


def solve_pmedian(
    problem: Problem,
    p: int,
    *,
    heuristic: bool = False,
    time_limit: float | None = None,
    mip_gap: float = 1e-6,
) -> Result:
    """Choose p venues minimising the weighted cost of each demand point to its nearest venue."""
    start = time.perf_counter()
    checks.check_p(problem, p)
    checks.check_within_reach(problem, np.inf)
    served_weight = float(problem.weights[problem.reachable_demand()].sum())
    checks.check_capacity(problem, p, served_weight)
    if heuristic:
        if problem.capacity is not None:
            raise UnsupportedOptionError("the heuristic ignores capacities; solve exactly instead")
        search = median_search.pmedian(problem, p, time_limit)
        outcome = _scored(problem, search.selected, search.lower, "heuristic", "feasible")
    elif problem.capacity is not None:
        outcome = _exact_capacitated(problem, p, time_limit, mip_gap)
    else:
        outcome = _exact(problem, p, time_limit, mip_gap)
    outcome = _with_unreachable_note(problem, outcome)
    return summarise(
        problem, outcome, model="pmedian", radius=None, p=p, runtime_s=time.perf_counter() - start
    )


def total_cost(problem: Problem, selected: BoolArray) -> float:
    """Weighted cost of each demand point to its nearest selected venue (unserved: skipped)."""
    best, cost = problem.nearest(selected)
    ok = best >= 0
    return float((problem.weights[ok] * cost[ok]).sum())


def _scored(
    problem: Problem,
    sel: BoolArray,
    lower: float | None,
    solver: str,
    status: str,
    *,
    tol: float = 1e-9,
    split: Split | None = None,
) -> Outcome:
    """Outcome with the true cost of ``sel`` (or of the split) and the gap to ``lower``."""
    objective = total_cost(problem, sel) if split is None else split_cost(problem, split)
    bound = None if lower is None else min(lower, objective)
    gap = relative_gap(objective, bound, False)
    if gap is not None and gap <= tol:
        status = "optimal"
    notes = () if split is None else (_SPLIT_NOTE,)
    return Outcome(sel, objective, solver, status, bound, gap, split, notes)


def _with_unreachable_note(problem: Problem, outcome: Outcome) -> Outcome:
    lost = ~problem.reachable_demand() & (problem.weights > 0)
    if not lost.any():
        return outcome
    note = (
        f"{int(lost.sum())} demand points (weight {float(problem.weights[lost].sum()):g}) cannot "
        "reach any non-excluded candidate and are left out of the objective"
    )
    return Outcome(
        outcome.selected,
        outcome.objective,
        outcome.solver,
        outcome.status,
        outcome.bound,
        outcome.gap,
        outcome.split,
        (*outcome.notes, note),
    )


# --------------------------------------------------------------------------- exact rounds
def _exact(problem: Problem, p: int, time_limit: float | None, mip_gap: float) -> Outcome:
    """Heuristic + Lagrangian, fixing, then truncated radius models until proven."""
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    search_time = None if time_limit is None else _SEARCH_SHARE * time_limit
    try:
        search = median_search.pmedian(problem, p, search_time)
    except InfeasibleRequestError:  # the heuristic could not serve everyone; let HiGHS decide
        return _rounds(problem, p, None, None, deadline, mip_gap)
    best = _scored(problem, search.selected, search.lower, "heuristic", "feasible", tol=mip_gap)
    if best.status == "optimal":
        return replace(best, notes=(*best.notes, _PROVEN_NOTE))
    if _past(deadline):  # no time left to build a MILP: the search's answer, with its gap
        return replace(best, status="time_limit")
    closed, opened = search.closed, search.opened
    reduced = replace(
        problem, excluded=problem.excluded | closed, required=problem.required | opened
    )
    out = _rounds(reduced, p, search.selected, search.lower, deadline, mip_gap)
    return _evaluated(problem, out, mip_gap)


def _rounds(
    problem: Problem,
    p: int,
    incumbent: BoolArray | None,
    lower: float | None,
    deadline: float | None,
    mip_gap: float,
    k: IntArray | None = None,
) -> Outcome:
    """Solve truncated radius models, widening the truncation until the optimum is proven.

    ``k`` (pairs kept per demand point) defaults to :func:`_initial_k`.
    """
    k = _initial_k(problem, incumbent) if k is None else k
    best_sel = incumbent
    for _ in range(_MAX_ROUNDS):
        limits.check()
        left = None if deadline is None else max(0.1, deadline - time.perf_counter())
        model = radius_model(problem, p, truncate(problem, k))
        start = None if best_sel is None else model.start(problem, best_sel)
        out = solve(model.milp, time_limit=left, mip_gap=mip_gap, start=start)
        if out.x is None:
            raise _too_few(problem, p)
        sel = out.x[: problem.n_candidates] > 0.5
        if best_sel is None or total_cost(problem, sel) < total_cost(problem, best_sel):
            best_sel = sel
        cost = total_cost(problem, best_sel)
        round_lower = min(cost, out.bound) if out.bound is not None else None
        lower = _max_or_none(lower, round_lower)
        unresolved = model.unresolved(problem, out.x)
        scored = _scored(problem, best_sel, lower, "highs", "feasible", tol=mip_gap)
        if scored.status == "optimal" or not unresolved.any() or out.status != "optimal":
            break
        if _past(deadline):
            out = replace(out, status="time_limit")
            break
        k = np.where(unresolved, 2 * k, k)
    if out.status != "optimal" and scored.status != "optimal":
        return replace(scored, status=out.status)
    return scored


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.perf_counter() >= deadline


def _max_or_none(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b)


def _evaluated(problem: Problem, out: Outcome, mip_gap: float) -> Outcome:
    """Re-score a selection made on the reduced problem against the original one."""
    rescored = _scored(problem, out.selected, out.bound, out.solver, out.status, tol=mip_gap)
    return replace(rescored, notes=out.notes)


def _initial_k(problem: Problem, incumbent: BoolArray | None) -> IntArray:
    """All pairs when few remain, else twice the rank of the incumbent's venue (at least 4)."""
    if incumbent is None or int(problem.pair_mask().sum()) <= _FULL_PAIRS:
        return np.full(problem.n_demand, problem.n_candidates, dtype=np.int64)
    return median_trunc.rank_k(problem, incumbent)


def _exact_capacitated(
    problem: Problem, p: int, time_limit: float | None, mip_gap: float
) -> Outcome:
    """Truncated fractional assignment models until no demand is left on the slack."""
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    try:
        k = _initial_k(problem, median_search.pmedian(problem, p, None, bound=False).selected)
    except InfeasibleRequestError:
        k = np.full(problem.n_demand, problem.n_candidates, dtype=np.int64)
    for _ in range(_MAX_ROUNDS):
        limits.check()
        left = None if deadline is None else max(0.1, deadline - time.perf_counter())
        trunc = truncate(problem, k)
        res = _assignment_round(problem, p, trunc, left, mip_gap)
        unresolved = res.slack > 1e-6
        if not unresolved.any() or res.milp.status != "optimal":
            break
        k = np.where(unresolved, 2 * k, k)
    if unresolved.any():
        raise SolverError(
            f"capacitated p-median not settled within {_MAX_ROUNDS} rounds or the time limit; "
            "raise the time limit"
        )
    out = _scored(
        problem, res.selected, res.milp.bound, "highs", "feasible", tol=mip_gap, split=res.split
    )
    return out if out.status == "optimal" else replace(out, status=res.milp.status)


def _assignment_round(
    problem: Problem, p: int, trunc: Truncation, time_limit: float | None, mip_gap: float
) -> AssignOutcome:
    spec = AssignSpec(
        pairs=trunc.keep,
        coef=problem.pair_cost,
        p=p,
        maximize=False,
        must_serve=True,
        beyond=trunc.beyond,
    )
    res = solve_assignment(problem, spec, time_limit=time_limit, mip_gap=mip_gap)
    if res is None:
        raise _too_few(problem, p)
    return res


def split_cost(problem: Problem, split: Split) -> float:
    """Weighted cost of a fractional assignment."""
    return float((problem.weights[split.demand] * split.cost * split.fraction).sum())


def _too_few(problem: Problem, p: int) -> InfeasibleRequestError:
    return InfeasibleRequestError(
        f"p={p} venues cannot serve every demand point that can reach a candidate (or the "
        "capacities do not fit the reachable demand); raise p, or run LSCP with a large radius "
        "to see how many venues are needed",
        key="venues.err.too_few",
        p=p,
    )
