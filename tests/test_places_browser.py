"""In Chromium with tiles switched off: the search box works by keyboard, places an asset, and
no map is a blank grey box."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.a11y import axe_violations, describe
from tests.helpers import load_base_areas, load_file
from tests.test_places_addresses import FIXTURE, load_addresses
from tests.test_places_search import POIS

pytestmark = pytest.mark.browser


@pytest.fixture
def places_db(db_url: str, tmp_path: Path) -> str:
    load_base_areas(db_url)
    load_addresses(db_url, FIXTURE, layer="dar_fanoe")
    pois = tmp_path / "pois.csv"
    pois.write_text(POIS, encoding="utf-8")
    load_file(db_url, "pois", str(pois), layer="test_pois")
    return db_url


def test_choosing_a_place_by_keyboard_places_the_asset(places_db, live_server_for, page) -> None:
    server = live_server_for(places_db)
    page.goto(f"{server.base}/assets/new", wait_until="load")
    picker = page.frame_locator("#picker")
    search = picker.get_by_role("combobox", name="Find sted eller adresse")
    search.fill("busterm")
    listbox = picker.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(picker.get_by_role("status")).to_contain_text("1 resultat")
    search.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(page.locator("#f-lat")).to_have_value("57.044000")
    expect(page.locator("#f-lon")).to_have_value("9.923000")
    expect(picker.get_by_role("status")).to_contain_text("Valgt: Aalborg Busterminal")
    expect(listbox).to_be_hidden()


def test_enter_right_after_typing_goes_to_the_new_text_not_the_old_list(
    places_db, live_server_for, page
) -> None:
    """A list shown for "aalborg" must not answer "aalborghus" typed after it: Enter at once
    searches the new text and chooses its first result."""
    server = live_server_for(places_db)
    page.goto(f"{server.base}/assets/new", wait_until="load")
    picker = page.frame_locator("#picker")
    search = picker.get_by_role("combobox", name="Find sted eller adresse")
    search.fill("aalborg")
    expect(picker.get_by_role("option").first).to_contain_text("Aalborg Busterminal")
    search.press_sequentially("hus")  # the old list goes at the first key
    search.press("Enter")
    expect(picker.get_by_role("status")).to_contain_text("Valgt: Ålborghus Slot")


def test_escape_closes_the_results_and_addresses_are_listed(
    places_db, live_server_for, page
) -> None:
    server = live_server_for(places_db)
    page.goto(f"{server.base}/maps/overview/map", wait_until="load")
    search = page.get_by_role("combobox", name="Find sted eller adresse")
    search.fill("hovedgaden")
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("6720 Fanø")
    expect(options.first).to_contain_text("adresse")
    search.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")


def test_without_tiles_the_map_draws_the_loaded_boundaries(
    places_db, live_server_for, page
) -> None:
    server = live_server_for(places_db)
    page.goto(f"{server.base}/maps/overview/map", wait_until="load")
    context = page.locator(".leaflet-kkContext-pane")
    expect(context).to_have_attribute("aria-hidden", "true")
    expect(context.locator("path").first).to_be_attached()
    assert context.locator("path").count() >= 4  # kommune and three sogne outlines
    expect(context.locator(".kk-ctx-text", has_text="Midt Sogn")).to_be_attached()


def test_the_asset_picker_frame_is_not_blank_either(places_db, live_server_for, page) -> None:
    server = live_server_for(places_db)
    page.goto(f"{server.base}/assets/new", wait_until="load")
    context = page.frame_locator("#picker").locator(".leaflet-kkContext-pane")
    expect(context.locator("path").first).to_be_attached()


def test_the_open_search_box_and_the_basemap_pass_axe(places_db, live_server_for, page) -> None:
    server = live_server_for(places_db)
    page.goto(f"{server.base}/maps/overview/map", wait_until="load")
    expect(page.locator(".leaflet-kkContext-pane path").first).to_be_attached()
    search = page.get_by_role("combobox", name="Find sted eller adresse")
    search.fill("hovedgaden")
    expect(page.get_by_role("option").first).to_be_visible()
    search.press("ArrowDown")
    violations = axe_violations(page)
    assert violations == [], describe({"frame": violations})


def test_the_box_speaks_english_in_an_english_frame(places_db, live_server_for, page) -> None:
    server = live_server_for(places_db)
    page.goto(f"{server.base}/maps/overview/map?lang=en", wait_until="load")
    search = page.get_by_role("combobox", name="Find a place or address")
    search.fill("midt sogn")
    expect(page.get_by_role("option").first).to_contain_text("parish")
    expect(page.get_by_role("status")).to_contain_text("1 result")
