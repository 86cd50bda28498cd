"""The overview map opens in headless Chromium with its layers, control and popups."""

from __future__ import annotations

import pytest

from tests.helpers import load_base_areas, load_file

pytestmark = pytest.mark.browser


def test_overview_map_renders_layers_and_popups(db_url, live_server_for, page) -> None:
    load_base_areas(db_url)
    load_file(db_url, "venues", "venues.csv", layer="testlokaler", synthetic=True)
    server = live_server_for(db_url)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.base}/maps/overview", wait_until="load")
    page.wait_for_selector(".leaflet-control-layers")
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("Sogne" in label for label in labels)
    assert any("Lokaler" in label for label in labels)
    assert page.locator("path.leaflet-interactive").count() >= 4  # kommune + 3 sogne + venues
    notice = page.get_by_test_id("synthetic-notice")
    assert "testlokaler" in notice.inner_text()
    page.locator("path.leaflet-interactive").last.click(force=True)
    page.wait_for_selector(".leaflet-popup-content")
    assert errors == []


def test_landing_page_links_to_maps_and_lists_layers(db_url, live_server_for, page) -> None:
    load_base_areas(db_url)
    server = live_server_for(db_url)
    page.goto(server.base + "/")
    assert page.locator("a[href='/maps/overview']").count() >= 1
    assert "test_sogne" in page.locator("table").inner_text()
    page.goto(server.base + "/?lang=en")
    assert "Loaded layers" in page.content()
