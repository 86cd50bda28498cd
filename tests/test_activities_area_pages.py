"""The project area on the reach page, its map frame, the API and the CLI.

The page, frame and API say which area the flags are judged in ("Projektområde: 9210 Aalborg
SØ", or the whole kommune), and the frame opens on the area (its dashed outline, fitted). The CLI
sets, shows and clears the area, and refuses a bad one with exit code 2.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from shapely.geometry import box

from geodata.activities_projects import set_project_area
from geodata.db import session_scope
from geodata.queries.ranking import save_profile
from mapping.activities_map import AREA_DASH, ReachMapSpec, build_reach_map
from mapping.base import render
from tests.test_activities_area_data import AROUND_B_AND_C, add_postnumre
from tests.test_activities_data_helpers import setup_places
from tests.test_activities_reach_data import PROFILE, setup_reach
from tests.test_activities_reach_map import areas
from tests.test_assets_helpers import add_user, login, make_client, run_cli

PAGE = "/activities/SOE/reach?profile=test&year=2026&as_of=2026-06-30"
FRAME = "/activities/SOE/reach/map?profile=test&year=2026&as_of=2026-06-30"
API = "/api/activities/projects/SOE/reach?profile=test&year=2026&as_of=2026-06-30"


@pytest.fixture
def planner(db_url: str, tmp_path: Path) -> TestClient:
    """A logged-in planner; the reach set-up plus postnumre 9210 (around B and C) and 9000."""
    setup_reach(db_url)
    add_postnumre(db_url)
    with session_scope(db_url) as s:
        save_profile(s, "test", yaml.safe_dump(PROFILE), None)
    client = make_client(db_url, tmp_path)
    add_user(db_url, "planner@aalborg.dk", "planner")
    assert login(client, "planner@aalborg.dk").status_code == 303
    return client


def _area(db_url: str, area: str | None) -> None:
    with session_scope(db_url) as s:
        set_project_area(s, "SOE", area)


def test_page_and_api_say_the_project_area_and_list_only_its_rows(
    planner: TestClient, db_url: str
) -> None:
    whole = planner.get(PAGE).text
    assert "Projektområde: hele kommunen 0851" in whole and 'data-name="Aparken"' in whole
    assert planner.get(API).json()["area"] is None
    _area(db_url, "postnummer:9210")
    page = planner.get(PAGE).text
    assert "Projektområde: 9210 Aalborg SØ" in page
    assert "i projektområdet 9210 Aalborg SØ" in page
    assert 'data-name="Aparken"' not in page and 'data-name="Kildeparken"' not in page
    flagged = re.findall(r'data-flag="1" data-name="([^"]+)"', page)
    assert flagged == ["Bparken"]
    english = planner.get(PAGE + "&lang=en").text
    assert "Project area: 9210 Aalborg SØ" in english
    body = planner.get(API).json()
    assert body["area"] == {"kind": "postnummer", "code": "9210", "name": "Aalborg SØ",
                            "label": "9210 Aalborg SØ"}  # fmt: skip
    assert {r["name"]: r["high_need_low_reach"] for r in body["rows"]} == {
        "Bparken": True, "Cparken": False,
    }  # fmt: skip


def test_map_frame_outlines_the_area_and_opens_on_it(planner: TestClient, db_url: str) -> None:
    before = planner.get(FRAME).text
    assert "Projektområde" not in before and "Aparken" in before
    _area(db_url, "postnummer:9210")
    frame = planner.get(FRAME).text  # a new answer: the cache knows the project changed
    assert "Projektområde: 9210 Aalborg SØ" in frame and AREA_DASH in frame
    assert "Aparken" not in frame and "Bparken" in frame
    # the map is fitted to the area's box, not to the two estates inside it
    fit = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", frame)
    assert fit is not None
    south, west, north, east = (float(v) for v in fit.groups())
    x0, y0, x1, y1 = AROUND_B_AND_C
    assert south == pytest.approx(y0, abs=1e-3) and north == pytest.approx(y1, abs=1e-3)
    assert west == pytest.approx(x0, abs=1e-3) and east == pytest.approx(x1, abs=1e-3)


def test_map_builder_without_an_area_fits_the_areas_and_draws_no_outline() -> None:
    plain = render(build_reach_map(areas(), ReachMapSpec(tiles=None)))
    assert AREA_DASH not in plain
    spec = ReachMapSpec(tiles=None, area=("9210 <b>SØ</b>", box(9.9, 57.0, 10.1, 57.1)))
    outlined = render(build_reach_map(areas(), spec))
    assert AREA_DASH in outlined and "<b>SØ</b>" not in outlined  # the label is escaped
    assert "[[57.0, 9.9], [57.1, 10.1]]" in outlined


def test_cli_sets_shows_and_clears_the_area(db_url: str) -> None:
    setup_places(db_url)
    add_postnumre(db_url)

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return run_cli(db_url, ["activities", "project", *args])

    added = cli("add", "SOE", "--name", "Aalborg SØ", "--starts", "2026-01-01", "--ends",
                "2028-12-31", "--kommune", "0851", "--area", "postnummer:9210")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "\tarea postnummer:9210 Aalborg SØ" in cli("list").stdout
    cleared = cli("area", "SOE", "--clear")
    assert cleared.exit_code == 0 and "area" not in cli("list").stdout.split("offers")[1]
    assert cli("area", "SOE", "postnummer:9210").exit_code == 0
    assert "postnummer:9210" in cli("list").stdout
    outside = cli("area", "SOE", "postnummer:9000")
    assert outside.exit_code == 2 and "does not lie in kommune 0851" in outside.output
    unknown = cli("add", "X", "--name", "X", "--starts", "2026-01-01", "--ends", "2026-12-31",
                  "--kommune", "0851", "--area", "postnummer:1234")  # fmt: skip
    assert unknown.exit_code == 2 and "no postnummer with code '1234'" in unknown.output
    assert "X\t" not in cli("list").stdout
    both = cli("area", "SOE", "postnummer:9210", "--clear")
    assert both.exit_code == 2
