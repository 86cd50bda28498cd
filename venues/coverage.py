"""Coverage models: MCLP (most weight within r with p venues) and LSCP (fewest venues).

A demand point counts as covered when its cost to a selected venue is <= r (inclusive). The
plain models use the merged set formulations of :mod:`venues.cover_model`; capacities or
distance decay need the assignment model of :mod:`venues.assign`; ``heuristic=True`` uses
:mod:`venues.heuristics`. Whatever solved it, the reported coverage is recomputed from the
selection (:func:`venues.result.summarise`).
"""

from __future__ import annotations

import math
import time

import numpy as np

from venues import checks, heuristics
from venues.assign import AssignSpec, solve_assignment
from venues.cover_model import (
    CoverRows,
    cover_rows,
    full_cover,
    lscp_model,
    mclp_set_model,
    without_dominated,
)
from venues.decay import Decay
from venues.errors import InfeasibleRequestError, SolverError, UnsupportedOptionError, figure
from venues.milp import MilpOutcome, solve
from venues.problem import BoolArray, Problem
from venues.result import Outcome, Result, relative_gap, summarise


# ------------------------------------------------------------------------------------ MCLP
def solve_mclp(
    problem: Problem,
    p: int,
    radius: float,
    *,
    decay: Decay | None = None,
    heuristic: bool = False,
    time_limit: float | None = None,
    mip_gap: float = 1e-6,
) -> Result:
    """Choose p venues maximising the demand weight within ``radius`` (decayed if ``decay``).

    Capacities in the problem switch to the fractional capacitated assignment (covered weight
    assigned to a venue <= its capacity). ``heuristic`` runs greedy + swap and reports the gap
    to the LP bound (Lagrangian bound with decay) instead of solving the MILP; it does not
    support capacities.
    """
    start = time.perf_counter()
    checks.check_p(problem, p)
    checks.check_radius(radius)
    if decay is not None:
        decay.validate(radius)
    checks.check_within_reach(problem, radius)
    if heuristic:
        if problem.capacity is not None:
            raise UnsupportedOptionError("the heuristic ignores capacities; solve exactly instead")
        outcome = heuristics.mclp(problem, p, radius, decay, time_limit)
    elif problem.capacity is not None or decay is not None:
        outcome = _mclp_assignment(problem, p, radius, decay, time_limit, mip_gap)
    else:
        outcome = _mclp_sets(problem, p, radius, time_limit, mip_gap)
    return summarise(
        problem, outcome, model="mclp", radius=radius, p=p, runtime_s=time.perf_counter() - start
    )


def greedy_first_answer(problem: Problem, p: int, radius: float) -> Result:
    """Plain greedy MCLP in milliseconds, with the submodular bound on the optimum.

    Meant for an instant first answer in an interactive tool while the exact model runs.
    """
    start = time.perf_counter()
    checks.check_p(problem, p)
    checks.check_radius(radius)
    checks.check_within_reach(problem, radius)
    outcome = heuristics.greedy_mclp(problem, p, radius)
    runtime = time.perf_counter() - start
    return summarise(problem, outcome, model="mclp", radius=radius, p=p, runtime_s=runtime)


def _mclp_sets(
    problem: Problem, p: int, radius: float, time_limit: float | None, mip_gap: float
) -> Outcome:
    """Merged set model with dominated candidates fixed to 0, solved by HiGHS.

    (A greedy + swap MIP start was tried and left out: on 10^4-10^5 rows it did not make
    HiGHS measurably faster, HiGHS finds equally good incumbents at the root itself.)
    """
    rows = cover_rows(problem, radius)
    model = without_dominated(mclp_set_model(rows, problem, p), rows, problem, p)
    out = solve(model, time_limit=time_limit, mip_gap=mip_gap)
    selected = _selected(out, problem)
    best, _ = problem.nearest(selected, radius)
    objective = float(problem.weights[best >= 0].sum())
    return _exact_outcome(selected, objective, out, maximize=True)


def _mclp_assignment(
    problem: Problem,
    p: int,
    radius: float,
    decay: Decay | None,
    time_limit: float | None,
    mip_gap: float,
) -> Outcome:
    pairs = problem.pair_mask(radius)
    coef = (
        np.ones_like(problem.pair_cost)
        if decay is None
        else decay.factors(problem.pair_cost, radius)
    )
    spec = AssignSpec(pairs=pairs, coef=coef, p=p, maximize=True)
    res = solve_assignment(problem, spec, time_limit=time_limit, mip_gap=mip_gap)
    if res is None:
        raise SolverError("HiGHS reported the MCLP assignment model infeasible")
    if problem.capacity is None:
        best, cost = problem.nearest(res.selected, radius)
        served = best >= 0
        f = np.ones(int(served.sum())) if decay is None else decay.factors(cost[served], radius)
        objective = float((problem.weights[served] * f).sum())
        return _exact_outcome(res.selected, objective, res.milp, maximize=True)
    exact = _exact_outcome(res.selected, res.milp.objective, res.milp, maximize=True)
    notes = ("capacitated: fractional assignment; 'assignment' names the largest share",)
    return Outcome(
        exact.selected,
        exact.objective,
        exact.solver,
        exact.status,
        exact.bound,
        exact.gap,
        split=res.split,
        notes=notes,
    )


def _selected(out: MilpOutcome, problem: Problem) -> BoolArray:
    if out.x is None:
        raise SolverError("HiGHS found the model infeasible although the request passed all checks")
    return out.x[: problem.n_candidates] > 0.5


def _exact_outcome(
    selected: BoolArray, objective: float, out: MilpOutcome, *, maximize: bool
) -> Outcome:
    bound = out.bound
    if bound is not None:
        bound = max(bound, objective) if maximize else min(bound, objective)
    gap = relative_gap(objective, bound, maximize)
    return Outcome(selected, objective, "highs", out.status, bound, gap)


# ------------------------------------------------------------------------------------ LSCP
def solve_lscp(
    problem: Problem,
    radius: float,
    *,
    share: float = 1.0,
    heuristic: bool = False,
    time_limit: float | None = None,
    mip_gap: float = 1e-6,
) -> Result:
    """Fewest venues so that at least ``share`` of the demand weight lies within ``radius``.

    Demand points with weight 0 need no cover. With ``share < 1`` a second MCLP pass picks,
    among the minimum-size solutions, the one covering most weight.
    """
    start = time.perf_counter()
    checks.check_radius(radius)
    checks.check_share(share)
    checks.check_within_reach(problem, radius)
    rows = cover_rows(problem, radius)
    target = share * problem.total_weight
    _check_lscp_feasible(problem, radius, rows, share, target)
    if heuristic:
        outcome = _lscp_heuristic(problem, rows, target)
    else:
        outcome = _lscp_exact(problem, radius, rows, target, time_limit, mip_gap)
    return summarise(
        problem, outcome, model="lscp", radius=radius, p=None, runtime_s=time.perf_counter() - start
    )


def _check_lscp_feasible(
    problem: Problem, radius: float, rows: CoverRows, share: float, target: float
) -> None:
    total = problem.total_weight
    if rows.reach_weight >= target * (1 - 1e-12):
        return
    out_of_reach = (~problem.reachable_demand(radius)) & (problem.weights > 0)
    best = rows.reach_weight / total if total > 0 else 0.0
    weight = float(problem.weights[out_of_reach].sum())
    raise InfeasibleRequestError(
        f"LSCP infeasible: {int(out_of_reach.sum())} demand points with weight "
        f"{weight:g} have no candidate within r={radius:g}, "
        f"so covering {share:.1%} of the weight is impossible; the maximum achievable share is "
        f"{best:.2%}",
        key="venues.err.lscp_infeasible", points=int(out_of_reach.sum()), weight=figure(weight),
        radius=figure(radius), share=figure(share * 100), best=math.floor(best * 1000) / 10,
    )  # fmt: skip


def _lscp_heuristic(problem: Problem, rows: CoverRows, target: float) -> Outcome:
    """Greedy cover counting merged rows (full cover) or their weight (share)."""
    n_g = rows.groups.n_groups
    full = full_cover(rows, target)
    weight = np.ones(n_g) if full else rows.groups.weight
    need = float(n_g) if full else target - rows.fixed_weight
    vr = rows.value_rows(problem.n_candidates, weight)
    return heuristics.lscp(problem, vr, need, lscp_model(rows, problem, target))


def _lscp_exact(
    problem: Problem,
    radius: float,
    rows: CoverRows,
    target: float,
    time_limit: float | None,
    mip_gap: float,
) -> Outcome:
    out = solve(lscp_model(rows, problem, target), time_limit=time_limit, mip_gap=mip_gap)
    selected = _selected(out, problem)
    count = int(selected.sum())
    if target < problem.total_weight and count > int(problem.required.sum()):
        best = solve(mclp_set_model(rows, problem, count), time_limit=time_limit, mip_gap=mip_gap)
        selected = _selected(best, problem)
    outcome = _exact_outcome(selected, float(count), out, maximize=False)
    if outcome.bound is not None:
        bound = float(np.ceil(outcome.bound - 1e-6))
        return Outcome(
            selected,
            float(count),
            "highs",
            out.status,
            bound,
            relative_gap(float(count), bound, False),
        )
    return outcome
