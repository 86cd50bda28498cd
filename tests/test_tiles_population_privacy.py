"""The public population tiles show resident counts only as the venue finder shows them to the
public: a cell (or a low-zoom sum) under 5 has no count, the others are rounded to 5. Exact
counts per 100 m cell would give away the households the finder's suppression protects."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from geodata.db import session_scope
from geodata.queries import tiles as tile_queries
from tests.test_tiles_helpers import LAT, LON, add_points, features, make_client, tile_of
from usecases import venue_export


def _residents(db_url: str, tmp_path: Path, z: int) -> list[int | None]:
    add_points(db_url, "population_cells", 63, spread=300)  # i % 50 + 1: sum 1379
    client = make_client(db_url, tmp_path)
    x, y = tile_of(LON, LAT, z)
    answer = client.get(f"/tiles/population/{z}/{x}/{y}.pbf")
    assert answer.status_code == 200
    found = features(answer.content, "population")
    assert found
    return [f["properties"].get("residents") for f in found]


def test_cell_counts_are_suppressed_under_5_and_rounded(db_url: str, tmp_path: Path) -> None:
    shown = _residents(db_url, tmp_path, 13)  # every cell its own feature (z >= 12)
    counted = [v for v in shown if v is not None]
    assert None in shown, "cells of 1-4 residents carry no count"
    assert counted and all(isinstance(v, int) and v >= 5 and v % 5 == 0 for v in counted)


def test_aggregated_sums_are_public_counts_too(db_url: str, tmp_path: Path) -> None:
    shown = _residents(db_url, tmp_path, 9)
    assert all(v is None or (v >= 5 and v % 5 == 0) for v in shown)


def test_the_sql_rule_is_the_venue_finders_public_total(db_url: str) -> None:
    assert (tile_queries.SMALL_COUNT, tile_queries.ROUND_TO) == (
        venue_export.SMALL_COUNT,
        venue_export.ROUND_TO,
    )
    rule = tile_queries.PUBLIC_COUNT.format(v="v")
    with session_scope(db_url) as session:
        rows = session.execute(text(f"SELECT v, {rule} FROM generate_series(0, 120) v")).all()
    for value, shown in rows:
        expected = venue_export.public_total(value)
        assert shown == (None if expected is None else int(expected)), value
