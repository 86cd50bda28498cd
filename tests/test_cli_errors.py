"""The CLI answers expected failures with one line and exit code 2, never a traceback: the database
down, values that do not fit their column (a located error like every other load problem), and
files it may not write."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from sqlalchemy import create_engine
from typer.testing import CliRunner

import app.cli as cli
from app.cli import root
from app.settings import get_settings
from tests.helpers import LOADERS, fingerprint, load_base_areas, load_file

UNREACHABLE = "postgresql+psycopg://kkuser:kkpass@127.0.0.1:1/nope"
RANKING_CSV = Path(__file__).parent / "data" / "ranking" / "areas.csv"


def run(args: list[str], url: str, data_dir: Path) -> Any:
    """Invoke the CLI on `url`; exceptions are not caught, so a traceback fails the test."""
    env = {"KVARTERKORT_DATABASE_URL": url, "KVARTERKORT_DATA_DIR": str(data_dir)}
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(root, args, env=env, catch_exceptions=False)
    finally:
        get_settings.cache_clear()


def _one_error(result: Any, *parts: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    line = result.stderr.strip()
    assert line.startswith("Error: ")
    for part in parts:
        assert part in line
    return str(line)


def test_database_down_is_one_line(tmp_path: Path) -> None:
    result = run(["layers", "list"], UNREACHABLE, tmp_path)
    line = _one_error(result, "cannot reach the database", "kvarterkort db status")
    assert len(line.splitlines()) == 1


def test_db_status_says_unreachable_with_the_driver_s_reason_locally(tmp_path: Path) -> None:
    result = run(["db", "status"], UNREACHABLE, tmp_path)
    assert result.exit_code == 1 and '"reachable": false' in result.stdout
    assert "Connection refused" in result.stdout  # local CLI: the reason helps; /healthz hides it


def test_cluster_not_running_is_one_line(tmp_path: Path) -> None:
    _one_error(run(["layers", "list"], "", tmp_path), "The database is not running")


def test_a_file_that_may_not_be_written_is_one_line(tmp_path: Path) -> None:
    # sysfs refuses to create files for every user, root included
    args = ["rank", "--profile", "boligsocial", "--input", str(RANKING_CSV), "-o", "/sys/kk.csv"]
    _one_error(run(args, "", tmp_path), "permission denied", "/sys/kk.csv")


def test_main_turns_any_command_s_database_failure_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() covers commands that forgot user_errors(): here one added just for the test."""

    def touch_database() -> None:
        create_engine(UNREACHABLE).connect()

    root.command("test-touch-database")(touch_database)
    monkeypatch.setattr(sys, "argv", ["kvarterkort", "test-touch-database"])
    try:
        with pytest.raises(SystemExit) as exited:
            cli.main()
    finally:
        root.registered_commands.pop()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: cannot reach the database") and "Traceback" not in err


def test_a_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    root.command("test-broken")(broken)
    monkeypatch.setattr(sys, "argv", ["kvarterkort", "test-broken"])
    try:
        with pytest.raises(RuntimeError, match="a bug"):
            cli.main()
    finally:
        root.registered_commands.pop()


def test_csv_values_out_of_the_column_s_range_are_located(db_url: str, tmp_path: Path) -> None:
    frame = pd.read_csv(LOADERS / "venues.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "capacity"] = "99999999999"
    frame.loc[1, "venue_key"] = "K" * 70
    frame.loc[2, "name"] = "Nul\x00byte"
    bad = tmp_path / "venues_range.csv"
    frame.to_csv(bad, index=False)
    before = fingerprint(db_url)
    result = run(["load", "venues", str(bad), "--layer", "v"], db_url, tmp_path)
    line = _one_error(result)
    assert "venues_range.csv, row 2: field 'capacity': 99999999999 is out of range" in line
    assert "must be between -2147483648 and 2147483647" in result.stderr
    assert "row 3: field 'venue_key': is 70 characters long; at most 64 fit" in result.stderr
    assert "row 4: field 'name': contains a NUL character" in result.stderr
    assert fingerprint(db_url) == before


def test_gpkg_values_that_do_not_fit_are_located(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    frame = gpd.read_file(LOADERS / "sogne.geojson")
    code = next(c for c in frame.columns if c.lower() in ("code", "sognekode"))
    frame[code] = frame[code].astype(str)
    frame.loc[0, code] = "S" * 65
    frame["residents"] = [99999999999, 10, 20][: len(frame)]
    bad = tmp_path / "sogne_range.gpkg"
    frame.to_file(bad, driver="GPKG")
    before = fingerprint(db_url)
    args = ["load", "areas", str(bad), "--area-kind", "sogn", "--layer", "s"]
    result = run(args, db_url, tmp_path)
    _one_error(result, "sogne_range.gpkg, feature 1: field 'code': is 65 characters long")
    assert "feature 1: field 'residents': 99999999999 is out of range" in result.stderr
    assert fingerprint(db_url) == before


def test_an_indicator_period_too_long_and_an_infinite_value_are_located(
    db_url: str, tmp_path: Path
) -> None:
    load_base_areas(db_url)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv", layer="defs")
    frame = pd.read_csv(LOADERS / "indicators_long.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "period"] = "2024-and-then-some"
    frame.loc[1, "value"] = "inf"
    bad = tmp_path / "indicators_range.csv"
    frame.to_csv(bad, index=False)
    before = fingerprint(db_url)
    result = run(["load", "indicators", str(bad), "--layer", "i"], db_url, tmp_path)
    _one_error(result, "row 2: field 'period': is 18 characters long; at most 16 fit")
    assert "row 3: field 'value': expected a finite number, got 'inf'" in result.stderr
    assert fingerprint(db_url) == before


def test_a_population_cell_out_of_range_is_located(db_url: str, tmp_path: Path) -> None:
    with rasterio.open(LOADERS / "population.tif") as src:
        profile = src.profile | {"dtype": "float64"}
        bands = src.read().astype(np.float64)
    row, col = np.argwhere(bands[0] > 0)[0]
    bands[0, row, col] = 3e9
    if bands.shape[0] > 1:
        bands[1, row, col] = 0
    bad = tmp_path / "population_range.tif"
    with rasterio.open(bad, "w", **profile) as dst:
        dst.write(bands)
    before = fingerprint(db_url)
    result = run(["load", "population", str(bad), "--layer", "p"], db_url, tmp_path)
    _one_error(result, f"row {row} col {col}: field 'band 1': 3e+09 residents is out of range")
    assert fingerprint(db_url) == before


def test_a_layer_name_too_long_is_located(db_url: str, tmp_path: Path) -> None:
    before = fingerprint(db_url)
    args = ["load", "venues", str(LOADERS / "venues.csv"), "--layer", "L" * 121]
    _one_error(run(args, db_url, tmp_path), "field 'layer': layer name is 121 characters long")
    assert fingerprint(db_url) == before
