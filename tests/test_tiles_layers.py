"""What each tile layer holds: its features and properties, aggregation at low zoom, the cap,
empty tiles, and the GiST index answering the tile's bounding-box test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.tiles import CLUSTER_BELOW_ZOOM, tile_params, tile_sql
from geodata.tiles import TileRequest
from tests.helpers import load_base_areas
from tests.test_tiles_helpers import (
    LAT,
    LON,
    MVT,
    add_estate,
    add_points,
    features,
    make_client,
    tile_of,
)

# URL layer -> (table the helper fills, the properties besides id every feature carries).
POINT_LAYERS = {
    "venues": ("venues", {"name", "type"}),
    "associations": ("associations", {"name"}),
    "pois": ("pois", {"name", "category"}),
    "population": ("population_cells", {"residents"}),
}


def _get(client, layer: str, z: int, x: int, y: int, query: str = ""):  # type: ignore[no-untyped-def]
    return client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf{query}")


@pytest.mark.parametrize("layer", sorted(POINT_LAYERS))
def test_point_layers_carry_their_public_properties(
    db_url: str, tmp_path: Path, layer: str
) -> None:
    table, props = POINT_LAYERS[layer]
    add_points(db_url, table, 40, spread=300)
    client = make_client(db_url, tmp_path)
    x, y = tile_of(LON, LAT, 15)
    answer = _get(client, layer, 15, x, y)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == MVT
    found = features(answer.content, layer)
    assert found, "the points around the test point are in its z15 tile"
    for feature in found:
        assert set(feature["properties"]) == {"id", *props}
        assert isinstance(feature["properties"]["id"], int)
        assert feature["id"] == feature["properties"]["id"]
        assert feature["geometry"]["type"] == "Point"
    assert "secret@x.dk" not in answer.content.decode("latin-1")  # contact is never served


def test_areas_by_kind_and_estates_are_polygons_with_their_properties(
    db_url: str, tmp_path: Path
) -> None:
    load_base_areas(db_url)
    add_estate(db_url)
    client = make_client(db_url, tmp_path)
    x, y = tile_of(LON, LAT, 12)
    sogne = features(_get(client, "areas", 12, x, y, "?kind=sogn").content, "areas")
    assert {f["properties"]["code"] for f in sogne} <= {"S1", "S2", "S3"} and sogne
    for feature in sogne:
        assert set(feature["properties"]) == {"id", "code", "name", "kind"}
        assert feature["properties"]["kind"] == "sogn"
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    kommune = features(_get(client, "areas", 12, x, y, "?kind=kommune").content, "areas")
    assert [f["properties"]["code"] for f in kommune] == ["0851"]
    assert _get(client, "areas", 12, x, y, "?kind=postnummer").status_code == 204
    estates = features(_get(client, "estates", 12, x, y).content, "estates")
    assert [f["properties"] for f in estates] == [
        {
            "id": estates[0]["properties"]["id"],
            "name": "Østparken",
            "boligorganisation": "Himmerland",
        }
    ]


def _tiles_around(z: int, margin_deg: float = 0.5) -> list[tuple[int, int]]:
    x0, y0 = tile_of(LON - margin_deg, LAT + margin_deg, z)
    x1, y1 = tile_of(LON + margin_deg, LAT - margin_deg, z)
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def test_low_zoom_aggregation_counts_every_point_exactly_once(db_url: str, tmp_path: Path) -> None:
    """Spread over 20 km, the points straddle tile edges at every zoom up to 11: the counts of
    all tiles of a zoom still add up to the points (none lost, none counted twice)."""
    n = 700
    add_points(db_url, "venues", n, spread=20_000)
    client = make_client(db_url, tmp_path)
    for z in (3, 7, 9, 10, 11):
        total, clusters = 0, 0
        for x, y in _tiles_around(z):
            answer = _get(client, "venues", z, x, y)
            if answer.status_code == 204:
                continue
            for feature in features(answer.content, "venues"):
                props = feature["properties"]
                total += props["point_count"]
                clusters += 1
                assert ("name" in props) == (props["point_count"] == 1)
        assert total == n, f"zoom {z}"
        assert clusters < n
    # From zoom 12 on, every point is its own feature.
    x, y = tile_of(LON + 0.05, LAT + 0.05, CLUSTER_BELOW_ZOOM)
    at_12 = features(_get(client, "venues", CLUSTER_BELOW_ZOOM, x, y).content, "venues")
    assert at_12 and all("point_count" not in f["properties"] for f in at_12)


def test_population_sums_residents_when_aggregated(db_url: str, tmp_path: Path) -> None:
    add_points(db_url, "population_cells", 300, spread=1500)
    with session_scope(db_url) as session:
        residents = session.execute(text("SELECT sum(residents) FROM population_cells")).scalar()
    client = make_client(db_url, tmp_path)
    totals = [0, 0]
    for x, y in _tiles_around(8):
        answer = _get(client, "population", 8, x, y)
        for feature in features(answer.content, "population") if answer.status_code == 200 else []:
            totals[0] += feature["properties"]["point_count"]
            totals[1] += feature["properties"].get("residents", 0)  # 1-4: left out
    # the sums are public counts (rounded to 5 per cell, see test_tiles_population_privacy)
    assert totals[0] == 300 and abs(totals[1] - int(residents or 0)) <= 5 * totals[0]


def test_no_tile_holds_more_features_than_the_cap(db_url: str, tmp_path: Path) -> None:
    add_points(db_url, "venues", 200, spread=300)
    load_base_areas(db_url)
    x, y = tile_of(LON, LAT, 14)
    capped = make_client(db_url, tmp_path, tile_max_features=7)
    assert len(features(_get(capped, "venues", 14, x, y).content, "venues")) == 7
    one = make_client(db_url, tmp_path, tile_max_features=1)
    assert len(features(_get(one, "areas", 12, *tile_of(LON, LAT, 12), "?kind=sogn").content,
                        "areas")) == 1  # fmt: skip
    generous = make_client(db_url, tmp_path, tile_max_features=10_000)
    assert len(features(_get(generous, "venues", 14, x, y).content, "venues")) > 7


def test_empty_tiles_are_204_without_a_body(db_url: str, tmp_path: Path) -> None:
    add_points(db_url, "venues", 20, spread=300)
    client = make_client(db_url, tmp_path)
    far_x, far_y = tile_of(LON + 1.0, LAT - 1.0, 12)  # 60-100 km away from the points
    america = tile_of(-100.0, 40.0, 6)  # outside the served bounds: never transformed to UTM
    for z, x, y in ((12, far_x, far_y), (6, *america), (20, 0, 0)):
        answer = _get(client, "venues", z, x, y)
        assert answer.status_code == 204 and answer.content == b""
        assert answer.headers["etag"] and answer.headers["cache-control"].startswith("public")
    assert _get(client, "assets", 0, 0, 0).status_code == 204  # no assets at all
    whole_world = features(_get(client, "venues", 0, 0, 0).content, "venues")
    assert sum(f["properties"]["point_count"] for f in whole_world) == 20


def _plan_nodes(plan: dict) -> list[dict]:  # type: ignore[type-arg]
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes += _plan_nodes(child)
    return nodes


@pytest.mark.parametrize(("layer", "z"), [("venues", 15), ("venues", 10), ("assets", 15)])
def test_the_bbox_test_uses_the_gist_index(db_url: str, layer: str, z: int) -> None:
    """With 20,000 rows spread over 20 km, a tile's rows are found through the geometry index
    (for assets: the widened test on the stored geometry), not by reading the whole table."""
    if layer == "assets":
        from tests.test_tiles_helpers import add_assets

        add_assets(db_url, 20_000, spread=20_000)
        table = "assets"
    else:
        add_points(db_url, "venues", 20_000, spread=20_000)
        table = "venues"
    x, y = tile_of(LON + 0.05, LAT + 0.05, z)
    request = TileRequest(layer, z, x, y)
    with session_scope(db_url) as session:
        session.execute(text(f"ANALYZE {table}"))
        sql = tile_sql(session, layer, z)
        params = tile_params(layer, request.bounds(), 8000, None, 250.0)
        plan = session.execute(text("EXPLAIN (FORMAT JSON) " + sql), params).scalar_one()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes = _plan_nodes(plan[0]["Plan"])
    scans = [n for n in nodes if n.get("Relation Name") == table]
    assert scans and all(n["Node Type"] != "Seq Scan" for n in scans), scans
    assert any("geom" in n.get("Index Name", "") for n in nodes)
