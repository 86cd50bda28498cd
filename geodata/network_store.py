"""Store a built walking network: COPY into a stage, compare, replace the layer only if different.

A network is one indivisible graph, so unlike feature layers it is never merged row by row: the
layer's edges and vertices are replaced as a whole inside the caller's transaction. Comparing the
stage with the stored layer first is what makes re-loading the same file change nothing at all
(no new edge ids, no new `loaded_at`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely
from numpy.typing import NDArray
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import NotFoundError
from geodata.loaders.writer import LayerMeta, WriteCounts, ensure_layer, execute_count, finish_layer
from geodata.loaders.writer import layer_meta_changed as _meta_changed
from geodata.models import SRID
from geodata.sqlnames import quote_ident, quote_list

NETWORK_KIND = "network"
EDGE_COLUMNS = ("source", "target", "cost_m", "reverse_cost_m", "osm_way_id", "highway", "geom")
VERTEX_COLUMNS = ("id", "geom")
Tick = Callable[[], None]


@dataclass
class EdgeSet:
    """A noded walking graph in EPSG:25832, ready to store: one entry per edge and per vertex."""

    source: NDArray[np.int64]
    target: NDArray[np.int64]
    geoms: NDArray[np.object_]  # shapely LineStrings
    osm_way_id: list[int | None]
    highway: list[str | None]
    vertex_id: NDArray[np.int64]
    vertex_xy: NDArray[np.float64]
    notes: list[str] = field(default_factory=list)

    @property
    def lengths(self) -> NDArray[np.float64]:
        return np.asarray(shapely.length(self.geoms), dtype=np.float64)

    def __len__(self) -> int:
        return len(self.source)


def vertices_from_endpoints(
    source: NDArray[np.int64], target: NDArray[np.int64], geoms: NDArray[np.object_]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Vertex ids and coordinates taken from the edges' first and last points (vectorised)."""
    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    last = shapely.get_coordinates(shapely.get_point(geoms, -1))
    ids = np.concatenate([source, target])
    xy = np.concatenate([first, last])
    unique, index = np.unique(ids, return_index=True)
    return unique.astype(np.int64), xy[index]


def store_network(
    session: Session, meta: LayerMeta, edges: EdgeSet, tick: Tick | None = None
) -> tuple[int, WriteCounts]:
    """Write `edges` as layer `meta.name`; returns (layer id, counts). Unchanged → no writes."""
    layer_id, created = ensure_layer(session, meta)
    _stage(session, edges, tick)
    before = _count(session, layer_id)
    same = not created and _same_as_stored(session, layer_id, before)
    if same:
        counts = WriteCounts(unchanged=len(edges))
    else:
        _replace(session, layer_id)
        counts = WriteCounts(inserted=len(edges), deleted=before)
    if created or not same or _meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, "network_edges")
    return layer_id, counts


def _stage(session: Session, edges: EdgeSet, tick: Tick | None) -> None:
    """COPY the graph into two temporary tables shaped like the real ones."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    edge_wkb = shapely.to_wkb(shapely.set_srid(edges.geoms, SRID), hex=True, include_srid=True)
    vertex_wkb = shapely.to_wkb(
        shapely.set_srid(shapely.points(edges.vertex_xy), SRID), hex=True, include_srid=True
    )
    lengths = edges.lengths
    with raw.cursor() as cur:
        for stage, table, cols in (
            ("_net_edges", "network_edges", EDGE_COLUMNS),
            ("_net_vertices", "network_vertices", VERTEX_COLUMNS),
        ):
            stage_q, table_q = quote_ident(session, stage), quote_ident(session, table)
            cur.execute(f"DROP TABLE IF EXISTS {stage_q}")
            cur.execute(
                f"CREATE TEMP TABLE {stage_q} ON COMMIT DROP AS "  # noqa: S608 -- quoted names
                f"SELECT {quote_list(session, cols)} FROM {table_q} LIMIT 0"
            )
        vertex_cols = quote_list(session, VERTEX_COLUMNS)
        with cur.copy(f"COPY _net_vertices ({vertex_cols}) FROM STDIN") as copy:
            for vid, wkb in zip(edges.vertex_id.tolist(), vertex_wkb, strict=True):
                copy.write_row((vid, wkb))
        with cur.copy(f"COPY _net_edges ({quote_list(session, EDGE_COLUMNS)}) FROM STDIN") as copy:
            rows = zip(
                edges.source.tolist(), edges.target.tolist(), lengths.tolist(),
                edges.osm_way_id, edges.highway, edge_wkb, strict=True,
            )  # fmt: skip
            for s, t, length, way, hw, wkb in rows:
                copy.write_row((s, t, length, length, way, hw, wkb))
                if tick:
                    tick()


def _count(session: Session, layer_id: int) -> int:
    sql = "SELECT count(*) FROM network_edges WHERE layer_id = :lid"
    return int(session.execute(text(sql), {"lid": layer_id}).scalar_one())


def _same_as_stored(session: Session, layer_id: int, stored_edges: int) -> bool:
    """Equal multisets of edges and of vertices (geometries compared as exact EWKB)."""
    edge_cols = "source, target, cost_m, reverse_cost_m, osm_way_id, highway, ST_AsEWKB(geom)"
    vertex_cols = "id, ST_AsEWKB(geom)"
    sql = (
        "SELECT (SELECT count(*) FROM _net_edges) = :n_edges "  # noqa: S608 -- fixed column lists
        "AND (SELECT count(*) FROM _net_vertices) = "
        "    (SELECT count(*) FROM network_vertices WHERE layer_id = :lid) "
        f"AND NOT EXISTS (SELECT {edge_cols} FROM _net_edges EXCEPT ALL "
        f"    SELECT {edge_cols} FROM network_edges WHERE layer_id = :lid) "
        f"AND NOT EXISTS (SELECT {vertex_cols} FROM _net_vertices EXCEPT ALL "
        f"    SELECT {vertex_cols} FROM network_vertices WHERE layer_id = :lid)"
    )
    params = {"lid": layer_id, "n_edges": stored_edges}
    return bool(session.execute(text(sql), params).scalar_one())


def _replace(session: Session, layer_id: int) -> None:
    """Swap the layer's graph for the staged one (the caller's transaction makes it atomic)."""
    params = {"lid": layer_id}
    session.execute(text("DELETE FROM network_edges WHERE layer_id = :lid"), params)
    session.execute(text("DELETE FROM network_vertices WHERE layer_id = :lid"), params)
    session.execute(
        text("INSERT INTO network_vertices (layer_id, id, geom) SELECT :lid, id, geom "
             "FROM _net_vertices"), params,
    )  # fmt: skip
    cols = quote_list(session, EDGE_COLUMNS)
    session.execute(
        text(f"INSERT INTO network_edges (layer_id, {cols}) SELECT :lid, {cols} FROM _net_edges"),  # noqa: S608 -- quoted names
        params,
    )


def delete_network(session: Session, name: str) -> int:
    """Remove a network layer with its graph; returns how many edges went."""
    row = session.execute(
        text("SELECT id FROM layers WHERE name = :n AND kind = :k"), {"n": name, "k": NETWORK_KIND}
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no network layer named '{name}'")
    removed = execute_count(
        session, "DELETE FROM network_edges WHERE layer_id = :id", {"id": row.id}
    )
    session.execute(text("DELETE FROM network_vertices WHERE layer_id = :id"), {"id": row.id})
    session.execute(text("DELETE FROM layers WHERE id = :id"), {"id": row.id})
    return removed
