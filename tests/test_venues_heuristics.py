"""Heuristics against the exact optimum, validity of their bounds, and determinism.

Instances are seeded random point sets (clustered like towns), small enough for HiGHS to
solve exactly in a second so the heuristic's answer and bound can be checked against the
true optimum.
"""

from __future__ import annotations

import numpy as np
import pytest

from venues import (
    Decay,
    Problem,
    Result,
    solve_lscp,
    solve_mclp,
    solve_pcenter,
    solve_pmedian,
)


def instance(seed: int, n: int = 400, m: int = 40, sparse_radius: float | None = None) -> Problem:
    rng = np.random.default_rng(seed)
    towns = rng.uniform(0, 10, (5, 2))
    pts = towns[rng.integers(0, 5, n)] + rng.normal(0, 1.2, (n, 2))
    sites = towns[rng.integers(0, 5, m)] + rng.normal(0, 1.5, (m, 2))
    cost = np.linalg.norm(pts[:, None] - sites[None], axis=2)
    if sparse_radius is not None:
        cost[cost > sparse_radius] = np.nan
    w = rng.integers(0, 30, n).astype(float)
    return Problem.from_matrix(
        [f"d{i:04d}" for i in range(n)], w, [f"v{j:03d}" for j in range(m)], cost
    )


def _within_gap_max(heur: Result, exact: Result) -> None:
    assert heur.bound is not None and heur.gap is not None
    assert heur.objective <= exact.objective + 1e-6
    assert heur.bound >= exact.objective - 1e-6  # a valid upper bound
    assert heur.objective >= (1 - heur.gap) * exact.objective - 1e-6


def _within_gap_min(heur: Result, exact: Result) -> None:
    assert heur.bound is not None and heur.gap is not None
    assert heur.objective >= exact.objective - 1e-6
    assert heur.bound <= exact.objective + 1e-6  # a valid lower bound
    assert heur.objective * (1 - heur.gap) <= exact.objective + 1e-6


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("p", [3, 8])
def test_mclp_heuristic_within_its_gap(seed: int, p: int) -> None:
    prob = instance(seed, sparse_radius=4.0)
    exact = solve_mclp(prob, p, 1.5)
    heur = solve_mclp(prob, p, 1.5, heuristic=True)
    assert heur.solver == "heuristic"
    _within_gap_max(heur, exact)


@pytest.mark.parametrize("seed", range(3))
def test_mclp_decay_heuristic_within_its_gap(seed: int) -> None:
    prob = instance(seed, n=200, m=25, sparse_radius=4.0)
    decay = Decay("linear", start=0.5, end_weight=0.2)
    exact = solve_mclp(prob, 4, 1.5, decay=decay)
    heur = solve_mclp(prob, 4, 1.5, decay=decay, heuristic=True)
    _within_gap_max(heur, exact)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("p", [2, 6])
def test_pmedian_heuristic_within_its_gap(seed: int, p: int) -> None:
    prob = instance(seed, n=250, m=30)
    exact = solve_pmedian(prob, p)
    heur = solve_pmedian(prob, p, heuristic=True)
    _within_gap_min(heur, exact)


@pytest.mark.parametrize("seed", range(3))
def test_lscp_and_pcenter_heuristics_bound_the_optimum(seed: int) -> None:
    prob = instance(seed, n=200, m=30)
    _within_gap_min(solve_lscp(prob, 5.0, heuristic=True), solve_lscp(prob, 5.0))
    _within_gap_min(
        solve_lscp(prob, 2.0, share=0.8, heuristic=True), solve_lscp(prob, 2.0, share=0.8)
    )
    _within_gap_min(solve_pcenter(prob, 4, heuristic=True), solve_pcenter(prob, 4))


def _stable(res: Result) -> dict[str, object]:
    out = res.to_dict()
    out.pop("runtime_s")
    return out


@pytest.mark.parametrize(
    "run",
    [
        lambda pr: solve_mclp(pr, 5, 1.5),
        lambda pr: solve_mclp(pr, 5, 1.5, heuristic=True),
        lambda pr: solve_lscp(pr, 2.5),
        lambda pr: solve_pmedian(pr, 4),
        lambda pr: solve_pmedian(pr, 4, heuristic=True),
        lambda pr: solve_pcenter(pr, 4),
    ],
)
def test_same_answer_on_repeat_and_on_shuffled_input(run) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    n, m = 150, 20
    pts, sites = rng.uniform(0, 6, (n, 2)), rng.uniform(0, 6, (m, 2))
    # Rounded costs create ties, which is where order-dependent tie-breaking would show.
    cost = np.round(np.linalg.norm(pts[:, None] - sites[None], axis=2), 0)
    w = rng.integers(1, 5, n).astype(float)
    d_ids = [f"d{i}" for i in range(n)]
    c_ids = [f"c{j}" for j in range(m)]
    base = run(Problem.from_matrix(d_ids, w, c_ids, cost))
    assert _stable(run(Problem.from_matrix(d_ids, w, c_ids, cost))) == _stable(base)
    rows, cols = rng.permutation(n), rng.permutation(m)
    shuffled = Problem.from_matrix(
        [d_ids[i] for i in rows], w[rows], [c_ids[j] for j in cols], cost[np.ix_(rows, cols)]
    )
    assert _stable(run(shuffled)) == _stable(base)
