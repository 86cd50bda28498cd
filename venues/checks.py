"""Up-front checks that turn impossible requests into errors a coordinator can act on.

They run before any model is built, so an impossible request fails in milliseconds with a
message naming the numbers involved instead of surfacing later as "infeasible" from HiGHS.
"""

from __future__ import annotations

import math

import numpy as np

from venues.errors import InfeasibleRequestError, InvalidInputError, figure
from venues.problem import Problem


def check_p(problem: Problem, p: int) -> None:
    """p must be positive, at most the open-able candidates and at least the required venues."""
    if isinstance(p, bool) or not isinstance(p, int | np.integer):
        raise InvalidInputError(f"p must be a whole number, got {p!r}")
    if p <= 0:
        raise InvalidInputError(f"p must be at least 1, got {p}")
    n_active = int(problem.active.sum())
    if p > n_active:
        n_exc = int(problem.excluded.sum())
        raise InfeasibleRequestError(
            f"p={p} is larger than the {n_active} candidates available "
            f"({problem.n_candidates} candidates, {n_exc} excluded); ask for at most {n_active}",
            key="venues.err.p_too_large", p=p, available=n_active,
            candidates=problem.n_candidates, excluded=n_exc,
        )  # fmt: skip
    n_req = int(problem.required.sum())
    if n_req > p:
        raise InfeasibleRequestError(
            f"{n_req} venues are required but p={p}; raise p to at least {n_req} or require fewer",
            key="venues.err.required_over_p",
            required=n_req,
            p=p,
        )


def check_radius(radius: float) -> None:
    if not isinstance(radius, int | float | np.number) or math.isnan(radius) or radius < 0:
        raise InvalidInputError(f"radius must be a number >= 0, got {radius!r}")


def check_within_reach(problem: Problem, radius: float) -> None:
    """Fail when no positive-weight demand point has any active candidate within the radius."""
    mask = problem.pair_mask(radius)
    if (problem.weights[problem.pair_demand[mask]] > 0).any():
        return
    active_pairs = problem.pair_mask()
    weighted = problem.weights[problem.pair_demand[active_pairs]] > 0
    if not weighted.any():
        raise InfeasibleRequestError(
            "nothing within reach: no demand point with weight > 0 can reach any "
            "non-excluded candidate at all",
            key="venues.err.unreachable",
        )
    nearest = float(problem.pair_cost[active_pairs][weighted].min())
    raise InfeasibleRequestError(
        f"nothing within reach: no demand point is within r={radius:g} of any non-excluded "
        f"candidate; the smallest demand-to-candidate cost is {nearest:g}",
        key="venues.err.out_of_reach", radius=figure(radius), nearest=figure(nearest),
    )  # fmt: skip


def check_share(share: float) -> None:
    if not isinstance(share, int | float | np.number) or not 0 < share <= 1:
        raise InvalidInputError(f"share must be in (0, 1], got {share!r}")


def check_capacity(problem: Problem, p: int, weight: float) -> None:
    """Capacitated assignment needs enough room among the p largest open-able venues."""
    if problem.capacity is None:
        return
    cap = np.where(problem.active, problem.capacity, 0.0)
    optional = np.sort(cap[problem.active & ~problem.required])[::-1]
    slots = max(0, p - int(problem.required.sum()))
    room = float(cap[problem.required].sum() + optional[:slots].sum())
    if room + 1e-9 * max(1.0, weight) < weight:
        raise InfeasibleRequestError(
            f"capacity too small: demand weight {weight:g} must be assigned but p={p} venues "
            f"can hold at most {room:g} (total capacity of all candidates "
            f"{float(cap.sum()):g}); raise p or capacities",
            key="venues.err.capacity", weight=figure(weight), p=p, room=figure(room),
            total=figure(float(cap.sum())),
        )  # fmt: skip
