"""Area tables in and ranking results out as files: CSV, GeoJSON and GeoPackage.

``kvarterkort rank --input/--output`` works without a database, so planners can rank a table a
colleague sent them. The engine (:mod:`indicators`) must stay free of file formats, so this is
where files become frames and back. Area codes are read as text whatever the format: "0801"
must not turn into 801, and a code read from CSV must equal the same code read from GeoJSON.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError

from geodata.errors import GeodataError
from geodata.tabular import table_bytes, write_frame_csv

TABLE_SUFFIXES = {".csv": "CSV", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage"}
GEO_DRIVERS = {".geojson": "GeoJSON", ".gpkg": "GPKG"}
GPKG_LAYER = "ranking"


def read_area_table(path: Path, id_column: str) -> pd.DataFrame:
    """One row per area; a GeoDataFrame in EPSG:4326 when the file has geometry.

    Raises GeodataError naming the file when it is missing, of an unknown kind, unreadable or
    empty, or when a geo file has no coordinate reference system.
    """
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise GeodataError(
            f"{path.name}: cannot read '{suffix or 'no extension'}' files; "
            f"use one of {', '.join(TABLE_SUFFIXES)}"
        )
    if not path.is_file():
        raise GeodataError(f"{path}: no such file")
    try:
        table = _read_csv(path, id_column) if suffix == ".csv" else _read_geo(path)
    except GeodataError:
        raise
    except (OSError, ValueError, DataSourceError, DataLayerError) as exc:
        kind = TABLE_SUFFIXES[suffix]
        raise GeodataError(f"{path.name}: could not be read as {kind}: {exc}") from exc
    if table.empty:
        raise GeodataError(f"{path.name}: the file has no rows")
    if id_column in table.columns:
        table[id_column] = table[id_column].map(_code_text)
    return table


def _read_csv(path: Path, id_column: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={id_column: str}, encoding="utf-8-sig")


def _read_geo(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    if frame.crs is None:
        raise GeodataError(f"{path.name}: the file does not say its coordinate reference system")
    return frame.to_crs(4326)


def _code_text(value: object) -> object:
    """Codes as text; whole numbers read from GeoJSON lose their '.0'; blanks stay missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_ranking(frame: pd.DataFrame, path: Path, shapes: gpd.GeoSeries | None = None) -> None:
    """Write a result frame by the output's extension (.csv, .xlsx, .geojson, .gpkg).

    GeoJSON and GeoPackage need ``shapes`` (EPSG:4326, aligned with the frame's rows). The .xlsx
    has typed numbers and the same (machine) column names as the CSV.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_frame_csv(frame, path)
        return
    if suffix == ".xlsx":
        path.write_bytes(table_bytes(frame, "xlsx", sheet="Ranking"))
        return
    if suffix not in GEO_DRIVERS:
        raise GeodataError(
            f"{path.name}: cannot write '{suffix or 'no extension'}' files; "
            "use .csv, .xlsx, .geojson, .gpkg (or .html for a map)"
        )
    if shapes is None:
        raise GeodataError(
            f"{path.name}: a {TABLE_SUFFIXES[suffix]} output needs area shapes; rank a GeoJSON or "
            "GeoPackage input, or the areas in the database, or write .csv instead"
        )
    geo = gpd.GeoDataFrame(_plain_types(frame), geometry=shapes.to_numpy(), crs=shapes.crs)
    if path.exists():
        path.unlink()  # GeoPackage would otherwise add a layer to an old file
    options = {"layer": GPKG_LAYER} if suffix == ".gpkg" else {}
    geo.to_file(path, driver=GEO_DRIVERS[suffix], **options)


def _plain_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable pandas types as types every GDAL driver takes: whole numbers stay whole when
    nothing is missing, yes/no/unknown becomes 1/0/empty."""
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if isinstance(dtype, pd.BooleanDtype):
            out[column] = out[column].astype("Float64").astype(float)
        elif isinstance(dtype, pd.Int64Dtype):
            has_na = bool(out[column].isna().any())
            out[column] = out[column].astype(float if has_na else "int64")
    return out
