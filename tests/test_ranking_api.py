"""The ranking API on the demo: profiles, runs with overrides in three formats, saving with roles,
and small numbers kept out of every public output."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from app.cli import root
from app.main import create_app
from app.settings import Settings, get_settings
from geodata.db import session_scope
from geodata.queries.indicators import area_indicator_table

PASSWORD = "planlaegning er sjovt 2025"
DATA = Path(__file__).parent / "data" / "ranking"


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    settings = Settings(tiles="none", data_dir=tmp_path, secret_key="ranking-test")
    return TestClient(create_app(settings, database_url=demo_url), follow_redirects=False)


def add_account(db_url: str, email: str, role: str) -> None:
    """Through the documented CLI: `kvarterkort users add EMAIL --role R --password-stdin`."""
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            root,
            ["users", "add", email, "--role", role, "--password-stdin"],
            input=PASSWORD + "\n",
            env={"KVARTERKORT_DATABASE_URL": db_url},
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output


def csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert match, "the login form has no CSRF token"
    return match.group(1)


def log_in(client: TestClient, db_url: str, email: str, role: str) -> dict[str, str]:
    """Create and log in an account; returns the CSRF header for JSON calls."""
    add_account(db_url, email, role)
    form = {"email": email, "password": PASSWORD, "csrf_token": csrf(client)}
    assert client.post("/login", data=form).status_code == 303
    return {"X-CSRF-Token": csrf(client)}


def test_lists_and_shows_the_built_in_profiles(client: TestClient) -> None:
    profiles = {p["key"]: p for p in client.get("/api/ranking/profiles").json()}
    assert {"boligsocial", "sundt_og_aktivt_lokalomraade", "boerneliv_i_sund_balance"} <= set(
        profiles
    )
    assert profiles["boligsocial"]["source"] == "builtin"
    assert "udsat_boligomraade_2024" in profiles["boligsocial"]["rule_sets"]
    one = client.get("/api/ranking/profiles/boligsocial").json()
    assert one["profile"]["id_column"] == "area_code"
    assert "outside_work_edu_pct" in one["yaml"]
    missing = client.get("/api/ranking/profiles/findes_ikke")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_run_json_with_interval_and_statutory_status(client: TestClient) -> None:
    body = {"profile": "boligsocial", "area_kind": "boligområde", "draws": 30, "seed": 1}
    result = client.post("/api/ranking/run", json=body).json()
    assert result["n_areas"] == 12 and result["period"] == "2024"
    assert result["sensitivity"]["draws"] == 30
    areas = result["areas"]
    assert sorted(a["rank"] for a in areas) == list(range(1, 13))
    first = min(areas, key=lambda a: a["rank"])
    assert first["decile"] == 1 and first["p05_rank"] <= 1 <= first["p95_rank"]
    assert first["why_da"].startswith(f"{first['area_name']} er nr. 1 af 12")
    on_list = [a["area_name"] for a in areas if a["udsat_boligomraade_2024__status"]]
    assert on_list  # the demo has vulnerable areas among its boligområder


def test_overrides_change_the_run_and_are_validated(client: TestClient) -> None:
    base = client.get("/api/ranking/run", params={"profile": "boligsocial"}).json()
    body = {
        "profile": "boligsocial",
        "overrides": {"weights": {"income_pct_region": 6, "convictions_ratio": 0}},
    }
    changed = client.post("/api/ranking/run", json=body).json()
    assert changed["overrides"]["weights"] == {"income_pct_region": 6.0, "convictions_ratio": 0.0}
    assert "contrib__convictions_ratio" not in changed["areas"][0]  # weight 0 leaves it out
    ranks = {a["area_code"]: a["rank"] for a in base["areas"]}
    assert any(a["rank"] != ranks[a["area_code"]] for a in changed["areas"])
    by_get = client.get(
        "/api/ranking/run",
        params={"profile": "boligsocial", "weight": ["income_pct_region:6", "convictions_ratio:0"]},
    ).json()
    assert [a["rank"] for a in by_get["areas"]] == [a["rank"] for a in changed["areas"]]
    geometric = client.get(
        "/api/ranking/run", params={"profile": "boligsocial", "aggregation": "geometric"}
    )
    assert geometric.status_code == 200
    bad = client.post(
        "/api/ranking/run", json={"profile": "boligsocial", "overrides": {"weights": {"x": 2}}}
    )
    assert bad.status_code == 422 and "ikke er i profilen" in bad.json()["detail"]
    bad_norm = client.get("/api/ranking/run", params={"normalisation": "cubic"})
    assert bad_norm.status_code == 422
    assert bad_norm.headers["content-type"] == "application/problem+json"
    no_period = client.get("/api/ranking/run", params={"period": "1999"})
    assert no_period.status_code == 404 and "2024, 2023" in no_period.json()["detail"]


def test_geojson_by_accept_header_and_csv_by_format(client: TestClient) -> None:
    response = client.get(
        "/api/ranking/run",
        params={"profile": "boligsocial", "draws": 10},
        headers={"Accept": "application/geo+json"},
    )
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert len(features) == 57
    props = features[0]["properties"]
    assert {"area_code", "area_name", "rank", "p05_rank", "p95_rank", "top1", "top1_share"} <= set(
        props
    )
    assert features[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    csv = client.get("/api/ranking/run", params={"profile": "boligsocial", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    frame = pd.read_csv(io.StringIO(csv.text), dtype={"area_code": str})
    assert len(frame) == 57 and {"area_code", "score", "rank", "why_en"} <= set(frame.columns)
    inline = client.post(
        "/api/ranking/run?format=csv",
        json={"profile": {"name": "Kun indkomst", "id_column": "area_code", "indicators": [
            {"column": "income_pct_region", "direction": "lower_is_worse"}]}},
    )  # fmt: skip
    assert inline.status_code == 200 and "value__income_pct_region" in inline.text


def _small_cells(db_url: str, column: str, kind: str = "sogn") -> pd.DataFrame:
    with session_scope(db_url) as session:
        table = area_indicator_table(session, kind)
    return table.loc[table[f"{column}__den"] < 20, ["area_code"]]


def test_small_numbers_never_leave_the_api(client: TestClient, demo_url: str) -> None:
    column = "child_overweight_pct"
    small = _small_cells(demo_url, column)
    assert not small.empty, "the demo should have small bases to test suppression with"
    params = {"profile": "boerneliv_i_sund_balance", "draws": 10}
    rows = {
        a["area_code"]: a for a in client.get("/api/ranking/run", params=params).json()["areas"]
    }
    csv = pd.read_csv(
        io.StringIO(client.get("/api/ranking/run", params={**params, "format": "csv"}).text),
        dtype={"area_code": str},
    ).set_index("area_code")
    geo = client.get("/api/ranking/run", params={**params, "format": "geojson"}).json()
    props = {f["properties"]["area_code"]: f["properties"] for f in geo["features"]}
    for code in small["area_code"]:
        row = rows[code]
        assert row[f"suppressed__{column}"] is True
        for prefix in ("value__", "norm__", "contrib__", "share__"):
            assert row[f"{prefix}{column}"] is None
            assert pd.isna(csv.loc[code, f"{prefix}{column}"])
        named = [row[f"top{k}"] for k in (1, 2, 3)] + [props[code][f"top{k}"] for k in (1, 2, 3)]
        assert column not in named
        assert "overvægt blandt børn" not in row["why_da"]
        assert not [k for k, v in props[code].items() if column in k or v == column]
    kept = next(code for code in rows if code not in set(small["area_code"]))
    assert rows[kept][f"value__{column}"] is not None


def test_saving_needs_a_planner_and_validates(client: TestClient, demo_url: str) -> None:
    text_ = (DATA / "small_profile.yaml").read_text(encoding="utf-8")
    url = "/api/ranking/profiles/test_plan"
    assert client.put(url, json={"yaml": text_}).status_code == 401
    coordinator = log_in(client, demo_url, "koord@aalborg.dk", "coordinator")
    denied = client.put(url, json={"yaml": text_}, headers=coordinator)
    assert denied.status_code == 403 and "planlægger" in denied.json()["detail"]
    client.cookies.clear()
    headers = log_in(client, demo_url, "plan@aalborg.dk", "planner")
    no_token = client.put(url, json={"yaml": text_})
    assert no_token.status_code == 403 and "kom ikke fra dette websted" in no_token.json()["detail"]
    created = client.put(url, json={"yaml": text_}, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["created_by"] == "plan@aalborg.dk"
    assert client.put(url, json={"yaml": text_}, headers=headers).status_code == 200
    bad = client.put(url, json={"yaml": (DATA / "bad_profile.yaml").read_text()}, headers=headers)
    assert bad.status_code == 422 and "wieght" in bad.json()["detail"]
    builtin = client.put("/api/ranking/profiles/boligsocial", json={"yaml": text_}, headers=headers)
    assert builtin.status_code == 409
    bad_key = client.put("/api/ranking/profiles/Has Space", json={"yaml": text_}, headers=headers)
    assert bad_key.status_code == 422
    listed = {p["key"]: p for p in client.get("/api/ranking/profiles").json()}
    assert listed["test_plan"]["source"] == "saved" and listed["test_plan"]["name"] == "Testprofil"
    ran = client.get("/api/ranking/run", params={"profile": "test_plan"}).json()
    assert ran["name"] == "Testprofil" and ran["n_ranked"] == 57
    with session_scope(demo_url) as s:
        row = s.execute(text("SELECT yaml, created_by FROM ranking_profiles")).one()
    assert row.yaml == text_ and row.created_by == "plan@aalborg.dk"  # kept as written
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404
