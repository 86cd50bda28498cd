"""Where an imported asset is: its geometry from a vector file or from lon/lat/WKT columns.

Part of the asset import (geodata/assets_io.py). A geometry is checked before anything is
written: a point or polygon, inside Denmark, valid, and a skill (a person) only as a point.
Coordinates may have a decimal comma and Danish column names (breddegrad, længdegrad).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely

from geodata.errors import LoadError, Problem
from geodata.loaders.geometry import DENMARK_BOUNDS_25832
from geodata.loaders.readers import SourceTable, coordinate_columns
from geodata.loaders.spreadsheet import parse_number
from geodata.models import SRID
from geodata.queries.assets import Place


def place_of(
    table: SourceTable, i: int, geom: Any, category: str | None, problems: list[Problem]
) -> Place | None:
    where = table.where(i)

    def fail(message: str, key: str, **params: object) -> None:
        problems.append(Problem(table.name, where, "geometry", message, key, params))

    if geom is None or geom.is_empty:
        fail("geometry is missing or empty", "tables.err.geometry_missing")
        return None
    if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        msg = f"expected a point or polygon, got {geom.geom_type}"
        fail(msg, "tables.err.geometry_type", type=geom.geom_type)
        return None
    if category == "skills" and geom.geom_type != "Point":
        fail("a skill must be a point", "tables.err.skill_point")
        return None
    minx, miny, maxx, maxy = DENMARK_BOUNDS_25832
    x0, y0, x1, y1 = geom.bounds
    if not (x0 >= minx and y0 >= miny and x1 <= maxx and y1 <= maxy):
        msg = "outside Denmark: check the coordinate order (lon, lat) or the CRS"
        fail(msg, "tables.err.outside")
        return None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        fail(f"invalid geometry ({reason})", "tables.err.geometry_invalid", reason=reason)
        return None
    return Place(geom.wkt, SRID)


def vector_geometries(table: SourceTable) -> list[Any]:
    frame = table.frame
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        msg = "the file has no geometry or CRS"
        raise LoadError([Problem(table.name, "", "geometry", msg, "tables.err.no_crs")])
    return list(shapely.force_2d(frame.geometry.to_crs(SRID).values))


def csv_geometries(
    table: SourceTable, crs: str | None, problems: list[Problem], unreadable: set[int]
) -> list[Any]:
    """A `wkt` column wins (it carries polygons); otherwise lon/lat columns."""
    frame = table.frame
    lon, lat, wkt = coordinate_columns([str(c) for c in frame.columns])
    if wkt is None and (lon is None or lat is None):
        msg = "no geometry: add lon/lat columns or a wkt column"
        raise LoadError([Problem(table.name, "", "geometry", msg, "tables.err.no_geometry")])
    geoms = []
    for i in range(len(frame)):
        before = len(problems)
        geoms.append(_csv_geometry(table, i, wkt, lon, lat, problems))
        if len(problems) > before:
            unreadable.add(i)
    series = gpd.GeoSeries(geoms, crs=crs or "EPSG:4326")
    return list(series.to_crs(SRID).values)


def _csv_geometry(
    table: SourceTable,
    i: int,
    wkt: str | None,
    lon: str | None,
    lat: str | None,
    problems: list[Problem],
) -> Any:
    frame = table.frame
    text = str(frame[wkt].iat[i]).strip() if wkt else ""
    try:
        if text:
            return shapely.from_wkt(text)
        if lon and lat and str(frame[lon].iat[i]).strip():
            x, y = str(frame[lon].iat[i]), str(frame[lat].iat[i])
            return shapely.Point(parse_number(x), parse_number(y))
    except (ValueError, shapely.errors.ShapelyError) as exc:
        name = (wkt or "wkt") if text else "lon/lat"
        key = "tables.err.wkt" if text else "tables.err.coordinates"
        problems.append(Problem(table.name, table.where(i), name, str(exc), key))
    return None
