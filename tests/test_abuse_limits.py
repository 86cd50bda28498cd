"""The global request-size cap: declared and streamed bodies, and the upload routes' own budget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import fingerprint
from tests.test_assets_helpers import ASSET_TABLES, csrf_of, form_fields, make_client

BIG_JSON = json.dumps({"profile": "x" * 2_000_000}).encode()  # about 2 MB


def _chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_2_mb_json_body_is_refused_with_413(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    response = client.post(
        "/api/ranking/run", content=BIG_JSON, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 413 and "1048576" in response.json()["detail"]
    small = client.post("/api/ranking/run", json={"profile": "x" * 1000})
    assert small.status_code != 413  # the cap is not simply "any body"


def test_a_chunked_body_without_content_length_is_counted(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, default_language="da")
    response = client.post(
        "/api/ranking/run?lang=en",
        content=_chunks(BIG_JSON),
        headers={"content-type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The request may be at most 1048576 bytes."


def test_the_cap_is_a_setting(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, max_request_bytes=100)
    refused = client.post("/api/assets/1/report", json={"reason": "x" * 200})
    assert refused.status_code == 413 and refused.json()["status"] == 413
    assert client.post("/api/assets/1/report", json={"reason": "kort"}).status_code == 404


def test_upload_routes_keep_their_larger_budget(db_url: str, tmp_path: Path) -> None:
    """A 1.5 MB photo form passes the 1 MiB global cap (and is judged as a photo instead)."""
    client = make_client(db_url, tmp_path)
    before = fingerprint(db_url, ASSET_TABLES)
    data = form_fields() | {"csrf_token": csrf_of(client)}
    junk = ("photos", ("big.jpg", b"\xff" * 1_500_000, "image/jpeg"))
    response = client.post("/assets/new", data=data, files=[junk])
    assert response.status_code == 422, response.status_code
    assert "JPEG, PNG" in response.text  # the photo check spoke, not the size cap
    over = ("photos", ("huge.jpg", b"\xff" * (6 * 2**20), "image/jpeg"))
    assert client.post("/assets/new", data=data, files=[over]).status_code == 413
    assert fingerprint(db_url, ASSET_TABLES) == before


def test_json_to_an_upload_router_keeps_the_global_cap(db_url: str, tmp_path: Path) -> None:
    """Only multipart bodies get the photo budget; a 2 MB JSON submission is still refused."""
    client = make_client(db_url, tmp_path)
    before = fingerprint(db_url, ASSET_TABLES)
    response = client.post(
        "/api/assets", content=BIG_JSON, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["status"] == 413
    assert fingerprint(db_url, ASSET_TABLES) == before


def test_a_browser_gets_the_refusal_as_a_page_in_its_language(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    response = client.post(
        "/login",
        content=b"email=" + b"x" * 2_000_000,
        headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"},
    )
    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert '<html lang="da">' in response.text and "1048576" in response.text
