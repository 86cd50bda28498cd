"""The planner pages on the demo: ranking page, map, area profile, comparison, and escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope
from geodata.queries.ranking import save_profile

DRAWS = {"draws": 20}


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="ranking-test")
    return TestClient(create_app(settings, database_url=demo_url))


def rows_of(html: str, testid: str) -> list[str]:
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], flags=re.S)


def test_planner_page_shows_map_table_and_capacity(client: TestClient) -> None:
    html = client.get("/ranking", params={"profile": "boligsocial", **DRAWS}).text
    assert 'data-testid="ranking-map"' in html
    src = re.search(r'<iframe class="map-frame" src="([^"]+)"', html)
    assert src and src.group(1).startswith("/ranking/map?profile=boligsocial")
    rows = rows_of(html, "ranking-table")
    assert len(rows) == 57
    first = re.sub(r"<[^>]+>", " ", rows[0])
    assert " 1 " in first and "er nr. 1 af 57, primært pga." in first
    assert re.search(r'href="/ranking/areas/sogn/\d+\?profile=boligsocial&amp;period=2024', rows[0])
    assert 'data-quadrant="high_need_low_capacity"' in html
    assert "demo_indikatorer" in html  # the synthetic-data banner names the layer
    assert "format=csv" in html
    english = client.get("/ranking", params={"lang": "en", **DRAWS}).text
    assert "Ranked list" in english and "mainly because of" in english
    assert '<a href="/ranking">' in client.get("/").text  # in the navigation


def test_housing_areas_show_statutory_lists(client: TestClient) -> None:
    params = {"profile": "boligsocial", "area_kind": "boligområde", **DRAWS}
    html = client.get("/ranking", params=params).text
    rows = rows_of(html, "ranking-table")
    assert len(rows) == 12
    assert any("Udsat boligområde" in row for row in rows)


def test_bad_choices_are_shown_on_the_page(client: TestClient) -> None:
    unknown = client.get("/ranking", params={"profile": "findes_ikke"})
    assert unknown.status_code == 404
    assert 'data-testid="ranking-error"' in unknown.text and "findes_ikke" in unknown.text
    assert "<select" in unknown.text  # the form is still there to correct the choice
    no_data = client.get("/ranking", params={"area_kind": "postnummer"})
    assert no_data.status_code == 404 and "no indicator values" in no_data.text


def test_map_route_serves_a_self_contained_choropleth(client: TestClient) -> None:
    params = {"profile": "boligsocial", "area_kind": "boligområde", "mode": "decile", **DRAWS}
    html = client.get("/ranking/map", params=params).text
    assert 'data-testid="ranking-legend"' in html and "1. decil" in html
    assert "Lovbestemte lister" in html and "Udsat boligomr" in html
    assert "Almene boligafdelinger" in html and "Foreninger" in html  # toggleable layers
    assert 'data-testid="synthetic-notice"' in html and "demo_indikatorer" in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "cdn.jsdelivr" not in html
    assert client.get("/ranking/map", params={"mode": "pie"}).status_code == 422


def test_area_profile_page(client: TestClient) -> None:
    params = {"profile": "boligsocial", **DRAWS}
    html = client.get("/ranking/areas/boligområde/BO-9220-01", params=params).text
    assert "Karakteristik af Kildeparken" in html
    assert re.search(r'data-testid="area-residents">\d\.\d{3}<', html)
    inside = html.split('data-testid="area-inside"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"Almene boligafdelinger \([1-9]\d*\)", inside)
    assert re.search(r"Foreninger \([1-9]\d*\)", inside)
    assert "Godkendte lokale aktiver" in inside  # the assets table exists in this database
    assert len(rows_of(html, "indicator-chart")) == 20
    assert html.count("<circle") >= 15
    rules = html.split('data-testid="area-rules"', 1)[1]
    assert "Udsat boligområde" in rules and "Mindst 1.000 beboere" in rules
    assert 'data-testid="area-why">Kildeparken er nr.' in html
    assert "/ranking?profile=boligsocial&amp;area_kind=bolig" in html  # back to the map


def test_area_profile_hides_small_numbers(client: TestClient) -> None:
    # Ejdrup's child-overweight share rests on 16 children.
    params = {"profile": "boerneliv_i_sund_balance", **DRAWS}
    html = client.get("/ranking/areas/sogn/8276", params=params).text
    chart = rows_of(html, "indicator-chart")
    row = next(r for r in chart if "overvægt ved skolesundheds" in r)
    assert "skjult (små tal)" in row and "<circle" not in row
    assert "18,8" not in row
    why = re.search(r'data-testid="area-why">([^<]*)<', html)
    assert why and "overvægt blandt børn" not in why.group(1)
    assert client.get("/ranking/areas/sogn/0000").status_code == 404


def test_compare_page_and_shift_map(client: TestClient) -> None:
    params = {"a": "sundt_og_aktivt_lokalomraade", "b": "boligsocial"}
    html = client.get("/ranking/compare", params=params).text
    rows = rows_of(html, "compare-table")
    assert len(rows) == 57
    assert re.search(r"\d+ (op|ned)", rows[0])  # largest shift first
    src = re.search(r'data-testid="compare-map"', html)
    assert src and "/ranking/compare/map?a=sundt_og_aktivt_lokalomraade&amp;b=boligsocial" in html
    shift = client.get("/ranking/compare/map", params=params).text
    assert "Rangskifte fra A til B" in shift and "Rang i A (Sundt og aktivt" in shift
    assert "højere prioritet i B" in shift


def test_user_text_is_escaped_on_pages_and_maps(client: TestClient, demo_url: str) -> None:
    evil = "<script>alert(1)</script>"
    profile = (
        f"name: '{evil}'\nid_column: area_code\nindicators:\n"
        f"  - {{column: income_pct_region, direction: lower_is_worse, label_da: '{evil}'}}\n"
    )
    with session_scope(demo_url) as session:
        save_profile(session, "xss", profile, "plan@aalborg.dk")
    page = client.get("/ranking", params={"profile": "xss", **DRAWS}).text
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    the_map = client.get("/ranking/map", params={"profile": "xss", **DRAWS}).text
    assert evil not in the_map and "\\u003cscript\\u003e" not in the_map
    listed = client.get("/api/ranking/profiles").json()
    assert any(p["name"] == evil for p in listed)  # JSON keeps the text as it is
