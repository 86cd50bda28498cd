"""Login backoff per account and per client: 429 pages, no raw IPs or passwords stored."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries.assets_auth import Backoff
from tests.test_assets_helpers import PASSWORD, add_user, csrf_of, make_client

WRONG = "not the right password"


def _client(db_url: str, tmp_path: Path, **overrides: Any) -> TestClient:
    return make_client(db_url, tmp_path, rate_logins_per_hour=1000, **overrides)


def _login(client: TestClient, email: str, password: str = PASSWORD, **headers: str) -> Any:
    token = csrf_of(client, "/login")
    data = {"email": email, "password": password, "csrf_token": token}
    return client.post("/login", data=data, headers=headers)


def _age_failures(db_url: str, seconds: int) -> None:
    with session_scope(db_url) as s:
        s.execute(
            text("UPDATE login_failures SET created_at = created_at - make_interval(secs => :s)"),
            {"s": seconds},
        )


def _more_failures(db_url: str, n: int) -> None:
    """n more failures like the latest one (each HTTP failure now would itself be refused)."""
    with session_scope(db_url) as s:
        for _ in range(n):
            s.execute(
                text(
                    "INSERT INTO login_failures (account_hash, client_hash) SELECT account_hash, "
                    "client_hash FROM login_failures ORDER BY id DESC LIMIT 1"
                )
            )


def test_backoff_doubles_from_the_threshold_and_is_capped() -> None:
    backoff = Backoff(after=5, cap_s=900, window_s=3600)
    assert [backoff.wait(n) for n in range(4, 10)] == [0, 2, 4, 8, 16, 32]
    assert backoff.wait(40) == 900 and backoff.wait(10**6) == 900


def test_an_account_backs_off_even_for_the_right_password(db_url: str, tmp_path: Path) -> None:
    client = _client(db_url, tmp_path, login_backoff_after=3, login_client_backoff_after=1000)
    add_user(db_url, "koord@aalborg.dk")
    for _ in range(3):
        assert _login(client, "koord@aalborg.dk", WRONG).status_code == 401
    _more_failures(db_url, 4)  # 7 failures: 2^(7-3+1) = 32 s
    locked = _login(client, "koord@aalborg.dk")  # right password, still refused
    assert locked.status_code == 429
    assert locked.headers["content-type"].startswith("text/html")
    assert 16 < int(locked.headers["retry-after"]) <= 32
    assert "For mange mislykkede login-forsøg" in locked.text
    other_client = TestClient(client.app, client=("198.51.100.7", 5000), follow_redirects=False)
    elsewhere = _login(other_client, "KOORD@aalborg.dk ")  # same account, other client
    assert elsewhere.status_code == 429
    _age_failures(db_url, 33)
    assert _login(client, "koord@aalborg.dk").status_code == 303
    with session_scope(db_url) as s:
        assert s.execute(text("SELECT count(*) FROM login_failures")).scalar_one() == 0


def test_failures_store_keyed_hashes_only(db_url: str, tmp_path: Path) -> None:
    client = _client(db_url, tmp_path)
    _login(client, "nobody@aalborg.dk", WRONG)
    with session_scope(db_url) as s:
        rows = s.execute(text("SELECT account_hash, client_hash FROM login_failures")).all()
    assert len(rows) == 1
    account, peer = rows[0]
    for value in (account, peer):
        assert len(value) == 64 and int(value, 16) >= 0
    stored = f"{account}{peer}"
    assert "nobody" not in stored and WRONG not in stored and "testclient" not in stored
    assert account != hashlib.sha256(b"nobody@aalborg.dk").hexdigest()  # keyed, not plain


def test_a_client_backs_off_across_accounts(db_url: str, tmp_path: Path) -> None:
    client = _client(db_url, tmp_path, login_backoff_after=1000, login_client_backoff_after=3)
    add_user(db_url, "koord@aalborg.dk")
    for n in range(3):
        assert _login(client, f"guess{n}@aalborg.dk", WRONG).status_code == 401
    _more_failures(db_url, 3)
    refused = _login(client, "koord@aalborg.dk")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    english = client.post(
        "/login?lang=en",
        data={"email": "x@aalborg.dk", "password": WRONG, "csrf_token": csrf_of(client, "/login")},
    )
    assert english.status_code == 429 and "Too many failed login attempts" in english.text
    other = TestClient(client.app, client=("198.51.100.8", 5000), follow_redirects=False)
    assert _login(other, "koord@aalborg.dk").status_code == 303


def test_rotating_x_forwarded_for_does_not_dodge_login_backoff(db_url: str, tmp_path: Path) -> None:
    client = _client(db_url, tmp_path, login_backoff_after=1000, login_client_backoff_after=3)
    for n in range(3):
        headers = {"X-Forwarded-For": f"203.0.113.{n}"}
        assert _login(client, f"guess{n}@aalborg.dk", WRONG, **headers).status_code == 401
    _more_failures(db_url, 3)
    fresh = {"X-Forwarded-For": "203.0.113.99"}
    assert _login(client, "guess9@aalborg.dk", WRONG, **fresh).status_code == 429


def test_the_hourly_login_limit_answers_with_the_login_page(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path, rate_logins_per_hour=1)
    assert _login(client, "a@aalborg.dk", WRONG).status_code == 401
    limited = _login(client, "b@aalborg.dk", WRONG)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 3000
    assert limited.headers["content-type"].startswith("text/html")
