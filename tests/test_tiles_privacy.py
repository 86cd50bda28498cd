"""Assets in tiles: only approved ones, only id/title/category, skills only at their cell.

The asset tiles are public and cached by anyone for up to a year, so these tests read the tiles
as a stranger would (decoded, and as raw bytes) at every zoom kind: one feature per asset from
zoom 12, aggregated counts below it. Widening the status filter or the property list fails them.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pyproj import Transformer
from sqlalchemy import text

from geodata.db import session_scope
from geodata.models_assets import STATUSES
from geodata.queries.tiles import LAYERS
from tests.test_tiles_helpers import (
    LAT,
    LON,
    PRIVATE_ASSET_FIELDS,
    add_assets,
    decode,
    features,
    make_client,
    tile_of,
)

PUBLIC_PROPERTIES = {"id", "title", "category"}
HIDDEN = tuple(s for s in STATUSES if s != "approved")
TO_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)
TO_UTM = Transformer.from_crs(4326, 25832, always_xy=True)
TO_WGS = Transformer.from_crs(25832, 4326, always_xy=True)


@pytest.fixture
def assets_db(db_url: str) -> str:
    """12 approved assets, and 5 of every other status with the same place and fields."""
    add_assets(db_url, 12, status="approved", title="Offentlig", spread=400)
    for status in HIDDEN:
        add_assets(db_url, 5, status=status, title=f"Skjult-{status}", spread=400)
    return db_url


def _all_features(client, z: int) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    x0, y0 = tile_of(LON - 0.01, LAT + 0.01, z)  # the assets lie within 400 m north-east
    x1, y1 = tile_of(LON + 0.01, LAT - 0.01, z)
    found: list[dict] = []  # type: ignore[type-arg]
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            answer = client.get(f"/tiles/assets/{z}/{x}/{y}.pbf")
            assert answer.status_code in (200, 204)
            if answer.status_code == 200:
                raw = answer.content.decode("latin-1")
                assert "Skjult" not in raw and "privat" not in raw and "@x.dk" not in raw
                found += features(answer.content, "assets")
                assert set(decode(answer.content)) == {"assets"}
    return found


@pytest.mark.parametrize("z", [13, 16])
def test_only_approved_assets_with_public_fields_are_in_tiles(
    assets_db: str, tmp_path: Path, z: int
) -> None:
    found = _all_features(make_client(assets_db, tmp_path), z)
    titles = {f["properties"]["title"] for f in found}  # a point near an edge is in 2 tiles
    assert titles == {f"Offentlig {i}" for i in range(1, 13)}
    for feature in found:
        assert set(feature["properties"]) == PUBLIC_PROPERTIES
        assert not set(feature["properties"]) & set(PRIVATE_ASSET_FIELDS)


@pytest.mark.parametrize("z", [6, 9, 11])
def test_aggregated_counts_include_only_approved_assets(
    assets_db: str, tmp_path: Path, z: int
) -> None:
    found = _all_features(make_client(assets_db, tmp_path), z)
    assert sum(f["properties"]["point_count"] for f in found) == 12
    for feature in found:
        assert set(feature["properties"]) <= PUBLIC_PROPERTIES | {"point_count"}


def test_the_asset_layer_reads_no_other_column() -> None:
    """The SQL reads only these columns; a new one here must pass a privacy review first."""
    layer = LAYERS["assets"]
    assert layer.columns == ("title", "category")
    assert layer.status == "approved" and layer.generalised


def test_an_asset_appears_when_approved_and_leaves_when_hidden(
    assets_db: str, tmp_path: Path
) -> None:
    client = make_client(assets_db, tmp_path)
    with session_scope(assets_db) as session:
        session.execute(
            text("UPDATE assets SET status = 'approved', title = 'Godkendt nu' "
                 "WHERE title = 'Skjult-pending 1'")
        )  # fmt: skip
    assert "Godkendt nu" in {f["properties"]["title"] for f in _all_features(client, 16)}
    with session_scope(assets_db) as session:
        session.execute(text("UPDATE assets SET status = 'hidden' WHERE title LIKE 'Offentlig%'"))
    titles = {f["properties"]["title"] for f in _all_features(client, 16)}
    assert titles == {"Godkendt nu"}


def _tile_point(feature: dict, z: int, x: int, y: int) -> tuple[float, float]:  # type: ignore[type-arg]
    """A point feature's position in Web Mercator metres (decoded tile units are y-up)."""
    half = 20037508.342789244
    step = 2 * half / 2**z
    px, py = feature["geometry"]["coordinates"]
    return -half + (x + px / 4096) * step, half - (y + 1) * step + py / 4096 * step


def test_skills_are_drawn_only_at_their_generalised_cell(db_url: str, tmp_path: Path) -> None:
    """A skill is the public centre of its 250 m cell in the tile too, never its own spot."""
    add_assets(db_url, 1, category="skills", title="Strikning", spread=0)
    cx, cy = TO_UTM.transform(LON, LAT)
    centre = math.floor(cx / 250) * 250 + 125, math.floor(cy / 250) * 250 + 125
    expected = TO_MERCATOR.transform(*TO_WGS.transform(*centre))
    exact = TO_MERCATOR.transform(LON, LAT)
    z = 18
    x, y = tile_of(*TO_WGS.transform(*centre), z)
    answer = make_client(db_url, tmp_path).get(f"/tiles/assets/{z}/{x}/{y}.pbf")
    [feature] = features(answer.content, "assets")
    got = _tile_point(feature, z, x, y)
    unit = 2 * 20037508.342789244 / 2**z / 4096  # one tile unit in metres
    assert math.dist(got, expected) <= 2 * unit
    assert math.dist(got, exact) > 20  # the asset's own position is not what is drawn
