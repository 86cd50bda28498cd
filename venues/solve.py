"""One entry point for callers that pick the model at run time (CLI, web routes).

It is also where the solve's bounds apply (:class:`venues.limits.Limits`): impossible p-median
and p-center requests are proven impossible before any MILP (:mod:`venues.precheck`), a
problem above the size bound gets the heuristic's answer directly, an exact solve that runs out
of time returns the best answer it has, and both say so in ``Result.method``/``reason`` with
the gap to a proven bound.
"""

from __future__ import annotations

from dataclasses import replace

from venues import checks, limits, precheck
from venues.center import solve_pcenter
from venues.coverage import solve_lscp, solve_mclp
from venues.decay import Decay
from venues.errors import InvalidInputError, SolverError
from venues.limits import Limits
from venues.median import solve_pmedian
from venues.problem import Problem
from venues.result import Result

MODELS: tuple[str, ...] = ("mclp", "lscp", "pmedian", "pcenter")


def solve(
    problem: Problem,
    model: str,
    *,
    p: int | None = None,
    radius: float | None = None,
    share: float = 1.0,
    decay: Decay | None = None,
    heuristic: bool = False,
    time_limit: float | None = None,
    bounds: Limits | None = None,
) -> Result:
    """Run ``model`` after checking that the options it needs were given.

    ``time_limit`` (seconds) overrides ``bounds.time_limit_s``; ``bounds.cancel`` stops the
    solve with :class:`venues.limits.SolveCancelled`.
    """
    _check_options(model, p, radius, decay)
    bounds = bounds or Limits()
    seconds = bounds.time_limit_s if time_limit is None else time_limit
    with limits.cancelling(bounds.cancel):
        if model in ("pmedian", "pcenter"):
            assert p is not None
            _precheck(problem, p)
        options = _Options(model, p, radius, share, decay, seconds)
        if heuristic:
            return replace(options.run(problem, True), method="heuristic")
        if bounds.too_large(problem.n_demand, problem.n_candidates) and problem.capacity is None:
            return _fallback(options.run(problem, True), "size")
        try:
            result = options.run(problem, False)
        except SolverError:
            if seconds is None or problem.capacity is not None:
                raise
            return _fallback(options.run(problem, True), "time")  # no incumbent in time
    if result.status == "time_limit":
        return _fallback(result, "time")
    return result


def _check_options(model: str, p: int | None, radius: float | None, decay: Decay | None) -> None:
    if model not in MODELS:
        raise InvalidInputError(f"unknown model '{model}'; choose one of {', '.join(MODELS)}")
    needs_p = model in ("mclp", "pmedian", "pcenter")
    needs_r = model in ("mclp", "lscp")
    if needs_p and p is None:
        raise InvalidInputError(f"{model} needs p (the number of venues)", key="venues.err.needs_p")
    if needs_r and radius is None:
        raise InvalidInputError(f"{model} needs a radius r", key="venues.err.needs_radius")
    if decay is not None and model != "mclp":
        raise InvalidInputError("distance decay applies to mclp only")


def _precheck(problem: Problem, p: int) -> None:
    """Models that must serve all reachable demand: capacity and cover proofs, before a MILP."""
    checks.check_p(problem, p)
    checks.check_within_reach(problem, float("inf"))
    served = problem.weights[problem.reachable_demand()].sum()
    checks.check_capacity(problem, p, float(served))
    precheck.check_cover(problem, p)


def _fallback(result: Result, reason: str) -> Result:
    """The heuristic's (or the stopped solver's) answer, marked as such with its gap."""
    return replace(result, method="heuristic", reason=reason)


class _Options:
    """The model and its options, so the exact and the heuristic run share one call."""

    def __init__(
        self,
        model: str,
        p: int | None,
        radius: float | None,
        share: float,
        decay: Decay | None,
        time_limit: float | None,
    ) -> None:
        self.model, self.p, self.radius = model, p, radius
        self.share, self.decay, self.time_limit = share, decay, time_limit

    def run(self, problem: Problem, heuristic: bool) -> Result:
        limit = self.time_limit
        if self.model == "mclp":
            assert self.p is not None and self.radius is not None
            return solve_mclp(problem, self.p, self.radius, decay=self.decay,
                              heuristic=heuristic, time_limit=limit)  # fmt: skip
        if self.model == "lscp":
            assert self.radius is not None
            return solve_lscp(problem, self.radius, share=self.share, heuristic=heuristic,
                              time_limit=limit)  # fmt: skip
        assert self.p is not None
        if self.model == "pmedian":
            return solve_pmedian(problem, self.p, heuristic=heuristic, time_limit=limit)
        return solve_pcenter(problem, self.p, heuristic=heuristic, time_limit=limit)
