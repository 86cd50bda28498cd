"""The public asset page reads a bounded number of rows, whatever the data size (issue 10).

It lists at most ``LIST_MAX`` assets (with a link to the rest); it used to read every approved
asset to show the first 200. The synthetic banner still comes from every matching asset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import app.routes.assets as assets_route
from geodata.assets_io import import_assets
from geodata.db import session_scope
from geodata.queries.assets import Actor
from tests.helpers import load_base_areas
from tests.test_assets_helpers import make_client

DEMO_ASSETS = Path(__file__).parent / "data" / "assets" / "demo_assets.geojson"


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    load_base_areas(db_url)
    with session_scope(db_url) as s:
        import_assets(s, DEMO_ASSETS, Actor("import"), synthetic=True)
    return make_client(db_url, tmp_path)


def test_the_list_reads_one_row_more_than_it_shows(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    real = assets_route.asset_frame

    def spy(db: Any, flt: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(flt.limit)
        return real(db, flt, *args, **kwargs)

    monkeypatch.setattr(assets_route, "LIST_MAX", 2)
    monkeypatch.setattr(assets_route, "asset_frame", spy)
    page = client.get("/assets")
    assert page.status_code == 200
    assert asked == [3]  # LIST_MAX + 1, never every approved asset
    assert page.text.count("<li data-id=") == 2 and 'rel="next"' in page.text
    assert 'data-testid="synthetic-banner"' in page.text  # from the aggregate, not the rows
