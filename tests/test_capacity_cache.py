"""An answer is computed once per view: the page and its map frame share it, until data changes.

The engines are wrapped with counting spies (they still run, on the real demo database), so
the tests see how often a ranking run, a venue answer, its catchments and a map are computed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

import app.routes.ranking_maps as ranking_maps
import app.routes.venues_pages as venues_pages
import usecases.ranking_db as ranking_db
import usecases.venues as venue_finder
from app.answer_cache import ANSWERS
from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope
from geodata.demo import read_manifest
from geodata.loaders import load
from geodata.queries.ranking import save_profile
from indicators.profile_io import PROFILE_DIR

VENUE_QUESTION = {"model": "mclp", "p": "2", "radius": "800", "unit": "m", "target": "65+",
                  "area_kind": "postnummer", "area_code": "9210", "buffer_m": "500"}  # fmt: skip


class Spy:
    """Counts the calls of a function and still calls it."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.calls = fn, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.fn(*args, **kwargs)


def spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Spy:
    wrapper = Spy(getattr(module, name))
    monkeypatch.setattr(module, name, wrapper)
    return wrapper


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    ANSWERS.clear()
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="capacity-test")
    return TestClient(create_app(settings, database_url=demo_url))


def frame_src(html: str) -> str:
    src = re.search(r'<iframe class="map-frame" src="([^"]+)"', html)
    assert src, "the page has no map frame"
    return src.group(1).replace("&amp;", "&")


def test_ranking_page_and_its_map_frame_rank_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = spy(monkeypatch, ranking_db, "run_ranking")
    maps = spy(monkeypatch, ranking_maps, "build_ranking_map")
    page = client.get("/ranking", params={"profile": "boligsocial", "draws": 20})
    assert page.status_code == 200
    frame = client.get(frame_src(page.text))  # the frame names the period; the page did not
    assert frame.status_code == 200 and "<html" in frame.text.lower()
    assert runs.calls == 1
    again = client.get(frame_src(page.text))
    assert again.text == frame.text and maps.calls == 1  # the rendered map is kept too
    api = client.get("/api/ranking/run", params={"profile": "boligsocial", "draws": 20})
    assert api.status_code == 200 and runs.calls == 1
    english = client.get(frame_src(page.text).replace("lang=da", "lang=en"))
    assert english.status_code == 200 and maps.calls == 2 and runs.calls == 1


def test_saving_the_profile_makes_the_next_run_fresh(
    client: TestClient, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = spy(monkeypatch, ranking_db, "run_ranking")
    own = (PROFILE_DIR / "boligsocial.yaml").read_text()
    with session_scope(demo_url) as s:
        save_profile(s, "min_profil", own, None)
    params = {"profile": "min_profil"}
    before = client.get("/api/ranking/run", params=params).json()
    assert client.get("/api/ranking/run", params=params).json() == before and runs.calls == 1
    with session_scope(demo_url) as s:
        save_profile(s, "min_profil", own.replace("\nname: ", "\nname: Ny ", 1), None)
    after = client.get("/api/ranking/run", params=params).json()
    assert runs.calls == 2 and after["name"] != before["name"]


def test_a_data_load_changes_the_answer(
    client: TestClient, demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = spy(monkeypatch, ranking_db, "run_ranking")
    params = {"profile": "boligsocial", "area_kind": "sogn"}
    before = client.get("/api/ranking/run", params=params).json()
    assert client.get("/api/ranking/run", params=params).json() == before and runs.calls == 1
    _reload_indicators(demo_url, tmp_path)
    after = client.get("/api/ranking/run", params=params).json()
    assert runs.calls == 2 and after != before


def _reload_indicators(url: str, tmp_path: Path) -> None:
    """Load the demo's indicator file again with every sogn value of the latest period doubled."""
    entry = next(e for e in read_manifest() if e.kind == "indicators")
    with entry.options.path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    latest = max(r["period"] for r in rows if r["area_kind"] == "sogn")
    for row in rows:
        if row["area_kind"] == "sogn" and row["period"] == latest and row["value"]:
            row["value"] = str(min(100.0, float(row["value"]) * 2))
            row["numerator"] = row["denominator"] = ""
    changed = tmp_path / "indicator_values.csv"
    with changed.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    options = entry.options.__class__(**{**entry.options.__dict__, "path": changed})
    with session_scope(url) as s:
        report = load(s, "indicators", options)
    assert report.counts.changed > 0


def test_an_approved_asset_redraws_the_map_but_not_the_ranking(
    client: TestClient, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = spy(monkeypatch, ranking_db, "run_ranking")
    maps = spy(monkeypatch, ranking_maps, "build_ranking_map")
    url = "/ranking/map?profile=boligsocial&draws=20"
    client.get(url)
    client.get(url)
    assert (runs.calls, maps.calls) == (1, 1)
    with session_scope(demo_url) as s:
        changed = s.execute(
            text("UPDATE assets SET status = 'approved', updated_at = now() "
                 "WHERE id = (SELECT min(id) FROM assets WHERE status = 'pending')")
        ).rowcount  # fmt: skip
    assert changed == 1
    client.get(url)
    assert (runs.calls, maps.calls) == (1, 2)


def test_venue_page_map_report_and_download_answer_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = spy(monkeypatch, venues_pages, "answer")
    shapes = spy(monkeypatch, venue_finder, "_catchments")
    page = client.get("/venues", params=VENUE_QUESTION)
    assert page.status_code == 200 and shapes.calls == 0  # the page draws no catchments
    frame = client.get(frame_src(page.text))
    assert frame.status_code == 200
    report = client.get("/venues/report", params=VENUE_QUESTION)
    assert report.status_code == 200
    reordered = dict(reversed(list(VENUE_QUESTION.items())))
    download = client.get("/venues/download", params={**reordered, "format": "geojson"})
    assert download.status_code == 200
    assert (answers.calls, shapes.calls) == (1, 1)
    other = client.get("/venues", params={**VENUE_QUESTION, "radius": "600"})
    assert other.status_code == 200 and answers.calls == 2
