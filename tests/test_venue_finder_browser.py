"""The coordinator page in headless Chromium: fill the form, submit, read the answer and map."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_coordinator_fills_the_form_and_sees_the_answer(demo_url, live_server_for, page) -> None:
    server = live_server_for(demo_url)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.base}/venues")
    page.get_by_label("Hvad skal optimeres?").select_option("mclp")
    page.get_by_label("Antal lokaler (p)").fill("2")
    page.get_by_label("Enhed").select_option("min")
    page.get_by_label("Trinfri adgang").check()
    page.get_by_label("Tirsdag").check()
    page.get_by_label("Torsdag").check()
    page.get_by_label("Tidsrum (TT:MM-TT:MM)").fill("10:00-12:00")
    radius = page.get_by_label("Gangafstand", exact=True)
    radius.fill("10")
    radius.press("Enter")  # keyboard submit
    page.wait_for_selector("[data-testid=venues-table]")
    assert "unit=min" in page.url and "weekdays=tir" in page.url and "step_free=true" in page.url
    assert page.locator("[data-testid=venues-table] tbody tr[data-venue]").count() == 2
    assert "fugleflugt × 1,3" in page.get_by_test_id("method-sentence").inner_text()
    assert "inden for 10,0 min" in page.get_by_test_id("venue-headline").inner_text()

    frame = page.frame_locator("[data-testid=venues-map]")
    catchments = frame.locator("path.leaflet-interactive.kk-catchment")
    catchments.first.wait_for()
    assert catchments.count() == 2
    markers = frame.locator(".awesome-marker:not(.awesome-marker-shadow)")
    assert markers.count() == 2
    assert frame.locator("path.leaflet-interactive").count() > 10  # demand circles as well
    page.get_by_test_id("venues-map").scroll_into_view_if_needed()
    box = markers.first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.4)  # as a user
    first_venue = page.locator("[data-testid=venues-table] tbody tr th").first.inner_text()
    assert first_venue.splitlines()[0] in frame.locator(".leaflet-popup-content").inner_text()
    assert "demo_lokaler" in frame.get_by_test_id("synthetic-notice").inner_text()
    assert errors == []


def test_shared_link_in_english_on_a_phone(demo_url, live_server_for, browser) -> None:
    server = live_server_for(demo_url)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server.base}/venues?p=2&radius=800&target=65%2B&area_code=9210&lang=en")
    assert page.get_by_test_id("venues-table").is_visible()
    assert (
        "because no walking network is loaded"
        in page.get_by_test_id("method-sentence").inner_text()
    )
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390  # nothing forces sideways scrolling on a phone
    page.get_by_test_id("report-link").click()
    page.wait_for_selector("[data-testid=report-parameters]")
    assert page.locator("svg.kk-sketch").count() == 1
    context.close()
