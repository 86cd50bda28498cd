"""GET /api/basemap: outlines, names and stops of the loaded layers, light at every zoom."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from geodata.queries import basemap
from tests.helpers import load_base_areas, load_file
from tests.test_assets_helpers import make_client
from tests.test_places_search import POIS

AALBORG = "9.80,56.95,10.10,57.10"


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    load_base_areas(db_url)
    pois = tmp_path / "pois.csv"
    pois.write_text(POIS, encoding="utf-8")
    load_file(db_url, "pois", str(pois), layer="test_pois")
    return make_client(db_url, tmp_path)


def features(client: TestClient, zoom: int, bbox: str = AALBORG) -> list[dict]:
    response = client.get("/api/basemap", params={"zoom": zoom, "bbox": bbox})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    return list(response.json()["features"])


def kinds(found: list[dict], role: str) -> set[str]:
    return {f["properties"]["kind"] for f in found if f["properties"]["role"] == role}


def test_far_out_only_the_kommune_is_drawn(client: TestClient) -> None:
    found = features(client, 8)
    assert kinds(found, "shape") == {"kommune"}
    assert {f["properties"]["name"] for f in found if f["properties"]["role"] == "label"} == {
        "Testkommune"
    }
    assert all(f["geometry"]["type"] in ("LineString", "MultiLineString", "Point") for f in found)


def test_closer_in_sogne_appear_and_stops_only_close_up(client: TestClient) -> None:
    assert kinds(features(client, 12), "shape") == {"kommune", "sogn"}
    close = features(client, 15)
    stops = [f["properties"]["name"] for f in close if f["properties"]["kind"] == "stop"]
    assert sorted(stops) == ["Aalborg Busterminal", "Vejgaard Torv"]  # museums are not stops


def test_only_what_touches_the_box_is_sent(client: TestClient) -> None:
    assert features(client, 12, "11.0,55.0,11.5,55.5") == []


def test_the_answer_is_capped(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(basemap, "MAX_FEATURES", 2)
    assert len(features(client, 15)) == 2


def test_simplification_is_about_one_pixel() -> None:
    assert basemap.tolerance_m(10, 57.0) == pytest.approx(83.2, abs=0.5)
    assert basemap.tolerance_m(16, 57.0) < 1.5


@pytest.mark.parametrize(
    "params",
    [{"zoom": 23}, {"zoom": -1}, {"zoom": 10, "bbox": "1,2,3"}, {"zoom": 10, "bbox": "5,5,4,6"}],
)
def test_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    assert client.get("/api/basemap", params=params).status_code == 422
