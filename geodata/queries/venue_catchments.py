"""Walking catchments ("isochrones") of a venue as polygons in EPSG:4326 for Folium maps.

The polygon is the union of buffered network pieces reachable within the cost, including the
reachable part of every edge that is only partly walked. That follows the streets honestly (a
fjord arm or a railway without a crossing leaves a visible gap), where a concave hull of reached
vertices would paper over it. Without a network the catchment is a circle of radius cost / detour
factor, the same assumption as the straight-line cost fallback, and is labelled as such.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models import SRID
from geodata.queries.venue_costs import DETOUR_FACTOR, UNITS, WALK_SPEED_M_PER_MIN
from geodata.queries.venue_routing import (
    driving_distance_sql,
    ends_cte,
    find_network,
    snap_cte,
    snap_params,
    start_column,
    tune_for_routing,
)

SERVE_SRID = 4326
CATCHMENT_COLUMNS = ["venue_key", "cost", "unit", "distance_m", "method", "network_layer",
                     "geometry"]  # fmt: skip


def walking_catchments(
    session: Session,
    venue_key: str,
    costs: float | Sequence[float],
    *,
    unit: str = "m",
    speed_m_per_min: float = WALK_SPEED_M_PER_MIN,
    network_layer: str | None = None,
    buffer_m: float = 25.0,
    detour_factor: float = DETOUR_FACTOR,
) -> gpd.GeoDataFrame:
    """One polygon per cost (e.g. 500, 1000, 1500 m, or 5/10/15 with unit="min"), largest first.

    Columns: venue_key, cost, unit, distance_m, method ("network" | "straight_line"),
    network_layer, geometry (EPSG:4326). `buffer_m` widens walked streets into an area.
    """
    if unit not in UNITS:
        raise GeodataError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    levels = sorted({float(c) for c in np.atleast_1d(np.asarray(costs, dtype=float))},
                    reverse=True)  # fmt: skip
    if not levels or levels[-1] <= 0:
        raise GeodataError("catchment costs must be positive")
    xy = _venue_xy(session, venue_key)
    distances = [c if unit == "m" else c * speed_m_per_min for c in levels]
    layer = find_network(session, xy[None, :], network_layer, margin_m=max(distances))
    if layer is None:
        geoms = [_circle(xy, d / detour_factor) for d in distances]
        method, name = "straight_line", None
    else:
        snap = snap_params("c", [venue_key], xy[None, :])
        geoms = [_network_polygon(session, layer.id, snap, d, buffer_m) for d in distances]
        method, name = "network", layer.name
    frame = gpd.GeoDataFrame(
        {"venue_key": venue_key, "cost": levels, "unit": unit, "distance_m": distances,
         "method": method, "network_layer": name},
        geometry=gpd.GeoSeries(geoms, crs=SRID),
    )  # fmt: skip
    return frame.to_crs(SERVE_SRID)[CATCHMENT_COLUMNS]


def _venue_xy(session: Session, venue_key: str) -> np.ndarray:
    row = session.execute(
        text("SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM venues WHERE venue_key = :k"),
        {"k": venue_key},
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no venue with key '{venue_key}'")
    return np.array([row.x, row.y], dtype=np.float64)


def _circle(xy: np.ndarray, radius: float) -> shapely.Geometry:
    return shapely.buffer(shapely.Point(xy), radius, quad_segs=16)


def _network_polygon(
    session: Session, layer_id: int, snap: dict[str, object], distance_m: float, buffer_m: float
) -> shapely.Geometry | None:
    """Buffered union of everything walkable within `distance_m` of the snapped venue.

    From each reached vertex, every edge leaving it is walked as far as the remaining budget
    allows (ST_LineSubstring), and so is the venue's own edge in both directions.
    """
    sql = (
        f"WITH {snap_cte('c')}, {ends_cte('c')}, "  # noqa: S608 -- fixed CTE fragments
        "starts AS (SELECT DISTINCT vid FROM c_end), "
        "box AS (SELECT ST_Expand(ST_Extent(v.geom)::geometry, :cutoff) AS b "
        "  FROM network_vertices v JOIN starts s ON v.layer_id = :lid AND v.id = s.vid), "
        f"reach AS {driving_distance_sql(start_column(session))}, "
        "best AS (SELECT r.node, min(ce.off + r.agg_cost) AS cost FROM reach r "
        "  JOIN c_end ce ON ce.vid = r.start GROUP BY r.node "
        "  HAVING min(ce.off + r.agg_cost) <= :cutoff), "
        "parts AS ("
        "  SELECT ST_LineSubstring(e.geom, 0, least(1, (:cutoff - b.cost) / e.cost_m)) AS g "
        "  FROM best b JOIN network_edges e ON e.layer_id = :lid AND e.source = b.node "
        "  UNION ALL "
        "  SELECT ST_LineSubstring(e.geom, greatest(0, 1 - (:cutoff - b.cost) / e.cost_m), 1) "
        "  FROM best b JOIN network_edges e ON e.layer_id = :lid AND e.target = b.node "
        "  UNION ALL "
        "  SELECT ST_LineSubstring(e.geom, greatest(0, c.frac - (:cutoff - c.snap) / c.len), "
        "    least(1, c.frac + (:cutoff - c.snap) / c.len)) "
        "  FROM c JOIN network_edges e ON e.id = c.edge WHERE c.snap < :cutoff) "
        "SELECT ST_AsBinary(ST_Buffer(ST_Collect(g), :buf, 'quad_segs=4')) FROM parts"
    )
    params = {**snap, "lid": layer_id, "cutoff": distance_m, "buf": buffer_m}
    tune_for_routing(session)
    wkb = session.execute(text(sql), params).scalar_one()
    return None if wkb is None else shapely.from_wkb(bytes(wkb))
