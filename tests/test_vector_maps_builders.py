"""The tile-layer builders (mapping/vector_tiles.py and its users) and the layer sizes they
are chosen by (geodata/queries/map_counts.py, app/routes/map_tiles.py), without a browser."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import text

from app.routes.map_tiles import ranking_overlays, union
from geodata.db import session_scope
from geodata.queries.assets_public import AssetFilter
from geodata.queries.map_counts import asset_size, feature_size
from mapping.assets_map import AssetTiles, build_asset_map
from mapping.base import render
from mapping.choropleth import build_ranking_map
from mapping.choropleth_tiles import RankingTiles
from tests.helpers import load_base_areas
from tests.test_ranking_maps import EVIL, areas, spec
from tests.test_vector_maps_assets import insert_assets

AREAS_URL = "/tiles/areas/{z}/{x}/{y}.pbf?kind=sogn&v=1"
LABELS = {"more": "Se mere", "layer": "Aktiver", "synthetic_layer": "demo"}


def test_tile_url_carries_params_and_the_version() -> None:
    from mapping.vector_tiles import tile_url

    assert tile_url("assets") == "/tiles/assets/{z}/{x}/{y}.pbf"
    assert tile_url("areas", "3.1:0.0", kind="sogn") == (
        "/tiles/areas/{z}/{x}/{y}.pbf?kind=sogn&v=3.1%3A0.0"
    )


def _asset_map(category: str | None = None) -> str:
    tiled = AssetTiles("/tiles/assets/{z}/{x}/{y}.pbf?v=7", (9.8, 56.9, 10.1, 57.1), True,
                       {"spaces": "Fysiske steder", "skills": EVIL}, category)  # fmt: skip
    return render(build_asset_map(pd.DataFrame(), LABELS, tiles=None, tiled=tiled))


def test_asset_tiles_link_the_vendored_library_and_escape_labels() -> None:
    html = _asset_map()
    assert re.search(
        r'src="/static/vendor/vectorgrid/Leaflet\.VectorGrid\.bundled\.min\.js\?v=\w+"', html
    )
    assert re.search(r'src="/static/vector-tiles\.js\?v=\w+"', html)
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert "\\u0026lt;img src=x" in html and "<img src=x" not in html  # escaped, then JSON
    assert "fitBounds" in html and 'data-testid="synthetic-notice"' in html
    assert '"lookup": null' in html


def test_a_category_filter_draws_only_that_category() -> None:
    html = _asset_map("spaces")
    assert '"lookup": {"columns": [], "fill": null, "key": "category", "only": true, ' in html
    assert '"rows": {"spaces": []}' in html


def test_tiled_choropleth_embeds_a_lookup_and_no_geometry() -> None:
    frame = pd.DataFrame(areas().drop(columns="geometry"))
    ranking = spec(indicator_labels={"x": EVIL, "y": "mange dømte"})
    html = render(build_ranking_map(frame, ranking, tiled=RankingTiles(AREAS_URL, (9, 56, 10, 57))))
    assert '"coordinates"' not in html and "Område 1" not in html  # names come from the tiles
    rows = re.search(r'"rows": \{"A0": \[(.*?)\]', html)
    assert rows and "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in rows.group(1)
    assert '"A1": ["' in html and ", 1]" in html  # A1 is uncertain: style variant 1 (dashed)
    assert '"rows": {"A0": []}' in html  # the statutory outline: only the area on the list
    assert "{u.code}" in html and "/ranking/areas/sogn/" in html


def test_layer_sizes_count_box_and_provenance(db_url: str) -> None:
    load_base_areas(db_url)
    insert_assets(db_url, 30)
    with session_scope(db_url) as s:
        s.execute(text("UPDATE assets SET status = 'pending' WHERE id <= 10"))
    with session_scope(db_url) as s:
        sogne = feature_size(s, "areas", "sogn")
        assert sogne.count == 3 and sogne.bounds is not None and not sogne.synthetic
        assert feature_size(s, "venues") == feature_size(s, "venues").__class__(0, None)
        assets = asset_size(s, AssetFilter(), 250)
        assert assets.count == 20 and assets.synthetic  # approved only
        x0, y0, x1, y1 = assets.bounds or (0, 0, 0, 0)
        assert 9.7 < x0 < x1 < 10.0 and 56.9 < y0 < y1 < 57.1
        spaces = asset_size(s, AssetFilter(category="spaces"), 250)
        assert 0 < spaces.count < assets.count


def test_ranking_map_assets_always_come_from_tiles(db_url: str) -> None:
    insert_assets(db_url, 2)
    with session_scope(db_url) as s:
        choice = ranking_overlays(s, 2000, 250, "v1")
    assert "assets" not in choice.frames and choice.urls["assets"].startswith("/tiles/assets/")
    assert choice.synthetic == ["assets"]
    assert set(choice.frames) == {"estates", "venues", "associations"}  # empty: embedded


def test_union_of_boxes() -> None:
    assert union([None, (1, 2, 3, 4), (0, 3, 2, 5)]) == (0, 2, 3, 5)
    assert union([None]) is None
