"""The reach page on the demo in headless Chromium: a planner logs in, sees the flagged areas
first and the map frame with its legend, and opens the venue feedback figure. A screenshot of
the page is written to the pytest temporary directory (for the notes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.test_assets_helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser


def test_a_planner_reads_the_reach_map_and_the_venue_feedback(
    demo_url, live_server_for, page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_user(demo_url, "planlaegger@aalborg.dk", "planner")
    server = live_server_for(demo_url)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{server.base}/login?next=%2Factivities%2FSOE%2Freach%3Fyear%3D2026")
    page.fill("#f-email", "planlaegger@aalborg.dk")
    page.fill("#f-password", PASSWORD)
    page.click("form.kk-narrow button[type=submit]")
    page.wait_for_url(f"{server.base}/activities/SOE/reach?year=2026")
    expect(page.get_by_test_id("reach-area")).to_have_text("Projektområde: 9210 Aalborg SØ")
    first = page.get_by_test_id("reach-table").locator("tbody tr").first
    expect(first).to_have_attribute("data-flag", "1")
    frame = page.frame_locator('[data-testid="reach-map"]')
    expect(frame.get_by_test_id("ranking-legend")).to_contain_text("Højt behov, lav rækkevidde")
    expect(frame.get_by_test_id("ranking-legend")).to_contain_text("Projektområde: 9210")
    expect(frame.locator(".leaflet-interactive").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "reach.png"), full_page=True)
    print(f"screenshot: {tmp_path / 'reach.png'}")
    page.goto(f"{server.base}/activities/SOE/venues?year=2026")
    expect(page.get_by_test_id("venue-table").locator("tbody tr")).to_have_count(7)
    expect(page.locator("svg.kk-chart title")).to_have_text("Besøg efter gåafstand hjemmefra")
    assert errors == []
