"""`kvarterkort rank`: files in and out without a database, and the loaded demo areas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from typer.testing import CliRunner

from app.cli import root
from app.settings import get_settings

DATA = Path(__file__).parent / "data" / "ranking"
CSV = DATA / "areas.csv"
GEOJSON = DATA / "areas.geojson"


def run_cli(args: list[str], db_url: str | None = None) -> Any:
    """Invoke the CLI; with `db_url` it talks to that database (settings are cached)."""
    env = {"KVARTERKORT_DATABASE_URL": db_url} if db_url else {"KVARTERKORT_DATABASE_URL": ""}
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(root, ["rank", *args], env=env)
    finally:
        get_settings.cache_clear()


def test_csv_input_prints_top_table_and_summary() -> None:
    result = run_cli(["--profile", "boligsocial", "--input", str(CSV)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = next(i for i, line in enumerate(lines) if "Østerby" in line)
    havneby = next(i for i, line in enumerate(lines) if "Havneby" in line)
    assert first < havneby  # most need first, least need last
    assert "Østerby er nr. 1 af 6" in result.output
    assert "6 of 6 areas ranked with profile 'Boligsocial'" in result.output
    # Midtby's base of 12 persons, and (secondary suppression) the smallest other base with it
    assert "small numbers: 2" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".gpkg"])
def test_each_output_format_reads_back_with_the_right_columns(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"ranked{suffix}"
    args = ["-p", str(DATA / "small_profile.yaml"), "-i", str(GEOJSON), "-o", str(out)]
    result = run_cli([*args, "--sensitivity", "20", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert f"Wrote 6 areas to {out}" in result.output
    if suffix == ".csv":
        back = pd.read_csv(out, dtype={"area_code": str})
    else:
        back = gpd.read_file(out)
        assert back.crs.to_epsg() == 4326 and back.geometry.notna().all()
    expected = {"area_code", "score", "rank", "p05_rank", "p95_rank", "why_da", "why_en"}
    assert expected | {"contrib__outside_work_edu_pct", "suppressed"} <= set(back.columns)
    back = back.set_index("area_code")
    assert sorted(back["rank"]) == [1, 2, 3, 4, 5, 6]
    assert back.loc["0101", "rank"] == 1 and back.loc["0106", "rank"] == 6
    assert (back["p05_rank"] <= back["rank"] + 5).all()
    # Midtby's value rests on 12 persons: blanked in every format, flagged as suppressed.
    assert pd.isna(back.loc["0105", "value__outside_work_edu_pct"])
    assert pd.isna(back.loc["0105", "contrib__outside_work_edu_pct"])
    assert bool(back.loc["0105", "suppressed"])
    assert back.loc["0103", "value__outside_work_edu_pct"] == 33.0


def test_html_map_opens_without_the_web_app(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = run_cli(["-p", "boligsocial", "-i", str(GEOJSON), "-o", str(out), "--mode", "decile"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'data-testid="ranking-legend"' in html and "1. decil" in html
    assert "Havneby" in html  # area names in the features (JSON-escaped non-ASCII)
    assert "/static/vendor" not in html and "cdn.jsdelivr" not in html  # assets inlined
    assert "L.map(" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", str(DATA / "bad_profile.yaml"), "-i", str(CSV)], "wieght"),
        (["-p", "no_such_profile", "-i", str(CSV)], "built-in profiles: boerneliv_i_sund_balance"),
        (["-p", "boligsocial", "-i", str(DATA / "missing.csv")], "no such file"),
        (["-p", "boligsocial", "-i", str(DATA / "README.md")], "cannot read '.md' files"),
        (["-p", "imd2025_england", "-i", str(CSV)], "needs column(s) 'lsoa'"),
        (["-p", "boligsocial", "-i", str(CSV), "-o", "x.geojson"], "needs area shapes"),
        (["-p", "boligsocial", "-i", str(CSV), "-o", "x.ods"], "write .csv, .xlsx, .geojson"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = run_cli(args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_ranks_the_loaded_demo_areas(demo_url: str, tmp_path: Path) -> None:
    printed = run_cli(["-p", "boligsocial", "--sensitivity", "20"], db_url=demo_url)
    assert printed.exit_code == 0, printed.output
    assert "57 of 57 areas ranked" in printed.output
    assert "stable over 20 draws" in printed.output
    out = tmp_path / "boligomraader.geojson"
    args = ["-p", "boligsocial", "--area-kind", "boligområde", "--period", "2023", "-o", str(out)]
    written = run_cli(args, db_url=demo_url)
    assert written.exit_code == 0, written.output
    back = gpd.read_file(out)
    assert len(back) == 12 and back["area_code"].str.startswith("BO-").all()
    assert {"rank", "score", "udsat_boligomraade_2024__status"} <= set(back.columns)
    assert back.geometry.is_valid.all()


def test_unknown_period_and_area_kind_are_reported(demo_url: str) -> None:
    result = run_cli(["-p", "boligsocial", "--area-kind", "amt"], db_url=demo_url)
    assert result.exit_code == 2 and "unknown area kind 'amt'" in result.output
    result = run_cli(["-p", "boligsocial", "--area-kind", "postnummer"], db_url=demo_url)
    assert result.exit_code == 2 and "no indicator values" in result.output
