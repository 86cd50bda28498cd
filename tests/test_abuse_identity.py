"""Who the client is (proxy headers only from trusted proxies), and cross-site refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from starlette.requests import Request

from app.main import create_app
from app.security import client_hash, client_ip, keyed_hash
from app.settings import Settings
from tests.test_assets_helpers import (
    HERE,
    approve,
    asset_fingerprint,
    asset_id_for,
    coordinator,
    csrf_of,
    make_client,
    submit,
)

V6_FORWARDED = 'for=6.6.6.6, for="[2001:db8::1]:4711";proto=https'
BODY = {"category": "skills", "title": "Cykelreparation", "consent": True} | HERE


def _request(peer: str, headers: dict[str, str], proxies: list[str]) -> Request:
    app = create_app(
        Settings(tiles="none", secret_key="k", trusted_proxies=proxies),
        database_url="postgresql+psycopg://unused@127.0.0.1:1/unused",
    )
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "headers": raw, "client": (peer, 1), "app": app})


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        ("203.0.113.9", {"X-Forwarded-For": "1.2.3.4"}, "203.0.113.9"),  # untrusted peer
        ("testclient", {"Forwarded": "for=1.2.3.4"}, "testclient"),
        ("10.0.0.2", {"X-Forwarded-For": "6.6.6.6, 1.2.3.4"}, "1.2.3.4"),  # right-most
        ("10.0.0.2", {"X-Forwarded-For": "6.6.6.6, 1.2.3.4, 10.0.0.9"}, "1.2.3.4"),
        ("10.0.0.2", {"X-Forwarded-For": "10.0.0.7, 10.0.0.9"}, "10.0.0.7"),  # all proxies
        ("10.0.0.2", {}, "10.0.0.2"),
        (
            "10.0.0.2",
            {"Forwarded": 'for=6.6.6.6, for="[2001:db8::1]:4711";proto=https'},
            "2001:db8::1",
        ),
        (
            "10.0.0.2",
            {"Forwarded": "for=192.0.2.60:8080", "X-Forwarded-For": "9.9.9.9"},
            "192.0.2.60",
        ),
        ("::1", {"X-Forwarded-For": "1.2.3.4"}, "1.2.3.4"),
    ],
)
def test_client_ip_believes_proxy_headers_only_from_trusted_proxies(
    peer: str, headers: dict[str, str], expected: str
) -> None:
    request = _request(peer, headers, ["10.0.0.0/8", "::1"])
    assert client_ip(request) == expected
    assert client_hash(request) == keyed_hash(request, "", expected)


def test_no_proxy_is_trusted_by_default() -> None:
    assert Settings().trusted_proxies == []
    request = _request("127.0.0.1", {"X-Forwarded-For": "1.2.3.4"}, [])
    assert client_ip(request) == "127.0.0.1"


def test_trusted_proxies_come_from_the_environment_and_are_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KVARTERKORT_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    assert Settings().trusted_proxies == ["10.0.0.1", "192.168.0.0/16"]
    with pytest.raises(ValidationError, match=r"proxy\.local"):
        Settings(trusted_proxies="10.0.0.1 proxy.local")


def test_rotating_x_forwarded_for_does_not_dodge_the_submission_limit(
    db_url: str, tmp_path: Path
) -> None:
    client = make_client(db_url, tmp_path, rate_submissions_per_hour=1)
    first = client.post("/api/assets", json=BODY, headers={"X-Forwarded-For": "1.1.1.1"})
    assert first.status_code == 201, first.text
    second = client.post("/api/assets", json=BODY, headers={"X-Forwarded-For": "2.2.2.2"})
    assert second.status_code == 429


def test_a_trusted_proxy_s_forwarded_address_is_the_client(db_url: str, tmp_path: Path) -> None:
    settings = Settings(
        tiles="none",
        data_dir=tmp_path,
        secret_key="test-secret",
        rate_submissions_per_hour=1,
        trusted_proxies=["10.0.0.0/8"],
    )
    app = create_app(settings, database_url=db_url)
    proxy = TestClient(app, client=("10.0.0.5", 40000))
    for address in ("1.1.1.1", "2.2.2.2"):
        response = proxy.post("/api/assets", json=BODY, headers={"X-Forwarded-For": address})
        assert response.status_code == 201, response.text
    again = proxy.post("/api/assets", json=BODY, headers={"X-Forwarded-For": "6.6.6.6, 2.2.2.2"})
    assert again.status_code == 429  # the left part is the client's own claim: ignored


# --- cross-site requests ---------------------------------------------------------------------


@pytest.fixture
def approved(db_url: str, tmp_path: Path) -> tuple[TestClient, int]:
    """A resident's client (no session) and an approved asset."""
    staff = make_client(db_url, tmp_path)
    submit(staff)
    approve(staff, db_url, "Kildeparken", coordinator(staff, db_url))
    return TestClient(staff.app, follow_redirects=False), asset_id_for(db_url, "Kildeparken")


CROSS_SITE: list[dict[str, str]] = [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://testserver.evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Referer": "https://evil.example/page"},
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_cross_site_endorse_and_report_are_refused(
    approved: tuple[TestClient, int], db_url: str, headers: dict[str, str]
) -> None:
    client, asset_id = approved
    before = asset_fingerprint(db_url)
    calls: list[tuple[str, dict[str, Any]]] = [
        (f"/api/assets/{asset_id}/endorse", {}),
        (f"/api/assets/{asset_id}/report", {"json": {"reason": "findes ikke"}}),
        (f"/assets/{asset_id}/endorse", {"data": {"csrf_token": "x"}}),
        (f"/assets/{asset_id}/report", {"data": {"reason": "findes ikke", "csrf_token": "x"}}),
        ("/api/assets", {"json": BODY}),
    ]
    for path, body in calls:
        refused = client.post(path, headers=headers, **body)
        assert refused.status_code == 403, (path, refused.status_code)
        assert refused.headers["content-type"] == "application/problem+json"
        assert "andet websted" in refused.json()["detail"]
    assert asset_fingerprint(db_url) == before


def test_same_site_and_non_browser_clients_still_work(
    approved: tuple[TestClient, int], db_url: str
) -> None:
    client, asset_id = approved
    same = [
        {"Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Referer": "http://testserver/assets/1"},
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # a no-referrer page of this site
        {},  # curl, scripts
    ]
    for n, headers in enumerate(same, start=1):
        response = client.post(f"/api/assets/{asset_id}/endorse", headers=headers)
        assert response.status_code == 200, (headers, response.text)
        assert response.json()["endorsements"] == n
    token = csrf_of(client, f"/assets/{asset_id}")
    form = client.post(
        f"/assets/{asset_id}/report",
        data={"reason": "lukket", "csrf_token": token},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert form.status_code == 303
    english = client.post(
        f"/api/assets/{asset_id}/endorse?lang=en", headers={"Origin": "https://evil.example"}
    )
    assert english.status_code == 403 and "another website" in english.json()["detail"]
