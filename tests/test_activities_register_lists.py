"""The projects list (public sees published projects only), the staff session list (paged,
copy and delete), deleting with CSRF, the venue finder's "register here" link, and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from geodata.activities_sessions import register_session
from geodata.db import session_scope
from tests.test_activities_data_helpers import KEY, TODAY, count, draft, setup_project
from tests.test_activities_register_form import client_as
from tests.test_assets_helpers import csrf_of, run_cli

LIST = "/activities/SOE/sessions"


def add_sessions(db_url: str, n: int) -> list[int]:
    """n sessions of Fællesspisning at V1 on n different days of January-February 2026."""
    with session_scope(db_url) as s:
        return [register_session(s, "SOE", draft(held_on=TODAY.replace(month=1 + d // 28,
                                                                       day=1 + d % 28)),
                                 key=KEY, today=TODAY) for d in range(n)]  # fmt: skip


def sessions_in(db_url: str) -> int:
    with session_scope(db_url) as s:
        return count(s, "activity_sessions")


def test_the_public_sees_a_project_only_once_published(db_url: str, tmp_path: Path) -> None:
    setup_project(db_url)
    public = client_as(db_url, tmp_path, None)
    assert 'data-project="SOE"' not in public.get("/activities").text
    staff = client_as(db_url, tmp_path, "planner")
    page = staff.get("/activities").text
    assert 'data-project="SOE"' in page and 'href="/activities/SOE/sessions"' in page
    assert 'data-testid="register-link"' not in page  # planners read, they do not register
    assert run_cli(db_url, ["activities", "project", "publish", "SOE"]).exit_code == 0
    page = public.get("/activities").text
    assert 'data-project="SOE"' in page and 'href="/activities/SOE"' in page
    assert "/activities/SOE/sessions" not in page
    assert not re.search(r"\d+ sessions|not published", page)  # no staff facts for the public
    assert run_cli(db_url, ["activities", "project", "unpublish", "SOE"]).exit_code == 0
    assert 'data-project="SOE"' not in public.get("/activities").text


def test_the_session_list_is_paged_and_staff_only(db_url: str, tmp_path: Path) -> None:
    setup_project(db_url)
    ids = add_sessions(db_url, 5)
    assert client_as(db_url, tmp_path, None).get(LIST).status_code == 401
    planner = client_as(db_url, tmp_path, "planner")
    first = planner.get(f"{LIST}?limit=2").text
    shown = re.findall(r'<tr data-session="(\d+)"', first)
    assert shown == [str(i) for i in ids[::-1][:2]]  # newest first
    assert "?offset=2&amp;limit=2" in first and "Showing 1-2 of 5" in first
    last = planner.get(f"{LIST}?limit=2&offset=4").text
    assert re.findall(r'<tr data-session="(\d+)"', last) == [str(ids[0])]
    assert 'data-testid="next"' not in last
    assert "/delete" not in first  # no delete buttons for a planner
    assert planner.get(f"{LIST}?limit=0").status_code == 422


def test_delete_needs_a_writer_and_the_token(db_url: str, tmp_path: Path) -> None:
    setup_project(db_url)
    (sid,) = add_sessions(db_url, 1)
    target = f"{LIST}/{sid}/delete"
    planner = client_as(db_url, tmp_path, "planner")
    assert planner.post(target, data={"csrf_token": csrf_of(planner, LIST)}).status_code == 403
    coordinator = client_as(db_url, tmp_path, "coordinator")
    assert coordinator.post(target, data={}).status_code == 403  # no CSRF token
    assert sessions_in(db_url) == 1
    token = csrf_of(coordinator, LIST)
    assert f'action="{target}"' in coordinator.get(LIST).text
    answer = coordinator.post(target, data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == f"{LIST}?done=deleted"
    assert sessions_in(db_url) == 0
    with session_scope(db_url) as s:
        assert count(s, "activity_attendance") == 0
    assert coordinator.post(target, data={"csrf_token": token}).status_code == 404


def test_a_session_of_another_project_cannot_be_deleted_through_this_one(
    db_url: str, tmp_path: Path
) -> None:
    setup_project(db_url)
    (sid,) = add_sessions(db_url, 1)
    from datetime import date

    from geodata.activities_projects import add_project

    with session_scope(db_url) as s:
        add_project(s, "OTHER", "Andet", date(2026, 1, 1), date(2026, 12, 31), "0851")
    coordinator = client_as(db_url, tmp_path, "coordinator")
    token = csrf_of(coordinator, LIST)
    answer = coordinator.post(f"/activities/OTHER/sessions/{sid}/delete",
                              data={"csrf_token": token})  # fmt: skip
    assert answer.status_code == 404
    assert sessions_in(db_url) == 1


def test_cli_lists_pages_and_deletes(db_url: str) -> None:
    setup_project(db_url)
    ids = add_sessions(db_url, 3)
    listed = run_cli(db_url, ["activities", "session", "list", "SOE", "--limit", "2"])
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert [int(line.split("\t")[0]) for line in lines] == ids[::-1][:2]
    assert "10 participants" in lines[0]
    assert "next: --offset 2" in listed.stderr
    deleted = run_cli(db_url, ["activities", "session", "delete", "SOE", str(ids[0])])
    assert deleted.exit_code == 0 and sessions_in(db_url) == 2
    again = run_cli(db_url, ["activities", "session", "delete", "SOE", str(ids[0])])
    assert again.exit_code != 0 and "no session" in again.output


def test_venue_finder_offers_register_here_to_writers(demo_url: str, tmp_path: Path) -> None:
    question = "/venues?p=2&radius=800&target=65%2B&area_code=9210"
    from datetime import date

    from sqlalchemy import text

    from geodata.activities_projects import add_project

    with session_scope(demo_url) as s:
        kommune = s.execute(text("SELECT code FROM areas WHERE kind = 'kommune' LIMIT 1")).scalar()
        add_project(s, "VF", "Plan", date(2026, 1, 1), date(2026, 12, 31), str(kommune))
    public = client_as(demo_url, tmp_path, None).get(question).text
    assert 'data-testid="venues-table"' in public and "register-here" not in public
    coordinator: TestClient = client_as(demo_url, tmp_path, "coordinator")
    page = coordinator.get(question).text
    links = re.findall(r'href="(/activities\?venue=[^"]+)" data-testid="register-here"', page)
    assert len(links) == 2, page[-3000:]
    listing = coordinator.get(links[0].replace("&amp;", "&"))
    assert listing.status_code == 200 and 'data-testid="venue-from-plan"' in listing.text
    key = links[0].rsplit("=", 1)[1]
    assert f'href="/activities/VF/register?venue={key}"' in listing.text
