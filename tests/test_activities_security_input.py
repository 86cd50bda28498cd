"""Odd input on every activities route: a clear 4xx in the user's language, never a 5xx.

Years far away, dates at the ends of the calendar, negative offsets, huge limits, quarters that
do not exist, unknown languages and tables: each is answered by the route's own bounds (or its
domain check), for the public and for staff alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from tests.test_activities_data_helpers import setup_project
from tests.test_activities_register_form import client_as

ODD = (
    "/activities/SOE?year=99999",
    "/activities/SOE?year=-1",
    "/activities/SOE?as_of=0001-01-01",
    "/activities/SOE?as_of=9999-12-31",
    "/activities/SOE?as_of=10000-01-01",
    "/activities/SOE?year=2026&as_of=2026-02-30",
    "/activities/SOE?lang=xx",
    "/activities/SOE/download?table=progress&format=csv&year=99999",
    "/activities/SOE/download?table=progress&format=xlsx&as_of=0001-01-01",
    "/activities/SOE/download?table=nope&format=csv",
    "/activities/SOE/report?period=2026-Q5",
    "/activities/SOE/report?period=99999",
    "/activities/SOE/report?period=0001",
    "/activities/SOE/report?period=2026-Q0&lang=xx",
    "/activities/SOE/sessions?offset=-1",
    "/activities/SOE/sessions?limit=1000000000000",
    "/activities/SOE/sessions?limit=0",
    "/activities/SOE/sessions?offset=99999999999999999999",
    "/activities/SOE/register?copy=-1",
    "/activities/SOE/register?copy=99999999999",
    "/activities/SOE/register?offer=abc",
    "/activities/SOE/register?venue=" + "x" * 500,
    "/activities/SOE/reach?year=99999",
    "/activities/SOE/reach?profile=" + "p" * 300,
    "/activities/SOE/reach/map?as_of=0001-01-01",
    "/activities/SOE/venues?year=1999",
    "/activities/" + "S" * 500,
    "/api/activities/projects/SOE/progress?by=age",
    "/api/activities/projects/SOE/progress?year=99999",
    "/api/activities/projects/SOE/progress?as_of=0001-01-01&lang=xx",
    "/api/activities/projects/SOE/sessions?offset=-1",
    "/api/activities/projects/SOE/sessions?limit=1001",
    "/api/activities/projects/SOE/sessions?limit=99999999999999999999",
    "/api/activities/projects/SOE/sessions/0",
    "/api/activities/projects/SOE/sessions/99999999999",
    "/api/activities/projects/SOE/reach?year=2031",
    "/api/activities/projects/SOE/venues?as_of=2026-13-45",
)


@pytest.fixture
def published(db_url: str) -> str:
    setup_project(db_url)
    with session_scope(db_url) as s:
        s.execute(text("UPDATE activity_projects SET published = true WHERE code = 'SOE'"))
    return db_url


@pytest.mark.parametrize("role", [None, "coordinator"])
def test_odd_parameters_never_give_a_server_error(
    published: str, tmp_path: Path, role: str | None
) -> None:
    client = client_as(published, tmp_path, role)
    client.cookies.delete("kk_lang")
    for path in ODD:
        answer = client.get(path)
        assert answer.status_code < 500, (path, answer.status_code, answer.text[:300])


def test_refusals_speak_the_users_language(published: str, tmp_path: Path) -> None:
    """The same refusal in Danish (the default) and in English (?lang=en)."""
    client: TestClient = client_as(published, tmp_path, "coordinator")
    client.cookies.delete("kk_lang")
    for path, danish, english in (
        ("/activities/SOE/report?period=2031", "ligger uden for projektet", "is outside the"),
        ("/api/activities/projects/SOE/sessions?offset=-1", "offset", "offset"),
        ("/api/activities/projects/SOE/sessions/99999", "ingen aktivitet", "no session"),
    ):
        da = client.get(path)
        en = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert 400 <= da.status_code < 500 and 400 <= en.status_code < 500, path
        assert danish in da.text.lower() or danish in da.text, (path, da.text[:300])
        assert english in en.text.lower(), (path, en.text[:300])
