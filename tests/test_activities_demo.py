"""The SYNTHETIC Aalborg SØ activities demo: generated deterministically, loaded by the demo
(through the same use cases as the CLI), marked synthetic, idempotent, and a believable 2026.

The database tests use the demo loaded once per run (conftest `demo_url`), never a second copy.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import yaml
from sqlalchemy import text

from geodata.activities_io import import_sessions
from geodata.activities_projects import progress
from geodata.db import session_scope
from geodata.demo_activities import DEMO_CODE_KEY, load_demo_activities, read_demo_activities
from geodata.errors import GeodataError
from tests.helpers import fingerprint
from tests.test_activities_data_helpers import ACTIVITY_TABLES

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
YAML = DEMO / "activities_soe.yaml"
CSV = DEMO / "activities_soe_2026.csv"
HOLIDAY_WEEKS = {7, 28, 29, 30, 31, 42}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def spec() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(YAML.read_text(encoding="utf-8"))


def test_generator_is_deterministic(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_demo_activities.py"), "--seed", "2026",
         "--out", str(tmp_path)],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    for path in (YAML, CSV):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert CSV.stat().st_size < 300_000


def test_project_file_is_the_so_project(spec) -> None:  # type: ignore[no-untyped-def]
    project = spec["project"]
    assert project["code"] == "SOE" and project["kommune"] == "0851"
    assert project["area"] == "postnummer:9210"
    assert (project["starts"], project["ends"]) == (date(2026, 1, 1), date(2028, 12, 31))
    assert project["synthetic"] is True and project["published"] is True
    targets = {(t["year"], t["kind"]): t["participants"] for t in spec["targets"]}
    assert targets == {(2026, "faellesskab"): 500, (2026, "sundhedsfremme"): 75,
                       (2027, "faellesskab"): 750, (2027, "sundhedsfremme"): 150,
                       (2028, "faellesskab"): 1000, (2028, "sundhedsfremme"): 200}  # fmt: skip
    kinds = [o["kind"] for o in spec["offers"]]
    assert 6 <= len(kinds) <= 10 and set(kinds) == {"faellesskab", "sundhedsfremme"}
    assert all(o["owner"] and o["target_group"] for o in spec["offers"])


def test_sessions_never_after_27_november_nor_in_holidays(rows, spec) -> None:  # type: ignore[no-untyped-def]
    days = {date.fromisoformat(r["dato"]) for r in rows}
    assert min(days) >= date(2026, 1, 5) and max(days) <= date(2026, 11, 27)
    assert max(days) <= spec["recorded_until"] <= spec["project"]["ends"]
    assert not {d.isocalendar().week for d in days} & HOLIDAY_WEEKS
    assert {r["tilbud"] for r in rows} == {o["name"] for o in spec["offers"]}
    assert {r["synthetic"] for r in rows} == {"true"}  # labelled like the other demo files


def test_venues_lie_in_or_near_9210(rows) -> None:  # type: ignore[no-untyped-def]
    postnr = gpd.read_file(ROOT / "data" / "real" / "aalborg_postnumre_dagi2014.geojson")
    so = postnr.to_crs(25832).loc[postnr["postnr"] == "9210"].geometry.union_all()
    venues = gpd.read_file(DEMO / "venues.geojson").to_crs(25832).set_index("venue_id")
    used = {r["lokale"] for r in rows}
    assert len(used) >= 4
    assert all(venues.geometry[key].distance(so) < 500 for key in used)


def test_demo_is_loaded_and_marked_synthetic(demo_url: str, rows) -> None:  # type: ignore[no-untyped-def]
    with session_scope(demo_url) as s:
        project = s.execute(
            text(
                "SELECT p.synthetic, p.published, a.kind, a.code FROM activity_projects p "
                "LEFT JOIN areas a ON a.id = p.area_id WHERE p.code = 'SOE'"
            )
        ).one()
        offers = s.execute(text("SELECT bool_and(synthetic), count(*) FROM activity_offers")).one()
        sessions = s.execute(
            text("SELECT bool_and(synthetic), count(*), max(held_on) FROM activity_sessions")
        ).one()
        # every named home resolved: no estate or boligområde cell without its place
        unplaced = s.execute(
            text(
                "SELECT count(*) FROM activity_attendance WHERE (home_kind = 'estate' "
                "AND estate_id IS NULL) OR (home_kind = 'boligomraade' AND area_id IS NULL)"
            )
        ).scalar_one()
        visits = s.execute(text("SELECT sum(participants) FROM activity_attendance")).scalar_one()
    assert tuple(project) == (True, True, "postnummer", "9210")
    assert tuple(offers) == (True, 9)
    assert sessions[0] is True and sessions[2] <= date(2026, 11, 27)
    assert sessions[1] == len({(r["dato"], r["tilbud"], r["start"], r["lokale"]) for r in rows})
    assert unplaced == 0
    assert visits == sum(int(r["antal"]) for r in rows)


def test_second_load_changes_nothing(demo_url: str) -> None:
    before = fingerprint(demo_url, ACTIVITY_TABLES)
    with session_scope(demo_url) as s:
        report = load_demo_activities(s, YAML)  # the demo's key, as conftest loaded it
    assert report.counts.changed == 0 and report.counts.unchanged > 250
    assert fingerprint(demo_url, ACTIVITY_TABLES) == before


def test_a_demo_loaded_before_projects_had_areas_gets_its_area(demo_url: str) -> None:
    with session_scope(demo_url) as s:
        s.execute(text("UPDATE activity_projects SET area_id = NULL WHERE code = 'SOE'"))
        report = load_demo_activities(s, YAML)
        area = s.execute(text(
            "SELECT a.code FROM activity_projects p JOIN areas a ON a.id = p.area_id "
            "WHERE p.code = 'SOE'")).scalar_one()  # fmt: skip
    assert area == "9210" and report.counts.updated == 1 and report.counts.inserted == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("UPDATE activity_projects SET synthetic = false WHERE code = 'SOE'", "real project"),
        ("UPDATE activity_projects SET ends_on = '2027-12-31' WHERE code = 'SOE'", "differs"),
        ("UPDATE activity_offers SET kind = 'sundhedsfremme' WHERE name = 'Kvindecafé'",
         "stored as sundhedsfremme"),
    ],
)  # fmt: skip
def test_demo_refuses_a_project_or_offer_it_did_not_make(
    demo_url: str, change: str, message: str
) -> None:
    with session_scope(demo_url) as s:
        s.execute(text(change))
    before = fingerprint(demo_url, ACTIVITY_TABLES)
    with pytest.raises(GeodataError, match=message), session_scope(demo_url) as s:
        load_demo_activities(s, YAML)
    assert fingerprint(demo_url, ACTIVITY_TABLES) == before


def test_demo_file_with_a_missing_key_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(YAML.read_text(encoding="utf-8"))
    del data["recorded_until"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GeodataError, match="expected the keys"):
        read_demo_activities(bad)


def test_import_marks_sessions_synthetic_only_when_asked(demo_url: str, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("dato,tilbud,lokale,start,aldersgruppe,bopæl,antal\n"
                    "2026-11-28,Fællesspisning,V0009,17:30,30-49,ukendt,6\n")  # fmt: skip
    with session_scope(demo_url) as s:
        import_sessions(s, real, "SOE", key=DEMO_CODE_KEY, today=date(2026, 11, 30))
        flags = s.execute(text(
            "SELECT held_on > '2026-11-27', synthetic, count(*) FROM activity_sessions "
            "GROUP BY 1, 2 ORDER BY 1")).all()  # fmt: skip
    assert [tuple(f) for f in flags] == [(False, True, flags[0][2]), (True, False, 1)]


def test_so_2026_progress_against_500_and_75(demo_url: str) -> None:
    with session_scope(demo_url) as s:
        table = progress(s, "SOE", date(2026, 11, 30)).set_index(["year", "kind"])
    fae, sun = table.loc[(2026, "faellesskab")], table.loc[(2026, "sundhedsfremme")]
    assert (fae["target"], sun["target"]) == (500, 75)
    # every visit carries a code, so the target is measured on people, not visits
    assert fae["basis"] == sun["basis"] == "unique"
    assert 440 <= fae["unique"] < 500 <= fae["forecast"] < 560 and fae["on_track"]
    assert 50 <= sun["unique"] <= 65 and sun["forecast"] < 75 and not sun["on_track"]
    assert fae["visits"] > 3 * fae["unique"]  # people come back
