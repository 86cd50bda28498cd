"""A light context basemap from the loaded layers, for maps whose tiles are off or fail.

Outlines of kommune, sogne and postnumre (and boligområder when zoomed in), their names as label
points, and stops when zoomed in close, cut to the visible box and simplified to about one screen
pixel with ST_SimplifyPreserveTopology. The endpoint is public, so the work one request can ask
for is bounded three ways: the box may be at most MAX_SCREENS tiles wide and high at its zoom
(a wider box is shrunk around its centre, see `bounded_box`), the tolerance never goes below
MIN_TOLERANCE_M, and the answer stops at MAX_FEATURES features or MAX_VERTICES vertices, largest
outlines first, with `truncated: true` when anything was left out.
"""

from __future__ import annotations

import json
import math
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.queries.places import STOP_CATEGORIES

MAX_FEATURES = 1500
MAX_VERTICES = 40_000  # ~0.9 MB of GeoJSON coordinates at 6 decimals
MAX_SCREENS = 10  # 10 × 256 px = 2560 CSS px: the widest common viewport, with no margin to spare
MIN_TOLERANCE_M = 1.0  # finer than a metre is finer than the boundary data itself
EARTH_M_PER_PX_Z0 = 156_543.03  # Web Mercator metres per pixel at zoom 0 on the equator
M_PER_DEG_LAT = 111_320.0
Box = tuple[float, float, float, float]

_SQL = (
    "WITH box AS (SELECT ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326) AS w, "
    # the 25832 extent of the (segmentised, so its edges bend with the projection) WGS84 box: a
    # cheap first cut before simplifying; the exact cut is made again in WGS84 after transforming
    "ST_Expand(ST_Transform(ST_Segmentize(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326), :seg), 25832)"
    "::box2d, :tol) AS g), "
    "cut AS (SELECT a.kind, a.name, ST_Area(a.geom) AS size, a.geom, "
    "ST_ClipByBox2D(ST_Transform(ST_SimplifyPreserveTopology("
    "ST_ClipByBox2D(ST_Boundary(a.geom), box.g), :tol), 4326), box.w) AS shape "
    "FROM areas a, box WHERE a.kind = ANY(:kinds) AND a.geom && box.g), "
    "outlines AS (SELECT kind, name, ST_AsGeoJSON(shape, 6) AS shape, size, "
    "ST_NPoints(shape) AS n, ST_Transform(ST_PointOnSurface(geom), 4326) AS label "
    "FROM cut WHERE NOT ST_IsEmpty(shape) ORDER BY size DESC, name LIMIT :limit), "
    "ranked AS (SELECT kind, name, shape, "
    "CASE WHEN ST_Intersects(label, box.w) THEN ST_AsGeoJSON(label, 6) END AS label, "
    "sum(n) OVER (ORDER BY size DESC, name ROWS UNBOUNDED PRECEDING) AS upto, size "
    "FROM outlines, box), "
    "stops AS (SELECT 'stop' AS kind, p.name, ST_AsGeoJSON(ST_Transform(p.geom, 4326), 6) AS shape "
    "FROM pois p, box WHERE :stops AND p.category = ANY(:stop_kinds) "
    "AND p.geom && box.g AND ST_Intersects(ST_Transform(p.geom, 4326), box.w) "
    "ORDER BY p.name LIMIT :limit) "
    "SELECT kind, name, shape, label, upto FROM ranked "
    "UNION ALL SELECT kind, name, shape, NULL, NULL FROM stops"
)


def outline_kinds(zoom: int) -> tuple[str, ...]:
    """Coarse outlines far out, finer ones closer in: a sogn line at zoom 8 is only clutter."""
    if zoom < 9:
        return ("kommune",)
    if zoom < 13:
        return ("kommune", "sogn", "postnummer")
    return ("kommune", "sogn", "postnummer", "boligområde")


def metres_per_pixel(zoom: int, lat: float) -> float:
    """One Web Mercator screen pixel in metres at this zoom and latitude."""
    return EARTH_M_PER_PX_Z0 * math.cos(math.radians(lat)) / 2**zoom


def tolerance_m(zoom: int, lat: float) -> float:
    """About one screen pixel in metres, but never finer than MIN_TOLERANCE_M: at zoom 22 a
    pixel is 2 cm, and keeping every vertex of a whole outline only makes the answer heavy."""
    return max(metres_per_pixel(zoom, lat), MIN_TOLERANCE_M)


def bounded_box(bbox: Box, zoom: int) -> Box:
    """The box, shrunk around its centre to at most MAX_SCREENS × 256 pixels each way at `zoom`.

    The browser sends its visible box, which is a few screens at most; a bigger box (all of
    Denmark at zoom 18) can only come from a hand-made request, and serving it would mean every
    outline in the country at sub-metre detail. Shrinking rather than refusing keeps the map
    drawing its centre even on an unusually wide screen.
    """
    x0, y0, x1, y1 = bbox
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_m = MAX_SCREENS * 256 * metres_per_pixel(zoom, cy) / 2
    half_lat = half_m / M_PER_DEG_LAT
    half_lon = half_m / (M_PER_DEG_LAT * max(math.cos(math.radians(cy)), 1e-6))
    return (max(x0, cx - half_lon), max(y0, cy - half_lat),
            min(x1, cx + half_lon), min(y1, cy + half_lat))  # fmt: skip


def basemap(session: Session, bbox: Box, zoom: int) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS84) of outlines, label points and, close in, stops, cut to
    the bounded box (given back as the collection's `bbox`) and flagged `truncated` when a cap
    left something out."""
    box = bounded_box(bbox, zoom)
    x0, y0, x1, y1 = box
    tol = tolerance_m(zoom, (y0 + y1) / 2)
    params = {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "kinds": list(outline_kinds(zoom)),
              "tol": tol, "seg": max(x1 - x0, y1 - y0) / 16, "limit": MAX_FEATURES + 1,
              "stops": zoom >= 14, "stop_kinds": list(STOP_CATEGORIES)}  # fmt: skip
    rows = list(session.execute(text(_SQL), params).all())
    kept = [r for r in rows if r.upto is None or r.upto <= MAX_VERTICES]
    features = _features(kept)
    truncated = len(kept) < len(rows) or len(features) > MAX_FEATURES
    return {"type": "FeatureCollection", "bbox": [round(v, 6) for v in box],
            "truncated": truncated, "features": features[:MAX_FEATURES]}  # fmt: skip


def _features(rows: list[Any]) -> list[dict[str, Any]]:
    """Outline and stop features; each outline also gives a label point (role "label")."""
    out: list[dict[str, Any]] = []
    for row in rows:
        props = {"kind": row.kind, "name": row.name}
        out.append({"type": "Feature", "properties": {**props, "role": "shape"},
                    "geometry": json.loads(row.shape)})  # fmt: skip
        if row.label is not None:
            out.append({"type": "Feature", "properties": {**props, "role": "label"},
                        "geometry": json.loads(row.label)})  # fmt: skip
    return out
