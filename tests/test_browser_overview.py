"""The overview map page in headless Chromium: navigation, legend, titled frame, layers, popups
and the same features as tables beside the map."""

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
    # A normal page: the site's navigation and a way back, a legend, a titled map frame.
    assert page.get_by_role("navigation").get_by_role("link", name="Forside").count() == 1
    legend = page.get_by_test_id("overview-legend")
    assert "Sogne" in legend.inner_text() and "Lokaler" in legend.inner_text()
    iframe = page.get_by_test_id("overview-map")
    assert iframe.get_attribute("title") == "Oversigtskort over alle indlæste lag"
    frame = page.frame_locator("[data-testid=overview-map]")
    frame.locator(".leaflet-control-layers").wait_for()
    labels = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("Sogne" in label for label in labels)
    assert any("Lokaler" in label for label in labels)
    assert frame.locator("path.leaflet-interactive").count() >= 4  # kommune + 3 sogne + venues
    assert "testlokaler" in frame.get_by_test_id("synthetic-notice").inner_text()
    assert "testlokaler" in page.get_by_test_id("synthetic-banner").inner_text()
    frame.locator("path.leaflet-interactive").last.click(force=True)
    frame.locator(".leaflet-popup-content").wait_for()
    # The Danish close button, and the table alternative holds the same venue names.
    assert frame.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Luk"
    page.locator("summary", has_text="Lokaler (").click()  # open the <details>
    venues_table = page.locator("details[open] table")
    assert venues_table.locator("tbody tr").count() >= 1
    assert errors == []


def test_landing_page_links_to_maps_and_lists_layers(db_url, live_server_for, page) -> None:
    load_base_areas(db_url)
    server = live_server_for(db_url)
    page.goto(server.base + "/")
    assert page.locator("a[href='/maps/overview']").count() >= 1
    assert "test_sogne" in page.locator("table").inner_text()
    page.goto(server.base + "/?lang=en")
    assert "Loaded layers" in page.content()
