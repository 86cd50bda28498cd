"""Checks on the committed SYNTHETIC demo data in data/demo/ (no database needed).

The statutory criteria are recomputed here straight from the CSV, independent of the
generator and of the ranking engine, so a drift in either shows up as a failing test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely

from geodata.models import ASSOCIATION_CATEGORIES
from geodata.models import VENUE_TYPES as MODEL_VENUE_TYPES

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
REAL = ROOT / "data" / "real"
TOTAL_RESIDENTS = 223_174
VECTORS = ("boligomraader", "estates", "venues", "associations")
CSVS = ("indicator_definitions", "indicator_values", "area_residents")
VENUE_TYPES = set(MODEL_VENUE_TYPES)  # what the venues loader accepts
CATEGORIES = set(ASSOCIATION_CATEGORIES)  # what the associations loader accepts
CODES = [
    "outside_work_edu_pct",
    "employment_rate",
    "income_pct_region",
    "low_income_pct",
    "basic_school_only_pct",
    "convictions_ratio",
    "non_western_pct",
    "age65_pct",
    "single_parent_pct",
    "children_low_income_pct",
    "child_overweight_pct",
    "daily_smoking_pct",
    "high_alcohol_pct",
    "low_physical_activity_pct",
    "unhealthy_diet_pct",
    "loneliness_pct",
    "poor_self_rated_health_pct",
    "chronic_disease_pct",
    "poor_mental_health_pct",
    "health_offer_uptake_per_1000",
]
SO_ORGS = {"Himmerland Boligforening", "Alabu Bolig", "Vivabolig", "Plus Bolig", "Lejerbo"}
INTERVAL = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


@pytest.fixture(scope="module")
def raster():
    with rasterio.open(DEMO / "population_100m.tif") as ds:
        return ds.read(), ds.transform, ds.crs, ds.tags(), ds.nodata, ds.descriptions


@pytest.fixture(scope="module")
def cell_centres(raster):
    bands, transform, *_ = raster
    rows, cols = np.indices(bands[0].shape)
    return transform.c + (cols + 0.5) * 100.0, transform.f - (rows + 0.5) * 100.0


@pytest.fixture(scope="module")
def layers() -> dict[str, gpd.GeoDataFrame]:
    return {name: gpd.read_file(DEMO / f"{name}.geojson") for name in VECTORS}


@pytest.fixture(scope="module")
def real() -> dict[str, gpd.GeoDataFrame]:
    names = {
        "kommune": "aalborg_kommune_dagi2014",
        "sogne": "aalborg_sogne_dagi2014",
        "post": "aalborg_postnumre_dagi2014",
        "poi": "aalborg_poi_sample_osm",
    }
    return {k: gpd.read_file(REAL / f"{v}.geojson") for k, v in names.items()}


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return pd.read_csv(DEMO / "indicator_values.csv", dtype={"area_code": str, "period": str})


@pytest.fixture(scope="module")
def residents() -> pd.DataFrame:
    return pd.read_csv(DEMO / "area_residents.csv", dtype={"area_code": str})


def test_raster_grid_and_total(raster):
    bands, transform, crs, tags, nodata, descriptions = raster
    assert crs.to_epsg() == 25832
    assert (transform.a, transform.e, transform.b, transform.d) == (100.0, -100.0, 0.0, 0.0)
    assert transform.c % 100 == 0 and transform.f % 100 == 0
    assert bands.dtype in (np.uint16, np.uint32) and bands.shape[0] == 2
    assert nodata == 0
    assert descriptions == ("residents", "residents_65plus")
    assert int(bands[0].sum(dtype=np.int64)) == TOTAL_RESIDENTS
    assert tags["SYNTHETIC"] == "true"


def test_raster_65plus_share(raster):
    bands = raster[0]
    assert (bands[1] <= bands[0]).all()
    assert 0.18 <= bands[1].sum() / bands[0].sum() <= 0.19


def test_populated_cells_lie_in_the_kommune(raster, cell_centres, real):
    kommune = real["kommune"].to_crs(25832).geometry.union_all()
    xs, ys = cell_centres
    populated = raster[0][0] > 0
    assert shapely.contains_xy(kommune, xs[populated], ys[populated]).all()


def test_city_holds_most_residents(raster, cell_centres, real):
    post = real["post"].to_crs(25832)
    city = post[post["postnr"].isin(["9000", "9200", "9210", "9220", "9400"])].union_all()
    xs, ys = cell_centres
    share = raster[0][0][shapely.contains_xy(city, xs, ys)].sum() / TOTAL_RESIDENTS
    assert 0.55 <= share <= 0.70


def test_estates_sit_on_enough_residents(raster, cell_centres, layers):
    bands = raster[0]
    estates = layers["estates"].to_crs(25832)
    for code, group in estates.groupby("boligomraade_code"):
        xs, ys = cell_centres
        touched = shapely.intersects_xy(group.geometry.union_all().buffer(70), xs, ys)
        assert bands[0][touched].sum() >= group["residents"].sum(), code


def test_estates_inside_their_boligomraade(layers):
    areas = layers["boligomraader"].set_index("code").to_crs(25832)
    estates = layers["estates"].to_crs(25832)
    assert not estates.duplicated(["boligorganisation", "afdeling_nr"]).any()
    assert estates["afdeling_nr"].map(type).eq(str).all()
    for _, est in estates.iterrows():
        assert areas.geometry[est["boligomraade_code"]].buffer(0.5).contains(est.geometry)


def test_boligomraader_in_postal_area_and_disjoint(layers, real):
    areas = layers["boligomraader"].to_crs(25832)
    post = real["post"].to_crs(25832).set_index("postnr")
    assert 10 <= len(areas) <= 14
    assert {"9220", "9210", "9400", "9000", "9200"} <= set(areas["postnr"])
    for _, a in areas.iterrows():
        assert post.geometry[a["postnr"]].contains(a.geometry), a["code"]
        assert 1.0 <= a.geometry.area / 1e4 <= 20.0, a["code"]
    geoms = list(areas.geometry)
    for i, g in enumerate(geoms):
        assert not any(g.intersects(h) for h in geoms[i + 1 :])


def test_aalborg_so_matches_the_project_description(layers):
    areas = layers["boligomraader"]
    so_codes = set(areas.loc[areas["postnr"] == "9210", "code"])
    so = layers["estates"][layers["estates"]["boligomraade_code"].isin(so_codes)]
    assert set(so["boligorganisation"]) == SO_ORGS
    assert so["dwellings"].sum() == 2_154
    assert so["residents"].sum() == 4_086


def test_venues(layers):
    venues = layers["venues"]
    assert 130 <= len(venues) <= 170
    assert venues["venue_id"].is_unique and venues["venue_id"].str.match(r"^V\d{4}$").all()
    assert set(venues["type"]) <= VENUE_TYPES
    assert (venues["capacity"] > 0).all()
    assert venues["address"].str.match(r"^.+ \d+, \d{4} .+$").all()
    for text in venues["availability"]:
        week = json.loads(text)
        assert list(week) == ["man", "tir", "ons", "tor", "fre", "lor", "son"]
        assert all(INTERVAL.match(s) for slots in week.values() for s in slots)


def test_sundhedshus_in_ost_but_not_in_so(layers, real):
    post = real["post"].set_index("postnr")
    health = layers["venues"][layers["venues"]["type"] == "sundhedshus"]
    assert not health.within(post.geometry["9210"]).any()
    assert health.within(post.geometry["9220"]).any()


def test_every_boligomraade_has_local_venues(layers):
    areas = layers["boligomraader"].to_crs(25832)
    local = layers["venues"][layers["venues"]["type"].isin(["faelleshus", "beboerlokale"])]
    local = local.to_crs(25832)
    for _, a in areas.iterrows():
        assert local.within(a.geometry.buffer(50)).sum() >= 2, a["code"]


def test_libraries_are_the_osm_libraries(layers, real):
    libs = layers["venues"][layers["venues"]["type"] == "bibliotek"].to_crs(25832)
    osm = real["poi"][real["poi"]["category"] == "library"].to_crs(25832)
    assert sorted(libs["name"]) == sorted(osm["name"])
    for _, lib in osm.iterrows():
        match = libs[libs["name"] == lib["name"]].geometry.iloc[0]
        assert match.distance(lib.geometry) < 1.0


def test_associations(layers):
    assoc, venues = layers["associations"], layers["venues"].set_index("venue_id")
    assert 270 <= len(assoc) <= 330
    assert assoc["association_id"].is_unique
    assert set(assoc["category"]) <= CATEGORIES
    assert (assoc["category"] == "beboerforening").sum() >= len(layers["boligomraader"])
    assert (assoc["members"] > 0).all()
    with_venue = assoc[assoc["meeting_venue"] != ""]
    assert with_venue["meeting_venue"].isin(venues.index).all()
    at = venues.geometry[with_venue["meeting_venue"]].to_numpy()
    assert all(a.distance(v) < 1e-9 for a, v in zip(with_venue.geometry, at, strict=True))


def test_indicator_definitions():
    defs = pd.read_csv(DEMO / "indicator_definitions.csv")
    assert list(defs.columns[:8]) == [
        "code",
        "name_da",
        "name_en",
        "unit",
        "direction",
        "domain",
        "source",
        "licence",
    ]
    assert sorted(defs["code"]) == sorted(CODES)
    lower = {"employment_rate", "income_pct_region", "health_offer_uptake_per_1000"}
    expected = defs["code"].map(lambda c: "lower_is_worse" if c in lower else "higher_is_worse")
    assert (defs["direction"] == expected).all()
    assert set(defs["domain"]) <= {
        "work",
        "income",
        "education",
        "crime",
        "demography",
        "family",
        "health_behaviour",
        "health",
        "uptake",
    }
    assert defs["source"].str.startswith("Syntetisk").all()


def test_indicator_values_cover_every_area(values, layers):
    n_bo = len(layers["boligomraader"])
    assert not values.duplicated(["area_kind", "area_code", "indicator", "period"]).any()
    assert set(values["indicator"]) == set(CODES)
    assert set(values["period"]) == {"2023", "2024"}
    assert values[values["area_kind"] == "sogn"]["area_code"].nunique() == 57
    assert set(values[values["area_kind"] == "boligområde"]["area_code"]) == set(
        layers["boligomraader"]["code"]
    )
    assert len(values) == 20 * (57 + n_bo) * 2
    assert (values["denominator"] > 0).all()
    counted = values.dropna(subset=["numerator"])
    assert (counted["numerator"] <= counted["denominator"]).all()


def test_small_denominators_exist_in_parishes(values):
    assert (values[values["area_kind"] == "sogn"]["denominator"] < 20).any()


def _criteria(values: pd.DataFrame, period: str) -> pd.DataFrame:
    """Statutory udsat / parallelsamfund / forebyggelse flags per boligområde."""
    bo = values[(values["area_kind"] == "boligområde") & (values["period"] == period)]
    wide = bo.pivot(index="area_code", columns="indicator", values="value")
    wide["residents"] = bo[bo["indicator"] == "non_western_pct"].set_index("area_code")[
        "denominator"
    ]
    big = wide["residents"] >= 1_000
    hard = (
        (wide["outside_work_edu_pct"] > 40).astype(int)
        + (wide["convictions_ratio"] >= 3)
        + (wide["basic_school_only_pct"] > 60)
        + (wide["income_pct_region"] < 55)
    )
    soft = (
        (wide["outside_work_edu_pct"] > 30).astype(int)
        + (wide["convictions_ratio"] >= 2)
        + (wide["basic_school_only_pct"] > 60)
        + (wide["income_pct_region"] < 65)
    )
    wide["udsat"] = big & (hard >= 2)
    wide["parallel"] = wide["udsat"] & (wide["non_western_pct"] > 50)
    wide["prevention"] = big & ~wide["udsat"] & (wide["non_western_pct"] > 30) & (soft >= 2)
    return wide


def _status(row) -> str:
    if row["parallel"]:
        return "parallelsamfund"
    if row["udsat"]:
        return "udsat"
    return "forebyggelsesomraade" if row["prevention"] else ""


def test_statutory_criteria_counts(values):
    wide = _criteria(values, "2024")
    assert wide["udsat"].sum() >= 2
    assert wide["parallel"].sum() >= 1
    assert wide["prevention"].sum() >= 1
    flagged = wide["udsat"] | wide["prevention"]
    assert (~flagged).sum() >= len(wide) // 2


def test_estate_statuses_match_the_indicators(values, layers):
    estates = layers["estates"]
    for period, columns in (("2024", ["status_2024", "status_2025"]), ("2023", ["status_2023"])):
        expected = _criteria(values, period).apply(_status, axis=1)
        for col in columns:
            got = estates.set_index("boligomraade_code")[col]
            assert (got == expected.reindex(got.index)).all(), col
    allowed = {"", "udsat", "parallelsamfund", "forebyggelsesomraade"}
    assert set(estates[[f"status_{y}" for y in range(2022, 2026)]].stack()) <= allowed


def test_area_residents(residents, layers, values, raster, cell_centres, real):
    bo = residents[residents["area_kind"] == "boligområde"].set_index("area_code")["residents"]
    est = layers["estates"].groupby("boligomraade_code")["residents"].sum()
    assert bo.to_dict() == est.to_dict()
    sogne = real["sogne"].to_crs(25832)
    xs, ys = cell_centres
    band = raster[0][0]
    got = residents[residents["area_kind"] == "sogn"].set_index("area_code")["residents"]
    for code, geom in zip(sogne["sognekode"], sogne.geometry, strict=True):
        assert got[code] == band[shapely.contains_xy(geom, xs, ys)].sum(), code
    v24 = values[(values["indicator"] == "non_western_pct") & (values["period"] == "2024")]
    assert (
        v24.set_index("area_code")["denominator"].to_dict()
        == residents.set_index("area_code")["residents"].to_dict()
    )


@pytest.mark.parametrize("name", VECTORS)
def test_vectors_marked_synthetic(name, layers):
    assert layers[name]["synthetic"].eq(True).all()
    head = json.loads((DEMO / f"{name}.geojson").read_text(encoding="utf-8"))
    assert head["synthetic"] is True and "SYNTHETIC" in head["description"]


@pytest.mark.parametrize("name", CSVS)
def test_csvs_marked_synthetic(name):
    table = pd.read_csv(DEMO / f"{name}.csv")
    assert table["synthetic"].eq(True).all()


def test_no_personal_contact_data(layers):
    contacts = pd.concat([layers["venues"]["contact"], layers["associations"]["contact"]])
    phone_or_mail = r"@|\+45|\b\d{8}\b|\b\d{2} \d{2} \d{2} \d{2}\b"
    assert not contacts.str.contains(phone_or_mail, regex=True).any()
    assert contacts.str.contains(",").all()  # "<role>, <organisation>"


def test_demo_data_is_small():
    size = sum(p.stat().st_size for p in DEMO.iterdir() if p.is_file())
    assert size < 3_000_000


def test_generator_is_deterministic(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_demo.py"),
            "--seed",
            "2024",
            "--out",
            str(tmp_path),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert len(generated) == 10  # 9 synthetic files + venues_dawa.geojson (real venues)
    for name in generated:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name
