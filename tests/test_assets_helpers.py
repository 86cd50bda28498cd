"""Shared helpers for the asset tests (an app per test database, CSRF-aware client, users,
photos with GPS EXIF), plus tests of the helpers' own assumptions."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import text
from typer.testing import CliRunner

from app.auth import hash_password
from app.cli import root
from app.main import create_app
from app.settings import Settings, get_settings
from geodata.db import session_scope
from geodata.queries.assets_auth import create_user
from tests.helpers import fingerprint

ASSET_TABLES = ("assets", "asset_photos", "asset_events", "asset_reports", "users")
PASSWORD = "correct horse battery staple"
# Inside the test sogne of tests/data/loaders (Øst Sogn, S1).
HERE = {"lat": 57.0330, "lon": 9.9970}
DATA = Path(__file__).parent / "data" / "assets"


def make_client(
    db_url: str, data_dir: Path, base_url: str = "http://testserver", **overrides: Any
) -> TestClient:
    settings = Settings(tiles="none", data_dir=data_dir, secret_key="test-secret", **overrides)
    app = create_app(settings, database_url=db_url)
    return TestClient(app, base_url=base_url, follow_redirects=False)


def run_cli(db_url: str, args: list[str], stdin: str | None = None) -> Any:
    """Run the `kvarterkort` command against `db_url` (settings are cached per process)."""
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(root, args, input=stdin, env={"KVARTERKORT_DATABASE_URL": db_url})
    finally:
        get_settings.cache_clear()


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path)


def csrf_of(client: TestClient, path: str = "/assets/new") -> str:
    """Load a page (which sets the session cookie) and read its CSRF token."""
    page = client.get(path)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert match, f"no csrf token on {path} ({page.status_code})"
    return match.group(1)


def form_fields(**overrides: Any) -> dict[str, Any]:
    fields = {
        "category": "spaces",
        "subcategory": "park",
        "title": "Kildeparken",
        "description": "Stor park med legeplads",
        "schedule": "Altid åben",
        "lat": str(HERE["lat"]),
        "lon": str(HERE["lon"]),
        "consent": "yes",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def submit(client: TestClient, files: list[Any] | None = None, **overrides: Any) -> Any:
    """POST the resident form; returns the response (303 to the private link on success)."""
    data = form_fields(**overrides)
    data.setdefault("csrf_token", csrf_of(client))
    multipart = files or [("photos", ("", b"", "application/octet-stream"))]
    return client.post("/assets/new", data=data, files=multipart)


def token_of(response: Any) -> str:
    location = response.headers["location"]
    match = re.match(r"/assets/mine/([^?]+)\?created=1", location)
    assert match, location
    return match.group(1)


def asset_id_for(db_url: str, title: str) -> int:
    with session_scope(db_url) as s:
        return int(
            s.execute(text("SELECT id FROM assets WHERE title = :t"), {"t": title}).scalar_one()
        )


def add_user(db_url: str, email: str, role: str = "coordinator") -> None:
    with session_scope(db_url) as s:
        create_user(s, email, hash_password(PASSWORD), role)


def login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def coordinator(client: TestClient, db_url: str, email: str = "koord@aalborg.dk") -> str:
    """Create and log in a coordinator; returns a CSRF token of the logged-in session."""
    add_user(db_url, email)
    assert login(client, email).status_code == 303
    return csrf_of(client, "/assets/admin")


def approve(client: TestClient, db_url: str, title: str, token: str) -> None:
    asset_id = asset_id_for(db_url, title)
    response = client.post(
        f"/assets/admin/{asset_id}/moderate", data={"action": "approve", "csrf_token": token}
    )
    assert response.status_code == 303, response.text


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), gps: bool = True) -> bytes:
    """A small image; JPEGs carry EXIF with a GPS position (to prove it gets stripped)."""
    img = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if fmt == "JPEG" and gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        exif[0x8825] = {1: "N", 2: (57.0, 2.0, 0.0), 3: "E", 4: (9.0, 57.0, 0.0)}  # GPS IFD
        img.save(out, fmt, exif=exif)
    else:
        img.save(out, fmt)
    return out.getvalue()


def asset_fingerprint(db_url: str) -> dict[str, str]:
    return fingerprint(db_url, ASSET_TABLES)


def files_under(path: Path) -> list[Path]:
    uploads = path / "uploads"
    return sorted(uploads.iterdir()) if uploads.exists() else []


def test_photo_helper_really_carries_gps() -> None:
    with Image.open(io.BytesIO(photo_bytes())) as img:
        assert img.getexif().get_ifd(0x8825), "the fixture photo must have a GPS block"


def test_csrf_token_is_set_with_the_form(client: TestClient) -> None:
    token = csrf_of(client)
    assert len(token) > 30
    assert "kk_session" in client.cookies
