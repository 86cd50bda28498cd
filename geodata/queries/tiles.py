"""Mapbox Vector Tiles made by PostGIS: one ST_AsMVT query per layer and zoom.

Every query has the same shape, so what a tile may contain is decided in one place:
- the bounding-box test is on the stored geometry in EPSG:25832 (``geom && <tile in 25832>``),
  so the GiST index of each table answers it; the tile's envelope is segmentised before it is
  transformed, so its curved edges in UTM are kept inside the box;
- polygons are simplified in EPSG:25832 by about one pixel of the 4096 extent, then clipped and
  quantised by ST_AsMVTGeom (64-unit buffer, so strokes join across tile edges);
- point layers below ``CLUSTER_BELOW_ZOOM`` become one feature per ~64 px cell of the tile with
  ``point_count`` (and the id of one member): a point is counted in exactly one tile and one cell
  (half-open bounds), so the counts of all tiles of a zoom add up to the points;
- at most ``cap`` features per tile (a setting handed in by the caller), so no tile is unbounded;
- assets: only the public status and the public fields, personal assets snapped to their
  generalised cell by the same SQL as every other public read (assets_public.PUBLIC_GEOM).

Names go into the SQL quoted by mechanism (geodata.sqlnames); every value is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.models_assets import PUBLIC_STATUS
from geodata.queries.assets_public import PUBLIC_GEOM, generalisation
from geodata.sqlnames import quote_ident

EXTENT = 4096  # MVT coordinate units per tile side
BUFFER = 64  # units kept beyond the tile edge
CLUSTER_BELOW_ZOOM = 12  # point layers are aggregated below this zoom
CLUSTER_CELLS = 4  # cells per tile side when aggregating: 256 px tiles / ~64 px cells
# A 4096-unit pixel in ground metres near 56° N (Web Mercator metres are ~1.8x ground metres).
GROUND_PER_MERCATOR = 0.56


@dataclass(frozen=True)
class TileLayer:
    """What one URL layer serves: its table, public columns and how its rows are read.

    ``columns`` are the MVT properties besides ``id`` (always) and are the only columns read,
    so nothing else of a row can reach a tile. ``summed`` columns are added up when points are
    aggregated; the others are kept only when a cell holds a single point.
    """

    table: str
    columns: tuple[str, ...]
    points: bool
    summed: tuple[str, ...] = ()
    status: str | None = None  # only rows with this status (assets)
    kinded: bool = False  # areas: one kind per tile request
    generalised: bool = False  # personal assets snapped to their public cell
    counts: tuple[str, ...] = ()  # resident counts: served only as PUBLIC_COUNT shows them


LAYERS: dict[str, TileLayer] = {
    "areas": TileLayer("areas", ("code", "name", "kind"), points=False, kinded=True),
    "estates": TileLayer("estates", ("name", "boligorganisation"), points=False),
    "venues": TileLayer("venues", ("name", "type"), points=True),
    "associations": TileLayer("associations", ("name",), points=True),
    "pois": TileLayer("pois", ("name", "category"), points=True),
    "assets": TileLayer(
        "assets", ("title", "category"), points=True, status=PUBLIC_STATUS, generalised=True
    ),
    "population": TileLayer(
        "population_cells",
        ("residents",),
        points=True,
        summed=("residents",),
        counts=("residents",),
    ),
}
# A resident count as anyone may see it, the venue finder's public rule
# (usecases.venue_export.public_total, which geodata cannot import): 0 stays 0, 1-4 is left
# out (NULL: no property), the rest rounded to 5. Exact per-cell counts are for staff only;
# a public tile with them would undo the suppression of every public venue answer.
SMALL_COUNT = 5
ROUND_TO = 5
PUBLIC_COUNT = (
    "(CASE WHEN {v} = 0 THEN 0 WHEN {v} >= " + str(SMALL_COUNT) + " THEN "
    "(round({v} / " + f"{ROUND_TO:.1f}" + ") * " + str(ROUND_TO) + ")::bigint END)"
)


@dataclass(frozen=True)
class TileBounds:
    """A tile in Web Mercator metres, and the part of it where stored data can lie."""

    x0: float
    y0: float
    x1: float
    y1: float
    clip: tuple[float, float, float, float]  # the tile intersected with SERVED_BOUNDS

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def _columns(session: Session, layer: TileLayer, alias: str) -> list[str]:
    return [f"{alias}.{quote_ident(session, c)}" for c in ("id", *layer.columns)]


def _public_columns(session: Session, layer: TileLayer, alias: str) -> list[str]:
    """`_columns` with the layer's resident counts made public (PUBLIC_COUNT)."""
    out = []
    for column in ("id", *layer.columns):
        name = quote_ident(session, column)
        read = f"{alias}.{name}"
        out.append(f"{PUBLIC_COUNT.format(v=read)} AS {name}" if column in layer.counts else read)
    return out


def _source(session: Session, layer: TileLayer) -> tuple[str, str, list[str]]:
    """(FROM ... WHERE ..., served geometry, selected columns) of the rows inside the tile.

    The index test is on the stored geometry; for generalised assets it is widened by one cell,
    so every asset whose public point lies in the tile is found, then the public point is tested.
    """
    table = quote_ident(session, layer.table)
    env = "(SELECT e FROM env)"
    where = ["a.geom && " + env]
    geom = "a.geom"
    if layer.generalised:
        geom = "s.geom"
        table += " a CROSS JOIN LATERAL (SELECT " + PUBLIC_GEOM + " AS geom) s"
        where = ["a.geom && ST_Expand(" + env + ", :g)", "s.geom && " + env]
    else:
        table += " a"
    if layer.status is not None:
        where.append("a.status = :status")
    if layer.kinded:
        where.append("a.kind = :kind")
    return f"FROM {table} WHERE {' AND '.join(where)}", geom, _columns(session, layer, "a")


ENV_CTE = (
    "WITH env AS MATERIALIZED (SELECT ST_Transform(ST_Segmentize("
    "ST_MakeEnvelope(:cx0, :cy0, :cx1, :cy1, 3857), :seg), 25832) AS e) "
)
MVT_GEOM = "ST_AsMVTGeom({g}, ST_MakeEnvelope(:tx0, :ty0, :tx1, :ty1, 3857), :extent, :buffer)"
MVT = "SELECT ST_AsMVT(f, :layer, :extent, 'geom', 'fid') FROM ({rows}) f"
KEPT = "SELECT * FROM ({rows}) r WHERE r.geom IS NOT NULL LIMIT :cap"


def _features_sql(session: Session, layer: TileLayer) -> str:
    """Every row in the tile as its own feature (polygons simplified), at most :cap of them."""
    source, geom, _cols = _source(session, layer)
    cols = _public_columns(session, layer, "a")
    if not layer.points:
        geom = f"ST_SimplifyPreserveTopology({geom}, :tol)"
    mvt_geom = MVT_GEOM.format(g=f"ST_Transform({geom}, 3857)")
    rows = f"SELECT a.id AS fid, {', '.join(cols)}, {mvt_geom} AS geom {source}"
    kept = KEPT.format(rows=rows)  # the cap counts only features that are in the tile
    return ENV_CTE + MVT.format(rows=kept)


def _clustered_sql(session: Session, layer: TileLayer) -> str:
    """One feature per cell of the tile with ``point_count``, for low zooms.

    Points are taken only inside the tile's half-open bounds, so a point on a tile edge is
    counted once over all tiles of the zoom.
    """
    source, geom, cols = _source(session, layer)
    point = f"ST_Transform(ST_PointOnSurface({geom}), 3857) AS pt"
    inner = f"SELECT {', '.join(cols)}, {point} {source}"
    props = ["min(p.id) AS fid", "min(p.id) AS id", "count(*)::int AS point_count"]
    for column in layer.columns:
        name = quote_ident(session, column)
        if column in layer.summed:
            total = f"sum(p.{name})::bigint"
            shown = PUBLIC_COUNT.format(v=total) if column in layer.counts else total
            props.append(f"{shown} AS {name}")
        else:
            props.append(f"CASE WHEN count(*) = 1 THEN min(p.{name}) END AS {name}")
    mvt_geom = MVT_GEOM.format(g="ST_Centroid(ST_Collect(p.pt))")
    rows = (
        f"SELECT {', '.join(props)}, {mvt_geom} AS geom FROM pts p "  # noqa: S608 -- quoted names, fixed fragments
        "WHERE ST_X(p.pt) >= :tx0 AND ST_X(p.pt) < :tx1 "
        "AND ST_Y(p.pt) >= :ty0 AND ST_Y(p.pt) < :ty1 "
        "GROUP BY floor((ST_X(p.pt) - :tx0) / :cell), floor((ST_Y(p.pt) - :ty0) / :cell) "
        "LIMIT :cap"
    )
    # MATERIALIZED: each point is transformed once; inlined, the planner would repeat the
    # transform in every test and grouping key (measured: 7x slower at 30,000 points).
    return ENV_CTE + f", pts AS MATERIALIZED ({inner}) " + MVT.format(rows=rows)


def tile_sql(session: Session, name: str, z: int) -> str:
    """The SQL text of layer ``name`` at zoom ``z`` (aggregated points below the cluster zoom)."""
    layer = LAYERS[name]
    if layer.points and z < CLUSTER_BELOW_ZOOM:
        return _clustered_sql(session, layer)
    return _features_sql(session, layer)


def tile_params(
    name: str, bounds: TileBounds, cap: int, kind: str | None, generalise_m: float
) -> dict[str, object]:
    """The bound values of :func:`tile_sql` for one tile."""
    cx0, cy0, cx1, cy1 = bounds.clip
    params: dict[str, object] = {
        "layer": name, "extent": EXTENT, "buffer": BUFFER, "cap": int(cap),
        "tx0": bounds.x0, "ty0": bounds.y0, "tx1": bounds.x1, "ty1": bounds.y1,
        "cx0": cx0, "cy0": cy0, "cx1": cx1, "cy1": cy1,
        "seg": bounds.width / 16, "tol": bounds.width / EXTENT * GROUND_PER_MERCATOR,
        "cell": bounds.width / CLUSTER_CELLS,
    }  # fmt: skip
    layer = LAYERS[name]
    if layer.status is not None:
        params["status"] = layer.status
    if layer.kinded:
        params["kind"] = kind
    if layer.generalised:
        params["g"] = generalisation(generalise_m)
    return params


def tile_bytes(
    session: Session,
    name: str,
    z: int,
    bounds: TileBounds,
    cap: int,
    kind: str | None = None,
    generalise_m: float = 250.0,
) -> bytes:
    """The tile as MVT bytes; empty when no feature of the layer lies in it."""
    sql = tile_sql(session, name, z)
    params = tile_params(name, bounds, cap, kind, generalise_m)
    data = session.execute(text(sql), params).scalar_one()
    return bytes(data or b"")
