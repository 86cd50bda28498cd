"""The ranking map and planner page in headless Chromium on the Aalborg demo."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser
N_SOGNE = 57


def test_choropleth_has_legend_shapes_and_rank_tooltips(demo_url, live_server_for, page) -> None:
    server = live_server_for(demo_url)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.base}/ranking/map?profile=boligsocial&draws=20", wait_until="load")
    legend = page.get_by_test_id("ranking-legend")
    legend.wait_for()
    assert "størst behov" in legend.inner_text()
    shapes = page.locator("path.leaflet-interactive")
    assert shapes.count() >= N_SOGNE
    shapes.nth(10).hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert re.search(rf"Rang\s+\d+ af {N_SOGNE}", text), text
    assert "90 %-interval" in text and "Største bidrag" in text
    overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("Lokaler" in label for label in overlays)
    assert "demo_indikatorer" in page.get_by_test_id("synthetic-notice").inner_text()
    assert errors == []


def test_planner_page_embeds_the_map_and_links_areas(demo_url, live_server_for, page) -> None:
    server = live_server_for(demo_url)
    page.goto(f"{server.base}/ranking?area_kind=boligområde&draws=20&lang=en", wait_until="load")
    frame = page.frame_locator("iframe[data-testid=ranking-map]")
    frame.get_by_test_id("ranking-legend").wait_for()
    assert frame.locator("path.leaflet-interactive").count() >= 12
    rows = page.locator("[data-testid=ranking-table] tbody tr")
    assert rows.count() == 12
    rows.first.locator("a").click()
    page.wait_for_url(re.compile(r"/ranking/areas/"))
    assert page.get_by_test_id("area-why").inner_text().endswith(".")
    assert "Profile of" in page.locator("h1").inner_text()
