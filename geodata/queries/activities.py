"""SQL for activities (issue 11): projects, offers, targets, sessions and the progress frames.

Points arrive as WGS84 lon/lat and are stored in EPSG:25832. A session is found again by its
natural key (offer, date, start time, venue or point), which is what makes an import repeatable:
the same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pandas as pd
from sqlalchemy import Row, text
from sqlalchemy.orm import Session

# A point given twice by the same coordinates is the same place (25832 metres).
SAME_POINT_M = 0.5


@dataclass(frozen=True)
class ProjectRow:
    id: int
    code: str
    name: str
    starts_on: date
    ends_on: date
    kommune_code: str
    published: bool = False
    synthetic: bool = False
    area_id: int | None = None  # the project's own area (reach is judged inside it), if any


@dataclass(frozen=True)
class SessionKey:
    """The natural key of a session; exactly one of venue_id and point (lon, lat) is set."""

    offer_id: int
    held_on: date
    starts_at: time | None
    venue_id: int | None
    point: tuple[float, float] | None


@dataclass(frozen=True)
class Cell:
    """One attendance row: participants of an age band living in a kind of place."""

    age_band: str
    home_kind: str
    estate_id: int | None
    area_id: int | None
    participants: int


@dataclass(frozen=True)
class SessionContent:
    """What a session says besides its key: compared to decide whether an import changes it."""

    ends_at: time | None
    staff_count: int | None
    note: str | None
    cells: tuple[Cell, ...]
    code_hashes: tuple[str, ...]


# --- projects, offers, targets ---------------------------------------------------------------


def project_by_code(session: Session, code: str) -> ProjectRow | None:
    row = session.execute(
        text("SELECT id, code, name, starts_on, ends_on, kommune_code, published, synthetic, "
             "area_id FROM activity_projects WHERE code = :code"), {"code": code},
    ).first()  # fmt: skip
    return ProjectRow(*row) if row else None


def projects(session: Session) -> list[Row[Any]]:
    return list(
        session.execute(
            text("SELECT p.code, p.name, p.starts_on, p.ends_on, p.kommune_code, p.published, "
                 "p.synthetic, (SELECT count(*) FROM activity_offers o WHERE o.project_id = p.id) "
                 "AS offers, a.kind AS area_kind, a.code AS area_code, a.name AS area_name "
                 "FROM activity_projects p LEFT JOIN areas a ON a.id = p.area_id ORDER BY p.code")
        )
    )  # fmt: skip


def kommune_exists(session: Session, kommune_code: str) -> bool:
    sql = "SELECT 1 FROM areas WHERE kind = 'kommune' AND code = :code"
    return session.execute(text(sql), {"code": kommune_code}).first() is not None


def insert_project(session: Session, values: dict[str, Any]) -> int:
    sql = (
        "INSERT INTO activity_projects (code, name, starts_on, ends_on, kommune_code, published, "
        "synthetic, area_id) VALUES (:code, :name, :starts_on, :ends_on, :kommune_code, "
        ":published, :synthetic, :area_id) RETURNING id"
    )
    return int(session.execute(text(sql), values).scalar_one())


def offer_by_name(session: Session, project_id: int, name: str) -> Row[Any] | None:
    """The offer named so (case and surrounding spaces ignored): (id, name, kind)."""
    sql = (
        "SELECT id, name, kind FROM activity_offers WHERE project_id = :p "
        "AND lower(name) = lower(:name)"
    )
    return session.execute(text(sql), {"p": project_id, "name": name.strip()}).first()


def offers(session: Session, project_id: int) -> list[Row[Any]]:
    sql = (
        "SELECT o.name, o.kind, o.owner, o.target_group, o.synthetic, "
        "(SELECT count(*) FROM activity_sessions s WHERE s.offer_id = o.id) AS sessions "
        "FROM activity_offers o WHERE o.project_id = :p ORDER BY o.kind, o.name"
    )
    return list(session.execute(text(sql), {"p": project_id}))


def insert_offer(session: Session, values: dict[str, Any]) -> int:
    sql = (
        "INSERT INTO activity_offers (project_id, name, kind, owner, target_group, synthetic) "
        "VALUES (:project_id, :name, :kind, :owner, :target_group, :synthetic) RETURNING id"
    )
    return int(session.execute(text(sql), values).scalar_one())


def set_target(session: Session, project_id: int, year: int, kind: str, participants: int) -> None:
    """Insert or replace the project's whole-project target for a year and offer kind."""
    sql = (
        "INSERT INTO activity_targets (project_id, year, kind, area_id, participants) "
        "VALUES (:p, :year, :kind, NULL, :n) ON CONFLICT ON CONSTRAINT "
        "uq_activity_targets_project_year_kind_area DO UPDATE SET participants = :n"
    )
    session.execute(text(sql), {"p": project_id, "year": year, "kind": kind, "n": participants})


# --- places ----------------------------------------------------------------------------------


def venue_id(session: Session, venue_key: str) -> int | None:
    sql = "SELECT id FROM venues WHERE venue_key = :key"
    return session.execute(text(sql), {"key": venue_key.strip()}).scalar()


def point_inside_kommune(session: Session, lon: float, lat: float, kommune_code: str) -> bool:
    """Whether the WGS84 point lies in the kommune's area (False when the kommune is not loaded)."""
    sql = (
        "SELECT bool_or(ST_Covers(geom, ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), "
        "4326), 25832))) FROM areas "
        "WHERE kind = 'kommune' AND code = :code"
    )
    found = session.execute(text(sql), {"lon": lon, "lat": lat, "code": kommune_code}).scalar()
    return bool(found)


def estate_id(session: Session, name_or_number: str) -> int | None:
    """An estate by its name or afdeling number (folded case); None when absent or ambiguous."""
    sql = (
        "SELECT id FROM estates WHERE lower(name) = lower(:t) OR afdeling_nr = :t "
        "OR lower(boligorganisation || ' ' || afdeling_nr) = lower(:t) LIMIT 2"
    )
    ids = session.execute(text(sql), {"t": name_or_number.strip()}).scalars().all()
    return int(ids[0]) if len(ids) == 1 else None


def area_id(session: Session, name_or_code: str, kinds: Sequence[str]) -> int | None:
    """An area of one of `kinds` by its code or name; None when absent or ambiguous."""
    sql = (
        "SELECT id FROM areas WHERE kind = ANY(:kinds) "
        "AND (code = :t OR lower(name) = lower(:t)) LIMIT 2"
    )
    ids = session.execute(text(sql), {"t": name_or_code.strip(), "kinds": list(kinds)}).all()
    return int(ids[0][0]) if len(ids) == 1 else None


# --- sessions --------------------------------------------------------------------------------


def find_session(session: Session, key: SessionKey) -> int | None:
    """The stored session with this natural key, if any."""
    lon, lat = key.point or (0.0, 0.0)
    sql = (
        "SELECT id FROM activity_sessions WHERE offer_id = :offer AND held_on = :held_on "
        "AND starts_at IS NOT DISTINCT FROM CAST(:starts_at AS time) AND CASE "
        "WHEN CAST(:venue AS int) IS NOT NULL THEN venue_id = :venue "
        "ELSE venue_id IS NULL AND ST_DWithin(geom, ST_Transform(ST_SetSRID(ST_MakePoint(:lon, "
        ":lat), 4326), 25832), :tol) END ORDER BY id LIMIT 1"
    )
    params = {"offer": key.offer_id, "held_on": key.held_on, "starts_at": key.starts_at,
              "venue": key.venue_id, "lon": lon, "lat": lat, "tol": SAME_POINT_M}  # fmt: skip
    found = session.execute(text(sql), params).scalar()
    return int(found) if found is not None else None


def insert_session(
    session: Session, key: SessionKey, content: SessionContent, created_by: int | None,
    synthetic: bool,
) -> int:  # fmt: skip
    """Store a session (with the venue's point as its place) and its cells and code hashes."""
    lon, lat = key.point or (0.0, 0.0)
    sql = (
        "INSERT INTO activity_sessions (offer_id, held_on, starts_at, ends_at, venue_id, geom, "
        "staff_count, note, created_by, synthetic) VALUES (:offer, :held_on, :starts_at, "
        ":ends_at, :venue, CASE WHEN CAST(:venue AS int) IS NOT NULL THEN "
        "(SELECT geom FROM venues WHERE id = :venue) ELSE ST_Transform(ST_SetSRID(ST_MakePoint("
        ":lon, :lat), 4326), 25832) END, :staff, :note, "
        ":created_by, :synthetic) RETURNING id"
    )
    params = {"offer": key.offer_id, "held_on": key.held_on, "starts_at": key.starts_at,
              "ends_at": content.ends_at, "venue": key.venue_id, "lon": lon, "lat": lat,
              "staff": content.staff_count, "note": content.note, "created_by": created_by,
              "synthetic": synthetic}  # fmt: skip
    new_id = int(session.execute(text(sql), params).scalar_one())
    _insert_children(session, new_id, content)
    return new_id


def replace_content(session: Session, session_id: int, content: SessionContent) -> None:
    """Give a stored session new counts, codes, end time, staff and note (a corrected import)."""
    session.execute(
        text("UPDATE activity_sessions SET ends_at = :ends_at, staff_count = :staff, "
             "note = :note WHERE id = :id"),
        {"ends_at": content.ends_at, "staff": content.staff_count, "note": content.note,
         "id": session_id},
    )  # fmt: skip
    session.execute(
        text("DELETE FROM activity_attendance WHERE session_id = :id"), {"id": session_id}
    )
    session.execute(text("DELETE FROM activity_codes WHERE session_id = :id"), {"id": session_id})
    _insert_children(session, session_id, content)


def _insert_children(session: Session, session_id: int, content: SessionContent) -> None:
    if content.cells:
        session.execute(
            text("INSERT INTO activity_attendance (session_id, age_band, home_kind, estate_id, "
                 "area_id, participants) VALUES (:s, :band, :home, :estate, :area, :n)"),
            [{"s": session_id, "band": c.age_band, "home": c.home_kind, "estate": c.estate_id,
              "area": c.area_id, "n": c.participants} for c in content.cells],
        )  # fmt: skip
    if content.code_hashes:
        session.execute(
            text("INSERT INTO activity_codes (session_id, code_hash) VALUES (:s, :h)"),
            [{"s": session_id, "h": h} for h in content.code_hashes],
        )


def stored_content(session: Session, session_id: int) -> SessionContent:
    head = session.execute(
        text("SELECT ends_at, staff_count, note FROM activity_sessions WHERE id = :id"),
        {"id": session_id},
    ).one()
    cells = session.execute(
        text("SELECT age_band, home_kind, estate_id, area_id, participants "
             "FROM activity_attendance WHERE session_id = :id"), {"id": session_id},
    ).all()  # fmt: skip
    hashes = session.execute(
        text("SELECT code_hash FROM activity_codes WHERE session_id = :id"), {"id": session_id}
    ).scalars()
    return SessionContent(
        head.ends_at, head.staff_count, head.note, sort_cells(Cell(*c) for c in cells),
        tuple(sorted(str(h) for h in hashes)),
    )  # fmt: skip


def sort_cells(cells: Iterable[Cell]) -> tuple[Cell, ...]:
    """Cells in one order, so two contents compare equal whatever order they were given in."""
    return tuple(sorted(cells, key=lambda c: (c.age_band, c.home_kind, c.estate_id or 0,
                                              c.area_id or 0)))  # fmt: skip


# --- progress frames (activities.progress.summarise) -----------------------------------------

_VISITS = (
    "SELECT s.id AS session_id, s.held_on, CAST(extract(year FROM s.held_on) AS int) AS year, "
    "CAST(extract(quarter FROM s.held_on) AS int) AS quarter, o.kind, o.name AS offer, "
    "coalesce(v.name, 'point') AS venue, a.age_band, a.home_kind, a.participants "
    "FROM activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
    "JOIN activity_attendance a ON a.session_id = s.id LEFT JOIN venues v ON v.id = s.venue_id "
    "WHERE o.project_id = :p ORDER BY s.held_on, s.id, a.id"
)
_CODES = (
    "SELECT s.id AS session_id, c.code_hash, s.held_on, o.kind, o.name AS offer, "
    "coalesce(v.name, 'point') AS venue FROM activity_codes c "
    "JOIN activity_sessions s ON s.id = c.session_id JOIN activity_offers o ON o.id = s.offer_id "
    "LEFT JOIN venues v ON v.id = s.venue_id WHERE o.project_id = :p ORDER BY s.held_on, c.id"
)
_TARGETS = (
    "SELECT year, kind, participants FROM activity_targets WHERE project_id = :p "
    "AND area_id IS NULL ORDER BY year, kind"
)
VISIT_COLUMNS = ("session_id", "held_on", "year", "quarter", "kind", "offer", "venue",
                 "age_band", "home_kind", "participants")  # fmt: skip
CODE_COLUMNS = ("session_id", "code_hash", "held_on", "kind", "offer", "venue")
TARGET_COLUMNS = ("year", "kind", "participants")


def project_targets(session: Session, project_id: int) -> dict[tuple[int, str], int]:
    """The project-wide targets (not the per-area ones): (year, kind) -> participants."""
    rows = session.execute(text(_TARGETS), {"p": project_id}).all()
    return {(int(r.year), str(r.kind)): int(r.participants) for r in rows}


def read_frame(
    session: Session, sql: str, params: dict[str, Any], columns: Sequence[str]
) -> pd.DataFrame:
    """The rows of `sql` as a frame, fetched as plain tuples from the driver's cursor: a big
    project's progress reads hundreds of thousands of rows, and building a SQLAlchemy Row for
    each took about half the read (benchmarks/activities_scale.py)."""
    rows = session.execute(text(sql), params).cursor.fetchall()  # type: ignore[attr-defined]
    return pd.DataFrame.from_records(rows, columns=list(columns))


def progress_frames(session: Session, project_id: int) -> tuple[pd.DataFrame, ...]:
    """(visits, codes, targets) of a project, in the shapes activities.progress expects."""
    reads = ((_VISITS, VISIT_COLUMNS), (_CODES, CODE_COLUMNS), (_TARGETS, TARGET_COLUMNS))
    return tuple(read_frame(session, sql, {"p": project_id}, cols) for sql, cols in reads)
