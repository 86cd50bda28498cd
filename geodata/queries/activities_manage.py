"""SQL for registering and managing activity sessions: lists, one session, delete, publish, and the
short lists the phone form offers (offers, venues, places near the venue).

Places are handed back as the reference text geodata.activities_sessions resolves (an estate as
"boligorganisation afdeling_nr", an area by its code), so a copied session and a picked place go
through the same lookups as the CLI and the import.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

PLACES_NEAR = 12  # estates and boligområder offered on the form, nearest to the venue first
VENUES_MAX = 500
# the area kinds an "another area" place may be (geodata.activities_sessions.PLACE_KINDS)
OTHER_AREA_KINDS = ("sogn", "postnummer", "skoledistrikt", "custom", "boligområde")

# One row per session: what the lists show and the API returns.
_SESSION_ROW = (
    "SELECT s.id, s.held_on, s.starts_at, s.ends_at, o.id AS offer_id, o.name AS offer, o.kind, "
    "v.venue_key AS venue, v.name AS venue_name, ST_X(ST_Transform(s.geom, 4326)) AS lon, "
    "ST_Y(ST_Transform(s.geom, 4326)) AS lat, s.staff_count, s.note, s.synthetic, "
    "s.created_by, s.created_at, "
    "(SELECT coalesce(sum(a.participants), 0) FROM activity_attendance a "
    " WHERE a.session_id = s.id) AS participants, "
    "(SELECT count(*) FROM activity_codes c WHERE c.session_id = s.id) AS codes "
    "FROM activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
    "LEFT JOIN venues v ON v.id = s.venue_id WHERE o.project_id = :p"
)


def public_projects(
    session: Session, published_only: bool, limit: int | None = None, offset: int = 0
) -> list[Row[Any]]:
    """Projects by code (unique, so pages of `limit` from `offset` never overlap); the public
    list holds only published ones (and no session counts)."""
    sql = (
        "SELECT p.code, p.name, p.starts_on, p.ends_on, p.kommune_code, p.published, "
        "p.synthetic, (SELECT count(*) FROM activity_sessions s JOIN activity_offers o "
        "ON o.id = s.offer_id WHERE o.project_id = p.id) AS sessions FROM activity_projects p "
        "WHERE p.published OR NOT :only ORDER BY p.code LIMIT :limit OFFSET :offset"
    )
    params = {"only": published_only, "limit": limit, "offset": offset}
    return list(session.execute(text(sql), params))


def sessions(
    session: Session, project_id: int, limit: int, offset: int, created_by: int | None = None
) -> list[Row[Any]]:
    """The project's sessions, newest first (held, then registered); optionally one user's."""
    sql = (
        f"{_SESSION_ROW} AND (CAST(:user AS int) IS NULL OR s.created_by = :user) "
        "ORDER BY s.held_on DESC, s.id DESC LIMIT :limit OFFSET :offset"
    )
    params = {"p": project_id, "user": created_by, "limit": limit, "offset": offset}
    return list(session.execute(text(sql), params))


def count_sessions(session: Session, project_id: int) -> int:
    sql = (
        "SELECT count(*) FROM activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
        "WHERE o.project_id = :p"
    )
    return int(session.execute(text(sql), {"p": project_id}).scalar_one())


def one_session(session: Session, project_id: int, session_id: int) -> Row[Any] | None:
    sql = f"{_SESSION_ROW} AND s.id = :id"
    return session.execute(text(sql), {"p": project_id, "id": session_id}).first()


def cells(session: Session, session_id: int) -> list[Row[Any]]:
    """A session's counts with each place as the reference text the registration resolves."""
    sql = (
        "SELECT a.age_band, a.home_kind, a.participants, CASE "
        "WHEN a.estate_id IS NOT NULL THEN e.boligorganisation || ' ' || e.afdeling_nr "
        "WHEN a.area_id IS NOT NULL THEN ar.code END AS place, coalesce(e.name, ar.name) "
        "AS place_name FROM activity_attendance a LEFT JOIN estates e ON e.id = a.estate_id "
        "LEFT JOIN areas ar ON ar.id = a.area_id WHERE a.session_id = :id ORDER BY a.id"
    )
    return list(session.execute(text(sql), {"id": session_id}))


def delete_session(session: Session, project_id: int, session_id: int) -> bool:
    """Delete a session of this project (its counts and codes go with it); False if none."""
    sql = (
        "DELETE FROM activity_sessions s USING activity_offers o WHERE o.id = s.offer_id "
        "AND o.project_id = :p AND s.id = :id RETURNING s.id"
    )
    return session.execute(text(sql), {"p": project_id, "id": session_id}).first() is not None


def set_published(session: Session, project_id: int, published: bool) -> None:
    session.execute(
        text("UPDATE activity_projects SET published = :on WHERE id = :p"),
        {"on": published, "p": project_id},
    )


def offers(session: Session, project_id: int) -> list[Row[Any]]:
    sql = "SELECT id, name, kind FROM activity_offers WHERE project_id = :p ORDER BY kind, name"
    return list(session.execute(text(sql), {"p": project_id}))


def last_offer_of(session: Session, project_id: int, user_id: int) -> int | None:
    """The offer of the session this user registered last in the project."""
    sql = (
        "SELECT s.offer_id FROM activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
        "WHERE o.project_id = :p AND s.created_by = :u ORDER BY s.created_at DESC, s.id DESC "
        "LIMIT 1"
    )
    return session.execute(text(sql), {"p": project_id, "u": user_id}).scalar()


def last_venue_of(session: Session, offer_id: int) -> str | None:
    """The venue of the offer's latest session (the place it usually meets)."""
    sql = (
        "SELECT v.venue_key FROM activity_sessions s JOIN venues v ON v.id = s.venue_id "
        "WHERE s.offer_id = :o ORDER BY s.held_on DESC, s.id DESC LIMIT 1"
    )
    return session.execute(text(sql), {"o": offer_id}).scalar()


def venues(session: Session, project_id: int, kommune_code: str) -> list[Row[Any]]:
    """Venues in the kommune, those the project used most recently first, then by name."""
    sql = (
        "SELECT v.venue_key, v.name, max(s.held_on) AS used FROM venues v "
        "LEFT JOIN (activity_sessions s JOIN activity_offers o ON o.id = s.offer_id "
        "AND o.project_id = :p) ON s.venue_id = v.id "
        "WHERE s.id IS NOT NULL OR EXISTS (SELECT 1 FROM areas k WHERE k.kind = 'kommune' "
        "AND k.code = :k AND ST_Covers(k.geom, v.geom)) "
        "GROUP BY v.id ORDER BY max(s.held_on) DESC NULLS LAST, v.name LIMIT :n"
    )
    return list(session.execute(text(sql), {"p": project_id, "k": kommune_code, "n": VENUES_MAX}))


def venue_name(session: Session, venue_key: str) -> str | None:
    sql = "SELECT name FROM venues WHERE venue_key = :k"
    return session.execute(text(sql), {"k": venue_key}).scalar()


def places_near(session: Session, kommune_code: str, venue_key: str | None) -> list[Row[Any]]:
    """Estates, boligområder and other areas (postnumre, sogne) in the kommune, nearest the
    venue first (by name without one): (home_kind, place reference, name)."""
    sql = (
        "WITH k AS (SELECT geom FROM areas WHERE kind = 'kommune' AND code = :k), "
        "here AS (SELECT geom FROM venues WHERE venue_key = :v), "
        "e AS (SELECT 'estate' AS home, e.boligorganisation || ' ' || e.afdeling_nr AS ref, "
        "e.name, ST_Distance(e.geom, (SELECT geom FROM here)) AS d FROM estates e, k "
        "WHERE ST_Intersects(e.geom, k.geom) ORDER BY d NULLS LAST, e.name LIMIT :n), "
        "b AS (SELECT 'boligomraade' AS home, a.code AS ref, a.name, "
        "ST_Distance(a.geom, (SELECT geom FROM here)) AS d FROM areas a, k "
        "WHERE a.kind = 'boligområde' AND ST_Intersects(a.geom, k.geom) "
        "ORDER BY d NULLS LAST, a.name LIMIT :n), "
        # "another area": postnumre and sogne, by a code no other such area has (so the
        # registration's area lookup finds exactly this one)
        "o AS (SELECT 'other_area' AS home, a.code AS ref, CASE WHEN a.kind = 'postnummer' "
        "THEN a.code || ' ' || a.name ELSE a.name END AS name, "
        "ST_Distance(a.geom, (SELECT geom FROM here)) AS d FROM areas a, k "
        "WHERE a.kind IN ('postnummer', 'sogn') AND ST_Intersects(a.geom, k.geom) "
        "AND NOT EXISTS (SELECT 1 FROM areas x WHERE x.id <> a.id AND x.kind = ANY(:other) "
        "AND (x.code = a.code OR lower(x.name) = lower(a.code))) "
        "ORDER BY d NULLS LAST, a.name LIMIT :n) "
        "SELECT home, ref, name FROM (SELECT 0 AS g, * FROM e UNION ALL SELECT 1, * FROM b "
        "UNION ALL SELECT 2, * FROM o) x ORDER BY g, d NULLS LAST, name"
    )
    params = {"k": kommune_code, "v": venue_key or "", "n": PLACES_NEAR,
              "other": list(OTHER_AREA_KINDS)}  # fmt: skip
    return list(session.execute(text(sql), params))
