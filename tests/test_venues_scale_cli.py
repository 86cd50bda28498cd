"""`kvarterkort venues solve` at scale: the settings' size limit (or --exact-max-size) makes
the heuristic answer, the JSON says so and stderr says it in the catalogue's words; the venue
command module imports no engine (numpy, pandas, highspy) until a command runs."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import app.cli.venues as cli_venues
from app.settings import get_settings

DATA = Path(__file__).parent / "data" / "venues"
FILES = ["--demand", str(DATA / "demand.csv"), "--candidates", str(DATA / "candidates.csv"),
         "--costs", str(DATA / "costs_long.csv")]  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    root = typer.Typer()
    cli_venues.register(root)
    res = CliRunner().invoke(root, ["venues", "solve", "--model", "pmedian", "--p", "2",
                                    *FILES, *args])  # fmt: skip
    return res.exit_code, res.stdout, res.stderr


def test_above_the_size_limit_the_cli_prints_the_heuristic_and_says_so() -> None:
    code, out, err = run("--exact-max-size", "19", "--lang", "en")
    assert code == 0, err
    data = json.loads(out)
    assert (data["method"], data["reason"]) == ("heuristic", "size")
    assert data["gap"] is not None
    assert "too large for an exact solution (5 resident points × 4 venues, the limit is 19)" in err


def test_within_the_limits_the_cli_answers_exactly_without_a_notice() -> None:
    code, out, err = run("--exact-max-size", "20")
    assert code == 0 and json.loads(out)["method"] == "exact"
    assert "eksakt" not in err


def test_the_size_setting_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVARTERKORT_VENUES_EXACT_MAX_SIZE", "3")
    get_settings.cache_clear()
    try:
        code, out, err = run()
    finally:
        get_settings.cache_clear()
    assert code == 0 and json.loads(out)["reason"] == "size"
    assert "Spørgsmålet er for stort til en eksakt løsning" in err


def test_the_venues_command_module_imports_no_engine() -> None:
    code = ("import sys, app.cli.venues; "
            "print(sorted(m for m in ('numpy', 'pandas', 'scipy', 'highspy', 'venues') "
            "if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_the_web_settings_reach_the_engine_as_its_bounds() -> None:
    from app.routes.venues_params import solve_bounds
    from app.settings import Settings

    cancel = threading.Event()
    settings = Settings(venues_exact_max_size=7, venues_time_limit_s=2.5, venues_max_pairs=99)
    bounds = solve_bounds(settings, cancel)
    assert bounds.max_pairs == 99
    assert (bounds.limits.exact_max_size, bounds.limits.time_limit_s) == (7, 2.5)
    assert bounds.limits.cancel is cancel
