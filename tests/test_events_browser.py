"""In headless Chromium: a refused submission (the network's hourly limit) shows the Danish form
again with everything typed, and a mapping evening's link lets the same network go on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from geodata.db import session_scope
from geodata.queries.assets_events import EventLimits, create_event
from tests.a11y import axe_violations, describe, english_words, page_violations
from tests.test_assets_helpers import PASSWORD, add_user

MINE = re.compile(r"/assets/mine/[^/?]+\?created=1$")


def _fill(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#f-category", "spaces")
    page.select_option("#f-subcategory", "park")
    page.fill("#f-title", title)
    page.fill("#f-description", "Bænke, en stor eg og plads til kaffe")
    page.fill("#f-lat", "57.03300")
    page.fill("#f-lon", "9.99700")
    page.check("#f-consent")


def test_refused_submission_keeps_the_text_and_the_event_link_lifts_the_limit(
    db_url, live_server_for, page, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KVARTERKORT_RATE_SUBMISSIONS_PER_HOUR", "1")
    server = live_server_for(db_url)
    page.goto(f"{server.base}/assets/new")
    _fill(page, "Den første")
    page.click("#submit-asset")
    expect(page).to_have_url(MINE)

    page.goto(f"{server.base}/assets/new")
    _fill(page, "Egetræet på pladsen")
    page.click("#submit-asset")
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text("Dit aktiv blev ikke sendt")
    expect(refusal).to_contain_text("kortlægningsaften")
    expect(refusal).to_be_focused()
    expect(page.locator("#f-title")).to_have_value("Egetræet på pladsen")
    expect(page.locator("#f-description")).to_have_value("Bænke, en stor eg og plads til kaffe")
    expect(page.locator("#f-category")).to_have_value("spaces")
    expect(page.locator("#f-subcategory")).to_have_value("park")
    expect(page.locator("#f-lat")).to_have_value("57.03300")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert axe_violations(page) == []  # the page itself; the map frame is checked elsewhere

    with session_scope(db_url) as s:
        at = s.scalar(select(func.now()))
        code = create_event(
            s, "Kortlægningsaften", "Fælleshuset", at - timedelta(minutes=5),
            at + timedelta(hours=2), None, EventLimits(12, 100), None,
        ).code  # fmt: skip
    page.goto(f"{server.base}/assets/new?event={code}")
    expect(page.locator("#f-event")).to_have_value(code)  # filled in, checked only when sent
    expect(page.get_by_test_id("event-error")).to_have_count(0)
    _fill(page, "Egetræet på pladsen")
    page.click("#submit-asset")
    expect(page).to_have_url(MINE)


def test_coordinator_opens_an_evening_in_the_browser(db_url, live_server_for, page) -> None:  # type: ignore[no-untyped-def]
    """The staff pages in Danish, keyboard-labelled and without axe violations (WCAG 2.1 AA)."""
    server = live_server_for(db_url)
    add_user(db_url, "koord@aalborg.dk")
    page.goto(f"{server.base}/login")
    page.fill("#f-email", "koord@aalborg.dk")
    page.fill("#f-password", PASSWORD)
    page.click("form.kk-narrow button[type=submit]")
    page.wait_for_url(f"{server.base}/assets/admin**")  # logged in before the next page
    page.goto(f"{server.base}/assets/events")
    assert page_violations(page) == {}, describe(page_violations(page))
    page.get_by_label("Navn").fill("Kortlægningsaften i Rørdal")
    page.get_by_label("Sted").fill("Fælleshuset")
    page.get_by_role("button", name="Opret kortlægningsaften").click()
    code = page.get_by_test_id("event-code")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    expect(page.get_by_test_id("event-state")).to_have_text("åben")
    found = page_violations(page)
    assert found == {}, describe(found)
    assert english_words(page.locator("main").inner_text()) == []
    page.get_by_test_id("event-toggle").click()
    expect(page.get_by_test_id("event-state")).to_have_text("lukket")
