"""Geometry checks for loaded layers: known CRS, right type, valid, inside Denmark, EPSG:25832.

Invalid polygons are common in municipal files (self-intersections from digitising); they are
repaired with `make_valid` and every repair is reported, so nobody is surprised by a changed shape.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geodata.errors import Problem
from geodata.loaders.readers import SourceTable
from geodata.models import SRID

# Denmark (incl. Bornholm) with a margin, in EPSG:25832 metres.
DENMARK_BOUNDS_25832 = (350_000.0, 6_000_000.0, 1_000_000.0, 6_450_000.0)
ALLOWED = {"polygon": ("Polygon", "MultiPolygon"), "point": ("Point", "MultiPoint")}


def prepare_geometries(
    table: SourceTable, family: str, problems: list[Problem], repairs: list[str]
) -> list[Any]:
    """Return geometries in EPSG:25832 (MultiPolygon or Point), appending problems and repairs."""
    frame = table.frame
    if not isinstance(frame, gpd.GeoDataFrame):
        problems.append(Problem(table.name, "", "geometry", "the file has no geometry"))
        return [None] * len(frame)
    if frame.crs is None:
        msg = "unknown CRS: the file does not say its coordinate system; pass --crs EPSG:xxxx"
        problems.append(Problem(table.name, "", "geometry", msg))
        return [None] * len(frame)
    try:
        CRS.from_user_input(frame.crs)
    except CRSError as exc:
        problems.append(Problem(table.name, "", "geometry", f"unusable CRS: {exc}"))
        return [None] * len(frame)
    geoms = shapely.force_2d(np.asarray(frame.geometry.values, dtype=object))
    geoms = _check_types(table, geoms, family, problems)
    geoms = _repair(table, geoms, family, problems, repairs)
    projected = gpd.GeoSeries(geoms, crs=frame.crs).to_crs(SRID)
    _check_extent(table, projected, problems)
    return list(projected.values)


def _check_types(
    table: SourceTable, geoms: np.ndarray, family: str, problems: list[Problem]
) -> np.ndarray:
    allowed = ALLOWED[family]
    out = geoms.copy()
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            problems.append(Problem(table.name, table.where(i), "geometry", "geometry is empty"))
            out[i] = None
        elif geom.geom_type not in allowed:
            msg = f"expected {' or '.join(allowed)}, got {geom.geom_type}"
            problems.append(Problem(table.name, table.where(i), "geometry", msg))
            out[i] = None
        elif geom.geom_type == "MultiPoint":
            if len(geom.geoms) != 1:
                msg = f"expected a single point, got a MultiPoint of {len(geom.geoms)}"
                problems.append(Problem(table.name, table.where(i), "geometry", msg))
            out[i] = geom.geoms[0]
    return out


def _repair(
    table: SourceTable,
    geoms: np.ndarray,
    family: str,
    problems: list[Problem],
    repairs: list[str],
) -> np.ndarray:
    out = geoms.copy()
    for i, geom in enumerate(geoms):
        if geom is None:
            continue
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            geom = _polygons_only(shapely.make_valid(geom)) if family == "polygon" else None
            if geom is None or geom.is_empty:
                msg = f"invalid geometry that cannot be repaired ({reason})"
                problems.append(Problem(table.name, table.where(i), "geometry", msg))
                out[i] = None
                continue
            repairs.append(f"{table.name}, {table.where(i)}: repaired invalid geometry ({reason})")
        if family == "polygon" and geom.geom_type == "Polygon":
            geom = shapely.MultiPolygon([geom])
        out[i] = geom
    return out


def _polygons_only(geom: Any) -> Any:
    """make_valid may return a collection with lines; keep the polygonal parts."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    return merged if merged.geom_type in ("Polygon", "MultiPolygon") else None


def _check_extent(table: SourceTable, geoms: gpd.GeoSeries, problems: list[Problem]) -> None:
    """Catch swapped lon/lat or a wrong --crs: everything Kvarterkort maps lies in Denmark."""
    minx, miny, maxx, maxy = DENMARK_BOUNDS_25832
    bounds = geoms.bounds
    outside = ~(
        (bounds.minx >= minx)
        & (bounds.maxx <= maxx)
        & (bounds.miny >= miny)
        & (bounds.maxy <= maxy)
    )
    for i in np.flatnonzero(outside.to_numpy() & geoms.notna().to_numpy())[:20]:
        msg = (
            "coordinates fall outside Denmark after reprojection from "
            f"{table.frame.crs.to_string()} (swapped lon/lat or a wrong CRS?)"
        )
        problems.append(Problem(table.name, table.where(int(i)), "geometry", msg))
