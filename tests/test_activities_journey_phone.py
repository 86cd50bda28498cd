"""A coordinator's whole journey on a phone (390x844, headless Chromium), as review "journey"
walked it: log in, from /activities to the project's form, register yesterday's session with two
age bands and two homes (one a named other area), see the receipt, copy it for today, then
correct a mistake: delete the copy (after confirming) and register it again with the right count.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.a11y import describe, english_words, page_violations
from tests.test_activities_data_helpers import setup_project
from tests.test_assets_helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_register_copy_delete_and_register_again_on_a_phone(db_url, live_server_for, page) -> None:
    setup_project(db_url)
    add_user(db_url, "koord@aalborg.dk", "coordinator")
    server = live_server_for(db_url)
    page.set_viewport_size(PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    confirms: list[str] = []

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        confirms.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    today, yesterday = date.today(), date.today() - timedelta(days=1)

    page.goto(f"{server.base}/login?next=%2Factivities")
    page.fill("#f-email", "koord@aalborg.dk")
    page.fill("#f-password", PASSWORD)
    page.click("form.kk-narrow button[type=submit]")
    page.wait_for_url(f"{server.base}/activities")
    page.get_by_test_id("register-link").click()
    page.wait_for_url(f"{server.base}/activities/SOE/register")

    # yesterday's session: 4 aged 18-29 from Øst Sogn (another area, named), 6 aged 65-79 unknown
    page.fill("#f-held_on", yesterday.isoformat())
    page.select_option("#f-venue", "V1")
    page.select_option("#home_0", "other_area:S1")
    page.fill("#n_0_1", "4")
    page.locator("details.kk-more summary").first.click()
    page.select_option("#home_1", "unknown")
    page.fill("#n_1_4", "6")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("registered")).to_contain_text("10 deltagere")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # copy it: everything but the date (today) is filled in, the named area too
    page.get_by_test_id("recent").locator("li").first.get_by_role("link").click()
    expect(page.locator("#f-held_on")).to_have_value(today.isoformat())
    expect(page.locator("#home_0")).to_have_value("other_area:S1")
    page.fill("#n_0_1", "40")  # the slip: 40 instead of 4
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("registered")).to_contain_text("46 deltagere")

    # correct it: delete today's session (confirmed), register again with the right count
    page.goto(f"{server.base}/activities/SOE/sessions")
    rows = page.get_by_test_id("sessions").locator("tbody tr")
    expect(rows).to_have_count(2)
    rows.first.get_by_role("button").click()
    expect(page.get_by_test_id("deleted")).to_be_visible()
    assert confirms and "kan ikke fortrydes" in confirms[0]
    expect(rows).to_have_count(1)
    found = page_violations(page)
    assert not found, describe(found)

    page.goto(
        f"{server.base}/activities/SOE/register?copy={rows.first.get_attribute('data-session')}"
    )
    expect(page.locator("#n_0_1")).to_have_value("4")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("registered")).to_contain_text("10 deltagere")
    found = page_violations(page)
    assert not found, describe(found)
    assert english_words(page.locator("main").inner_text()) == []
    assert errors == []


def test_the_progress_figure_stays_readable_on_a_phone(demo_url, live_server_for, page) -> None:
    """The public reads the progress page on a phone: the figure keeps a readable size (it
    scrolls inside itself, the page does not), and the page stays accessible."""
    server = live_server_for(demo_url)
    page.set_viewport_size(PHONE)
    page.goto(f"{server.base}/activities/SOE?year=2026")
    chart = page.locator("figure.kk-fig svg.kk-chart").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] >= 520, box  # 640-wide drawing shown at 81 % or more
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    found = page_violations(page)
    assert not found, describe(found)
