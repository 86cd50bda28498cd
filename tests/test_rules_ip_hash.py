"""Client IPs are only ever handled as an HMAC keyed with the app's secret.

A plain SHA-256 of an IPv4 address is reversible by trying all 2^32 addresses, so these tests fail
when the hash loses its key: when it becomes a plain digest, when the key is ignored or constant,
and when the stored hash in the database is not the keyed one.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from starlette.requests import Request

from app.main import create_app
from app.security import client_hash, keyed_hash, secret_key
from app.settings import Settings
from geodata.db import session_scope
from tests.test_assets_helpers import make_client, submit

IP = "203.0.113.7"


def request_from(ip: str, key: str, tmp_path: Path) -> Request:
    """A bare request from `ip` to an app whose secret is `key` (no database needed)."""
    app = FastAPI()
    app.state.settings = Settings(tiles="none", data_dir=tmp_path, secret_key=key)
    scope = {
        "type": "http",
        "app": app,
        "method": "GET",
        "path": "/",
        "headers": [],
        "query_string": b"",
        "client": (ip, 40000),
        "server": ("testserver", 80),
        "scheme": "http",
    }
    return Request(scope)


def plain_digests(ip: str) -> set[str]:
    """What an unkeyed hash of the address would look like."""
    return {hashlib.new(name, ip.encode()).hexdigest() for name in ("sha256", "sha1", "md5")}


def test_the_secret_is_read_from_the_settings(tmp_path: Path) -> None:
    assert secret_key(request_from(IP, "nøgle-A", tmp_path)) == "nøgle-A"


def test_hash_is_not_a_plain_digest_of_the_ip(tmp_path: Path) -> None:
    value = client_hash(request_from(IP, "nøgle-A", tmp_path))
    assert len(value) == 64 and int(value, 16) >= 0
    assert value not in plain_digests(IP)
    assert IP not in value


def test_hash_depends_on_the_key(tmp_path: Path) -> None:
    first = client_hash(request_from(IP, "nøgle-A", tmp_path))
    second = client_hash(request_from(IP, "nøgle-B", tmp_path))
    assert first != second


def test_hash_is_stable_per_key_and_distinguishes_clients(tmp_path: Path) -> None:
    again = client_hash(request_from(IP, "nøgle-A", tmp_path))
    assert again == client_hash(request_from(IP, "nøgle-A", tmp_path))
    assert again != client_hash(request_from("203.0.113.8", "nøgle-A", tmp_path))


def test_hash_is_hmac_sha256_of_the_address_keyed_with_the_secret(tmp_path: Path) -> None:
    """Pinned, so stored hashes stay comparable across versions (rate limits, reports)."""
    expected = hmac.new("nøgle-A".encode(), IP.encode(), hashlib.sha256).hexdigest()
    assert client_hash(request_from(IP, "nøgle-A", tmp_path)) == expected


def test_purposes_are_kept_apart(tmp_path: Path) -> None:
    request = request_from(IP, "nøgle-A", tmp_path)
    assert keyed_hash(request, "login", "x") != keyed_hash(request, "report", "x")
    assert keyed_hash(request, "login", "x") != keyed_hash(request, "", "x")


def _stored_hashes(db_url: str) -> list[str]:
    with session_scope(db_url) as s:
        return list(s.execute(text("SELECT client_hash FROM assets ORDER BY id")).scalars())


def test_db_stored_client_hash_is_keyed(db_url: str, tmp_path: Path) -> None:
    """End to end: what a submission stores is keyed too, so two secrets store two hashes."""
    assert submit(make_client(db_url, tmp_path / "a"), title="Første").status_code == 303
    settings = Settings(tiles="none", data_dir=tmp_path / "b", secret_key="en anden nøgle")
    other = TestClient(create_app(settings, database_url=db_url), follow_redirects=False)
    assert submit(other, title="Anden").status_code == 303
    first, second = _stored_hashes(db_url)
    assert first is not None and second is not None
    assert first != second  # same client address ("testclient"), different keys
    assert not {first, second} & plain_digests("testclient")
