"""activities.privacy.suppress_small: counts 1-4 are hidden, 0 is kept, and with totals shown no
hidden cell can be got back by subtracting the shown cells from a row or column total."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from activities import MIN_CELL
from activities.privacy import determined as engine_determined
from activities.privacy import suppress_small

CELLS = ["a", "b", "c"]


def table(rows: list[list[int]]) -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=CELLS)
    t.insert(0, "label", [f"r{i}" for i in range(len(rows))])
    t["total"] = t[CELLS].sum(axis=1)
    return t


def hidden(out: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return out[columns].isna().to_numpy()


def test_primary_hides_one_to_four_and_keeps_zero_and_five() -> None:
    out = suppress_small(table([[0, 1, 4], [5, 12, 0]]), CELLS)
    assert out["a"].tolist() == [0, 5]
    assert out["b"].isna().tolist() == [True, False] and out["b"].iloc[1] == 12
    assert out["c"].isna().tolist() == [True, False] and out["c"].iloc[1] == 0
    assert out["total"].tolist() == [5, 17]  # not a count column here: left as it is
    assert str(out["a"].dtype) == "Int64"  # shown as 12, not 12.0


def test_min_cell_is_five_and_can_be_raised() -> None:
    assert MIN_CELL == 5
    assert suppress_small(table([[9, 10, 0]]), CELLS, min_cell=10)["a"].isna().tolist() == [True]


def test_input_is_not_changed() -> None:
    t = table([[3, 10, 7]])
    suppress_small(t, CELLS, total_column="total")
    assert t["a"].tolist() == [3]


def test_one_hidden_cell_in_a_totalled_row_takes_the_next_smallest_with_it() -> None:
    out = suppress_small(table([[3, 9, 20]]), CELLS, total_column="total")
    assert hidden(out, CELLS).tolist() == [[True, True, False]]
    assert out["total"].tolist() == [32]


def test_without_a_total_there_is_no_secondary_suppression() -> None:
    out = suppress_small(table([[3, 9, 20]]), CELLS)
    assert hidden(out, CELLS).tolist() == [[True, False, False]]


def test_a_zero_is_taken_only_when_no_other_count_is_left() -> None:
    out = suppress_small(table([[3, 0, 8]]), CELLS, total_column="total")
    assert hidden(out, CELLS).tolist() == [[True, False, True]]
    out = suppress_small(table([[3, 0, 0]]), CELLS, total_column="total")
    assert out["total"].isna().all()  # total 3 is itself small


def test_a_lone_cell_hides_the_total() -> None:
    out = suppress_small(pd.DataFrame({"a": [3, 40], "b": [np.nan, 1.0], "total": [8, 41]}),
                         ["a", "b"], total_column="total")  # fmt: skip
    # row 0: a hidden, b unknown (missing, not a count): only the total can protect a
    assert bool(out["total"].isna().iloc[0])


def test_columns_are_protected_too() -> None:
    out = suppress_small(table([[3, 10, 10], [20, 30, 40], [25, 50, 60]]), CELLS,
                         total_column="total")  # fmt: skip
    # the column a sum is known (the yearly report prints it): a second cell of a is hidden
    assert hidden(out, ["a"]).sum() == 2
    assert hidden(out, ["a"]).tolist() == [[True], [True], [False]]  # 20 is the smallest


def determined(values: np.ndarray, mask: np.ndarray, total: int) -> list[tuple[int, int]]:
    """Hidden cells an attacker can compute exactly from shown cells and the line sums (rows with
    a shown total, every column): linear algebra, ignoring that counts are whole and >= 0."""
    unknown = list(zip(*np.nonzero(mask), strict=True))
    if not unknown:
        return []
    index = {cell: k for k, cell in enumerate(unknown)}
    equations = []
    rows, cols = values.shape
    for i in range(rows):  # cells - total = 0 holds whether the total is shown or not
        equations.append([(-1.0 if c[1] == total else 1.0) if c[0] == i else 0.0 for c in unknown])
    for j in range(cols):
        equations.append([1.0 if c[1] == j else 0.0 for c in unknown])
    a = np.array(equations, dtype=float).reshape(-1, len(unknown))
    rank = np.linalg.matrix_rank(a)
    found = []
    for cell, k in index.items():
        unit = np.zeros(len(unknown))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(cell)
    return found


def test_the_checker_sees_a_lone_blank() -> None:
    values = np.array([[3.0, 9.0, 12.0], [5.0, 5.0, 10.0]])
    mask = np.zeros_like(values, dtype=bool)
    mask[0, 0] = True
    assert determined(values, mask, total=2) == [(0, 0)]


# small counts (0-6) are drawn often, so blanks meet and form the patterns that leak
counts = st.one_of(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=40))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(counts, min_size=3, max_size=3), min_size=1, max_size=8))
def test_no_hidden_cell_is_recoverable_by_subtraction(rows: list[list[int]]) -> None:
    t = table(rows)
    out = suppress_small(t, CELLS, total_column="total")
    columns = [*CELLS, "total"]
    mask = hidden(out, columns)
    values = t[columns].to_numpy(dtype=float)
    small = (values >= 1) & (values < MIN_CELL)
    assert (mask | ~small).all()  # every small count is hidden
    shown = ~mask
    assert (out[columns].to_numpy(dtype=float)[shown] == values[shown]).all()  # no fake numbers
    for i in range(len(rows)):  # a shown total never sits beside exactly one blank
        assert mask[i, 3] or mask[i, :3].sum() != 1
    if len(rows) > 1:
        assert all(mask[:, j].sum() != 1 for j in range(4))
    if len(rows) == 1:
        return  # one row: its column sums are the cells themselves
    assert determined(values, mask, total=3) == []


def test_a_bridge_between_blocks_of_blanks_is_closed() -> None:
    """Found by a random search: the line rule alone left a cell that the row and column sums,
    taken together, pin down. The full solve must leave none."""
    rows = [[0, 5, 0], [8, 0, 8], [1, 1, 5], [0, 8, 0], [40, 2, 0], [3, 5, 3], [40, 0, 20],
            [3, 0, 0]]  # fmt: skip
    t = table(rows)
    columns = [*CELLS, "total"]
    out = suppress_small(t, CELLS, total_column="total")
    assert determined(t[columns].to_numpy(dtype=float), hidden(out, columns), total=3) == []


def test_the_engine_solver_agrees_with_the_test_checker_on_a_lone_blank() -> None:
    mask = np.zeros((2, 4), dtype=bool)
    mask[0, 0] = True
    assert engine_determined(mask, total_index=3) == [(0, 0)]
    mask[0, 1] = mask[1, 0] = mask[1, 1] = True  # a 2x2 block: each cell has a free partner
    assert engine_determined(mask, total_index=3) == []


def test_the_column_rule_protects_with_the_fewest_blanks() -> None:
    """The full solve alone would also protect a lone blank in a column, but by blanking its row
    first; the column rule hides the column's smallest count instead and keeps the rest."""
    out = suppress_small(table([[3, 10, 10], [20, 30, 40]]), CELLS, total_column="total")
    assert hidden(out, [*CELLS, "total"]).tolist() == [
        [True, True, False, False],
        [True, True, False, False],
    ]
