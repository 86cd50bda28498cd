"""The words a user meets on the activities journeys (review "journey", issue 11).

- A refused session names its fields as people know them ("kolonne 'Dato'"), never the code's
  field names ("kolonne 'held_on'"), and never a home kind's code ("af typen other_area").
- An unknown venue is one problem, not two ("no such venue" and "choose a venue").
- "Another area" on the phone form can name a place (a sogn or postnummer of the kommune), and
  the registered session keeps it.
- The reports say what visits and unique participants are, that their exact counts are internal,
  and that reach is visits (not participants) per 1,000 residents.
- The figure's number sits inside a wide bar, where the target line and forecast cannot hit it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.charts import Bar, progress_bars
from app.i18n import catalogue
from geodata.db import session_scope
from tests.test_activities_data_helpers import setup_project
from tests.test_activities_register_form import client_as, offer_id
from tests.test_assets_helpers import csrf_of

SESSIONS = "/api/activities/projects/SOE/sessions"
FIELDS = ("offer", "held_on", "venue_key", "point", "starts_at", "ends_at", "staff_count",
          "age_band", "home_kind", "place", "participants", "counts", "codes", "note")  # fmt: skip


@pytest.fixture
def project(db_url: str) -> str:
    setup_project(db_url)
    return db_url


def _api(db_url: str, tmp_path: Path) -> tuple[TestClient, dict[str, str]]:
    client = client_as(db_url, tmp_path, "coordinator")
    return client, {"X-CSRF-Token": csrf_of(client, "/activities")}


def _body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "offer": "Fællesspisning", "held_on": "2026-02-10", "venue": "V1",
        "counts": [{"age_band": "18-29", "home_kind": "unknown", "participants": 4}],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_every_field_a_session_problem_names_has_a_column_word() -> None:
    cat = catalogue()
    for name in FIELDS:
        assert f"tables.col.{name}" in cat["da"], name
        assert f"tables.col.{name}" in cat["en"], name
    assert cat["da"]["tables.col.held_on"] == "Dato"


def test_a_refused_session_speaks_danish_with_one_venue_problem(
    project: str, tmp_path: Path
) -> None:
    client, headers = _api(project, tmp_path)
    bad = _body(held_on="2025-12-01", venue="NOPE", ends_at="10:00", starts_at="11:00",
                counts=[{"age_band": "18-29", "home_kind": "other_area", "place": "Nowhere",
                         "participants": 3}])  # fmt: skip
    answer = client.post(f"{SESSIONS}?lang=da", json=bad, headers=headers)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    detail = problem["detail"]
    assert "kolonne 'Dato'" in detail and "kolonne 'Slut'" in detail, detail
    assert not re.search(r"held_on|ends_at|'place'|other_area", detail), detail
    venue = [e for e in problem["errors"] if e["field"] == "venue"]
    assert len(venue) == 1 and "NOPE" in venue[0]["message"], problem["errors"]


def test_no_venue_at_all_is_still_refused(project: str, tmp_path: Path) -> None:
    client, headers = _api(project, tmp_path)
    answer = client.post(f"{SESSIONS}?lang=da", json=_body(venue=None), headers=headers)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["venue"]


def test_the_form_offers_named_other_areas_and_stores_the_pick(
    project: str, tmp_path: Path
) -> None:
    client = client_as(project, tmp_path, "coordinator")
    form = client.get("/activities/SOE/register?lang=da")
    assert form.status_code == 200
    assert 'value="other_area:S1"' in form.text and "Øst Sogn" in form.text
    assert 'value="other_area"' in form.text  # an unnamed other area stays possible
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": token, "offer": offer_id(form.text, "Fællesspisning"),
            "held_on": "2026-02-10", "venue": "V1",
            "home_0": "other_area:S1", "n_0_1": "3", "home_1": "unknown", "n_1_4": "2"}  # fmt: skip
    saved = client.post("/activities/SOE/register", data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    with session_scope(project) as s:
        rows = s.execute(text(
            "SELECT a.home_kind, ar.code, a.participants FROM activity_attendance a "
            "LEFT JOIN areas ar ON ar.id = a.area_id ORDER BY a.home_kind"
        )).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [("other_area", "S1", 3), ("unknown", None, 2)]


def test_the_value_label_sits_inside_a_wide_bar() -> None:
    svg = progress_bars(
        [Bar("Fællesskab", 468, target=500, forecast=492), Bar("Lille", 2, target=75)],
        "t", "d", {"value": "v"}, lambda v: f"{v:.0f}",
    )  # fmt: skip
    ns = "{http://www.w3.org/2000/svg}"
    labels = [e for e in ET.fromstring(svg).iter(f"{ns}text")
              if e.get("class") == "kk-value-label"]  # fmt: skip
    wide, short = labels
    assert wide.text == "468" and float(wide.get("x", 0)) < 40 and wide.get("fill") == "#ffffff"
    assert short.text == "2" and wide.get("fill") != short.get("fill")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_reports_define_their_words_and_warn_about_exact_counts(
    demo_url: str, tmp_path: Path, lang: str
) -> None:
    client = client_as(demo_url, tmp_path, "planner")
    page = client.get(f"/activities/SOE/report?period=2026&lang={lang}").text
    words = {
        "da": ("Besøg er antal fremmøder", "Unikke deltagere er antal forskellige borgere",
               "tal under 5", "Besøg pr. 1.000 beboere"),
        "en": ("visits are attendances", "Unique participants are different residents",
               "counts under 5", "Visits per 1,000 residents"),
    }[lang]  # fmt: skip
    for phrase in words:
        assert phrase in page, phrase
    assert 'class="kk-appendix"' in page  # the long evaluator table prints on pages of its own
    frame = client.get(f"/activities/SOE/reach/map?year=2026&lang={lang}").text
    assert "@media print { .leaflet-control-layers" in frame  # controls do not cover the print
    assert "Deltagere pr. 1.000" not in page and "Participants per 1,000" not in page


def test_the_venue_list_starts_with_the_projects_venues(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    form = client.get("/activities/SOE/register?lang=da")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": token, "offer": offer_id(form.text, "Fællesspisning"),
            "held_on": "2026-02-10", "venue": "V2", "n_0_1": "3"}  # fmt: skip
    assert (
        client.post("/activities/SOE/register", data=data, follow_redirects=False).status_code
        == 303
    )
    page = client.get("/activities/SOE/register?lang=da").text
    used = page.index('<optgroup label="Projektets mødesteder')
    other = page.index('<optgroup label="Andre mødesteder i kommunen"')
    assert used < page.index('value="V2"') < other < page.index('value="V1"')


def test_the_form_asks_for_a_venue_without_mentioning_a_map(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    form = client.get("/activities/SOE/register?lang=da")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": token, "offer": offer_id(form.text, "Fællesspisning"),
            "held_on": "2026-02-10", "venue": "", "n_0_1": "3"}  # fmt: skip
    refused = client.post("/activities/SOE/register", data=data)
    assert refused.status_code == 422
    assert "Vælg mødestedet, hvor aktiviteten blev holdt." in refused.text
    assert "kortet" not in refused.text.split('id="e-venue"')[1].split("</p>")[0]


def test_the_public_progress_page_explains_its_numbers(demo_url: str, tmp_path: Path) -> None:
    client = client_as(demo_url, tmp_path, None)
    page = client.get("/activities/SOE?year=2026&lang=da").text
    assert 'data-testid="public-note"' in page and "Tal fra 1 til 4 er skjult" in page
    assert "Besøg er antal fremmøder" in page and "Unikke deltagere er antal" in page
    assert "tal fra 1 til 4 er skjult" in client.get("/activities?lang=da").text
