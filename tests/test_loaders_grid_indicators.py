"""Population raster and indicator loaders on a real PostGIS."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geodata.db import session_scope
from geodata.errors import LoadError
from tests.helpers import fingerprint, load_base_areas, load_file


def rows(url: str, sql: str) -> list:
    with session_scope(url) as s:
        return list(s.execute(text(sql)).all())


def test_population_cells_and_area_sums(db_url: str) -> None:
    load_base_areas(db_url)
    report = load_file(db_url, "population", "population.tif", layer="pop", synthetic=True)
    assert report.rows == 5  # five populated cells
    assert "82 residents in 5 cells" in report.summary()
    cells = rows(db_url, "SELECT cell_id, residents, residents_65plus FROM population_cells "
                         "ORDER BY cell_id")  # fmt: skip
    # row 0 col 2: south-west corner (560200, 6321900) in DDKN naming
    assert ("100m_63219_5602", 20, 5) in [tuple(c) for c in cells]
    # All cells lie in the first 300 m of sogn S1 (x 560000-561000); the kommune holds them all.
    sums = dict(rows(db_url, "SELECT code, residents FROM areas ORDER BY code"))
    assert sums == {"0851": 82, "S1": 82, "S2": 0, "S3": 0}
    sources = rows(db_url, "SELECT DISTINCT residents_source FROM areas")
    assert sources == [("grid",)]


def test_population_reload_is_idempotent_and_bad_raster_changes_nothing(db_url: str) -> None:
    load_base_areas(db_url)
    load_file(db_url, "population", "population.tif", layer="pop")
    before = fingerprint(db_url)
    again = load_file(db_url, "population", "population.tif", layer="pop")
    assert again.counts.changed == 0
    assert fingerprint(db_url) == before
    with pytest.raises(
        LoadError,
        match=r"population_bad.tif, row 0 col 1: field 'band 2': "
        r"more residents aged 65\+ \(50\) than residents \(10\)",
    ):
        load_file(db_url, "population", "population_bad.tif", layer="pop")
    assert fingerprint(db_url) == before


def test_indicator_long_and_wide(db_url: str) -> None:
    load_base_areas(db_url)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv", layer="defs")
    long = load_file(db_url, "indicators", "indicators_long.csv", layer="ind")
    wide = load_file(db_url, "indicators", "indicators_wide.csv", layer="ind", area_kind="sogn")
    assert long.counts.inserted == 6
    assert wide.counts.inserted == 6
    got = rows(db_url, "SELECT a.code, v.indicator_code, v.period, v.value, v.numerator, "
                       "v.denominator FROM indicator_values v JOIN areas a ON a.id = v.area_id "
                       "WHERE a.code = 'S1' ORDER BY 2, 3")  # fmt: skip
    assert [tuple(r) for r in got] == [
        ("S1", "employment_rate", "2023", 60.0, None, None),
        ("S1", "employment_rate", "2024", 61.0, None, None),
        ("S1", "smoking_pct", "2023", 22.0, 44.0, 200.0),
        ("S1", "smoking_pct", "2024", 21.5, 43.0, 200.0),
    ]
    before = fingerprint(db_url)
    again = load_file(db_url, "indicators", "indicators_wide.csv", layer="ind", area_kind="sogn")
    assert again.counts.changed == 0
    assert fingerprint(db_url) == before


def test_bad_indicator_file_names_every_problem_and_changes_nothing(db_url: str) -> None:
    load_base_areas(db_url)
    load_file(db_url, "indicator-definitions", "indicator_definitions.csv", layer="defs")
    before = fingerprint(db_url)
    with pytest.raises(LoadError) as caught:
        load_file(db_url, "indicators", "indicators_bad.csv", layer="ind")
    message = str(caught.value)
    assert "indicators_bad.csv, row 3: field 'area_code': unknown area sogn 'S9'" in message
    assert "row 4: field 'indicator': unknown indicator 'coffee_pct'" in message
    assert "row 5: field 'value': expected a number, got 'tyve'" in message
    assert "row 6: field 'area_code': duplicate value for indicator 'smoking_pct'" in message
    assert fingerprint(db_url) == before


def test_definitions_validate_direction(db_url: str, tmp_path) -> None:
    bad = tmp_path / "defs.csv"
    bad.write_text("code,name_da,name_en,unit,direction,domain,source,licence\n"
                   "x,X,X,%,up,work,s,l\n")  # fmt: skip
    from geodata.loaders import LoadOptions, load

    before = fingerprint(db_url)
    with (
        pytest.raises(LoadError, match="row 2: field 'direction': 'up' is not one of"),
        session_scope(db_url) as s,
    ):
        load(s, "indicator-definitions", LoadOptions(bad))
    assert fingerprint(db_url) == before
