"""CSV input: long and wide costs, and errors that name the file, row and field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from venues import InputFileError, solve_mclp
from venues.io import load_problem, read_candidates, read_costs, read_demand

DATA = Path(__file__).parent / "data" / "venues"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_long_and_wide_give_the_same_problem() -> None:
    long = load_problem(DATA / "demand.csv", DATA / "candidates.csv", DATA / "costs_long.csv")
    wide = load_problem(DATA / "demand.csv", DATA / "candidates.csv", DATA / "costs_wide.csv")
    assert np.array_equal(long.pair_cost, wide.pair_cost)
    assert np.array_equal(long.pair_candidate, wide.pair_candidate)
    assert long.capacity is None
    assert solve_mclp(wide, 2, 500.0).selected == ("B", "D")


def test_ids_keep_their_spelling_and_flags_parse(tmp_path: Path) -> None:
    cand = write(tmp_path, "c.csv", "id,required,capacity\n007,TRUE,\n7,no,12.5\n")
    df = read_candidates(cand)
    assert df["id"].tolist() == ["007", "7"]
    assert df["required"].tolist() == [True, False]
    assert df["capacity"].tolist() == [np.inf, 12.5]


def test_bad_demand_files(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"d\.csv, field 'weight': missing column"):
        read_demand(write(tmp_path, "d.csv", "id,w\na,1\n"))
    with pytest.raises(
        InputFileError, match=r"row 3 \(line 4\), field 'id': duplicate id 'a' \(first at row 1\)"
    ):
        read_demand(write(tmp_path, "d.csv", "id,weight\na,1\nb,2\na,3\n"))
    with pytest.raises(
        InputFileError, match=r"row 2 \(line 3\), field 'weight': 'many' is not a number"
    ):
        read_demand(write(tmp_path, "d.csv", "id,weight\na,1\nb,many\n"))
    with pytest.raises(InputFileError, match=r"row 1 \(line 2\), field 'weight': -4 is negative"):
        read_demand(write(tmp_path, "d.csv", "id,weight\na,-4\n"))
    with pytest.raises(InputFileError, match="file not found"):
        read_demand(tmp_path / "missing.csv")
    with pytest.raises(InputFileError, match="file is empty"):
        read_demand(write(tmp_path, "d.csv", ""))
    with pytest.raises(InputFileError, match="field 'weight': column appears twice"):
        read_demand(write(tmp_path, "d.csv", "id,weight,weight\na,1,2\n"))


def test_unknown_demand_id_in_row_17(tmp_path: Path) -> None:
    rows = [f"d{i},A,{10 * i}" for i in range(1, 17)] + ["ghost,A,5", "d1,B,7"]
    path = write(tmp_path, "costs.csv", "demand_id,candidate_id,cost\n" + "\n".join(rows) + "\n")
    ids = [f"d{i}" for i in range(1, 17)]
    with pytest.raises(InputFileError) as err:
        read_costs(path, ids, ["A", "B"])
    assert "costs.csv, row 17 (line 18), field 'demand_id': unknown demand id 'ghost'" in str(
        err.value
    )
    assert err.value.row == 17 and err.value.field == "demand_id"


def test_bad_long_costs(tmp_path: Path) -> None:
    head = "demand_id,candidate_id,cost\n"
    with pytest.raises(
        InputFileError, match=r"row 2 \(line 3\), field 'cost': 'far' is not a number"
    ):
        read_costs(write(tmp_path, "c.csv", head + "a,A,1\na,B,far\n"), ["a"], ["A", "B"])
    with pytest.raises(InputFileError, match="field 'candidate_id': unknown candidate id 'Z'"):
        read_costs(write(tmp_path, "c.csv", head + "a,Z,1\n"), ["a"], ["A"])
    with pytest.raises(InputFileError, match=r"row 2 .*pair \('a', 'A'\) appears twice"):
        read_costs(write(tmp_path, "c.csv", head + "a,A,1\na,A,2\n"), ["a"], ["A"])
    with pytest.raises(InputFileError, match="field 'cost': empty value"):
        read_costs(write(tmp_path, "c.csv", head + "a,A,\n"), ["a"], ["A"])
    with pytest.raises(InputFileError, match="need a 'cost' column"):
        read_costs(write(tmp_path, "c.csv", "demand_id,candidate_id,metres\na,A,1\n"), ["a"], ["A"])


def test_bad_wide_costs(tmp_path: Path) -> None:
    demand, venues = ["d1", "d2", "d3", "d4", "d5"], ["A", "B", "C", "D"]
    with pytest.raises(
        InputFileError, match=r"row 2 \(line 3\), field 'C': 'eight hundred' is not a number"
    ):
        read_costs(DATA / "costs_bad_number.csv", demand, venues)
    with pytest.raises(InputFileError, match="field 'Z': header names an unknown candidate id"):
        read_costs(write(tmp_path, "w.csv", "demand,A,Z\nd1,1,2\n"), demand, venues)
    with pytest.raises(
        InputFileError, match=r"row 1 \(line 2\), field 'demand': unknown demand id 'q'"
    ):
        read_costs(write(tmp_path, "w.csv", "demand,A\nq,1\n"), demand, venues)
    with pytest.raises(
        InputFileError, match=r"row 2 \(line 3\), field 'demand': duplicate id 'd1'"
    ):
        read_costs(write(tmp_path, "w.csv", "demand,A\nd1,1\nd1,2\n"), demand, venues)
    with pytest.raises(InputFileError, match="field 'A': -1 is negative"):
        read_costs(write(tmp_path, "w.csv", "demand,A\nd1,-1\n"), demand, venues)


def test_bad_candidates(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="field 'required': 'maybe' is not true/false/1/0"):
        read_candidates(write(tmp_path, "c.csv", "id,required\nA,maybe\n"))
    with pytest.raises(InputFileError, match="field 'capacity': 'lots' is not a number"):
        read_candidates(write(tmp_path, "c.csv", "id,capacity\nA,lots\n"))
