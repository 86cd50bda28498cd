"""Tile providers as a setting: a folium name, or an XYZ/WMTS URL template with its attribution.

Leaflet fills `{z}`, `{x}` and `{y}` anywhere in a URL, the query string included, so a WMTS
service in a Web Mercator tile matrix set is used through its KVP GetTile URL
(`...&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`) like any XYZ service. `{token}` is filled from a
separate secret setting so the token is not part of the configured template; the template and
the credit travel together as a `TileSource`, which is a plain string everywhere else (cache
keys, the CSP's img-src), and its repr hides the token.
"""

from __future__ import annotations

TOKEN = "{token}"  # noqa: S105 -- the placeholder, not a secret


class TileSource(str):
    """A tile URL template (token filled in) that carries its attribution for Leaflet."""

    attribution: str | None
    _token: str | None

    def __new__(cls, url: str, attribution: str | None = None, token: str | None = None):  # type: ignore[no-untyped-def]
        filled = url.replace(TOKEN, token) if token else url
        obj = super().__new__(cls, filled)
        obj.attribution = attribution
        obj._token = token
        return obj

    def __repr__(self) -> str:
        shown = str.__str__(self)
        if self._token:
            shown = shown.replace(self._token, "***")
        return f"TileSource({shown!r})"


def is_template(tiles: str) -> bool:
    """A URL template rather than one of folium's provider names."""
    return "://" in tiles


def tile_source(tiles: str, attribution: str | None, token: str | None) -> str | None:
    """What map builders get: None for 'none', a name as is, a URL template as a TileSource.

    Raises ValueError (at settings time) when a template lacks its credit or its token, so a
    misconfigured server refuses to start instead of drawing maps without attribution.
    """
    if tiles.strip().lower() == "none":
        return None
    if not is_template(tiles):
        return tiles
    if not (attribution or "").strip():
        raise ValueError("tiles_attribution is required when tiles is a URL template")
    if TOKEN in tiles and not token:
        raise ValueError("tiles contains {token}: set tiles_token (KVARTERKORT_TILES_TOKEN)")
    return TileSource(tiles, attribution, token)
