"""The CSRF token is masked per rendered page (BREACH): HTML is gzip-compressed and some pages
reflect user input, so the session's secret must never appear in a response body. Every render
carries a fresh urlsafe-base64(pad || pad XOR secret); the check unmasks it and compares it in
constant time, and refuses the raw secret, other lengths and tampered or non-canonical values.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from app.security import SESSION_COOKIE, csrf_matches, mask_csrf
from tests.test_assets_helpers import (
    asset_id_for,
    coordinator,
    csrf_of,
    make_client,
    submit,
    token_of,
)

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SECRET = "kQ3v0Jx1h5m-Zr8oW2yT9cUe4nB7aLsD6fG_HiKpMqN"  # the shape of secrets.token_urlsafe(32)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path)


def session_secret(client: TestClient) -> str:
    """The raw secret inside the signed session cookie (make_client's key is "test-secret")."""
    serializer = URLSafeTimedSerializer("test-secret", salt="kk-session")
    return str(serializer.loads(client.cookies[SESSION_COOKIE])["c"])


def flipped(token: str, at: int) -> str:
    """`token` with one character replaced by another character of the same alphabet."""
    swap = "A" if token[at] != "A" else "B"
    return token[:at] + swap + token[at + 1 :]


# --- the masking itself (no database) --------------------------------------------------------


def test_every_mask_is_new_and_unmasks_to_the_secret() -> None:
    first, second = mask_csrf(SECRET), mask_csrf(SECRET)
    assert first != second and SECRET not in first + second
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first) and len(first) == len(second)
    assert csrf_matches(first, SECRET) and csrf_matches(second, SECRET)
    assert not csrf_matches(first, SECRET[:-1] + "x")


def test_raw_tampered_and_wrong_length_values_fail() -> None:
    token = mask_csrf(SECRET)
    assert not csrf_matches(SECRET, SECRET)  # the unmasked secret
    assert not csrf_matches(token[:-4], SECRET)  # valid base64, too short
    assert not csrf_matches(token + "AAAA", SECRET)  # valid base64, too long
    assert not csrf_matches(mask_csrf(SECRET + "x"), SECRET)  # masks another length
    assert not csrf_matches("", SECRET) and not csrf_matches("", "")
    assert not csrf_matches(token[:50] + "+" + token[51:], SECRET)  # not urlsafe alphabet
    assert not csrf_matches(token[:50] + "æ" + token[51:], SECRET)  # not ASCII
    for at in (0, len(token) // 2, len(token) - 2):
        assert not csrf_matches(flipped(token, at), SECRET)


def test_only_the_canonical_spelling_passes() -> None:
    """The last character carries unused low bits: a variant decodes to the same bytes."""
    token = mask_csrf(SECRET)
    assert len(token) % 4  # unpadded, so the last character has spare bits
    variant = token[:-1] + ALPHABET[ALPHABET.index(token[-1]) ^ 1]
    assert variant != token and not csrf_matches(variant, SECRET)


# --- the app's pages and checks ---------------------------------------------------------------


def test_two_renders_carry_different_tokens_and_both_are_accepted(client: TestClient) -> None:
    first, second = csrf_of(client), csrf_of(client)
    assert first != second
    page = client.get("/assets/new").text
    fields = re.findall(r'name="csrf_token" value="([^"]+)"', page)
    meta = re.findall(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert fields and meta and set(fields) == set(meta) and meta[0] not in (first, second)
    assert submit(client, title="Første park", csrf_token=first).status_code == 303
    assert submit(client, title="Anden park", csrf_token=second).status_code == 303


def test_tampered_raw_and_short_tokens_are_refused(client: TestClient) -> None:
    token = csrf_of(client)
    secret = session_secret(client)
    for bad in (flipped(token, len(token) // 2), secret, token[:-4], mask_csrf(secret + "x")):
        response = submit(client, csrf_token=bad)
        assert response.status_code == 403, bad
        assert "genindlæs" in response.text  # the existing expiry message, in Danish
    assert submit(client, csrf_token=token).status_code == 303


def test_the_raw_secret_never_appears_in_a_page(client: TestClient, db_url: str) -> None:
    token_of(submit(client))
    paths = ["/assets/new", "/login", "/assets?q=park", "/assets"]
    bodies = [client.get(path).text for path in paths]
    secret = session_secret(client)
    assert all(secret not in body for body in bodies)
    coordinator(client, db_url)
    staff_secret = session_secret(client)
    assert staff_secret != secret  # login rotated the secret
    for path in ("/assets/admin", f"/assets/admin/{asset_id_for(db_url, 'Kildeparken')}"):
        body = client.get(path).text
        assert 'name="csrf-token"' in body and staff_secret not in body, path


def test_json_api_accepts_masked_headers_only(client: TestClient, db_url: str) -> None:
    submit(client)
    first = coordinator(client, db_url)
    second = csrf_of(client, "/assets/admin")
    asset_id = asset_id_for(db_url, "Kildeparken")
    url = f"/api/admin/assets/{asset_id}/moderate"
    approve = {"action": "approve"}
    for bad in (session_secret(client), flipped(first, 10), first[:-4]):
        assert client.post(url, json=approve, headers={"X-CSRF-Token": bad}).status_code == 403
    assert first != second
    assert client.post(url, json=approve, headers={"X-CSRF-Token": first}).status_code == 200
    patch = client.patch(
        f"/api/admin/assets/{asset_id}",
        headers={"X-CSRF-Token": second},
        json={"category": "spaces", "title": "Parken", "lat": 57.034, "lon": 9.998},
    )
    assert patch.status_code == 200
