"""Area tables from files and ranking results to files (geodata.ranking_io), no database."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geodata.errors import GeodataError
from geodata.ranking_io import read_area_table, write_ranking

DATA = Path(__file__).parent / "data" / "ranking"


def test_codes_stay_text_in_every_format(tmp_path: Path) -> None:
    from_csv = read_area_table(DATA / "areas.csv", "area_code")
    from_geojson = read_area_table(DATA / "areas.geojson", "area_code")
    assert list(from_csv["area_code"]) == list(from_geojson["area_code"])
    assert from_csv["area_code"].iloc[0] == "0101"
    assert isinstance(from_geojson, gpd.GeoDataFrame) and from_geojson.crs.to_epsg() == 4326
    numeric = from_csv.assign(area_code=[801, 802, 803, 804, 805, 806.0])
    path = tmp_path / "numeric.geojson"
    gpd.GeoDataFrame(numeric, geometry=from_geojson.geometry.to_numpy(), crs=4326).to_file(path)
    assert read_area_table(path, "area_code")["area_code"].iloc[5] == "806"


def test_geo_files_are_reprojected_to_wgs84(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"area_code": ["a"]}, geometry=[box(550000, 6320000, 551000, 6321000)], crs=25832
    )
    path = tmp_path / "utm.gpkg"
    frame.to_file(path, driver="GPKG")
    back = read_area_table(path, "area_code")
    minx, miny, _, _ = back.total_bounds
    assert back.crs.to_epsg() == 4326 and 9 < minx < 10.5 and 56.5 < miny < 57.5


def test_nullable_columns_survive_a_geopackage(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["a", "b", "c"],
            "rank": pd.array([1, 2, None], dtype="Int64"),
            "decile": pd.array([1, 5, 10], dtype="Int64"),
            "status": pd.array([True, False, None], dtype="boolean"),
        }
    )
    shapes = gpd.GeoSeries([box(9, 57, 9.1, 57.1)] * 3, crs=4326)
    path = tmp_path / "out.gpkg"
    write_ranking(frame, path, shapes)
    write_ranking(frame, path, shapes)  # a second write replaces, never appends a layer
    back = gpd.read_file(path)
    assert len(back) == 3
    assert list(back["decile"]) == [1, 5, 10]
    assert back["rank"].iloc[0] == 1 and pd.isna(back["rank"].iloc[2])
    assert back["status"].iloc[0] == 1 and back["status"].iloc[1] == 0
    assert pd.isna(back["status"].iloc[2])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "area_code,x\n", "has no rows"),
        ("table.xlsx", "", "cannot read '.xlsx' files"),
        ("broken.geojson", "{not json", "could not be read as GeoJSON"),
    ],
)
def test_unreadable_inputs_name_the_file(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GeodataError, match=message) as info:
        read_area_table(path, "area_code")
    assert name in str(info.value)


def test_geo_outputs_need_shapes(tmp_path: Path) -> None:
    with pytest.raises(GeodataError, match="needs area shapes"):
        write_ranking(pd.DataFrame({"a": [1]}), tmp_path / "x.geojson")
