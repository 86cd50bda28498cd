"""The national parish choropleth drawn from vector tiles in headless Chromium (issue 10 item 3).

All 2,148 sogne of Denmark (DAGI 2014, ../shared/data) with a small generated indicator table
and a saved two-indicator profile: the ranking map embeds only a lookup by parish code, the
parishes come from /tiles/areas?kind=sogn, tile requests are answered 200, polygons are painted
in the lookup's colours, a click shows the rank from the lookup and the name from the tile,
and the document plus its first-draw requests stay under 1.5 MB (the embedded map was 4.5 MB).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.queries.ranking import save_profile
from tests.test_vector_maps_assets import BUDGET, WAIT_MS, Wire

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
SOGNE = REPO.parent / "shared" / "data" / "boundaries" / "dk_sogne_dagi2014.geojson"
PROFILE = """name: Landsprofil
id_column: area_code
normalisation: minmax
aggregation: arithmetic
missing: reweight
indicators:
  - column: kk_test_need
    direction: higher_is_worse
    label_da: højt behov
    label_en: high need
  - column: kk_test_income
    direction: lower_is_worse
    label_da: lav indkomst
    label_en: low income
"""
DEFINITIONS = [
    ["code", "name_da", "name_en", "unit", "direction", "domain", "source", "licence"],
    ["kk_test_need", "Behov", "Need", "%", "higher_is_worse", "test", "Test", "CC0"],
    ["kk_test_income", "Indkomst", "Income", "%", "lower_is_worse", "test", "Test", "CC0"],
]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def load_national_sogne(db_url: str, tmp: Path) -> int:
    """The 2,148 sogne, two indicators per sogn derived from its code (deterministic, synthetic)
    and the profile; returns how many sogne were loaded."""
    codes = [f["properties"]["sognekode"] for f in json.loads(SOGNE.read_text())["features"]]
    values = [["area_code", "period", "kk_test_need", "kk_test_income"]]
    values += [[c, "2024", int(c) % 97, 60 + int(c) % 41] for c in codes]
    with session_scope(db_url) as s:
        load(s, "areas", LoadOptions(path=SOGNE, area_kind="sogn", layer="dk_sogne"))
        load(s, "indicator-definitions", LoadOptions(path=_csv(tmp / "def.csv", DEFINITIONS)))
        options = LoadOptions(path=_csv(tmp / "values.csv", values), layer="kk_test",
                              area_kind="sogn", synthetic=True)  # fmt: skip
        load(s, "indicators", options)
        save_profile(s, "landsprofil", PROFILE, None)
    return len(codes)


@pytest.mark.skipif(not SOGNE.exists(), reason="../shared/data/boundaries is not present")
def test_national_parish_choropleth_from_tiles(db_url, live_server_for, page, tmp_path) -> None:
    assert load_national_sogne(db_url, tmp_path) == 2148
    server = live_server_for(db_url)
    wire = Wire(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(f"{server.base}/ranking/map?profile=landsprofil&area_kind=sogn&draws=0")
    assert response is not None and response.ok
    html = response.text()
    assert "/tiles/areas/{z}/{x}/{y}.pbf?kind=sogn\\u0026v=" in html  # & as JSON writes it
    assert '"coordinates"' not in html  # no embedded geometry at all
    assert '"7002": [' in html  # Helligånds, København: one lookup row per sogn
    expect(page.locator("[data-kk-tiles=loaded]")).to_have_count(1, timeout=WAIT_MS)
    polygons = page.locator(".leaflet-kkTiles-pane path.leaflet-interactive")
    expect(polygons.first).to_be_attached()
    assert polygons.count() > 1000  # most of Denmark's parishes at national zoom
    fills = {polygons.nth(k).get_attribute("fill") for k in range(0, polygons.count(), 97)}
    assert len(fills) > 3 and all(f and f.startswith("#") for f in fills)
    assert 200 in wire.tiles and set(wire.tiles) <= {200, 204}
    assert wire.bytes < BUDGET, wire.bytes
    assert not errors


@pytest.mark.skipif(not SOGNE.exists(), reason="../shared/data/boundaries is not present")
def test_parish_popup_from_lookup_and_tile(db_url, live_server_for, page, tmp_path) -> None:
    """Zoomed into København, a click shows the parish's name (tile) and rank (lookup)."""
    n = load_national_sogne(db_url, tmp_path)
    server = live_server_for(db_url)
    page.goto(f"{server.base}/ranking/map?profile=landsprofil&area_kind=sogn&draws=0")
    expect(page.locator("[data-kk-tiles=loaded]")).to_have_count(1, timeout=WAIT_MS)
    polygon = page.locator(".leaflet-kkTiles-pane path.leaflet-interactive").nth(500)
    polygon.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(f" af {n}")
    assert popup.locator("a").count() == 1
    assert "/ranking/areas/sogn/" in (popup.locator("a").get_attribute("href") or "")


@pytest.mark.skipif(not SOGNE.exists(), reason="../shared/data/boundaries is not present")
def test_overview_draws_the_parishes_from_tiles(db_url, live_server_for, page, tmp_path) -> None:
    """The overview map embeds small layers and draws the 2,148 sogne from tiles."""
    load_national_sogne(db_url, tmp_path)
    server = live_server_for(db_url)
    wire = Wire(page)
    response = page.goto(f"{server.base}/maps/overview/map")
    assert response is not None and response.ok
    html = response.text()
    assert "/tiles/areas/{z}/{x}/{y}.pbf?kind=sogn\\u0026v=" in html
    assert '"coordinates"' not in html
    expect(page.locator("[data-kk-tiles=loaded]")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator(".leaflet-kkTiles-pane path").first).to_be_attached()
    assert 200 in wire.tiles and wire.bytes < BUDGET
