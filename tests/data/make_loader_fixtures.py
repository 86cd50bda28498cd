"""Write the small loader fixtures in tests/data/loaders (run once; outputs are committed).

Coordinates are made-up squares around Aalborg Øst; nothing here is real data.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import Point, Polygon, box

OUT = Path(__file__).parent / "loaders"
X0, Y0 = 560_000, 6_321_000  # EPSG:25832, Aalborg Øst


def squares() -> gpd.GeoDataFrame:
    cells = [box(X0 + i * 1000, Y0, X0 + (i + 1) * 1000, Y0 + 1000) for i in range(3)]
    return gpd.GeoDataFrame(
        {"code": ["S1", "S2", "S3"], "name": ["Øst Sogn", "Midt Sogn", "Vest Sogn"]},
        geometry=cells,
        crs=25832,
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    kommune = gpd.GeoDataFrame(
        {"code": ["0851"], "name": ["Testkommune"]},
        geometry=[box(X0 - 500, Y0 - 500, X0 + 3500, Y0 + 1500)],
        crs=25832,
    )
    kommune.to_crs(4326).to_file(OUT / "kommune.geojson", driver="GeoJSON")
    sogne = squares()
    sogne.to_crs(4326).to_file(OUT / "sogne.geojson", driver="GeoJSON")
    sogne.to_file(OUT / "sogne_25832.gpkg", layer="sogne", driver="GPKG")
    sogne.iloc[:1].to_file(OUT / "sogne_25832.gpkg", layer="andet_lag", driver="GPKG")
    bowtie = Polygon([(X0, Y0), (X0 + 1000, Y0 + 1000), (X0 + 1000, Y0), (X0, Y0 + 1000)])
    invalid = sogne.copy()
    invalid.loc[1, "geometry"] = bowtie
    invalid.to_crs(4326).to_file(OUT / "sogne_invalid.geojson", driver="GeoJSON")
    noprj = sogne.copy()
    noprj.to_file(OUT / "sogne_noprj.shp")
    (OUT / "sogne_noprj.prj").unlink()
    pts = gpd.GeoDataFrame({"code": ["P1"], "name": ["Punkt"]}, geometry=[Point(X0, Y0)], crs=25832)
    pts.to_crs(4326).to_file(OUT / "areas_points.geojson", driver="GeoJSON")
    swapped = sogne.to_crs(4326)
    swapped["geometry"] = swapped.geometry.map(
        lambda g: Polygon([(y, x) for x, y in g.exterior.coords])
    )
    swapped.to_file(OUT / "sogne_swapped.geojson", driver="GeoJSON")
    (OUT / "empty.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    write_population()


def write_population() -> None:
    residents = np.array([[0, 10, 20], [5, 0, 40], [0, 0, 7]], dtype=np.uint16)
    older = np.array([[0, 2, 5], [1, 0, 9], [0, 0, 7]], dtype=np.uint16)
    profile = dict(
        driver="GTiff",
        height=3,
        width=3,
        count=2,
        dtype="uint16",
        crs="EPSG:25832",
        transform=from_origin(X0, Y0 + 1000, 100, 100),
        nodata=0,
    )
    with rasterio.open(OUT / "population.tif", "w", **profile) as dst:
        dst.write(residents, 1)
        dst.write(older, 2)
    bad = older.copy()
    bad[0, 1] = 50  # more 65+ than residents
    with rasterio.open(OUT / "population_bad.tif", "w", **profile) as dst:
        dst.write(residents, 1)
        dst.write(bad, 2)


if __name__ == "__main__":
    main()
