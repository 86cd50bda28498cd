"""End to end on a phone (390x844) in headless Chromium: a coordinator logs in, registers a
session through the form, and the project's progress page counts its visits.

The time from the loaded form to the saved session is printed (issue 11 asks for under 30 s by
a person; a robot's time only shows the form adds no waiting of its own), not asserted.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.a11y import describe, english_words, page_violations
from tests.test_activities_data_helpers import setup_project
from tests.test_assets_helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _visits(page, year: int) -> int:  # type: ignore[no-untyped-def]
    cell = page.locator(f'td[data-year="{year}"][data-kind="faellesskab"][data-measure="visits"]')
    expect(cell).to_be_visible()
    digits = re.sub(r"\D", "", cell.inner_text())
    return int(digits or 0)


def test_a_coordinator_registers_on_a_phone_and_progress_counts_it(
    db_url, live_server_for, page
) -> None:
    setup_project(db_url)
    add_user(db_url, "koord@aalborg.dk", "coordinator")
    server = live_server_for(db_url)
    page.set_viewport_size(PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    year = date.today().year

    page.goto(f"{server.base}/login?next=%2Factivities%2FSOE%2Fregister")
    page.fill("#f-email", "koord@aalborg.dk")
    page.fill("#f-password", PASSWORD)
    page.click("form.kk-narrow button[type=submit]")
    page.wait_for_url(f"{server.base}/activities/SOE/register")
    expect(page.locator("#f-held_on")).to_have_value(date.today().isoformat())

    page.goto(f"{server.base}/activities/SOE")
    before = _visits(page, year)

    page.goto(f"{server.base}/activities/SOE/register")
    started = time.perf_counter()
    page.select_option("#f-venue", "V1")
    page.fill("#n_0_1", "4")
    page.fill("#n_0_4", "6")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("registered")).to_be_visible()
    print(f"form filled and saved in {time.perf_counter() - started:.2f} s (390x844)")
    expect(page.get_by_test_id("recent").locator("li").first).to_contain_text("Fællesspisning")
    save_box = page.get_by_test_id("save").bounding_box()
    assert save_box and save_box["width"] <= PHONE["width"] and save_box["height"] >= 44
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the form scrolls sideways on a phone ({width}px)"

    found = page_violations(page)  # the form with its receipt and recent session, in Danish
    assert not found, describe(found)
    assert english_words(page.locator("main").inner_text()) == []

    page.goto(f"{server.base}/activities/SOE")
    assert _visits(page, year) == before + 10

    page.goto(f"{server.base}/activities/SOE/register")  # a refused session: located, accessible
    page.fill("#f-held_on", f"{year + 1}-01-02")
    page.fill("#n_0_1", "3")
    page.get_by_test_id("save").click()
    expect(page.locator("#e-held_on")).to_be_visible()
    expect(page.get_by_test_id("errors")).to_be_visible()
    found = page_violations(page)
    assert not found, describe(found)

    page.goto(f"{server.base}/activities/SOE/sessions")
    expect(page.get_by_test_id("sessions").locator("tbody tr")).to_have_count(1)
    found = page_violations(page)
    assert not found, describe(found)
    assert errors == []
