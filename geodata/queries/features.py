"""Feature layers as GeoDataFrames in EPSG:4326, for maps and GeoJSON responses."""

from __future__ import annotations

import geopandas as gpd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.sqlnames import quote_ident

SERVE_SRID = 4326

# Per layer kind: the columns served (never internal ids of other users' data).
SELECTS = {
    "areas": "a.kind, a.code, a.name, a.residents, p.code AS parent_code",
    "estates": "t.boligorganisation, t.afdeling_nr, t.name, t.dwellings, t.residents, "
    "t.boligomraade_code, t.list_status",
    "venues": "t.venue_key, t.name, t.type, t.address, t.capacity, t.step_free, t.kitchen, "
    "t.availability, t.bookable, t.owner, t.contact",
    "associations": "t.association_key, t.name, t.category, t.members, t.activities, "
    "t.meeting_venue, t.contact",
    "pois": "t.poi_key, t.name, t.category, t.attributes",
}


def feature_frame(
    session: Session,
    kind: str,
    area_kind: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    simplify_m: float = 0.0,
    limit: int | None = None,
    offset: int = 0,
) -> gpd.GeoDataFrame:
    """One kind of feature with its layer's provenance, optionally inside a lon/lat bbox.

    With `limit`, one page of `limit` rows from `offset` in id order: the primary key keeps pages
    disjoint and lets PostgreSQL walk its index instead of sorting a national table per page.
    Without, every row in name order (the maps)."""
    alias, where, params = _filters(kind, area_kind, bbox)
    geom = f"{alias}.geom" if not simplify_m else f"ST_SimplifyPreserveTopology({alias}.geom, :tol)"
    joins = "LEFT JOIN areas p ON p.id = a.parent_id" if kind == "areas" else ""
    order = f"{alias}.id" if limit is not None else "1, 2"
    params |= {"tol": simplify_m, "limit": limit, "offset": offset}
    sql = (
        f"SELECT {SELECTS[kind]}, l.name AS layer, l.synthetic, l.licence, l.credit, "  # noqa: S608 -- kind checked against SELECTS and quoted; fixed fragments
        f"ST_Transform({geom}, {SERVE_SRID}) AS geometry "
        f"FROM {quote_ident(session, kind)} {alias} "
        f"JOIN layers l ON l.id = {alias}.layer_id {joins} "
        f"WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset"
    )
    conn = session.connection()
    return gpd.read_postgis(text(sql), conn, geom_col="geometry", params=params, crs=SERVE_SRID)


def feature_count(
    session: Session,
    kind: str,
    area_kind: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> int:
    """How many features `feature_frame` would return unpaged (a paged answer's numberMatched)."""
    alias, where, params = _filters(kind, area_kind, bbox)
    sql = f"SELECT count(*) FROM {quote_ident(session, kind)} {alias} WHERE {where}"  # noqa: S608 -- kind checked against SELECTS and quoted
    return int(session.execute(text(sql), params).scalar_one())


def _filters(
    kind: str, area_kind: str | None, bbox: tuple[float, float, float, float] | None
) -> tuple[str, str, dict[str, object]]:
    """The table alias, the WHERE clause and its bound values for a kind, area kind and bbox."""
    if kind not in SELECTS:
        raise GeodataError(f"unknown layer kind {kind!r}; choose one of {', '.join(SELECTS)}")
    alias = "a" if kind == "areas" else "t"
    where: list[str] = ["TRUE"]
    params: dict[str, object] = {}
    if area_kind:
        if kind != "areas":  # only areas have a kind; other tables have no alias "a"
            raise GeodataError(f"area_kind applies only to kind=areas, not to {kind!r}")
        where.append("a.kind = :area_kind")
        params["area_kind"] = area_kind
    if bbox:  # intersects the lon/lat box itself, not just the wider box around its projection
        where.append(
            f"ST_Intersects({alias}.geom, "
            "ST_Transform(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326), 25832))"
        )
        params |= dict(zip(("x0", "y0", "x1", "y1"), bbox, strict=True))
    return alias, " AND ".join(where), params
