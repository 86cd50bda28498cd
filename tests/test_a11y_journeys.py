"""Issue 9 "Done when": the three jobs, in Danish, on a phone, with tiles switched off.

A planner ranks areas and opens one area's "why"; a resident places an asset and submits it; a
coordinator solves the venue question and reads the answer. On every page of each journey:
no English in the visible text (the page and its map frames), no blank map (each map frame has
drawn shapes or markers, which without tiles means the context basemap and the data), and no
axe-core violation at WCAG 2.1 A/AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import DRAWN, describe, drawn_features, english_words, page_violations

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
    "locale": "da-DK", "device_scale_factor": 2,
}  # fmt: skip


def _telltales() -> tuple[str, ...]:
    """The i18n tests' list of English error phrases, besides ours."""
    from tests.test_i18n_no_english import TELLTALES

    return tuple(TELLTALES)


def english_on(text: str) -> list[str]:
    lowered = text.lower()
    phrases = [w for w in _telltales() if re.search(rf"\b{re.escape(w)}\b", lowered)]
    return sorted(set(english_words(text)) | set(phrases))


def check_page(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """No English, no blank map, no axe violation on the page as it is now."""
    page.wait_for_load_state("load")
    iframes = page.locator("iframe")
    for i in range(iframes.count()):
        iframes.nth(i).scroll_into_view_if_needed()
        drawn = page.frame_locator("iframe").nth(i).locator(DRAWN)
        expect(drawn.first).to_be_attached(timeout=20_000)  # no eval: the CSP forbids it
    page.wait_for_load_state("networkidle")
    texts = [page.locator("body").inner_text()]
    for frame in page.frames:
        if frame != page.main_frame:
            assert drawn_features(frame) > 0, f"{step}: blank map {frame.url}"
            texts.append(frame.locator("body").inner_text())
    english = english_on("\n".join(texts))
    assert english == [], f"{step}: English words {english} on {page.url}"
    found = page_violations(page)
    assert found == {}, f"{step}: axe\n{describe(found)}"


def _serve(live_server_for, demo_url):  # type: ignore[no-untyped-def]
    server = live_server_for(demo_url)
    assert server.settings.map_tiles is None  # tiles switched off: the maps must still draw
    return server


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def test_planner_ranks_areas_and_reads_why(demo_url, live_server_for, phone) -> None:
    server = _serve(live_server_for, demo_url)
    phone.goto(f"{server.base}/ranking")
    check_page(phone, "ranking")
    profiles = phone.locator("#f-profile option")
    current = phone.locator("#f-profile").input_value()
    other = next(
        v for v in (profiles.nth(i).get_attribute("value") for i in range(profiles.count()))
        if v and v != current
    )  # fmt: skip
    phone.locator("#f-profile").select_option(other)
    phone.locator(".kk-rank-form button[type=submit]").click()
    phone.wait_for_url(re.compile(rf"profile={re.escape(other)}"))
    check_page(phone, "ranking, chosen profile")
    phone.locator("[data-testid=ranking-table] tbody tr a").first.click()
    phone.wait_for_url(re.compile(r"/ranking/areas/"))
    assert phone.get_by_test_id("area-why").inner_text().strip()
    check_page(phone, "area page")


def _place(phone) -> None:  # type: ignore[no-untyped-def]
    """Choose a place with the map's search box (keyboard-usable; tiles are off)."""
    picker = phone.frame_locator("#picker")
    picker.locator(".leaflet-container").wait_for()
    search = picker.locator("input[role=combobox]")
    expect(search).to_be_visible()
    search.fill("Vejgaard")
    option = picker.locator("[role=option]").first
    option.wait_for()
    option.click()
    expect(phone.locator("#f-lat")).not_to_have_value("")


def test_resident_places_and_submits_an_asset(demo_url, live_server_for, phone) -> None:
    server = _serve(live_server_for, demo_url)
    phone.goto(f"{server.base}/assets/new")
    check_page(phone, "new asset form")
    _place(phone)
    phone.select_option("#f-category", "spaces")
    phone.fill("#f-title", "Bænken ved søen")
    phone.fill("#f-description", "En skyggefuld bænk, hvor naboerne mødes om morgenen")
    phone.check("#f-consent")
    phone.click("#submit-asset")
    phone.get_by_test_id("receipt").wait_for()
    check_page(phone, "receipt")


def test_coordinator_solves_and_sees_the_answer(demo_url, live_server_for, phone) -> None:
    server = _serve(live_server_for, demo_url)
    phone.goto(f"{server.base}/venues")
    check_page(phone, "venue form")
    phone.fill("#vf-p", "2")
    phone.fill("#vf-radius", "800")
    phone.get_by_test_id("venue-submit").click()
    table = phone.get_by_test_id("venues-table")
    table.wait_for()
    assert table.locator("tbody tr").count() >= 2  # two venues (and their detail rows)
    check_page(phone, "venue answer")


def test_the_checks_can_fail() -> None:
    """The English detector finds English and leaves Danish alone (so a pass means something)."""
    assert english_on("Prioritering af områder · Show results for the area") == [
        "area", "results", "show", "the",
    ]  # fmt: skip
    assert english_on("Vis lokaler inden for 800 m · Spring til indhold · Kortlag · Luk") == []
