"""app/security.py rules that need no database: the CSRF check, the signed session cookie,
private-link tokens and the streaming upload cap. Fast, so the mutation run
(scripts/mutation.sh) can use them for every mutant; each fails when its rule is removed.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.security import (
    CSRF_HEADER,
    FORM_OVERHEAD_BYTES,
    SESSION_COOKIE,
    UploadLimitRoute,
    csrf_protect,
    mask_csrf,
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


MULTIPART = {"content-type": "multipart/form-data; boundary=x"}


def mini_app(tmp_path: Path, **overrides: object) -> FastAPI:
    """The security dependencies on three tiny routes, with the app's own settings object."""
    app = FastAPI()
    fields: dict[str, object] = {"tiles": "none", "data_dir": tmp_path, "secret_key": KEY}
    app.state.settings = Settings(**{**fields, **overrides})  # type: ignore[arg-type]

    @app.get("/token")
    def token(request: Request, response: Response) -> dict[str, object]:
        data = read_session(request)
        write_session(request, response, data)
        return {"csrf": data.csrf, "user": data.user_id, "epoch": data.epoch}

    @app.get("/twice")
    def twice(request: Request) -> dict[str, bool]:
        return {"same": read_session(request) is read_session(request)}

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
    token = mask_csrf(_token(client))
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
    assert other.post("/act", data={"csrf_token": mask_csrf(token)}).status_code == 403
    assert other.get("/token").json()["csrf"] != token


def test_json_with_a_login_cookie_needs_the_header(client: TestClient) -> None:
    assert client.post("/act", json={}).status_code == 200  # anonymous JSON: no cookie to abuse
    token = client.post("/login").json()["csrf"]
    assert client.get("/token").json() == {"csrf": token, "user": 7, "epoch": 2}
    assert client.post("/act", json={}).status_code == 403
    assert client.post("/act", json={}, headers={CSRF_HEADER: "wrong"}).status_code == 403
    assert client.post("/act", json={}, headers={CSRF_HEADER: mask_csrf(token)}).status_code == 200


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
    assert client.post("/upload", content=b"x" * limit, headers=MULTIPART).json() == {"n": limit}
    assert client.post("/upload", content=b"x" * (limit + 1), headers=MULTIPART).status_code == 413
    streamed = client.post("/upload", content=_chunks(limit + 1), headers=MULTIPART)
    assert streamed.status_code == 413
    assert client.post("/upload", content=_chunks(limit), headers=MULTIPART).json() == {"n": limit}
    # only multipart bodies get the upload budget: anything else keeps the app's global cap
    assert client.post("/upload", content=b"x" * (limit + 1)).json() == {"n": limit + 1}


def test_skills_are_never_generalised_below_250_m() -> None:
    from geodata.queries.assets_public import MIN_GENERALISATION_M, generalisation

    assert MIN_GENERALISATION_M == 250
    assert generalisation(0) == 250.0 and generalisation(249.9) == 250.0
    assert generalisation(250) == 250.0 and generalisation(400) == 400.0
    assert isinstance(generalisation(400), float)


# --- found by mutation testing ----------------------------------------------------------------


def _cookie(payload: dict[str, object], salt: str | None = "kk-session", age_s: int = 0) -> str:
    class Dated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_s

    kwargs: dict[str, object] = {"salt": salt} if salt else {}
    return URLSafeTimedSerializer(KEY, signer=Dated, **kwargs).dumps(payload)  # type: ignore[arg-type]


def _with_cookie(client: TestClient, value: str) -> dict[str, object]:
    client.cookies.clear()
    return dict(client.get("/token", headers={"cookie": f"{SESSION_COOKIE}={value}"}).json())


def test_session_cookie_is_checked_with_its_salt_and_age(client: TestClient) -> None:
    payload = {"c": "tok", "u": 3, "e": 4}
    assert _with_cookie(client, _cookie(payload)) == {"csrf": "tok", "user": 3, "epoch": 4}
    assert _with_cookie(client, _cookie(payload, salt=None))["user"] is None  # other purpose
    assert _with_cookie(client, _cookie(payload, age_s=8 * 3600 + 60))["user"] is None  # expired
    no_epoch = _cookie({"c": "tok", "u": 3})
    assert _with_cookie(client, no_epoch) == {"csrf": "tok", "user": 3, "epoch": 0}


def test_a_fresh_session_has_a_strong_token_and_is_read_once(tmp_path: Path) -> None:
    fresh = TestClient(mini_app(tmp_path))
    token = fresh.get("/token").json()["csrf"]
    assert isinstance(token, str) and len(token) >= 43
    assert fresh.get("/twice").json() == {"same": True}


def test_every_form_encoding_needs_the_token(tmp_path: Path) -> None:
    anonymous = TestClient(mini_app(tmp_path))
    anonymous.get("/token")
    multipart = anonymous.post("/act", data={"x": "1"}, files={"f": ("a.txt", b"x")})
    assert multipart.status_code == 403
    typed = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    assert anonymous.post("/act", content=b"x=1", headers=typed).status_code == 403
    assert anonymous.post("/act").status_code == 200  # no body, no type: not a form
    refused = anonymous.post("/act", data={"csrf_token": "forkert"})
    assert "did not come from this site" in refused.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://angriber.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"referer": "http://angriber.example/side"},
    ],
)
def test_cross_site_posts_are_refused_even_with_the_token(
    client: TestClient, headers: dict[str, str]
) -> None:
    token = mask_csrf(_token(client))
    assert client.post("/act", data={"csrf_token": token}, headers=headers).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://testserver"},
        {"sec-fetch-site": "same-origin"},
        {"referer": "http://testserver/assets/new"},
    ],
)
def test_same_site_posts_pass(client: TestClient, headers: dict[str, str]) -> None:
    token = mask_csrf(_token(client))
    assert client.post("/act", data={"csrf_token": token}, headers=headers).status_code == 200


def test_upload_refusal_names_the_limit(tmp_path: Path) -> None:
    client = TestClient(mini_app(tmp_path, upload_max_bytes=2**20))
    limit = 2**20 * MAX_PHOTOS + FORM_OVERHEAD_BYTES
    refused = client.post("/upload", content=b"x" * (limit + 1), headers=MULTIPART)
    assert refused.json()["detail"] == f"The request is larger than {MAX_PHOTOS} MB."
    streamed = client.post("/upload", content=_chunks(limit + 1), headers=MULTIPART)
    assert streamed.json()["detail"] == f"The request is larger than {MAX_PHOTOS} MB."


def test_a_body_in_many_small_messages_is_counted_as_a_whole(tmp_path: Path) -> None:
    """The cap adds up every ASGI message, so small chunks cannot slip a large body through."""
    app = mini_app(tmp_path, upload_max_bytes=1000)
    limit = 1000 * MAX_PHOTOS + FORM_OVERHEAD_BYTES
    chunk, count = 32 * 1024, limit // (32 * 1024) + 2
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        more = len(sent) < count - 1
        sent.append({})
        return {"type": "http.request", "body": b"x" * chunk, "more_body": more}

    statuses: list[int] = []

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(message["status"]))  # type: ignore[call-overload]

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/upload", "raw_path": b"/upload", "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; b=x")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80), "root_path": "",
    }  # fmt: skip
    # A thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()  # type: ignore[arg-type]
    assert statuses == [413]
