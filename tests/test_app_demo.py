"""The Aalborg demo end to end: it loads idempotently and the app serves it (API and pages)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from geodata.demo import load_demo
from tests.helpers import fingerprint


@pytest.fixture
def client(demo_url: str, tmp_path) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


def test_demo_reload_changes_nothing(demo_url: str) -> None:
    before = fingerprint(demo_url)
    reports = load_demo(demo_url)
    assert sum(r.counts.changed for r in reports) == 0
    assert fingerprint(demo_url) == before


def test_demo_population_and_layers(client: TestClient) -> None:
    layers = {layer["name"]: layer for layer in client.get("/api/layers").json()}
    assert layers["dagi_sogne"]["feature_count"] == 57
    assert layers["dagi_sogne"]["synthetic"] is False
    assert "DAGI" in layers["dagi_sogne"]["credit"]
    assert layers["demo_lokaler"]["synthetic"] is True
    assert layers["rejseplanen_stoppesteder"]["credit"] == "Data: Rejseplanen"
    kommune = client.get("/api/features/areas", params={"area_kind": "kommune"}).json()
    assert kommune["features"][0]["properties"]["residents"] == 223174


def test_healthz_reports_database(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"]["postgis"]
    assert body["database"]["revision"]


def test_features_are_geojson_in_wgs84_with_bbox_filter(client: TestClient) -> None:
    response = client.get("/api/features/venues")
    assert response.headers["content-type"].startswith("application/geo+json")
    venues = response.json()["features"]
    assert len(venues) >= 100
    lon, lat = venues[0]["geometry"]["coordinates"]
    assert 9.3 < lon < 10.5 and 56.8 < lat < 57.3
    # Aalborg SØ (9210) has no sundhedshus: the whole point of the SØ project.
    box = client.get("/api/features/venues", params={"bbox": "9.93,57.00,10.0,57.03"}).json()
    assert 0 < len(box["features"]) < len(venues)


def test_bad_requests_are_problem_json(client: TestClient) -> None:
    bad = client.get("/api/features/venues", params={"bbox": "1,2,3"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert "bbox skal være fire tal" in bad.json()["detail"]  # Danish by default
    unknown = client.get("/api/features/parks")
    assert unknown.status_code == 422 and "unknown layer kind" in unknown.json()["detail"]


def test_pages_danish_by_default_english_on_request(client: TestClient) -> None:
    home = client.get("/")
    assert "Indlæste lag" in home.text and "Syntetiske demodata" in home.text
    english = client.get("/?lang=en")
    assert "Loaded layers" in english.text
    assert client.cookies.get("kk_lang") == "en"
    overview = client.get("/maps/overview", params={"lang": "da"})
    assert "Almene boligafdelinger" in overview.text
    assert "demo_lokaler" in overview.text  # named in the synthetic-data notice
    assert "cdn.jsdelivr" not in overview.text and "cdnjs" not in overview.text


def test_overview_popups_escape_loaded_text(demo_url: str, client: TestClient, tmp_path) -> None:
    from geodata.db import session_scope
    from geodata.loaders import LoadOptions, load

    csv = tmp_path / "xss.csv"
    csv.write_text("venue_id,name,type,lon,lat\nX1,<script>alert(1)</script>,other,9.99,57.03\n")
    with session_scope(demo_url) as session:
        load(session, "venues", LoadOptions(csv, layer="xss"))
    html = client.get("/maps/overview/map").text
    assert "<script>alert(1)</script>" not in html
    # Escaped before Folium serialises it (JSON turns & into \u0026): shown as text in the popup
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html
