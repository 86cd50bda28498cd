"""Mapping evenings: an open event's code lifts the per-network hourly limit, and nothing else.

Residents at one fælleshus share one address, so every client here is the TestClient's one
"network"; the coordinator uses a second client on the same network.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from geodata.db import session_scope
from geodata.queries.assets_events import EventLimits, create_event
from tests.test_assets_helpers import (
    coordinator,
    csrf_of,
    form_fields,
    make_client,
    photo_bytes,
    submit,
)

HTML = {"Accept": "text/html"}


def _event(client: TestClient, db_url: str, **fields: Any) -> tuple[int, str]:
    """Open an event through the coordinator page; returns (id, code)."""
    if client.get("/assets/events", headers=HTML).status_code == 303:  # not logged in yet
        coordinator(client, db_url)
    token = csrf_of(client, "/assets/events")
    page = client.get("/assets/events")
    starts = re.search(r'name="starts"[^>]*value="([^"]+)"', page.text)
    ends = re.search(r'name="ends"[^>]*value="([^"]+)"', page.text)
    assert starts and ends
    data = {"name": "Kortlægningsaften i fælleshuset", "place": "Fælleshuset, Rørdal",
            "starts": starts.group(1), "ends": ends.group(1), "csrf_token": token}  # fmt: skip
    data |= fields
    response = client.post("/assets/events", data=data)
    assert response.status_code == 303, response.text
    event_id = int(response.headers["location"].split("/")[-1].split("?")[0])
    code = re.search(
        r'data-testid="event-code">([A-Z0-9]+)<', client.get(f"/assets/events/{event_id}").text
    )
    assert code
    return event_id, code.group(1)


def _send(client: TestClient, **overrides: Any) -> Any:
    data = form_fields(**overrides)
    data["csrf_token"] = csrf_of(client)
    return client.post(
        "/assets/new", data=data, files=[("photos", ("", b"", "application/octet-stream"))],
        headers=HTML,
    )  # fmt: skip


@pytest.fixture
def staff(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path / "staff")


def test_eleventh_submission_without_event_is_refused_in_danish_with_text_kept(
    db_url: str, tmp_path: Path
) -> None:
    client = make_client(db_url, tmp_path)
    for n in range(10):
        assert submit(client, title=f"Aktiv {n}").status_code == 303
    typed = {"title": "Bænken ved søen", "description": "Her mødes vi hver torsdag kl. 10",
             "category": "spaces", "subcategory": "park", "schedule": "torsdage",
             "contact": "Grete", "lat": "57.03301", "lon": "9.99702"}  # fmt: skip
    refused = _send(client, **typed)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.headers["content-type"].startswith("text/html")
    assert "Dit aktiv blev ikke sendt" in refused.text and "Prøv igen om" in refused.text
    for name in ("title", "schedule", "contact", "lat", "lon"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(typed[name])}"', refused.text), name
    assert "Her mødes vi hver torsdag kl. 10</textarea>" in refused.text
    assert '<option value="spaces" selected>' in refused.text
    assert re.search(r'<option value="park" selected>', refused.text)
    assert "Too many" not in refused.text
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(text("assets"))) == 10


def test_validation_refusal_keeps_the_text_too(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    refused = _send(client, title="", description="Lang tekst, der ikke må gå tabt")
    assert refused.status_code == 422 and "Formularen kunne ikke sendes" in refused.text
    assert "Lang tekst, der ikke må gå tabt</textarea>" in refused.text


def test_open_event_code_lifts_the_network_limit(
    db_url: str, tmp_path: Path, staff: TestClient
) -> None:
    event_id, code = _event(staff, db_url)
    client = make_client(db_url, tmp_path, rate_submissions_per_hour=2)
    for n in range(5):
        response = _send(client, title=f"Aktiv {n}", event=code.lower())
        assert response.status_code == 303, response.text
    assert _send(client, title="uden kode").status_code == 303  # network slots unused so far
    with session_scope(db_url) as s:
        tagged = s.execute(text("SELECT count(*) FROM assets WHERE event_id = :e"), {"e": event_id})
        assert tagged.scalar_one() == 5
        history = s.execute(
            text("SELECT count(*) FROM asset_events WHERE diff->'event'->>1 = :e"),
            {"e": str(event_id)},
        )
        assert history.scalar_one() == 5  # the asset's history says which evening it came from
    page = staff.get(f"/assets/events/{event_id}")
    assert "5 aktiver indsendt under aftenen" in page.text
    assert "Aktiv 0" not in page.text  # aggregates only


def _neutral(html: str, code: str) -> str:
    """A page with what differs per visit (code, CSRF token, CSP nonce) blanked out."""
    html = re.sub(r'(csrf[-_]token"?\s+(?:content|value)=")[^"]+', r"\1-", html)
    return re.sub(r'nonce="[^"]+"', 'nonce="-"', html).replace(code, "CODE")


def test_form_link_fills_in_the_code_but_does_not_say_if_it_exists(
    db_url: str, tmp_path: Path, staff: TestClient
) -> None:
    """The link's page is free to load, so it must not answer "does this code exist?":
    a valid code and an unknown one give the same page; only sending the form checks it."""
    _, code = _event(staff, db_url)
    real = make_client(db_url, tmp_path).get(f"/assets/new?event={code}")
    fake = make_client(db_url, tmp_path).get("/assets/new?event=ZZZZZZ")
    assert real.status_code == fake.status_code == 200
    assert re.search(rf'name="event"[^>]*value="{code}"', real.text)
    assert re.search(r'name="event"[^>]*value="ZZZZZZ"', fake.text)
    assert "Kortlægningsaften i fælleshuset" not in real.text and "findes ikke" not in fake.text
    assert _neutral(real.text, code) == _neutral(fake.text, "ZZZZZZ")
    hostile = make_client(db_url, tmp_path).get('/assets/new?event="><b>x</b>')
    assert hostile.status_code == 200 and "<b>x</b>" not in hostile.text
    assert 'value="&#34;&gt;&lt;b&gt;x&lt;/b&gt;"' in hostile.text
    assert make_client(db_url, tmp_path).get("/assets/new?event=" + "A" * 21).status_code == 422


def test_closed_event_is_refused_and_the_network_limit_applies(
    db_url: str, tmp_path: Path, staff: TestClient
) -> None:
    event_id, code = _event(staff, db_url)
    token = csrf_of(staff, f"/assets/events/{event_id}")
    assert (
        staff.post(f"/assets/events/{event_id}/close", data={"csrf_token": token}).status_code
        == 303
    )
    client = make_client(db_url, tmp_path, rate_submissions_per_hour=2)
    refused = _send(client, title="Haven bag kirken", event=code)
    assert refused.status_code == 422
    assert "lukket kortlægningsaftenen" in refused.text and "Haven bag kirken" in refused.text
    assert _send(client, title="uden kode").status_code == 303
    assert _send(client, title="igen").status_code == 429  # the closed code's try counted
    reopened = staff.post(f"/assets/events/{event_id}/reopen", data={"csrf_token": token})
    assert reopened.status_code == 303
    assert _send(client, title="efter genåbning", event=code).status_code == 303
    with session_scope(db_url) as s:
        kinds = s.execute(
            text("SELECT kind FROM audit_events WHERE kind LIKE 'event_%' ORDER BY id")
        )
        assert list(kinds.scalars()) == ["event_created", "event_closed", "event_reopened"]


def test_unknown_and_ended_codes_are_refused_in_danish(db_url: str, tmp_path: Path) -> None:
    with session_scope(db_url) as s:
        at = s.scalar(select(func.now()))
        ended = create_event(
            s, "Sidste uge", "", at - timedelta(hours=3), at - timedelta(hours=1), None,
            EventLimits(12, 100), None,
        ).code  # fmt: skip
    client = make_client(db_url, tmp_path)
    unknown = _send(client, event="QQQQ-QQ")
    assert (
        unknown.status_code == 422 and "Koden til kortlægningsaftenen findes ikke" in unknown.text
    )
    assert "er slut" in _send(client, event=ended).text


def test_event_hourly_cap_and_total_hold(db_url: str, tmp_path: Path, staff: TestClient) -> None:
    _, code = _event(staff, db_url)
    client = make_client(db_url, tmp_path, event_submissions_per_hour=3)
    assert all(_send(client, title=f"A{n}", event=code).status_code == 303 for n in range(3))
    capped = _send(client, title="den fjerde", event=code)
    assert capped.status_code == 429 and "Kortlægningsaftenen har modtaget mange" in capped.text
    assert "den fjerde" in capped.text
    _, small = _event(staff, db_url, max_submissions="2")
    assert all(_send(client, title=f"B{n}", event=small).status_code == 303 for n in range(2))
    full = _send(client, title="den tredje", event=small)
    assert full.status_code == 422 and "det højeste antal aktiver" in full.text


def _with_photos(client: TestClient, n: int, **overrides: Any) -> Any:
    data = form_fields(**overrides) | {"csrf_token": csrf_of(client)}
    files = [("photos", (f"foto{i}.jpg", photo_bytes(), "image/jpeg")) for i in range(n)]
    return client.post("/assets/new", data=data, files=files, headers=HTML)


def test_event_photos_count_against_the_evening_not_the_network(
    db_url: str, tmp_path: Path, staff: TestClient
) -> None:
    """A mapping evening's photos take slots in the evening's window, after its code is checked;
    the network's photo limit still holds for everything sent without a code."""
    event_id, code = _event(staff, db_url)
    client = make_client(db_url, tmp_path, rate_uploads_per_hour=2, event_uploads_per_hour=5)
    wrong = _with_photos(client, 2, title="Forkert kode", event="ZZZZZZ")
    assert wrong.status_code == 422 and "findes ikke" in wrong.text  # no photo slot spent
    for n in range(2):  # four photos from one network, twice its hourly limit
        assert _with_photos(client, 2, title=f"Med fotos {n}", event=code).status_code == 303
    capped = _with_photos(client, 2, title="Den sjette", event=code)
    assert capped.status_code == 429 and int(capped.headers["Retry-After"]) > 0
    assert "Kortlægningsaftenen har modtaget mange fotos" in capped.text
    assert 'value="Den sjette"' in capped.text
    assert _with_photos(client, 2, title="Uden kode").status_code == 303  # the network's two
    over = _with_photos(client, 1, title="Én for meget")
    assert over.status_code == 429 and "fra din internetforbindelse" in over.text
    with session_scope(db_url) as s:
        assert s.scalar(text("SELECT count(*) FROM asset_photos")) == 6
        counted = s.scalar(text("SELECT submissions FROM mapping_events WHERE id = :e"),
                           {"e": event_id})  # fmt: skip
        assert counted == 2  # the refused third one is not counted towards the evening


def test_api_takes_the_code_as_field_or_header(
    db_url: str, tmp_path: Path, staff: TestClient
) -> None:
    _, code = _event(staff, db_url)
    client = make_client(db_url, tmp_path, rate_submissions_per_hour=1)
    body = {"category": "spaces", "title": "Via API", "lat": 57.033, "lon": 9.997, "consent": True}
    assert client.post("/api/assets", json=body | {"event": code}).status_code == 201
    assert client.post("/api/assets", json=body, headers={"X-Event-Code": code}).status_code == 201
    assert client.post("/api/assets", json=body).status_code == 201  # the network's one slot
    over = client.post("/api/assets", json=body)
    assert over.status_code == 429 and "Prøv igen om" in over.json()["detail"]
    bad = client.post("/api/assets", json=body | {"event": "ZZZZZZ"})
    assert bad.status_code == 429  # a bad code still spends a network slot: none left


def test_event_rules_for_coordinators(db_url: str, tmp_path: Path, staff: TestClient) -> None:
    anonymous = make_client(db_url, tmp_path)
    assert anonymous.get("/assets/events", headers=HTML).status_code == 303  # to the login
    token = coordinator(staff, db_url)
    data = {"name": "For lang", "starts": "2026-12-07T10:00", "ends": "2026-12-07T23:30"}
    too_long = staff.post("/assets/events", data=data | {"csrf_token": token})
    assert too_long.status_code == 422 and "højst 12 timer" in too_long.text
    assert 'value="For lang"' in too_long.text
    too_many = staff.post(
        "/assets/events",
        data=data | {"ends": "2026-12-07T12:00", "max_submissions": "999999", "csrf_token": token},
    )
    assert too_many.status_code == 422 and re.search(r"mellem 1 og 2\.?000", too_many.text)
    assert staff.post("/assets/events", data=data).status_code == 403  # no CSRF token
