"""Vector and CSV loaders on a real PostGIS: good files, re-loads, CRS handling, bad files."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geodata.db import session_scope
from geodata.errors import GeodataError, LoadError
from tests.helpers import fingerprint, load_base_areas, load_file


def scalar(url: str, sql: str) -> object:
    with session_scope(url) as s:
        return s.execute(text(sql)).scalar()


def test_areas_load_with_provenance_and_parents(db_url: str) -> None:
    report = load_file(
        db_url, "areas", "kommune.geojson", area_kind="kommune", layer="k",
        licence="CC BY 4.0", credit="Test credit", synthetic=False,
    )  # fmt: skip
    assert (report.counts.inserted, report.counts.updated) == (1, 0)
    load_file(db_url, "areas", "sogne.geojson", area_kind="sogn", layer="s", synthetic=True)
    with session_scope(db_url) as s:
        layer = s.execute(text("SELECT * FROM layers WHERE name = 'k'")).one()
        parents = s.execute(
            text("SELECT a.code, p.code FROM areas a JOIN areas p ON p.id = a.parent_id")
        ).all()
        srid = s.execute(text("SELECT DISTINCT ST_SRID(geom) FROM areas")).scalar()
        synthetic = s.execute(text("SELECT synthetic FROM layers WHERE name = 's'")).scalar()
    assert (layer.licence, layer.credit, layer.synthetic, layer.feature_count) == (
        "CC BY 4.0", "Test credit", False, 1,
    )  # fmt: skip
    assert layer.loaded_at is not None
    assert sorted(parents) == [("S1", "0851"), ("S2", "0851"), ("S3", "0851")]
    assert srid == 25832
    assert synthetic is True


def test_reload_same_file_changes_nothing(db_url: str) -> None:
    load_base_areas(db_url)
    load_file(db_url, "venues", "venues.csv", layer="v")
    before = fingerprint(db_url)
    report = load_file(db_url, "venues", "venues.csv", layer="v")
    again = load_file(db_url, "areas", "sogne.geojson", area_kind="sogn", layer="test_sogne")
    assert (report.counts.inserted, report.counts.updated, report.counts.unchanged) == (0, 0, 3)
    assert again.counts.changed == 0
    assert fingerprint(db_url) == before


def test_upsert_updates_changed_rows_only(db_url: str, tmp_path) -> None:
    load_base_areas(db_url)
    load_file(db_url, "venues", "venues.csv", layer="v")
    from tests.helpers import LOADERS

    changed = (LOADERS / "venues.csv").read_text().replace(",80,", ",95,")
    path = tmp_path / "venues.csv"
    path.write_text(changed)
    with session_scope(db_url) as s:
        from geodata.loaders import LoadOptions, load

        report = load(s, "venues", LoadOptions(path=path, layer="v"))
    assert (report.counts.inserted, report.counts.updated, report.counts.unchanged) == (0, 1, 2)
    assert scalar(db_url, "SELECT capacity FROM venues WHERE venue_key = 'V1'") == 95


def test_csv_values_are_typed(db_url: str) -> None:
    load_file(db_url, "venues", "venues.csv", layer="v")
    with session_scope(db_url) as s:
        row = s.execute(text("SELECT * FROM venues WHERE venue_key = 'V1'")).one()
    assert (row.capacity, row.step_free, row.kitchen, row.bookable) == (80, True, True, True)
    assert row.availability == {"man": ["08:00-16:00"]}
    assert row.type == "faelleshus"


def test_geopackage_in_25832_and_layer_choice(db_url: str) -> None:
    with pytest.raises(LoadError, match=r"several layers .*choose one with --layer"):
        load_file(db_url, "areas", "sogne_25832.gpkg", area_kind="sogn")
    load_file(db_url, "areas", "sogne_25832.gpkg", area_kind="sogn", layer="sogne")
    load_file(db_url, "areas", "sogne.geojson", area_kind="sogn", layer="sogne")
    # The same squares from EPSG:4326 land within a few centimetres of the 25832 originals.
    area = scalar(db_url, "SELECT round(ST_Area(geom)) FROM areas WHERE code = 'S1'")
    assert area == pytest.approx(1_000_000, rel=1e-6)


def test_wkt_csv_needs_and_uses_crs(db_url: str) -> None:
    with pytest.raises(LoadError, match="unknown CRS"):
        load_file(db_url, "venues", "venues_wkt_25832.csv")
    load_file(db_url, "venues", "venues_wkt_25832.csv", crs="EPSG:25832")
    x = scalar(db_url, "SELECT round(ST_X(geom)) FROM venues WHERE venue_key = 'W1'")
    assert x == 561500


def test_invalid_geometry_is_repaired_and_reported(db_url: str) -> None:
    report = load_file(db_url, "areas", "sogne_invalid.geojson", area_kind="sogn")
    assert len(report.repairs) == 1
    assert "feature 2" in report.repairs[0] and "Self-intersection" in report.repairs[0]
    assert scalar(db_url, "SELECT bool_and(ST_IsValid(geom)) FROM areas") is True
    assert "1 geometries repaired" in report.summary()


BAD_CASES = [
    ("venues", "venues_bad.csv", {}, [
        "venues_bad.csv, row 3: field 'capacity': expected a whole number, got 'mange'",
        "row 4: field 'type': 'kirkeskib' is not one of",
        "row 5: field 'venue_key': duplicate key (venue_key='V1'); first seen at row 2",
    ]),
    ("venues", "venues_missing_column.csv", {}, ["field 'name': required column is missing"]),
    ("areas", "areas_points.geojson", {"area_kind": "sogn"},
     ["feature 1: field 'geometry': expected Polygon or MultiPolygon, got Point"]),
    ("areas", "empty.geojson", {"area_kind": "sogn"}, ["contains no rows or features"]),
    ("areas", "sogne_noprj.shp", {"area_kind": "sogn"}, ["unknown CRS"]),
    ("areas", "sogne_swapped.geojson", {"area_kind": "sogn"},
     ["feature 1: field 'geometry': coordinates fall outside Denmark"]),
    ("areas", "sogne.geojson", {}, ["field 'kind': required column is missing"]),
    ("areas", "nope.geojson", {"area_kind": "sogn"}, ["file not found"]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "name", "options", "messages"), BAD_CASES)
def test_bad_files_fail_clearly_and_change_nothing(
    db_url: str, kind: str, name: str, options: dict, messages: list[str]
) -> None:
    load_base_areas(db_url)
    load_file(db_url, "venues", "venues.csv", layer="v")
    before = fingerprint(db_url)
    with pytest.raises(LoadError) as caught:
        load_file(db_url, kind, name, **options)
    text_ = str(caught.value)
    for message in messages:
        assert message in text_
    assert fingerprint(db_url) == before


def test_layer_name_cannot_switch_kind(db_url: str) -> None:
    load_file(db_url, "venues", "venues.csv", layer="shared")
    before = fingerprint(db_url)
    with pytest.raises(GeodataError, match="already holds venues, not areas"):
        load_file(db_url, "areas", "sogne.geojson", area_kind="sogn", layer="shared")
    assert fingerprint(db_url) == before


def test_prune_removes_rows_gone_from_the_file(db_url: str, tmp_path) -> None:
    import geopandas as gpd

    from tests.helpers import LOADERS

    load_file(db_url, "areas", "sogne.geojson", area_kind="sogn", layer="s")
    two = gpd.read_file(LOADERS / "sogne.geojson").iloc[:2]
    two.to_file(tmp_path / "two.geojson", driver="GeoJSON")
    with session_scope(db_url) as s:
        from geodata.loaders import LoadOptions, load

        kept = load(s, "areas", LoadOptions(tmp_path / "two.geojson", layer="s", area_kind="sogn"))
        pruned = load(
            s, "areas",
            LoadOptions(tmp_path / "two.geojson", layer="s", area_kind="sogn", prune=True),
        )  # fmt: skip
    assert kept.counts.deleted == 0
    assert pruned.counts.deleted == 1
    assert scalar(db_url, "SELECT string_agg(code, ',' ORDER BY code) FROM areas") == "S1,S2"
    assert scalar(db_url, "SELECT feature_count FROM layers WHERE name = 's'") == 2


def test_missing_values_in_typed_columns_load_as_null(db_url: str) -> None:
    report = load_file(db_url, "venues", "venues_gaps.csv", layer="gaps")
    assert report.counts.inserted == 2
    with session_scope(db_url) as s:
        rows = s.execute(text("SELECT venue_key, capacity, step_free FROM venues ORDER BY 1")).all()
    assert [tuple(r) for r in rows] == [("G1", 60, True), ("G2", None, None)]
