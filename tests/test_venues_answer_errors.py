"""The venue finder's errors in the coordinator's language, with units on every distance.

Each model and finder error that a page or the API can meet carries a catalogue key; the page
and problem+json render it in Danish (or English), numbers the Danish way, and the radius with
its unit (metres or minutes), because "r=10" alone does not say what to change.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.errors import translated
from app.i18n import catalogue
from app.main import create_app
from app.settings import Settings
from venues import InfeasibleRequestError, Problem, checks

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*(ROOT / "venues").glob("*.py"), ROOT / "usecases" / "venues.py",
           *(ROOT / "geodata" / "queries").glob("venue_*.py")]  # fmt: skip
SO = {"model": "mclp", "p": 2, "radius": 800, "target": "65+", "area_kind": "postnummer",
      "area_code": "9210", "buffer_m": 500}  # fmt: skip


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


def _keys_in_sources() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        source = path.read_text("utf-8")
        keys |= set(re.findall(r'key="(venues\.err\.[a-z_0-9.]+)"', source))
        if 'key=f"venues.err.unknown_{what}"' in source:
            keys |= {"venues.err.unknown_required", "venues.err.unknown_excluded"}
        if '"venues.err.no_demand" + scope' in source:
            keys |= {"venues.err.no_demand", "venues.err.no_demand.area",
                     "venues.err.no_candidates", "venues.err.no_candidates.area"}  # fmt: skip
    return keys


def test_every_error_key_has_danish_and_english_text() -> None:
    keys = _keys_in_sources()
    assert len(keys) >= 20
    cat = catalogue()
    assert not keys - set(cat["da"]) and not keys - set(cat["en"])


def test_model_error_carries_its_numbers_and_renders_in_danish() -> None:
    problem = Problem.from_matrix(["a", "b"], [1, 2], ["x", "y", "z"], np.ones((2, 3)))
    with pytest.raises(InfeasibleRequestError) as caught:
        checks.check_p(problem, 10)
    exc = caught.value
    assert exc.key == "venues.err.p_too_large" and exc.params["available"] == 3
    assert "p=10 is larger than the 3 candidates" in str(exc)  # English for logs and the CLI
    assert translated(exc, "da").startswith("Du har bedt om 10 lokaler, men kun 3 lokaler")


def test_lscp_infeasible_names_the_unit_in_metres_and_minutes(client: TestClient) -> None:
    metres = client.post("/api/venues/solve", json={**SO, "model": "lscp", "radius": 300})
    detail = metres.json()["detail"]
    assert metres.status_code == 422 and "inden for 300 m" in detail and "r=" not in detail
    assert re.search(r"Højst \d+(,\d)? % kan nås", detail)
    minutes = client.post(
        "/api/venues/solve?lang=en", json={**SO, "model": "lscp", "radius": 4, "unit": "min"}
    )
    assert "within 4 min" in minutes.json()["detail"]


def test_required_and_excluded_venue_is_explained(client: TestClient) -> None:
    venue = client.post("/api/venues/solve", json=SO).json()["venues"][0]["candidate_id"]
    both = client.post("/api/venues/solve", json={**SO, "required": [venue], "excluded": [venue]})
    assert both.status_code == 422
    assert "både under »Skal med« og »Må ikke bruges«" in both.json()["detail"]
    unknown = client.post("/api/venues/solve", json={**SO, "required": ["V9999"]})
    assert "ikke blandt de egnede lokaler: V9999" in unknown.json()["detail"]


def test_danish_page_shows_the_lscp_error_in_danish(client: TestClient) -> None:
    form = {k: str(v) for k, v in SO.items()} | {"model": "lscp", "radius": "300"}
    page = client.get("/venues", params=form)
    assert page.status_code == 422
    error = re.search(r'data-testid="venue-error">(.*?)</div>', page.text, re.S)
    assert error and "Målgruppen kan ikke dækkes som ønsket" in error.group(1)
    assert "infeasible" not in error.group(1) and "inden for 300 m" in error.group(1)
