"""Read a line file (GeoPackage, GeoJSON, Shapefile) into a walking graph by noding endpoints.

Municipal path registers and hand-drawn networks rarely share exact endpoint coordinates, so
endpoints within `snap_m` (default 0.5 m) are merged into one vertex and the lines are moved onto
it. Lines are not split where they merely cross: a bridge over a road is not a junction, and a
file that needs junctions mid-line must be split at them first (as OSM data is).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS
from pyproj.exceptions import CRSError
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from geodata.errors import GeodataError, LoadError, Problem
from geodata.loaders.readers import SourceTable, read_table
from geodata.models import SRID
from geodata.network_store import EdgeSet

LINE_TYPES = ("LineString", "MultiLineString")
HIGHWAY_COLUMNS = ("highway", "type", "vejtype")
WAY_ID_COLUMNS = ("osm_way_id", "osm_id")


def read_line_edges(
    path: Path, layer: str | None = None, crs: str | None = None, snap_m: float = 0.5
) -> EdgeSet:
    """Lines of a vector file as a noded graph in EPSG:25832, or a LoadError naming the feature."""
    if not snap_m >= 0:
        raise GeodataError(f"the snap distance must be zero or more metres, got {snap_m:g}")
    table = read_table(Path(path), layer, crs, geometry=True)
    lines, feature = _lines_in_25832(table)
    highway = _optional_column(table, HIGHWAY_COLUMNS)
    way_ids = _way_ids(table)
    lines = shapely.force_2d(lines)
    vertex_of_end, vertex_xy = _node_endpoints(lines, snap_m)
    lines = _move_endpoints(lines, vertex_xy[vertex_of_end])
    keep = shapely.length(lines) > 0
    source, target = vertex_of_end[: len(lines)], vertex_of_end[len(lines) :]
    used = np.unique(np.concatenate([source[keep], target[keep]]))
    edges = EdgeSet(
        source=(source[keep] + 1).astype(np.int64),
        target=(target[keep] + 1).astype(np.int64),
        geoms=lines[keep],
        osm_way_id=[way_ids[i] for i in feature[keep]],
        highway=[highway[i] for i in feature[keep]],
        vertex_id=(used + 1).astype(np.int64),
        vertex_xy=vertex_xy[used],
    )
    dropped = int((~keep).sum())
    edges.notes.append(f"{len(table.frame)} features" + (f", {dropped} zero-length parts dropped"
                                                         if dropped else ""))  # fmt: skip
    return edges


def _lines_in_25832(table: SourceTable) -> tuple[NDArray[np.object_], NDArray[np.int64]]:
    """Single LineStrings in EPSG:25832 and, for each, the index of the feature it came from."""
    frame = table.frame
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        raise LoadError([Problem(table.name, "", "geometry", "the file has no geometry")])
    if frame.crs is None:
        msg = "unknown CRS: the file does not say its coordinate system; pass --crs EPSG:xxxx"
        raise LoadError([Problem(table.name, "", "geometry", msg)])
    try:
        CRS.from_user_input(frame.crs)
    except CRSError as exc:
        raise LoadError([Problem(table.name, "", "geometry", f"unusable CRS: {exc}")]) from exc
    _check_types(table)
    exploded = frame.geometry.to_crs(SRID).reset_index(drop=True).explode(index_parts=False)
    return np.asarray(exploded.values, dtype=object), exploded.index.to_numpy(dtype=np.int64)


def _check_types(table: SourceTable) -> None:
    problems = []
    for i, geom in enumerate(table.frame.geometry.values):
        if geom is None or geom.is_empty:
            problems.append(Problem(table.name, table.where(i), "geometry", "geometry is empty"))
        elif geom.geom_type not in LINE_TYPES:
            msg = f"expected LineString or MultiLineString, got {geom.geom_type}"
            problems.append(Problem(table.name, table.where(i), "geometry", msg))
    if problems:
        raise LoadError(problems)


def _optional_column(table: SourceTable, names: tuple[str, ...]) -> list[str | None]:
    lower = {str(c).lower(): c for c in table.frame.columns}
    column = next((lower[n] for n in names if n in lower), None)
    if column is None:
        return [None] * len(table.frame)
    return [(str(v)[:40] or None) for v in table.frame[column]]


def _way_ids(table: SourceTable) -> list[int | None]:
    """OSM way ids when the file carries them (whole numbers only; other ids are not OSM's)."""
    problems: list[Problem] = []
    out: list[int | None] = []
    lower = {str(c).lower(): c for c in table.frame.columns}
    column = next((lower[n] for n in WAY_ID_COLUMNS if n in lower), None)
    for i, value in enumerate(table.frame[column] if column else [""] * len(table.frame)):
        text = str(value).strip()
        if not text:
            out.append(None)
        elif text.lstrip("-").isdigit():
            out.append(int(text))
        else:
            msg = f"not a whole number: {text!r}"
            problems.append(Problem(table.name, table.where(i), str(column), msg))
    if problems:
        raise LoadError(problems)
    return out


def _node_endpoints(
    lines: NDArray[np.object_], snap_m: float
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """A vertex index for every line start then every line end; vertices at cluster means.

    Endpoints closer than `snap_m` are linked and linked groups become one vertex (connected
    components), so chains of near-coincident endpoints also merge, as pgr_createTopology does.
    """
    ends = np.concatenate([
        shapely.get_coordinates(shapely.get_point(lines, 0)),
        shapely.get_coordinates(shapely.get_point(lines, -1)),
    ])  # fmt: skip
    pairs = cKDTree(ends).query_pairs(r=snap_m, output_type="ndarray")
    n = len(ends)
    graph = coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    # Number vertices in order of first appearance, so ids do not depend on scipy internals.
    _, first_seen, dense = np.unique(label, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_seen))
    vertex = order[dense].astype(np.int64)
    xy = np.zeros((len(first_seen), 2))
    np.add.at(xy, vertex, ends)
    xy /= np.bincount(vertex)[:, None]
    return vertex, xy


def _move_endpoints(lines: NDArray[np.object_], ends: NDArray[np.float64]) -> NDArray[np.object_]:
    """Put each line's first and last coordinate exactly on its vertex."""
    coords, index = shapely.get_coordinates(lines, return_index=True)
    n = len(lines)
    starts = np.searchsorted(index, np.arange(n))
    stops = np.searchsorted(index, np.arange(n), side="right") - 1
    coords[starts] = ends[:n]
    coords[stops] = ends[n:]
    return np.asarray(shapely.linestrings(coords, indices=index), dtype=object)
