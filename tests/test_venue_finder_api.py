"""The venue finder's JSON API and file exports on the Aalborg demo.

Exports are read back with the tools a coordinator would use (csv, GeoJSON, pyogrio for the
GeoPackage, and the plain-file venue CLI's own reader), so a file that cannot be opened fails.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.test_assets_helpers import coordinator
from tests.test_venue_finder_run import load_grid_world
from venues import solve as solve_problem
from venues.io import load_problem

SO = {"model": "mclp", "p": 2, "radius": 800, "target": "65+", "area_kind": "postnummer",
      "area_code": "9210", "buffer_m": 500, "step_free": True}  # fmt: skip


@pytest.fixture
def anonymous(demo_url: str, tmp_path: Path) -> TestClient:
    app = create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url)
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    """Staff: the model's exact totals and its raw result block (tests of the model's sums)."""
    app = create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url)
    staff = TestClient(app, follow_redirects=False)
    coordinator(staff, demo_url)
    return staff


def test_the_public_json_answer_rounds_totals_and_leaves_out_the_model_block(
    anonymous: TestClient,
) -> None:
    """Anonymous callers get resident totals rounded to 5 (1-4 hidden) and no `result` block
    with exact weights; the same question asked by staff carries both (usecases.venue_export)."""
    body = anonymous.post("/api/venues/solve", json=SO).json()
    assert "result" not in body
    totals = [v[k] for v in body["venues"] for k in ("reach", "load")]
    totals += [body["summary"][k] for k in ("covered_weight", "total_weight")]
    assert all(t is None or t == 0 or (t >= 5 and t % 5 == 0) for t in totals), totals


def test_solve_returns_the_answer_as_json(client: TestClient) -> None:
    body = client.post("/api/venues/solve", json=SO).json()
    filters = {"area_code": "9210", "step_free": "true"}
    candidates = client.get("/api/venues/candidates", params=filters).json()
    eligible = {f["properties"]["id"] for f in candidates["features"]}
    summary, result = body["summary"], body["result"]
    assert len(summary["selected"]) == 2 and set(summary["selected"]) <= eligible
    assert summary["n_candidates"] == len(eligible)
    assert 0 < summary["covered_share"] <= 1
    assert sum(v["load"] for v in body["venues"]) == pytest.approx(result["covered_weight"])
    assert {v["candidate_id"]: v["reach"] for v in body["venues"]} == result["venue_reach"]
    assert body["cost_method"]["sentence"] == (
        "Afstande er beregnet som fugleflugt × 1,3, fordi der ikke er indlæst et gangnet. "
        "Gåhastighed 4,5 km/t."
    )
    english = client.post("/api/venues/solve?lang=en", json=SO).json()["cost_method"]
    assert english["sentence"].startswith("Distances are straight-line distances × 1.3, because")
    assert body["provenance"]["synthetic_layers"] == ["demo_befolkning_100m", "demo_lokaler"]


def test_network_answer_says_so(db_url: str, tmp_path: Path) -> None:
    app = create_app(
        Settings(tiles="none", data_dir=tmp_path), database_url=load_grid_world(db_url)
    )
    question = {"p": 1, "radius": 300, "target": "residents", "buffer_m": 0}
    body = TestClient(app).post("/api/venues/solve", json=question).json()
    assert body["cost_method"]["method"] == "network"
    assert body["cost_method"]["sentence"] == (
        "Afstande er gangafstande ad gangnettet »grid_aalborg_so«. Gåhastighed 4,5 km/t."
    )
    page = TestClient(app).get("/venues", params={**question, "lang": "en"}).text
    assert "Distances are walking distances along the network &#39;grid_aalborg_so&#39;." in page
    assert '<option value="grid_aalborg_so">grid_aalborg_so</option>' in page
    assert "Walking network only" in page  # the method choice, not the sentence


def test_candidates_are_filtered_geojson(client: TestClient) -> None:
    everything = client.get("/api/venues/candidates", params={"area_code": "9210"})
    assert everything.headers["content-type"] == "application/geo+json"
    rooms = client.get(
        "/api/venues/candidates",
        params=[("area_code", "9210"), ("types", "faelleshus"), ("types", "beboerlokale")],
    ).json()["features"]
    assert rooms and {f["properties"]["type"] for f in rooms} <= {"faelleshus", "beboerlokale"}
    assert len(rooms) < len(everything.json()["features"])
    lon, lat = rooms[0]["geometry"]["coordinates"]
    assert 9.8 < lon < 10.1 and 56.9 < lat < 57.1  # Aalborg SØ, in EPSG:4326


@pytest.mark.parametrize(
    ("change", "danish", "english"),
    [
        ({"p": 40}, "Du har bedt om 40 lokaler, men kun", "You asked for 40 venues, but only"),
        ({"radius": 1}, "Med en gangafstand på 1 m når ingen", "walking distance of 1 m no one"),
        ({"model": "lscp", "radius": 500}, "har intet egnet lokale inden for 500 m",
         "have no eligible venue within 500 m"),
        ({"area_code": "9999"}, "intet område af typen postnummer med koden »9999«",
         "no area of kind postnummer with the code '9999'"),
        ({"target": "need", "profile": "nope"}, "'nope' findes ikke", "'nope'"),
        ({"time_window": "14-10"}, "TT:MM-TT:MM", "HH:MM-HH:MM"),
        ({"pp": 3}, "pp: ", "pp: "),
    ],
)  # fmt: skip
def test_impossible_requests_are_problem_json(
    client: TestClient, change: dict, danish: str, english: str
) -> None:
    response = client.post("/api/venues/solve", json={**SO, **change})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert danish in response.json()["detail"]
    response = client.post("/api/venues/solve?lang=en", json={**SO, **change})
    assert english in response.json()["detail"]


def test_bad_area_in_the_candidate_list_is_422(client: TestClient) -> None:
    response = client.get("/api/venues/candidates", params={"area_code": "9999"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_csv_exports_read_back_and_feed_the_cli_reader(demo_url: str, tmp_path: Path) -> None:
    # exact cell counts are for logged-in staff (the public gets small counts suppressed)
    settings = Settings(tiles="none", data_dir=tmp_path)
    client = TestClient(create_app(settings, database_url=demo_url), follow_redirects=False)
    coordinator(client, demo_url)
    answer = client.post("/api/venues/solve", json=SO).json()
    files = {}
    for table in ("venues", "demand", "costs"):
        response = client.post(f"/api/venues/solve?format=csv&table={table}", json=SO)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert f"venues_mclp_{table}.csv" in response.headers["content-disposition"]
        files[table] = tmp_path / f"{table}.csv"
        files[table].write_bytes(response.content)
    venues = pd.read_csv(files["venues"], dtype={"id": str})
    assert list(venues.columns[:6]) == ["id", "name", "type", "selected", "order", "reach"]
    assert set(venues.loc[venues["selected"], "id"]) == set(answer["summary"]["selected"])
    demand = pd.read_csv(files["demand"])
    assert demand.loc[demand["covered"], "weight"].sum() == pytest.approx(
        answer["result"]["covered_weight"]
    )
    problem = load_problem(files["demand"], files["venues"], files["costs"])
    again = solve_problem(problem, "mclp", p=2, radius=800)
    assert set(again.selected) == set(answer["summary"]["selected"])
    assert again.covered_weight == pytest.approx(answer["result"]["covered_weight"])


def test_geojson_and_geopackage_read_back(
    client: TestClient, anonymous: TestClient, tmp_path: Path
) -> None:
    answer = client.post("/api/venues/solve", json=SO).json()
    selected = set(answer["summary"]["selected"])
    geojson = client.post("/api/venues/solve?format=geojson", json=SO)
    assert geojson.headers["content-type"] == "application/geo+json"
    data = json.loads(geojson.content)
    layers = pd.Series([f["properties"]["layer"] for f in data["features"]]).value_counts()
    assert layers["catchment"] == 2 and layers["venue"] == answer["summary"]["n_candidates"]
    assert layers["demand"] == answer["summary"]["n_demand"]
    assert data["kvarterkort"]["cost_method"]["method"] == "straight_line"
    path = tmp_path / "answer.geojson"
    path.write_bytes(geojson.content)
    assert len(pyogrio.read_dataframe(path)) == len(data["features"])

    gpkg = client.post("/api/venues/solve?format=gpkg", json=SO)
    path = tmp_path / "answer.gpkg"
    path.write_bytes(gpkg.content)
    found = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert found == {"venues": "Point", "demand": "Point", "assignments": "LineString",
                     "catchments": "Polygon", "parameters": None}  # fmt: skip
    venues = pyogrio.read_dataframe(path, layer="venues")
    assert set(venues.loc[venues["selected"].astype(bool), "id"]) == selected
    assert venues.crs.to_epsg() == 4326
    lines = pyogrio.read_dataframe(path, layer="assignments")
    covered = [d for d, v in answer["result"]["assignment"].items() if v is not None]
    assert sorted(lines["demand_id"]) == sorted(covered)
    assert (lines["weight"].dropna() % 5 != 0).any()  # staff: exact counts
    public = tmp_path / "public.gpkg"
    public.write_bytes(anonymous.post("/api/venues/solve?format=gpkg", json=SO).content)
    weights = pyogrio.read_dataframe(public, layer="assignments")["weight"].dropna()
    assert len(weights) and (weights % 5 == 0).all()  # public: small counts hidden, rest rounded
    params = pyogrio.read_dataframe(path, layer="parameters").set_index("key")["value"]
    assert params["request.model"] == "mclp" and params["cost_method.method"] == "straight_line"
    assert "demo_lokaler" in params["synthetic_layers"]


def test_page_download_links_serve_files(client: TestClient) -> None:
    page = client.get("/venues", params={**SO, "step_free": "true"})
    link = next(line for line in page.text.split('"') if "format=gpkg" in line)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geopackage+sqlite3"
    csv = client.get(link.replace("&amp;", "&").replace("format=gpkg", "format=csv"))
    assert pd.read_csv(io.BytesIO(csv.content))["selected"].sum() == 2


def _readme_solve_bodies() -> list[dict[str, object]]:
    """The JSON bodies of the README's `curl ... /api/venues/solve` examples."""
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    bodies = []
    for block in text.split("curl -X POST localhost:8000/api/venues/solve")[1:]:
        start = block.index("-d '") + len("-d '")
        bodies.append(json.loads(block[start : block.index("'", start)]))
    return bodies


def test_the_readme_s_curl_examples_answer_on_the_demo(client: TestClient) -> None:
    bodies = _readme_solve_bodies()
    assert len(bodies) == 2
    for body in bodies:
        response = client.post("/api/venues/solve", json=body)
        assert response.status_code == 200, response.text
        assert response.json()["venues"]
    assert client.post("/api/venues/solve", json=bodies[1]).json()["rotation"]
