"""The venue finder at scale on the Aalborg demo (real PostGIS): the settings' size and memory
bounds, the heuristic's answer said in words, impossible p-median requests refused before any
MILP, and a solve that stops when its client goes away.
"""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

import app.routes.venues_params as params
from app.main import create_app
from app.settings import Settings
from venues import limits, search
from venues.limits import SolveCancelled

SO = {"model": "mclp", "p": 2, "radius": 800, "target": "65+", "area_kind": "postnummer",
      "area_code": "9210", "buffer_m": 500, "step_free": True}  # fmt: skip


def page_query() -> str:
    return urlencode({k: str(v).lower() if isinstance(v, bool) else v for k, v in SO.items()})


def client_with(demo_url: str, tmp_path: Path, **settings: Any) -> TestClient:
    app = create_app(Settings(tiles="none", data_dir=tmp_path, **settings), database_url=demo_url)
    return TestClient(app, follow_redirects=False)


def test_an_exact_answer_says_so_and_has_no_notice(demo_url: str, tmp_path: Path) -> None:
    body = client_with(demo_url, tmp_path).post("/api/venues/solve", json=SO).json()
    assert (body["summary"]["method"], body["summary"]["reason"]) == ("exact", None)
    assert body["solution_sentence"] is None


def test_above_the_size_setting_the_api_returns_the_heuristic_and_says_so(
    demo_url: str, tmp_path: Path
) -> None:
    client = client_with(demo_url, tmp_path, venues_exact_max_size=10)
    body = client.post("/api/venues/solve?lang=en", json=SO).json()
    summary = body["summary"]
    assert (summary["method"], summary["reason"]) == ("heuristic", "size")
    assert summary["gap"] is not None and summary["gap"] >= 0
    assert body["solution_sentence"].startswith("The question is too large for an exact")
    assert "the limit is 10" in body["solution_sentence"]


def test_the_page_shows_the_heuristic_notice_in_danish(demo_url: str, tmp_path: Path) -> None:
    client = client_with(demo_url, tmp_path, venues_exact_max_size=10)
    html = client.get(f"/venues?{page_query()}").text
    assert 'data-testid="solution-sentence"' in html
    assert "Spørgsmålet er for stort til en eksakt løsning" in html


def test_the_memory_bound_refuses_with_the_limit_named(demo_url: str, tmp_path: Path) -> None:
    client = client_with(demo_url, tmp_path, venues_max_pairs=100)
    answer = client.post("/api/venues/solve?lang=en", json=SO)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "at most 100 may be computed" in answer.json()["detail"]


def test_too_few_venues_for_pmedian_are_explained_before_any_milp(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_milp(*args: object, **kwargs: object) -> None:
        raise AssertionError("a MILP was built for a request the LP bound proves impossible")

    monkeypatch.setattr("venues.median.radius_model", no_milp)
    client = client_with(demo_url, tmp_path)
    question = {**SO, "model": "pmedian", "p": 1, "radius": 250}
    answer = client.post("/api/venues/solve", json=question)
    assert answer.status_code == 422, answer.text
    assert "der skal mindst" in answer.json()["detail"]


class SolveWatch:
    """Instruments the real solve: `inside` once the heuristic's swap loop runs (it then waits
    for the solve's cancel event), `finished` with the error the use case ended with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.inside, self.finished = threading.Event(), threading.Event()
        self.error: BaseException | None = None
        real_deltas, real_run = search._swap_deltas, params.run

        def deltas(*args: Any) -> Any:
            self.inside.set()
            event = limits.current()
            assert event is not None and event.wait(timeout=30), "never cancelled"
            return real_deltas(*args)

        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return real_run(*args, **kwargs)
            except BaseException as exc:
                self.error = exc
                raise
            finally:
                self.finished.set()

        monkeypatch.setattr(search, "_swap_deltas", deltas)
        monkeypatch.setattr(params, "run", run)


def raw_request(port: int, method: str, path: str, body: bytes = b"") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")  # fmt: skip
    sock.sendall(head.encode() + body)
    return sock


@pytest.mark.parametrize("route", ["api", "page"])
def test_a_solve_stops_when_its_client_goes_away(
    route: str, demo_url: str, live_server_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = live_server_for(demo_url)
    app = server.server.config.app
    app.state.settings = app.state.settings.model_copy(update={"venues_exact_max_size": 10})
    watch = SolveWatch(monkeypatch)
    if route == "api":
        sock = raw_request(server.port, "POST", "/api/venues/solve", json.dumps(SO).encode())
    else:
        sock = raw_request(server.port, "GET", f"/venues?{page_query()}")
    assert watch.inside.wait(timeout=60), "the solve never reached the heuristic's loop"
    sock.close()  # the client goes away mid-solve
    assert watch.finished.wait(timeout=60), "the solve thread did not stop"
    assert isinstance(watch.error, SolveCancelled)
