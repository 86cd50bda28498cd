"""Shared helpers for the vector-tile tests: rows written straight into PostGIS, tile math,
and decoding tiles with mapbox-vector-tile (an independent reader of the format)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import mapbox_vector_tile
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope

# Inside the test kommune of tests/data/loaders (Aalborg Øst).
LON, LAT = 9.9970, 57.0330
MVT = "application/vnd.mapbox-vector-tile"
# Every column of the assets table that is not public: none may ever reach a tile.
PRIVATE_ASSET_FIELDS = (
    "description", "schedule", "contact", "link", "email", "status", "status_note",
    "merged_into_id", "steward_id", "source", "synthetic", "endorsements", "open_reports",
    "token_hash", "client_hash", "submitted_at", "updated_at", "last_verified_at", "event_id",
    "subcategory",
)  # fmt: skip


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The x/y of the XYZ tile holding a WGS84 point at zoom z."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def make_client(db_url: str, data_dir: Path, **overrides: Any) -> TestClient:
    """The app on `db_url`; the data version is read for every tile unless a test says not."""
    overrides.setdefault("tile_version_ttl_s", 0)
    settings = Settings(tiles="none", data_dir=data_dir, secret_key="test-secret", **overrides)
    return TestClient(create_app(settings, database_url=db_url), follow_redirects=False)


def decode(content: bytes) -> dict[str, Any]:
    """{layer name: {"features": [...]}} of a tile (geometry in tile units, y up)."""
    return mapbox_vector_tile.decode(content)  # type: ignore[no-any-return]


def features(content: bytes, layer: str) -> list[dict[str, Any]]:
    return list(decode(content).get(layer, {}).get("features", []))


def add_layer(url: str, name: str, kind: str) -> int:
    with session_scope(url) as session:
        return int(
            session.execute(
                text(
                    "INSERT INTO layers (name, kind, source, licence, synthetic, feature_count) "
                    "VALUES (:n, :k, 'test', 'CC0', true, 0) RETURNING id"
                ),
                {"n": name, "k": kind},
            ).scalar_one()
        )


# Points scattered over a square of `spread` metres around the test point, in EPSG:25832.
POINTS = (
    "SELECT i, ST_SetSRID(ST_MakePoint(ST_X(c) + (i::bigint * 7919 % 1000) / 1000.0 * :spread, "
    "ST_Y(c) + (i::bigint * 104729 % 997) / 997.0 * :spread), 25832) AS geom FROM "
    "generate_series(1, :n) i, "
    "(SELECT ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 25832) AS c) o"
)
INSERTS = {
    "venues": "INSERT INTO venues (layer_id, venue_key, name, type, contact, geom) "
    "SELECT :layer, :prefix || i, 'Lokale ' || i, 'faelleshus', 'secret@x.dk', geom FROM ({p}) q",
    "associations": "INSERT INTO associations (layer_id, association_key, name, category, "
    "contact, geom) SELECT :layer, :prefix || i, 'Forening ' || i, 'kultur', 'secret@x.dk', geom "
    "FROM ({p}) q",
    "pois": "INSERT INTO pois (layer_id, poi_key, name, category, attributes, geom) "
    "SELECT :layer, :prefix || i, 'Stop ' || i, 'bus_stop', '{{}}', geom FROM ({p}) q",
    "population_cells": "INSERT INTO population_cells (layer_id, cell_id, cell_size, residents, "
    "geom) SELECT :layer, :prefix || i, 100, i % 50 + 1, geom FROM ({p}) q",
}


def add_points(url: str, table: str, n: int, spread: float = 2000.0, prefix: str = "k") -> int:
    """`n` rows of a point table on a new layer; returns the layer id."""
    layer = add_layer(url, f"test_{table}_{prefix}", table)
    with session_scope(url) as session:
        session.execute(
            text(INSERTS[table].format(p=POINTS)),
            {"layer": layer, "prefix": prefix, "n": n, "spread": spread, "lon": LON, "lat": LAT},
        )
    return layer


def add_assets(
    url: str,
    n: int,
    status: str = "approved",
    category: str = "spaces",
    title: str = "Aktiv",
    spread: float = 2000.0,
) -> None:
    """`n` assets with every private field filled, so a leak into a tile would show."""
    with session_scope(url) as session:
        session.execute(
            text(
                "INSERT INTO assets (category, title, description, schedule, contact, link, "
                "email, status, source, synthetic, endorsements, open_reports, token_hash, "
                "client_hash, geom) SELECT :category, :title || ' ' || i, 'privat beskrivelse', "
                "'mandag', 'kontakt@x.dk', 'https://x.dk', 'privat@x.dk', CAST(:status AS text), "
                "'resident', true, 0, 0, md5(:title || CAST(:status AS text) || i), "
                f"md5('c' || i), geom FROM ({POINTS}) q"
            ),
            {"n": n, "status": status, "category": category, "title": title,
             "spread": spread, "lon": LON, "lat": LAT},
        )  # fmt: skip


def add_estate(url: str, name: str = "Østparken") -> None:
    """One estate: a 300 m square at the test point."""
    layer = add_layer(url, f"test_estates_{name}", "estates")
    with session_scope(url) as session:
        session.execute(
            text(
                "INSERT INTO estates (layer_id, boligorganisation, afdeling_nr, name, list_status, "
                "geom) SELECT :layer, 'Himmerland', '7', :name, '{}', "
                "ST_Multi(ST_Buffer(c, 150, 'endcap=square')) FROM (SELECT ST_Transform("
                "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 25832) AS c) o"
            ),
            {"layer": layer, "name": name, "lon": LON, "lat": LAT},
        )
