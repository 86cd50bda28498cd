"""Bad input is a 4xx with a clear message, never a 5xx, and never changes the database.

Regression tests for the 500s of issue 8, plus the routes kept out of the OpenAPI schema
(app.openapi.UNDOCUMENTED), which schemathesis does not reach: each gets overflowing ids, NUL
bytes, huge strings, unknown enum values and non-finite numbers in every parameter, by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.openapi import UNDOCUMENTED, api_routes
from tests.test_assets_helpers import (
    approve,
    asset_fingerprint,
    asset_id_for,
    coordinator,
    submit,
)

BIG = 2**31  # one past PostgreSQL INTEGER


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    from tests.test_assets_helpers import make_client

    client = make_client(demo_url, tmp_path)
    client.cookies.set("kk_lang", "en")  # the words checked below are the English messages
    return client


def _is_problem(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    text = f"{body.get('detail', '')} {body.get('errors', '')}".lower()
    for word in words:
        assert word.lower() in text, body


def test_queue_lists_approved_assets(client: TestClient, demo_url: str) -> None:
    token = coordinator(client, demo_url)
    assert submit(client, title="Fuzzparken").status_code == 303
    approve(client, demo_url, "Fuzzparken", token)
    for status in ("approved", "all"):
        page = client.get(f"/assets/admin?status={status}")
        assert page.status_code == 200, page.text[-2000:]
        assert "Fuzzparken" in page.text
    assert client.get("/api/admin/assets?status=approved").status_code == 200


def test_unknown_status_filter_is_422(client: TestClient, demo_url: str) -> None:
    coordinator(client, demo_url)
    _is_problem(client.get("/api/admin/assets?status=nope"), 422, "status")


@pytest.mark.parametrize(
    "path",
    [
        "/api/assets?q=a%00b",
        "/api/assets.csv?q=a%00b",
        "/api/assets?area=sogn%00:1",
        "/assets?q=a%00b",
        "/api/assets/similar?title=abc%00def",
    ],
)
def test_nul_in_text_filters_is_422(client: TestClient, path: str) -> None:
    _is_problem(client.get(path), 422, "NUL")


def test_nul_in_admin_filters_is_422(client: TestClient, demo_url: str) -> None:
    coordinator(client, demo_url)
    for path in ("/api/admin/assets?q=a%00b", "/assets/admin?q=a%00b", "/api/admin/audit?kind=%00"):
        _is_problem(client.get(path), 422, "NUL")


def test_nul_in_a_written_field_is_422_and_changes_nothing(
    client: TestClient, demo_url: str
) -> None:
    """The database layer refuses NUL in any bound text (geodata.queries.nul_guard)."""
    coordinator(client, demo_url)
    assert submit(client, title="Nulparken").status_code == 303
    asset_id = asset_id_for(demo_url, "Nulparken")
    token = coordinator(client, demo_url, "koord2@aalborg.dk")
    approve(client, demo_url, "Nulparken", token)
    before = asset_fingerprint(demo_url)
    fresh = TestClient(client.app, follow_redirects=False)
    answer = fresh.post(f"/api/assets/{asset_id}/report", json={"reason": "forkert\x00sted"})
    _is_problem(answer, 422, "NUL")
    assert asset_fingerprint(demo_url) == before


def test_ids_beyond_integer_are_422_and_change_nothing(client: TestClient, demo_url: str) -> None:
    token = coordinator(client, demo_url)
    headers = {"X-CSRF-Token": token}
    before = asset_fingerprint(demo_url)
    # -1 does not match the {asset_id:int} route at all (404); 0 and 2^31 are refused as ids.
    assert client.post("/api/assets/-1/endorse", headers=headers).status_code == 404
    for bad in (BIG, 0):
        _is_problem(client.post(f"/api/assets/{bad}/endorse", headers=headers), 422, "asset_id")
        _is_problem(
            client.post(f"/api/assets/{bad}/report", json={"reason": "forkert"}, headers=headers),
            422,
        )
        _is_problem(
            client.post(f"/api/admin/assets/{bad}/moderate", json={"action": "approve"},
                        headers=headers),
            422,
        )  # fmt: skip
        _is_problem(client.patch(f"/api/admin/assets/{bad}", json={}, headers=headers), 422)
        _is_problem(client.get(f"/api/assets/{bad}"), 422)
        _is_problem(client.get(f"/assets/photos/{bad}"), 422)
        _is_problem(client.get(f"/api/admin/assets/{bad}/history"), 422)
    bulk = {"ids": [BIG], "action": "approve"}
    _is_problem(client.post("/api/admin/assets/bulk", json=bulk, headers=headers), 422)
    assert asset_fingerprint(demo_url) == before
    target = {"action": "merge", "target_id": BIG}
    assert submit(client, title="Fuzzhuset").status_code == 303
    asset_id = asset_id_for(demo_url, "Fuzzhuset")
    before = asset_fingerprint(demo_url)
    moderate = f"/api/admin/assets/{asset_id}/moderate"
    _is_problem(client.post(moderate, json=target, headers=headers), 422, "target_id")
    assert asset_fingerprint(demo_url) == before


@pytest.mark.parametrize(
    ("bbox", "why"),
    [("-inf,57,10,58", "finite"), ("9,57,inf,58", "finite"), ("nan,57,10,58", "finite"),
     ("9,57,10,nan", "finite"), ("1e400,57,10,58", "finite"), ("9,57,200,58", "within"),
     ("9,-91,10,58", "within"), ("10,57,9,58", "minlon < maxlon"), ("9,58,10,57", "minlat"),
     ("9,57,10", "four numbers"), ("a,b,c,d", "four numbers")],
)  # fmt: skip
def test_bad_bbox_is_422(client: TestClient, bbox: str, why: str) -> None:
    _is_problem(client.get("/api/features/areas", params={"bbox": bbox}), 422, "bbox", why)


def test_good_bbox_still_works(client: TestClient) -> None:
    answer = client.get("/api/features/areas", params={"bbox": "9.8,56.9,10.1,57.1"})
    assert answer.status_code == 200 and answer.json()["features"]


@pytest.mark.parametrize(
    ("lat", "lon"), [(0, 100), (57.0, 100), (0, 10.0), (float("nan"), 10.0), (57, float("inf"))]
)
def test_similar_outside_denmark_is_422(client: TestClient, lat: float, lon: float) -> None:
    answer = client.get("/api/assets/similar", params={"lat": lat, "lon": lon})
    _is_problem(answer, 422, "denmark")


def test_similar_inside_denmark_works(client: TestClient) -> None:
    assert client.get("/api/assets/similar?lat=57.03&lon=9.99").status_code == 200


def test_area_kind_only_for_areas(client: TestClient) -> None:
    _is_problem(client.get("/api/features/venues?area_kind=sogn"), 422, "area_kind")
    _is_problem(client.get("/api/features/areas?area_kind=planet"), 422, "area_kind")
    _is_problem(client.get("/api/features/planets"), 422, "kind")
    sogne = client.get("/api/features/areas?area_kind=sogn").json()["features"]
    assert sogne and {f["properties"]["kind"] for f in sogne} == {"sogn"}


def test_ranking_seed_and_draws_are_bounded(client: TestClient) -> None:
    _is_problem(client.get("/api/ranking/run?seed=-1"), 422, "seed")
    _is_problem(client.get(f"/api/ranking/run?draws={BIG}"), 422, "draws")
    _is_problem(client.post("/api/ranking/run", json={"seed": -5}), 422, "seed")


# --- routes outside the schema, by hand --------------------------------------------------------

BAD_VALUES = ["a\x00b", "x" * 5000, str(BIG), "-1", "nan", "-inf", "ø€"]


def _hidden_get_routes(app: Any) -> list[APIRoute]:
    return [
        r for r in api_routes(app)
        if not r.include_in_schema and "GET" in (r.methods or set())
    ]  # fmt: skip


def test_every_hidden_route_is_listed(client: TestClient) -> None:
    listed = {f"GET {r.path_format}" for r in _hidden_get_routes(client.app)}
    assert listed <= UNDOCUMENTED


def test_hidden_routes_survive_bad_input(client: TestClient, demo_url: str) -> None:
    """Every query and path parameter of every undocumented page, with every bad value."""
    coordinator(client, demo_url)
    seen = 0
    for route in _hidden_get_routes(client.app):
        names = [p.alias for p in route.dependant.query_params]
        path_names = [p.alias for p in route.dependant.path_params]
        for value in BAD_VALUES:
            path = route.path_format
            for name in path_names:
                path = path.replace("{" + name + "}", value.replace("\x00", "%00")[:300])
            for params in [{}, *({n: value} for n in names), {n: value for n in names}]:
                answer = client.get(path, params=params)
                seen += 1
                assert answer.status_code < 500, (path, params, answer.text[:500])
    assert seen > 200
