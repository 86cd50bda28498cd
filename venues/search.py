"""Greedy, swap local search and Lagrangian bound for "max sum_i w_i max_{j in S} v_ij".

MCLP (v = 1 or a decay factor within r), p-median (v = M - c) and the rotation plan are all
this one objective, so one vectorised engine serves them. Everything works on flat entry
arrays (row, col, value) of a sparse matrix whose duplicate rows were merged; each step is a
handful of numpy passes over the entries, never a Python loop over pairs.

* Greedy is incremental: when a venue is added, only the gains of candidates sharing a
  changed row are updated, so a whole greedy run touches each entry a few times. The
  objective is monotone submodular, hence greedy is within (1 - 1/e) of optimal.
* Swap (interchange) evaluates every (out, in) pair at once from the best and second-best
  selected value of each row (the Whitaker / Resende-Werneck bookkeeping) and applies the best
  improving swap until none is left.
* The Lagrangian relaxation of ``sum_j x_ij <= 1`` gives the upper bound
  ``L(lam) = sum_i lam_i + top_p_j sum_i max(0, w_i v_ij - lam_i)`` for any lam >= 0;
  subgradient steps (Polyak, target = the heuristic objective) drive it towards the LP bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from venues import limits
from venues.arrays import ranges, wsum
from venues.problem import BoolArray, FloatArray, IntArray


@dataclass(frozen=True)
class ValueRows:
    """Merged rows: entry arrays (row, col, val) in CSR order, row weights, a CSC view."""

    row: IntArray
    col: IntArray
    val: FloatArray
    indptr: IntArray
    weight: FloatArray
    n_cols: int
    csc: sp.csc_array

    @classmethod
    def of(cls, matrix: sp.csr_array, weight: FloatArray) -> ValueRows:
        csr = sp.csr_array(matrix)
        lens = np.diff(csr.indptr)
        row = np.repeat(np.arange(csr.shape[0], dtype=np.int64), lens)
        csc = sp.csc_array((csr.data.astype(np.float64), (row, csr.indices)), shape=csr.shape)
        return cls(
            row,
            csr.indices.astype(np.int64),
            csr.data.astype(np.float64),
            csr.indptr.astype(np.int64),
            weight,
            csr.shape[1],
            csc,
        )

    @property
    def n_rows(self) -> int:
        return len(self.weight)

    def objective(self, selected: BoolArray) -> float:
        best = np.zeros(self.n_rows)
        e = selected[self.col]
        np.maximum.at(best, self.row[e], self.val[e])
        return float((self.weight * best).sum())


def greedy(
    vr: ValueRows, p: int, required: BoolArray, allowed: BoolArray
) -> tuple[IntArray, FloatArray]:
    """Venues in greedy order (required first, by index) and the gain of each pick."""
    cur = np.zeros(vr.n_rows)
    gains = wsum(vr.col, vr.weight[vr.row] * vr.val, vr.n_cols)
    open_ = np.zeros(vr.n_cols, dtype=bool)
    order: list[int] = []
    picked: list[float] = []
    forced = list(np.flatnonzero(required))
    while len(order) < p:
        limits.check()
        if forced:
            j = int(forced.pop(0))
        else:
            masked = np.where(allowed & ~open_, gains, -np.inf)
            j = int(np.argmax(masked))
        picked.append(float(gains[j]))
        order.append(j)
        open_[j] = True
        _raise_rows(vr, cur, gains, j)
    return np.asarray(order, dtype=np.int64), np.asarray(picked)


def _raise_rows(vr: ValueRows, cur: FloatArray, gains: FloatArray, j: int) -> None:
    """Open venue j: lift the rows it improves and update the gains of their other venues."""
    lo, hi = vr.csc.indptr[j], vr.csc.indptr[j + 1]
    rows, vals = vr.csc.indices[lo:hi], vr.csc.data[lo:hi]
    up = vals > cur[rows]
    rows, new = rows[up], vals[up]
    if not len(rows):
        return
    old = cur[rows]
    lens = vr.indptr[rows + 1] - vr.indptr[rows]
    idx = ranges(vr.indptr[rows], lens)
    v = vr.val[idx]
    w = np.repeat(vr.weight[rows], lens)
    delta = w * (
        np.maximum(0.0, v - np.repeat(new, lens)) - np.maximum(0.0, v - np.repeat(old, lens))
    )
    gains += wsum(vr.col[idx], delta, vr.n_cols)
    cur[rows] = new


def _top2(vr: ValueRows, selected: BoolArray) -> tuple[FloatArray, IntArray, FloatArray]:
    """Best value, its venue (-1 if none) and second-best value of each row among ``selected``."""
    e = np.flatnonzero(selected[vr.col])
    r, v, c = vr.row[e], vr.val[e], vr.col[e]
    order = np.lexsort((c, -v, r))
    r, v, c = r[order], v[order], c[order]
    first = np.r_[True, r[1:] != r[:-1]] if len(r) else np.zeros(0, dtype=bool)
    second = ~first & np.r_[False, first[:-1]] if len(r) else first
    b1, b2 = np.zeros(vr.n_rows), np.zeros(vr.n_rows)
    who = np.full(vr.n_rows, -1, dtype=np.int64)
    b1[r[first]], who[r[first]] = v[first], c[first]
    b2[r[second]] = v[second]
    return b1, who, b2


def swap(
    vr: ValueRows,
    selected: BoolArray,
    required: BoolArray,
    allowed: BoolArray,
    deadline: float | None = None,
    max_rounds: int = 10_000,
) -> BoolArray:
    """Best-improvement interchange until no swap improves the objective (or time is up)."""
    sel = selected.copy()
    tol = 1e-9 * max(1.0, float(vr.weight.sum()) * float(vr.val.max(initial=0.0)))
    for _ in range(max_rounds):
        limits.check()
        if deadline is not None and time.perf_counter() > deadline:
            break
        delta, out_idx = _swap_deltas(vr, sel, required, allowed)
        best = int(np.argmax(delta))
        if delta.flat[best] <= tol:
            break
        j, k = divmod(best, vr.n_cols)
        sel[out_idx[j]] = False
        sel[k] = True
    return sel


def _swap_deltas(
    vr: ValueRows, sel: BoolArray, required: BoolArray, allowed: BoolArray
) -> tuple[FloatArray, IntArray]:
    """delta[s, k]: objective change of swapping the s-th selected venue for venue k."""
    m = vr.n_cols
    out_idx = np.flatnonzero(sel)
    slot = np.full(m, -1, dtype=np.int64)
    slot[out_idx] = np.arange(len(out_idx))
    b1, who, b2 = _top2(vr, sel)
    w_e = vr.weight[vr.row]
    gain = wsum(vr.col, w_e * np.maximum(0.0, vr.val - b1[vr.row]), m)
    has = who >= 0
    loss = wsum(slot[who[has]], vr.weight[has] * (b1[has] - b2[has]), len(out_idx))
    owner = who[vr.row]
    e = (owner >= 0) & (vr.val > b2[vr.row])
    extra = w_e[e] * (
        np.maximum(0.0, vr.val[e] - b2[vr.row[e]]) - np.maximum(0.0, vr.val[e] - b1[vr.row[e]])
    )
    corr = wsum(slot[owner[e]] * m + vr.col[e], extra, len(out_idx) * m)
    delta = gain[None, :] - loss[:, None] + corr.reshape(len(out_idx), m)
    delta[required[out_idx], :] = -np.inf
    delta[:, sel | ~allowed] = -np.inf
    return delta, out_idx


def gain_bound(
    vr: ValueRows, selected: BoolArray, p: int, required: BoolArray, allowed: BoolArray
) -> float:
    """Submodular upper bound: F(S) + the p - |required| largest single-venue gains over S.

    Any optimal set T contains the required venues (which S has too), so it adds at most
    p - |required| venues to S, each gaining no more than its gain over S.
    """
    b1, _, _ = _top2(vr, selected)
    gain = wsum(vr.col, vr.weight[vr.row] * np.maximum(0.0, vr.val - b1[vr.row]), vr.n_cols)
    gain = np.where(allowed & ~selected, gain, 0.0)
    k = max(0, p - int(required.sum()))
    top = np.sort(gain)[::-1][:k]
    return float((vr.weight * b1).sum() + top.sum())


@dataclass(frozen=True)
class Lagrange:
    """Best Lagrangian value, the subproblem's open venues and reduced profits rho there."""

    value: float
    open: BoolArray
    rho: FloatArray

    def fixings(
        self, required: BoolArray, allowed: BoolArray, lower: float
    ) -> tuple[BoolArray, BoolArray]:
        """Venues provably closed / open in every solution better than ``lower``.

        Forcing venue j into the subproblem's choice swaps it for the weakest chosen venue
        (value - rho_min + rho_j); forcing a chosen one out swaps in the best unchosen one.
        If that bound is below a known objective ``lower``, no better solution takes that
        decision, so it can be fixed (Lagrangian reduced-cost fixing).
        """
        tol = 1e-9 * max(1.0, abs(lower))
        chosen = self.open & ~required
        free = allowed & ~self.open
        weakest = float(self.rho[chosen].min()) if chosen.any() else np.inf
        strongest = float(self.rho[free].max()) if free.any() else 0.0
        closed = free & (self.value - weakest + self.rho < lower - tol)
        opened = chosen & (self.value - self.rho + strongest < lower - tol)
        return closed, opened


def lagrangian_bound(
    vr: ValueRows,
    p: int,
    required: BoolArray,
    allowed: BoolArray,
    lower: float,
    *,
    iterations: int = 400,
    deadline: float | None = None,
) -> Lagrange:
    """Upper bound on the optimum by subgradient optimisation of the Lagrangian dual.

    The open venues at the best multipliers are a good start for another round of swaps,
    and their reduced profits allow fixing venues (:meth:`Lagrange.fixings`).
    """
    wv = vr.weight[vr.row] * vr.val
    lam = np.zeros(vr.n_rows)
    np.maximum.at(lam, vr.row, wv)
    best = Lagrange(
        float(lam.sum()), _top_p(np.zeros(vr.n_cols), p, required, allowed), np.zeros(vr.n_cols)
    )
    mu, stall = 2.0, 0
    for _ in range(iterations):
        limits.check()
        reduced = np.maximum(0.0, wv - lam[vr.row])
        rho = wsum(vr.col, reduced, vr.n_cols)
        open_ = _top_p(rho, p, required, allowed)
        value = float(lam.sum() + rho[open_].sum())
        if value < best.value - 1e-12 * abs(best.value):
            best, stall = Lagrange(value, open_, rho), 0
        else:
            stall += 1
            if stall >= 15:
                mu, stall = mu / 2, 0
        done = best.value - lower <= 1e-7 * max(abs(best.value), 1.0) or mu < 1e-6
        if done or (deadline is not None and time.perf_counter() > deadline):
            break
        hit = (wv > lam[vr.row]) & open_[vr.col]
        g = 1.0 - wsum(vr.row[hit], None, vr.n_rows)
        norm = float(g @ g)
        if norm == 0:
            break
        lam = np.maximum(0.0, lam - mu * (value - lower) / norm * g)
    return best


def _top_p(rho: FloatArray, p: int, required: BoolArray, allowed: BoolArray) -> BoolArray:
    """Required venues plus the best remaining ones by rho (the Lagrangian subproblem)."""
    open_ = required.copy()
    free = np.flatnonzero(allowed & ~required)
    k = p - int(required.sum())
    if k > 0 and len(free):
        k = min(k, len(free))
        top = free[np.argpartition(-rho[free], k - 1)[:k]]
        open_[top] = True
    return open_
