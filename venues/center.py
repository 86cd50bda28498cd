"""p-center: p venues minimising the largest cost from a demand point to its nearest venue.

Solved as a search over radii: the optimum is one of the distinct pair costs, and radius r is
achievable exactly when the demand can be covered within r by at most p venues (a set-cover
question, monotone in r). This avoids the min-max MILP, whose LP bound is weak. The search
brackets the optimum cheaply before any MILP is solved:

1. upper end: the smallest radius at which a greedy cover (redundant venues dropped) needs
   at most p venues, found by binary search;
2. lower end: the smallest radius at which the LP relaxation of the cover needs at most p
   venues (rounded up), by binary search below the upper end; no radius below it can work;
3. exact: HiGHS checks the lower end first (often already feasible, the LP bound of set
   cover being tight on walking data), then bisects the remaining bracket.

With ``heuristic`` step 3 is skipped and the gap to the LP radius is reported. As in
p-median, weight-0 demand points are ignored and points that cannot reach any non-excluded
candidate are left out and reported. Ties among optimal selections are not broken by a
secondary objective.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from venues import checks, heuristics
from venues.cover_model import cover_rows, lscp_model
from venues.errors import InfeasibleRequestError
from venues.milp import Milp, RowBuilder, solve
from venues.problem import BoolArray, FloatArray, Problem
from venues.result import Outcome, Result, relative_gap, summarise


def solve_pcenter(
    problem: Problem,
    p: int,
    *,
    heuristic: bool = False,
    time_limit: float | None = None,
    mip_gap: float = 1e-6,
) -> Result:
    """Choose p venues minimising the maximum cost to the nearest selected venue."""
    start = time.perf_counter()
    checks.check_p(problem, p)
    checks.check_within_reach(problem, np.inf)
    levels = _levels(problem)
    probe = _Probe(problem, p, time_limit, mip_gap)
    hi, selected = probe.bisect(levels, 0, len(levels) - 1, probe.greedy)
    if selected is None:
        selected = probe.exact(float(levels[-1]))
        if selected is None:
            raise InfeasibleRequestError(
                f"p={p} venues cannot serve every demand point that can reach a candidate; "
                "raise p or run LSCP with a large radius to see how many venues are needed",
                key="venues.err.too_few",
                p=p,
            )
        hi = len(levels) - 1
    lo, _ = probe.bisect(levels, 0, hi, probe.lp_allows)
    if not heuristic and lo < hi:
        at_lo = probe.exact(float(levels[lo]))  # the LP radius is often already achievable
        if at_lo is None:
            at_lo = probe.bisect(levels, lo + 1, hi - 1, probe.exact)[1]
        selected = at_lo if at_lo is not None else selected
    must = problem.reachable_demand() & (problem.weights > 0)
    objective = float(problem.nearest(selected)[1][must].max())
    bound = min(float(levels[lo]), objective)
    gap = relative_gap(objective, bound, False)
    status = "optimal" if gap is not None and gap <= 1e-12 else "feasible"
    solver = "heuristic" if heuristic else "highs"
    outcome = Outcome(selected, objective, solver, status, bound, gap)
    runtime = time.perf_counter() - start
    return summarise(problem, outcome, model="pcenter", radius=None, p=p, runtime_s=runtime)


def _levels(problem: Problem) -> FloatArray:
    """Candidate radii: distinct costs not below the largest nearest-candidate cost."""
    mask = problem.pair_mask() & (problem.weights[problem.pair_demand] > 0)
    costs = np.unique(problem.pair_cost[mask])
    must = problem.reachable_demand() & (problem.weights > 0)
    floor = float(problem.nearest(problem.active)[1][must].max())
    return np.asarray(costs[costs >= floor], dtype=np.float64)


@dataclass
class _Probe:
    """Cover checks at a radius: each returns a selection of p venues or None."""

    problem: Problem
    p: int
    time_limit: float | None
    mip_gap: float

    def bisect(
        self, levels: FloatArray, lo: int, hi: int, check: Callable[[float], BoolArray | None]
    ) -> tuple[int, BoolArray | None]:
        """Smallest index in [lo, hi] that ``check`` accepts (hi and None if none does).

        A feasible selection's own largest cost can be below the probed radius, so the search
        continues below that cost rather than below the probe.
        """
        best = None
        found = hi
        while lo <= hi:
            mid = (lo + hi) // 2
            sel = check(float(levels[mid]))
            if sel is None:
                lo = mid + 1
                continue
            found, best = mid, sel
            if sel.size:  # a real selection (not the LP's empty marker): jump to its radius
                found = min(mid, int(np.searchsorted(levels, self._radius(sel))))
            hi = found - 1
        return found, best

    def _radius(self, sel: BoolArray) -> float:
        must = self.problem.reachable_demand() & (self.problem.weights > 0)
        return float(self.problem.nearest(sel)[1][must].max())

    def greedy(self, radius: float) -> BoolArray | None:
        rows = cover_rows(self.problem, radius)
        vr = rows.value_rows(self.problem.n_candidates, np.ones(rows.groups.n_groups))
        order = heuristics.greedy_cover(vr, self.problem, float(rows.groups.n_groups))
        if len(order) > self.p:
            return None
        sel = np.zeros(self.problem.n_candidates, dtype=bool)
        sel[order] = True
        return self._padded(sel)

    def lp_allows(self, radius: float) -> BoolArray | None:
        """An empty marker array when the LP relaxation needs at most p venues (else None)."""
        model = lscp_model(cover_rows(self.problem, radius), self.problem, np.inf)
        out = solve(model, relax=True)
        if out.x is None or np.ceil(out.objective - 1e-6) > self.p:
            return None
        return np.zeros(0, dtype=bool)

    def exact(self, radius: float) -> BoolArray | None:
        """Greedy first, then the capped cover MILP (HiGHS)."""
        sel = self.greedy(radius)
        if sel is not None:
            return sel
        model = _capped(lscp_model(cover_rows(self.problem, radius), self.problem, np.inf), self.p)
        out = solve(model, time_limit=self.time_limit, mip_gap=self.mip_gap)
        return None if out.x is None else self._padded(out.x[: self.problem.n_candidates] > 0.5)

    def _padded(self, sel: BoolArray) -> BoolArray:
        """Fill up to p venues (lowest index first) so the answer uses all p slots."""
        free = np.flatnonzero(self.problem.active & ~sel)
        sel = sel.copy()
        sel[free[: max(0, self.p - int(sel.sum()))]] = True
        return sel


def _capped(model: Milp, p: int) -> Milp:
    """Add ``sum_j y_j <= p`` to an LSCP model so HiGHS can stop as soon as it is infeasible."""
    rb = RowBuilder(len(model.cost))
    coo = model.matrix.tocoo()
    rb.add(coo.row, coo.col, coo.data, model.row_lower, model.row_upper)
    y = np.flatnonzero(model.integer)
    rb.add(np.zeros(len(y)), y, 1.0, [-np.inf], float(p))
    matrix, lo, hi = rb.matrix()
    return Milp(
        model.cost,
        matrix,
        lo,
        hi,
        model.col_lower,
        model.col_upper,
        model.integer,
        model.maximize,
        model.offset,
    )
