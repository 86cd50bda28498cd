"""app/security.py rules that need no database: the CSRF check, the signed session cookie,
private-link tokens and the streaming upload cap. Fast, so the mutation run
(scripts/mutation.sh) can use them for every mutant; each fails when its rule is removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient

from app.security import (
    CSRF_HEADER,
    FORM_OVERHEAD_BYTES,
    SESSION_COOKIE,
    UploadLimitRoute,
    csrf_protect,
    new_private_token,
    read_session,
    start_session,
    token_hash,
    upload_budget,
    write_session,
)
from app.settings import Settings
from geodata.models_assets import MAX_PHOTOS

KEY = "ren-test-nøgle"


def mini_app(tmp_path: Path, **overrides: object) -> FastAPI:
    """The security dependencies on three tiny routes, with the app's own settings object."""
    app = FastAPI()
    fields: dict[str, object] = {"tiles": "none", "data_dir": tmp_path, "secret_key": KEY}
    app.state.settings = Settings(**{**fields, **overrides})  # type: ignore[arg-type]

    @app.get("/token")
    def token(request: Request, response: Response) -> dict[str, object]:
        data = read_session(request)
        write_session(request, response, data)
        return {"csrf": data.csrf, "user": data.user_id}

    @app.post("/login")
    def login(request: Request, response: Response) -> dict[str, str]:
        start_session(request, response, user_id=7, epoch=2)
        return {"csrf": read_session(request).csrf}

    @app.post("/act", dependencies=[Depends(csrf_protect)])
    def act() -> dict[str, bool]:
        return {"ok": True}

    router = APIRouter(route_class=UploadLimitRoute)

    @router.post("/upload")
    async def upload(request: Request) -> dict[str, int]:
        return {"n": len(await request.body())}

    app.include_router(router)
    return app


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(mini_app(tmp_path))


def _token(client: TestClient) -> str:
    return str(client.get("/token").json()["csrf"])


def test_form_needs_the_sessions_token(client: TestClient) -> None:
    token = _token(client)
    assert client.post("/act", data={"csrf_token": token}).status_code == 200
    assert client.post("/act", data={"csrf_token": token + "x"}).status_code == 403
    assert client.post("/act", data={"other": token}).status_code == 403
    multipart = client.post("/act", data={"csrf_token": token}, files={"f": ("a.txt", b"x")})
    assert multipart.status_code == 200


def test_form_without_a_session_cookie_is_refused(tmp_path: Path) -> None:
    fresh = TestClient(mini_app(tmp_path))
    assert fresh.post("/act", data={"csrf_token": "anything"}).status_code == 403


def test_forged_cookie_is_a_fresh_session(client: TestClient, tmp_path: Path) -> None:
    token = _token(client)
    other = TestClient(mini_app(tmp_path, secret_key="en anden nøgle"))
    other.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
    assert other.post("/act", data={"csrf_token": token}).status_code == 403
    assert other.get("/token").json()["csrf"] != token


def test_json_with_a_login_cookie_needs_the_header(client: TestClient) -> None:
    assert client.post("/act", json={}).status_code == 200  # anonymous JSON: no cookie to abuse
    token = client.post("/login").json()["csrf"]
    assert client.get("/token").json() == {"csrf": token, "user": 7}
    assert client.post("/act", json={}).status_code == 403
    assert client.post("/act", json={}, headers={CSRF_HEADER: "wrong"}).status_code == 403
    assert client.post("/act", json={}, headers={CSRF_HEADER: token}).status_code == 200


def test_safe_methods_pass_and_the_cookie_is_locked_down(client: TestClient) -> None:
    response = client.get("/token")
    cookie = response.headers["set-cookie"].lower()
    assert SESSION_COOKIE in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "path=/" in cookie and "max-age=" in cookie
    assert "secure" not in cookie.replace("samesite", "")


def test_secure_cookies_when_configured(tmp_path: Path) -> None:
    secure = TestClient(mini_app(tmp_path, secure_cookies=True), base_url="https://testserver")
    assert "; secure" in secure.get("/token").headers["set-cookie"].lower()


def test_private_tokens_are_stored_as_hashes() -> None:
    token, stored = new_private_token()
    assert len(token) >= 43 and stored == token_hash(token) != token
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()
    assert new_private_token()[0] != token


def test_upload_budget() -> None:
    settings = Settings(tiles="none", secret_key=KEY, upload_max_bytes=1000)
    assert upload_budget(settings) == 1000 * MAX_PHOTOS + FORM_OVERHEAD_BYTES


def _chunks(size: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    while size > 0:
        yield b"x" * min(chunk, size)
        size -= chunk


def test_uploads_are_capped_declared_and_streamed(tmp_path: Path) -> None:
    client = TestClient(mini_app(tmp_path, upload_max_bytes=1000))
    limit = 1000 * MAX_PHOTOS + FORM_OVERHEAD_BYTES
    assert client.post("/upload", content=b"x" * limit).json() == {"n": limit}
    assert client.post("/upload", content=b"x" * (limit + 1)).status_code == 413
    streamed = client.post("/upload", content=_chunks(limit + 1))
    assert streamed.status_code == 413
    assert client.post("/upload", content=_chunks(limit)).json() == {"n": limit}


def test_skills_are_never_generalised_below_250_m() -> None:
    from geodata.queries.assets_public import MIN_GENERALISATION_M, generalisation

    assert MIN_GENERALISATION_M == 250
    assert generalisation(0) == 250.0 and generalisation(249.9) == 250.0
    assert generalisation(250) == 250.0 and generalisation(400) == 400.0
    assert isinstance(generalisation(400), float)
