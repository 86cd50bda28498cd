"""Where the figures come from, on a real PostGIS: per-indicator real/synthetic/mixed counts,
per-value sources, the kommune's real figures, and which area kinds can be ranked.

The data: the test kommune (0851) and three sogne; a synthetic indicator layer and a real one
loaded with ``synthetic=False`` and a Statistics Denmark credit, as ``kvarterkort load
indicators --real`` would. Smoking is all synthetic, employment mixed (S3 real), the 65+ share
all real; the kommune has a real population total and 65+ share (2020K1) and one synthetic
value that must never be shown as real.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.queries.ranking import ranked_area_kinds
from geodata.queries.sources import (
    indicator_sources,
    kommune_of,
    real_area_figures,
    source_status,
    value_sources,
)
from tests.helpers import load_base_areas

CREDIT = "Kilde: Danmarks Statistik, Statistikbanken, tabel FOLK1A"
DEFINITIONS = """code,name_da,name_en,unit,direction,domain,source,licence
smoking_pct,Dagligrygere,Daily smokers,%,higher_is_worse,health,Test,CC0
employment_rate,Beskæftigelse,Employment rate,%,lower_is_worse,work,Test,CC0
age65_pct,Andel 65+,Share aged 65+,%,higher_is_worse,demography,Test,CC0
population_total,Folketal,Population,antal,higher_is_worse,demography,Test,CC0
"""
HEADER = "area_kind,area_code,indicator,period,value,numerator,denominator\n"
SYNTHETIC = (
    HEADER
    + """sogn,S1,smoking_pct,2024,21.5,43,200
sogn,S2,smoking_pct,2024,12.0,24,200
sogn,S3,smoking_pct,2024,9.0,9,100
sogn,S1,employment_rate,2024,61.0,,
sogn,S2,employment_rate,2024,70.0,,
kommune,0851,smoking_pct,2024,14.0,,
"""
)
REAL_SOGNE = """sogn,S3,employment_rate,2024,75.0,,
sogn,S1,age65_pct,2024,18.0,360,2000
sogn,S2,age65_pct,2024,22.0,440,2000
sogn,S3,age65_pct,2024,25.0,250,1000
"""
REAL_KOMMUNE = """kommune,0851,population_total,2020K1,214742,,
kommune,0851,age65_pct,2020K1,17.9,38439,214742
"""


def build(url: str, folder: Path, kommune: bool = True) -> None:
    """Areas, definitions, the synthetic layer and the real layer (with kommune figures or not)."""
    load_base_areas(url)
    files = {
        "defs.csv": DEFINITIONS,
        "syn.csv": SYNTHETIC,
        "real.csv": HEADER + REAL_SOGNE + (REAL_KOMMUNE if kommune else ""),
    }
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    with session_scope(url) as s:
        load(s, "indicator-definitions", LoadOptions(folder / "defs.csv", layer="test_defs"))
        load(s, "indicators", LoadOptions(folder / "syn.csv", layer="demo_syn", synthetic=True))
        real = LoadOptions(
            folder / "real.csv", layer="statbank_test", synthetic=False, credit=CREDIT
        )
        load(s, "indicators", real)


def test_status_rule() -> None:
    assert source_status(3, 0) == "real"
    assert source_status(0, 3) == "synthetic"
    assert source_status(1, 2) == "mixed"


def test_indicator_sources_count_real_and_synthetic(db_url: str, tmp_path: Path) -> None:
    build(db_url, tmp_path)
    with session_scope(db_url) as s:
        frame = indicator_sources(s, "sogn", "2024").set_index("indicator")
        assert frame.loc["smoking_pct", ["real_values", "synthetic_values"]].tolist() == [0, 3]
        assert frame.loc["employment_rate", ["real_values", "synthetic_values"]].tolist() == [1, 2]
        assert frame.loc["age65_pct", ["real_values", "synthetic_values"]].tolist() == [3, 0]
        assert frame["status"].to_dict() == {
            "age65_pct": "real", "employment_rate": "mixed", "smoking_pct": "synthetic",
        }  # fmt: skip
        assert frame.loc["age65_pct", "credits"] == [CREDIT]
        assert frame.loc["employment_rate", "layers"] == ["demo_syn", "statbank_test"]
        kommune = indicator_sources(s, "kommune", "2020K1").set_index("indicator")
        assert kommune["status"].to_dict() == {"age65_pct": "real", "population_total": "real"}
        assert indicator_sources(s, "sogn", "1999").empty


def test_value_sources_and_kommune_figures(db_url: str, tmp_path: Path) -> None:
    build(db_url, tmp_path)
    with session_scope(db_url) as s:
        assert value_sources(s, "sogn", "S3", "2024") == {
            "smoking_pct": True, "employment_rate": False, "age65_pct": False,
        }  # fmt: skip
        assert value_sources(s, "sogn", "S1", "2024")["employment_rate"] is True
        assert kommune_of(s, "sogn", "S2") == ("0851", "Testkommune")
        assert kommune_of(s, "kommune", "0851") == ("0851", "Testkommune")
        figures = real_area_figures(s, "kommune", "0851").set_index("indicator")
        # the synthetic kommune smoking value is not a real figure
        assert sorted(figures.index) == ["age65_pct", "population_total"]
        assert figures.loc["population_total", "value"] == 214742
        assert figures.loc["population_total", "period"] == "2020K1"
        assert figures.loc["population_total", "credit"] == CREDIT


def test_only_kommune_is_the_fallback(db_url: str, tmp_path: Path) -> None:
    build(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(
            text(
                "UPDATE areas SET parent_id = NULL, "
                "geom = ST_Translate(geom, 50000, 0) WHERE kind = 'sogn' AND code = 'S1'"
            )
        )
    with session_scope(db_url) as s:
        assert kommune_of(s, "sogn", "S1") == ("0851", "Testkommune")  # the only one loaded


def test_ranked_area_kinds_need_two_areas(db_url: str, tmp_path: Path) -> None:
    build(db_url, tmp_path)
    with session_scope(db_url) as s:
        # the kommune has values (2024 and 2020K1) but is one area: a figure, not a ranking
        assert ranked_area_kinds(s) == ["sogn"]
