"""The venue engine at scale (issue 10, item 8): size and time fallback with a proven gap,
impossible requests proven before any MILP, and cancellation of a running solve.

Pure tests: no database. Instances are the hand-made one (tests/venues_hand.py) or seeded
random ones, so every answer is reproducible.
"""

from __future__ import annotations

import threading

import highspy
import numpy as np
import pytest

from tests.venues_hand import hand
from venues import (
    InfeasibleRequestError,
    Problem,
    Result,
    median,
    median_search,
    median_trunc,
    milp,
    search,
    solve,
)
from venues.limits import Limits, SolveCancelled, cancelling


def random_problem(n: int = 300, m: int = 60, seed: int = 3) -> Problem:
    rng = np.random.default_rng(seed)
    demand, venues = rng.uniform(0, 5000, (n, 2)), rng.uniform(0, 5000, (m, 2))
    costs = np.linalg.norm(demand[:, None] - venues[None], axis=2)
    weights = rng.integers(1, 30, n).astype(float)
    return Problem.from_matrix([f"d{i}" for i in range(n)], weights,
                               [f"v{j}" for j in range(m)], costs)  # fmt: skip


@pytest.mark.parametrize(("model", "p", "radius"), [("pmedian", 2, None), ("mclp", 2, 500.0)])
def test_above_the_size_limit_the_heuristic_answers_with_its_gap(
    model: str, p: int, radius: float | None
) -> None:
    exact = solve(hand(), model, p=p, radius=radius)
    assert (exact.method, exact.reason) == ("exact", None)
    res = solve(hand(), model, p=p, radius=radius, bounds=Limits(exact_max_size=5 * 4 - 1))
    assert (res.method, res.reason, res.solver) == ("heuristic", "size", "heuristic")
    assert res.gap is not None and res.bound is not None
    assert res.to_dict()["method"] == "heuristic" and res.to_dict()["reason"] == "size"


def test_at_the_size_limit_the_exact_model_still_runs() -> None:
    res = solve(hand(), "pmedian", p=2, bounds=Limits(exact_max_size=5 * 4))
    assert res.method == "exact"


def test_the_size_fallback_never_builds_the_exact_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the exact p-median model was built above the size limit")

    monkeypatch.setattr(median, "_exact", forbidden)
    res = solve(random_problem(), "pmedian", p=5, bounds=Limits(exact_max_size=1000))
    assert res.reason == "size" and res.gap is not None and res.gap >= 0


def test_past_the_time_limit_the_best_answer_so_far_is_returned_and_marked() -> None:
    res = solve(random_problem(2000, 300), "mclp", p=12, radius=400.0,
                bounds=Limits(time_limit_s=1e-9))  # fmt: skip
    assert (res.method, res.reason) == ("heuristic", "time")
    assert len(res.selected) == 12 and res.bound is not None and res.gap is not None


def test_an_explicit_time_limit_overrides_the_limits_one() -> None:
    res = solve(hand(), "pmedian", p=2, time_limit=60.0, bounds=Limits(time_limit_s=1e-9))
    assert res.method == "exact"


def disjoint() -> Problem:
    """Three demand points, each reaching only its own venue: three venues are needed."""
    costs = np.full((3, 3), np.nan)
    np.fill_diagonal(costs, 100.0)
    return Problem.from_matrix(["a", "b", "c"], [1.0, 2.0, 3.0], ["A", "B", "C"], costs)


@pytest.mark.parametrize("model", ["pmedian", "pcenter"])
def test_too_few_venues_is_proven_before_any_milp(
    model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_milp(*args: object, **kwargs: object) -> None:
        raise AssertionError("a MILP was built for a request the LP bound proves impossible")

    monkeypatch.setattr(median, "radius_model", no_milp)
    monkeypatch.setattr("venues.center._Probe.exact", no_milp)
    with pytest.raises(InfeasibleRequestError) as caught:
        solve(disjoint(), model, p=2)
    assert caught.value.key == "venues.err.too_few_cover"
    assert caught.value.params == {"p": 2, "need": 3}
    assert "at least 3 venues" in str(caught.value)


def test_enough_venues_pass_the_cover_check() -> None:
    assert solve(disjoint(), "pmedian", p=3).objective == pytest.approx(600.0)


def test_capacities_too_small_are_explained_with_the_numbers() -> None:
    problem = Problem.from_matrix(["a", "b"], [30.0, 50.0], ["A", "B", "C"],
                                  np.full((2, 3), 100.0), capacity=[20.0, 40.0, 10.0])  # fmt: skip
    with pytest.raises(InfeasibleRequestError) as caught:
        solve(problem, "pmedian", p=2)
    assert caught.value.key == "venues.err.capacity"
    assert caught.value.params == {"weight": 80, "p": 2, "room": 60, "total": 70}


def test_a_cancelled_event_stops_the_solve_before_it_starts() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SolveCancelled):
        solve(hand(), "pmedian", p=2, bounds=Limits(cancel=cancel))


def test_a_running_heuristic_stops_when_its_event_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """The solve thread signals once it is inside the swap loop; the test then cancels and
    waits for the thread to end (bounded join), which it can only do by raising."""
    inside, cancel = threading.Event(), threading.Event()
    real = search._swap_deltas

    def slow_deltas(*args: object) -> object:
        inside.set()
        assert cancel.wait(timeout=60), "the test never cancelled"
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "_swap_deltas", slow_deltas)
    outcome: list[BaseException | None] = []

    def work() -> None:
        try:
            solve(random_problem(), "pmedian", p=5, heuristic=True, bounds=Limits(cancel=cancel))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    assert inside.wait(timeout=60)
    cancel.set()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert isinstance(outcome[0], SolveCancelled)


def test_highs_is_interrupted_by_the_cancel_event() -> None:
    """The interrupt callbacks are wired: a pre-set event stops HiGHS at its first check."""
    problem = random_problem(2000, 300)
    from venues.cover_model import cover_rows, mclp_set_model

    model = mclp_set_model(cover_rows(problem, 400.0), problem, 12)
    cancel = threading.Event()
    cancel.set()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    with cancelling(cancel):
        milp._interruptible(h)
    h.passModel(milp._as_lp(model, False))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_truncated_search_bounds_the_true_optimum(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above TRUNCATE_PAIRS the search works on each point's nearest candidates; its bound
    must stay below the exact optimum and its answer is priced at the true cost."""
    problem = random_problem(400, 120, seed)
    exact = solve(problem, "pmedian", p=4)
    monkeypatch.setattr(median_search, "TRUNCATE_PAIRS", 0)
    monkeypatch.setattr(median_trunc, "K0", 3)  # force dropped pairs and growing k
    res = solve(problem, "pmedian", p=4, heuristic=True)
    assert res.bound is not None and res.bound <= exact.objective * (1 + 1e-9)
    assert res.objective >= exact.objective * (1 - 1e-9)
    assert res.objective == pytest.approx(median.total_cost(problem, _mask(problem, res)))
    again = solve(problem, "pmedian", p=4)  # exact path with truncated search and fixing
    assert again.objective == pytest.approx(exact.objective)


def _mask(problem: Problem, res: Result) -> np.ndarray:
    chosen = set(res.selected)
    return np.array([c in chosen for c in problem.candidate_ids])
