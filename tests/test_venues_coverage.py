"""MCLP and LSCP on a hand-made instance with known answers, options and impossible requests.

The instance (also in tests/data/venues): 5 demand points × 4 venues, costs in metres, None =
unreachable. Within r = 500 (inclusive): A covers d1, d2 (d2 at exactly 500), B covers d2, d3,
C covers d4, D covers d4, d5.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.venues_hand import hand
from venues import (
    Decay,
    InfeasibleRequestError,
    InvalidInputError,
    Problem,
    greedy_first_answer,
    solve,
    solve_lscp,
    solve_mclp,
)


@pytest.mark.parametrize(
    ("p", "selected", "covered"),
    [(1, ("B",), 50.0), (2, ("B", "D"), 90.0), (3, ("A", "B", "D"), 100.0)],
)
def test_mclp_known_answers(p: int, selected: tuple[str, ...], covered: float) -> None:
    res = solve_mclp(hand(), p, 500.0)
    assert res.selected == selected
    assert res.objective == pytest.approx(covered)
    assert res.covered_weight == pytest.approx(covered)
    assert res.covered_share == pytest.approx(covered / 100)
    assert res.status == "optimal" and res.solver == "highs"
    assert res.gap == pytest.approx(0.0, abs=1e-9)


def test_mclp_result_details() -> None:
    res = solve_mclp(hand(), 2, 500.0)
    assert res.assignment == {"d1": None, "d2": "B", "d3": "B", "d4": "D", "d5": "D"}
    assert res.venue_load == {"B": 50.0, "D": 40.0}
    assert res.venue_reach == {"B": 50.0, "D": 40.0}
    # mean over covered demand: (20*200 + 30*450 + 15*400 + 25*100) / 90
    assert res.mean_cost == pytest.approx((4000 + 13500 + 6000 + 2500) / 90)
    assert res.max_cost == 450.0
    assert res.unreachable_count == 0  # d1 could reach A, which is not selected
    data = res.to_dict()
    assert data["selected"] == ["B", "D"] and data["objective"] == 90.0


def test_radius_is_inclusive() -> None:
    # Without B, A + D is best; A reaches d2 only because 500 <= r counts as covered.
    at_edge = solve_mclp(hand(excluded=["B"]), 2, 500.0)
    below = solve_mclp(hand(excluded=["B"]), 2, 499.99)
    assert at_edge.selected == ("A", "D") and at_edge.objective == 70.0
    assert below.selected == ("A", "D") and below.objective == 50.0


def test_required_and_excluded() -> None:
    assert solve_mclp(hand(required=["C"]), 2, 500.0).selected == ("B", "C")
    res = solve_mclp(hand(excluded=["B", "D"]), 2, 500.0)
    assert res.selected == ("A", "C") and res.objective == 45.0
    with_flags = hand().with_options(required=["C"], excluded=["D"])
    assert solve_mclp(with_flags, 2, 500.0).selected == ("B", "C")


def _exp(c: float) -> float:
    return 0.5 ** ((c - 200) / 300)


@pytest.mark.parametrize("heuristic", [False, True])
def test_linear_decay_changes_the_choice(heuristic: bool) -> None:
    # weight 1 up to 200 m, falling linearly to 0 at 500 m: D (25 + 15/3 = 30) beats B (20 + 5).
    decay = Decay("linear", start=200.0)
    one = solve_mclp(hand(), 1, 500.0, decay=decay, heuristic=heuristic)
    assert one.selected == ("D",) and one.objective == pytest.approx(30.0)
    assert one.covered_weight == 40.0  # everything within r still counts as covered
    two = solve_mclp(hand(), 2, 500.0, decay=decay, heuristic=heuristic)
    assert two.selected == ("B", "D") and two.objective == pytest.approx(55.0)


def test_exponential_decay() -> None:
    decay = Decay("exponential", start=200.0, end_weight=0.5)
    res = solve_mclp(hand(), 1, 500.0, decay=decay)
    assert res.selected == ("B",)
    assert res.objective == pytest.approx(20 + 30 * _exp(450))


def test_capacitated_mclp_limits_what_a_venue_takes() -> None:
    # B would cover 50 but holds only 25, so D (40, unlimited) wins at p = 1.
    res = solve_mclp(hand(capacity={"B": 25.0}), 1, 500.0)
    assert res.selected == ("D",) and res.covered_weight == pytest.approx(40.0)
    three = solve_mclp(hand(capacity={"B": 25.0}), 3, 500.0)
    assert three.selected == ("A", "B", "D") and three.covered_weight == pytest.approx(95.0)
    assert three.venue_load == pytest.approx({"A": 30.0, "B": 25.0, "D": 40.0})
    assert three.assignment_shares is not None
    assert three.assignment_shares["d3"] == pytest.approx({"B": 25 / 30})


@pytest.mark.parametrize(
    ("share", "selected"), [(1.0, ("A", "B", "D")), (0.9, ("B", "D")), (0.5, ("B",))]
)
def test_lscp_known_answers(share: float, selected: tuple[str, ...]) -> None:
    res = solve_lscp(hand(), 500.0, share=share)
    assert res.selected == selected
    assert res.objective == len(selected)
    assert res.covered_share >= share


def test_lscp_with_required_venue() -> None:
    res = solve_lscp(hand(required=["C"]), 500.0)
    assert res.selected == ("A", "B", "C", "D")


def test_lscp_infeasible_says_how_much_is_out_of_reach() -> None:
    # At r = 300 nothing reaches d3 (weight 30): at most 70 % can be covered.
    with pytest.raises(InfeasibleRequestError) as err:
        solve_lscp(hand(), 300.0)
    msg = str(err.value)
    assert "1 demand points" in msg and "weight 30" in msg and "70.00%" in msg
    with pytest.raises(InfeasibleRequestError, match=r"70\.00%"):
        solve_lscp(hand(), 300.0, share=0.8)
    assert solve_lscp(hand(), 300.0, share=0.7).objective == 4


def test_impossible_requests() -> None:
    with pytest.raises(InfeasibleRequestError, match=r"p=5 is larger than the 4 candidates"):
        solve_mclp(hand(), 5, 500.0)
    with pytest.raises(InfeasibleRequestError, match=r"3 candidates available \(4 candidates, 1"):
        solve_mclp(hand(excluded=["A"]), 4, 500.0)
    with pytest.raises(InfeasibleRequestError, match=r"nothing within reach.*smallest .* 100"):
        solve_mclp(hand(), 2, 50.0)
    with pytest.raises(InvalidInputError, match="p must be at least 1"):
        solve_mclp(hand(), 0, 500.0)
    with pytest.raises(InvalidInputError, match="p must be at least 1"):
        solve_mclp(hand(), -2, 500.0)
    with pytest.raises(InfeasibleRequestError, match="2 venues are required but p=1"):
        solve_mclp(hand(required=["A", "B"]), 1, 500.0)
    with pytest.raises(InvalidInputError, match="radius must be a number >= 0"):
        solve_mclp(hand(), 1, -1.0)
    with pytest.raises(InvalidInputError, match="share must be in"):
        solve_lscp(hand(), 500.0, share=1.5)
    with pytest.raises(InvalidInputError, match="decay start"):
        solve_mclp(hand(), 1, 500.0, decay=Decay("linear", start=600.0))


def test_solve_dispatch_checks_options() -> None:
    assert solve(hand(), "mclp", p=2, radius=500.0).selected == ("B", "D")
    with pytest.raises(InvalidInputError, match="needs p"):
        solve(hand(), "pmedian")
    with pytest.raises(InvalidInputError, match="needs a radius"):
        solve(hand(), "lscp")
    with pytest.raises(InvalidInputError, match="unknown model"):
        solve(hand(), "pmax", p=1)


def test_greedy_first_answer_has_a_valid_bound() -> None:
    res = greedy_first_answer(hand(), 2, 500.0)
    assert res.solver == "greedy" and res.selected == ("B", "D")
    assert res.bound is not None and res.bound >= 90.0


def _brute_mclp(cost: np.ndarray, w: np.ndarray, p: int, r: float) -> float:
    cover = np.nan_to_num(cost, nan=np.inf) <= r
    return max(
        float(w[cover[:, list(s)].any(axis=1)].sum())
        for s in itertools.combinations(range(cost.shape[1]), p)
    )


@pytest.mark.parametrize("seed", range(6))
def test_mclp_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m, p, r = 40, 9, 3, 3.0
    cost = rng.uniform(0, 10, (n, m))
    cost[rng.random((n, m)) < 0.2] = np.nan
    w = rng.integers(0, 20, n).astype(float)
    prob = Problem.from_matrix([f"d{i}" for i in range(n)], w, [f"c{j}" for j in range(m)], cost)
    res = solve_mclp(prob, p, r)
    assert res.objective == pytest.approx(_brute_mclp(cost, w, p, r))
    # LSCP: nothing smaller covers what its answer covers.
    share = min(1.0, res.covered_share)
    lscp = solve_lscp(prob, r, share=share)
    assert lscp.objective <= p
