"""SQL for an activity project's own area (issue 11): find it, check it lies in the kommune, set it.

"Lies in the kommune" is the reach map's rule for estates and boligområder: the area's interior
point (ST_PointOnSurface) is covered by the kommune. A postnummer whose polygon strays a few
metres over the kommune border is still in it; one whose bulk lies in another kommune is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AreaRow:
    """An area a project can have: id, kind, code, name, and whether it lies in the kommune
    it was looked up for."""

    id: int
    kind: str
    code: str
    name: str
    in_kommune: bool


def find_area(session: Session, kind: str, code: str, kommune_code: str) -> AreaRow | None:
    """The area of this kind and code (None when not loaded), checked against the kommune."""
    sql = (
        "SELECT a.id, a.kind, a.code, a.name, EXISTS (SELECT 1 FROM areas k "
        "WHERE k.kind = 'kommune' AND k.code = :kommune "
        "AND ST_Covers(k.geom, ST_PointOnSurface(a.geom))) AS in_kommune "
        "FROM areas a WHERE a.kind = :kind AND a.code = :code"
    )
    row = session.execute(text(sql), {"kind": kind, "code": code, "kommune": kommune_code}).first()
    return AreaRow(*row) if row else None


def set_area(session: Session, project_id: int, area_id: int | None) -> None:
    sql = "UPDATE activity_projects SET area_id = :area WHERE id = :p"
    session.execute(text(sql), {"area": area_id, "p": project_id})


def area_outline(session: Session, area_id: int) -> tuple[str, str, str, bytes] | None:
    """(kind, code, name, WGS84 WKB lightly simplified) of an area, for labels and the map."""
    sql = (
        "SELECT kind, code, name, ST_AsBinary(ST_Transform(ST_SimplifyPreserveTopology(geom, "
        "15.0), 4326)) FROM areas WHERE id = :id"
    )
    row = session.execute(text(sql), {"id": area_id}).first()
    return (str(row[0]), str(row[1]), str(row[2]), bytes(row[3])) if row else None
