"""Thin, deterministic wrapper around the HiGHS Python API.

The models build a column-wise sparse matrix with numpy index arrays and hand it to HiGHS in
one ``passModel`` call; adding rows or variables one by one from Python is what makes
pulp-based tools slow on 10^4 × 10^3 instances. HiGHS runs single-threaded with a fixed random
seed so that the same model always yields the same solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from venues import limits
from venues.errors import SolverError
from venues.problem import BoolArray, FloatArray, IntArray

INF = highspy.kHighsInf


@dataclass(frozen=True)
class Milp:
    """``max/min cost·x`` s.t. ``row_lower <= A x <= row_upper``, bounds and integrality."""

    cost: FloatArray
    matrix: sp.csc_array
    row_lower: FloatArray
    row_upper: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    integer: BoolArray
    maximize: bool
    offset: float = 0.0


@dataclass(frozen=True)
class MilpOutcome:
    """Solution of a :class:`Milp`: ``status`` is optimal, time_limit or infeasible."""

    status: str
    x: FloatArray | None
    objective: float
    bound: float | None
    runtime_s: float


def solve(
    model: Milp,
    *,
    time_limit: float | None = None,
    mip_gap: float = 1e-6,
    relax: bool = False,
    ipm: bool = False,
    start: FloatArray | None = None,
) -> MilpOutcome:
    """Solve with HiGHS; ``relax`` drops integrality (LP bound), ``ipm`` uses interior point.

    ``start`` is a complete feasible point handed to HiGHS as incumbent, which lets it prune
    with reduced costs from the first node on.
    """
    began = time.perf_counter()
    limits.check()
    h = _configured(time_limit, mip_gap, ipm)
    _interruptible(h)
    h.passModel(_as_lp(model, relax))
    if start is not None and not relax:
        sol = highspy.HighsSolution()
        sol.col_value = list(np.asarray(start, dtype=np.float64))
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    limits.check()  # an interrupted run is a withdrawn request, not an answer
    status = h.getModelStatus()
    info = h.getInfo()
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return MilpOutcome("infeasible", None, float("nan"), None, time.perf_counter() - began)
    has_x = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    if not has_x:
        raise SolverError(
            f"HiGHS stopped with status '{h.modelStatusToString(status)}' and no solution"
        )
    x = np.asarray(h.getSolution().col_value, dtype=np.float64)
    objective = float(info.objective_function_value)
    bound = objective if relax else float(info.mip_dual_bound)
    label = "optimal" if status == highspy.HighsModelStatus.kOptimal else "time_limit"
    return MilpOutcome(label, x, objective, bound, time.perf_counter() - began)


def _interruptible(h: highspy.Highs) -> None:
    """Let the running solve's cancel event stop HiGHS at its next interrupt check."""
    event = limits.current()
    if event is None:
        return

    def interrupt(e: highspy.HighsCallbackEvent) -> None:
        if event.is_set():
            e.interrupt()

    for callback in (h.cbSimplexInterrupt, h.cbIpmInterrupt, h.cbMipInterrupt):
        callback.subscribe(interrupt)


def _configured(time_limit: float | None, mip_gap: float, ipm: bool) -> highspy.Highs:
    h = highspy.Highs()
    for name, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", mip_gap),
        ("mip_abs_gap", 1e-9),
    ):
        h.setOptionValue(name, value)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    if ipm:
        h.setOptionValue("solver", "ipm")
    return h


def _as_lp(model: Milp, relax: bool) -> highspy.HighsLp:
    csc = sp.csc_array(model.matrix)
    lp = highspy.HighsLp()
    lp.num_col_ = csc.shape[1]
    lp.num_row_ = csc.shape[0]
    lp.col_cost_ = np.asarray(model.cost, dtype=np.float64)
    lp.col_lower_ = np.asarray(model.col_lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(model.col_upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(model.row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(model.row_upper, dtype=np.float64)
    lp.offset_ = float(model.offset)
    lp.sense_ = highspy.ObjSense.kMaximize if model.maximize else highspy.ObjSense.kMinimize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = csc.shape[1]
    lp.a_matrix_.num_row_ = csc.shape[0]
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(np.float64)
    if not relax and model.integer.any():
        kinds = [highspy.HighsVarType.kContinuous] * csc.shape[1]
        for j in np.flatnonzero(model.integer):
            kinds[int(j)] = highspy.HighsVarType.kInteger
        lp.integrality_ = kinds
    return lp


class RowBuilder:
    """Collects constraint blocks given as (row, col, value) triplets with numbered rows.

    Each block numbers its rows from 0 and states how many it has, so blocks can be written
    independently with vectorised numpy and stacked once into a CSC matrix for HiGHS.
    """

    def __init__(self, n_cols: int) -> None:
        self.n_cols = n_cols
        self.n_rows = 0
        self._parts: list[tuple[IntArray, IntArray, FloatArray]] = []
        self._lower: list[FloatArray] = []
        self._upper: list[FloatArray] = []

    def add(
        self,
        rows: ArrayLike,
        cols: ArrayLike,
        vals: ArrayLike,
        lower: ArrayLike,
        upper: ArrayLike,
    ) -> None:
        """Append a block; ``lower``/``upper`` have one entry per block row."""
        lo = np.atleast_1d(np.asarray(lower, dtype=np.float64))
        hi = np.broadcast_to(np.asarray(upper, dtype=np.float64), lo.shape).copy()
        r = np.asarray(rows, dtype=np.int64) + self.n_rows
        c = np.asarray(cols, dtype=np.int64)
        v = np.broadcast_to(np.asarray(vals, dtype=np.float64), c.shape)
        self._parts.append((r, c, v))
        self._lower.append(lo)
        self._upper.append(hi)
        self.n_rows += len(lo)

    def matrix(self) -> tuple[sp.csc_array, FloatArray, FloatArray]:
        """The stacked matrix and its row bounds."""
        rows = np.concatenate([p[0] for p in self._parts]) if self._parts else np.zeros(0, int)
        cols = np.concatenate([p[1] for p in self._parts]) if self._parts else np.zeros(0, int)
        vals = np.concatenate([p[2] for p in self._parts]) if self._parts else np.zeros(0)
        shape = (self.n_rows, self.n_cols)
        csc = sp.csc_array(sp.coo_array((vals, (rows, cols)), shape=shape))
        lower = np.concatenate(self._lower) if self._lower else np.zeros(0)
        upper = np.concatenate(self._upper) if self._upper else np.zeros(0)
        return csc, lower, upper
