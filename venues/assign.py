"""The assignment MILP behind capacitated / decayed MCLP and capacitated p-median.

Variables: y_j (open venue j, binary), x_ij in [0, 1] (share of demand i's weight served by
j, continuous) and, for truncated p-median, u_i (share of i served beyond its kept pairs, at
a lower-bound cost). Fractional x is deliberate: capacities then split a demand cell over
venues instead of making the model a much harder integer assignment, which suits cells that
are aggregates of many residents. Rows:

* per demand: ``sum_j x_ij (+ u_i) <= 1`` (coverage) or ``= 1`` (p-median must serve),
* linking: ``x_ij <= y_j``,
* capacity: ``sum_i w_i x_ij <= cap_j y_j`` for venues with a finite capacity,
* cardinality: ``sum_j y_j = p``.

Identical demand rows (same candidates, coefficients and slack cost) are merged first; the
merge is exact because any split of the merged weight maps back to the members.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from venues.arrays import ranges
from venues.milp import Milp, MilpOutcome, RowBuilder, solve
from venues.problem import BoolArray, FloatArray, IntArray, Problem
from venues.reduce import RowGroups, group_rows
from venues.result import Split


@dataclass(frozen=True)
class AssignSpec:
    """Which pairs enter the model and with what objective coefficient per unit weight.

    ``pairs`` and ``coef`` are aligned with the problem's pair arrays. ``beyond`` (per demand)
    enables the slack u_i with that cost; ``must_serve`` turns the demand rows into equalities.
    """

    pairs: BoolArray
    coef: FloatArray
    p: int
    maximize: bool
    must_serve: bool = False
    beyond: FloatArray | None = None
    use_capacity: bool = True


@dataclass(frozen=True)
class AssignOutcome:
    milp: MilpOutcome
    selected: BoolArray
    split: Split
    slack: FloatArray  # per demand share left to the slack u_i (0 without slack)


def solve_assignment(
    problem: Problem, spec: AssignSpec, *, time_limit: float | None, mip_gap: float
) -> AssignOutcome | None:
    """Build, solve and decode the assignment MILP; ``None`` when HiGHS proves it infeasible."""
    layout = _Layout.of(problem, spec)
    milp = _model(problem, spec, layout)
    out = solve(milp, time_limit=time_limit, mip_gap=mip_gap)
    if out.x is None:
        return None
    m = problem.n_candidates
    selected = out.x[:m] > 0.5
    x = np.clip(out.x[m : m + layout.n_entries], 0.0, 1.0)
    split = layout.split(problem, x)
    slack = np.zeros(problem.n_demand)
    if spec.beyond is not None:
        u = out.x[m + layout.n_entries :]
        members = layout.groups.group >= 0
        slack[members] = u[layout.groups.group[members]]
    return AssignOutcome(out, selected, split, slack)


@dataclass(frozen=True)
class _Layout:
    """Masked pairs as a column-sorted CSR whose data are pair positions, plus row groups."""

    csr: sp.csr_array
    groups: RowGroups
    entry_start: IntArray  # first model entry of each group

    @property
    def n_entries(self) -> int:
        return int(self.entry_start[-1])

    @classmethod
    def of(cls, problem: Problem, spec: AssignSpec) -> _Layout:
        mask = spec.pairs & (problem.weights[problem.pair_demand] > 0)
        positions = np.arange(len(problem.pair_cost), dtype=np.float64)
        csr = problem.csr(mask, positions)
        csr.sort_indices()
        pos = csr.data.astype(np.int64)
        groups = group_rows(csr, problem.weights, values=spec.coef[pos], row_extra=spec.beyond)
        lens = np.diff(csr.indptr)[groups.rep]
        entry_start = np.concatenate(([0], np.cumsum(lens))).astype(np.int64)
        return cls(csr, groups, entry_start)

    def rep_entries(self) -> tuple[IntArray, IntArray, IntArray]:
        """(group, candidate, pair position) of every model entry, in entry order."""
        lens = np.diff(self.entry_start)
        starts = self.csr.indptr[self.groups.rep]
        idx = ranges(starts, lens)
        g = np.repeat(np.arange(len(lens)), lens)
        return g, self.csr.indices[idx].astype(np.int64), self.csr.data[idx].astype(np.int64)

    def split(self, problem: Problem, x: FloatArray) -> Split:
        """Expand the group fractions to every member demand point."""
        rows = np.flatnonzero(self.groups.group >= 0)
        lens = np.diff(self.csr.indptr)[rows]
        idx = ranges(self.csr.indptr[rows], lens)
        within = idx - np.repeat(self.csr.indptr[rows], lens)
        entry = np.repeat(self.entry_start[self.groups.group[rows]], lens) + within
        pos = self.csr.data[idx].astype(np.int64)
        return Split(
            demand=np.repeat(rows, lens),
            candidate=self.csr.indices[idx].astype(np.int64),
            cost=problem.pair_cost[pos],
            fraction=x[entry],
        )


def _model(problem: Problem, spec: AssignSpec, layout: _Layout) -> Milp:
    m, groups = problem.n_candidates, layout.groups
    g, cand, pos = layout.rep_entries()
    n_e, n_g = len(g), groups.n_groups
    n_u = n_g if spec.beyond is not None else 0
    xcol = m + np.arange(n_e)
    rb = RowBuilder(m + n_e + n_u)
    serve_lo = 1.0 if spec.must_serve else -np.inf
    rows = [g, np.arange(n_u)] if n_u else [g]
    cols = [xcol, m + n_e + np.arange(n_u)] if n_u else [xcol]
    rb.add(np.concatenate(rows), np.concatenate(cols), 1.0, np.full(n_g, serve_lo), 1.0)
    link = np.arange(n_e)
    rb.add(
        np.r_[link, link],
        np.r_[xcol, cand],
        np.r_[np.ones(n_e), -np.ones(n_e)],
        np.full(n_e, -np.inf),
        0.0,
    )
    if spec.use_capacity and problem.capacity is not None:
        _capacity_rows(rb, problem, groups, g, cand, xcol)
    rb.add(np.zeros(m), np.arange(m), 1.0, [float(spec.p)], float(spec.p))
    matrix, lo, hi = rb.matrix()
    cost = np.zeros(m + n_e + n_u)
    cost[xcol] = groups.weight[g] * spec.coef[pos]
    col_hi = np.ones(m + n_e + n_u)
    col_hi[:m] = problem.active.astype(np.float64)
    if n_u and spec.beyond is not None:
        beyond = spec.beyond[groups.rep]
        open_slack = np.isfinite(beyond)  # an infinite slack cost means the row is complete
        cost[m + n_e :] = groups.weight * np.where(open_slack, beyond, 0.0)
        col_hi[m + n_e :] = open_slack.astype(np.float64)
    col_lo = np.zeros(m + n_e + n_u)
    col_lo[:m] = problem.required.astype(np.float64)
    integer = np.zeros(m + n_e + n_u, dtype=bool)
    integer[:m] = True
    return Milp(cost, matrix, lo, hi, col_lo, col_hi, integer, spec.maximize)


def _capacity_rows(
    rb: RowBuilder, problem: Problem, groups: RowGroups, g: IntArray, cand: IntArray, xcol: IntArray
) -> None:
    """``sum_i w_i x_ij - cap_j y_j <= 0`` for every venue with a finite capacity."""
    assert problem.capacity is not None
    cap = problem.capacity
    finite = np.flatnonzero(np.isfinite(cap) & problem.active)
    row_of = np.full(problem.n_candidates, -1, dtype=np.int64)
    row_of[finite] = np.arange(len(finite))
    keep = row_of[cand] >= 0
    rows = np.r_[row_of[cand[keep]], np.arange(len(finite))]
    cols = np.r_[xcol[keep], finite]
    vals = np.r_[groups.weight[g[keep]], -cap[finite]]
    rb.add(rows, cols, vals, np.full(len(finite), -np.inf), 0.0)
