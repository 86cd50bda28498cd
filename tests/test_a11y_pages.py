"""axe-core (WCAG 2.1 A and AA) finds nothing on any public page or map frame of the Aalborg
demo, on a desktop and on a phone, and each map page names its frame and offers a table or
list with the same information beside the map (issue 9 item 8)."""

from __future__ import annotations

import re

import pytest

from tests.a11y import describe, page_violations

pytestmark = pytest.mark.browser

SOLVED = "p=2&radius=800&target=65%2B&area_code=9210"
PAGES = (
    "/", "/maps/overview", "/ranking", "/ranking/compare", "/assets", "/assets/new", "/login",
    "/venues", f"/venues?{SOLVED}", f"/venues/report?{SOLVED}", "/tilgaengelighed",
    "/tilgaengelighed?lang=en", "/assets/999999", "/ranking?lang=en",
)  # fmt: skip
FRAMES = (
    "/maps/overview/map", "/ranking/map", "/ranking/compare/map", "/assets/map",
    "/assets/new/map", "/assets/embed", f"/venues/map?{SOLVED}",
)  # fmt: skip
# Found by following the first link of this shape on the seed page (ids differ per demo build).
LINKED = (("/ranking", r"^/ranking/areas/"), ("/assets", r"^/assets/\d+$"))
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status < 500, url
    for frame in page.locator("iframe").all():
        frame.scroll_into_view_if_needed()  # lazy frames load too
    page.wait_for_load_state("networkidle")
    for frame in page.locator("iframe").all():
        page.frame_locator(f"iframe[src='{frame.get_attribute('src')}']").locator(
            ".leaflet-container"
        ).first.wait_for()


def _linked(page, base: str, seed: str, pattern: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(base + seed, wait_until="load")
    hrefs = [a.get_attribute("href") or "" for a in page.locator("main a[href]").all()]
    return next(h for h in hrefs if re.match(pattern, h))


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_no_axe_violations_on_any_page_or_frame(demo_url, live_server_for, browser, device):  # type: ignore[no-untyped-def]
    server = live_server_for(demo_url)
    context = browser.new_context(locale="da-DK", **VIEWPORTS[device])
    page = context.new_page()
    paths = [*PAGES, *FRAMES, *(_linked(page, server.base, s, p) for s, p in LINKED)]
    failures = {}
    for path in paths:
        _open(page, server.base + path)
        found = page_violations(page)
        if found:
            failures[path] = describe(found)
    context.close()
    assert failures == {}, "\n".join(f"== {p}\n{text}" for p, text in failures.items())


def test_every_map_page_titles_its_frame_and_has_an_alternative(demo_url, live_server_for, page):  # type: ignore[no-untyped-def]
    """Beside each map: a legend or table or list with the same places, and a titled iframe
    whose document has a language and a title of its own."""
    server = live_server_for(demo_url)
    alternatives = {
        "/maps/overview": "[data-testid=overview-legend], details table",
        "/ranking": "[data-testid=ranking-table]",
        "/ranking/compare": "[data-testid=compare-table]",
        "/assets": "[data-testid=asset-list] li a",
        f"/venues?{SOLVED}": "[data-testid=venues-table]",
    }
    for path, alternative in alternatives.items():
        _open(page, server.base + path)
        frames = page.locator("iframe")
        assert frames.count() >= 1, path
        for i in range(frames.count()):
            assert (frames.nth(i).get_attribute("title") or "").strip(), path
        assert page.locator(alternative).count() > 0, path
        assert page.get_by_role("navigation").count() >= 1, path
        wraps = page.locator(".table-wrap")
        for i in range(wraps.count()):  # a table that scrolls sideways is reachable by keyboard
            assert wraps.nth(i).get_attribute("tabindex") == "0", path
        inner = [f for f in page.frames if f != page.main_frame]
        for frame in inner:
            assert frame.evaluate("document.documentElement.lang") == "da", frame.url
            assert frame.evaluate("document.title").strip(), frame.url
            viewport = frame.locator("meta[name=viewport]").get_attribute("content") or ""
            assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
            assert frame.locator(".leaflet-container").get_attribute("tabindex") == "0"
            markers = frame.locator(".leaflet-marker-pane > [role=button]")
            names = [markers.nth(i).get_attribute("aria-label") for i in range(markers.count())]
            assert all(names), (frame.url, names)  # every marker has a name
            if path.startswith("/venues"):
                assert names and names[0].startswith("1. "), names  # the venue's own name


STAFF_PAGES = (
    "/assets/admin", "/assets/admin/audit", "/assets/admin/io", "/assets/events", "/admin/users",
    "/assets/admin/map",
)  # fmt: skip


def test_no_axe_violations_on_staff_pages(demo_url, live_server_for, page):  # type: ignore[no-untyped-def]
    """The moderation and administration pages, logged in as an administrator."""
    from tests.test_assets_helpers import PASSWORD, add_user

    add_user(demo_url, "admin@aalborg.dk", role="admin")
    server = live_server_for(demo_url)
    page.goto(f"{server.base}/login")
    page.fill("#f-email", "admin@aalborg.dk")
    page.fill("#f-password", PASSWORD)
    page.click("form.kk-narrow button[type=submit]")
    page.wait_for_url(f"{server.base}/assets/admin")
    paths = [*STAFF_PAGES, _linked(page, server.base, "/assets/admin", r"^/assets/admin/\d+")]
    failures = {}
    for path in paths:
        _open(page, server.base + path)
        assert "/login" not in page.url, path  # really the staff page, not the login form
        found = page_violations(page)
        if found:
            failures[path] = describe(found)
    assert failures == {}, "\n".join(f"== {p}\n{text}" for p, text in failures.items())
