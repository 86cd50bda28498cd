"""Tile providers as a setting: URL templates need a credit, {token} stays secret, the CSP
admits the configured host only; and a map whose tiles fail still draws the loaded layers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pydantic import ValidationError

import app.routes.places  # noqa: F401 -- gives the map builders the search box's words
from app.headers import content_security_policy
from app.settings import Settings
from mapping import place_search
from mapping.base import new_map, render
from mapping.tiles import TileSource
from tests.helpers import load_base_areas

SKAERMKORT = (
    "https://api.dataforsyningen.dk/topo_skaermkort_wmts_DAF?SERVICE=WMTS&REQUEST=GetTile"
    "&VERSION=1.0.0&LAYER=topo_skaermkort&STYLE=default&FORMAT=image/png"
    "&TILEMATRIXSET=View1&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&token={token}"
)
CREDIT = "Skærmkort: Klimadatastyrelsen"


def test_a_url_template_needs_its_attribution() -> None:
    with pytest.raises(ValidationError, match="tiles_attribution"):
        Settings(tiles="https://tiles.example.dk/{z}/{x}/{y}.png")
    with pytest.raises(ValidationError, match="tiles_token"):
        Settings(tiles=SKAERMKORT, tiles_attribution=CREDIT)


def test_the_token_fills_the_template_but_never_shows_in_reprs() -> None:
    settings = Settings(tiles=SKAERMKORT, tiles_attribution=CREDIT, tiles_token="s3cr3t-token")
    tiles = settings.map_tiles
    assert isinstance(tiles, TileSource) and tiles.attribution == CREDIT
    assert tiles.endswith("&token=s3cr3t-token") and "{token}" not in tiles
    assert "s3cr3t-token" not in repr(settings) and "s3cr3t-token" not in repr(tiles)


def test_the_map_draws_the_template_with_its_credit() -> None:
    tiles = Settings(tiles=SKAERMKORT, tiles_attribution=CREDIT, tiles_token="t0k").map_tiles
    html = render(new_map(tiles=tiles))
    assert "TILEMATRIX={z}\\u0026TILEROW={y}" in html or "TILEMATRIX={z}&TILEROW={y}" in html
    assert f'"attribution": {json.dumps(CREDIT)}' in html


def test_csp_admits_the_configured_tile_host_only() -> None:
    tiled = Settings(tiles=SKAERMKORT, tiles_attribution=CREDIT, tiles_token="t")
    assert "img-src 'self' data: blob: https://api.dataforsyningen.dk;" in (
        content_security_policy(tiled, "'self'")
    )
    assert "dataforsyningen" not in content_security_policy(Settings(tiles="none"), "'self'")


def test_every_map_gets_the_search_box_and_knows_whether_it_has_tiles() -> None:
    bare, tiled = render(new_map(tiles=None)), render(new_map(tiles="OpenStreetMap"))
    for html in (bare, tiled):
        assert "/static/place-search.js" in html and "/static/context-basemap.js" in html
        assert "Find sted eller adresse" in html and "Find a place or address" in html
    assert "always: true" in bare and "always: false" in tiled


def test_a_map_built_outside_the_app_gets_no_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(place_search, "_label_source", [])  # no app, so no /api/places either
    assert "place-search.js" not in render(new_map(tiles=None))


@pytest.mark.browser
def test_a_map_whose_tiles_fail_draws_the_loaded_boundaries(
    db_url: str, live_server_for, page, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Tiled(Settings):
        def __init__(self, **values: object) -> None:
            super().__init__(**{**values, "tiles": "https://tiles.invalid/{z}/{x}/{y}.png",
                                "tiles_attribution": "Testkort"})  # fmt: skip

    load_base_areas(db_url)
    monkeypatch.setattr("app.settings.Settings", Tiled)
    server = live_server_for(db_url)
    page.route("https://tiles.invalid/**", lambda route: route.abort())
    page.goto(f"{server.base}/maps/overview/map", wait_until="load")
    expect(page.locator(".leaflet-tile-pane img").first).to_be_attached()  # tiles were tried
    expect(page.locator(".leaflet-kkContext-pane path").first).to_be_attached()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Testkort")
