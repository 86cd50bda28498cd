"""A light context basemap from the loaded layers, for maps whose tiles are off or fail.

Outlines of kommune, sogne and postnumre (and boligområder when zoomed in), their names as label
points, and stops when zoomed in close, cut to the visible box and simplified to about one screen
pixel with ST_SimplifyPreserveTopology, so the answer stays small at every zoom. Features are
capped (MAX_FEATURES) so no box can ask for the whole database.
"""

from __future__ import annotations

import json
import math
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.queries.places import STOP_CATEGORIES

MAX_FEATURES = 1500
EARTH_M_PER_PX_Z0 = 156_543.03  # Web Mercator metres per pixel at zoom 0 on the equator
_STOPS = ", ".join(f"'{c}'" for c in STOP_CATEGORIES)


def outline_kinds(zoom: int) -> tuple[str, ...]:
    """Coarse outlines far out, finer ones closer in: a sogn line at zoom 8 is only clutter."""
    if zoom < 9:
        return ("kommune",)
    if zoom < 13:
        return ("kommune", "sogn", "postnummer")
    return ("kommune", "sogn", "postnummer", "boligområde")


def tolerance_m(zoom: int, lat: float) -> float:
    """About one screen pixel in metres at this zoom and latitude."""
    return EARTH_M_PER_PX_Z0 * math.cos(math.radians(lat)) / 2**zoom


def basemap(session: Session, bbox: tuple[float, float, float, float], zoom: int) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS84): outlines, label points and, close in, stops."""
    x0, y0, x1, y1 = bbox
    params = {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "kinds": list(outline_kinds(zoom)),
              "tol": tolerance_m(zoom, (y0 + y1) / 2), "limit": MAX_FEATURES,
              "stops": zoom >= 14}  # fmt: skip
    rows = session.execute(
        text(
            "WITH box AS (SELECT ST_Transform(ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326), 25832) "  # noqa: S608 -- fixed fragment
            "AS g), outlines AS (SELECT a.kind, a.name, ST_AsGeoJSON(ST_Transform("
            "ST_SimplifyPreserveTopology(ST_Boundary(a.geom), :tol), 4326), 6) AS shape, "
            "ST_AsGeoJSON(ST_Transform(ST_PointOnSurface(a.geom), 4326), 6) AS label, "
            "ST_Area(a.geom) AS size FROM areas a, box WHERE a.kind = ANY(:kinds) "
            "AND a.geom && box.g ORDER BY size DESC LIMIT :limit), "
            "stops AS (SELECT 'stop' AS kind, p.name, ST_AsGeoJSON(ST_Transform(p.geom, 4326), 6) "
            f"AS shape FROM pois p, box WHERE :stops AND p.category IN ({_STOPS}) "
            "AND p.geom && box.g LIMIT :limit) "
            "SELECT kind, name, shape, label FROM outlines "
            "UNION ALL SELECT kind, name, shape, NULL FROM stops"
        ),
        params,
    ).all()
    return {"type": "FeatureCollection", "features": _features(list(rows))[:MAX_FEATURES]}


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
