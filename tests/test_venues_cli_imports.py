"""`kvarterkort venues solve` on a small instance stays fast: no pandas on its path.

pandas cost about a second of the ~3 s a small solve took (issue 10 item 7), brought in by
venues.io (CSV reading) and venues.problem (an id lookup). Both now use the standard library;
pandas is imported only by the DataFrame views read_demand/read_candidates. These tests run the
real command in a fresh interpreter and fail when someone re-adds a top-level pandas import
anywhere on that path; the reader tests pin what the csv-module reader must keep doing.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from venues import InputFileError, InvalidInputError, Problem
from venues.io import load_problem, read_demand

DATA = Path(__file__).parent / "data" / "venues"

# What the small solve must not load: pandas (~1 s) and everything of the web/GIS side.
NOT_ON_SOLVE_PATH = (
    "pandas", "geopandas", "sqlalchemy", "fastapi", "folium", "shapely", "pyproj", "psycopg",
)  # fmt: skip
# What `venues solve --help` must not load either: the engine itself.
NOT_ON_HELP_PATH = (*NOT_ON_SOLVE_PATH, "numpy", "scipy", "highspy")


def run_cli(args: list[str], watch: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run `kvarterkort ARGS` in a fresh interpreter: its stdout and the ``watch`` it loaded."""
    probe = (
        "import sys\n"
        f"sys.argv = ['kvarterkort', *{args!r}]\n"
        "from app.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {watch!r} if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(out.stderr.strip().splitlines()[-1])  # the list the probe printed
    return out.stdout, loaded


def fixture_args(costs: str) -> list[str]:
    """The bench's small solve (benchmarks/bench_cli.py): MCLP, p=2, 500 m, the fixture."""
    return [
        "venues", "solve", "--model", "mclp", "--p", "2", "--radius", "500",
        "--demand", str(DATA / "demand.csv"), "--candidates", str(DATA / "candidates.csv"),
        "--costs", str(DATA / costs),
    ]  # fmt: skip


def test_solve_help_loads_neither_pandas_nor_the_engine() -> None:
    _, loaded = run_cli(["venues", "solve", "--help"], NOT_ON_HELP_PATH)
    assert loaded == []


@pytest.mark.parametrize("costs", ["costs_long.csv", "costs_wide.csv"])
def test_small_solve_answers_without_pandas(costs: str) -> None:
    stdout, loaded = run_cli(fixture_args(costs), NOT_ON_SOLVE_PATH)
    assert json.loads(stdout)["selected"] == ["B", "D"]
    assert loaded == []


def test_small_rotation_answers_without_pandas() -> None:
    files = ["--demand", str(DATA / "demand.csv"), "--candidates", str(DATA / "candidates.csv")]
    args = ["venues", "rotation", "-k", "1", "-w", "2", "--radius", "500", *files,
            "--costs", str(DATA / "costs_long.csv")]  # fmt: skip
    stdout, loaded = run_cli(args, NOT_ON_SOLVE_PATH)
    assert len(json.loads(stdout)["weeks"]) == 2
    assert loaded == []


def test_the_probe_notices_pandas() -> None:
    """The probe works: the DataFrame view read_demand does import pandas."""
    code = f"from venues.io import read_demand\nread_demand({str(DATA / 'demand.csv')!r})"
    probe = f"import sys\n{code}\nprint('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


# ------------------------------------------------------------ what the csv reader keeps
def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reader_skips_a_bom_blank_lines_and_keeps_quoted_commas(tmp_path: Path) -> None:
    demand = write(tmp_path, "d.csv", '\ufeffid,weight\r\n"a,1", 2 \r\n\r\nb,-0\r\n')
    df = read_demand(demand)
    assert df["id"].tolist() == ["a,1", "b"]
    assert df["weight"].tolist() == [2.0, 0.0]
    assert not np.signbit(df["weight"].to_numpy()).any()  # "-0" reads as 0, as pandas read it


def test_reader_rejects_what_is_not_a_plain_number_or_a_row_too_wide(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"row 1 \(line 2\), field 'weight': '1_000' is not"):
        read_demand(write(tmp_path, "d.csv", "id,weight\na,1_000\n"))
    with pytest.raises(InputFileError, match=r"row 2 \(line 3\).*3 fields, the header has 2"):
        read_demand(write(tmp_path, "d.csv", "id,weight\na,1\nb,2,3\n"))
    with pytest.raises(InputFileError, match=r"row 1 \(line 2\), field 'weight': empty value"):
        read_demand(write(tmp_path, "d.csv", "id,weight\na\n"))  # short row: padded, empty


def test_loaded_problem_keeps_required_flags_and_capacities(tmp_path: Path) -> None:
    cand = write(tmp_path, "c.csv", "id,required,capacity\nA,yes,5\nB,,\n")
    demand = write(tmp_path, "d.csv", "id,weight\na,1\nb,2\n")
    costs = write(tmp_path, "k.csv", "demand_id,candidate_id,cost\na,A,1\nb,B,2\nb,A,3\n")
    problem = load_problem(demand, cand, costs)
    assert problem.required.tolist() == [True, False]
    assert problem.capacity is not None and problem.capacity.tolist() == [5.0, np.inf]


def test_long_table_lookup_names_an_unknown_id_and_rejects_duplicate_ids() -> None:
    with pytest.raises(InvalidInputError, match="pair 1 names unknown candidate id 'Z'"):
        Problem.from_long(["a"], [1.0], ["A"], ["a", "a"], ["A", "Z"], [1.0, 2.0])
    with pytest.raises(InvalidInputError, match="duplicate demand ids: a"):
        Problem.from_long(["a", "a"], [1.0, 1.0], ["A"], ["a"], ["A"], [1.0])
