"""Vector tiles: ``GET /tiles/{layer}/{z}/{x}/{y}.pbf``, public and cacheable by anyone.

The maps draw large layers from these tiles instead of embedding every feature. The tile rules
(which tiles exist, what they contain, their version) are in geodata/tiles.py; this route adds
HTTP caching: a validator from the map data version, ``If-None-Match`` -> 304 without building
the tile, and a year's ``immutable`` freshness when the page asked for the version that is
current (``v=``), else five minutes, so a changed layer shows within minutes at worst and a page
built after the change never sees an old tile. The version is read before the tile (and reused
for ``tile_version_ttl_s``, see geodata.tiles.VersionMemo), so an ETag never names data newer
than its bytes. A tile query runs under ``tile_timeout_s`` (then 503 + Retry-After), so one
heavy tile cannot hold a connection for long; the process's admission queue (app/capacity.py)
bounds how many wait. No hourly rate limit: it costs a database write per request, and a map
view asks for dozens of tiles at once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.params import AREA_KIND_ENUM, NulFree
from app.settings import Settings
from geodata.queries.tiles import LAYERS
from geodata.tiles import (
    MAX_ZOOM,
    VERSIONS,
    TileLimits,
    TileRequest,
    render_tile,
    tile_etag,
)

router = APIRouter(tags=["tiles"])
MVT = "application/vnd.mapbox-vector-tile"
SHORT = "public, max-age=300"
IMMUTABLE = "public, max-age=31536000, immutable"
MAX_INDEX = 2**MAX_ZOOM - 1
VERSION_MAX_LENGTH = 200

LayerPath = Annotated[
    str,
    Path(max_length=20, description="The layer.", json_schema_extra={"enum": list(LAYERS)}),
]
Zoom = Annotated[int, Path(ge=0, le=MAX_ZOOM, description=f"Zoom level (0-{MAX_ZOOM}).")]
TileX = Annotated[int, Path(ge=0, le=MAX_INDEX, description="Tile column (0 to 2^z-1).")]
TileY = Annotated[int, Path(ge=0, le=MAX_INDEX, description="Tile row (0 to 2^z-1).")]
KindQuery = Annotated[
    str | None,
    Query(max_length=40, description="Area kind (required for areas, only for areas).",
          json_schema_extra=AREA_KIND_ENUM),
    NulFree,
]  # fmt: skip
VersionQuery = Annotated[
    str | None,
    Query(max_length=VERSION_MAX_LENGTH,
          description="The map data version the page was built with (for year-long caching)."),
    NulFree,
]  # fmt: skip
CACHE_HEADERS = {
    "ETag": {"description": "Weak validator of the tile's data version.",
             "schema": {"type": "string"}},
    "Cache-Control": {"description": f"'{SHORT}', or '{IMMUTABLE}' when v= is current.",
                      "schema": {"type": "string"}},
}  # fmt: skip
TILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The tile (Mapbox Vector Tile; layer name = the URL layer).",
        "content": {MVT: {"schema": {"type": "string", "format": "binary"}}},
        "headers": CACHE_HEADERS,
    },
    204: {"description": "Empty tile: no feature of the layer lies in it.",
          "headers": CACHE_HEADERS},
    304: {"description": "Not Modified: the If-None-Match ETag is current.",
          "headers": CACHE_HEADERS},
}  # fmt: skip


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison against every tag in If-None-Match (or ``*``)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


def _time_limit(session: Session, timeout_s: float) -> None:
    """Cancel this transaction's statements after `timeout_s` (SET LOCAL: this request only)."""
    session.execute(
        text("SELECT set_config('statement_timeout', :ms, true)"),
        {"ms": str(max(1, int(timeout_s * 1000)))},
    )


@router.get(
    "/tiles/{layer}/{z}/{x}/{y}.pbf",
    response_class=Response,
    responses=TILE_RESPONSES,
    summary="A vector tile of a map layer",
)
def tile(
    request: Request,
    layer: LayerPath,
    z: Zoom,
    x: TileX,
    y: TileY,
    kind: KindQuery = None,
    v: VersionQuery = None,
    session: Session = DB_SESSION,
) -> Response:
    """One Mapbox Vector Tile of `layer` (areas need `kind`). Point layers below zoom 12 are
    aggregated per ~64 px cell with `point_count`; assets carry only id, title and category of
    approved assets. 204 when the tile is empty; ETag/If-None-Match; with `v=` equal to the
    current data version the answer is cacheable for a year."""
    settings = _settings(request)
    wanted = TileRequest(layer, z, x, y, kind).check()
    limits = TileLimits(settings.tile_max_features, settings.skill_generalisation_m)
    version = VERSIONS.get(session, request.app.state.database_url, settings.tile_version_ttl_s)
    headers = {
        "ETag": tile_etag(version, wanted, limits),
        "Cache-Control": IMMUTABLE if v == version else SHORT,
    }
    if _matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    _time_limit(session, settings.tile_timeout_s)
    data = render_tile(session, wanted, limits)
    if not data:
        return Response(status_code=204, headers=headers)
    return Response(data, media_type=MVT, headers=headers)
