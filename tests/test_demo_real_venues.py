"""The demo's real Aalborg venues: real names, addresses and positions; invented details labelled.

The 38 polling venues in data/real/ (DAWA, CC BY 4.0) join the synthetic venues. What is real
must arrive unchanged (compared here with the CSV itself, within a few metres), what is
invented must be named per venue in synthetic_fields, and the layer must carry its credit.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, pool, text

ROOT = Path(__file__).resolve().parents[1]
REAL_CSV = ROOT / "data" / "real" / "aalborg_851_afstemningssteder_venues_2025.csv"
INVENTED = {"capacity", "bookable", "contact", "availability"}


@pytest.fixture(scope="module")
def real_rows() -> dict[str, dict[str, str]]:
    with REAL_CSV.open(encoding="utf-8", newline="") as handle:
        return {"dar:" + r["afstemningsstedadresseid"]: r for r in csv.DictReader(handle)}


def _venues(url: str) -> dict[str, dict]:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT v.venue_key, v.name, v.address, v.synthetic_fields, v.capacity, v.bookable, "
            "ST_X(ST_Transform(v.geom, 4326)) AS lon, ST_Y(ST_Transform(v.geom, 4326)) AS lat, "
            "l.name AS layer, l.synthetic, l.credit, l.licence "
            "FROM venues v JOIN layers l ON l.id = v.layer_id"
        )).mappings().all()  # fmt: skip
    return {r["venue_key"]: dict(r) for r in rows}


def test_file_is_the_real_extract(real_rows: dict[str, dict[str, str]]) -> None:
    assert len(real_rows) == 38
    assert all(r["kommunekode"] == "0851" for r in real_rows.values())
    assert "Gigantium" in {r["afstemningsstednavn"] for r in real_rows.values()}


def test_demo_loads_the_real_venues_unchanged(
    demo_url: str, real_rows: dict[str, dict[str, str]]
) -> None:
    venues = _venues(demo_url)
    real = {k: v for k, v in venues.items() if k.startswith("dar:")}
    assert set(real) == set(real_rows)
    for key, row in real_rows.items():
        got = real[key]
        assert got["name"] == row["afstemningsstednavn"]
        assert got["address"] == row["afstemningsstedadressebetegnelse"]
        lon, lat = (
            float(row["afstemningssted_adgangspunkt_x"]),
            float(row["afstemningssted_adgangspunkt_y"]),
        )
        # metres on the ground at 57° N: 1e-5° lat ≈ 1.1 m, 1e-5° lon ≈ 0.6 m
        assert abs(got["lat"] - lat) * 111_000 < 3, key
        assert abs(got["lon"] - lon) * 60_000 < 3, key
        assert set(got["synthetic_fields"]) >= INVENTED, key
    # the synthetic demo venues stay, in their synthetic layer
    synthetic = [v for v in venues.values() if not v["venue_key"].startswith("dar:")]
    assert len(synthetic) == 158 and all(v["synthetic"] for v in synthetic)


def test_real_layer_records_credit_and_licence(demo_url: str) -> None:
    layer = {v["layer"]: v for v in _venues(demo_url).values() if v["venue_key"].startswith("dar:")}
    assert list(layer) == ["dawa_lokaler_aalborg"]
    row = layer["dawa_lokaler_aalborg"]
    assert row["synthetic"] is False
    assert "Klimadatastyrelsen" in row["credit"] and "DAWA" in row["credit"]
    assert "CC BY 4.0" in row["licence"]


def test_generated_file_marks_every_invented_attribute() -> None:
    data = json.loads((ROOT / "data" / "demo" / "venues_dawa.geojson").read_text("utf-8"))
    assert data["synthetic"] is False and "SYNTHETIC" in data["description"]
    for feature in data["features"]:
        props = feature["properties"]
        assert set(json.loads(props["synthetic_fields"])) >= INVENTED
        assert props["synthetic"] is False


def test_types_follow_the_real_names() -> None:
    data = json.loads((ROOT / "data" / "demo" / "venues_dawa.geojson").read_text("utf-8"))
    types = {f["properties"]["name"]: f["properties"]["type"] for f in data["features"]}
    assert types["Gigantium"] == "idraetshal" and types["Løvvanghallen"] == "idraetshal"
    assert types["Hals Skole"] == "skole"  # "Hals" is a town, not a hall
    assert types["Nordkraft"] == "kulturhus" and types["Mou Hotel"] == "other"
    assert types["Frejlev Skoles Idrætshal"] == "idraetshal"
