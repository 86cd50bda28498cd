"""SQL for the reach of an activity project (issue 11, items 3 and 4).

An estate or boligområde belongs to a project when its interior point (ST_PointOnSurface) lies in
the project's kommune and, when the project has its own area (activity_projects.area_id, e.g.
postnummer 9210), in that area too: a polygon straddling a border is counted once, on the side
of its bulk. `area_id` None means the whole kommune.
Residents are the ones the ranking's capacity columns use (areas.residents, from a file or the
grid) and, for estates, estates.residents, else the population grid's cells inside the estate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

# Attendance of one project in one year up to a day: the filter every query here shares.
_ATTENDANCE = (
    "activity_attendance t JOIN activity_sessions s ON s.id = t.session_id "
    "JOIN activity_offers o ON o.id = s.offer_id "
    "WHERE o.project_id = :p AND s.held_on BETWEEN :start AND :as_of"
)
_IN_KOMMUNE = (
    "EXISTS (SELECT 1 FROM areas k WHERE k.kind = 'kommune' AND k.code = :kommune "
    "AND ST_Covers(k.geom, ST_PointOnSurface({geom})))"
)
_IN_AREA = (
    " AND EXISTS (SELECT 1 FROM areas pa WHERE pa.id = :area "
    "AND ST_Covers(pa.geom, ST_PointOnSurface({geom})))"
)
# Shapes leave lightly simplified, in WGS84, like the ranking maps' (area_shapes).
SIMPLIFY_M = 15.0
_SERVED = "ST_AsBinary(ST_Transform(ST_SimplifyPreserveTopology({geom}, :tol), 4326))"
UNIT_COLUMNS = ["area_kind", "area_id", "code", "name", "residents", "layer_synthetic", "geom"]


def _inside(geom: str, area_id: int | None) -> str:
    """The condition "in the kommune (and in the project's area, when it has one)"."""
    area = "" if area_id is None else _IN_AREA.format(geom=geom)
    return _IN_KOMMUNE.format(geom=geom) + area


def _period(project_id: int, year: int, as_of: date) -> dict[str, Any]:
    return {"p": project_id, "start": date(year, 1, 1), "as_of": min(as_of, date(year, 12, 31))}


def reach_units(session: Session, kommune_code: str, area_id: int | None = None) -> pd.DataFrame:
    """Estates and boligområder of the kommune (or of the project's area) with residents and
    simplified WGS84 WKB shapes."""
    sql = (
        "SELECT 'estate' AS area_kind, e.id AS area_id, "  # noqa: S608 -- fixed fragments
        "e.boligorganisation || ' ' || e.afdeling_nr AS code, e.name, "
        "coalesce(e.residents, (SELECT sum(c.residents) FROM population_cells c "
        "  WHERE ST_Covers(e.geom, c.geom)))::int AS residents, "
        f"l.synthetic AS layer_synthetic, {_SERVED.format(geom='e.geom')} AS geom "
        "FROM estates e JOIN layers l ON l.id = e.layer_id "
        f"WHERE {_inside('e.geom', area_id)} "
        "UNION ALL "
        "SELECT 'boligomraade', a.id, a.code, a.name, a.residents, l.synthetic, "
        f"{_SERVED.format(geom='a.geom')} FROM areas a JOIN layers l ON l.id = a.layer_id "
        f"WHERE a.kind = 'boligområde' AND {_inside('a.geom', area_id)} "
        "ORDER BY 1 DESC, 3"
    )
    params = {"kommune": kommune_code, "area": area_id, "tol": SIMPLIFY_M}
    rows = session.execute(text(sql), params).all()
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    frame["geom"] = [None if g is None else bytes(g) for g in frame["geom"]]
    return frame


def visits_by_home(session: Session, project_id: int, year: int, as_of: date) -> pd.DataFrame:
    """Visits per home estate and per home boligområde; an estate's visits count in the
    boligområde that holds its interior point too (its residents are that area's residents), and
    so does a boligområde noted as "another area" (registration accepts one there)."""
    sql = (
        f"WITH v AS (SELECT t.home_kind, t.estate_id, t.area_id, sum(t.participants) AS n "  # noqa: S608 -- fixed fragments
        f"  FROM {_ATTENDANCE} AND t.home_kind IN ('estate', 'boligomraade', 'other_area') "
        "  GROUP BY 1, 2, 3) "
        "SELECT 'estate' AS area_kind, estate_id AS area_id, sum(n) AS visits FROM v "
        "WHERE home_kind = 'estate' AND estate_id IS NOT NULL GROUP BY estate_id "
        "UNION ALL "
        "SELECT 'boligomraade', a.id, sum(v.n) FROM v "
        "JOIN areas a ON a.kind = 'boligområde' "
        "  AND ((v.home_kind <> 'estate' AND v.area_id = a.id) OR (v.home_kind = 'estate' "
        "  AND EXISTS (SELECT 1 FROM estates e WHERE e.id = v.estate_id "
        "  AND ST_Covers(a.geom, ST_PointOnSurface(e.geom))))) GROUP BY a.id"
    )
    rows = session.execute(text(sql), _period(project_id, year, as_of)).all()
    frame = pd.DataFrame(rows, columns=["area_kind", "area_id", "visits"])
    return frame.astype({"area_id": int, "visits": int})


def containing_areas(
    session: Session, kommune_code: str, area_kind: str, area_id: int | None = None
) -> pd.DataFrame:
    """For each estate and boligområde of the kommune (or the project's area): the area of
    `area_kind` (the kind the need ranking runs on) holding its interior point (need_code,
    need_name)."""
    sql = (
        "WITH u AS (SELECT 'estate' AS area_kind, e.id AS area_id, ST_PointOnSurface(e.geom) AS pt "  # noqa: S608 -- fixed fragments
        f"  FROM estates e WHERE {_inside('e.geom', area_id)} UNION ALL "
        "  SELECT 'boligomraade', a.id, ST_PointOnSurface(a.geom) FROM areas a "
        f"  WHERE a.kind = 'boligområde' AND {_inside('a.geom', area_id)}) "
        "SELECT u.area_kind, u.area_id, n.code, n.name FROM u "
        "JOIN LATERAL (SELECT code, name FROM areas r WHERE r.kind = :kind "
        "  AND ST_Covers(r.geom, u.pt) ORDER BY r.code LIMIT 1) n ON true"
    )
    params = {"kommune": kommune_code, "kind": area_kind, "area": area_id}
    rows = session.execute(text(sql), params).all()
    return pd.DataFrame(rows, columns=["area_kind", "area_id", "need_code", "need_name"])


def venue_visits(session: Session, project_id: int, year: int, as_of: date) -> pd.DataFrame:
    """Per venue (sessions held at a point only are one row without a key): sessions, visits and
    unique participants (None where no session there used participant codes). Each of the three
    is one grouped pass over the year's sessions (not a pass over the codes per venue)."""
    sql = (
        "WITH s AS (SELECT s.id, s.venue_id FROM activity_sessions s "
        "  JOIN activity_offers o ON o.id = s.offer_id "
        "  WHERE o.project_id = :p AND s.held_on BETWEEN :start AND :as_of), "
        "n AS (SELECT t.session_id, sum(t.participants) AS n FROM activity_attendance t "
        "  JOIN s ON s.id = t.session_id GROUP BY 1), "
        "g AS (SELECT s.venue_id, count(*) AS sessions, coalesce(sum(n.n), 0) AS visits "
        "  FROM s LEFT JOIN n ON n.session_id = s.id GROUP BY s.venue_id), "
        "u AS (SELECT s.venue_id, count(DISTINCT c.code_hash) AS n FROM activity_codes c "
        "  JOIN s ON s.id = c.session_id GROUP BY s.venue_id) "
        "SELECT v.venue_key, coalesce(v.name, '') AS name, g.sessions, g.visits, u.n AS unique "
        "FROM g LEFT JOIN venues v ON v.id = g.venue_id "
        "LEFT JOIN u ON u.venue_id IS NOT DISTINCT FROM g.venue_id "
        "ORDER BY v.venue_key NULLS LAST"
    )
    rows = session.execute(text(sql), _period(project_id, year, as_of)).all()
    columns = ["venue_key", "name", "sessions", "visits", "unique"]
    return pd.DataFrame(rows, columns=columns).astype({"sessions": int, "visits": int})


def residents_within(session: Session, wkbs_4326: list[bytes | None]) -> list[int | None]:
    """For each WGS84 polygon (None: no polygon), the residents of the population grid's cells
    whose centre lies inside it; one query for all of them (a project may use 100s of venues)."""
    sql = (
        "SELECT g.i, coalesce(sum(c.residents), 0) FROM unnest(CAST(:gs AS bytea[])) "
        "WITH ORDINALITY AS g(wkb, i) LEFT JOIN population_cells c ON ST_Covers("
        "ST_Transform(ST_SetSRID(ST_GeomFromWKB(g.wkb), 4326), 25832), c.geom) "
        "WHERE g.wkb IS NOT NULL GROUP BY g.i"
    )
    rows = session.execute(text(sql), {"gs": wkbs_4326}).all()
    found = {int(i): int(n) for i, n in rows}
    return [None if w is None else int(found.get(i + 1, 0)) for i, w in enumerate(wkbs_4326)]


def home_place_pairs(session: Session, project_id: int, year: int, as_of: date) -> pd.DataFrame:
    """Visits by (home, place) where the home estate or area is known: the interior point of the
    home polygon (hx, hy), the session's point (px, py, EPSG:25832) and their straight distance.
    The cells are summed per (home, place) first, so the interior points are found once per
    pair, not once per attendance row."""
    sql = (
        "WITH g AS (SELECT t.estate_id, t.area_id, s.venue_id, "
        "  CASE WHEN s.venue_id IS NULL THEN s.id END AS session_id, s.geom AS pp, "
        "  sum(t.participants) AS n "
        "  FROM activity_attendance t JOIN activity_sessions s ON s.id = t.session_id "
        "  JOIN activity_offers o ON o.id = s.offer_id "
        "  WHERE o.project_id = :p AND s.held_on BETWEEN :start AND :as_of "
        "  AND (t.estate_id IS NOT NULL OR t.area_id IS NOT NULL) AND s.geom IS NOT NULL "
        "  GROUP BY 1, 2, 3, 4, 5), "
        "h AS (SELECT CASE WHEN g.estate_id IS NOT NULL THEN 'e' || g.estate_id "
        "  ELSE 'a' || g.area_id END AS home_id, "
        "  ST_PointOnSurface(coalesce(e.geom, a.geom)) AS hp, "
        "  coalesce('v' || g.venue_id, 's' || g.session_id) AS place_id, g.pp, g.n "
        "  FROM g LEFT JOIN estates e ON e.id = g.estate_id LEFT JOIN areas a ON a.id = g.area_id "
        "  WHERE coalesce(e.geom, a.geom) IS NOT NULL) "
        "SELECT home_id, ST_X(hp) AS hx, ST_Y(hp) AS hy, place_id, ST_X(pp) AS px, ST_Y(pp) AS py, "
        "ST_Distance(hp, pp) AS straight_m, sum(n) AS visits FROM h "
        "GROUP BY home_id, hp, place_id, pp HAVING sum(n) > 0"
    )
    rows = session.execute(text(sql), _period(project_id, year, as_of)).all()
    columns = ["home_id", "hx", "hy", "place_id", "px", "py", "straight_m", "visits"]
    return pd.DataFrame(rows, columns=columns)


def unit_layers(
    session: Session, kommune_code: str, area_id: int | None = None
) -> list[tuple[str, bool, str | None]]:
    """(name, synthetic, credit) of the layers the estates and boligområder of the kommune (or
    the project's area) come from."""
    sql = (
        "SELECT DISTINCT l.name, l.synthetic, l.credit FROM layers l WHERE "  # noqa: S608 -- fixed fragments
        f"l.id IN (SELECT e.layer_id FROM estates e WHERE {_inside('e.geom', area_id)}) "
        "OR l.id IN (SELECT a.layer_id FROM areas a WHERE a.kind = 'boligområde' "
        f"AND {_inside('a.geom', area_id)}) ORDER BY l.name"
    )
    rows = session.execute(text(sql), {"kommune": kommune_code, "area": area_id}).all()
    return [(str(r[0]), bool(r[1]), r[2]) for r in rows]
