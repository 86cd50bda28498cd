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
from typing import Any

from sqlalchemy import event, text

from geodata.db import session_scope
from geodata.loaders import LoadOptions, load
from geodata.models import AREA_KINDS
from geodata.queries.ranking import ranked_area_kinds
from geodata.queries.sources import (
    derived_area_sources,
    derived_sources,
    derived_value_sources,
    indicator_sources,
    kommune_of,
    real_area_figures,
    source_status,
    value_sources,
)
from tests.helpers import load_base_areas, load_file

CREDIT = "Kilde: Danmarks Statistik, Statistikbanken, tabel FOLK1A"
DEFINITIONS = """code,name_da,name_en,unit,direction,domain,source,licence
smoking_pct,Dagligrygere,Daily smokers,%,higher_is_worse,health,Test,CC0
employment_rate,Beskæftigelse,Employment rate,%,lower_is_worse,work,Test,CC0
age65_pct,Andel 65+,Share aged 65+,%,higher_is_worse,demography,Test,CC0
population_total,Folketal,Population,antal,higher_is_worse,demography,Test,CC0
"""
ALL = ["smoking_pct", "employment_rate", "age65_pct", "population_total"]
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
        frame = indicator_sources(s, "sogn", "2024", ALL).set_index("indicator")
        assert frame.loc["smoking_pct", ["real_values", "synthetic_values"]].tolist() == [0, 3]
        assert frame.loc["employment_rate", ["real_values", "synthetic_values"]].tolist() == [1, 2]
        assert frame.loc["age65_pct", ["real_values", "synthetic_values"]].tolist() == [3, 0]
        assert frame["status"].to_dict() == {
            "age65_pct": "real", "employment_rate": "mixed", "smoking_pct": "synthetic",
        }  # fmt: skip
        assert frame.loc["age65_pct", "credits"] == [CREDIT]
        assert frame.loc["employment_rate", "layers"] == ["demo_syn", "statbank_test"]
        kommune = indicator_sources(s, "kommune", "2020K1", ALL).set_index("indicator")
        assert kommune["status"].to_dict() == {"age65_pct": "real", "population_total": "real"}
        assert indicator_sources(s, "sogn", "1999", ALL).empty
        # only the indicators asked for (a profile's), nothing else loaded
        assert list(indicator_sources(s, "sogn", "2024", ["age65_pct"])["indicator"]) == [
            "age65_pct"
        ]


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


def second_kommune(url: str) -> None:
    """A neighbour kommune (0860) east of the test kommune, and S1 moved into it."""
    with session_scope(url) as s:
        s.execute(
            text(
                "INSERT INTO areas (layer_id, kind, code, name, geom) SELECT layer_id, kind, "
                "'0860', 'Nabokommune', ST_Translate(geom, 10000, 0) FROM areas "
                "WHERE kind = 'kommune'"
            )
        )
        s.execute(
            text(
                "UPDATE areas SET parent_id = NULL, geom = ST_Translate(geom, 10000, 0) "
                "WHERE kind = 'sogn' AND code = 'S1'"
            )
        )


def test_the_kommune_is_the_one_the_area_lies_in(db_url: str, tmp_path: Path) -> None:
    """With several kommuner, each area gets its own; an area no kommune touches gets none
    (not the figures of the only, or some other, kommune)."""
    build(db_url, tmp_path)
    with session_scope(db_url) as s:
        s.execute(text("UPDATE areas SET parent_id = NULL WHERE kind = 'sogn'"))
    second_kommune(db_url)
    with session_scope(db_url) as s:
        assert kommune_of(s, "sogn", "S1") == ("0860", "Nabokommune")
        assert kommune_of(s, "sogn", "S2") == ("0851", "Testkommune")
        s.execute(text("DELETE FROM areas WHERE kind = 'kommune' AND code = '0860'"))
        assert kommune_of(s, "sogn", "S1") is None  # outside the only kommune loaded


def load_places(url: str) -> None:
    """Real venues (all three in S1); S1 and S2 with residents from their (real) area file,
    S3 with residents from a synthetic population grid."""
    load_file(url, "venues", "venues.csv", layer="real_venues", synthetic=False)
    load_file(url, "population", "population.tif", layer="syn_grid", synthetic=True)
    with session_scope(url) as s:
        s.execute(
            text(
                "UPDATE areas SET residents = CASE code WHEN 'S3' THEN 500 ELSE 1000 END, "
                "residents_source = CASE code WHEN 'S3' THEN 'grid' ELSE 'file' END "
                "WHERE kind = 'sogn'"
            )
        )


def test_capacity_values_are_real_only_with_real_places_and_residents(
    db_url: str, tmp_path: Path
) -> None:
    """venues_per_1000 divides counted venues by residents: S1 (3 real venues, real residents)
    and S2 (none counted, real residents, no synthetic venue anywhere) are real; S3's real
    venues count is divided by synthetic grid residents, so its value is synthetic."""
    build(db_url, tmp_path)
    load_places(db_url)
    with session_scope(db_url) as s:
        per_area = derived_area_sources(s, "sogn")
    values = derived_value_sources(per_area).set_index("area_code")
    venues = values[values["indicator"] == "venues_per_1000"]["synthetic"].astype(bool)
    assert venues.to_dict() == {"S1": False, "S2": False, "S3": True}
    summary = derived_sources(per_area).set_index("indicator")
    assert summary.loc["venues_per_1000", ["real_values", "synthetic_values"]].tolist() == [2, 1]
    assert summary.loc["venues_per_1000", "status"] == "mixed"
    assert summary.loc["venues_per_1000", "layers"] == ["real_venues", "syn_grid", "test_sogne"]
    assert "associations_per_1000" not in summary.index  # none loaded: nothing to judge
    with session_scope(db_url) as s:  # one area alone is judged the same way
        alone = derived_value_sources(derived_area_sources(s, "sogn", "S2"))
    assert alone[["area_code", "synthetic"]].values.tolist() == [["S2", False]]
    # synthetic venues loaded (in S1): S2's zero now rests on a synthetic layer too
    load_file(db_url, "venues", "venues.csv", layer="syn_venues", synthetic=True)
    with session_scope(db_url) as s:
        alone = derived_value_sources(derived_area_sources(s, "sogn", "S2"))
    assert alone[["area_code", "synthetic"]].values.tolist() == [["S2", True]]
    with session_scope(db_url) as s:  # all residents synthetic: no value is real
        s.execute(text("UPDATE areas SET residents_source = 'grid' WHERE kind = 'sogn'"))
        everything = derived_sources(derived_area_sources(s, "sogn")).set_index("indicator")
    assert everything.loc["venues_per_1000", "status"] == "synthetic"


def test_ranked_area_kinds_need_two_areas(db_url: str, tmp_path: Path) -> None:
    build(db_url, tmp_path)
    with session_scope(db_url) as s:
        # the kommune has values (2024 and 2020K1) but is one area: a figure, not a ranking
        assert ranked_area_kinds(s) == ["sogn"]


def test_ranked_area_kinds_probe_the_index(demo_url: str) -> None:
    """The form asks this on every render: it must stop at two areas with a value per kind
    (index probes), not read every stored value as the old GROUP BY did."""
    with session_scope(demo_url) as s:
        s.execute(
            text(
                "INSERT INTO indicator_values (layer_id, area_id, indicator_code, period, value) "
                "SELECT v.layer_id, v.area_id, v.indicator_code, v.period || '-' || g, v.value "
                "FROM indicator_values v, generate_series(1, 10) g"
            )
        )
    with session_scope(demo_url) as s:
        s.execute(text("ANALYZE indicator_values"))
        s.execute(text("ANALYZE areas"))
        sent: list[str] = []
        connection = s.connection()
        record = sent_to(sent)
        event.listen(connection, "before_cursor_execute", record)
        assert ranked_area_kinds(s) == ["sogn", "boligområde"]  # Aalborg alone is no ranking
        event.remove(connection, "before_cursor_execute", record)
        sql = "EXPLAIN (ANALYZE, FORMAT JSON) " + sent[0].replace("%(kinds)s", ":kinds")
        plan = s.execute(text(sql), {"kinds": list(AREA_KINDS)}).scalar_one()
    read = values_read(plan[0]["Plan"])
    assert 0 < read < 100, read  # the old GROUP BY read all ~30,000 values


def values_read(node: dict[str, Any]) -> int:
    """Rows of indicator_values a plan node and its children read: rows x loops, or the loops
    (the number of probes) where the plan rounds a probe's average row count down to 0."""
    own = 0
    if node.get("Relation Name") == "indicator_values":
        loops = node["Actual Loops"]
        own = int(max(node["Actual Rows"] * loops, loops))
    return own + sum(values_read(child) for child in node.get("Plans", []))


def sent_to(sent: list[str]) -> Any:
    """A cursor listener appending each statement sent to ``sent``."""

    def record(*args: Any) -> None:
        sent.append(args[2])

    return record
