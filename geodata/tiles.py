"""The vector-tile use case: which tiles exist, what version they are, and their bytes.

The web route (app/routes/tiles.py) only translates HTTP; the rules are here, so a CLI or a tile
seeder would serve the same tiles: a tile is addressed by layer, zoom 0-20 and x/y inside the
zoom's 2^z grid; areas need an area kind and no other layer takes one. A tile's version is the
map data version (geodata.queries.data_version over MAP_TABLES: layers, ranking profiles and
assets), so loading a layer, saving a profile or approving an asset changes every ETag at once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models import AREA_KINDS
from geodata.queries.data_version import MAP_TABLES, data_version
from geodata.queries.tiles import LAYERS, TileBounds, tile_bytes

MAX_ZOOM = 20
HALF_WORLD = 20037508.342789244  # Web Mercator: half the equator in metres
# Where stored data can lie (Web Mercator metres, about 10° W-35° E, 45°-72° N): the tile's
# part outside it is never transformed to EPSG:25832, where it would be far outside the zone.
SERVED_BOUNDS = (-1113194.9, 5621521.5, 3896182.2, 11753184.6)
TILE_FORMAT = "2"  # bump when the SQL changes what a tile contains, so cached ETags go stale


@dataclass(frozen=True)
class TileLimits:
    """Settings that change a tile's content: the feature cap and the skills' grid size."""

    max_features: int
    generalise_m: float


@dataclass(frozen=True)
class TileRequest:
    """One tile: a layer of LAYERS, a zoom and x/y in its grid, and the area kind of areas."""

    layer: str
    z: int
    x: int
    y: int
    kind: str | None = None

    def check(self) -> TileRequest:
        """Refuse tiles that cannot exist (404) and kinds that do not fit the layer (422)."""
        if self.layer not in LAYERS:
            raise NotFoundError(
                f"unknown tile layer {self.layer!r}; choose one of {', '.join(LAYERS)}",
                key="tiles.err.layer", allowed=", ".join(LAYERS),
            )  # fmt: skip
        side = 2**self.z if 0 <= self.z <= MAX_ZOOM else 0
        if not side or not (0 <= self.x < side and 0 <= self.y < side):
            raise NotFoundError(
                f"no tile {self.z}/{self.x}/{self.y}: zoom 0-{MAX_ZOOM}, x and y 0 to 2^z-1",
                key="tiles.err.tile", z=self.z, x=self.x, y=self.y, max_zoom=MAX_ZOOM,
            )  # fmt: skip
        self._check_kind()
        return self

    def _check_kind(self) -> None:
        if LAYERS[self.layer].kinded:
            if self.kind not in AREA_KINDS:
                raise GeodataError(
                    f"kind is required for areas, one of: {', '.join(AREA_KINDS)}",
                    key="tiles.err.kind", allowed=", ".join(AREA_KINDS),
                )  # fmt: skip
        elif self.kind is not None:
            raise GeodataError(
                f"kind applies only to the areas layer, not to {self.layer!r}",
                key="tiles.err.kind_only_areas", layer=self.layer,
            )  # fmt: skip

    def bounds(self) -> TileBounds:
        """The tile in Web Mercator metres (y grows south in tile numbers, north in metres).

        Each edge is computed from the integer index alone, so neighbouring tiles share exactly
        the same float for their common edge and half-open bounds partition the plane.
        """
        step = 2 * HALF_WORLD / 2**self.z
        x0, x1 = -HALF_WORLD + self.x * step, -HALF_WORLD + (self.x + 1) * step
        y0, y1 = HALF_WORLD - (self.y + 1) * step, HALF_WORLD - self.y * step
        sx0, sy0, sx1, sy1 = SERVED_BOUNDS
        clip = (max(x0, sx0), max(y0, sy0), min(x1, sx1), min(y1, sy1))
        return TileBounds(x0, y0, x1, y1, clip)

    def outside_served_bounds(self) -> bool:
        cx0, cy0, cx1, cy1 = self.bounds().clip
        return cx0 >= cx1 or cy0 >= cy1


def tile_version(session: Session) -> str:
    """The map data version a page puts in its tile URLs as ``v=`` (changes with any layer,
    ranking profile or asset row). It names ``TILE_FORMAT`` too, so a deploy that changes what
    a tile holds gives new URLs instead of a year of tiles cached ``immutable`` in the old form."""
    return f"f{TILE_FORMAT}-{data_version(session, MAP_TABLES)}"


class VersionMemo:
    """The map data version per database, read at most once per ``ttl_s`` in this process.

    Reading it sums a column over every asset row (15-35 ms at 50,000 assets, more than a whole
    z13 tile), and a map view asks for dozens of tiles at once. A version kept for a second or
    two is never newer than the data a tile is then built from (it is read first), so a client
    may keep newer bytes under an older ETag, never older bytes under a newer one: it asks
    again, and gets the change, ``ttl_s`` after it at the latest.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._seen: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, key: str, ttl_s: float) -> str:
        now = self.clock()
        with self._lock:
            seen = self._seen.get(key)
        if seen is not None and now - seen[0] < ttl_s:
            return seen[1]
        version = tile_version(session)
        with self._lock:
            self._seen[key] = (now, version)
        return version


VERSIONS = VersionMemo()


def tile_etag(version: str, request: TileRequest, limits: TileLimits) -> str:
    """The tile's ETag: the same version, tile and limits give the same features. Weak, since
    the same tile may go out gzip-compressed or not (app.main's GZipMiddleware)."""
    key = "|".join(
        str(part)
        for part in (
            TILE_FORMAT, version, request.layer, request.kind or "", request.z, request.x,
            request.y, limits.max_features, limits.generalise_m,
        )
    )  # fmt: skip
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def render_tile(session: Session, request: TileRequest, limits: TileLimits) -> bytes:
    """The tile's MVT bytes; empty (b"") when nothing of the layer lies in it."""
    request.check()
    if request.outside_served_bounds():
        return b""
    return tile_bytes(
        session,
        request.layer,
        request.z,
        request.bounds(),
        cap=limits.max_features,
        kind=request.kind,
        generalise_m=limits.generalise_m,
    )
