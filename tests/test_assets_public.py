"""The public map and API: only approved assets, skills generalised, filters, duplicates, embed."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

from mapping.assets_map import esc
from tests.helpers import load_base_areas
from tests.test_assets_helpers import (
    HERE,
    approve,
    asset_id_for,
    coordinator,
    make_client,
    submit,
)

TO_UTM = Transformer.from_crs(4326, 25832, always_xy=True)
TO_WGS = Transformer.from_crs(25832, 4326, always_xy=True)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    load_base_areas(db_url)
    return make_client(db_url, tmp_path)


def _approved(client: TestClient, db_url: str, *titles_and_fields: dict) -> str:
    """Submit each asset, log in a coordinator, approve all; returns the CSRF token."""
    for fields in titles_and_fields:
        assert submit(client, **fields).status_code == 303
    token = coordinator(client, db_url)
    for fields in titles_and_fields:
        approve(client, db_url, fields["title"], token)
    return token


def _cell_centre(lat: float, lon: float, size: float = 250.0) -> tuple[float, float]:
    x, y = TO_UTM.transform(lon, lat)
    cx, cy = math.floor(x / size) * size + size / 2, math.floor(y / size) * size + size / 2
    clon, clat = TO_WGS.transform(cx, cy)
    return clat, clon


def test_only_approved_assets_are_public(client: TestClient, db_url: str) -> None:
    _approved(client, db_url, {"title": "Godkendt park"})
    submit(client, title="Venter stadig")
    anonymous = TestClient(client.app)
    page = anonymous.get("/assets")
    assert "Godkendt park" in page.text and "Venter stadig" not in page.text
    titles = [f["properties"]["title"] for f in anonymous.get("/api/assets").json()["features"]]
    assert titles == ["Godkendt park"]
    rows = list(csv.DictReader(io.StringIO(anonymous.get("/api/assets.csv").text)))
    assert [r["title"] for r in rows] == ["Godkendt park"]
    assert "email" not in rows[0] and "status" not in rows[0]
    pending = asset_id_for(db_url, "Venter stadig")
    assert anonymous.get(f"/assets/{pending}").status_code == 404
    assert anonymous.get(f"/api/assets/{pending}").status_code == 404


@pytest.mark.parametrize("setting", [250, 100, 500])
def test_skills_are_never_public_at_their_exact_location(
    db_url: str, tmp_path: Path, setting: int
) -> None:
    client = make_client(db_url, tmp_path, skill_generalisation_m=setting)
    _approved(client, db_url, {"title": "Strikning", "category": "skills", "subcategory": "crafts"})
    lat, lon = _cell_centre(HERE["lat"], HERE["lon"], max(setting, 250))
    anonymous = TestClient(client.app)
    feature = anonymous.get("/api/assets").json()["features"][0]
    glon, glat = feature["geometry"]["coordinates"]
    assert (round(glat, 6), round(glon, 6)) == (round(lat, 6), round(lon, 6))
    assert feature["properties"]["personal"] is True
    assert abs(glat - HERE["lat"]) + abs(glon - HERE["lon"]) > 1e-5
    row = next(csv.DictReader(io.StringIO(anonymous.get("/api/assets.csv").text)))
    assert (float(row["lat"]), float(row["lon"])) == (round(lat, 6), round(lon, 6))
    one = anonymous.get(f"/api/assets/{asset_id_for(db_url, 'Strikning')}").json()
    assert (round(one["lat"], 6), round(one["lon"], 6)) == (round(lat, 6), round(lon, 6))
    exact = f"{HERE['lat']}"
    assert exact not in anonymous.get("/assets/map").text
    assert exact not in anonymous.get(f"/assets/{one['id']}").text


def test_filters_by_category_area_and_text(client: TestClient, db_url: str) -> None:
    east = {"lat": "57.0330", "lon": "9.9970"}  # Øst Sogn (S1)
    west = {"lat": "57.0330", "lon": "10.0300"}  # Vest Sogn (S3)
    library = {"title": "Vestbiblioteket", "category": "institutions", "subcategory": "library"}
    _approved(client, db_url, {"title": "Østparken", **east}, library | west)

    def titles(query: str) -> list[str]:
        return [
            f["properties"]["title"] for f in client.get(f"/api/assets?{query}").json()["features"]
        ]

    assert titles("category=institutions") == ["Vestbiblioteket"]
    assert titles("area=sogn:S1") == ["Østparken"]
    assert titles("area=sogn:S3") == ["Vestbiblioteket"]
    assert titles("q=biblio") == ["Vestbiblioteket"]
    assert titles("q=%25") == []  # LIKE wildcards are literal
    page = client.get("/assets?area=sogn:S1")
    assert "Østparken" in page.text and "Vestbiblioteket" not in page.text
    detail = client.get(f"/assets/{asset_id_for(db_url, 'Østparken')}")
    assert "Øst Sogn" in detail.text
    assert client.get("/api/assets?category=weapons").status_code == 422
    assert client.get("/api/assets?area=nocolon").status_code == 422


def test_duplicate_hint_by_distance_and_title(client: TestClient, db_url: str) -> None:
    _approved(client, db_url, {"title": "Kildeparken"})
    submit(client, title="Kildeparken igen")  # pending: never suggested

    def similar(**params: object) -> list[dict]:
        return client.get("/api/assets/similar", params=params).json()

    near = similar(lat=HERE["lat"] + 0.0003, lon=HERE["lon"], category="spaces")  # ~33 m
    assert [r["title"] for r in near] == ["Kildeparken"] and 20 < near[0]["distance_m"] < 50
    assert similar(lat=HERE["lat"] + 0.002, lon=HERE["lon"], category="spaces") == []  # ~220 m
    assert similar(lat=HERE["lat"], lon=HERE["lon"], category="culture") == []
    assert [r["title"] for r in similar(title="Kildeparkn")] == ["Kildeparken"]
    assert similar(title="Helt andet") == []
    assert similar(title="ab") == []


def test_shareable_view_and_embed(client: TestClient, db_url: str) -> None:
    _approved(client, db_url, {"title": "Kildeparken"})
    page = client.get("/assets?category=spaces&lat=57.05&lon=9.91&zoom=15")
    assert 'src="/assets/map?category=spaces&amp;lat=57.05&amp;lon=9.91&amp;zoom=15"' in page.text
    assert "/assets/embed?category=spaces&amp;lat=57.05" in page.text
    html = client.get("/assets/map?lat=57.05&lon=9.91&zoom=15").text
    assert "[57.05, 9.91]" in html and '"zoom": 15' in html
    assert "kk-view" in html and "markerClusterGroup" in html
    embed = client.get("/assets/embed?category=spaces").text
    assert "topbar" not in embed and 'target="_blank"' in embed and "kk-view" not in embed
    assert client.get("/assets/map?zoom=40").status_code == 422


def test_user_text_is_escaped_everywhere(client: TestClient, db_url: str) -> None:
    evil = "<script>alert(1)</script>${alert(2)}`"
    _approved(client, db_url, {"title": evil, "description": "<img src=x onerror=alert(3)>"})
    anonymous = TestClient(client.app)
    page = anonymous.get("/assets").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html = anonymous.get("/assets/map").text
    assert "<script>alert(1)" not in html and "${alert(2)}" not in html
    assert "<img src=x" not in html and esc("<img src=x onerror=alert(3)>") in html
    detail = anonymous.get(f"/assets/{asset_id_for(db_url, evil)}").text
    assert "<script>alert(1)" not in detail and "<img src=x" not in detail


def test_esc_neutralises_html_and_template_literals() -> None:
    assert esc("<b>&`${x}\\") == "&lt;b&gt;&amp;&#96;&#36;{x}&#92;"
    assert esc(None) == "" and esc(float("nan")) == ""


def test_synthetic_assets_are_labelled(client: TestClient, db_url: str, tmp_path: Path) -> None:
    from geodata.assets_io import import_assets
    from geodata.db import session_scope
    from geodata.queries.assets import Actor

    with session_scope(db_url) as s:
        import_assets(
            s,
            Path(__file__).parent / "data" / "assets" / "demo_assets.geojson",
            Actor("import"),
            synthetic=True,
        )
    page = client.get("/assets")
    assert 'data-testid="synthetic-banner"' in page.text
    assert "synthetic-notice" in client.get("/assets/map").text
