"""Security headers on every response, set in one place.

The Content-Security-Policy is shaped by the Folium maps: their documents are built from inline
scripts and styles (so 'unsafe-inline' for both; user text is always escaped by the templates and
the map builders), load Leaflet and its plugins from /static/vendor, draw markers from data: and
blob: URLs and fetch tiles from the configured tile server only. Nothing is loaded from a CDN.

Every page may be framed by this site only, except the public embeddable asset map, which the
municipality's and associations' sites show in an iframe (KVARTERKORT_EMBED_ORIGINS).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings

EMBED_PATHS = frozenset({"/assets/embed"})
# Pages whose content depends on who is logged in at the same address (staff exact, public
# suppressed): no shared cache may keep them, and no browser may keep a staff copy on disk.
PRIVATE_PREFIXES = ("/activities", "/api/activities")
PRIVATE = {"Cache-Control": "private, no-store"}
BASE_POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'unsafe-inline'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("frame-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("form-action", "'self'"),
    ("base-uri", "'self'"),
    ("object-src", "'none'"),
)
DROPPED = ("x-powered-by",)


def tile_sources(tiles: str | None) -> list[str]:
    """CSP sources for the tile server Folium will use for `tiles` (a name or a URL template).

    Folium resolves names such as "OpenStreetMap" itself, so its own TileLayer is asked for the
    URL; a `{s}` subdomain becomes a wildcard. Unresolvable names fall back to any https host.
    """
    if not tiles:
        return []
    url = tiles
    if "://" not in tiles:
        try:
            import folium

            url = str(folium.TileLayer(tiles=tiles, attr=".").tiles)
        except (ValueError, KeyError, TypeError):
            return ["https:"]
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    if not parts.scheme or not host or "{" in host:
        return ["https:"]
    return [f"{parts.scheme}://{host}"]


def content_security_policy(settings: Settings, frame_ancestors: str) -> str:
    images = " ".join(["'self'", "data:", "blob:", *tile_sources(settings.map_tiles)])
    policy = [*BASE_POLICY, ("img-src", images), ("frame-ancestors", frame_ancestors)]
    return "; ".join(f"{name} {value}" for name, value in policy)


def security_headers(settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """(headers for every response, headers for the embeddable map)."""
    common = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    framed_by_us = {
        **common,
        "Content-Security-Policy": content_security_policy(settings, "'self'"),
        "X-Frame-Options": "SAMEORIGIN",
    }
    keywords = {"self": "'self'", "none": "'none'"}
    origins = " ".join(keywords.get(o, o) for o in settings.embed_origins.split()) or "'self'"
    embed = {**common, "Content-Security-Policy": content_security_policy(settings, origins)}
    return framed_by_us, embed


class SecurityHeaders:
    """Pure ASGI middleware (no response buffering): adds the headers as the response starts.

    Headers a route set itself are kept: the private-link pages send `Referrer-Policy:
    no-referrer` so their token never leaves in a Referer header.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.default, self.embed = security_headers(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embeddable = scope["path"] in EMBED_PATHS
        wanted = self.embed if embeddable else self.default
        private = scope["path"].startswith(PRIVATE_PREFIXES)
        if private:
            wanted = {**wanted, **PRIVATE}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)  # a route's own stricter choice wins
                if private:
                    headers.add_vary_header("Cookie")
                for name in DROPPED + (("x-frame-options",) if embeddable else ()):
                    del headers[name]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, settings: Settings) -> None:
    """Wrap the whole middleware stack, so even the 500 page of Starlette's outermost
    ServerErrorMiddleware (unexpected errors, app.errors) carries the headers."""
    build = app.build_middleware_stack

    def build_with_headers() -> ASGIApp:
        return SecurityHeaders(build(), settings)

    app.build_middleware_stack = build_with_headers  # type: ignore[method-assign]
