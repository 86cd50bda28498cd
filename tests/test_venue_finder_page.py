"""The coordinator page /venues, its map and its printable report (server-rendered HTML)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope

QUESTION = {"model": "mclp", "p": "2", "radius": "800", "unit": "m", "target": "65+",
            "area_kind": "postnummer", "area_code": "9210", "buffer_m": "500"}  # fmt: skip


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


def attr(html: str, testid: str, name: str) -> str:
    tag = re.search(rf'<[^>]*data-testid="{testid}"[^>]*>', html)
    assert tag, testid
    value = re.search(rf'{name}="([^"]*)"', tag.group(0))
    assert value, (testid, name)
    return value.group(1).replace("&amp;", "&")


def test_form_in_danish_with_the_so_defaults(client: TestClient) -> None:
    page = client.get("/venues")
    assert page.status_code == 200
    html = page.text
    for words in ("Lokaler til mobile sundhedstilbud", "Hvad skal optimeres?", "Find lokaler",
                  "Fælleshus", "Kirke/sognegård", "Trinfri adgang", "Tirsdag",
                  "Borgere på 65 år og derover"):  # fmt: skip
        assert words in html, words
    assert 'name="area_code" list="vf-areas" autocomplete="off" value="9210"' in html
    assert 'value="500"' in html and 'method="get"' in html
    assert 'data-testid="venues-table"' not in html  # no question asked yet
    assert '<option value="9210">Aalborg SØ (Postnummer)</option>' in html
    english = client.get("/venues?lang=en").text
    for words in ("Venues for mobile health offers", "Find venues", "Community house",
                  "Step-free access", "Residents aged 65 and over"):  # fmt: skip
        assert words in english, words


def test_answer_on_the_same_page(client: TestClient) -> None:
    page = client.get("/venues", params=QUESTION)
    assert page.status_code == 200
    html = page.text
    assert len(re.findall(r'<tr data-venue="V\d+"', html)) == 2
    assert ("Afstande er beregnet som fugleflugt × 1,3, fordi der ikke er indlæst et gangnet."
            in html)  # fmt: skip
    assert re.search(r"2 lokaler når \d+ % af målgruppen \([\d.]+ af [\d.]+\) inden for 800 m",
                     html)  # fmt: skip
    assert "Syntetiske" in html or "syntetiske" in html
    map_url = attr(html, "venues-map", "src")
    assert map_url.startswith("/venues/map?")
    asked = parse_qs(urlsplit(map_url).query)
    assert asked["p"] == ["2"] and asked["radius"] == ["800"] and asked["target"] == ["65+"]
    assert "/venues/report?" in attr(html, "report-link", "href")
    for label in ("Lokaler (CSV)", "Borgerpunkter (CSV)", "GeoJSON", "GeoPackage"):
        assert label in html
    english = client.get("/venues", params={**QUESTION, "lang": "en"}).text
    assert "Distances are straight-line distances × 1.3, because no walking network" in english
    assert "Reach and load per venue" in english


def test_unanswerable_questions_are_explained_next_to_the_form(client: TestClient) -> None:
    too_many = client.get("/venues", params={**QUESTION, "p": "40"})
    assert too_many.status_code == 422
    assert "Forespørgslen kan ikke besvares" in too_many.text
    # in Danish, for a coordinator: what was asked, what was found, what would work
    assert re.search(
        r"Du har bedt om 40 lokaler, men kun \d+ lokaler opfylder kravene", too_many.text
    )
    assert "Vælg højst" in too_many.text and "larger than" not in too_many.text
    assert 'data-testid="venue-form"' in too_many.text
    english = client.get("/venues", params={**QUESTION, "p": "40", "lang": "en"}).text
    assert "You asked for 40 venues, but only" in english
    not_a_number = client.get("/venues", params={**QUESTION, "p": "to"})
    assert not_a_number.status_code == 422
    assert "p: " in not_a_number.text and "Input should be" not in not_a_number.text
    assert 'value="9210"' in not_a_number.text  # the rest of the input is kept
    bad_map = client.get("/venues/map", params={**QUESTION, "area_code": "9999"})
    assert bad_map.status_code == 422
    assert bad_map.headers["content-type"] == "application/problem+json"


def test_map_shows_venues_catchments_and_labels(client: TestClient) -> None:
    html = client.get("/venues/map", params=QUESTION).text
    assert 'data-testid="synthetic-notice"' in html and "demo_lokaler" in html
    assert 'data-testid="venues-legend"' in html and "Signaturforklaring" in html
    assert html.count('"icon": "house-medical"') == 2  # one marker per chosen venue
    assert "kk-catchment" in html and "Gangomr\\u00e5de" in html  # JSON-escaped in the script
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    english = client.get("/venues/map", params={**QUESTION, "lang": "en"}).text
    assert "Walking catchment" in english and "Synthetic demo data" in english


def test_printable_report(client: TestClient) -> None:
    html = client.get("/venues/report", params=QUESTION).text
    assert "@media print" in html
    assert 'data-testid="report-parameters"' in html and "Postnummer 9210 (+ 500 m)" in html
    assert len(re.findall(r'<tr data-venue="V\d+"', html)) == 2
    assert "fugleflugt × 1,3" in html
    sketch = re.search(r"<svg .*?</svg>", html, re.S)
    assert sketch and sketch.group(0).count('text-anchor="middle">') == 2  # numbered venues
    assert 'data-testid="venues-map"' not in html  # no map snapshot needed in print


def test_venue_names_are_escaped_everywhere(client: TestClient, demo_url: str) -> None:
    chosen = client.post("/api/venues/solve", json={"area_code": "9210"}).json()
    key = chosen["summary"]["selected"][0]
    evil = "<img src=x onerror=alert(1)>`${x}`"
    with session_scope(demo_url) as session:
        session.execute(text("UPDATE venues SET name = :n WHERE venue_key = :k"),
                        {"n": evil, "k": key})  # fmt: skip
    for path in ("/venues", "/venues/map", "/venues/report"):
        html = client.get(path, params=QUESTION).text
        assert "<img src=x" not in html, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, path
