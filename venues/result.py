"""The result of a location model, recomputed from the chosen venues.

Whatever produced the selection (HiGHS or the heuristic), the reported coverage and costs are
recomputed here from the problem data, so a result never repeats a solver's rounding and the
figures of different models are comparable: each demand point goes to its nearest selected
venue (within the radius for coverage models), or follows the fractional capacitated
assignment when capacities apply.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from venues.arrays import wsum
from venues.problem import BoolArray, FloatArray, IntArray, Problem


@dataclass(frozen=True)
class Split:
    """A fractional assignment: demand ``i`` sends ``fraction`` of its weight to venue ``j``."""

    demand: IntArray
    candidate: IntArray
    cost: FloatArray
    fraction: FloatArray


@dataclass(frozen=True)
class Result:
    """Selected venues with objective, coverage, costs, per-venue figures and solver status.

    * ``objective``: covered (or decayed) weight for MCLP, number of venues for LSCP, total
      weighted cost for p-median, largest cost for p-center.
    * ``covered_weight``/``covered_share``: weight assigned to a selected venue (within r for
      MCLP/LSCP, reachable at all for p-median/p-center), share of the total weight.
    * ``mean_cost``/``max_cost``: weighted mean and maximum cost over the assigned demand.
    * ``assignment``: demand id -> nearest selected venue (None when not covered/served); with
      capacities the venue taking the largest share, the full split in ``assignment_shares``.
    * ``venue_reach``: weight within reach of each selected venue on its own; ``venue_load``:
      weight actually assigned to it.
    * ``gap``/``bound``: from HiGHS (exact), the LP or Lagrangian relaxation (heuristic) or the
      submodular bound (greedy); relative gap (bound - obj)/bound for maximisation and
      (obj - bound)/obj for minimisation.
    * ``solver``: "highs", "heuristic" or "greedy"; ``status``: "optimal" (gap closed within
      the tolerance), "feasible" (gap open) or "time_limit".
    * ``unreachable_count``/``unreachable_weight``: demand with no non-excluded candidate
      within r (MCLP/LSCP) or at all (p-median/p-center).
    * ``method``: "exact" or "heuristic" (greedy + swap, or the best answer the exact solver
      had when its time ran out); ``reason`` says why an exact request got the heuristic:
      "size" (above ``Limits.exact_max_size``) or "time" (past the time limit), else None.
    """

    model: str
    selected: tuple[str, ...]
    objective: float
    covered_weight: float
    covered_share: float
    total_weight: float
    mean_cost: float | None
    max_cost: float | None
    gap: float | None
    bound: float | None
    assignment: dict[str, str | None]
    venue_reach: dict[str, float]
    venue_load: dict[str, float]
    solver: str
    status: str
    runtime_s: float
    p: int | None = None
    radius: float | None = None
    unreachable_count: int = 0
    unreachable_weight: float = 0.0
    assignment_shares: dict[str, dict[str, float]] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    method: str = "exact"
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (non-finite numbers become None)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            out[name] = _jsonable(getattr(self, name))
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Outcome:
    """What a solver hands to :func:`summarise`: the selection plus solver metadata."""

    selected: BoolArray
    objective: float
    solver: str
    status: str
    bound: float | None = None
    gap: float | None = None
    split: Split | None = None
    notes: tuple[str, ...] = ()


def relative_gap(objective: float, bound: float | None, maximize: bool) -> float | None:
    """(bound - obj)/bound for max problems, (obj - bound)/obj for min problems, >= 0."""
    if bound is None or not math.isfinite(bound):
        return None
    num = bound - objective if maximize else objective - bound
    den = abs(bound) if maximize else abs(objective)
    if den <= 1e-12:
        return 0.0 if abs(num) <= 1e-9 else None
    return max(0.0, num / den)


def summarise(
    problem: Problem,
    outcome: Outcome,
    *,
    model: str,
    radius: float | None,
    p: int | None,
    runtime_s: float,
) -> Result:
    """Turn a selection into a :class:`Result` with coverage, costs and per-venue figures."""
    reach_radius = np.inf if radius is None else radius
    if outcome.split is not None:
        assign = _from_split(problem, outcome.split)
    else:
        assign = _nearest(problem, outcome.selected, reach_radius)
    served, cost, load, shares, labels = assign
    w = problem.weights
    covered = float((w * served).sum())
    positive = (served > 1e-9) & (w > 0)
    reachable = problem.reachable_demand(reach_radius)
    return Result(
        model=model,
        selected=problem.ids_of(outcome.selected),
        objective=float(outcome.objective),
        covered_weight=covered,
        covered_share=covered / problem.total_weight if problem.total_weight > 0 else 0.0,
        total_weight=problem.total_weight,
        mean_cost=float(cost.sum() / covered) if covered > 0 else None,
        max_cost=float(_max_cost(problem, outcome, positive, cost, served)),
        gap=outcome.gap,
        bound=outcome.bound,
        assignment=dict(zip(problem.demand_ids, labels, strict=True)),
        venue_reach=_reach(problem, outcome.selected, reach_radius),
        venue_load={
            problem.candidate_ids[j]: float(load[j]) for j in np.flatnonzero(outcome.selected)
        },
        solver=outcome.solver,
        status=outcome.status,
        runtime_s=runtime_s,
        p=p,
        radius=radius,
        unreachable_count=int((~reachable).sum()),
        unreachable_weight=float(w[~reachable].sum()),
        assignment_shares=shares,
        notes=outcome.notes,
    )


_Assign = tuple[
    FloatArray, FloatArray, FloatArray, dict[str, dict[str, float]] | None, list[str | None]
]


def _nearest(problem: Problem, selected: BoolArray, radius: float) -> _Assign:
    """Each demand point to its nearest selected venue within radius."""
    best, cost = problem.nearest(selected, radius)
    served = (best >= 0).astype(np.float64)
    wcost = np.where(best >= 0, cost, 0.0) * problem.weights
    load = wsum(best[best >= 0], problem.weights[best >= 0], problem.n_candidates)
    labels = [problem.candidate_ids[j] if j >= 0 else None for j in best.tolist()]
    return served, wcost, load, None, labels


def _from_split(problem: Problem, split: Split) -> _Assign:
    """Fractional assignment; the label is the venue with the largest share (ties: lowest index)."""
    keep = split.fraction > 1e-9
    d, c, f, k = split.demand[keep], split.candidate[keep], split.fraction[keep], split.cost[keep]
    w = problem.weights
    served = wsum(d, f, problem.n_demand)
    wcost = wsum(d, f * k * w[d], problem.n_demand)
    load = wsum(c, f * w[d], problem.n_candidates)
    order = np.lexsort((c, -f, d))
    first = order[np.r_[True, d[order][1:] != d[order][:-1]]] if len(order) else order
    labels: list[str | None] = [None] * problem.n_demand
    shares: dict[str, dict[str, float]] = {}
    for i, j in zip(d[first].tolist(), c[first].tolist(), strict=True):
        labels[i] = problem.candidate_ids[j]
    for i, j, frac in zip(d.tolist(), c.tolist(), f.tolist(), strict=True):
        shares.setdefault(problem.demand_ids[i], {})[problem.candidate_ids[j]] = frac
    return served, wcost, load, shares, labels


def _max_cost(
    problem: Problem, outcome: Outcome, positive: BoolArray, wcost: FloatArray, served: FloatArray
) -> float:
    if not positive.any():
        return math.nan
    if outcome.split is None:
        per_demand = wcost[positive] / problem.weights[positive]
        return float(per_demand.max())
    s = outcome.split
    used = (s.fraction > 1e-9) & (problem.weights[s.demand] > 0)
    return float(s.cost[used].max()) if used.any() else math.nan


def _reach(problem: Problem, selected: BoolArray, radius: float) -> dict[str, float]:
    """Weight of demand within ``radius`` of each selected venue, ignoring the other venues."""
    mask = problem.pair_mask(radius, selected)
    reach = wsum(
        problem.pair_candidate[mask],
        problem.weights[problem.pair_demand[mask]],
        problem.n_candidates,
    )
    return {problem.candidate_ids[j]: float(reach[j]) for j in np.flatnonzero(selected)}
