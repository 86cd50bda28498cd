"""Every list and feature endpoint pages the same way (app.params.paging, OGC API Features):
a default and a maximum `limit` (above it: 422 problem+json naming `limit`), `offset`, a next
link only while rows remain, links that keep the other query parameters, and pages that walk
the whole list exactly once in a stable order. On one copy of the demo database.

GeoJSON answers carry `links` (rel next/prev) with `numberMatched`/`numberReturned`; JSON
objects a `next` member; bare JSON arrays (kept for their clients) the RFC 8288 Link header.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.params import OFFSET_MAX, Page, page_links
from geodata.activities_projects import add_project
from geodata.db import get_engine, session_scope
from tests.conftest import DEMO_TEMPLATE, _create_db, _drop_db
from tests.test_assets_helpers import coordinator, make_client

# A box over central Aalborg: some of the demo's points fall inside, most outside.
BOX = "9.90,57.03,9.95,57.06"
FEATURES = "/api/features/{kind}"
EPS = 1e-5  # degrees, about a metre


@dataclass(frozen=True)
class Spec:
    """One paged endpoint: where, with which filters, how its answer holds items and links."""

    path: str
    default: int
    maximum: int
    shape: str  # "geojson", "array" or the member holding the items ("items", "entries")
    params: dict[str, str] = field(default_factory=dict)
    bbox: bool = False
    template: str = ""  # the path in the OpenAPI schema, when it differs
    offset_max: int = OFFSET_MAX

    def schema_path(self) -> str:
        return self.template or self.path

    def __str__(self) -> str:
        return f"{self.path}{'?' if self.params else ''}{'&'.join(self.params)}"


SPECS = [
    Spec("/api/features/venues", 1000, 10_000, "geojson", template=FEATURES, bbox=True),
    Spec("/api/features/areas", 1000, 10_000, "geojson", {"area_kind": "sogn"}, True, FEATURES),
    Spec("/api/features/estates", 1000, 10_000, "geojson", template=FEATURES, bbox=True),
    Spec("/api/features/associations", 1000, 10_000, "geojson", template=FEATURES, bbox=True),
    Spec("/api/features/pois", 1000, 10_000, "geojson", template=FEATURES, bbox=True),
    Spec("/api/assets", 1000, 5000, "geojson", bbox=True),
    Spec("/api/admin/assets", 1000, 5000, "geojson", {"status": "all"}, bbox=True),
    Spec("/api/layers", 100, 1000, "array"),
    Spec("/api/admin/audit", 200, 1000, "array"),
    Spec(
        "/api/admin/assets/{asset}/history",
        200,
        1000,
        "array",
        template="/api/admin/assets/{asset_id}/history",
    ),
    Spec("/api/places", 10, 25, "array", {"q": "park"}, True, offset_max=100),
    Spec(
        "/api/activities/projects/SOE/reach",
        1000,
        5000,
        "rows",
        template="/api/activities/projects/{code}/reach",
    ),
    Spec(
        "/api/activities/projects/SOE/venues",
        1000,
        5000,
        "venues",
        template="/api/activities/projects/{code}/venues",
    ),
    Spec("/api/ranking/run", 1000, 5000, "areas"),
    Spec("/api/ranking/run", 1000, 5000, "geojson", {"format": "geojson"}),
    Spec("/api/ranking/profiles", 100, 1000, "array"),
    Spec("/api/venues/candidates", 1000, 10_000, "geojson", {"area_code": ""}, True),
    Spec(
        "/api/venues/candidates",
        1000,
        10_000,
        "geojson",
        {"area_code": "", "weekdays": "tir"},
        True,
    ),  # free times are checked in Python: the page is cut after them
    Spec("/api/statbank/imports", 50, 200, "items"),
    Spec("/api/statutory-lists", 100, 500, "entries"),
    Spec("/api/activities/projects", 100, 1000, "items"),
    Spec(
        "/api/activities/projects/SOE/sessions",
        100,
        1000,
        "items",
        template="/api/activities/projects/{code}/sessions",
    ),
]


@pytest.fixture(scope="module")
def paging_url(server_url: str, demo_template_url: str) -> Iterator[str]:
    """One copy of the demo for the module, with a few more projects so they span pages."""
    url = _create_db(server_url, f"kk_paging_{os.getpid()}", DEMO_TEMPLATE)
    with session_scope(url) as s:
        for n in range(4):
            add_project(s, f"PG{n}", f"Paging {n}", date(2026, 1, 1), date(2026, 12, 31), "0851",
                        published=True)  # fmt: skip
    yield url
    get_engine(url).dispose()
    _drop_db(server_url, url)


@dataclass(frozen=True)
class Api:
    """A coordinator's client (the staff lists need one) and the asset whose history pages."""

    client: TestClient
    asset: int

    def get(self, spec: Spec, **params: Any) -> httpx.Response:
        return self.client.get(spec.path.format(asset=self.asset), params=spec.params | params)


@pytest.fixture(scope="module")
def api(paging_url: str, tmp_path_factory: pytest.TempPathFactory) -> Api:
    """Logged in as a coordinator, with one asset edited five times so its history spans
    pages."""
    web = make_client(paging_url, tmp_path_factory.mktemp("paging"))
    token = coordinator(web, paging_url, "paging@aalborg.dk")
    asset = _items(web.get("/api/assets", params={"limit": 1}), "geojson")[0]["properties"]["id"]
    for n in range(5):
        edit = web.patch(f"/api/admin/assets/{asset}", json={"schedule": f"Uge {n}"},
                         headers={"X-CSRF-Token": token})  # fmt: skip
        assert edit.status_code == 200, edit.text
    return Api(web, asset)


def _items(response: httpx.Response, shape: str) -> list[Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    if shape == "geojson":
        return list(body["features"])
    return list(body) if shape == "array" else list(body[shape])


def _next(response: httpx.Response, shape: str) -> str | None:
    if shape == "array":
        return response.links.get("next", {}).get("url")
    body = response.json()
    if shape == "geojson":
        return next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    return body["next"]  # type: ignore[no-any-return]


def _whole(api: Api, spec: Spec) -> list[Any]:
    """Every item in one page of the maximum size (the demo's lists all fit)."""
    answer = api.get(spec, limit=spec.maximum)
    assert _next(answer, spec.shape) is None
    return _items(answer, spec.shape)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_walking_next_links_returns_every_row_once_in_order(api: Api, spec: Spec) -> None:
    whole = _whole(api, spec)
    assert len(whole) >= 3, "too few rows to span pages"
    small = math.ceil(len(whole) / 3)
    kept = {k: [v] for k, v in spec.params.items()} | {"keep": ["me"], "limit": [str(small)]}
    answer = api.get(spec, limit=small, keep="me")
    walked, pages = _items(answer, spec.shape), 1
    while (following := _next(answer, spec.shape)) is not None:
        assert kept.items() <= parse_qs(urlsplit(following).query, True).items()
        assert answer.links["next"]["url"] == following  # the Link header says the same
        answer = api.client.get(following)
        walked += _items(answer, spec.shape)
        pages += 1
    assert "next" not in answer.links and "prev" in answer.links
    assert walked == whole  # every row once, in the one-page order
    assert pages == math.ceil(len(whole) / small) >= 2


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_default_and_maximum_limit(api: Api, spec: Spec) -> None:
    n = len(_whole(api, spec))
    first = api.get(spec)
    assert len(_items(first, spec.shape)) == min(spec.default, n)
    assert (_next(first, spec.shape) is not None) == (n > spec.default)
    for bad in ({"limit": spec.maximum + 1}, {"limit": 0}, {"offset": -1},
                {"offset": spec.offset_max + 1}):  # fmt: skip
        refused = api.get(spec, **bad)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert next(iter(bad)) in str(refused.json()["errors"])


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_an_offset_past_the_end_is_an_empty_page_without_next(api: Api, spec: Spec) -> None:
    n = len(_whole(api, spec))
    past = api.get(spec, offset=n + 5, limit=10)
    assert _items(past, spec.shape) == [] and _next(past, spec.shape) is None
    last = api.get(spec, offset=n - 1, limit=10)
    assert len(_items(last, spec.shape)) == 1 and _next(last, spec.shape) is None


@pytest.mark.parametrize("spec", [s for s in SPECS if s.shape == "geojson"], ids=str)
def test_feature_collections_count_and_link(api: Api, spec: Spec) -> None:
    n = len(_whole(api, spec))
    body = api.get(spec, limit=2, offset=1).json()
    assert body["numberReturned"] == 2
    assert body.get("numberMatched", n) == n  # optional in OGC: absent where not counted
    rels = {link["rel"]: link for link in body["links"]}
    assert {"self", "next", "prev"} <= rels.keys()
    assert rels["next"]["type"] == "application/geo+json"
    assert parse_qs(urlsplit(rels["prev"]["href"]).query)["offset"] == ["0"]


@pytest.mark.parametrize("spec", [s for s in SPECS if s.bbox], ids=str)
def test_bbox_filters_and_is_kept_in_the_next_link(api: Api, spec: Spec) -> None:
    n = len(_whole(api, spec))
    boxed = api.get(spec, bbox=BOX, limit=spec.maximum)
    inside = _items(boxed, spec.shape)
    assert 0 < len(inside) < n
    x0, y0, x1, y1 = (float(v) for v in BOX.split(","))
    for feature in inside:
        lons, lats = _extent(feature)
        assert min(lons) <= x1 + EPS and max(lons) >= x0 - EPS  # the box's edges are straight in
        assert min(lats) <= y1 + EPS and max(lats) >= y0 - EPS  # EPSG:25832: a hair's difference
    first = api.get(spec, bbox=BOX, limit=1)
    assert parse_qs(urlsplit(_next(first, spec.shape) or "").query)["bbox"] == [BOX]
    assert api.get(spec, bbox="9.9,57.0,9.8,57.1").status_code == 422


def _extent(item: dict[str, Any]) -> tuple[list[float], list[float]]:
    """The longitudes and latitudes of a feature's geometry, or of a place's box or point."""
    if "geometry" in item:
        return _coordinates(item["geometry"])
    if "bbox" in item:
        return item["bbox"][0::2], item["bbox"][1::2]
    return [item["lon"]], [item["lat"]]


def _coordinates(geometry: dict[str, Any]) -> tuple[list[float], list[float]]:
    """Every longitude and latitude of a GeoJSON geometry, however deeply nested."""
    flat: list[float] = []

    def walk(value: Any) -> None:
        if isinstance(value, (int, float)):
            flat.append(float(value))
        else:
            for item in value:
                walk(item)

    walk(geometry["coordinates"])
    return flat[0::2], flat[1::2]


def test_links_quote_what_they_keep(api: Api) -> None:
    """A kept parameter with spaces, &, / and ø comes back the same from the next link."""
    odd = "a b&c/ø=1"
    answer = api.client.get("/api/activities/projects/SOE/sessions",
                        params={"limit": 1, "note": odd})  # fmt: skip
    following = answer.json()["next"]
    assert " " not in following and "ø" not in following
    assert parse_qs(urlsplit(following).query)["note"] == [odd]
    header = api.client.get("/api/layers", params={"limit": 1, "note": odd}).headers["link"]
    assert header.isascii() and 'rel="next"' in header


def test_the_schema_documents_each_default_and_maximum(api: Api) -> None:
    doc = api.client.get("/openapi.json").json()
    for spec in SPECS:
        operation = doc["paths"][spec.schema_path()]["get"]
        params = {p["name"]: p for p in operation["parameters"]}
        limit = params["limit"]["schema"]
        assert (limit["default"], limit["maximum"]) == (spec.default, spec.maximum), spec
        assert params["offset"]["schema"]["maximum"] == spec.offset_max
        assert ("bbox" in params) == spec.bbox, spec
        assert "Link" in operation["responses"]["200"]["headers"], spec


def test_the_json_objects_keep_their_fields(api: Api, tmp_path: Path) -> None:
    """The three lists that paged before keep limit, offset and next (and total where they had
    it), with prev beside them."""
    imports = api.client.get("/api/statbank/imports", params={"limit": 1, "offset": 1}).json()
    assert {"items", "limit", "offset", "next", "prev"} <= imports.keys()
    lists = api.client.get("/api/statutory-lists", params={"limit": 1}).json()
    assert {"entries", "total", "limit", "offset", "next", "prev"} <= lists.keys()
    sessions = api.client.get("/api/activities/projects/SOE/sessions", params={"limit": 1}).json()
    assert {"items", "total", "limit", "offset", "next", "prev"} <= sessions.keys()


def test_links_quote_the_path_and_drop_folded_parameters() -> None:
    """Starlette keeps the path decoded: a code like SØ is encoded again, never raw UTF-8; a
    parameter folded into the offset (the asset API's `page`) is left out of every link."""
    query = b"page=3&limit=5&q=%C3%B8"
    scope = {"type": "http", "method": "GET", "scheme": "http", "server": ("testserver", 80),
             "path": "/api/x/SØ a", "query_string": query, "headers": []}  # fmt: skip
    links = page_links(Request(scope), Page(5, 10, folded=("page",)), 5, total=100)
    assert links["next"] == "http://testserver/api/x/S%C3%98%20a?q=%C3%B8&limit=5&offset=15"
    assert links["prev"] == "http://testserver/api/x/S%C3%98%20a?q=%C3%B8&limit=5&offset=5"
    assert page_links(Request(scope), Page(5, 95), 5, total=100)["next"] is None


def test_a_venue_solve_pages_its_venues(api: Api) -> None:
    """The solve is computed whole; its `venues` come a page at a time, the next page by
    posting the same question to the `next` URL."""
    question = {"model": "mclp", "p": 3, "radius": 800, "target": "65+",
                "area_kind": "postnummer", "area_code": "9210"}  # fmt: skip
    whole = api.client.post("/api/venues/solve", json=question).json()
    assert whole["total"] == len(whole["venues"]) == 3 and whole["next"] is None
    first = api.client.post("/api/venues/solve", params={"limit": 2}, json=question).json()
    rest = api.client.post(first["next"], json=question).json()
    assert first["venues"] + rest["venues"] == whole["venues"] and rest["next"] is None
