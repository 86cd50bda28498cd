"""SQL for reading a project's progress by home area, and for per-area targets (issue 11, item 3).

The other frames (visits, codes, project-wide targets) come from
:func:`geodata.queries.activities.progress_frames`; this module adds what those leave out: where
the participants live, resolved to a boligområde. A count noted against a boligområde names it
directly; a count noted against an estate (boligafdeling) is placed in the boligområde that holds
the estate (a point on its surface, so an estate on a border goes to one area only).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from geodata.queries.activities import read_frame

AREA_KIND = "boligområde"

# Each estate the project's participants live in is placed in its boligområde once (the CTE),
# not once per attendance row: the placement is a spatial search, the rows can be 100,000s.
_HOME_AREA = (
    "WITH placed AS (SELECT e.id AS estate_id, (SELECT b.id FROM areas b WHERE b.kind = :kind "
    "  AND ST_Covers(b.geom, ST_PointOnSurface(e.geom)) ORDER BY b.id LIMIT 1) AS area_id "
    "  FROM estates e WHERE e.id IN (SELECT a.estate_id FROM activity_attendance a "
    "  JOIN activity_sessions s ON s.id = a.session_id JOIN activity_offers o ON o.id = s.offer_id "
    "  WHERE o.project_id = :p AND a.home_kind = 'estate')) "
    "SELECT s.id AS session_id, s.held_on, CAST(extract(year FROM s.held_on) AS int) AS year, "
    "CAST(extract(quarter FROM s.held_on) AS int) AS quarter, o.kind, ar.code AS area, "
    "ar.name AS area_name, sum(a.participants) AS participants "
    "FROM activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
    "JOIN activity_attendance a ON a.session_id = s.id "
    "LEFT JOIN placed h ON a.home_kind = 'estate' AND h.estate_id = a.estate_id "
    "JOIN areas ar ON ar.kind = :kind AND ar.id = CASE WHEN a.home_kind IN ('boligomraade', "
    "'other_area') THEN a.area_id WHEN a.home_kind = 'estate' THEN h.area_id END "
    "WHERE o.project_id = :p GROUP BY s.id, s.held_on, o.kind, ar.code, ar.name "
    "ORDER BY s.held_on, s.id, ar.code"
)
HOME_AREA_COLUMNS = ("session_id", "held_on", "year", "quarter", "kind", "area", "area_name",
                     "participants")  # fmt: skip
_AREA_TARGETS = (
    "SELECT t.year, t.kind, ar.code AS area, ar.name AS area_name, t.participants "
    "FROM activity_targets t JOIN areas ar ON ar.id = t.area_id "
    "WHERE t.project_id = :p ORDER BY t.year, ar.code, t.kind"
)
AREA_TARGET_COLUMNS = ("year", "kind", "area", "area_name", "participants")


def home_area_frames(session: Session, project_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(visits by home boligområde, per-area targets) of a project; participants living
    elsewhere or nobody-knows-where are not in the first frame (they have no boligområde).
    Without a per-area target the visits are not read at all (the page leaves the table out)."""
    targets = area_targets(session, project_id)
    if targets.empty:
        return pd.DataFrame(columns=list(HOME_AREA_COLUMNS)), targets
    params = {"p": project_id, "kind": AREA_KIND}
    return read_frame(session, _HOME_AREA, params, HOME_AREA_COLUMNS), targets


def area_targets(session: Session, project_id: int) -> pd.DataFrame:
    """The project's per-area targets (AREA_TARGET_COLUMNS)."""
    targets = session.execute(text(_AREA_TARGETS), {"p": project_id}).all()
    return pd.DataFrame([tuple(r) for r in targets], columns=list(AREA_TARGET_COLUMNS))


def target_area(session: Session, code: str) -> Row[Any] | None:
    """The boligområde with this code (id, code, name); per-area targets are set per
    boligområde, the area the progress page reports participants' homes in."""
    sql = "SELECT id, code, name FROM areas WHERE kind = :kind AND code = :code"
    return session.execute(text(sql), {"kind": AREA_KIND, "code": code.strip()}).first()


def set_area_target(
    session: Session, project_id: int, year: int, kind: str, area_id: int, participants: int
) -> None:
    """Insert or replace a target for one area (the constraint treats NULL areas as equal, so
    the same upsert serves project-wide targets in geodata.queries.activities.set_target)."""
    sql = (
        "INSERT INTO activity_targets (project_id, year, kind, area_id, participants) "
        "VALUES (:p, :year, :kind, :area, :n) ON CONFLICT ON CONSTRAINT "
        "uq_activity_targets_project_year_kind_area DO UPDATE SET participants = :n"
    )
    params = {"p": project_id, "year": year, "kind": kind, "area": area_id, "n": participants}
    session.execute(text(sql), params)
