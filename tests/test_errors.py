"""Error answers: problem+json for programs, an HTML page for browsers, 503 when the database is
gone, an incident id (and nothing else) for bugs, and every entry of the class table in use."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi import Depends, FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel, field_validator
from sqlalchemy import create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from app.deps import get_session
from app.main import create_app
from app.settings import Settings
from geodata.errors import ClusterError, GeodataError, LoadError, NotFoundError, Problem
from indicators.errors import IndicatorError
from venues.errors import VenueModelError

UNREACHABLE = "postgresql+psycopg://kkuser:kkpass@127.0.0.1:1/nope"
SECRET = "s3cret-driver-text"
LEAKS = ("127.0.0.1", "kkuser", "kkpass", "psycopg", "port 1", "nope", SECRET)
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


class Body(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def short(cls, value: str) -> str:
        if len(value) > 10:
            raise ValueError(f"too long: {value}")  # echoes the input, as validators often do
        return value


# 21 problems: one with a catalogue key and values that are not JSON, then 20 plain ones
KEYED_PROBLEMS = [
    Problem("a.xlsx", "sheet 'Ark1', row 4", "", "has no rows", key="tables.err.no_rows",
            params={"unused": object()}),
    *(Problem("a.xlsx", f"row {n}", "", "bad") for n in range(5, 25)),
]  # fmt: skip


def _pool_timeout(url: str) -> None:
    """A real pool TimeoutError: one pooled connection held, a second one asked for."""
    engine = create_engine(url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    try:
        with engine.connect(), engine.connect():
            pass
    finally:
        engine.dispose()


def _unreachable_psycopg() -> None:
    psycopg.connect("host=127.0.0.1 port=1 user=kkuser password=kkpass dbname=nope")


RAISERS = {
    "notfound": (lambda _: _raise(NotFoundError("no such area")), 404),
    "load": (lambda _: _raise(LoadError([Problem("a.csv", "row 2", "code", "bad")])), 422),
    "load_keyed": (lambda _: _raise(LoadError(KEYED_PROBLEMS)), 422),
    "geodata": (lambda _: _raise(GeodataError("bad input")), 422),
    "indicator": (lambda _: _raise(IndicatorError("bad weights")), 422),
    "venue": (lambda _: _raise(VenueModelError("no candidates")), 422),
    "cluster": (lambda _: _raise(ClusterError(f"cluster at 127.0.0.1:1 {SECRET}")), 503),
    "sa_operational": (lambda _: create_engine(UNREACHABLE).connect(), 503),
    "sa_interface": (
        lambda _: _raise(sa_exc.InterfaceError("SELECT 1", {}, Exception(SECRET))),
        503,
    ),
    "pool_timeout": (_pool_timeout, 503),
    "driver_operational": (lambda _: _unreachable_psycopg(), 503),
}


def _raise(exc: Exception) -> None:
    raise exc


def _add_test_routes(app: FastAPI, db_url: str) -> None:
    @app.get("/api/test/raise/{name}")
    def raise_it(name: str) -> None:
        RAISERS[name][0](db_url)

    @app.get("/test/bug")
    def bug() -> None:
        raise RuntimeError(SECRET)

    def broken_dependency() -> None:
        raise KeyError(SECRET)

    @app.get("/api/test/bug-in-dependency")
    def uses_broken(_: None = Depends(broken_dependency)) -> None:
        return None

    @app.get("/api/test/data-error")
    def data_error(session: Session = Depends(get_session)) -> None:
        session.execute(text("SELECT CAST(:v AS integer)"), {"v": 99999999999})

    @app.get("/api/test/stream")
    def stream() -> StreamingResponse:
        def rows() -> Iterator[str]:
            yield "a,b\n"
            raise RuntimeError(SECRET)

        return StreamingResponse(rows(), media_type="text/csv")

    @app.post("/api/test/body")
    def body(data: Body) -> dict[str, str]:
        return {"name": data.name}


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    app = create_app(Settings(tiles="none", data_dir=tmp_path), database_url=db_url)
    _add_test_routes(app, db_url)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def down(tmp_path: Path) -> TestClient:
    """The app on a database URL nothing listens on."""
    app = create_app(Settings(tiles="none", data_dir=tmp_path), database_url=UNREACHABLE)
    return TestClient(app, raise_server_exceptions=False)


def _is_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    return body  # type: ignore[no-any-return]


def _no_leaks(text_: str) -> None:
    for leak in LEAKS:
        assert leak not in text_, leak


def test_unknown_path_is_a_problem_in_danish_then_english(client: TestClient) -> None:
    body = _is_problem(client.get("/api/nothing-here"), 404)
    assert body["title"] == "Ikke fundet" and body["instance"] == "/api/nothing-here"
    assert _is_problem(client.get("/api/nothing-here?lang=en"), 404)["title"] == "Not found"


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = client.post("/healthz")
    body = _is_problem(response, 405)
    assert body["title"] == "Metoden er ikke tilladt" and "GET" in response.headers["allow"]


def test_validation_lists_fields_and_never_echoes_huge_input(client: TestClient) -> None:
    huge = "x" * 100_000
    response = client.post("/api/test/body?lang=en", json={"name": huge})
    body = _is_problem(response, 422)
    assert body["title"] == "Invalid data"
    assert body["errors"][0]["field"] == "body.name"
    assert body["errors"][0]["message"].startswith("Value error, too long: xxx")
    assert len(response.content) < 2_000
    missing = _is_problem(client.post("/api/test/body", json={}), 422)
    assert missing["errors"] == [{"field": "body.name", "message": "skal udfyldes"}]
    missing = _is_problem(client.post("/api/test/body?lang=en", json={}), 422)
    assert missing["errors"] == [{"field": "body.name", "message": "is required"}]


@pytest.mark.parametrize("name", sorted(RAISERS))
def test_every_class_in_the_table_has_its_status(client: TestClient, name: str) -> None:
    status = RAISERS[name][1]
    response = client.get(f"/api/test/raise/{name}")
    body = _is_problem(response, status)
    if status == 503:
        assert int(response.headers["retry-after"]) > 0
        assert "optaget eller utilgængelig" in body["detail"]
        _no_leaks(response.text)
    if name == "load":
        assert body["errors"] == [{"file": "a.csv", "location": "row 2", "field": "code",
                                   "message": "bad"}]  # fmt: skip


@pytest.mark.parametrize(
    "path", ["/test/bug", "/api/test/bug-in-dependency", "/api/test/data-error"]
)
def test_a_bug_shows_only_an_incident_id_which_is_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    with caplog.at_level(logging.ERROR, logger="kvarterkort.errors"):
        response = client.get(path)
    body = _is_problem(response, 500)
    assert re.fullmatch(r"[0-9a-f]{12}", body["incident"])
    assert body["incident"] in body["detail"] and "retry-after" not in response.headers
    _no_leaks(response.text)
    assert "DataError" not in response.text and "integer" not in response.text
    logged = [r for r in caplog.records if body["incident"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_a_bug_is_answered_without_reaching_the_server(client: TestClient) -> None:
    """The server (uvicorn) would log a re-raised bug again, with its text and no incident id."""
    strict = TestClient(client.app, raise_server_exceptions=True)
    body = _is_problem(strict.get("/api/test/bug-in-dependency"), 500)
    assert re.fullmatch(r"[0-9a-f]{12}", body["incident"])


def test_a_bug_while_streaming_is_logged_with_an_incident(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="kvarterkort.errors"):
        response = client.get("/api/test/stream")
    assert response.status_code == 200 and SECRET not in response.text
    assert any(re.match(r"incident [0-9a-f]{12}", r.getMessage()) for r in caplog.records)


def test_browsers_get_an_html_page_in_their_language(client: TestClient) -> None:
    da = client.get("/nothing-here", headers=HTML)
    assert da.status_code == 404 and da.headers["content-type"].startswith("text/html")
    assert '<html lang="da">' in da.text and "Ikke fundet" in da.text
    assert 'href="/"' in da.text and "Til forsiden" in da.text
    en = client.get("/nothing-here?lang=en", headers=HTML)
    assert '<html lang="en">' in en.text and "Not found" in en.text
    api = client.get("/api/nothing-here", headers=HTML)
    assert api.headers["content-type"] == "application/problem+json"


def test_a_bug_page_for_browsers_shows_only_the_incident(client: TestClient) -> None:
    response = client.get("/test/bug?lang=en", headers=HTML)
    assert response.status_code == 500 and response.headers["content-type"].startswith("text/html")
    incident = re.search(r'data-testid="incident">([0-9a-f]{12})<', response.text)
    assert incident and "Internal server error" in response.text
    _no_leaks(response.text)


def test_login_redirect_still_redirects_browsers(client: TestClient) -> None:
    response = client.get("/assets/admin", headers=HTML, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=") and response.content == b""


def test_database_down_is_503_with_retry_after(down: TestClient) -> None:
    api = down.get("/api/layers")
    body = _is_problem(api, 503)
    assert body["title"] == "Tjenesten er midlertidigt utilgængelig"
    assert int(api.headers["retry-after"]) > 0
    _no_leaks(api.text)
    page = down.get("/?lang=en", headers=HTML)
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert "Try again" in page.text and 'data-testid="retry"' in page.text
    assert int(page.headers["retry-after"]) > 0
    _no_leaks(page.text)


def test_healthz_says_healthy_or_not_and_nothing_about_hosts(
    client: TestClient, down: TestClient
) -> None:
    ok = client.get("/healthz")
    assert ok.status_code == 200 and ok.json()["status"] == "ok"
    bad = down.get("/healthz")
    assert bad.status_code == 503 and bad.json() == {
        "status": "unavailable",
        "database": {"reachable": False},
    }
    assert int(bad.headers["retry-after"]) > 0
    _no_leaks(bad.text)


def test_the_app_recovers_by_itself_when_the_database_returns(tmp_path: Path) -> None:
    """A throwaway server (not the shared one): up -> 200, stopped -> 503, started -> 200."""
    import shutil
    import socket
    import tempfile

    from geodata.cluster import LocalCluster

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    data_dir = Path(tempfile.mkdtemp(prefix="kk-errors-"))  # pytest's tmp_path is root-only
    cluster = LocalCluster(data_dir, port=port, server_settings={"fsync": "off"})
    url = cluster.start().url()
    try:
        app = create_app(Settings(tiles="none", data_dir=tmp_path), database_url=url)

        @app.get("/api/test/db")
        def db(session: Session = Depends(get_session)) -> int:
            return int(session.execute(text("SELECT 1")).scalar_one())

        client = TestClient(app, raise_server_exceptions=False)
        assert client.get("/api/test/db").status_code == 200
        cluster.stop()
        down = client.get("/api/test/db")
        _is_problem(down, 503)
        assert int(down.headers["retry-after"]) > 0 and str(port) not in down.text
        _no_leaks(down.text)
        health = client.get("/healthz")
        assert health.status_code == 503 and str(port) not in health.text
        cluster.start()
        assert client.get("/api/test/db").status_code == 200
    finally:
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_error_words_exist_in_both_languages() -> None:
    from app.messages import errors as words

    assert set(words.DA) == set(words.EN)
    for status in (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503):
        assert words.DA[f"error.{status}"] != words.EN[f"error.{status}"]


def test_a_status_without_its_own_words_is_not_english_in_danish() -> None:
    from app.errors import status_title

    assert status_title(418, "da") == "Fejl"
    assert status_title(418, "en") == "I'm a Teapot"
    assert status_title(404, "da") == "Ikke fundet"
    assert status_title(599, "en") == "Error"


def test_import_problems_are_located_in_the_readers_language(client: TestClient) -> None:
    """A LoadError's problems in Danish (place words too), the members programs read unchanged,
    and no key or values of the problem leak into the JSON (they need not be serialisable)."""
    body = _is_problem(client.get("/api/test/raise/load_keyed"), 422)
    assert body["detail"].splitlines()[0] == "a.xlsx, ark 'Ark1', række 4: filen har ingen rækker"
    assert body["detail"].splitlines()[-1] == "… og 1 problemer mere"
    assert body["errors"][0] == {"file": "a.xlsx", "location": "sheet 'Ark1', row 4",
                                 "field": "", "message": "filen har ingen rækker"}  # fmt: skip
    assert len(body["errors"]) == 21
    english = _is_problem(client.get("/api/test/raise/load_keyed?lang=en"), 422)
    assert english["detail"].splitlines()[-1] == "… and 1 more problems"
