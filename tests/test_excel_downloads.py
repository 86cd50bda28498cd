"""Every table download in three forms: plain CSV, Danish CSV (BOM, ;, decimal comma) and .xlsx.

The writers are checked on their own (a Danish CSV round-trips through pandas with sep=';' and
decimal=','; an .xlsx has typed numbers, a frozen header, widths, a sheet title and disarmed
formulas), then each download route end to end.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.downloads import TableFormat, disposition, file_name, people_headers, table_response
from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope
from geodata.tabular import BOM, frame_to_csv_da, table_bytes
from geodata.tabular_xlsx import sheet_title
from tests.helpers import load_base_areas
from tests.test_assets_helpers import approve, coordinator, make_client, submit

EVIL = '=HYPERLINK("http://x","y")'
FRAME = pd.DataFrame(
    {
        "navn": ["Kildeparken", EVIL, "Æblehaven"],
        "score": [1.25, -3.5, None],
        "rank": pd.array([1, 2, None], dtype="Int64"),
        "dato": pd.to_datetime(["2026-11-29", "2026-01-02", None]),
    }
)


def _book(body: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(body))


def _cells(body: bytes) -> list[openpyxl.cell.Cell]:
    return [cell for row in _book(body).active.iter_rows() for cell in row]


# --- writers ---------------------------------------------------------------------------------


def test_danish_csv_has_bom_semicolons_and_decimal_commas() -> None:
    body = frame_to_csv_da(FRAME)
    assert body.startswith(BOM)
    lines = body[len(BOM) :].decode("utf-8").splitlines()
    assert lines[0] == "navn;score;rank;dato"
    assert lines[1] == "Kildeparken;1,25;1;2026-11-29 00:00:00"
    assert lines[2].startswith("\"'=HYPERLINK(") and lines[2].endswith(
        ";-3,5;2;2026-01-02 00:00:00"
    )
    back = pd.read_csv(io.BytesIO(body), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["score"].tolist()[:2] == [1.25, -3.5] and pd.isna(back["score"].iloc[2])
    assert back["navn"].iloc[2] == "Æblehaven" and list(back.columns) == list(FRAME.columns)


def test_xlsx_has_typed_cells_frozen_header_widths_and_title() -> None:
    body = table_bytes(FRAME, "xlsx", sheet="Rangering: 2026/27?")
    sheet = _book(body).active
    assert sheet.title == "Rangering- 2026-27-" and sheet_title("") == "Data"
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == ["navn", "score", "rank", "dato"] and all(c.font.b for c in sheet[1])
    assert [c.value for c in sheet[2]][1:3] == [1.25, 1]
    assert sheet["B3"].data_type == "n" and sheet["B3"].value == -3.5
    assert sheet["D2"].is_date and sheet["B4"].value is None and sheet["C4"].value is None
    assert 6 <= sheet.column_dimensions["A"].width <= 60
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width


def test_xlsx_formula_cells_are_text_with_a_quote_prefix() -> None:
    cells = _cells(table_bytes(pd.DataFrame({"=x": [EVIL, "@SUM(A1)", "#N/A", "ok"]}), "xlsx"))
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    evil = next(c for c in cells if c.value == EVIL)
    assert evil.data_type == "s" and evil.quotePrefix  # shown and kept as text, exactly
    assert next(c for c in cells if c.value == "@SUM(A1)").quotePrefix
    assert not next(c for c in cells if c.value == "ok").quotePrefix


def test_table_response_names_the_file_and_the_media_type() -> None:
    response = table_response(FRAME, TableFormat.xlsx, "ranking-imd 2025/x", "da")
    assert response.media_type.endswith("spreadsheetml.sheet")
    assert 'filename="ranking-imd_2025_x.xlsx"' in response.headers["content-disposition"]
    assert file_name("a b", "csv-da") == "a_b.csv" and "filename*=UTF-8''" in disposition("x.csv")
    assert response.body[:2] == b"PK"  # a zip: the .xlsx container


def test_people_headers_are_danish_only_where_catalogued() -> None:
    frame = pd.DataFrame({"title": ["x"], "lat": [57.0], "kommunekode_x": [1]})
    assert list(people_headers(frame, "da").columns) == ["Titel", "Breddegrad", "kommunekode_x"]
    assert list(people_headers(frame, "en").columns) == ["title", "lat", "kommunekode_x"]


# --- routes ----------------------------------------------------------------------------------


def test_asset_downloads_in_three_forms(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    staff = make_client(db_url, tmp_path)
    assert submit(staff, title=EVIL).status_code == 303
    token = coordinator(staff, db_url)
    approve(staff, db_url, EVIL, token)
    public = TestClient(staff.app)
    danish = public.get("/api/assets.csv", params={"format": "csv-da"})
    assert danish.status_code == 200 and danish.content.startswith(BOM)
    assert 'filename="kvarterkort-assets.csv"' in danish.headers["content-disposition"]
    frame = pd.read_csv(io.BytesIO(danish.content), sep=";", decimal=",", encoding="utf-8-sig")
    assert {"Titel", "Kategori", "Breddegrad", "Længdegrad"} <= set(frame.columns)
    assert 54 < frame["Breddegrad"].iloc[0] < 58  # a number, read with the decimal comma
    xlsx = public.get("/api/assets.csv", params={"format": "xlsx"})
    assert xlsx.headers["content-type"].endswith("spreadsheetml.sheet")
    assert 'filename="kvarterkort-assets.xlsx"' in xlsx.headers["content-disposition"]
    sheet = _book(xlsx.content).active
    header = [c.value for c in sheet[1]]
    lat = sheet.cell(2, header.index("Breddegrad") + 1)
    assert lat.data_type == "n" and 54 < lat.value < 58
    assert not [c for c in _cells(xlsx.content) if c.data_type == "f"]
    english = public.get("/api/assets.csv", params={"format": "xlsx", "lang": "en"})
    assert "title" in [c.value for c in _book(english.content).active[1]]
    plain = public.get("/api/assets.csv")
    assert plain.text.startswith("id,") and not plain.content.startswith(BOM)
    staff_xlsx = staff.get("/api/admin/assets/export", params={"format": "xlsx"})
    assert staff_xlsx.status_code == 200 and "Status" in [
        c.value for c in _book(staff_xlsx.content).active[1]
    ]
    page = public.get("/assets").text
    assert "format=csv-da" in page and "format=xlsx" in page and "CSV (dansk Excel)" in page


def test_ranking_and_venue_downloads_in_three_forms(demo_url: str, tmp_path: Path) -> None:
    client = TestClient(
        create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url)
    )
    run = {"profile": "boligsocial"}
    xlsx = client.get("/api/ranking/run", params={**run, "format": "xlsx"})
    assert xlsx.status_code == 200, xlsx.text
    sheet = _book(xlsx.content).active
    header = [c.value for c in sheet[1]]
    assert sheet.title == "Ranking" and "Score" in header and "Placering" in header
    scores = [sheet.cell(r, header.index("Score") + 1) for r in range(2, sheet.max_row + 1)]
    assert any(c.data_type == "n" and isinstance(c.value, float) for c in scores)
    danish = client.get("/api/ranking/run", params={**run, "format": "csv-da"})
    frame = pd.read_csv(io.BytesIO(danish.content), sep=";", decimal=",", encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(frame["Score"])
    question = {"model": "mclp", "p": 2, "radius": 800, "target": "65+",
                "area_kind": "postnummer", "area_code": "9210", "buffer_m": 500}  # fmt: skip
    for fmt, suffix in (("csv-da", "csv"), ("xlsx", "xlsx")):
        page = client.get("/venues/download", params={**question, "format": fmt, "table": "venues"})
        assert page.status_code == 200, page.text
        assert f'"venues_mclp_venues.{suffix}"' in page.headers["content-disposition"]
        api = client.post(f"/api/venues/solve?format={fmt}&table=demand", json=question)
        assert api.status_code == 200
    venues = _book(client.get("/venues/download", params={**question, "format": "xlsx"}).content)
    header = [c.value for c in venues.active[1]]
    assert (
        "Navn" in header
        and venues.active.cell(2, header.index("Rækkevidde (personer)") + 1).data_type == "n"
    )
    html = client.get("/venues", params=question).text
    assert "format=xlsx&amp;table=venues" in html and "Lokaler (CSV (dansk Excel))" in html
    assert "format=csv-da" in client.get("/ranking", params=run).text


@pytest.mark.parametrize("fmt", ["xlsx", "csv-da"])
def test_bad_format_is_a_422_not_a_500(db_url: str, tmp_path: Path, fmt: str) -> None:
    client = TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=db_url))
    assert client.get("/api/assets.csv", params={"format": fmt + "x"}).status_code == 422
    with session_scope(db_url) as session:
        assert session.execute(text("SELECT count(*) FROM assets")).scalar() == 0


def test_ranking_cli_writes_xlsx(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from app.cli import root
    from app.settings import get_settings

    areas = pd.read_csv(Path(__file__).parent / "data" / "ranking" / "areas.csv", dtype=str)
    areas.loc[0, "area_name"] = EVIL
    source = tmp_path / "areas.csv"
    source.write_text(areas.to_csv(index=False), encoding="utf-8")
    out = tmp_path / "ranked.xlsx"
    get_settings.cache_clear()
    try:
        args = ["rank", "-p", "boligsocial", "-i", str(source), "-o", str(out)]
        result = CliRunner().invoke(root, args, env={"KVARTERKORT_DATABASE_URL": ""})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    sheet = _book(out.read_bytes()).active
    header = [c.value for c in sheet[1]]
    assert sheet.title == "Ranking" and sheet.cell(2, header.index("score") + 1).data_type == "n"
    evil = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert evil and all(c.data_type == "s" and c.quotePrefix for c in evil)


def test_too_large_xlsx_is_refused_in_danish(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geodata import tabular_xlsx

    load_base_areas(db_url)
    staff = make_client(db_url, tmp_path)
    assert submit(staff, title="Legepladsen").status_code == 303
    approve(staff, db_url, "Legepladsen", coordinator(staff, db_url))
    monkeypatch.setattr(tabular_xlsx, "MAX_CELLS", 5)
    refused = TestClient(staff.app).get("/api/assets.csv", params={"format": "xlsx"})
    assert refused.status_code == 422
    assert "for mange til en Excel-fil" in refused.json()["detail"]
    assert TestClient(staff.app).get("/api/assets.csv", params={"format": "csv-da"}).is_success
