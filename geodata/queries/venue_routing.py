"""Walking distances on the stored network with pgRouting, set-based in one SQL round trip each.

Points are snapped to the nearest *edge* (KNN `<->`), not the nearest vertex: OSM ways are only
cut at junctions, so the nearest vertex of a long street can be hundreds of metres away while
the street itself passes the front door. A snapped point reaches the graph through either end of
its edge (offset = snap distance + the part of the edge walked), and two points on the same edge
can also walk straight along it.

Distances run from candidates to demand points (there are fewer candidates), with one multi-
source `pgr_drivingDistance` call limited to the cutoff, on the edges inside the candidates'
bounding box grown by the cutoff. The walking graph is undirected: pedestrians may walk both
ways along one-way streets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models import SRID
from geodata.network_store import NETWORK_KIND

# Costs equal to the cutoff count as reachable; this absorbs float noise in summed offsets.
TOLERANCE_M = 1e-6
SNAP_TIE_M = 0.01
KNN_EDGES = 8
SNAP_ROLES = ("d", "c")  # CTE names (and parameter prefixes) for demand and candidates


@dataclass(frozen=True)
class NetworkLayer:
    id: int
    name: str


def find_network(
    session: Session, xy: np.ndarray, name: str | None = None, margin_m: float = 0.0
) -> NetworkLayer | None:
    """The named network layer, or the one with most edges around the points (None if none)."""
    if name is not None:
        row = session.execute(
            text("SELECT id, name FROM layers WHERE name = :n AND kind = :k"),
            {"n": name, "k": NETWORK_KIND},
        ).one_or_none()
        if row is None:
            raise NotFoundError(
                f"no network layer named '{name}'; see `kvarterkort network info`",
                key="venues.err.unknown_network",
                name=name[:120],
            )
        return NetworkLayer(int(row.id), str(row.name))
    if len(xy) == 0:
        return None
    (x0, y0), (x1, y1) = xy.min(axis=0) - margin_m, xy.max(axis=0) + margin_m
    row = session.execute(
        text(
            "SELECT l.id, l.name FROM network_edges e JOIN layers l ON l.id = e.layer_id "
            "WHERE e.geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, :srid) "
            "GROUP BY l.id, l.name ORDER BY count(*) DESC, l.name LIMIT 1"
        ),
        {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "srid": SRID},
    ).one_or_none()
    return None if row is None else NetworkLayer(int(row.id), str(row.name))


def snap_cte(role: str) -> str:
    """CTE `<role>`: each point of the `<role>_ids/_xs/_ys` parameters on its nearest edge(s).

    A point equally near several edges (within SNAP_TIE_M, e.g. the middle of a block) keeps
    them all, so the result does not depend on how the index breaks ties; later steps take the
    cheapest. Only the KNN_EDGES nearest edges are looked at. Plain CTEs rather than temporary
    tables keep the queries free of DDL, so they also run in read-only transactions.
    """
    assert role in SNAP_ROLES
    return (
        f"{role} AS MATERIALIZED (SELECT p.id, k.id AS edge, k.source, k.target, "  # noqa: S608 -- role is one of SNAP_ROLES (asserted)
        "  k.cost_m AS len, k.d AS snap, ST_LineLocatePoint(k.geom, p.geom) AS frac "
        "FROM (SELECT t.id, ST_SetSRID(ST_MakePoint(t.x, t.y), :srid) AS geom FROM unnest("
        f"  CAST(:{role}_ids AS text[]), CAST(:{role}_xs AS float8[]), "
        f"  CAST(:{role}_ys AS float8[])) AS t(id, x, y)) p "
        "CROSS JOIN LATERAL (SELECT *, min(n.d) OVER () AS nearest FROM ("
        "  SELECT id, source, target, cost_m, geom, ST_Distance(geom, p.geom) AS d "
        "  FROM network_edges WHERE layer_id = :lid ORDER BY geom <-> p.geom LIMIT :knn"
        ") n) k WHERE k.d <= k.nearest + :tie)"
    )


def ends_cte(role: str) -> str:
    """CTE `<role>_end`: both ends of each snapped edge, with the walk from the point to them."""
    assert role in SNAP_ROLES
    return (
        f"{role}_end AS (SELECT id, source AS vid, snap + frac * len AS off FROM {role} "  # noqa: S608 -- role is one of SNAP_ROLES (asserted)
        f"UNION ALL SELECT id, target, snap + (1 - frac) * len FROM {role})"
    )


def snap_params(role: str, ids: list[str], xy: np.ndarray) -> dict[str, object]:
    return {
        f"{role}_ids": ids, f"{role}_xs": xy[:, 0].tolist(), f"{role}_ys": xy[:, 1].tolist(),
        "knn": KNN_EDGES, "tie": SNAP_TIE_M, "srid": SRID,
    }  # fmt: skip


def count_far(session: Session, layer_id: int, xy: np.ndarray, far_m: float) -> int:
    """How many points have no edge of the layer within `far_m` (index-assisted)."""
    sql = (
        "SELECT count(*) FROM unnest(CAST(:xs AS float8[]), CAST(:ys AS float8[])) AS t(x, y) "
        "WHERE NOT EXISTS (SELECT 1 FROM network_edges e WHERE e.layer_id = :lid "
        "AND ST_DWithin(e.geom, ST_SetSRID(ST_MakePoint(t.x, t.y), :srid), :far))"
    )
    params = {"xs": xy[:, 0].tolist(), "ys": xy[:, 1].tolist(), "lid": layer_id, "srid": SRID,
              "far": far_m}  # fmt: skip
    return int(session.execute(text(sql), params).scalar_one())


def tune_for_routing(session: Session) -> None:
    """Settings for the rest of this transaction that suit one big routing query.

    The KNN index scans look expensive to the planner, which then spends more time JIT-compiling
    than running (over a second on a city); and the pairs join sorts more than the default 4 MB.
    """
    session.execute(text("SET LOCAL jit = off"))
    session.execute(text("SET LOCAL work_mem = '64MB'"))


def start_column(session: Session) -> str:
    """pgr_drivingDistance names its start column from_v before pgRouting 3.6, start_vid after."""
    version = str(session.execute(text("SELECT pgr_version()")).scalar_one())
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError as exc:
        raise GeodataError(f"unrecognised pgRouting version {version!r}") from exc
    return "start_vid" if (major, minor) >= (3, 6) else "from_v"


def driving_distance_sql(start: str) -> str:
    """FROM-clause fragment: nodes reached from the vertices in `starts` within :cutoff metres.

    The edge query is built server-side with format() from numbers only, so no value from
    Python is ever spliced into SQL text; `start` comes from start_column()'s fixed choice.
    """
    assert start in ("from_v", "start_vid")
    return (
        "(SELECT dd." + start + " AS start, dd.node, dd.agg_cost "  # noqa: S608 -- fixed fragments
        "FROM box CROSS JOIN LATERAL pgr_drivingDistance("
        "  format('SELECT id, source, target, cost_m AS cost, reverse_cost_m AS reverse_cost "
        "    FROM network_edges WHERE layer_id = %s "
        "    AND geom && ST_MakeEnvelope(%s, %s, %s, %s, %s)', "
        "    :lid, ST_XMin(box.b), ST_YMin(box.b), ST_XMax(box.b), ST_YMax(box.b), :srid), "
        "  (SELECT array_agg(DISTINCT vid) FROM starts), CAST(:cutoff AS float8), "
        "  directed := false, equicost := false) dd)"
    )


def network_distances(
    session: Session,
    layer_id: int,
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    cutoff_m: float,
) -> pd.DataFrame:
    """Long table demand_id, candidate_id, distance_m of every pair within `cutoff_m`."""
    sql = (
        f"WITH {snap_cte('d')}, {snap_cte('c')}, {ends_cte('d')}, {ends_cte('c')}, "  # noqa: S608 -- fixed CTE fragments
        "starts AS (SELECT DISTINCT vid FROM c_end), "
        "box AS (SELECT ST_Expand(ST_Extent(v.geom)::geometry, :cutoff) AS b "
        "  FROM network_vertices v JOIN starts s ON v.layer_id = :lid AND v.id = s.vid), "
        f"reach AS {driving_distance_sql(start_column(session))}, "
        "pairs AS ("
        "  SELECT de.id AS did, ce.id AS cid, ce.off + r.agg_cost + de.off AS cost "
        "  FROM c_end ce JOIN reach r ON r.start = ce.vid JOIN d_end de ON de.vid = r.node "
        "  UNION ALL "
        "  SELECT d.id, c.id, d.snap + abs(d.frac - c.frac) * d.len + c.snap "
        "  FROM d JOIN c ON c.edge = d.edge) "
        "SELECT did AS demand_id, cid AS candidate_id, min(cost) AS distance_m FROM pairs "
        "GROUP BY did, cid HAVING min(cost) <= :limit"
    )
    params = {
        **snap_params("d", _ids(demand, "demand_id"), _xy(demand)),
        **snap_params("c", _ids(candidates, "candidate_id"), _xy(candidates)),
        "lid": layer_id, "cutoff": cutoff_m, "limit": cutoff_m + TOLERANCE_M,
    }  # fmt: skip
    tune_for_routing(session)
    rows = session.execute(text(sql), params).all()
    return pd.DataFrame(rows, columns=["demand_id", "candidate_id", "distance_m"]).astype(
        {"demand_id": str, "candidate_id": str, "distance_m": float}
    )


def _ids(frame: pd.DataFrame, column: str) -> list[str]:
    return [str(v) for v in frame[column]]


def _xy(frame: pd.DataFrame) -> np.ndarray:
    return frame[["x", "y"]].to_numpy(dtype=np.float64)
