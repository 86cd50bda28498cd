"""The pages of a project ask the database a bounded number of questions: doubling the sessions
(and their counts and codes) must not add a single query to the progress page, the report, the
reach page and map, the venues page or the session list (no query per session or per row)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from geodata.db import session_scope
from tests.test_assets_helpers import add_user, login, make_client

MAP = "/activities/SOE/reach/map?year=2026&as_of=2026-11-30"
PAGES = (
    "/activities/SOE?year=2026&as_of=2026-11-30",
    "/activities/SOE/report?period=2026-Q3",
    "/activities/SOE/reach?year=2026&as_of=2026-11-30",
    MAP,
    "/activities/SOE/venues?year=2026&as_of=2026-11-30",
    "/activities/SOE/sessions",
    "/api/activities/projects/SOE/sessions?limit=1000",
)
# Every session of SOE once more (same day and place), with its counts and codes; the copy's
# note remembers the original so the children can follow.
DOUBLE = (
    "INSERT INTO activity_sessions (offer_id, held_on, starts_at, ends_at, venue_id, geom, "
    "staff_count, note, synthetic) SELECT s.offer_id, s.held_on, s.starts_at, s.ends_at, "
    "s.venue_id, s.geom, s.staff_count, 'copy:' || s.id, s.synthetic FROM activity_sessions s "
    "JOIN activity_offers o ON o.id = s.offer_id JOIN activity_projects p ON p.id = o.project_id "
    "WHERE p.code = 'SOE'",
    "INSERT INTO activity_attendance (session_id, age_band, home_kind, estate_id, area_id, "
    "participants) SELECT n.id, a.age_band, a.home_kind, a.estate_id, a.area_id, a.participants "
    "FROM activity_sessions n JOIN activity_attendance a "
    "ON a.session_id = CAST(substr(n.note, 6) AS int) WHERE n.note LIKE 'copy:%'",
    "INSERT INTO activity_codes (session_id, code_hash) SELECT n.id, c.code_hash "
    "FROM activity_sessions n JOIN activity_codes c "
    "ON c.session_id = CAST(substr(n.note, 6) AS int) WHERE n.note LIKE 'copy:%'",
)


@contextmanager
def counted() -> Iterator[list[str]]:
    """Every statement any engine sends while inside."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def _counts(client: Any) -> dict[str, int]:
    out = {}
    for path in PAGES:
        with counted() as seen:
            answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        out[path] = len(seen)
    return out


def test_queries_per_page_do_not_grow_with_the_sessions(demo_url: str, tmp_path: Path) -> None:
    client = make_client(demo_url, tmp_path)
    add_user(demo_url, "koordinator@aalborg.dk", "coordinator")
    assert login(client, "koordinator@aalborg.dk").status_code == 303
    cold = _counts(client)  # fills the caches kept per process and the map frame's cache
    before = _counts(client)
    with session_scope(demo_url) as s:
        for sql in DOUBLE:
            s.execute(text(sql))
        doubled = s.execute(text("SELECT count(*) FROM activity_sessions")).scalar_one()
    after = _counts(client)
    print(f"{doubled} sessions; queries per page:", cold, before, after)
    # the map frame is cached per data version: new sessions draw it again, as cold as at first
    assert after.pop(MAP) == cold[MAP] and before.pop(MAP) < cold[MAP]
    assert after == before
    assert max(after.values()) <= 60, after
