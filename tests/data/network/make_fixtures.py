"""Write the synthetic Aalborg SØ fixtures of the network tests (all EPSG:25832, CC0).

Run from the repository root: `uv run python tests/data/network/make_fixtures.py`.

A 5 × 5 street grid of 100 m blocks (south-west corner E 556 000, N 6 318 000, inside postnummer
9210) cut into one LineString per block side, so every walking distance along it is a Manhattan
distance that can be worked out by hand. At the junction 100 m east, 100 m north of the corner,
two block-side endpoints are pulled 0.2 m off it in opposite directions: the loader must snap
them (within 0.5 m) for the grid to be connected, and the merged vertex still lands on the
junction. One feature is a
MultiLineString of two block sides, as some exports write them.

Around it: a 4 × 4 population raster of 100 m cells (band 2: residents aged 65+), a postnummer
covering the west half, two sogne (west, east), one estate and six venues with different
attributes, so eligibility and demand tests have known answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

X0, Y0, BLOCK, N = 556_000, 6_318_000, 100, 5
HERE = Path(__file__).parent
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}
RESIDENTS = [[10, 20, 30, 40], [5, 0, 15, 25], [8, 12, 0, 6], [50, 1, 2, 3]]  # north row first
OLDER = [[1, 2, 3, 4], [0, 0, 5, 5], [2, 2, 0, 0], [10, 0, 1, 1]]
VENUES = [  # key, name, type, x, y, capacity, step_free, kitchen, bookable, availability
    ("V1", "Fælleshuset Gug", "faelleshus", 0, 0, 60, True, True, True,
     {"tir": ["09:00-15:00"], "tor": ["09:00-15:00"]}),
    ("V2", "Beboerlokalet", "beboerlokale", 400, 400, 20, False, True, True,
     {"tir": ["08:00-12:00"]}),
    ("V3", "Gug Bibliotek", "bibliotek", 250, 395, 100, True, False, False,
     {d: ["10:00-18:00"] for d in ("man", "tir", "ons", "tor", "fre", "lor", "son")}),
    ("V4", "Aktivitetscenter Gug", "aktivitetscenter", 200, 200, 30, True, True, True,
     {"tir": ["08:00-16:00"], "tor": ["08:00-12:00", "13:00-16:00"]}),
    ("V5", "Sognegården", "kirke_sognegaard", 650, 200, 40, True, True, True,
     {"tir": ["09:00-22:00"], "tor": ["09:00-22:00"]}),
    ("V6", "Hallen", "idraetshal", 1500, 200, 200, True, False, True, None),
]  # fmt: skip


def box(x0: float, y0: float, x1: float, y1: float) -> list:
    ring = [[X0 + x0, Y0 + y0], [X0 + x1, Y0 + y0], [X0 + x1, Y0 + y1], [X0 + x0, Y0 + y1]]
    return [[*ring, ring[0]]]


def collection(name: str, features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "name": name, "crs": CRS, "features": features}


def write(name: str, data: dict) -> None:
    (HERE / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def grid() -> dict:
    segs = [
        (
            (i * BLOCK, j * BLOCK),
            ((i + 1) * BLOCK, j * BLOCK),
            "residential" if j in (0, 4) else "footway",
        )
        for j in range(N)
        for i in range(N - 1)
    ]
    segs += [((i * BLOCK, j * BLOCK), (i * BLOCK, (j + 1) * BLOCK), "path")
             for i in range(N) for j in range(N - 1)]  # fmt: skip
    features: list[dict] = []
    for k, (a, b, kind) in enumerate(segs):
        start: list[float] = [X0 + a[0], Y0 + a[1]]
        end: list[float] = [X0 + b[0], Y0 + b[1]]
        if (a, b) == ((100, 100), (200, 100)):
            start[0] -= 0.2
        if (a, b) == ((0, 100), (100, 100)):
            end[0] += 0.2
        geometry = {"type": "LineString", "coordinates": [start, end]}
        features.append({"type": "Feature", "properties": {"segment": k, "highway": kind},
                         "geometry": geometry})  # fmt: skip
    last, before = features.pop(), features.pop()
    before["geometry"] = {"type": "MultiLineString", "coordinates": [
        before["geometry"]["coordinates"], last["geometry"]["coordinates"]]}  # fmt: skip
    features.append(before)
    return collection("grid_aalborg_so", features)


def areas() -> tuple[dict, dict]:
    post = [
        {
            "type": "Feature",
            "properties": {"code": "9210", "name": "Aalborg SØ"},
            "geometry": {"type": "Polygon", "coordinates": box(-50, -50, 200, 450)},
        }
    ]
    sogne = [
        {"type": "Feature", "properties": {"code": "S1", "name": "Vest"},
         "geometry": {"type": "Polygon", "coordinates": box(-50, -50, 200, 450)}},
        {"type": "Feature", "properties": {"code": "S2", "name": "Øst"},
         "geometry": {"type": "Polygon", "coordinates": box(200, -50, 1600, 450)}},
    ]  # fmt: skip
    return collection("postnumre", post), collection("sogne", sogne)


def estates() -> dict:
    props = {"boligorganisation": "Test Bolig", "afdeling_nr": "7", "name": "Gugparken",
             "dwellings": 60, "residents": 120}  # fmt: skip
    geometry = {"type": "Polygon", "coordinates": box(260, 260, 340, 340)}
    return collection("estates", [{"type": "Feature", "properties": props, "geometry": geometry}])


def venues() -> dict:
    features: list[dict] = []
    for key, name, kind, x, y, cap, step, kitchen, bookable, avail in VENUES:
        props = {"venue_id": key, "name": name, "type": kind, "capacity": cap,
                 "step_free": step, "kitchen": kitchen, "bookable": bookable,
                 "availability": json.dumps(avail) if avail else None}  # fmt: skip
        geometry = {"type": "Point", "coordinates": [X0 + x, Y0 + y]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return collection("venues", features)


def population() -> None:
    profile = {"driver": "GTiff", "height": 4, "width": 4, "count": 2, "dtype": "int32",
               "crs": "EPSG:25832", "transform": Affine(100, 0, X0, 0, -100, Y0 + 400),
               "nodata": -1}  # fmt: skip
    with rasterio.open(HERE / "population_grid.tif", "w", **profile) as dst:
        dst.write(np.array(RESIDENTS, dtype=np.int32), 1)
        dst.write(np.array(OLDER, dtype=np.int32), 2)


def main() -> None:
    write("grid_aalborg_so.geojson", grid())
    post, sogne = areas()
    write("postnummer_grid.geojson", post)
    write("sogne_grid.geojson", sogne)
    write("estates_grid.geojson", estates())
    write("venues_grid.geojson", venues())
    population()


if __name__ == "__main__":
    main()
