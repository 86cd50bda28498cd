"""The activities API: register (201, or 422 with located errors and nothing stored), roles and
CSRF, paging with a `next` link, read and delete one session, publish/unpublish, bounds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from geodata.db import session_scope
from tests.test_activities_data_helpers import count, dump, setup_project
from tests.test_activities_register_form import client_as
from tests.test_assets_helpers import csrf_of

BASE = "/api/activities/projects"
SESSIONS = f"{BASE}/SOE/sessions"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "offer": "Fællesspisning", "held_on": "2026-02-10", "venue": "V1",
        "starts_at": "16:00", "ends_at": "18:00", "staff_count": 2,
        "counts": [{"age_band": "18-29", "home_kind": "estate", "place": "Kildeparken",
                    "participants": 4},
                   {"age_band": "65-79", "home_kind": "unknown", "participants": 6}],
        "codes": ["AB12", "CD34"],
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def project(db_url: str) -> str:
    setup_project(db_url)
    return db_url


def writer(db_url: str, tmp_path: Path, role: str = "coordinator") -> tuple[TestClient, dict]:
    client = client_as(db_url, tmp_path, role)
    return client, {"X-CSRF-Token": csrf_of(client, "/activities")}


def stored(db_url: str) -> int:
    with session_scope(db_url) as s:
        return count(s, "activity_sessions")


def test_a_coordinator_registers_a_session(project: str, tmp_path: Path) -> None:
    client, headers = writer(project, tmp_path)
    answer = client.post(SESSIONS, json=body(), headers=headers)
    assert answer.status_code == 201, answer.text
    out = answer.json()
    assert answer.headers["location"] == f"{SESSIONS}/{out['id']}"
    assert out["participants"] == 10 and out["codes"] == 2 and out["venue"] == "V1"
    assert {"age_band": "18-29", "home_kind": "estate", "participants": 4,
            "place": "Himmerland 12", "place_name": "Kildeparken"} in out["counts"]  # fmt: skip
    assert client.get(f"{SESSIONS}/{out['id']}").json() == out


def test_roles_and_csrf_guard_writing(project: str, tmp_path: Path) -> None:
    anonymous = client_as(project, tmp_path, None)
    assert anonymous.post(SESSIONS, json=body()).status_code == 401
    assert anonymous.get(SESSIONS).status_code == 401
    planner, planner_headers = writer(project, tmp_path, "planner")
    assert planner.post(SESSIONS, json=body(), headers=planner_headers).status_code == 403
    assert planner.post(f"{BASE}/SOE/publish", headers=planner_headers).status_code == 403
    assert planner.get(SESSIONS).status_code == 200  # planners read
    coordinator, _ = writer(project, tmp_path)
    assert coordinator.post(SESSIONS, json=body()).status_code == 403  # no X-CSRF-Token
    assert coordinator.post(SESSIONS, json=body(), headers={"X-CSRF-Token": "x"}).status_code == 403
    assert stored(project) == 0


def test_a_refused_session_names_each_field_and_stores_nothing(
    project: str, tmp_path: Path
) -> None:
    client, headers = writer(project, tmp_path)
    with session_scope(project) as s:
        before = dump(s)
    bad = body(held_on="2025-12-01", venue="NOPE",
               counts=[{"age_band": "18-29", "home_kind": "estate", "place": "Nowhere",
                        "participants": 1}], codes=["A1", "B2"])  # fmt: skip
    answer = client.post(SESSIONS, json=bad, headers=headers)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"held_on", "venue", "place", "codes"} <= fields, answer.json()
    with session_scope(project) as s:
        assert dump(s) == before


@pytest.mark.parametrize(
    "overrides",
    [
        {"counts": [{"age_band": "0-17", "home_kind": "unknown", "participants": 1}] * 101},
        {"codes": [f"K{i}" for i in range(501)]},
        {"note": "x" * 501},
        {"counts": [{"age_band": "0-17", "home_kind": "unknown", "participants": -1}]},
        {"counts": [{"age_band": "200+", "home_kind": "unknown", "participants": 1}]},
        {"starts_at": "16:00+02:00"},
        {"offer": "a\x00b"},
        {"unexpected": 1},
    ],
)
def test_bodies_are_bounded(project: str, tmp_path: Path, overrides: dict[str, Any]) -> None:
    client, headers = writer(project, tmp_path)
    answer = client.post(SESSIONS, json=body(**overrides), headers=headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"]
    assert stored(project) == 0


def test_pages_link_the_next_and_delete_needs_a_writer(project: str, tmp_path: Path) -> None:
    client, headers = writer(project, tmp_path)
    ids = [client.post(SESSIONS, json=body(held_on=f"2026-02-{d:02d}"), headers=headers)
           .json()["id"] for d in range(1, 6)]  # fmt: skip
    page = client.get(f"{SESSIONS}?limit=2").json()
    assert [s["id"] for s in page["items"]] == ids[::-1][:2] and page["total"] == 5
    following = client.get(page["next"]).json()
    assert [s["id"] for s in following["items"]] == ids[::-1][2:4]
    assert client.get(f"{SESSIONS}?limit=2&offset=4").json()["next"] is None
    assert client.get(f"{SESSIONS}?limit=1001").status_code == 422
    planner, planner_headers = writer(project, tmp_path, "planner")
    assert planner.delete(f"{SESSIONS}/{ids[0]}", headers=planner_headers).status_code == 403
    assert client.delete(f"{SESSIONS}/{ids[0]}").status_code == 403  # no token
    assert client.delete(f"{SESSIONS}/{ids[0]}", headers=headers).status_code == 204
    assert client.get(f"{SESSIONS}/{ids[0]}").status_code == 404
    assert client.delete(f"{SESSIONS}/{ids[0]}", headers=headers).status_code == 404
    assert stored(project) == 4


def test_publish_shows_the_project_to_the_public(project: str, tmp_path: Path) -> None:
    public = client_as(project, tmp_path, None)
    assert public.get(f"{BASE}").json()["items"] == []  # paged: limit, offset, next beside
    client, headers = writer(project, tmp_path)
    staff_view = client.get(BASE).json()["items"]
    assert staff_view[0]["code"] == "SOE" and staff_view[0]["sessions"] == 0
    assert client.post(f"{BASE}/SOE/publish", headers=headers).json() == {
        "code": "SOE", "published": True,
    }  # fmt: skip
    (item,) = public.get(BASE).json()["items"]
    assert item["code"] == "SOE" and item["published"] and item["sessions"] is None
    assert public.get(SESSIONS).status_code == 401  # published totals, never sessions
    client.post(f"{BASE}/SOE/unpublish", headers=headers)
    assert public.get(BASE).json()["items"] == []
    assert client.post(f"{BASE}/NOPE/publish", headers=headers).status_code == 404


def test_the_routes_are_in_the_openapi_schema(project: str, tmp_path: Path) -> None:
    paths = client_as(project, tmp_path, None).get("/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths[f"{BASE}/{{code}}/sessions"])
    assert {"get", "delete"} <= set(paths[f"{BASE}/{{code}}/sessions/{{session_id}}"])
    assert "post" in paths[f"{BASE}/{{code}}/publish"] and "get" in paths[BASE]
    responses = paths[f"{BASE}/{{code}}/sessions"]["post"]["responses"]
    assert {"201", "401", "403", "422"} <= set(responses)
