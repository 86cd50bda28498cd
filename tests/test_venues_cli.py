"""`kvarterkort venues ...` round trips through a fresh Typer root (no app.cli package needed).

The command module is loaded from its file so this test does not depend on the other command
groups that app/cli/__init__.py registers.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
import typer
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "venues"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "kk_cli_venues", REPO / "app" / "cli" / "venues.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def root() -> typer.Typer:
    app = typer.Typer()
    _module().register(app)
    return app


def files(costs: str = "costs_long.csv") -> list[str]:
    return [
        "--demand",
        str(DATA / "demand.csv"),
        "--candidates",
        str(DATA / "candidates.csv"),
        "--costs",
        str(DATA / costs),
    ]


@pytest.mark.parametrize("costs", ["costs_long.csv", "costs_wide.csv"])
def test_mclp_round_trip(root: typer.Typer, costs: str) -> None:
    res = CliRunner().invoke(
        root, ["venues", "solve", "--model", "mclp", "--p", "2", "--radius", "500", *files(costs)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["selected"] == ["B", "D"]
    assert data["objective"] == 90.0 and data["covered_weight"] == 90.0
    assert data["covered_share"] == 0.9
    assert data["mean_cost"] == pytest.approx(26000 / 90) and data["max_cost"] == 450.0
    assert data["gap"] == pytest.approx(0.0, abs=1e-9)


def test_heuristic_output_file_and_other_models(root: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    args = [
        "venues",
        "solve",
        "--model",
        "pmedian",
        "--p",
        "2",
        "--heuristic",
        "--output",
        str(out),
    ]
    res = CliRunner().invoke(root, [*args, *files()])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["selected"] == ["B", "D"] and data["objective"] == 32000.0
    assert data["solver"] == "heuristic" and data["gap"] is not None
    lscp = CliRunner().invoke(
        root, ["venues", "solve", "--model", "lscp", "--radius", "500", "--share", "0.9", *files()]
    )
    assert json.loads(lscp.stdout)["selected"] == ["B", "D"]
    forced = ["--model", "pcenter", "--p", "2", "--required", "C", "--exclude", "A"]
    pc = CliRunner().invoke(root, ["venues", "solve", *forced, *files("costs_wide.csv")])
    assert json.loads(pc.stdout)["selected"] == ["B", "C"]


def test_decay_option(root: typer.Typer) -> None:
    args = [
        "venues",
        "solve",
        "--model",
        "mclp",
        "--p",
        "1",
        "--radius",
        "500",
        "--decay",
        "linear:200",
    ]
    res = CliRunner().invoke(root, [*args, *files()])
    assert json.loads(res.stdout)["selected"] == ["D"]


def test_rotation_command(root: typer.Typer) -> None:
    res = CliRunner().invoke(
        root, ["venues", "rotation", "-k", "1", "-w", "3", "--radius", "500", *files()]
    )
    assert res.exit_code == 0, res.output
    weeks = json.loads(res.stdout)["weeks"]
    assert [w["venues"] for w in weeks] == [["B"], ["D"], ["A"]]
    assert [w["cumulative_weight"] for w in weeks] == [50.0, 90.0, 100.0]


def test_bad_file_gives_a_clear_error_and_exit_2(root: typer.Typer) -> None:
    res = CliRunner().invoke(
        root,
        [
            "venues",
            "solve",
            "--model",
            "mclp",
            "--p",
            "2",
            "--radius",
            "500",
            *files("costs_bad_id.csv"),
        ],
    )
    assert res.exit_code == 2
    assert (
        "costs_bad_id.csv, row 3 (line 4), field 'demand_id': unknown demand id 'd9'" in res.stderr
    )
    assert "Traceback" not in res.output


def test_impossible_request_and_missing_option(root: typer.Typer) -> None:
    res = CliRunner().invoke(
        root, ["venues", "solve", "--model", "mclp", "--p", "9", "--radius", "500", *files()]
    )
    assert res.exit_code == 2 and "p=9 is larger than the 4 candidates" in res.stderr
    res = CliRunner().invoke(root, ["venues", "solve", "--model", "mclp", "--p", "2", *files()])
    assert res.exit_code == 2 and "needs a radius" in res.stderr


@pytest.mark.parametrize(
    "command",
    [["venues", "--help"], ["venues", "solve", "--help"], ["venues", "rotation", "--help"]],
)
def test_help(root: typer.Typer, command: list[str]) -> None:
    res = CliRunner().invoke(root, command)
    assert res.exit_code == 0 and "Usage" in res.output
