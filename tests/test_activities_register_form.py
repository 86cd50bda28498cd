"""The phone registration form: who may use it, CSRF, located errors with nothing stored, the
defaults (last offer, the offer's venue, ?venue= from the plan) and copying a session."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from geodata.db import session_scope
from tests.test_activities_data_helpers import count, dump, setup_project
from tests.test_assets_helpers import add_user, csrf_of, login, make_client

FORM = "/activities/SOE/register"
HTML = {"Accept": "text/html"}


@pytest.fixture
def project(db_url: str) -> str:
    setup_project(db_url)
    return db_url


def client_as(db_url: str, tmp_path: Path, role: str | None) -> TestClient:
    client = make_client(db_url, tmp_path)
    client.cookies.set("kk_lang", "en")
    if role is not None:
        add_user(db_url, f"{role}@aalborg.dk", role)
        assert login(client, f"{role}@aalborg.dk").status_code == 303
    return client


def offer_id(page: str, name: str) -> str:
    match = re.search(rf'<option value="(\d+)"[^>]*>{name} \(', page)
    assert match, name
    return match.group(1)


def fields(client: TestClient, **overrides: Any) -> dict[str, Any]:
    """A valid session: Fællesspisning at V1 on 10 February 2026, 4 + 6 participants."""
    page = client.get(FORM).text
    data = {
        "csrf_token": re.search(r'name="csrf-token" content="([^"]+)"', page).group(1),  # type: ignore[union-attr]
        "offer": offer_id(page, "Fællesspisning"), "held_on": "2026-02-10", "venue": "V1",
        "starts_at": "16:00", "ends_at": "18:00", "staff_count": "2",
        "home_0": "unknown", "n_0_1": "4", "n_0_4": "6",
    }  # fmt: skip
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def sessions(db_url: str) -> int:
    with session_scope(db_url) as s:
        return count(s, "activity_sessions")


def test_anonymous_is_sent_to_login_and_refused(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, None)
    answer = client.get(FORM, headers=HTML)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    token = csrf_of(client, "/login")
    refused = client.post(FORM, data={"csrf_token": token, "offer": "1"})
    assert refused.status_code == 401
    assert sessions(project) == 0


def test_a_planner_reads_but_cannot_register(project: str, tmp_path: Path) -> None:
    coordinator = client_as(project, tmp_path, "coordinator")
    data = fields(coordinator)
    planner = client_as(project, tmp_path, "planner")
    assert planner.get(FORM).status_code == 403
    data["csrf_token"] = csrf_of(planner, "/activities/SOE/sessions")
    assert planner.post(FORM, data=data).status_code == 403
    assert sessions(project) == 0


def test_a_coordinator_registers_and_sees_it_on_top(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    answer = client.post(FORM, data=fields(client))
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/activities/SOE/register\?registered=\d+", location)
    page = client.get(location).text
    assert 'data-testid="registered"' in page and "10 participants" in page
    new_id = location.rsplit("=", 1)[1]
    first = re.search(r'data-testid="recent">\s*<li data-session="(\d+)"', page)
    assert first and first.group(1) == new_id
    with session_scope(project) as s:
        assert count(s, "activity_attendance") == 2
        row = s.execute(
            __import__("sqlalchemy").text("SELECT created_by, staff_count FROM activity_sessions")
        ).one()
    assert row.staff_count == 2 and row.created_by is not None


def test_without_the_csrf_token_nothing_is_stored(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    data = fields(client)
    del data["csrf_token"]
    assert client.post(FORM, data=data).status_code == 403
    data["csrf_token"] = "not-a-token"
    assert client.post(FORM, data=data).status_code == 403
    assert sessions(project) == 0


def test_problems_stand_next_to_their_fields_and_the_input_is_kept(
    project: str, tmp_path: Path
) -> None:
    client = client_as(project, tmp_path, "coordinator")
    with session_scope(project) as s:
        before = dump(s)
    future = date(date.today().year + 1, 1, 2).isoformat()
    answer = client.post(FORM, data=fields(client, held_on=future, n_0_1="-3", ends_at="15:00"))
    assert answer.status_code == 422
    page = answer.text
    assert re.search(r'id="e-held_on">[^<]*future', page), page
    assert re.search(r'id="e-counts">[^<]*negative', page)
    assert re.search(r'id="e-ends_at">[^<]*end time must be after', page)
    assert 'value="-3"' in page and f'value="{future}"' in page  # the input is kept
    assert 'id="f-counts" aria-invalid="true"' in page
    with session_scope(project) as s:
        assert dump(s) == before


def test_unreadable_numbers_and_unknown_places_are_located(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    data = fields(client, staff_count="two", home_1="estate:Nowhere 99", n_1_0="3")
    answer = client.post(FORM, data=data)
    assert answer.status_code == 422
    assert re.search(r'id="e-staff_count">[^<]*whole number', answer.text)
    data["staff_count"] = "2"
    answer = client.post(FORM, data=data)
    assert answer.status_code == 422
    assert re.search(r'id="e-counts">[^<]*Nowhere 99', answer.text)
    assert sessions(project) == 0


def test_danish_errors_for_a_danish_user(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    client.cookies.set("kk_lang", "da")
    answer = client.post(FORM, data=fields(client, n_0_1="-3"))
    assert answer.status_code == 422
    assert "Aktiviteten er ikke gemt" in answer.text and "negativ" in answer.text


def _selected(page: str, name: str) -> str:
    select = re.search(rf'<select id="[^"]*" name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return chosen.group(1) if chosen else ""


def test_defaults_last_offer_its_venue_today_and_the_plan(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    page = client.get(FORM).text
    assert f'value="{date.today().isoformat()}"' in page
    walk = offer_id(page, "Gåtur")
    data = fields(client, offer=walk, venue="V2", home_0="estate:Himmerland 12")
    assert client.post(FORM, data=data).status_code == 303
    page = client.get(FORM).text
    assert _selected(page, "offer") == walk  # the offer used last
    assert _selected(page, "venue") == "V2"  # where that offer met last
    assert _selected(client.get(f"{FORM}?venue=V3").text, "venue") == "V3"  # from the plan
    first = offer_id(page, "Fællesspisning")
    assert _selected(client.get(f"{FORM}?offer={first}").text, "offer") == first
    unknown = client.get(f"{FORM}?venue=NOPE").text
    assert re.search(r'id="e-venue">[^<]*NOPE', unknown)
    assert "Kildeparken" in page  # the estate near the venue is offered as a home


def test_copy_fills_everything_but_the_date(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    data = fields(client, venue="V3", home_1="estate:Himmerland 12", n_1_2="5")
    answer = client.post(FORM, data=data)
    new_id = answer.headers["location"].rsplit("=", 1)[1]
    page = client.get(f"{FORM}?copy={new_id}").text
    assert _selected(page, "venue") == "V3" and _selected(page, "offer") == data["offer"]
    assert 'value="16:00"' in page and 'value="18:00"' in page
    assert re.search(r'id="f-staff_count"[^>]*value="2"', page)
    assert f'value="{date.today().isoformat()}"' in page and "2026-02-10" not in page
    assert re.search(r'name="n_0_1"[^>]*value="4"', page)
    assert re.search(r'name="n_0_4"[^>]*value="6"', page)
    assert _selected(page, "home_1") == "estate:Himmerland 12"
    assert re.search(r'name="n_1_2"[^>]*value="5"', page)
    assert f'href="/activities/SOE/register?copy={new_id}"' in page  # the Copy link
    assert client.get(f"{FORM}?copy=999999").status_code == 404
