"""Every CSV Kvarterkort writes opens in a spreadsheet as text, never as a formula.

One helper (geodata.tabular) neutralises the cells; each download is checked end to end with a
title or name such as ``=HYPERLINK("http://x","y")``, and a scan of the source makes sure no
writer goes around the helper.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from app.cli import root
from app.main import create_app
from app.settings import Settings, get_settings
from geodata.db import session_scope
from geodata.tabular import csv_writer, frame_to_csv, safe_cell, safe_frame, unsafe_cell
from tests.helpers import load_base_areas
from tests.test_assets_helpers import approve, coordinator, make_client, run_cli, submit

EVIL = '=HYPERLINK("http://x","y")'
SAFE = "'" + EVIL
REPO = Path(__file__).resolve().parent.parent


def _cells(body: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def _neutralised(body: str) -> None:
    """The evil text is there, but only with its apostrophe, and no cell starts a formula."""
    cells = _cells(body)
    assert any(cell.startswith(SAFE) for cell in cells), "the test text is not in the file"
    assert not any(cell.startswith(EVIL[:10]) for cell in cells)


# --- the helper ------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_a_formula_gets_an_apostrophe(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert unsafe_cell(safe_cell(f"{start}1+1")) == f"{start}1+1"


def test_numbers_and_plain_text_are_untouched() -> None:
    for value in (-3.5, -2, 0, np.float64(-1.25), None, "Kildeparken", "3-4 personer", ""):
        assert safe_cell(value) == value or (value is None and safe_cell(value) is None)
    assert safe_cell("'=1") == "''=1" and unsafe_cell("''=1") == "'=1"  # reversible
    assert unsafe_cell("'hello") == "'hello"


def test_frames_keep_numeric_columns_numeric() -> None:
    frame = pd.DataFrame(
        {"score": [-3.5, 1.0], "rank": pd.array([1, None], dtype="Int64"), "t": ["-x", None]}
    )
    safe = safe_frame(frame)
    assert safe["score"].tolist() == [-3.5, 1.0] and safe["rank"].dtype == "Int64"
    assert safe["t"].tolist()[0] == "'-x" and pd.isna(safe["t"].tolist()[1])
    assert frame_to_csv(frame).splitlines() == ["score,rank,t", "-3.5,1,'-x", "1.0,,"]
    assert list(safe_frame(pd.DataFrame({"=bad": [1]})).columns) == ["'=bad"]


def test_row_writer_neutralises_each_cell() -> None:
    buffer = io.StringIO()
    csv_writer(buffer, lineterminator="\n").writerow([EVIL, -1, "@x"])
    assert buffer.getvalue() == f'"{SAFE.replace(chr(34), chr(34) * 2)}",-1,\'@x\n'


def test_no_csv_writer_goes_around_the_helper() -> None:
    """Any to_csv / csv.writer / DictWriter outside geodata/tabular.py would skip the rule, and
    any .xlsx writer (openpyxl Workbook or WriteOnlyCell, pandas to_excel/ExcelWriter,
    xlsxwriter) outside geodata/tabular_xlsx.py would skip its twin (quote-prefixed text).

    The one exception writes the synthetic demo tables from generated numbers, which the
    loaders read back as numbers (an apostrophe before "-1.5" would break them), never user text.
    """
    pattern = re.compile(
        r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(|DictWriter\("
        r"|\bWorkbook\(|WriteOnlyCell|\.to_excel\(|ExcelWriter\(|xlsxwriter"
    )
    allowed = {
        REPO / "geodata" / "tabular.py",
        REPO / "geodata" / "tabular_xlsx.py",
        REPO / "scripts" / "demo_gen" / "writers.py",
    }
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("app", "geodata", "mapping", "indicators", "venues", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


# --- every download --------------------------------------------------------------------------


def test_asset_downloads_and_cli_export(db_url: str, tmp_path: Path) -> None:
    """Public CSV, the coordinators' export, the CLI export; the export imports back unchanged."""
    load_base_areas(db_url)
    staff = make_client(db_url, tmp_path)
    assert submit(staff, title=EVIL, description="-3 grader om vinteren").status_code == 303
    assert submit(staff, title="+45 ring først").status_code == 303
    token = coordinator(staff, db_url)
    pending = staff.get("/api/admin/assets/export", params={"format": "csv", "status": "pending"})
    assert pending.status_code == 200
    _neutralised(pending.text)
    assert "'-3 grader om vinteren" in pending.text and "'+45 ring først" in pending.text
    approve(staff, db_url, EVIL, token)
    public = TestClient(staff.app).get("/api/assets.csv")
    _neutralised(public.text)
    row = next(csv.DictReader(io.StringIO(public.text)))
    assert float(row["lon"]) > 0 and not row["lon"].startswith("'")
    out = tmp_path / "assets.csv"
    result = run_cli(db_url, ["assets", "export", str(out)])
    assert result.exit_code == 0, result.output
    _neutralised(out.read_text(encoding="utf-8"))
    result = run_cli(db_url, ["assets", "import", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 2 unchanged" in result.output  # the apostrophe came off again
    with session_scope(db_url) as session:
        titles = session.execute(text("SELECT title FROM assets ORDER BY title")).scalars().all()
    assert titles == sorted([EVIL, "+45 ring først"])


def test_ranking_cli_csv(tmp_path: Path) -> None:
    areas = pd.read_csv(REPO / "tests" / "data" / "ranking" / "areas.csv", dtype=str)
    areas.loc[0, "area_name"] = EVIL
    source = tmp_path / "areas.csv"
    areas.to_csv(source, index=False)  # the input file itself, not a Kvarterkort download
    out = tmp_path / "ranked.csv"
    get_settings.cache_clear()
    try:
        args = ["rank", "-p", "boligsocial", "-i", str(source), "-o", str(out)]
        result = CliRunner().invoke(root, args, env={"KVARTERKORT_DATABASE_URL": ""})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    _neutralised(out.read_text(encoding="utf-8"))


def test_ranking_and_venue_downloads(demo_url: str, tmp_path: Path) -> None:
    with session_scope(demo_url) as session:
        session.execute(
            text("UPDATE areas SET name = :n WHERE kind = 'sogn' AND code = "
                 "(SELECT min(code) FROM areas WHERE kind = 'sogn')"), {"n": EVIL}
        )  # fmt: skip
        session.execute(text("UPDATE venues SET name = :n"), {"n": EVIL})
    client = TestClient(
        create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url)
    )
    ranking = client.get("/api/ranking/run", params={"profile": "boligsocial", "format": "csv"})
    assert ranking.status_code == 200
    _neutralised(ranking.text)
    frame = pd.read_csv(io.StringIO(ranking.text))
    assert pd.api.types.is_numeric_dtype(frame["score"])  # numbers stay numbers
    question = {"model": "mclp", "p": 2, "radius": 800, "target": "65+", "area_kind": "postnummer",
                "area_code": "9210", "buffer_m": 500}  # fmt: skip
    solved = client.post("/api/venues/solve?format=csv&table=venues", json=question)
    assert solved.status_code == 200
    _neutralised(solved.text)
    page = client.get("/venues/download", params={**question, "format": "csv", "table": "venues"})
    assert page.status_code == 200
    _neutralised(page.text)
