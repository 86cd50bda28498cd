"""Rotation plan for a mobile team: k venue slots a week over W weeks.

Visiting a venue again reaches nobody new, so over the whole period the plan is a set of
k·W distinct venues, and the residents reached are those within r of any of them: the MCLP
with p = k·W. The order matters for the coordinator, though: early weeks should reach as many
new residents as possible. Both methods therefore order venues greedily by newly reached
weight, k per week.

* ``greedy`` (default): greedy max coverage across weeks. Coverage is monotone submodular, so
  after every week t the cumulative reach is at least (1 - 1/e) ≈ 63 % of the best reach
  possible with t·k venues (Nemhauser, Wolsey & Fisher 1978). The reported bound is the
  submodular bound for the full period.
* ``exact``: the k·W venues of the exact MCLP (HiGHS), so the total reach is optimal; the same
  greedy ordering then spreads them over the weeks.

Required venues are visited first.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from venues import checks
from venues.coverage import solve_mclp
from venues.errors import InfeasibleRequestError, InvalidInputError
from venues.heuristics import coverage_values
from venues.problem import Problem
from venues.result import relative_gap
from venues.search import gain_bound, greedy

GREEDY_GUARANTEE = (
    "after every week t the cumulative reach is at least 1 - 1/e (about 63 %) of the best "
    "possible with t*k venues"
)


@dataclass(frozen=True)
class WeekPlan:
    """Venues of one week, the weight they reach for the first time and the running total."""

    week: int
    venues: tuple[str, ...]
    new_weight: float
    cumulative_weight: float
    cumulative_share: float


@dataclass(frozen=True)
class RotationPlan:
    """Week-by-week plan with the total distinct reach and its bound."""

    weeks: tuple[WeekPlan, ...]
    slots_per_week: int
    radius: float
    method: str
    reached_weight: float
    reached_share: float
    total_weight: float
    bound: float | None
    gap: float | None
    guarantee: str
    runtime_s: float

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "weeks"}
        out["weeks"] = [{**w.__dict__, "venues": list(w.venues)} for w in self.weeks]
        return out


def plan_rotation(
    problem: Problem,
    radius: float,
    slots_per_week: int,
    weeks: int,
    *,
    exact: bool = False,
    time_limit: float | None = None,
) -> RotationPlan:
    """Plan ``weeks`` weeks of ``slots_per_week`` distinct venues maximising distinct reach."""
    start = time.perf_counter()
    _check(problem, slots_per_week, weeks)
    checks.check_radius(radius)
    checks.check_within_reach(problem, radius)
    total = slots_per_week * weeks
    vr = coverage_values(problem, radius)
    if exact:
        result = solve_mclp(problem, total, radius, time_limit=time_limit)
        allowed = np.isin(np.asarray(problem.candidate_ids), result.selected)
        bound = result.bound
    else:
        allowed = problem.active
    order, gains = greedy(vr, total, problem.required, allowed)
    if not exact:
        chosen = np.zeros(problem.n_candidates, dtype=bool)
        chosen[order] = True
        bound = gain_bound(vr, chosen, total, problem.required, problem.active)
    plan = _weeks(problem, order, gains, slots_per_week)
    reached = plan[-1].cumulative_weight
    return RotationPlan(
        weeks=tuple(plan),
        slots_per_week=slots_per_week,
        radius=radius,
        method="exact" if exact else "greedy",
        reached_weight=reached,
        reached_share=reached / problem.total_weight if problem.total_weight > 0 else 0.0,
        total_weight=problem.total_weight,
        bound=bound,
        gap=relative_gap(reached, bound, True),
        guarantee="optimal total reach (HiGHS)" if exact else GREEDY_GUARANTEE,
        runtime_s=time.perf_counter() - start,
    )


def _check(problem: Problem, k: int, weeks: int) -> None:
    for name, value in (("slots per week", k), ("weeks", weeks)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise InvalidInputError(f"{name} must be a whole number >= 1, got {value!r}")
    n_active = int(problem.active.sum())
    if k * weeks > n_active:
        raise InfeasibleRequestError(
            f"{weeks} weeks × {k} slots need {k * weeks} distinct venues but only {n_active} "
            "candidates are available; shorten the period or add candidates",
            key="venues.err.rotation_too_long", weeks=weeks, slots=k, need=k * weeks,
            available=n_active,
        )  # fmt: skip
    n_req = int(problem.required.sum())
    if n_req > k * weeks:
        raise InfeasibleRequestError(
            f"{n_req} required venues do not fit in {k * weeks} slots",
            key="venues.err.rotation_required",
            required=n_req,
            slots=k * weeks,
        )


def _weeks(problem: Problem, order: np.ndarray, gains: np.ndarray, k: int) -> list[WeekPlan]:
    plan: list[WeekPlan] = []
    cumulative = 0.0
    total = problem.total_weight
    for w in range(len(order) // k):
        picks = order[w * k : (w + 1) * k]
        new = float(gains[w * k : (w + 1) * k].sum())
        cumulative += new
        plan.append(
            WeekPlan(
                week=w + 1,
                venues=tuple(problem.candidate_ids[int(j)] for j in picks),
                new_weight=new,
                cumulative_weight=cumulative,
                cumulative_share=cumulative / total if total > 0 else 0.0,
            )
        )
    return plan
