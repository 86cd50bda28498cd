"""SQL for the published statutory lists: linking candidates, the API's page and an area's entries.

An entry names its area in words ("Løvvangen", "Aalborg"); the loader links it to a loaded
boligområde. When the municipality is a loaded kommune only the boligområder inside it are
candidates (a point on the boligområde's surface lies in the kommune), so a "Sundparken" in
Horsens never links to one in Aalborg.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

ENTRY_COLUMNS = (
    "list_kind", "list_year", "area_name", "municipality", "on_list", "new", "values_repeated",
    "residents", "outside_work_edu_pct", "non_western_pct", "convicted_pct", "convictions_ratio",
    "basic_school_only_pct", "income_pct_region", "match", "source_row",
)  # fmt: skip
_SELECT = (
    ", ".join(f"e.{c}" for c in ENTRY_COLUMNS)
    + ", a.code AS area_code, a.name AS linked_name, l.credit, l.licence, l.source"
)
_FROM = (
    "FROM statutory_list_entries e JOIN layers l ON l.id = e.layer_id "
    "LEFT JOIN areas a ON a.id = e.area_id "
)
_FILTERS = (
    "WHERE (CAST(:year AS int) IS NULL OR e.list_year = :year) "
    "AND (CAST(:kind AS text) IS NULL OR e.list_kind = :kind) "
    "AND (CAST(:code AS text) IS NULL OR a.code = :code) "
    "AND (CAST(:municipality AS text) IS NULL OR lower(e.municipality) = lower(:municipality)) "
)
_ORDER = "ORDER BY e.list_year, e.list_kind, e.municipality, e.area_name, e.id"  # id: stable pages


@dataclass(frozen=True)
class Candidate:
    """A boligområde an entry may link to; `kommuner`: the loaded kommune it lies in (or none)."""

    id: int
    code: str
    name: str
    kommuner: frozenset[int]


def kommuner(session: Session) -> dict[int, str]:
    """Loaded kommuner: id -> name."""
    rows = session.execute(text("SELECT id, name FROM areas WHERE kind = 'kommune'")).all()
    return {int(r.id): str(r.name) for r in rows}


def boligomraader(session: Session) -> list[Candidate]:
    """Every loaded boligområde with the kommune it lies in.

    A point on its surface decides, not any contact: a boligområde drawn along the kommune
    border touches the neighbour too, and must not become a candidate for the neighbour's list
    entries (nor be barred from an entry of a kommune that is not loaded).
    """
    rows = session.execute(
        text(
            "SELECT b.id, b.code, b.name, array_remove(array_agg(k.id), NULL) AS kommuner "
            "FROM areas b LEFT JOIN areas k ON k.kind = 'kommune' "
            "AND ST_Intersects(k.geom, ST_PointOnSurface(b.geom)) WHERE b.kind = 'boligområde' "
            "GROUP BY b.id, b.code, b.name ORDER BY b.id"
        )
    ).all()
    return [Candidate(int(r.id), str(r.code), str(r.name), frozenset(r.kommuner)) for r in rows]


def list_entries(
    session: Session,
    year: int | None,
    kind: str | None,
    code: str | None,
    municipality: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of entries) in list order, with the linked area and the credit."""
    params = {"year": year, "kind": kind, "code": code, "municipality": municipality}
    total = session.execute(text(f"SELECT count(*) {_FROM}{_FILTERS}"), params).scalar_one()
    rows = session.execute(
        text(f"SELECT {_SELECT} {_FROM}{_FILTERS}{_ORDER} LIMIT :limit OFFSET :offset"),
        {**params, "limit": limit, "offset": offset},
    ).mappings()
    return int(total), [dict(r) for r in rows]


def area_entries(session: Session, kind: str, code: str) -> list[dict[str, Any]]:
    """Every published entry linked to one area, oldest list first."""
    rows = session.execute(
        text(f"SELECT {_SELECT} {_FROM}WHERE a.kind = :kind AND a.code = :code {_ORDER}"),
        {"kind": kind, "code": code},
    ).mappings()
    return [dict(r) for r in rows]
