"""One entry point for callers that pick the model at run time (CLI, web routes)."""

from __future__ import annotations

from venues.center import solve_pcenter
from venues.coverage import solve_lscp, solve_mclp
from venues.decay import Decay
from venues.errors import InvalidInputError
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
) -> Result:
    """Run ``model`` after checking that the options it needs were given."""
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
    if model == "mclp":
        assert p is not None and radius is not None
        return solve_mclp(
            problem, p, radius, decay=decay, heuristic=heuristic, time_limit=time_limit
        )
    if model == "lscp":
        assert radius is not None
        return solve_lscp(problem, radius, share=share, heuristic=heuristic, time_limit=time_limit)
    assert p is not None
    if model == "pmedian":
        return solve_pmedian(problem, p, heuristic=heuristic, time_limit=time_limit)
    return solve_pcenter(problem, p, heuristic=heuristic, time_limit=time_limit)
