"""The reach page, its map frame, the venue feedback page and both APIs: roles and content.

Staff pages: the public is refused on every route (401 for the API, a login redirect or 401 for
pages), a planner reads. The map frame draws the legend's words; an unknown profile is a 4xx in
the user's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.ranking import save_profile
from tests.test_activities_reach_data import PROFILE, setup_reach
from tests.test_assets_helpers import add_user, login, make_client

ROUTES = (
    "/activities/SOE/reach?profile=test",
    "/activities/SOE/reach/map?profile=test",
    "/activities/SOE/venues",
    "/api/activities/projects/SOE/reach?profile=test",
    "/api/activities/projects/SOE/venues",
)


@pytest.fixture
def planner(db_url: str, tmp_path: Path) -> TestClient:
    """A logged-in planner on the constructed kommune, with the test profile saved as 'test'."""
    setup_reach(db_url)
    with session_scope(db_url) as s:
        save_profile(s, "test", yaml.safe_dump(PROFILE), None)
    client = make_client(db_url, tmp_path)
    add_user(db_url, "planner@aalborg.dk", "planner")
    assert login(client, "planner@aalborg.dk").status_code == 303
    return client


@pytest.mark.parametrize("path", ROUTES)
def test_the_public_is_refused_on_every_route(db_url: str, tmp_path: Path, path: str) -> None:
    """Even for a published project: the public sees its totals, never areas or venues."""
    setup_reach(db_url)
    with session_scope(db_url) as s:
        s.execute(text("UPDATE activity_projects SET published = true"))
    public = make_client(db_url, tmp_path)
    answer = public.get(path)
    assert answer.status_code in (401, 303), answer.text
    assert "Aparken" not in answer.text


def test_reach_page_lists_high_need_low_reach_first(planner: TestClient) -> None:
    page = planner.get("/activities/SOE/reach?profile=test&year=2026&as_of=2026-06-30")
    assert page.status_code == 200, page.text
    html = page.text
    assert 'data-testid="reach-map"' in html and "/activities/SOE/reach/map?year=2026" in html
    first = html.index('data-name="Aparken"')
    assert first < html.index('data-name="Bparken"') < html.index('data-name="Cparken"')
    assert html[:first].count("data-name=") == 0 and 'data-flag="1"' in html
    assert "nederste tredjedel" in html  # the rule is said on the page


def test_map_frame_renders_with_the_legend(planner: TestClient) -> None:
    frame = planner.get("/activities/SOE/reach/map?profile=test&year=2026")
    assert frame.status_code == 200
    for words in ("Rækkevidde og behov", "Besøg pr. 1.000 beboere",
                  "Højt behov, lav rækkevidde (tyk kant)", "højest behov"):  # fmt: skip
        assert words in frame.text
    assert "Aparken" in frame.text
    english = planner.get("/activities/SOE/reach/map?profile=test&year=2026&lang=en")
    assert "High need, low reach (thick outline)" in english.text


def test_api_reach_has_the_hand_computed_rate(planner: TestClient) -> None:
    body = planner.get(
        "/api/activities/projects/SOE/reach?profile=test&year=2026&as_of=2026-06-30"
    ).json()
    rows = {r["name"]: r for r in body["rows"]}
    assert rows["Bparken"]["per_1000"] == pytest.approx(50.0)
    assert rows["Aparken"]["high_need_low_reach"] is True
    assert rows["Kildeparken"]["per_1000"] is None and body["year"] == 2026


def test_unknown_profile_is_a_located_4xx_in_the_users_language(planner: TestClient) -> None:
    for path in ("/activities/SOE/reach", "/activities/SOE/reach/map",
                 "/api/activities/projects/SOE/reach"):  # fmt: skip
        answer = planner.get(path, params={"profile": "findes_ikke"})
        assert answer.status_code == 404, answer.text
        assert "findes_ikke" in answer.text
    bad_key = planner.get("/api/activities/projects/SOE/reach", params={"profile": "NO WAY"})
    assert 400 <= bad_key.status_code < 500
    year = planner.get(
        "/api/activities/projects/SOE/reach", params={"year": 2031, "profile": "test"}
    )
    assert year.status_code == 422


def test_venue_page_and_api(planner: TestClient) -> None:
    page = planner.get("/activities/SOE/venues?year=2026&as_of=2026-06-30")
    assert page.status_code == 200
    assert 'data-venue="V1"' in page.text and "<svg" in page.text
    assert "i lige linje" in page.text  # no network loaded: straight lines, and said so
    body = planner.get("/api/activities/projects/SOE/venues?year=2026&as_of=2026-06-30").json()
    assert body["distance_method"] == "straight_line"
    v1 = next(v for v in body["venues"] if v["venue_key"] == "V1")
    assert v1["visits"] == 44 and v1["sessions"] == 3
    assert sum(b["visits"] for b in body["bands"]) == 44
