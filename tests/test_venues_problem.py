"""Building a Problem: input forms, canonical order, validation messages, row merging."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from venues import InvalidInputError, Problem, solve_mclp
from venues.reduce import group_rows


def test_dense_sparse_and_long_inputs_agree() -> None:
    dense = np.array([[0.0, np.inf, 3.0], [2.0, 1.0, np.nan]])
    a = Problem.from_matrix(["x", "y"], [1, 2], ["A", "B", "C"], dense)
    b = Problem.from_matrix(
        ["x", "y"],
        [1, 2],
        ["A", "B", "C"],
        sp.coo_array(([0.0, 3.0, 2.0, 1.0], ([0, 0, 1, 1], [0, 2, 0, 1])), shape=(2, 3)),
    )
    c = Problem.from_long(
        ["x", "y"],
        [1, 2],
        ["A", "B", "C"],
        ["y", "x", "y", "x"],
        ["B", "A", "A", "C"],
        [1, 0, 2, 3],
    )
    for prob in (b, c):
        assert np.array_equal(prob.indptr, a.indptr)
        assert np.array_equal(prob.pair_candidate, a.pair_candidate)
        assert np.array_equal(prob.pair_cost, a.pair_cost)
    # the explicit zero of the sparse input is a reachable pair with cost 0
    assert b.pair_cost[0] == 0.0


def test_canonical_order_sorts_ids_and_pairs_by_cost() -> None:
    prob = Problem.from_matrix(["z", "a"], [5, 7], ["V2", "V1"], [[4.0, 1.0], [2.0, 3.0]])
    assert prob.demand_ids == ("a", "z") and prob.candidate_ids == ("V1", "V2")
    assert prob.weights.tolist() == [7.0, 5.0]
    # a: V1 3.0, V2 2.0 -> sorted by cost: V2 then V1
    assert prob.pair_candidate[:2].tolist() == [1, 0]
    assert prob.pair_cost.tolist() == [2.0, 3.0, 1.0, 4.0]


def test_nearest_breaks_ties_by_candidate_id() -> None:
    prob = Problem.from_matrix(["d"], [1], ["B", "A"], [[5.0, 5.0]])
    best, cost = prob.nearest(np.array([True, True]))
    assert prob.candidate_ids[int(best[0])] == "A" and cost[0] == 5.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [1, -1]}, "weight -1.0 at position 1 must be finite and >= 0"),
        (
            {"costs": [[1.0, -2.0], [1.0, 1.0]]},
            "negative cost -2.0 between demand 'x' and candidate 'B'",
        ),
        ({"demand": ["x", "x"]}, "duplicate demand ids: x"),
        ({"candidates": ["A", "A"]}, "duplicate candidate ids: A"),
        ({"required": ["A"], "excluded": ["A"]}, "both required and excluded: A"),
        ({"required": ["Q"]}, "required venue ids not among the candidates: Q"),
        ({"costs": [[1.0, 2.0]]}, r"cost matrix is \(1, 2\), expected \(2, 2\)"),
        ({"capacity": [1.0]}, "got 1 capacities for 2 candidates"),
        ({"capacity": {"Z": 1.0}}, "capacity given for unknown candidates: Z"),
    ],
)
def test_invalid_inputs(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, Any] = {
        "demand": ["x", "y"],
        "weights": [1, 1],
        "candidates": ["A", "B"],
        "costs": [[1.0, 2.0], [3.0, 4.0]],
    }
    args.update(kwargs)
    extra = {k: args.pop(k) for k in ("required", "excluded", "capacity") if k in args}
    with pytest.raises(InvalidInputError, match=message):
        Problem.from_matrix(
            args["demand"], args["weights"], args["candidates"], args["costs"], **extra
        )  # type: ignore[arg-type]


def test_long_table_errors() -> None:
    with pytest.raises(InvalidInputError, match="pair 1 names unknown demand id 'q'"):
        Problem.from_long(["x"], [1], ["A"], ["x", "q"], ["A", "A"], [1, 2])
    with pytest.raises(InvalidInputError, match="duplicate cost for demand 'x' and candidate 'A'"):
        Problem.from_long(["x"], [1], ["A"], ["x", "x"], ["A", "A"], [1, 2])
    with pytest.raises(InvalidInputError, match="non-finite cost"):
        Problem.from_long(["x"], [1], ["A"], ["x"], ["A"], [np.nan])


def test_row_merging_is_exact() -> None:
    rows = sp.csr_array(
        np.array([[1, 0, 1], [1, 0, 1], [0, 1, 0], [0, 0, 0], [1, 0, 1]], dtype=float)
    )
    groups = group_rows(rows, np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert groups.group.tolist() == [0, 0, 1, -1, 0]
    assert groups.rep.tolist() == [0, 2]
    assert groups.weight.tolist() == [8.0, 3.0]
    with_values = group_rows(rows, np.ones(5), values=np.array([1.0, 2.0, 1.0, 2.0, 7.0, 1.0, 3.0]))
    assert with_values.group.tolist() == [0, 0, 1, -1, 2]
    extra = group_rows(rows, np.ones(5), row_extra=np.array([1.0, 2.0, 0.0, 0.0, 1.0]))
    assert extra.group.tolist() == [0, 1, 2, -1, 0]


def test_merged_rows_give_the_same_answer_as_unmerged() -> None:
    # Duplicating every demand point (half weight each) must not change the MCLP optimum.
    rng = np.random.default_rng(3)
    cost = rng.uniform(0, 5, (60, 10))
    w = rng.integers(1, 9, 60).astype(float)
    one = Problem.from_matrix([f"d{i}" for i in range(60)], w, [f"c{j}" for j in range(10)], cost)
    two = Problem.from_matrix(
        [f"d{i}{s}" for s in "ab" for i in range(60)],
        np.r_[w, w] / 2,
        [f"c{j}" for j in range(10)],
        np.vstack([cost, cost]),
    )
    a, b = solve_mclp(one, 3, 1.5), solve_mclp(two, 3, 1.5)
    assert a.objective == pytest.approx(b.objective) and a.selected == b.selected
