"""A 50,000-asset map drawn from vector tiles in headless Chromium (issue 10 item 3): the map
document carries no asset, tiles are answered 200 and painted, and the document plus its
first-draw requests stay under 1.5 MB. A small asset map stays embedded as before."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from geodata.db import session_scope

pytestmark = pytest.mark.browser
BUDGET = 1_500_000
WAIT_MS = 30_000  # a busy 2-core machine; the figure that matters is in benchmarks/
# 50,000 approved assets on a 250 x 200 lattice over Aalborg (EPSG:25832), categories in turn;
# every 7th is a skill (personal: served generalised). One statement: seconds, not minutes.
FIFTY_THOUSAND = text(
    "INSERT INTO assets (category, title, description, status, source, synthetic, endorsements, "
    "open_reports, geom) SELECT (ARRAY['spaces','associations','institutions','economy',"
    "'culture','skills'])[1 + i % 6], 'Aktiv ' || i, '', 'approved', 'import', true, 0, 0, "
    "ST_SetSRID(ST_MakePoint(545000 + (i % 250) * 60, 6310000 + (i / 250) * 75), 25832) "
    "FROM generate_series(0, :n - 1) i"
)


def insert_assets(db_url: str, n: int) -> None:
    with session_scope(db_url) as s:
        s.execute(FIFTY_THOUSAND, {"n": n})


class Wire:
    """Bytes and statuses of every response a page receives (headers + body as sent)."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.bytes = 0
        self.tiles: list[int] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request) -> None:  # type: ignore[no-untyped-def]
        sizes = request.sizes()
        self.bytes += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        if "/tiles/" in request.url:
            response = request.response()
            self.tiles.append(response.status if response else 0)


def test_fifty_thousand_assets_come_from_tiles(db_url, live_server_for, page) -> None:
    insert_assets(db_url, 50_000)
    server = live_server_for(db_url)
    wire = Wire(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(f"{server.base}/assets/map")
    assert response is not None and response.ok
    html = response.text()
    assert "Aktiv 1" not in html and "/tiles/assets/{z}/{x}/{y}.pbf?v=" in html
    expect(page.locator("[data-kk-tiles=loaded]")).to_have_count(1, timeout=WAIT_MS)
    painted = page.locator(".leaflet-kkTiles-pane path.leaflet-interactive")
    expect(painted.first).to_be_attached()
    assert painted.count() > 20
    assert 200 in wire.tiles and set(wire.tiles) <= {200, 204}  # 204: an empty tile
    assert wire.bytes < BUDGET, wire.bytes
    assert page.locator("[data-testid=synthetic-notice]").count() == 1
    assert not errors


def test_tile_popup_escapes_the_title(db_url, live_server_for, page) -> None:
    """At street zoom every asset is its own feature; its popup shows the title as text."""
    insert_assets(db_url, 3)
    with session_scope(db_url) as s:
        s.execute(text("UPDATE assets SET title = '<img src=x onerror=alert(1)>'"))
    server = live_server_for(db_url)
    server.settings.map_embed_max_features = 0
    page.goto(f"{server.base}/assets/map?lat=56.93146&lon=9.73942&zoom=18")
    expect(page.locator("[data-kk-tiles=loaded]")).to_have_count(1, timeout=WAIT_MS)
    dot = page.locator(".leaflet-kkTiles-pane path.leaflet-interactive").first
    expect(dot).to_be_attached()
    box = dot.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<img src=x onerror=alert(1)>")
    assert popup.locator("img").count() == 0
    assert re.search(r"/assets/\d+$", popup.locator("a").get_attribute("href") or "")


def test_small_asset_map_stays_embedded(db_url, live_server_for, page) -> None:
    insert_assets(db_url, 12)
    server = live_server_for(db_url)
    response = page.goto(f"{server.base}/assets/map")
    assert response is not None
    html = response.text()
    assert "Aktiv 11" in html and "/tiles/assets/" not in html and "VectorGrid" not in html
