"""Security headers on every response, a CSP the maps and /docs live with, and /docs off-CDN.

The browser tests collect every CSP violation (console messages and `securitypolicyviolation`
events, in every frame) while the maps and /docs render, with all requests to other hosts
answered locally or refused, so nothing here needs the network.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.headers import tile_sources
from app.main import create_app
from app.settings import Settings

TILE_HOST = "https://tile.openstreetmap.org"
# A 1x1 transparent PNG, served for every tile so tiles "load" without the network.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
WATCH_CSP = """
document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""
MAP_PAGES = (
    "/maps/overview/map",
    "/ranking/map?profile=boligsocial",
    "/ranking?profile=boligsocial",
    "/assets/map",
    "/assets",
    "/assets/embed",
    "/assets/new",
    "/venues/map?model=mclp&p=2",
    "/venues?model=mclp&p=2",
)


def client_for(url: str, tmp_path: Path, **settings: object) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path, secret_key="h", **settings), database_url=url)  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False)


def csp(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = response.headers["content-security-policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_every_kind_of_response_carries_the_headers(db_url: str, tmp_path: Path) -> None:
    client = client_for(db_url, tmp_path, tiles="none")
    for path in ("/", "/api/layers", "/static/style.css", "/nowhere", "/docs", "/openapi.json"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path
        assert response.headers["x-frame-options"] == "SAMEORIGIN", path
        assert "x-powered-by" not in response.headers, path
        policy = csp(response)
        assert policy["frame-ancestors"] == "'self'", path
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'", path
        assert policy["img-src"] == "'self' data: blob:", path  # tiles off: no tile host
    # A 405, a 422 and an unexpected error (answered by Starlette's outermost middleware) too.
    assert "content-security-policy" in client.delete("/api/layers").headers
    assert "content-security-policy" in client.get("/api/assets?limit=x").headers
    client.app.add_api_route("/kk-test-fault", lambda: 1 / 0)  # type: ignore[attr-defined]
    fault = TestClient(client.app, raise_server_exceptions=False).get("/kk-test-fault")
    assert fault.status_code == 500 and fault.headers["x-content-type-options"] == "nosniff"


def test_pages_that_differ_for_staff_and_public_are_never_cached(
    db_url: str, tmp_path: Path
) -> None:
    """/activities shows staff exact counts and the public suppressed ones at one address: a
    shared cache keeping a staff copy would hand it to the public."""
    client = client_for(db_url, tmp_path, tiles="none")
    for path in ("/activities", "/api/activities/projects", "/activities/NOPE"):
        response = client.get(path)
        assert response.headers["cache-control"] == "private, no-store", path
        assert "Cookie" in response.headers["vary"], path
    assert "no-store" not in client.get("/").headers.get("cache-control", "")


def test_only_the_embeddable_map_may_be_framed_elsewhere(db_url: str, tmp_path: Path) -> None:
    default = client_for(db_url, tmp_path, tiles="none").get("/assets/embed")
    assert csp(default)["frame-ancestors"] == "*"
    assert "x-frame-options" not in default.headers
    assert csp(default)["img-src"] == "'self' data: blob:"
    chosen = client_for(db_url, tmp_path, tiles="none", embed_origins="self https://aalborg.dk")
    response = chosen.get("/assets/embed")
    assert csp(response)["frame-ancestors"] == "'self' https://aalborg.dk"
    assert csp(chosen.get("/assets/map"))["frame-ancestors"] == "'self'"


def test_img_src_allows_the_configured_tile_server_only(db_url: str, tmp_path: Path) -> None:
    osm = client_for(db_url, tmp_path, tiles="OpenStreetMap").get("/maps/overview/map")
    assert csp(osm)["img-src"] == f"'self' data: blob: {TILE_HOST}"
    assert TILE_HOST + "/{z}/{x}/{y}.png" in osm.text  # the map asks the host the CSP allows
    assert tile_sources("https://{s}.tiles.example.dk/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.dk"
    ]
    assert tile_sources(None) == []


def test_docs_page_loads_nothing_from_other_hosts(db_url: str, tmp_path: Path) -> None:
    client = client_for(db_url, tmp_path, tiles="none")
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []
    for asset in re.findall(r"(?:href|src)=\"(/static/[^\"]+)\"", html):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404


# --- in Chromium -------------------------------------------------------------------------------


@pytest.fixture
def tiled_server(demo_url: str, tmp_path: Path) -> Iterator[str]:
    """The demo served with OpenStreetMap tiles switched on (answered locally by the page)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(tiles="OpenStreetMap", data_dir=tmp_path, secret_key="h")
    app = create_app(settings, database_url=demo_url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def offline(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Serve tiles locally, refuse every other foreign request, and record CSP complaints."""
    problems: list[str] = []
    page.add_init_script(WATCH_CSP)
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if "Content Security Policy" in m.text or "CSP violation" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.route(
        f"{TILE_HOST}/**", lambda r: r.fulfill(status=200, content_type="image/png", body=PNG)
    )

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith((base, TILE_HOST, "data:", "blob:")):
            route.fallback()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    page.route(re.compile(r"^(?!" + re.escape(base) + ").*"), guard)
    return problems


@pytest.mark.browser
def test_maps_render_under_the_csp(tiled_server: str, page) -> None:  # type: ignore[no-untyped-def]
    problems = offline(page, tiled_server)
    for path in MAP_PAGES:
        response = page.goto(tiled_server + path, wait_until="load")
        assert response is not None and response.status == 200, path
        assert "frame-ancestors" in response.headers["content-security-policy"]
        framed = "/map" not in path and "embed" not in path
        target = page.frame_locator("iframe").first if framed else page
        target.locator(".leaflet-container").first.wait_for()
        if not framed:
            with contextlib.suppress(PlaywrightTimeout):  # a blocked tile is reported below
                page.wait_for_selector("img.leaflet-tile-loaded", timeout=10_000)
        page.wait_for_timeout(200)  # let late violation reports arrive
        assert problems == [], path
        assert framed or page.locator("img.leaflet-tile-loaded").count() > 0, path


@pytest.mark.browser
def test_docs_render_the_operations_without_network(tiled_server: str, page) -> None:  # type: ignore[no-untyped-def]
    problems = offline(page, tiled_server)
    page.goto(tiled_server + "/docs", wait_until="load")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 20
    assert "/api/ranking/profiles" in page.locator("#swagger-ui").inner_text()
    assert problems == []


@pytest.fixture
def other_site(tiled_server: str) -> Iterator[str]:
    """Another origin (a second loopback port) with a page framing two of ours."""
    html = (
        f'<iframe id="embed" src="{tiled_server}/assets/embed"></iframe>'
        f'<iframe id="overview" src="{tiled_server}/maps/overview"></iframe>'
    ).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.browser
def test_other_sites_may_frame_the_embed_only(tiled_server: str, other_site: str, page) -> None:  # type: ignore[no-untyped-def]
    """Another origin frames two of our pages: the embed shows, the overview is refused."""
    page.goto(other_site, wait_until="load")  # "load" waits for both frames, refused or not
    page.frame_locator("#embed").locator(".leaflet-container").wait_for()
    refused = page.query_selector("#overview").content_frame()  # type: ignore[union-attr]
    assert refused is not None and not refused.url.startswith(tiled_server), refused.url
