"""The walking network: load it (OpenStreetMap or a line file) and describe what is loaded.

Venue finding asks "who can walk here within 15 minutes?", and straight lines overstate reach
wherever a railway, a fjord arm or a fenced estate is in the way. The loaders here turn OSM or a
municipal path file into a pgRouting graph in PostGIS, all-or-nothing in the caller's transaction
and idempotent: loading the same file again changes nothing.

Networks are not checked against the Denmark extent (test extracts come from elsewhere); the
cost queries simply find no network near Danish venues and fall back to straight lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import RowMapping, text
from sqlalchemy.orm import Session

from geodata.loaders.report import LoadReport
from geodata.loaders.writer import LayerMeta
from geodata.network_file import read_line_edges
from geodata.network_osm import read_osm_edges
from geodata.network_store import NETWORK_KIND, EdgeSet, delete_network, store_network

__all__ = [
    "NETWORK_KIND",
    "NetworkInfo",
    "delete_network",
    "load_network_file",
    "load_osm_network",
    "network_info",
]

Progress = Callable[[str, int | None], Callable[[], None]]
OSM_LICENCE = "ODbL 1.0 (Open Database License)"
OSM_CREDIT = "© OpenStreetMap contributors"
OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".o5m")


@dataclass(frozen=True)
class NetworkInfo:
    """One loaded network layer: its size, total length and extent (EPSG:25832)."""

    layer: str
    source: str
    licence: str
    synthetic: bool
    edges: int
    vertices: int
    length_km: float
    bounds: tuple[float, float, float, float] | None

    def summary(self) -> str:
        return (
            f"{self.layer}: {self.edges} edges, {self.vertices} vertices, "
            f"{self.length_km:.1f} km of walkable ways from {self.source} ({self.licence})"
        )


def is_osm_file(path: Path) -> bool:
    return str(path).lower().endswith(OSM_SUFFIXES)


def default_layer_name(path: Path) -> str:
    """`aalborg-latest.osm.pbf` → `aalborg-latest`: the file name without its suffixes."""
    return Path(path).name.split(".")[0] or Path(path).name


def load_osm_network(
    session: Session,
    path: Path,
    layer: str | None = None,
    *,
    licence: str = OSM_LICENCE,
    credit: str = OSM_CREDIT,
    synthetic: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the walkable ways of an OSM extract as network layer `layer` (default: file name)."""
    path = Path(path)
    tick = progress("reading ways", None) if progress else None
    edges = read_osm_edges(path, tick)
    meta = LayerMeta(layer or default_layer_name(path), NETWORK_KIND, path.name, licence, credit,
                     synthetic)  # fmt: skip
    return _store(session, path, meta, edges, progress)


def load_network_file(
    session: Session,
    path: Path,
    layer: str | None = None,
    *,
    crs: str | None = None,
    snap_m: float = 0.5,
    licence: str = "unknown",
    credit: str | None = None,
    synthetic: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load a GeoPackage/GeoJSON/Shapefile of LineStrings, noding endpoints within `snap_m`."""
    path = Path(path)
    edges = read_line_edges(path, layer, crs, snap_m)
    meta = LayerMeta(layer or default_layer_name(path), NETWORK_KIND, path.name, licence, credit,
                     synthetic)  # fmt: skip
    return _store(session, path, meta, edges, progress)


def _store(
    session: Session, path: Path, meta: LayerMeta, edges: EdgeSet, progress: Progress | None
) -> LoadReport:
    tick = progress("writing edges", len(edges)) if progress else None
    _, counts = store_network(session, meta, edges, tick)
    notes = [f"{len(edges.vertex_id)} vertices", f"{edges.lengths.sum() / 1000:.1f} km",
             *edges.notes]  # fmt: skip
    return LoadReport(NETWORK_KIND, path, meta.name, len(edges), counts, notes=notes)


def network_info(session: Session, layers: Sequence[str] | None = None) -> list[NetworkInfo]:
    """Every network layer (or the named ones) with edge/vertex counts, length and extent."""
    rows = session.execute(
        text(
            "SELECT l.name, l.source, l.licence, l.synthetic, e.edges, e.length_m, v.vertices, "
            "  ST_XMin(v.box) AS xmin, ST_YMin(v.box) AS ymin, "
            "  ST_XMax(v.box) AS xmax, ST_YMax(v.box) AS ymax "
            "FROM layers l "
            "CROSS JOIN LATERAL (SELECT count(*) AS edges, coalesce(sum(cost_m), 0) AS length_m "
            "  FROM network_edges WHERE layer_id = l.id) e "
            "CROSS JOIN LATERAL (SELECT count(*) AS vertices, ST_Extent(geom) AS box "
            "  FROM network_vertices WHERE layer_id = l.id) v "
            "WHERE l.kind = :kind "
            "AND (CAST(:names AS text[]) IS NULL OR l.name = ANY(CAST(:names AS text[]))) "
            "ORDER BY l.name"
        ),
        {"kind": NETWORK_KIND, "names": list(layers) if layers is not None else None},
    ).mappings()
    return [_info(row) for row in rows]


def _info(row: RowMapping) -> NetworkInfo:
    box = (row["xmin"], row["ymin"], row["xmax"], row["ymax"])
    return NetworkInfo(
        layer=row["name"],
        source=row["source"],
        licence=row["licence"],
        synthetic=bool(row["synthetic"]),
        edges=int(row["edges"]),
        vertices=int(row["vertices"]),
        length_km=float(row["length_m"]) / 1000,
        bounds=None if box[0] is None else tuple(float(b) for b in box),  # type: ignore[arg-type]
    )
