"""The demo's real kommune figures: FOLK1A for Aalborg 2020K1, imported through the Statbank use
case from data/real/folk1a_aalborg_851_2008K1-2020K1.csv, labelled real and credited; and the
public provenance listing /api/statbank/imports.

Expected figures, by hand from the file's 200 Aalborg 2020K1 rows (awk): all rows 214,742;
ages 65-100 38,956 (18.1408 %); ages 0-17 39,205 (18.2568 %).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope
from geodata.demo import load_demo

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
SHARED = Path(__file__).parent / "data" / "statbank"


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


def test_demo_file_is_the_aalborg_rows_of_the_real_download() -> None:
    full = SHARED / "FOLK1A_code_OMRAADE-000-081-085-147-400-461-561-751-851_2008K1-2020K1.csv"
    lines = full.read_text(encoding="utf-8").splitlines()
    aalborg = [lines[0]] + [line for line in lines[1:] if line.startswith("851;")]
    demo = (REAL / "folk1a_aalborg_851_2008K1-2020K1.csv").read_text(encoding="utf-8")
    assert demo.splitlines() == aalborg and len(aalborg) == 2601


def test_real_kommune_indicators(demo_url: str) -> None:
    with session_scope(demo_url) as session:
        rows = session.execute(text(
            "SELECT v.indicator_code, v.period, v.value, v.numerator, v.denominator, l.name, "
            "l.synthetic, l.credit FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "JOIN layers l ON l.id = v.layer_id WHERE a.kind = 'kommune' AND a.code = '0851' "
            "ORDER BY v.indicator_code"
        )).all()  # fmt: skip
    got = {r.indicator_code: r for r in rows}
    assert set(got) == {"age0_17_pct", "age65_pct", "population_total"}
    assert (got["population_total"].value, got["population_total"].period) == (214742.0, "2020K1")
    assert (got["age65_pct"].numerator, got["age65_pct"].denominator) == (38956.0, 214742.0)
    assert got["age65_pct"].value == pytest.approx(18.1408, abs=1e-4)
    assert got["age0_17_pct"].value == pytest.approx(18.2568, abs=1e-4)
    for row in rows:
        assert row.synthetic is False and row.name == f"statbank_folk1a_{row.indicator_code}"
        assert row.credit.startswith("Kilde: Danmarks Statistik, Statistikbanken, tabel FOLK1A, ")
        assert "2020K1" in row.credit and "mangler alder 38 og alder 101 år" in row.credit
        share = row.indicator_code.endswith("_pct")  # a denominator without age 38: too high
        assert ("andelen er lidt for høj" in row.credit) is share


def test_reload_reports_unchanged_with_the_file_gaps(demo_url: str) -> None:
    reports = [r for r in load_demo(demo_url) if r.kind == "statbank"]
    assert len(reports) == 3 and all(r.counts.changed == 0 for r in reports)
    summary = reports[1].summary()
    assert "unchanged" in summary and "it lacks 38" in summary and "101 år" in summary


def test_imports_listing_is_public_and_paged(client: TestClient) -> None:
    first = client.get("/api/statbank/imports", params={"limit": 2})
    assert first.status_code == 200
    body = first.json()
    assert [i["indicator"] for i in body["items"]] == ["age0_17_pct", "age65_pct"]
    item = body["items"][0]
    assert item["table"] == "FOLK1A" and item["layer"] == "statbank_folk1a_age0_17_pct"
    assert item["request"].startswith("file folk1a_aalborg_851_2008K1-2020K1.csv (sha256 ")
    assert item["values_count"] == 1 and item["table_updated"] is None
    assert item["selection"]["per"] == {"ALDER": ["*"]}
    rest = client.get(body["next"]).json()
    assert [i["indicator"] for i in rest["items"]] == ["population_total"]
    assert rest["next"] is None


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"offset": 2**31}, {"limit": "x"}]
)
def test_imports_listing_bad_parameters(client: TestClient, params: dict) -> None:
    response = client.get("/api/statbank/imports", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
