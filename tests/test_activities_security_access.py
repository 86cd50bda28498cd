"""Who may write, what the public may see, and whose sessions a coordinator may touch.

Every write (the form, delete, the API's POST/DELETE, publish and unpublish) refuses the public
(401) and planners (403) and changes nothing; every write also needs the CSRF token. An
unpublished project answers the public exactly as an unknown code does, on every route. A
session is reached only through its own project (no deleting, reading or copying another
project's session by its id). Staff writes are in the audit log, without personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import text

from geodata.activities_projects import add_offer, add_project
from geodata.activities_sessions import CountInput, register_session
from geodata.db import session_scope
from tests.test_activities_data_helpers import KEY, TODAY, draft, dump, setup_project
from tests.test_activities_register_form import FORM, client_as, fields
from tests.test_assets_helpers import csrf_of, run_cli

API = "/api/activities/projects"
TABLES = ("activity_projects", "activity_sessions", "activity_attendance", "activity_codes")
NOTE = "Hemmelig note om Strikkeklubben"


@pytest.fixture
def two_projects(db_url: str) -> tuple[str, int, int]:
    """SOE with one session, and OTHER (its own offer "Strikkeklub") with one noted session."""
    setup_project(db_url)
    with session_scope(db_url) as s:
        mine = register_session(s, "SOE", draft(), key=KEY, today=TODAY)
        add_project(s, "OTHER", "Andet", date(2026, 1, 1), date(2026, 12, 31), "0851")
        add_offer(s, "OTHER", "Strikkeklub", "faellesskab")
        theirs = register_session(
            s, "OTHER", draft(offer="Strikkeklub", venue_key="V3", note=NOTE,
                              counts=(CountInput("80+", "unknown", 13),)),
            key=KEY, today=TODAY,
        )  # fmt: skip
    return db_url, mine, theirs


def state(db_url: str) -> str:
    with session_scope(db_url) as s:
        return dump(s, TABLES)


def writes(sid: int) -> list[tuple[str, Callable[[TestClient, str], Response]]]:
    """Each write, as (name, call(client, token)); the token goes where the route reads it."""
    body = {
        "offer": "Fællesspisning",
        "held_on": "2026-03-04",
        "venue": "V1",
        "counts": [{"age_band": "0-17", "home_kind": "unknown", "participants": 9}],
    }

    def form(c: TestClient, token: str) -> Response:
        data = {"csrf_token": token, "offer": "1", "held_on": "2026-03-03", "venue": "V1",
                "home_0": "unknown", "n_0_0": "9"}  # fmt: skip
        return c.post(FORM, data=data)

    def header(token: str) -> dict[str, str]:
        return {"X-CSRF-Token": token}

    return [
        ("form register", form),
        ("form delete", lambda c, t: c.post(f"/activities/SOE/sessions/{sid}/delete",
                                            data={"csrf_token": t})),
        ("api register", lambda c, t: c.post(f"{API}/SOE/sessions", json=body, headers=header(t))),
        ("api delete", lambda c, t: c.delete(f"{API}/SOE/sessions/{sid}", headers=header(t))),
        ("publish", lambda c, t: c.post(f"{API}/SOE/publish", headers=header(t))),
        ("unpublish", lambda c, t: c.post(f"{API}/SOE/unpublish", headers=header(t))),
    ]  # fmt: skip


def test_every_write_refuses_the_public_and_planners(
    two_projects: tuple[str, int, int], tmp_path: Path
) -> None:
    db_url, sid, _ = two_projects
    before = state(db_url)
    public = client_as(db_url, tmp_path, None)
    public_token = csrf_of(public, "/login")
    planner = client_as(db_url, tmp_path, "planner")
    planner_token = csrf_of(planner, "/activities")
    for name, call in writes(sid):
        assert call(public, public_token).status_code == 401, name
        assert call(planner, planner_token).status_code == 403, name
    assert state(db_url) == before


def test_every_write_needs_the_csrf_token(
    two_projects: tuple[str, int, int], tmp_path: Path
) -> None:
    db_url, sid, _ = two_projects
    before = state(db_url)
    coordinator = client_as(db_url, tmp_path, "coordinator")
    other = client_as(db_url, tmp_path, "admin")
    foreign = csrf_of(other, "/activities")  # a real token, of another login
    assert csrf_of(coordinator, "/activities") != foreign
    for name, call in writes(sid):
        for token in ("", "not-a-token", foreign):
            answer = call(coordinator, token)
            assert answer.status_code == 403, (name, token, answer.status_code)
    assert state(db_url) == before
    own = csrf_of(coordinator, "/activities")  # the same writes go through with the right one
    assert [call(coordinator, own).status_code for _, call in writes(sid)] == [
        303,
        303,
        201,
        404,
        200,
        200,
    ]  # the API delete: the form already deleted it


def test_another_projects_session_is_not_reachable_through_this_one(
    two_projects: tuple[str, int, int], tmp_path: Path
) -> None:
    db_url, _, theirs = two_projects
    before = state(db_url)
    coordinator = client_as(db_url, tmp_path, "coordinator")
    token = csrf_of(coordinator, "/activities")
    answers = [
        coordinator.get(f"{FORM}?copy={theirs}"),
        coordinator.get(f"{API}/SOE/sessions/{theirs}"),
        coordinator.delete(f"{API}/SOE/sessions/{theirs}", headers={"X-CSRF-Token": token}),
        coordinator.post(f"/activities/SOE/sessions/{theirs}/delete", data={"csrf_token": token}),
    ]
    for answer in answers:
        assert answer.status_code == 404, answer.request.url
        assert "Strikkeklub" not in answer.text and "80+" not in answer.text
        assert "V3" not in answer.text and "Hemmelig" not in answer.text
    listed = coordinator.get(f"{API}/SOE/sessions").json()["items"]
    assert theirs not in [item["id"] for item in listed]
    assert state(db_url) == before


ROUTES = (
    "/activities/{code}",
    "/activities/{code}?year=2026&as_of=2026-06-30",
    "/activities/{code}/download?table=progress&format=csv",
    "/activities/{code}/download?table=progress&format=xlsx",
    "/activities/{code}/download?table=evaluator&format=csv-da",
    "/activities/{code}/report?period=2026",
    "/activities/{code}/reach",
    "/activities/{code}/reach/map",
    "/activities/{code}/venues",
    "/activities/{code}/sessions",
    "/activities/{code}/register",
    "/api/activities/projects/{code}/progress",
    "/api/activities/projects/{code}/progress?by=venue",
    "/api/activities/projects/{code}/reach",
    "/api/activities/projects/{code}/venues",
    "/api/activities/projects/{code}/sessions",
    "/api/activities/projects/{code}/sessions/1",
)


def test_an_unpublished_project_is_like_an_unknown_one_to_the_public(
    two_projects: tuple[str, int, int], tmp_path: Path
) -> None:
    db_url = two_projects[0]
    public = client_as(db_url, tmp_path, None)
    for route in ROUTES:
        unpublished = public.get(route.format(code="SOE"))
        unknown = public.get(route.format(code="NOPE"))
        assert unpublished.status_code == unknown.status_code, route
        assert unpublished.status_code in (401, 404), (route, unpublished.status_code)
        assert unpublished.text.replace("SOE", "NOPE") == unknown.text, route
    listed = public.get(f"{API}").json()["items"]
    assert listed == []


def test_the_published_project_shows_the_public_only_totals(
    two_projects: tuple[str, int, int], tmp_path: Path
) -> None:
    db_url = two_projects[0]
    with session_scope(db_url) as s:
        register_session(s, "SOE", draft(held_on=date(2026, 3, 3), note=NOTE,
                                         codes=("KORT0001",)), key=KEY, today=TODAY)  # fmt: skip
        s.execute(text("UPDATE activity_projects SET published = true"))
        hashes = [r[0] for r in s.execute(text("SELECT code_hash FROM activity_codes"))]
    public = client_as(db_url, tmp_path, None)
    shown = {route: public.get(route.format(code="SOE")) for route in ROUTES}
    for route in ("/activities/{code}", "/activities/{code}/download?table=progress&format=csv",
                  "/activities/{code}/download?table=progress&format=xlsx",
                  "/api/activities/projects/{code}/progress"):  # fmt: skip
        assert shown[route].status_code == 200, route
    shown["list"] = public.get(API)
    shown["index"] = public.get("/activities")
    for route, answer in shown.items():
        body = answer.text if "xlsx" not in route else answer.content.decode("latin-1")
        for secret in ("Fællesspisning", "Fælleshuset Kildeparken", "Beboerlokalet",
                       "Kildeparken", "Hemmelig", "KORT0001", *hashes, "coded_share",
                       '"items":[{"id"'):  # fmt: skip
            if answer.status_code < 400:
                assert secret not in body, (route, secret)
        assert not re.search(r'"sessions":\s*\d', body), route
    assert public.get(API).json()["items"][0]["sessions"] is None
    for route in ROUTES:
        if any(staff in route for staff in ("/reach", "/venues", "/sessions", "/register",
                                            "/report", "evaluator", "by=venue")):  # fmt: skip
            assert shown[route].status_code in (401, 403), route


def test_staff_writes_are_in_the_audit_log(tmp_path: Path, db_url: str) -> None:
    setup_project(db_url)
    coordinator = client_as(db_url, tmp_path, "coordinator")
    form = coordinator.post(FORM, data=fields(coordinator, codes="KORT0042"))
    assert form.status_code == 303, form.text[:300]
    token = csrf_of(coordinator, "/activities")
    headers = {"X-CSRF-Token": token}
    body = {
        "offer": "Gåtur",
        "held_on": "2026-03-03",
        "venue": "V2",
        "codes": ["KORT0043"],
        "counts": [{"age_band": "0-17", "home_kind": "unknown", "participants": 9}],
    }
    made = coordinator.post(f"{API}/SOE/sessions", json=body, headers=headers)
    assert made.status_code == 201
    first = coordinator.get(f"{API}/SOE/sessions").json()["items"][-1]["id"]
    assert coordinator.delete(f"{API}/SOE/sessions/{made.json()['id']}",
                              headers=headers).status_code == 204  # fmt: skip
    assert coordinator.post(f"/activities/SOE/sessions/{first}/delete",
                            data={"csrf_token": token}).status_code == 303  # fmt: skip
    assert coordinator.post(f"{API}/SOE/publish", headers=headers).status_code == 200
    assert coordinator.post(f"{API}/SOE/unpublish", headers=headers).status_code == 200
    with session_scope(db_url) as s:
        rows = s.execute(text(
            "SELECT a.kind, a.detail::text, u.email FROM audit_events a JOIN users u "
            "ON u.id = a.user_id WHERE a.kind LIKE 'activity%' ORDER BY a.id"
        )).all()  # fmt: skip
    assert [r.kind for r in rows] == [
        "activity_registered", "activity_registered", "activity_deleted", "activity_deleted",
        "activity_published", "activity_unpublished"]  # fmt: skip
    assert {r.email for r in rows} == {"coordinator@aalborg.dk"}
    assert f'"session": {first}' in rows[0].detail and '"project": "SOE"' in rows[0].detail
    assert not any("KORT" in r.detail or "V2" in r.detail for r in rows)
    refused = coordinator.post(FORM, data=fields(coordinator, held_on="2031-01-01"))
    assert refused.status_code == 422
    with session_scope(db_url) as s:  # a refused registration stored nothing, so no audit row
        n = s.execute(text("SELECT count(*) FROM audit_events WHERE kind LIKE 'activity%'"))
        assert n.scalar_one() == len(rows)


def test_command_line_writes_are_in_the_audit_log_too(db_url: str) -> None:
    setup_project(db_url)
    added = run_cli(db_url, ["activities", "session", "add", "SOE", "--offer", "Gåtur",
                             "--date", "2026-03-03", "--venue", "V2", "--count", "0-17:unknown=9",
                             "--code", "KORT0044"])  # fmt: skip
    assert added.exit_code == 0, added.output
    sid = int(added.output.split()[1])
    for args in (["session", "delete", "SOE", str(sid)], ["project", "publish", "SOE"],
                 ["project", "unpublish", "SOE"]):  # fmt: skip
        assert run_cli(db_url, ["activities", *args]).exit_code == 0, args
    with session_scope(db_url) as s:
        rows = s.execute(text(
            "SELECT kind, detail::text, user_id FROM audit_events WHERE kind LIKE 'activity%' "
            "ORDER BY id"
        )).all()  # fmt: skip
    assert [r.kind for r in rows] == ["activity_registered", "activity_deleted",
                                      "activity_published", "activity_unpublished"]  # fmt: skip
    assert all(r.user_id is None and "KORT" not in r.detail for r in rows)
    assert f'"session": {sid}' in rows[1].detail
