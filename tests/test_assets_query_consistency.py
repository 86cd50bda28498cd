"""One parameter model (AssetQuery): the list page, its map frame, the GeoJSON and the CSV answer
the same query string with the same assets, and refuse the same bad input."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient

from app.routes.assets_params import AssetQuery, StaffAssetQuery
from geodata.db import session_scope
from geodata.models_assets import AssetIn
from geodata.queries.assets import SYSTEM, Place, create_asset
from tests.test_assets_helpers import make_client

ASSETS = [  # title, category, subcategory, lat, lon
    ("Kildeparken", "spaces", "park", 57.0330, 9.9970),
    ("Parkens legeplads", "spaces", "playground", 57.0335, 9.9975),
    ("Fælleshuset", "spaces", "community_house", 57.0450, 9.9200),
    ("Boldklubben", "associations", "sports_club", 57.0340, 9.9980),
    ("Grete strikker", "skills", "crafts", 57.0331, 9.9971),
    ("Torvets café", "economy", "cafe", 57.0480, 9.9210),
]
QUERIES = [
    "",
    "category=spaces",
    "q=park",
    "category=spaces&subcategory=park",
    "bbox=9.99,57.03,10.0,57.04",
    "limit=2",
    "limit=2&page=2",
    "category=spaces&limit=1&page=3",
    "category=&area=&q=",  # the filter form's "all": the same as no filter
]


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    with session_scope(db_url) as s:
        for title, category, sub, lat, lon in ASSETS:
            data = AssetIn(category=category, subcategory=sub, title=title)  # type: ignore[arg-type]
            create_asset(s, data, Place.point(lat, lon), SYSTEM, source="import", status="approved")
        data = AssetIn(category="spaces", title="Parken der venter")
        create_asset(s, data, Place.point(57.033, 9.997), SYSTEM, source="import")  # pending
    return make_client(db_url, tmp_path)


def _page_ids(client: TestClient, qs: str) -> list[int]:
    page = client.get(f"/assets?{qs}")
    assert page.status_code == 200, page.text
    return [int(i) for i in re.findall(r'<li data-id="(\d+)">', page.text)]


def _frame_ids(client: TestClient, qs: str) -> set[int]:
    html = client.get(f"/assets/map?{qs}").text
    return {int(i) for i in re.findall(r"/assets/(\d+)", html)}


def _geojson_ids(client: TestClient, qs: str) -> list[int]:
    answer = client.get(f"/api/assets?{qs}")
    assert answer.status_code == 200
    return [f["properties"]["id"] for f in answer.json()["features"]]


def _csv_ids(client: TestClient, qs: str) -> list[int]:
    text = client.get(f"/api/assets.csv?{qs}").content.decode("utf-8-sig")
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]


@pytest.mark.parametrize("qs", QUERIES)
def test_page_frame_geojson_and_csv_show_the_same_assets(client: TestClient, qs: str) -> None:
    listed = _page_ids(client, qs)
    assert listed == _geojson_ids(client, qs) == _csv_ids(client, qs)
    assert set(listed) == _frame_ids(client, qs)


def test_the_filters_really_filter(client: TestClient) -> None:
    every = _page_ids(client, "")
    assert len(every) == len(ASSETS)  # approved only: the pending one is not public
    assert len(_page_ids(client, "category=spaces")) == 3
    assert len(_page_ids(client, "bbox=9.99,57.03,10.0,57.04")) == 4
    assert _page_ids(client, "limit=2") + _page_ids(client, "limit=2&page=2") == every[:4]


def test_the_page_links_its_frame_and_downloads_from_the_same_query(client: TestClient) -> None:
    qs = "q=park&category=spaces&limit=5&lat=57.03&lon=9.99&zoom=15&lang=en"
    page = client.get(f"/assets?{qs}").text
    frame = re.search(r'<iframe[^>]*id="asset-map"[^>]*>', page)
    assert frame
    src = html.unescape(re.search(r'src="([^"]+)"', frame.group(0)).group(1))  # type: ignore[union-attr]
    filters = "category=spaces&q=park&limit=5"
    assert src == f"/assets/map?{filters}&lat=57.03&lon=9.99&zoom=15"
    links = {html.unescape(h) for h in re.findall(r'href="(/api/assets[^"]*)"', page)}
    assert {f"/api/assets?{filters}", f"/api/assets.csv?{filters}&format=csv"} <= links


@pytest.mark.parametrize(
    "qs", ["category=bogus", "bbox=1,2", "bbox=10,57,9,58", "limit=0", "area=nocolon", "q=a%00b"]
)
def test_bad_filters_are_refused_alike_everywhere(client: TestClient, qs: str) -> None:
    for path in ("/assets", "/assets/map", "/api/assets", "/api/assets.csv"):
        assert client.get(f"{path}?{qs}").status_code == 422, path


def test_as_params_round_trips() -> None:
    query = AssetQuery(category="spaces", q=" park ", bbox="9,56,10,57", limit=10, page=2, zoom=12)
    again = AssetQuery.model_validate(dict(parse_qsl(query.as_params())))
    assert (
        again.as_params()
        == query.as_params()
        == "category=spaces&q=park&bbox=9%2C56%2C10%2C57&limit=10&page=2"
    )
    assert "zoom=12" in query.as_params(view=True) and "zoom" not in query.as_params()
    staff = StaffAssetQuery(status="all")
    assert staff.as_params() == "status=all" and staff.statuses()[0] == "pending"
    assert AssetQuery(status="all").statuses() == ("approved",)  # type: ignore[call-arg]
