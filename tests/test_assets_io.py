"""Import and export of assets (GeoJSON, CSV, GeoPackage): round trips, located errors, CLI, web."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.assets_io import import_assets, read_assets
from geodata.db import session_scope
from geodata.errors import LoadError
from geodata.queries.assets import Actor
from tests.test_assets_helpers import (
    DATA,
    asset_fingerprint,
    coordinator,
    make_client,
    run_cli,
)

DEMO = DATA / "demo_assets.geojson"


def _import(db_url: str, path: Path, **options: object):  # type: ignore[no-untyped-def]
    with session_scope(db_url) as s:
        return import_assets(s, path, Actor("import"), **options)  # type: ignore[arg-type]


def _rows(db_url: str) -> list[tuple]:
    with session_scope(db_url) as s:
        sql = (
            "SELECT title, category, status, source, synthetic, GeometryType(geom) FROM assets "
            "ORDER BY title"
        )
        return [tuple(r) for r in s.execute(text(sql))]


def test_import_geojson_creates_approved_assets_with_events(db_url: str) -> None:
    report = _import(db_url, DEMO, synthetic=True)
    assert (report.created, report.updated) == (7, 0)
    rows = _rows(db_url)
    assert len(rows) == 7 and {r[2:5] for r in rows} == {("approved", "import", True)}
    assert ("Fælleshaven ved Kildevej", "spaces", "approved", "import", True, "POLYGON") in rows
    with session_scope(db_url) as s:
        kinds = s.execute(text("SELECT DISTINCT kind, actor FROM asset_events")).all()
    assert [tuple(k) for k in kinds] == [("created", "import")]


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
def test_export_then_import_changes_nothing(db_url: str, tmp_path: Path, fmt: str) -> None:
    _import(db_url, DEMO)
    out = tmp_path / f"assets.{fmt}"
    result = run_cli(db_url, ["assets", "export", str(out)])
    assert result.exit_code == 0 and "Wrote 7 assets" in result.output
    before = asset_fingerprint(db_url)
    again = run_cli(db_url, ["assets", "import", str(out)])
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated, 7 unchanged" in again.output
    assert asset_fingerprint(db_url) | {"asset_events": ""} == before | {"asset_events": ""}


def test_bad_csv_lists_every_problem_and_stores_nothing(db_url: str) -> None:
    before = asset_fingerprint(db_url)
    with pytest.raises(LoadError) as info:
        _import(db_url, DATA / "assets_bad.csv")
    found = {(p.location, p.field) for p in info.value.problems}
    assert {
        ("row 3", "category"),
        ("row 4", "subcategory"),
        ("row 5", "title"),
        ("row 6", "geometry"),
        ("row 7", "geometry"),
        ("row 8", "link"),
        ("row 9", "lon/lat"),
    } <= found
    assert not any(p.location == "row 2" for p in info.value.problems)
    assert all(p.file.endswith("assets_bad.csv") for p in info.value.problems)
    assert asset_fingerprint(db_url) == before


def test_unknown_id_and_missing_geometry_are_located(db_url: str, tmp_path: Path) -> None:
    csv_file = tmp_path / "ids.csv"
    csv_file.write_text("id,category,title,lon,lat\n999,spaces,Findes ikke,9.99,57.03\n")
    with pytest.raises(LoadError) as info:
        _import(db_url, csv_file)
    assert [(p.location, p.field) for p in info.value.problems] == [("row 2", "id")]
    no_geom = tmp_path / "nogeom.csv"
    no_geom.write_text("category,title\nspaces,Uden sted\n")
    with pytest.raises(LoadError, match="no geometry"):
        read_assets(no_geom)
    other = tmp_path / "assets.txt"
    other.write_text("x")
    with pytest.raises(LoadError, match=r"\.geojson, \.csv, \.xlsx or \.gpkg"):
        read_assets(other)


def test_import_by_id_updates_and_records_the_diff(db_url: str, tmp_path: Path) -> None:
    _import(db_url, DATA / "assets_ok.csv")
    with session_scope(db_url) as s:
        asset_id = s.execute(text("SELECT id FROM assets WHERE title LIKE 'Legeplads%'")).scalar()
    update = tmp_path / "update.csv"
    update.write_text(
        f"id,category,title,lon,lat,status\n{asset_id},spaces,Legepladsen,9.9980,57.0325,archived\n"
    )
    report = _import(db_url, update)
    assert (report.created, report.updated) == (0, 1)
    with session_scope(db_url) as s:
        row = s.execute(
            text("SELECT title, status FROM assets WHERE id = :i"), {"i": asset_id}
        ).one()
        diffs = (
            s.execute(
                text(
                    "SELECT diff FROM asset_events WHERE asset_id = :i AND kind = 'edited' "
                    "ORDER BY id"
                ),
                {"i": asset_id},
            )
            .scalars()
            .all()
        )
    assert tuple(row) == ("Legepladsen", "archived")
    assert diffs[0]["title"] == ["Legepladsen i gården", "Legepladsen"]
    assert diffs[-1]["status"] == ["approved", "archived"]


def test_public_export_generalises_skills(db_url: str, tmp_path: Path) -> None:
    _import(db_url, DEMO)
    exact = tmp_path / "all.geojson"
    public = tmp_path / "public.geojson"
    assert run_cli(db_url, ["assets", "export", str(exact)]).exit_code == 0
    assert run_cli(db_url, ["assets", "export", str(public), "--public"]).exit_code == 0

    def skill(path: Path) -> list[float]:
        features = json.loads(path.read_text())["features"]
        return next(
            f["geometry"]["coordinates"]
            for f in features
            if f["properties"]["category"] == "skills"
        )

    assert skill(exact) == pytest.approx([10.0050, 57.0355])
    assert skill(public) != pytest.approx([10.0050, 57.0355], abs=1e-5)
    assert "email" not in json.loads(exact.read_text())["features"][0]["properties"]
    bad = run_cli(db_url, ["assets", "import", str(DATA / "assets_bad.csv")])
    assert bad.exit_code == 2 and "row 3" in bad.output


def test_web_import_and_export_for_coordinators(db_url: str, tmp_path: Path) -> None:
    client = make_client(db_url, tmp_path)
    token = coordinator(client, db_url)
    before = asset_fingerprint(db_url)
    bad = (DATA / "assets_bad.csv").read_bytes()
    response = client.post(
        "/assets/admin/import",
        data={"csrf_token": token, "status": "approved"},
        files={"file": ("mine.csv", bad, "text/csv")},
    )
    assert response.status_code == 422
    assert "mine.csv, række 3, kolonne &#39;Kategori&#39;: ukendt kategori" in response.text
    assert "mine.csv, række 9, kolonne &#39;Længdegrad/breddegrad&#39;" in response.text
    assert asset_fingerprint(db_url) == before
    good = DEMO.read_bytes()
    ok = client.post(
        "/assets/admin/import",
        data={"csrf_token": token, "status": "pending"},
        files={"file": ("demo.geojson", good, "application/geo+json")},
    )
    assert ok.status_code == 200 and "7 oprettet" in ok.text
    assert {r[2] for r in _rows(db_url)} == {"pending"}
    export = client.get("/assets/admin/export?format=csv")
    assert export.status_code == 200 and export.text.count("\n") == 8
    gpkg = client.get("/api/admin/assets/export?format=gpkg")
    assert gpkg.content[:16] == b"SQLite format 3\x00"
    anonymous = TestClient(client.app)
    assert anonymous.get("/assets/admin/export?format=csv").status_code == 401
    kinds = [e["kind"] for e in client.get("/api/admin/audit?kind=import").json()]
    assert kinds == ["import"]


def test_coordinator_form_edit_keeps_an_imported_area(db_url: str, tmp_path: Path) -> None:
    _import(db_url, DEMO)
    client = make_client(db_url, tmp_path)
    token = coordinator(client, db_url)
    with session_scope(db_url) as s:
        asset_id = s.execute(text("SELECT id FROM assets WHERE title LIKE 'Fælleshaven%'")).scalar()
    page = client.get(f"/assets/admin/{asset_id}").text
    lat = re.search(r'id="f-lat" name="lat" value="([\d.]+)"', page).group(1)  # type: ignore[union-attr]
    lon = re.search(r'id="f-lon" name="lon" value="([\d.]+)"', page).group(1)  # type: ignore[union-attr]
    form = {
        "csrf_token": token,
        "category": "spaces",
        "subcategory": "garden",
        "title": "Fælleshaven",
        "lat": lat,
        "lon": lon,
    }
    assert client.post(f"/assets/admin/{asset_id}", data=form).status_code == 303
    assert ("Fælleshaven", "spaces", "approved", "import", False, "POLYGON") in _rows(db_url)
    moved = form | {"lat": "57.0340"}
    assert client.post(f"/assets/admin/{asset_id}", data=moved).status_code == 303
    assert ("Fælleshaven", "spaces", "approved", "import", False, "POINT") in _rows(db_url)
