"""GET /api/basemap: outlines, names and stops of the loaded layers, light at every zoom."""

from __future__ import annotations

import math
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
    assert answer(client, 15)["truncated"] is False
    monkeypatch.setattr(basemap, "MAX_FEATURES", 2)
    capped = answer(client, 15)
    assert len(capped["features"]) == 2
    assert capped["truncated"] is True


def test_the_vertices_are_capped_largest_outline_first(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(basemap, "MAX_VERTICES", 6)  # the kommune ring has 5, each sogn 5 more
    capped = answer(client, 12)
    assert kinds(capped["features"], "shape") == {"kommune"}
    assert capped["truncated"] is True


def test_simplification_is_about_one_pixel_but_never_below_a_metre() -> None:
    assert basemap.tolerance_m(10, 57.0) == pytest.approx(83.2, abs=0.5)
    assert basemap.tolerance_m(16, 57.0) < 1.5
    assert basemap.tolerance_m(22, 57.0) == basemap.MIN_TOLERANCE_M == 1.0


def answer(client: TestClient, zoom: int, bbox: str = AALBORG) -> dict:
    response = client.get("/api/basemap", params={"zoom": zoom, "bbox": bbox})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "public, max-age=300"
    return dict(response.json())


def coordinates(found: list[dict]) -> list[list[float]]:
    out: list[list[float]] = []

    def walk(c: list) -> None:
        if isinstance(c[0], (int, float)):
            out.append(c)
        else:
            for part in c:
                walk(part)

    for f in found:
        walk(f["geometry"]["coordinates"])
    return out


def assert_inside(points: list[list[float]], box: list[float]) -> None:
    eps = 1e-6  # the answer's 6 decimals
    outside = [p for p in points if not (box[0] - eps <= p[0] <= box[2] + eps)]
    outside += [p for p in points if not (box[1] - eps <= p[1] <= box[3] + eps)]
    assert outside == []


def test_outlines_and_labels_are_cut_to_the_box(client: TestClient) -> None:
    box = [9.99, 57.02, 10.01, 57.045]  # cuts the kommune (9.98-10.046) and Øst/Midt Sogn
    got = answer(client, 14, ",".join(map(str, box)))
    assert got["bbox"] == box
    assert {"kommune", "sogn"} <= kinds(got["features"], "shape")
    points = coordinates(got["features"])
    assert_inside(points, box)
    assert any(p[0] == pytest.approx(box[0], abs=1e-6) for p in points)  # cut, not dropped


def test_a_box_too_big_for_its_zoom_is_shrunk_around_its_centre(client: TestClient) -> None:
    got = answer(client, 18, "5.0,53.0,15.0,61.07")  # centred on the test sogne's border
    x0, y0, x1, y1 = got["bbox"]
    assert (x0 + x1) / 2 == pytest.approx(10.0, abs=1e-5)
    assert (y0 + y1) / 2 == pytest.approx(57.035, abs=1e-5)
    screens_m = basemap.MAX_SCREENS * 256 * basemap.metres_per_pixel(18, 57.035)
    assert (y1 - y0) * basemap.M_PER_DEG_LAT <= screens_m * 1.001
    assert (x1 - x0) * basemap.M_PER_DEG_LAT * math.cos(math.radians(57.035)) <= screens_m * 1.001
    assert kinds(got["features"], "shape") == {"sogn"}  # the kommune edge is off this small box
    assert_inside(coordinates(got["features"]), got["bbox"])


def test_the_default_box_is_all_of_denmark_far_out_and_shrunk_close_in(client: TestClient) -> None:
    far = client.get("/api/basemap", params={"zoom": 7}).json()
    assert far["bbox"] == [7.5, 54.4, 15.5, 58.0]
    assert kinds(far["features"], "shape") == {"kommune"}
    close = client.get("/api/basemap", params={"zoom": 22}).json()
    assert close["bbox"][2] - close["bbox"][0] < 0.001


@pytest.mark.parametrize(
    "params",
    [{"zoom": 23}, {"zoom": -1}, {"zoom": 10, "bbox": "1,2,3"}, {"zoom": 10, "bbox": "5,5,4,6"}],
)
def test_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    assert client.get("/api/basemap", params=params).status_code == 422
