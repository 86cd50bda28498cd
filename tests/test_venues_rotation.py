"""Rotation plan: k venues a week over W weeks, reaching the most distinct residents.

Hand-made case (r = 1, cost 0 = at the venue, 1 = next door, absent = out of reach):
    P reaches a, b, c (weights 5, 5, 5)    Q reaches c, d (5, 9)    R reaches e (4)
    S reaches a, b (5, 5)
Greedy week 1 (k = 1) takes P (15); week 2 takes Q (+9: c is already reached); week 3 R (+4).
S adds nothing new after P, so a plan that revisited reach would be wasted.
"""

from __future__ import annotations

import numpy as np
import pytest

from venues import InfeasibleRequestError, InvalidInputError, Problem, plan_rotation, solve_mclp

PAIRS = [
    ("a", "P", 0),
    ("b", "P", 1),
    ("c", "P", 1),
    ("c", "Q", 1),
    ("d", "Q", 0),
    ("e", "R", 0),
    ("a", "S", 1),
    ("b", "S", 0),
]


def hand(**options: object) -> Problem:
    d, c, cost = zip(*PAIRS, strict=True)
    return Problem.from_long(list("abcde"), [5, 5, 5, 9, 4], list("PQRS"), d, c, cost, **options)  # type: ignore[arg-type]


def test_greedy_rotation_week_by_week() -> None:
    plan = plan_rotation(hand(), 1.0, slots_per_week=1, weeks=3)
    assert [w.venues for w in plan.weeks] == [("P",), ("Q",), ("R",)]
    assert [w.new_weight for w in plan.weeks] == [15.0, 9.0, 4.0]
    assert [w.cumulative_weight for w in plan.weeks] == [15.0, 24.0, 28.0]
    assert plan.weeks[-1].cumulative_share == 1.0
    assert plan.method == "greedy" and "1 - 1/e" in plan.guarantee
    assert plan.bound is not None and plan.bound >= plan.reached_weight


def test_two_slots_a_week_and_required_first() -> None:
    plan = plan_rotation(hand(required=["S"]), 1.0, slots_per_week=2, weeks=2)
    assert plan.weeks[0].venues[0] == "S"
    assert plan.weeks[0].venues == ("S", "Q")  # after S (10): Q adds 14, P only 5
    assert plan.weeks[1].new_weight == pytest.approx(4.0)  # R (e); P would add nothing
    assert plan.reached_weight == 28.0


def test_exact_rotation_reaches_the_mclp_optimum() -> None:
    rng = np.random.default_rng(5)
    n, m = 200, 25
    cost = rng.uniform(0, 10, (n, m))
    w = rng.integers(1, 9, n).astype(float)
    prob = Problem.from_matrix([f"d{i}" for i in range(n)], w, [f"c{j}" for j in range(m)], cost)
    exact = plan_rotation(prob, 1.8, slots_per_week=2, weeks=3, exact=True)
    greedy = plan_rotation(prob, 1.8, slots_per_week=2, weeks=3)
    best = solve_mclp(prob, 6, 1.8).objective
    assert exact.reached_weight == pytest.approx(best)
    assert greedy.reached_weight <= best + 1e-9
    assert greedy.reached_weight >= (1 - 1 / np.e) * best
    news = [wk.new_weight for wk in exact.weeks]
    assert news == sorted(news, reverse=True)  # greedy order front-loads reach
    data = exact.to_dict()
    assert len(data["weeks"]) == 3 and len(data["weeks"][0]["venues"]) == 2


def test_rotation_errors() -> None:
    with pytest.raises(InfeasibleRequestError, match="need 6 distinct venues but only 4"):
        plan_rotation(hand(), 1.0, slots_per_week=2, weeks=3)
    with pytest.raises(InvalidInputError, match="weeks must be a whole number >= 1"):
        plan_rotation(hand(), 1.0, slots_per_week=1, weeks=0)
