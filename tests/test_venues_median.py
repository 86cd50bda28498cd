"""p-median and p-center: known answers, capacities, unreachable demand, errors, brute force.

Same hand-made instance as test_venues_coverage (None = unreachable pair). Expected totals were
worked out by enumerating all venue pairs/triples by hand; e.g. p-median p=2 {B, D}:
10·600 + 20·200 + 30·450 + 15·400 + 25·100 = 32,000.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.venues_hand import COSTS, DEMAND, VENUES, WEIGHTS, N, hand
from venues import (
    InfeasibleRequestError,
    InvalidInputError,
    Problem,
    median,
    median_search,
    solve_pcenter,
    solve_pmedian,
)


@pytest.mark.parametrize(
    ("p", "selected", "total"),
    [(1, ("C",), 61_500.0), (2, ("B", "D"), 32_000.0), (3, ("A", "B", "D"), 27_000.0)],
)
@pytest.mark.parametrize("heuristic", [False, True])
def test_pmedian_known_answers(
    p: int, selected: tuple[str, ...], total: float, heuristic: bool
) -> None:
    res = solve_pmedian(hand(), p, heuristic=heuristic)
    assert res.selected == selected
    assert res.objective == pytest.approx(total)
    assert res.mean_cost == pytest.approx(total / 100)
    assert res.covered_weight == 100.0
    assert res.bound is not None and res.bound <= total + 1e-6


def test_pmedian_assignment_goes_to_nearest_open_venue() -> None:
    res = solve_pmedian(hand(), 2)
    assert res.assignment == {"d1": "B", "d2": "B", "d3": "B", "d4": "D", "d5": "D"}
    assert res.max_cost == 600.0
    assert res.venue_load == {"B": 60.0, "D": 40.0}


def test_pmedian_required_and_excluded() -> None:
    # C forced open: best partner is B (d1 600, d2 200, d3 450, d4 250, d5 650).
    res = solve_pmedian(hand(required=["C"]), 2)
    assert res.selected == ("B", "C")
    assert res.objective == pytest.approx(43_500.0)
    no_b = solve_pmedian(hand(excluded=["B"]), 2)
    assert no_b.selected == ("A", "D") and no_b.objective == pytest.approx(40_500.0)


def test_unreachable_demand_is_left_out_and_reported() -> None:
    costs = np.vstack([COSTS, [N, N, N, N]])
    prob = Problem.from_matrix([*DEMAND, "d6"], [*WEIGHTS, 5.0], VENUES, costs)
    res = solve_pmedian(prob, 2)
    assert res.selected == ("B", "D") and res.objective == pytest.approx(32_000.0)
    assert res.unreachable_count == 1 and res.unreachable_weight == 5.0
    assert res.assignment["d6"] is None
    assert any("cannot reach any" in note for note in res.notes)
    assert res.covered_share == pytest.approx(100 / 105)


def test_capacitated_pmedian_splits_demand() -> None:
    # All three prefer X; X holds 15 of 30. Cheapest overflow: d3 (+1/unit) then 5 units of d1/d2
    # (+4/unit): 40 + 10 + 20 = 70.
    cost = np.array([[1.0, 5.0], [1.0, 5.0], [2.0, 3.0]])
    prob = Problem.from_matrix(
        ["d1", "d2", "d3"], [10, 10, 10], ["X", "Y"], cost, capacity=[15.0, np.inf]
    )
    res = solve_pmedian(prob, 2)
    assert res.objective == pytest.approx(70.0)
    assert res.venue_load == pytest.approx({"X": 15.0, "Y": 15.0})
    assert res.assignment["d3"] == "Y"
    assert res.assignment_shares is not None
    assert sum(res.assignment_shares["d1"].values()) == pytest.approx(1.0)
    uncapped = solve_pmedian(
        Problem.from_matrix(["d1", "d2", "d3"], [10, 10, 10], ["X", "Y"], cost), 2
    )
    assert uncapped.objective == pytest.approx(40.0)


def test_capacity_too_small() -> None:
    cost = np.array([[1.0, 5.0], [1.0, 5.0], [2.0, 3.0]])
    prob = Problem.from_matrix(
        ["d1", "d2", "d3"], [10, 10, 10], ["X", "Y"], cost, capacity=[10.0, 10.0]
    )
    with pytest.raises(InfeasibleRequestError, match=r"capacity too small.*30.*at most 20"):
        solve_pmedian(prob, 2)


def test_pmedian_p_too_small_to_reach_everyone() -> None:
    cost = np.array([[1.0, N], [N, 2.0]])
    prob = Problem.from_matrix(["d1", "d2"], [1, 1], ["X", "Y"], cost)
    with pytest.raises(InfeasibleRequestError, match="cannot serve every demand point"):
        solve_pmedian(prob, 1)
    with pytest.raises(InfeasibleRequestError, match="cannot serve every demand point"):
        solve_pcenter(prob, 1)
    assert solve_pmedian(prob, 2).objective == 3.0


@pytest.mark.parametrize(
    ("p", "selected", "radius"),
    [(1, ("C",), 900.0), (2, ("B", "D"), 600.0), (3, ("A", "B", "D"), 450.0)],
)
@pytest.mark.parametrize("heuristic", [False, True])
def test_pcenter_known_answers(
    p: int, selected: tuple[str, ...], radius: float, heuristic: bool
) -> None:
    res = solve_pcenter(hand(), p, heuristic=heuristic)
    assert res.selected == selected
    assert res.objective == radius and res.max_cost == radius
    assert res.bound is not None and res.bound <= radius


def test_pcenter_ignores_zero_weight_points() -> None:
    costs = np.vstack([COSTS, [5000.0, 5000.0, 5000.0, 5000.0]])
    prob = Problem.from_matrix([*DEMAND, "d0"], [*WEIGHTS, 0.0], VENUES, costs)
    assert solve_pcenter(prob, 2).objective == 600.0


def test_errors() -> None:
    with pytest.raises(InfeasibleRequestError, match="p=5 is larger"):
        solve_pmedian(hand(), 5)
    with pytest.raises(InvalidInputError, match="p must be at least 1"):
        solve_pcenter(hand(), 0)
    with pytest.raises(InfeasibleRequestError, match="larger than the 0 candidates"):
        solve_pmedian(hand(excluded=["A", "B", "C", "D"]), 1)
    nowhere = Problem.from_matrix(DEMAND, WEIGHTS, VENUES, np.full((5, 4), np.nan))
    with pytest.raises(InfeasibleRequestError, match="nothing within reach"):
        solve_pmedian(nowhere, 1)


def _brute(cost: np.ndarray, w: np.ndarray, p: int) -> tuple[float, float]:
    best_sum, best_max = np.inf, np.inf
    for s in itertools.combinations(range(cost.shape[1]), p):
        near = cost[:, list(s)].min(axis=1)
        best_sum = min(best_sum, float((w * near).sum()))
        best_max = min(best_max, float(near[w > 0].max()))
    return best_sum, best_max


@pytest.mark.parametrize("seed", range(6))
def test_pmedian_and_pcenter_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n, m, p = 30, 8, 1 + seed % 4
    pts, sites = rng.uniform(0, 10, (n, 2)), rng.uniform(0, 10, (m, 2))
    cost = np.round(np.linalg.norm(pts[:, None] - sites[None], axis=2), 1)
    w = rng.integers(1, 9, n).astype(float)
    prob = Problem.from_matrix([f"d{i}" for i in range(n)], w, [f"c{j}" for j in range(m)], cost)
    total, worst = _brute(cost, w, p)
    assert solve_pmedian(prob, p).objective == pytest.approx(total)
    assert solve_pcenter(prob, p).objective == pytest.approx(worst)


def _random(seed: int, n: int = 40, m: int = 9) -> tuple[Problem, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(200 + seed)
    pts, sites = rng.uniform(0, 10, (n, 2)), rng.uniform(0, 10, (m, 2))
    cost = np.round(np.linalg.norm(pts[:, None] - sites[None], axis=2), 1)
    w = rng.integers(1, 9, n).astype(float)
    ids = [f"d{i}" for i in range(n)]
    return Problem.from_matrix(ids, w, [f"c{j}" for j in range(m)], cost), cost, w


@pytest.mark.parametrize("seed", range(5))
def test_truncated_rounds_widen_until_optimal(seed: int) -> None:
    # One kept pair per demand point is far too few: the rounds must widen and still end
    # at the brute-force optimum (the path taken when the Lagrangian bound does not close).
    prob, cost, w = _random(seed)
    p = 2 + seed % 3
    out = median._rounds(prob, p, None, None, None, 1e-9, k=np.ones(prob.n_demand, dtype=np.int64))
    assert out.status == "optimal"
    assert out.objective == pytest.approx(_brute(cost, w, p)[0])


@pytest.mark.parametrize("seed", range(5))
def test_lagrangian_fixings_keep_an_optimal_selection(seed: int) -> None:
    prob, cost, w = _random(seed)
    p = 3
    search = median_search.pmedian(prob, p, None)
    best = _brute(cost, w, p)[0]
    must_open = set(np.flatnonzero(search.opened).tolist())
    allowed = [
        s
        for s in itertools.combinations(range(prob.n_candidates), p)
        if not search.closed[list(s)].any() and must_open <= set(s)
    ]
    # candidate indices of the problem are in id order, the same as the matrix here (c0..c8)
    assert min(float((w * cost[:, list(s)].min(axis=1)).sum()) for s in allowed) == pytest.approx(
        best
    )
    assert search.lower is not None and search.lower <= best + 1e-6
