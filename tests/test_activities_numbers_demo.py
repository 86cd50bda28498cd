"""The SØ 2026 figures recomputed independently with plain SQL on the demo, compared with what the
API returns (progress by kind and venue, reach per 1,000 residents, venue feedback and the walking
distance bands). The SQL here is written from the tables' meaning, not copied from
geodata/queries, so a wrong join or filter there shows up as a disagreement."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.activities import project_by_code
from tests.test_assets_helpers import add_user, login, make_client
from usecases.activities_reach import reach_table

AS_OF = date(2026, 11, 30)
QUERY = "year=2026&as_of=2026-11-30"
# The year's sessions of project SOE up to the as-of day.
SESSIONS = (
    "SELECT s.*, o.kind FROM activity_sessions s, activity_offers o, activity_projects p "
    "WHERE o.id = s.offer_id AND p.id = o.project_id AND p.code = 'SOE' "
    "AND s.held_on >= DATE '2026-01-01' AND s.held_on <= :as_of"
)


def _rows(url: str, sql: str, **params: Any) -> list[Any]:
    with session_scope(url) as s:
        return list(s.execute(text(sql), {"as_of": AS_OF, **params}).all())


def _planner(url: str, tmp_path: Path) -> Any:
    client = make_client(url, tmp_path)
    add_user(url, "planner@aalborg.dk", "planner")
    assert login(client, "planner@aalborg.dk").status_code == 303
    return client


JOIN_CELLS = "JOIN activity_attendance a ON a.session_id = s.id"
JOIN_CODES = "JOIN activity_codes c ON c.session_id = s.id"
VISITS_BY_KIND = f"SELECT s.kind, sum(a.participants) FROM ({SESSIONS}) s {JOIN_CELLS} GROUP BY 1"
UNIQUE_BY_KIND = (
    f"SELECT s.kind, count(DISTINCT c.code_hash) FROM ({SESSIONS}) s {JOIN_CODES} GROUP BY 1"
)
UNIQUE_ALL = f"SELECT count(DISTINCT c.code_hash) FROM ({SESSIONS}) s {JOIN_CODES}"
VISITS_BY_VENUE = (
    f"SELECT v.name, sum(a.participants) FROM ({SESSIONS}) s "
    f"JOIN venues v ON v.id = s.venue_id {JOIN_CELLS} GROUP BY 1"
)
SESSIONS_BY_VENUE = (
    f"SELECT v.name, count(*) FROM ({SESSIONS}) s JOIN venues v ON v.id = s.venue_id GROUP BY 1"
)


def test_progress_by_kind_and_venue_agree_with_plain_sql(demo_url: str, tmp_path: Path) -> None:
    visits = dict(_rows(demo_url, VISITS_BY_KIND))
    unique = dict(_rows(demo_url, UNIQUE_BY_KIND))
    every = _rows(demo_url, UNIQUE_ALL)[0][0]
    by_venue = dict(_rows(demo_url, VISITS_BY_VENUE))
    sessions = dict(_rows(demo_url, SESSIONS_BY_VENUE))
    assert visits == {"faellesskab": 3137, "sundhedsfremme": 476}  # the figures in the notes
    client = _planner(demo_url, tmp_path)
    rows = client.get(f"/api/activities/projects/SOE/progress?{QUERY}&by=kind").json()["rows"]
    got = {r["kind"]: (r["visits"], r["unique"]) for r in rows}
    for kind in visits:
        assert got[kind] == (visits[kind], unique[kind]), kind
    assert got["total"] == (sum(visits.values()), every)
    rows = client.get(f"/api/activities/projects/SOE/progress?{QUERY}&by=venue").json()["rows"]
    assert {r["venue"]: r["visits"] for r in rows} == by_venue
    assert {r["venue"]: r["sessions"] for r in rows} == sessions


# Gugvej, the estate the demo flags, its residents and visits; then the boligområde holding its
# centroid, and that area's visits: its own, and its estates'.
ESTATE = (
    f"SELECT e.id, e.residents, sum(a.participants) FROM ({SESSIONS}) s {JOIN_CELLS} "
    "JOIN estates e ON e.id = a.estate_id WHERE e.name = 'Gugvej' AND a.home_kind = 'estate' "
    "GROUP BY 1, 2"
)
AREA = (
    "SELECT b.id, b.code, b.residents FROM areas b, estates e WHERE b.kind = 'boligområde' "
    "AND e.id = :e AND ST_Contains(b.geom, ST_Centroid(e.geom))"
)
AREA_VISITS = (
    f"SELECT sum(a.participants) FROM ({SESSIONS}) s {JOIN_CELLS} "
    "LEFT JOIN estates e ON e.id = a.estate_id, areas b WHERE b.id = :b "
    "AND ((a.home_kind = 'boligomraade' AND a.area_id = b.id) OR (a.home_kind = 'estate' "
    "AND ST_Contains(b.geom, ST_Centroid(e.geom))))"
)


def test_reach_per_1000_agrees_with_plain_sql(demo_url: str, tmp_path: Path) -> None:
    """One estate (Gugvej, the one flagged) and the boligområde holding it: an estate's visits
    count in its boligområde too; per 1,000 = visits / residents * 1,000."""
    ((estate_id, residents, visits),) = _rows(demo_url, ESTATE)
    ((area_id, area_code, area_residents),) = _rows(demo_url, AREA, e=estate_id)
    area_visits = _rows(demo_url, AREA_VISITS, b=area_id)[0][0]
    client = _planner(demo_url, tmp_path)
    rows = client.get(f"/api/activities/projects/SOE/reach?{QUERY}").json()["rows"]
    gugvej = next(r for r in rows if r["area_kind"] == "estate" and r["area_id"] == estate_id)
    assert (gugvej["visits"], gugvej["residents"]) == (visits, residents)
    assert abs(gugvej["per_1000"] - visits / residents * 1000) < 1e-9
    bo = next(r for r in rows if r["area_kind"] == "boligomraade" and r["code"] == area_code)
    assert (bo["visits"], bo["residents"]) == (area_visits, area_residents)
    assert abs(bo["per_1000"] - area_visits / area_residents * 1000) < 1e-9


BAND = (
    "CASE WHEN d < 250 THEN '0-250' WHEN d < 500 THEN '250-500' WHEN d < 1000 THEN '500-1000' "
    "WHEN d < 2000 THEN '1000-2000' ELSE '2000+' END"
)
BANDS = (
    f"SELECT {BAND}, sum(n) FROM (SELECT a.participants AS n, "
    "ST_Distance(ST_PointOnSurface(coalesce(e.geom, b.geom)), s.geom) AS d "
    f"FROM ({SESSIONS}) s {JOIN_CELLS} LEFT JOIN estates e ON e.id = a.estate_id "
    "LEFT JOIN areas b ON b.id = a.area_id WHERE coalesce(e.geom, b.geom) IS NOT NULL) x "
    "GROUP BY 1"
)
PER_VENUE = (
    "SELECT v.venue_key, (SELECT sum(a.participants) FROM activity_attendance a "
    f"JOIN ({SESSIONS}) t ON t.id = a.session_id WHERE t.venue_id = v.id), "
    "(SELECT count(DISTINCT c.code_hash) FROM activity_codes c "
    f"JOIN ({SESSIONS}) t ON t.id = c.session_id WHERE t.venue_id = v.id) "
    f"FROM venues v WHERE v.id IN (SELECT venue_id FROM ({SESSIONS}) s)"
)


def test_venue_feedback_and_distance_bands_agree_with_plain_sql(
    demo_url: str, tmp_path: Path
) -> None:
    """Straight-line bands (the demo has no network) from each known home's interior point to the
    session's place, and per-venue visits and unique participants."""
    bands = dict(_rows(demo_url, BANDS))
    venues = {k: (int(v), int(u)) for k, v, u in _rows(demo_url, PER_VENUE)}
    client = _planner(demo_url, tmp_path)
    body = client.get(f"/api/activities/projects/SOE/venues?{QUERY}").json()
    assert body["distance_method"] == "straight_line"
    assert {r["band"]: r["visits"] for r in body["bands"] if r["visits"]} == bands
    assert {r["venue_key"]: (r["visits"], r["unique"]) for r in body["venues"]} == venues


OTHER_AREA_CELL = (
    "INSERT INTO activity_attendance (session_id, age_band, home_kind, area_id, participants) "
    f"SELECT (SELECT min(s.id) FROM ({SESSIONS}) s), '18-29', 'other_area', b.id, 7 "
    "FROM areas b WHERE b.kind = 'boligområde' AND b.code = :code"
)


def test_a_boligomraade_noted_as_another_area_counts_in_its_reach(demo_url: str) -> None:
    """Registration accepts a boligområde as "another area" (the progress page's area table
    counts it there); the reach table must count it in that boligområde as well."""
    with session_scope(demo_url) as s:
        project = project_by_code(s, "SOE")
        assert project is not None
        code = "BO-9210-01"

        def visits() -> int:
            table = reach_table(s, project, 2026, None, AS_OF)
            return int(table.loc[table["code"] == code, "visits"].iloc[0])

        before = visits()
        s.execute(text(OTHER_AREA_CELL), {"as_of": AS_OF, "code": code})
        assert visits() == before + 7
