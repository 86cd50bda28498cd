"""End to end in headless Chromium: a resident places an asset by clicking the map, a coordinator
approves it, it shows on the public map; the duplicate hint; inert XSS; erasure with photos."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from geodata.db import session_scope
from tests.test_assets_helpers import (
    DATA,
    PASSWORD,
    add_user,
    files_under,
    photo_bytes,
)

pytestmark = pytest.mark.browser


def _import_approved(db_url: str, title: str = "", lat: float = 0, lon: float = 0) -> None:
    """Approved assets straight into the database (the demo file, or one asset by title)."""
    from geodata.assets_io import import_assets
    from geodata.models_assets import AssetIn
    from geodata.queries.assets import Actor, Place, create_asset

    with session_scope(db_url) as s:
        if not title:
            import_assets(s, DATA / "demo_assets.geojson", Actor("import"), synthetic=True)
            return
        create_asset(
            s,
            AssetIn(category="spaces", subcategory="park", title=title),
            Place.point(lat, lon),
            Actor("import"),
            status="approved",
            source="import",
        )


def _place_by_click(page) -> None:  # type: ignore[no-untyped-def]
    """Click the picker map (an iframe) and wait until the form has the coordinates."""
    picker = page.frame_locator("#picker")
    picker.locator(".leaflet-container").wait_for()
    picker.locator(".leaflet-container").click(position={"x": 200, "y": 150})
    expect(page.locator("#f-lat")).not_to_have_value("")  # no eval: the CSP forbids it


def _fill_form(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#f-category", "spaces")
    page.fill("#f-title", title)
    page.fill("#f-description", "Bænke og en stor eg")
    page.check("#f-consent")


def test_resident_adds_coordinator_approves_public_map_shows(db_url, live_server_for, page) -> None:
    server = live_server_for(db_url)
    add_user(db_url, "koord@aalborg.dk")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.base}/assets/new")
    _place_by_click(page)
    assert "Placering valgt" in page.locator("#location-status").inner_text()
    _fill_form(page, "Egetræet på pladsen")
    page.click("#submit-asset")
    page.get_by_test_id("receipt").wait_for()
    private_link = page.locator("#private-link").input_value()
    assert re.search(r"/assets/mine/[\w-]{40,}$", private_link)

    page.goto(f"{server.base}/login")
    page.fill("#f-email", "koord@aalborg.dk")
    page.fill("#f-password", PASSWORD)
    page.click("form.kk-narrow button[type=submit]")
    page.wait_for_url(f"{server.base}/assets/admin")
    page.get_by_role("link", name="Egetræet på pladsen").click()
    page.click("#action-approve")
    page.wait_for_url(re.compile(r"done=approve"))
    assert page.get_by_test_id("asset-status").inner_text().startswith("godkendt")

    page.goto(f"{server.base}/assets")
    assert "Egetræet på pladsen" in page.get_by_test_id("asset-list").inner_text()
    frame = page.frame_locator("#asset-map")
    marker = frame.locator(".leaflet-marker-pane .awesome-marker").first
    marker.focus()
    marker.press("Enter")  # keyboard users open popups too
    assert frame.locator(".kk-title").inner_text() == "Egetræet på pladsen"
    frame.locator(".leaflet-control-zoom-out").click()  # moving the map updates the page URL
    expect(page.locator("#share-url")).to_have_value(re.compile(r"zoom="))
    assert errors == []


def test_duplicate_hint_offers_endorsing_instead(db_url, live_server_for, page) -> None:
    _import_approved(db_url, "Kildeparkens legeplads", 57.0330, 9.9970)
    server = live_server_for(db_url)
    page.goto(f"{server.base}/assets/new")
    page.locator("#picker").wait_for()
    page.select_option("#f-category", "spaces")
    page.fill("#f-lat", "57.03310")  # the keyboard way: typed coordinates, ~11 m away
    page.fill("#f-lon", "9.99700")
    page.press("#f-lon", "Tab")
    hint = page.locator("#similar")
    hint.get_by_text("Kildeparkens legeplads").wait_for()
    assert "Er det et af disse?" in hint.inner_text()
    hint.get_by_role("button", name="Ja, anbefal det").click()
    hint.get_by_text("Tak for din anbefaling!").wait_for()
    with session_scope(db_url) as s:
        assert s.execute(text("SELECT endorsements FROM assets")).scalar_one() == 1


def test_xss_attempt_is_rendered_inert(db_url, live_server_for, page) -> None:
    evil = "<img src=x onerror=alert(1)><script>alert(2)</script>${alert(3)}`"
    _import_approved(db_url, evil, 57.0330, 9.9970)
    server = live_server_for(db_url)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server.base}/assets")
    assert page.get_by_test_id("asset-list").get_by_role("link").inner_text() == evil
    frame = page.frame_locator("#asset-map")
    marker = frame.locator(".leaflet-marker-pane .awesome-marker").first
    marker.dispatch_event("mouseover")
    assert frame.locator(".leaflet-tooltip").inner_text().strip() == evil
    marker.focus()
    marker.press("Enter")
    assert frame.locator(".kk-title").inner_text() == evil
    page.get_by_test_id("asset-list").get_by_role("link").click()
    assert page.get_by_test_id("asset-title").inner_text() == evil
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert dialogs == []


def test_erasure_via_private_link_removes_asset_and_photos(db_url, live_server_for, page) -> None:
    server = live_server_for(db_url)
    page.goto(f"{server.base}/assets/new?lang=en")
    _place_by_click(page)
    _fill_form(page, "Photo bench")
    page.set_input_files(
        "#f-photos",
        files=[
            {"name": "bench.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()},
            {"name": "tree.png", "mimeType": "image/png", "buffer": photo_bytes("PNG")},
        ],
    )
    page.click("#submit-asset")
    page.get_by_test_id("receipt").wait_for()
    assert len(files_under(server.settings.data_dir)) == 4
    assert page.locator(".kk-photos img").count() == 2
    page.check("#f-confirm")
    page.click("#erase-button")
    page.get_by_test_id("erased").wait_for()
    assert files_under(server.settings.data_dir) == []
    with session_scope(db_url) as s:
        assert s.execute(text("SELECT count(*) FROM assets")).scalar_one() == 0
        assert s.execute(text("SELECT count(*) FROM asset_photos")).scalar_one() == 0
