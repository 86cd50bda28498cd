"""A person's skill is never located more finely than its 250 m cell, in any anonymous output.

The skill is placed so that its exact point and the centre of its cell lie in different
boligområder, and the cell centre is more than 100 m from the exact point. Then every output
path can be checked: the coordinates it serves, the areas it names, what its filters find, and
what the duplicate hint measures. Each test fails when its path uses the exact geometry again.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.queries.ranking import area_contents, overlay_frames
from tests.helpers import load_base_areas
from tests.test_assets_helpers import approve, asset_id_for, coordinator, make_client, submit

TO_UTM = Transformer.from_crs(4326, 25832, always_xy=True)
TO_WGS = Transformer.from_crs(25832, 4326, always_xy=True)
CELL = 250.0
TITLE = "Strikkeklub hos Inge"
NUMBER = re.compile(r"-?\d+\.\d{4,}")
KIND = "boligområde"


# Two boligområder split one 250 m cell (x 560500-560750, y 6321250-6321500, EPSG:25832) at
# x = 560560: the skill's exact point lies in B1, the centre of its cell in B2, 153 m away.
AREAS = {"B1": ("Vesthaven", 560250, 560560), "B2": ("Østhaven", 560560, 560900)}
EXACT_XY, CENTRE_XY = (560530.0, 6321255.0), (560625.0, 6321375.0)


def _latlon(x: float, y: float) -> tuple[float, float]:
    lon, lat = TO_WGS.transform(x, y)
    return lat, lon


EXACT = tuple(round(v, 7) for v in _latlon(*EXACT_XY))
CENTRE = _latlon(*CENTRE_XY)
EXACT_AREA, CENTRE_AREA = ("B1", AREAS["B1"][0]), ("B2", AREAS["B2"][0])


def _write_areas(path: Path) -> Path:
    features = []
    for code, (name, x0, x1) in AREAS.items():
        ring = [
            _latlon(x, y)[::-1]
            for x, y in ((x0, 6321100), (x1, 6321100), (x1, 6321700), (x0, 6321700), (x0, 6321100))
        ]
        geometry = {"type": "Polygon", "coordinates": [ring]}
        features.append({"type": "Feature", "properties": {"code": code, "name": name},
                         "geometry": geometry})  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def anonymous(db_url: str, tmp_path: Path) -> TestClient:
    """An anonymous client of an app with one approved skill at EXACT."""
    load_base_areas(db_url)
    with session_scope(db_url) as session:
        options = LoadOptions(
            path=_write_areas(tmp_path / "bolig.geojson"), area_kind=KIND, layer="test_bolig"
        )
        load(session, "areas", options)
    staff = make_client(db_url, tmp_path)
    fields = {"title": TITLE, "category": "skills", "subcategory": "crafts"}
    assert submit(staff, lat=str(EXACT[0]), lon=str(EXACT[1]), **fields).status_code == 303
    approve(staff, db_url, TITLE, coordinator(staff, db_url))
    return TestClient(staff.app)


def _numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text)]


def _shows(text: str, point: tuple[float, float]) -> bool:
    """True when both coordinates of `point` appear in `text` (to about a metre)."""
    numbers = _numbers(text)
    return all(any(abs(n - v) < 1.5e-5 for n in numbers) for v in point)


def _reveals_exact(text: str) -> bool:
    """True when either exact coordinate appears (one of them already narrows the cell)."""
    numbers = _numbers(text)
    return any(any(abs(n - v) < 1.5e-5 for n in numbers) for v in EXACT)


def test_the_placement_really_separates_point_and_cell() -> None:
    x, y = EXACT_XY
    assert (math.floor(x / CELL) * CELL + CELL / 2, math.floor(y / CELL) * CELL + CELL / 2) == (
        CENTRE_XY
    )
    assert AREAS["B1"][1] < x < AREAS["B1"][2] < CENTRE_XY[0] < AREAS["B2"][2]
    assert math.hypot(x - CENTRE_XY[0], y - CENTRE_XY[1]) > 100


@pytest.mark.parametrize(
    "path",
    ["/api/assets", "/api/assets.csv", "/assets/map", "/assets/embed", "/api/assets/{id}"],
)
def test_served_coordinates_are_the_cell_centre(
    anonymous: TestClient, db_url: str, path: str
) -> None:
    text = anonymous.get(path.format(id=asset_id_for(db_url, TITLE))).text
    assert TITLE in text or '"id"' in text
    assert _shows(text, CENTRE), f"{path} does not show the cell centre"
    assert not _reveals_exact(text), f"{path} shows the exact point"


@pytest.mark.parametrize("path", ["/assets", "/assets/{id}"])
def test_pages_never_carry_the_exact_point(anonymous: TestClient, db_url: str, path: str) -> None:
    page = anonymous.get(path.format(id=asset_id_for(db_url, TITLE)))
    assert page.status_code == 200 and TITLE in page.text
    assert not _reveals_exact(page.text)


def test_area_names_come_from_the_cell(anonymous: TestClient, db_url: str) -> None:
    """The boligområde named next to a skill is the cell's, in GeoJSON, CSV, JSON and the page."""
    asset_id = asset_id_for(db_url, TITLE)
    inside, outside = CENTRE_AREA[1], EXACT_AREA[1]
    feature = anonymous.get("/api/assets").json()["features"][0]
    assert inside in feature["properties"]["areas"]
    assert outside not in feature["properties"]["areas"]
    row = next(csv.DictReader(io.StringIO(anonymous.get("/api/assets.csv").text)))
    assert inside in row["areas"] and outside not in row["areas"]
    one = anonymous.get(f"/api/assets/{asset_id}").json()
    assert inside in one["areas"] and outside not in one["areas"]
    detail = anonymous.get(f"/assets/{asset_id}").text
    assert inside in detail and outside not in detail


@pytest.mark.parametrize("path", ["/api/assets", "/api/assets.csv", "/assets"])
def test_area_filter_uses_the_cell(anonymous: TestClient, path: str) -> None:
    """Filtering by the area of the exact point must not find the skill: that would tell which
    side of a boundary inside the cell the person lives on."""
    found = anonymous.get(f"{path}?area={KIND}:{CENTRE_AREA[0]}")
    missed = anonymous.get(f"{path}?area={KIND}:{EXACT_AREA[0]}")
    assert found.status_code == missed.status_code == 200
    assert TITLE in found.text
    assert TITLE not in missed.text


def test_ranking_overlay_and_area_contents_use_the_cell(anonymous: TestClient, db_url: str) -> None:
    with session_scope(db_url) as session:
        assets = overlay_frames(session, 250)["assets"]
        point = assets.geometry.iloc[0]
        assert (point.y, point.x) == pytest.approx(CENTRE, abs=1e-6)
        in_cell = area_contents(session, KIND, CENTRE_AREA[0], 250)["assets"]
        in_exact = area_contents(session, KIND, EXACT_AREA[0], 250)["assets"]
    assert [a["name"] for a in in_cell] == [TITLE]
    assert in_exact == []


def test_duplicate_hint_measures_from_the_cell(anonymous: TestClient) -> None:
    """A click 10 m from the exact point is > 75 m from the cell centre: no hint. A click on the
    centre finds the skill at 0 m. Measuring from the exact point would turn both around."""
    x, y = TO_UTM.transform(EXACT[1], EXACT[0])
    lon, lat = TO_WGS.transform(x + 10, y)

    def hint(at: tuple[float, float]) -> list[dict]:
        params = {"lat": at[0], "lon": at[1], "category": "skills"}
        response = anonymous.get("/api/assets/similar", params=params)
        assert response.status_code == 200
        return response.json()

    assert hint((lat, lon)) == []
    near_centre = hint(CENTRE)
    assert [r["title"] for r in near_centre] == [TITLE]
    assert near_centre[0]["distance_m"] <= 1
