"""The resident flow over HTTP on a real PostGIS: submit, receipt, private link, edit, erase."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import text

from geodata.db import session_scope
from tests.test_assets_helpers import (
    HERE,
    asset_fingerprint,
    asset_id_for,
    csrf_of,
    files_under,
    form_fields,
    make_client,
    photo_bytes,
    submit,
    token_of,
)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path)


def _events(db_url: str, asset_id: int) -> list[str]:
    with session_scope(db_url) as s:
        rows = s.execute(
            text("SELECT kind FROM asset_events WHERE asset_id = :i ORDER BY id"), {"i": asset_id}
        ).scalars()
        return list(rows)


def test_form_page_is_danish_with_english_switch(client: TestClient) -> None:
    page = client.get("/assets/new")
    assert page.status_code == 200
    assert 'lang="da"' in page.text and "Tilføj et aktiv" in page.text
    assert 'for="f-title"' in page.text and 'for="f-lat"' in page.text
    assert "Placér ved kortets midte" in page.text
    english = client.get("/assets/new?lang=en")
    assert "Add an asset" in english.text and "Place at map centre" in english.text


def test_picker_map_is_local_and_posts_to_the_parent(client: TestClient) -> None:
    html = client.get("/assets/new/map").text
    assert "/static/vendor/locatecontrol/L.Control.Locate.min.js" in html
    assert "cdn.jsdelivr" not in html and "kk-pick" in html
    assert "place(57.03, 9.99, false)" in client.get("/assets/new/map?lat=57.03&lon=9.99").text
    start = re.compile(r"place\([\d.]+, [\d.]+, false\)")
    for bad in ("lat=abc&lon=9.99", "lat=48.85&lon=2.35", "lat=57.03"):
        response = client.get(f"/assets/new/map?{bad}")
        assert response.status_code == 200 and not start.search(response.text)


def test_submission_creates_pending_asset_with_hashed_token(
    client: TestClient, db_url: str
) -> None:
    response = submit(client, email="Beboer@Example.dk")
    assert response.status_code == 303
    token = token_of(response)
    with session_scope(db_url) as s:
        row = s.execute(
            text(
                "SELECT status, source, email, token_hash, client_hash, "
                "ST_SRID(geom) AS srid FROM assets"
            )
        ).one()
    assert (row.status, row.source, row.email, row.srid) == (
        "pending",
        "resident",
        "beboer@example.dk",
        25832,
    )
    assert token not in row.token_hash and len(row.token_hash) == 64
    assert (
        row.client_hash
        and "127.0.0.1" not in row.client_hash
        and "testclient" not in row.client_hash
    )
    receipt = client.get(f"/assets/mine/{token}?created=1")
    assert receipt.status_code == 200 and token in receipt.text
    assert receipt.headers["referrer-policy"] == "no-referrer"
    assert "venter" in receipt.text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "f-title"),
        ({"title": "x" * 121}, "f-title"),
        ({"description": "y" * 2001}, "f-description"),
        ({"category": "weapons"}, "f-category"),
        ({"subcategory": "library"}, "f-subcategory"),  # a subcategory of another category
        ({"link": "javascript:alert(1)"}, "f-link"),
        ({"lat": "", "lon": ""}, "f-location"),
        ({"lat": "48.85", "lon": "2.35"}, "f-location"),  # Paris
        ({"lat": "abc"}, "f-location"),
        ({"consent": None}, "f-consent"),
        ({"email": "not-an-address"}, "f-email"),
        ({"title": "bad\x00title"}, "f-title"),
    ],
)
def test_bad_input_stores_nothing_and_names_the_field(
    client: TestClient, db_url: str, overrides: dict, field: str
) -> None:
    before = asset_fingerprint(db_url)
    response = submit(client, **overrides)
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text
    assert asset_fingerprint(db_url) == before


def test_missing_csrf_token_is_refused(client: TestClient, db_url: str) -> None:
    before = asset_fingerprint(db_url)
    client.get("/assets/new")
    response = client.post("/assets/new", data=form_fields(csrf_token="forged"))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    fresh = TestClient(client.app)
    assert fresh.post("/assets/new", data=form_fields()).status_code == 403
    assert asset_fingerprint(db_url) == before


def test_photo_is_verified_stripped_reencoded_and_thumbnailed(
    client: TestClient, db_url: str, tmp_path: Path
) -> None:
    files = [
        ("photos", ("../../etc/passwd.jpg", photo_bytes(), "image/jpeg")),
        ("photos", ("p.png", photo_bytes("PNG"), "image/png")),
    ]
    token = token_of(submit(client, files=files))
    stored = files_under(tmp_path)
    assert len(stored) == 4  # two photos, each with a thumbnail
    assert all("passwd" not in p.name and p.suffix == ".jpg" for p in stored)
    for path in stored:
        with Image.open(path) as img:
            assert img.format == "JPEG"
            assert not img.getexif(), "EXIF (incl. GPS) must be gone"
            assert "exif" not in img.info
    asset_id = asset_id_for(db_url, "Kildeparken")
    with session_scope(db_url) as s:
        photo_id = s.execute(text("SELECT min(id) FROM asset_photos")).scalar_one()
    assert client.get(f"/assets/photos/{photo_id}").status_code == 404  # not public yet
    private = client.get(f"/assets/mine/{token}/photos/{photo_id}?thumb=1")
    assert private.status_code == 200 and private.headers["content-type"] == "image/jpeg"
    assert "photo_added" in _events(db_url, asset_id)


@pytest.mark.parametrize(
    ("name", "payload", "status"),
    [
        ("fake.jpg", b"<?php echo 'not an image'; ?>", 422),
        ("anim.gif", None, 422),
        ("trunc.jpg", photo_bytes()[:200], 422),
    ],
)
def test_bad_photos_store_nothing(
    client: TestClient, db_url: str, tmp_path: Path, name: str, payload: bytes | None, status: int
) -> None:
    if payload is None:
        out = io.BytesIO()
        Image.new("RGB", (8, 8)).save(out, "GIF")
        payload = out.getvalue()
    before = asset_fingerprint(db_url)
    response = submit(client, files=[("photos", (name, payload, "image/jpeg"))])
    assert response.status_code == status
    assert 'href="#f-photos"' in response.text
    assert asset_fingerprint(db_url) == before and files_under(tmp_path) == []


def test_too_large_photo_is_refused_while_streaming(db_url: str, tmp_path: Path) -> None:
    small = make_client(db_url, tmp_path, upload_max_bytes=2000)
    before = asset_fingerprint(db_url)
    big = photo_bytes(size=(400, 400)) + b"\0" * 5000
    response = submit(small, files=[("photos", ("big.jpg", big, "image/jpeg"))])
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert asset_fingerprint(db_url) == before and files_under(tmp_path) == []


def test_private_link_edit_download_and_unknown_link(client: TestClient, db_url: str) -> None:
    token = token_of(submit(client, email="a@b.dk"))
    csrf = csrf_of(client, f"/assets/mine/{token}")
    edited = form_fields(title="Kildeparken Nord", csrf_token=csrf, email="")
    response = client.post(
        f"/assets/mine/{token}",
        data=edited,
        files=[("photos", ("", b"", "application/octet-stream"))],
    )
    assert response.status_code == 303
    data = client.get(f"/assets/mine/{token}/export.json").json()
    assert data["title"] == "Kildeparken Nord" and data["email"] is None
    assert abs(data["location"]["lat"] - HERE["lat"]) < 1e-6
    assert [e["kind"] for e in data["history"]] == ["created", "edited"]
    assert data["history"][1]["diff"]["title"] == ["Kildeparken", "Kildeparken Nord"]
    assert client.get("/assets/mine/not-a-real-token").status_code == 404


def test_erasure_removes_asset_photos_and_email(
    client: TestClient, db_url: str, tmp_path: Path
) -> None:
    files = [("photos", ("a.jpg", photo_bytes(), "image/jpeg"))]
    token = token_of(submit(client, files=files, email="keep@me.dk"))
    asset_id = asset_id_for(db_url, "Kildeparken")
    assert len(files_under(tmp_path)) == 2
    csrf = csrf_of(client, f"/assets/mine/{token}")
    refused = client.post(f"/assets/mine/{token}/erase", data={"csrf_token": csrf})
    assert refused.status_code == 422  # the confirmation box was not ticked
    response = client.post(
        f"/assets/mine/{token}/erase", data={"csrf_token": csrf, "confirm": "yes"}
    )
    assert response.status_code == 200
    assert files_under(tmp_path) == []
    with session_scope(db_url) as s:
        assert s.execute(text("SELECT count(*) FROM assets")).scalar_one() == 0
        assert s.execute(text("SELECT count(*) FROM asset_photos")).scalar_one() == 0
        events = s.execute(text("SELECT kind, diff::text, note FROM asset_events")).all()
    assert [tuple(e) for e in events] == [("erased", "{}", None)]
    assert _events(db_url, asset_id) == ["erased"]
    assert client.get(f"/assets/mine/{token}").status_code == 404


def test_json_submission_and_erasure(client: TestClient, db_url: str) -> None:
    body = {
        "category": "skills",
        "title": "Cykelreparation",
        "lat": HERE["lat"],
        "lon": HERE["lon"],
        "consent": True,
    }
    created = client.post("/api/assets", json=body)
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert client.get(f"/api/assets/mine/{token}").json()["category"] == "skills"
    assert client.delete(f"/api/assets/mine/{token}").json() == {"erased": mine_id(db_url)}
    refused = client.post("/api/assets", json=body | {"consent": False})
    assert refused.status_code == 422
    too_long = client.post("/api/assets", json=body | {"title": "x" * 500})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "body.title"


def mine_id(db_url: str) -> int:
    with session_scope(db_url) as s:
        return int(
            s.execute(text("SELECT asset_id FROM asset_events WHERE kind = 'erased'")).scalar_one()
        )
