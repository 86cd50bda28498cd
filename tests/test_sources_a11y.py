"""The sources section of /ranking and the area page's source tags and "Kommunen i tal" on the
Aalborg demo: no axe (WCAG 2.1 A/AA) violations, and no English words on the Danish pages.

The general a11y test walks every page; this one aims at the profile with the capacity columns
(their note and credit lines are the longest texts here) and the sogn whose kommune has the real
FOLK1A figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.a11y import describe, english_words, page_violations
from tests.test_i18n_no_english import visible_text

RANKING = "/ranking?profile=boerneliv_i_sund_balance"
AREA = "/ranking/areas/sogn/9237?profile=boligsocial"


def test_sources_sections_have_no_english_on_danish_pages(demo_url: str, tmp_path: Path) -> None:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="sources-words")
    client = TestClient(create_app(settings, database_url=demo_url))
    for path, testid in ((RANKING, "indicator-sources"), (AREA, "kommune-figures")):
        page = client.get(path)
        assert page.status_code == 200 and f'data-testid="{testid}"' in page.text
        part = page.text.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]
        assert english_words(visible_text(part)) == [], path
    chart = client.get(AREA).text.split('data-testid="indicator-chart"', 1)[1]
    assert english_words(visible_text(chart.split("</table>", 1)[0])) == []


@pytest.mark.browser
def test_sources_sections_pass_axe(demo_url, live_server_for, browser):  # type: ignore[no-untyped-def]
    server = live_server_for(demo_url)
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failures = {}
    for path in (RANKING, RANKING + "&lang=en", AREA, AREA + "&lang=en"):
        response = page.goto(server.base + path, wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        found = {url: v for url, v in page_violations(page).items() if "/map" not in url}
        if found:
            failures[path] = describe(found)
    context.close()
    assert failures == {}, "\n".join(f"== {p}\n{text}" for p, text in failures.items())
