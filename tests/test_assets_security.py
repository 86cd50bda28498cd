"""Accounts, sessions, rate limits and the purge of client-IP hashes, on a real PostGIS."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.assets_auth import purge_client_data
from tests.test_assets_helpers import (
    PASSWORD,
    add_user,
    asset_fingerprint,
    asset_id_for,
    coordinator,
    csrf_of,
    files_under,
    login,
    make_client,
    photo_bytes,
    run_cli,
    submit,
)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path)


def _scalar(db_url: str, sql: str) -> object:
    with session_scope(db_url) as s:
        return s.execute(text(sql)).scalar_one()


def test_passwords_are_argon2_and_login_is_audited(client: TestClient, db_url: str) -> None:
    add_user(db_url, "koord@aalborg.dk")
    stored = str(_scalar(db_url, "SELECT password_hash FROM users"))
    assert stored.startswith("$argon2id$") and PasswordHasher().verify(stored, PASSWORD)
    failed = login(client, "koord@aalborg.dk", "wrong password!!")
    assert failed.status_code == 401 and "Forkert e-mail eller adgangskode" in failed.text
    unknown = login(client, "nobody@aalborg.dk", "whatever password")
    assert unknown.status_code == 401
    assert login(client, "KOORD@aalborg.dk").status_code == 303
    kinds = client.get("/api/admin/audit").json()
    assert [k["kind"] for k in kinds][:3] == ["login", "login_failed", "login_failed"]
    assert all("client_hash" not in k for k in kinds)


def test_session_cookie_flags_and_logout_ends_every_session(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, base_url="https://testserver", secure_cookies=True)
    add_user(db_url, "koord@aalborg.dk")
    response = login(client, "koord@aalborg.dk")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    stolen = dict(client.cookies)
    token = csrf_of(client, "/assets/admin")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    replay = TestClient(client.app, cookies=stolen, follow_redirects=False)
    assert replay.get("/api/admin/assets").status_code == 401


def test_deactivated_user_loses_access_at_once(client: TestClient, db_url: str) -> None:
    coordinator(client, db_url)
    assert client.get("/api/admin/assets").status_code == 200
    result = run_cli(db_url, ["users", "deactivate", "koord@aalborg.dk"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/admin/assets").status_code == 401


def test_login_redirect_stays_on_this_site(client: TestClient, db_url: str) -> None:
    add_user(db_url, "koord@aalborg.dk")
    token = csrf_of(client, "/login")
    for target, expected in (
        ("https://evil.example/", "/assets/admin"),
        ("//evil.example/", "/assets/admin"),
        ("/assets/admin/audit", "/assets/admin/audit"),
    ):
        data = {
            "email": "koord@aalborg.dk",
            "password": PASSWORD,
            "csrf_token": token,
            "next": target,
        }
        response = client.post("/login", data=data)
        assert response.headers["location"] == expected
        token = csrf_of(client, "/login")


def test_admin_pages_need_the_admin_role(client: TestClient, db_url: str) -> None:
    token = coordinator(client, db_url)
    assert client.get("/admin/users").status_code == 403
    data = {"email": "ny@aalborg.dk", "password": PASSWORD, "role": "admin", "csrf_token": token}
    assert client.post("/admin/users", data=data).status_code == 403
    assert _scalar(db_url, "SELECT count(*) FROM users") == 1


def test_admin_adds_users_and_changes_roles(client: TestClient, db_url: str) -> None:
    add_user(db_url, "admin@aalborg.dk", "admin")
    login(client, "admin@aalborg.dk")
    token = csrf_of(client, "/admin/users")
    short = {"email": "ny@aalborg.dk", "password": "kort", "role": "planner", "csrf_token": token}
    assert client.post("/admin/users", data=short).status_code == 422
    ok = short | {"password": PASSWORD}
    assert client.post("/admin/users", data=ok).status_code == 303
    new_id = _scalar(db_url, "SELECT id FROM users WHERE email = 'ny@aalborg.dk'")
    change = {"role": "coordinator", "active": "true", "csrf_token": token}
    assert client.post(f"/admin/users/{new_id}", data=change).status_code == 303
    assert _scalar(db_url, "SELECT role FROM users WHERE email = 'ny@aalborg.dk'") == "coordinator"
    own_id = _scalar(db_url, "SELECT id FROM users WHERE email = 'admin@aalborg.dk'")
    demote = client.post(f"/admin/users/{own_id}", data=change)
    assert demote.status_code == 422
    kinds = [e["kind"] for e in client.get("/api/admin/audit").json()]
    assert {"user_created", "user_changed", "login"} <= set(kinds)


def test_cli_creates_admin_from_stdin_without_default_password(db_url: str) -> None:
    weak = run_cli(db_url, ["users", "create-admin", "a@b.dk", "--password-stdin"], "short\n")
    assert weak.exit_code == 2 and "at least 12" in weak.output
    ok = run_cli(db_url, ["users", "create-admin", "a@b.dk", "--password-stdin"], PASSWORD + "\n")
    assert ok.exit_code == 0, ok.output
    typed = f"{PASSWORD}\n{PASSWORD}\n"  # prompted twice
    prompted = run_cli(db_url, ["users", "add", "k@b.dk", "--role", "coordinator"], typed)
    assert prompted.exit_code == 0, prompted.output
    mismatch = run_cli(db_url, ["users", "add", "m@b.dk"], f"{PASSWORD}\nsomething else!!\n")
    assert mismatch.exit_code != 0
    dup = run_cli(db_url, ["users", "add", "K@b.dk", "--password-stdin"], PASSWORD + "\n")
    assert dup.exit_code == 2 and "already exists" in dup.output
    listing = run_cli(db_url, ["users", "list"])
    assert "a@b.dk" in listing.output and "coordinator" in listing.output
    roles = _scalar(db_url, "SELECT string_agg(role, ',' ORDER BY email) FROM users")
    assert roles == "admin,coordinator"


def test_submissions_are_rate_limited_with_retry_after(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, rate_submissions_per_hour=2)
    assert submit(client, title="En").status_code == 303
    assert submit(client, title="To").status_code == 303
    before = asset_fingerprint(db_url)
    refused = submit(client, title="Tre")
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 3000 < int(refused.headers["retry-after"]) <= 3600
    assert refused.json()["status"] == 429
    assert asset_fingerprint(db_url) == before


def test_uploads_are_rate_limited_per_photo(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, rate_uploads_per_hour=1)
    before = asset_fingerprint(db_url)
    two = [("photos", (f"{n}.jpg", photo_bytes(), "image/jpeg")) for n in "ab"]
    refused = submit(client, files=two)
    assert refused.status_code == 429 and "mange fotos" in refused.json()["detail"]
    assert asset_fingerprint(db_url) == before and files_under(tmp_path) == []


def test_reports_are_rate_limited(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, rate_reports_per_hour=1, report_hide_threshold=10)
    submit(client)
    token = coordinator(client, db_url)
    asset_id = asset_id_for(db_url, "Kildeparken")
    client.post(
        f"/assets/admin/{asset_id}/moderate", data={"action": "approve", "csrf_token": token}
    )
    assert (
        client.post(f"/api/assets/{asset_id}/report", json={"reason": "forkert"}).status_code == 403
    )
    resident = TestClient(client.app)
    assert (
        resident.post(f"/api/assets/{asset_id}/report", json={"reason": "forkert"}).status_code
        == 200
    )
    again = resident.post(f"/api/assets/{asset_id}/report", json={"reason": "igen"})
    assert again.status_code == 429 and int(again.headers["retry-after"]) > 0


def test_ip_hashes_are_purged_after_retention(client: TestClient, db_url: str) -> None:
    submit(client, title="Gammel")
    submit(client, title="Ny")
    with session_scope(db_url) as s:
        s.execute(
            text(
                "UPDATE assets SET submitted_at = now() - interval '31 days' WHERE title = 'Gammel'"
            )
        )
        s.execute(
            text(
                "INSERT INTO rate_hits (bucket, client_hash, created_at) "
                "VALUES ('submit', 'x', now() - interval '2 days')"
            )
        )
        s.execute(
            text(
                "INSERT INTO audit_events (kind, detail, client_hash, created_at) "
                "VALUES ('login', '{}', 'y', now() - interval '40 days')"
            )
        )
    with session_scope(db_url) as s:
        counts = purge_client_data(s, 30)
    assert counts == {
        "assets": 1,
        "asset_reports": 0,
        "audit_events": 1,
        "rate_hits": 1,
        "login_failures": 0,
    }
    assert _scalar(db_url, "SELECT client_hash IS NULL FROM assets WHERE title = 'Gammel'") is True
    assert _scalar(db_url, "SELECT client_hash IS NOT NULL FROM assets WHERE title = 'Ny'") is True
    assert _scalar(db_url, "SELECT count(*) FROM rate_hits") == 2  # today's two submissions


def test_purge_runs_at_start_up_and_from_the_cli(db_url: str, tmp_path: Path) -> None:
    submit(make_client(db_url, tmp_path), title="Gammel")
    age = "UPDATE assets SET submitted_at = now() - interval '31 days'"
    with session_scope(db_url) as s:
        s.execute(text(age))
    with make_client(db_url, tmp_path):  # entering runs the app's start-up (lifespan)
        pass
    assert _scalar(db_url, "SELECT client_hash IS NULL FROM assets") is True
    with session_scope(db_url) as s:
        s.execute(text("UPDATE assets SET client_hash = 'z'"))
    result = run_cli(db_url, ["assets", "purge"])
    assert result.exit_code == 0 and "assets: 1" in result.output
    assert _scalar(db_url, "SELECT client_hash IS NULL FROM assets") is True
