"""Reading assets for maps, lists and downloads, with personal assets generalised.

A person's skill is never served at its exact location: every public read snaps it to the centre
of a grid cell of at least 250 m in EPSG:25832, in SQL, so no code path can forget to. The snapped
point is computed once per row (``s.geom`` in :data:`SERVED`) and everything a public reader can
observe uses it: the coordinates, the areas listed with the asset, the area filter, and the
distance of the duplicate hint. Otherwise "which sogn is it in" or "does the filter for this
boligområde find it" would locate a skill more finely than the map does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.models_assets import CATEGORIES, PERSONAL_CATEGORIES, PUBLIC_STATUS, STATUSES

MIN_GENERALISATION_M = 250
DUPLICATE_RADIUS_M = 75
SIMILAR_LIMIT = 5
_PERSONAL = ", ".join(f"'{c}'" for c in PERSONAL_CATEGORIES)
# Snap a personal asset to its grid-cell centre (:g metres); others keep their geometry.
PUBLIC_GEOM = (
    f"CASE WHEN a.category IN ({_PERSONAL}) THEN ST_SetSRID(ST_MakePoint("
    "floor(ST_X(ST_PointOnSurface(a.geom)) / :g) * :g + :g / 2.0, "
    "floor(ST_Y(ST_PointOnSurface(a.geom)) / :g) * :g + :g / 2.0), 25832) ELSE a.geom END"
)
# The asset row `a` with `s.geom`, its geometry as this reader may see it ({geom}).
SERVED = "assets a CROSS JOIN LATERAL (SELECT {geom} AS geom) s"
AREAS = (
    "(SELECT string_agg(ar.name, ', ' ORDER BY ar.kind, ar.name) FROM areas ar "
    "WHERE ar.kind <> 'grid' AND ST_Intersects(ar.geom, s.geom))"
)
PUBLIC_COLUMNS = (
    "a.id, a.category, a.subcategory, a.title, a.description, a.schedule, a.contact, a.link, "
    f"a.endorsements, a.synthetic, a.category IN ({_PERSONAL}) AS personal, "
    f"a.last_verified_at, {AREAS} AS areas"
)
ADMIN_COLUMNS = (
    f"{PUBLIC_COLUMNS}, a.status, a.status_note, a.source, a.open_reports, a.submitted_at, "
    "a.updated_at, a.merged_into_id"
)


def generalisation(requested_m: float) -> float:
    """The grid size actually used: the setting, but never finer than 250 m."""
    return max(float(requested_m), float(MIN_GENERALISATION_M))


@dataclass
class AssetFilter:
    """What a map, list or download shows; `area` is "kind:code" so URLs survive reloads."""

    category: str | None = None
    area: str | None = None
    q: str | None = None
    statuses: tuple[str, ...] = (PUBLIC_STATUS,)
    reverify_days: int | None = None  # only approved assets not verified for this many days
    subcategory: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # WGS84 minlon, minlat, maxlon, maxlat
    limit: int | None = None  # one page of `limit` rows from `offset` (ordered by title, id)
    offset: int = 0

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["a.status = ANY(:statuses)"]
        params: dict[str, Any] = {"statuses": list(self.statuses)}
        if unknown := set(self.statuses) - set(STATUSES):
            raise GeodataError(
                f"unknown status {sorted(unknown)}; use one of {', '.join(STATUSES)}",
                key="assets.err.status",
            )
        if self.category:
            if self.category not in CATEGORIES:
                raise GeodataError(f"unknown category {self.category!r}", key="assets.err.category")
            clauses.append("a.category = :category")
            params["category"] = self.category
        if self.subcategory:
            clauses.append("a.subcategory = :subcategory")
            params["subcategory"] = self.subcategory
        if self.bbox is not None:
            clauses.append(  # the lon/lat box itself, not the wider box around its projection
                "ST_Intersects(s.geom, "
                "ST_Transform(ST_MakeEnvelope(:bx0, :by0, :bx1, :by1, 4326), 25832))"
            )
            params |= dict(zip(("bx0", "by0", "bx1", "by1"), self.bbox, strict=True))
        if self.area:
            kind, _, code = self.area.partition(":")
            clauses.append(
                "EXISTS (SELECT 1 FROM areas ar WHERE ar.kind = :akind AND "
                "ar.code = :acode AND ST_Intersects(ar.geom, s.geom))"
            )
            params |= {"akind": kind, "acode": code}
        if self.q:
            clauses.append(
                "(a.title ILIKE :qlike ESCAPE '\\' OR a.description ILIKE :qlike "
                "ESCAPE '\\' OR similarity(a.title, :q) > 0.3)"
            )
            params |= {"q": self.q, "qlike": f"%{_like_escape(self.q)}%"}
        if self.reverify_days is not None:
            clauses.append(
                "a.status = 'approved' AND coalesce(a.last_verified_at, "
                "a.submitted_at) < now() - make_interval(days => :rdays)"
            )
            params["rdays"] = int(self.reverify_days)
        return " AND ".join(clauses), params


def _like_escape(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def asset_frame(
    session: Session, flt: AssetFilter, generalise_m: float | None, admin: bool = False
) -> gpd.GeoDataFrame:
    """Assets as a GeoDataFrame in EPSG:4326; `generalise_m=None` only for coordinator views."""
    where, params = flt.where()
    served = SERVED.format(geom="a.geom" if generalise_m is None else PUBLIC_GEOM)
    params["g"] = generalisation(generalise_m or MIN_GENERALISATION_M)
    sql = (
        f"SELECT {ADMIN_COLUMNS if admin else PUBLIC_COLUMNS}, "  # noqa: S608 -- fixed SQL fragments
        f"ST_Transform(s.geom, 4326) AS geometry FROM {served} WHERE {where} "
        "ORDER BY a.title, a.id LIMIT :limit OFFSET :offset"
    )
    params |= {"limit": flt.limit, "offset": max(0, flt.offset)}  # LIMIT NULL: every row
    return gpd.read_postgis(
        text(sql), session.connection(), geom_col="geometry", params=params, crs=4326
    )


def asset_count(session: Session, flt: AssetFilter, generalise_m: float | None) -> int:
    """How many assets `asset_frame` would return unpaged (a paged answer's numberMatched)."""
    where, params = flt.where()
    served = SERVED.format(geom="a.geom" if generalise_m is None else PUBLIC_GEOM)
    params["g"] = generalisation(generalise_m or MIN_GENERALISATION_M)
    sql = f"SELECT count(*) FROM {served} WHERE {where}"  # noqa: S608 -- fixed SQL fragments
    return int(session.execute(text(sql), params).scalar_one())


def public_asset(session: Session, asset_id: int, generalise_m: float) -> dict[str, Any] | None:
    """One approved asset with its public (possibly generalised) point, or None."""
    row = session.execute(
        text(
            f"SELECT {PUBLIC_COLUMNS}, ST_Y(p) AS lat, ST_X(p) AS lon FROM "  # noqa: S608 -- fixed SQL fragments
            f"{SERVED.format(geom=PUBLIC_GEOM)}, "
            "LATERAL ST_Transform(ST_PointOnSurface(s.geom), 4326) AS p "
            "WHERE a.id = :id AND a.status = 'approved'"
        ),
        {"id": asset_id, "g": generalisation(generalise_m)},
    ).one_or_none()
    return None if row is None else dict(row._mapping)


def similar_assets(
    session: Session,
    generalise_m: float,
    lat: float | None = None,
    lon: float | None = None,
    category: str | None = None,
    title: str | None = None,
) -> list[dict[str, Any]]:
    """ "Is it one of these?": approved assets of the category within 75 m, or similar titles.

    Distances to personal assets are measured from their generalised point, so probing with
    clicks reveals no more than the public map does. The index test on the exact geometry is
    widened by a whole cell, so it keeps every asset whose generalised point is in range.
    """
    has_point = lat is not None and lon is not None
    title = (title or "").strip()
    if not has_point and len(title) < 3:
        return []
    params = {
        "g": generalisation(generalise_m),
        "lat": lat or 0.0,
        "lon": lon or 0.0,
        "category": category,
        "title": title,
        "r": DUPLICATE_RADIUS_M,
        "has_point": has_point,
        "has_title": len(title) >= 3,
        "limit": SIMILAR_LIMIT,
    }
    rows = session.execute(
        text(
            "WITH pt AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 25832) "  # noqa: S608 -- fixed SQL fragments
            "AS g), c AS (SELECT a.id, a.title, a.category, a.subcategory, a.endorsements, "
            "ST_Distance(s.geom, pt.g) AS distance_m, similarity(a.title, :title) "
            f"AS score FROM {SERVED.format(geom=PUBLIC_GEOM)}, pt "
            "WHERE a.status = 'approved' AND ("
            "(:has_point AND (CAST(:category AS text) IS NULL OR a.category = :category) "
            "AND a.geom && ST_Expand(pt.g, :r + :g)) OR (:has_title AND a.title % :title))) "
            "SELECT id, title, category, subcategory, endorsements, "
            "CASE WHEN :has_point THEN round(distance_m::numeric) END AS distance_m, "
            "round(score::numeric, 2) AS score FROM c "
            "WHERE (:has_point AND distance_m <= :r) OR (:has_title AND score >= 0.3) "
            "ORDER BY score DESC, distance_m LIMIT :limit"
        ),
        params,
    ).all()
    return [_plain(r._mapping) for r in rows]


def _plain(row: Any) -> dict[str, Any]:
    return {
        k: (float(v) if k in ("distance_m", "score") and v is not None else v)
        for k, v in row.items()
    }


def area_options(session: Session) -> list[dict[str, str]]:
    """Areas to filter by (grid cells excluded), as value "kind:code" with a label."""
    rows = session.execute(
        text("SELECT kind, code, name FROM areas WHERE kind <> 'grid' ORDER BY kind, name")
    ).all()
    return [{"value": f"{r.kind}:{r.code}", "kind": r.kind, "name": r.name} for r in rows]


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(text("SELECT status, count(*) AS n FROM assets GROUP BY status")).all()
    return {r.status: int(r.n) for r in rows}
