"""Walking-network loaders on a real PostGIS: real OSM extracts, a synthetic grid, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import osmium
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from app.cli import root
from app.settings import get_settings
from geodata.db import session_scope
from geodata.errors import LoadError, NotFoundError
from geodata.loaders.report import LoadReport
from geodata.network import (
    delete_network,
    load_network_file,
    load_osm_network,
    network_info,
)
from geodata.network_osm import WALKABLE, WALKABLE_IF_FOOT_ALLOWED
from tests.helpers import TABLES, fingerprint

NETWORK = Path(__file__).parent / "data" / "network"
GRID = NETWORK / "grid_aalborg_so.geojson"
ALL_TABLES = (*TABLES, "network_edges", "network_vertices")


def load_osm(url: str, name: str | Path, layer: str | None = None) -> LoadReport:
    with session_scope(url) as session:
        return load_osm_network(session, NETWORK / name, layer)


def load_lines(url: str, path: Path, layer: str | None = None) -> LoadReport:
    with session_scope(url) as session:
        return load_network_file(session, path, layer)


def scalar(url: str, sql: str, **params: object) -> object:
    with session_scope(url) as session:
        return session.execute(text(sql), params).scalar_one()


def forbidden_way_ids(path: Path) -> set[int]:
    """Ways the loader must leave out, found with plain tag checks (independent of the loader)."""
    out = set()
    for way in osmium.FileProcessor(str(path), osmium.osm.WAY):
        tags = dict(way.tags)
        highway, foot, access = tags.get("highway"), tags.get("foot"), tags.get("access")
        if (
            highway in ("motorway", "motorway_link", "construction", "proposed")
            or foot in ("no", "private")
            or (access in ("no", "private") and foot not in ("yes", "designated", "permissive"))
        ):
            out.add(way.id)
    return out


@pytest.mark.parametrize("name", ["test.osm.pbf", "Helsinki.osm.pbf"])
def test_osm_extract_loads_only_walkable_ways_as_a_graph(db_url: str, name: str) -> None:
    report = load_osm(db_url, name)
    forbidden = forbidden_way_ids(NETWORK / name)
    assert forbidden, "fixture should contain ways that are not walkable"
    with session_scope(db_url) as s:
        stored = {r[0] for r in s.execute(text("SELECT DISTINCT osm_way_id FROM network_edges"))}
        highways = {r[0] for r in s.execute(text("SELECT DISTINCT highway FROM network_edges"))}
        stats = s.execute(text(
            "SELECT count(*) AS n, min(cost_m) AS shortest, "
            "max(abs(cost_m - ST_Length(geom))) AS length_error, "
            "bool_and(reverse_cost_m = cost_m) AS symmetric, "
            "bool_and(ST_SRID(geom) = 25832) AS srid FROM network_edges")).one()  # fmt: skip
        vertices = s.execute(text("SELECT count(*) FROM network_vertices")).scalar_one()
    assert report.rows == stats.n > 0 and vertices > 0
    assert stored.isdisjoint(forbidden)
    assert highways <= WALKABLE | WALKABLE_IF_FOOT_ALLOWED
    assert stats.shortest > 0 and stats.length_error < 1e-6
    assert stats.symmetric and stats.srid


def test_osm_edges_meet_at_vertices_and_split_at_shared_nodes(db_url: str) -> None:
    load_osm(db_url, "test.osm.pbf")
    with session_scope(db_url) as s:
        detached = s.execute(text(
            "SELECT count(*) FROM network_edges e "
            "JOIN network_vertices a ON a.layer_id = e.layer_id AND a.id = e.source "
            "JOIN network_vertices b ON b.layer_id = e.layer_id AND b.id = e.target "
            "WHERE NOT ST_Equals(ST_StartPoint(e.geom), a.geom) "
            "OR NOT ST_Equals(ST_EndPoint(e.geom), b.geom)")).scalar_one()  # fmt: skip
        # A vertex that lies inside another edge's geometry would be a missed junction.
        missed = s.execute(text(
            "SELECT count(*) FROM network_vertices v JOIN network_edges e "
            "ON e.geom && v.geom AND ST_Intersects(e.geom, v.geom) "
            "AND v.id NOT IN (e.source, e.target) "
            "AND ST_NPoints(e.geom) > 2 "
            "AND EXISTS (SELECT 1 FROM generate_series(2, ST_NPoints(e.geom) - 1) i "
            "  WHERE ST_Equals(ST_PointN(e.geom, i), v.geom))")).scalar_one()  # fmt: skip
    assert detached == 0
    assert missed == 0


def test_network_tables_have_gist_indexes_and_layer_provenance(db_url: str) -> None:
    load_osm(db_url, "test.osm.pbf", layer="kotka")
    with session_scope(db_url) as s:
        sql = "SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist (geom)%'"
        gist = {r[0] for r in s.execute(text(sql))}
        layer = s.execute(text("SELECT * FROM layers WHERE name = 'kotka'")).one()
        edges = s.execute(text("SELECT count(*) FROM network_edges WHERE layer_id = :id"),
                          {"id": layer.id}).scalar_one()  # fmt: skip
    assert {"network_edges", "network_vertices"} <= gist
    assert layer.kind == "network" and "ODbL" in layer.licence
    assert layer.credit == "© OpenStreetMap contributors" and not layer.synthetic
    assert layer.feature_count == edges


def test_reloading_the_same_file_changes_nothing(db_url: str) -> None:
    load_osm(db_url, "test.osm.pbf")
    load_lines(db_url, GRID)
    before = fingerprint(db_url, ALL_TABLES)
    again = load_osm(db_url, "test.osm.pbf")
    grid_again = load_lines(db_url, GRID)
    assert fingerprint(db_url, ALL_TABLES) == before
    assert again.counts.changed == 0 and again.counts.unchanged == again.rows
    assert grid_again.counts.changed == 0


OSM_XML = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="kvarterkort-test">
{nodes}
{ways}
</osm>
"""
WAYS = {  # way id: (node refs, tags); node 999 is missing from the file (a clipped extract)
    1: ([1, 2, 3], {"highway": "footway"}),
    2: ([3, 4], {"highway": "motorway"}),
    3: ([3, 5], {"highway": "footway", "foot": "no"}),
    4: ([2, 6], {"highway": "trunk"}),
    5: ([6, 7], {"highway": "trunk", "foot": "yes"}),
    6: ([7, 8], {"highway": "service", "access": "private"}),
    7: ([8, 9], {"highway": "service", "access": "private", "foot": "yes"}),
    8: ([9, 10], {"highway": "cycleway"}),
    9: ([10, 11], {"highway": "cycleway", "foot": "no"}),
    10: ([1, 2, 3, 1], {"building": "yes"}),
    11: ([12, 13, 999, 14, 15], {"highway": "residential"}),
    12: ([1, 12], {"highway": "construction"}),
    13: ([2, 16], {"highway": "steps"}),
}


def write_osm(path: Path, ways: dict[int, tuple[list[int], dict[str, str]]]) -> Path:
    refs = sorted({r for nodes, _ in ways.values() for r in nodes} - {999})
    nodes = "\n".join(
        f'<node id="{r}" version="1" lat="{57.02 + r * 0.0005:.6f}" lon="{9.95 + r * 0.0003:.6f}"/>'
        for r in refs
    )
    way_xml = "\n".join(
        f'<way id="{w}" version="1">'
        + "".join(f'<nd ref="{r}"/>' for r in nodes_)
        + "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        + "</way>"
        for w, (nodes_, tags) in ways.items()
    )
    path.write_text(OSM_XML.format(nodes=nodes, ways=way_xml))
    return path


def test_tag_rules_splitting_and_clipped_ways_on_a_small_osm_xml(
    db_url: str, tmp_path: Path
) -> None:
    report = load_osm(db_url, write_osm(tmp_path / "small.osm", WAYS))
    with session_scope(db_url) as s:
        edges = set(s.execute(text("SELECT osm_way_id, source, target FROM network_edges")).all())
        vertices = {r[0] for r in s.execute(text("SELECT id FROM network_vertices"))}
    assert report.layer == "small"
    assert edges == {(1, 1, 2), (1, 2, 3), (13, 2, 16), (5, 6, 7), (7, 8, 9), (8, 9, 10),
                     (11, 12, 13), (11, 14, 15)}  # fmt: skip
    assert vertices == {1, 2, 3, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16}


def bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "lines_no_crs.csv"
    path.write_text('id,wkt\n1,"LINESTRING (0 0, 100 0)"\n')
    return path


BAD_FILES = {
    "not osm": (lambda p: _write(p / "garbage.osm.pbf", '{"type": "FeatureCollection"}'),
                "", "not a readable OpenStreetMap file"),
    "no walkable ways": (lambda p: write_osm(p / "motorway.osm", {2: WAYS[2], 3: WAYS[3]}),
                         "field 'highway'", "no walkable ways"),
    "polygons": (lambda p: Path(__file__).parent / "data" / "loaders" / "kommune.geojson",
                 "feature 1: field 'geometry'", "expected LineString or MultiLineString"),
    "no crs": (bad_csv, "field 'geometry'", "unknown CRS"),
    "missing": (lambda p: p / "nowhere.osm.pbf", "", "file not found"),
}  # fmt: skip


def _write(path: Path, content: str) -> Path:
    path.write_text(content)
    return path


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_raise_located_errors_and_change_nothing(
    db_url: str, tmp_path: Path, case: str
) -> None:
    make, where, message = BAD_FILES[case]
    path = make(tmp_path)
    load_lines(db_url, GRID, layer="bad_target")
    before = fingerprint(db_url, ALL_TABLES)
    loader = load_osm if str(path).endswith((".pbf", ".osm")) else load_lines
    with pytest.raises(LoadError) as caught:
        loader(db_url, path, "bad_target")
    assert str(path) in str(caught.value) and where in str(caught.value)
    assert message in str(caught.value)
    assert fingerprint(db_url, ALL_TABLES) == before


def test_grid_file_is_noded_into_25_junctions_of_100_m_blocks(db_url: str) -> None:
    report = load_lines(db_url, GRID)
    with session_scope(db_url) as s:
        lengths = [r[0] for r in s.execute(text("SELECT cost_m FROM network_edges"))]
        degree = s.execute(text(
            "SELECT count(*) FROM network_edges e JOIN network_vertices v "
            "ON v.layer_id = e.layer_id AND v.id IN (e.source, e.target) "
            "WHERE ST_Equals(v.geom, ST_SetSRID(ST_MakePoint(556100, 6318100), 25832))"
        )).scalar_one()  # fmt: skip
        kinds = {r[0] for r in s.execute(text("SELECT DISTINCT highway FROM network_edges"))}
    assert report.rows == 40 and "25 vertices" in report.summary()
    assert lengths == pytest.approx([100.0] * 40, abs=1e-9)
    assert degree == 4  # the two endpoints pulled 0.4 m apart were merged
    assert kinds == {"residential", "footway", "path"}


@pytest.mark.parametrize(("gap", "vertices"), [(0.4, 3), (0.6, 4)])
def test_endpoints_merge_only_within_the_snap_distance(
    db_url: str, tmp_path: Path, gap: float, vertices: int
) -> None:
    path = tmp_path / "two.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
        '{"name": "urn:ogc:def:crs:EPSG::25832"}}, "features": ['
        '{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", '
        '"coordinates": [[556000, 6318000], [556100, 6318000]]}}, '
        '{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", '
        f'"coordinates": [[{556100 + gap}, 6318000], [556200, 6318000]]}}}}]}}'
    )
    load_lines(db_url, path)
    assert scalar(db_url, "SELECT count(*) FROM network_vertices") == vertices


def test_changed_file_replaces_the_layer_atomically(db_url: str, tmp_path: Path) -> None:
    load_lines(db_url, GRID, layer="net")
    smaller = tmp_path / "grid.geojson"
    data = json.loads(GRID.read_text())
    data["features"] = data["features"][1:]  # drop the first block side
    smaller.write_text(json.dumps(data))
    report = load_lines(db_url, smaller, layer="net")
    assert (report.counts.inserted, report.counts.deleted) == (39, 40)
    assert scalar(db_url, "SELECT count(*) FROM network_edges") == 39
    assert scalar(db_url, "SELECT feature_count FROM layers WHERE name = 'net'") == 39
    with session_scope(db_url) as s:
        assert delete_network(s, "net") == 39
    assert scalar(db_url, "SELECT count(*) FROM network_vertices") == 0
    with session_scope(db_url) as s, pytest.raises(NotFoundError):
        delete_network(s, "net")


def test_network_info_reports_size_and_extent(db_url: str) -> None:
    load_lines(db_url, GRID)
    with session_scope(db_url) as s:
        (info,) = network_info(s)
    assert (info.layer, info.edges, info.vertices) == ("grid_aalborg_so", 40, 25)
    assert info.length_km == pytest.approx(4.0)
    assert info.bounds == pytest.approx((556000, 6318000, 556400, 6318400), abs=1e-6)


def test_cli_load_and_info(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KVARTERKORT_DATABASE_URL", db_url)
    monkeypatch.setenv("KVARTERKORT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        first = runner.invoke(root, ["network", "load", str(GRID), "--layer", "cli_grid"])
        second = runner.invoke(root, ["network", "load", str(GRID), "--layer", "cli_grid"])
        info = runner.invoke(root, ["network", "info"])
        bad = runner.invoke(root, ["network", "load", str(tmp_path / "nowhere.osm.pbf")])
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0, first.output
    assert "40 inserted, 0 updated, 0 unchanged" in first.output
    assert "0 inserted, 0 updated, 40 unchanged" in second.output
    assert "cli_grid: 40 edges, 25 vertices, 4.0 km" in info.output
    assert bad.exit_code == 2 and "file not found" in bad.output


def test_a_network_layer_name_too_long_is_a_located_error(db_url: str) -> None:
    """The name check sits where every loader passes (ensure_layer), network loads included."""
    before = fingerprint(db_url, ALL_TABLES)
    with pytest.raises(LoadError) as caught:
        load_lines(db_url, GRID, layer="N" * 121)
    assert "layer name is 121 characters long" in str(caught.value)
    assert GRID.name in str(caught.value)
    assert fingerprint(db_url, ALL_TABLES) == before
