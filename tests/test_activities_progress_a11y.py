"""axe-core (WCAG 2.1 A and AA) finds nothing on the progress page (public and staff) and the
quarterly status of the demo project, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from tests.a11y import describe, page_violations
from tests.test_assets_helpers import PASSWORD, add_user

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_progress_pages_have_no_axe_violations(demo_url, live_server_for, browser, device):  # type: ignore[no-untyped-def]
    add_user(demo_url, "planner@aalborg.dk", "planner")
    server = live_server_for(demo_url)
    context = browser.new_context(locale="da-DK", **VIEWPORTS[device])
    page = context.new_page()
    failures = {}
    page.goto(server.base + "/activities/SOE?year=2026&as_of=2026-11-30", wait_until="load")
    failures["public"] = page_violations(page)
    page.goto(server.base + "/login", wait_until="load")
    page.fill("input[name=email]", "planner@aalborg.dk")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state("load")
    for path in ("/activities/SOE?year=2026&as_of=2026-11-30&lang=en",
                 "/activities/SOE/report?period=2026-Q3"):  # fmt: skip
        page.goto(server.base + path, wait_until="load")
        assert page.locator("[data-testid=progress-years]").count() == 1, path
        failures[path] = page_violations(page)
    context.close()
    bad = {k: v for k, v in failures.items() if v}
    assert not bad, "\n".join(f"{k}: {describe(v)}" for k, v in bad.items())
