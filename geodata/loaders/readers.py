"""Read any supported file into a GeoDataFrame of text columns, remembering how to name each row.

GeoPackage, GeoJSON and Shapefile go through pyogrio; CSV files (comma or semicolon, UTF-8 or
Windows-1252) and .xlsx sheets carry either lon/lat columns (decimal point or comma; Danish
names such as breddegrad/længdegrad work) or a WKT column. All values are kept as text here so
the validator can report the exact cell that does not parse, instead of pandas guessing types and
hiding the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
import yaml

from geodata.errors import LoadError, Problem
from geodata.loaders.aliases import find_column
from geodata.loaders.spreadsheet import (
    csv_decimal,
    decode_csv,
    parse_number,
    read_csv_text,
    read_xlsx,
)

SHEET_SUFFIXES = {".csv", ".xlsx"}
VECTOR_SUFFIXES = {".gpkg", ".geojson", ".json", ".shp", ".fgb"}
LON_NAMES = ("lon", "lng", "longitude", "x")
LAT_NAMES = ("lat", "latitude", "y")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom")


@dataclass
class Mapping:
    """A mapping.yaml: rename source columns, add constants, describe the layer."""

    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    layer: dict[str, Any] = field(default_factory=dict)
    crs: str | None = None

    @classmethod
    def load(cls, path: Path | None) -> Mapping:
        if path is None:
            return cls()
        try:
            data = yaml.safe_load(Path(path).read_text()) or {}
        except (OSError, yaml.YAMLError) as exc:
            msg = f"cannot read mapping: {exc}"
            raise LoadError([Problem(str(path), "", "", msg, "tables.err.mapping")]) from exc
        unknown = set(data) - {"columns", "constants", "layer", "crs"}
        if not isinstance(data, dict) or unknown:
            msg = f"unknown keys {sorted(unknown)}; allowed: columns, constants, layer, crs"
            raise LoadError([Problem(str(path), "", "", msg, "tables.err.mapping")])
        return cls(
            columns=dict(data.get("columns") or {}),
            constants=dict(data.get("constants") or {}),
            layer=dict(data.get("layer") or {}),
            crs=data.get("crs"),
        )


@dataclass
class SourceTable:
    """The rows of one input file, as text, with a way to name a row in error messages."""

    path: Path
    frame: gpd.GeoDataFrame | pd.DataFrame
    row_word: str  # "row" (CSV: file line numbers) or "feature"
    first_number: int  # number of the first data row in that wording
    sheet: str | None = None  # the .xlsx sheet read
    row_numbers: list[int] | None = None  # real row numbers when blank rows were skipped
    notes: list[Problem] = field(default_factory=list)  # not errors: what the reader assumed
    decimal: str = "."  # "," for a CSV Danish Excel wrote (spreadsheet.csv_decimal)

    def where(self, position: int) -> str:
        """ "row 12" (or "sheet 'Ark1', row 12") as the user's spreadsheet numbers it."""
        number = self.row_numbers[position] if self.row_numbers else position + self.first_number
        place = f"{self.row_word} {number}"
        return f"sheet '{self.sheet}', {place}" if self.sheet else place

    @property
    def name(self) -> str:
        return str(self.path)


def read_table(path: Path, layer: str | None, crs: str | None, geometry: bool) -> SourceTable:
    """Read a vector file or CSV; fail with a located message when it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise LoadError([Problem(str(path), "", "", "file not found", "tables.err.not_found")])
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        table = _read_sheet(path, layer, crs, geometry)
    elif suffix in VECTOR_SUFFIXES:
        table = _read_vector(path, layer, crs)
    else:
        allowed = ", ".join(sorted(VECTOR_SUFFIXES | SHEET_SUFFIXES))
        msg = f"unsupported file type; use one of {allowed}"
        raise LoadError(
            [Problem(str(path), "", "", msg, "tables.err.suffix", {"allowed": allowed})]
        )
    if len(table.frame) == 0:
        msg = "the file contains no rows or features"
        raise LoadError([Problem(str(path), "", "", msg, "tables.err.no_rows")])
    return table


def _pick_layer(path: Path, layer: str | None) -> str | None:
    """`--layer` selects a layer in a multi-layer file; in a one-layer file it only names ours."""
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio raises several driver-specific error types
        msg = f"cannot read: {exc}"
        raise LoadError([Problem(str(path), "", "", msg, "tables.err.unreadable")]) from exc
    if layer in names:
        return layer
    if len(names) > 1:
        msg = f"the file has several layers ({', '.join(names)}); choose one with --layer"
        problem = Problem(str(path), "", "", msg, "tables.err.layers", {"names": ", ".join(names)})
        raise LoadError([problem])
    return None


def _read_vector(path: Path, layer: str | None, crs: str | None) -> SourceTable:
    try:
        frame = pyogrio.read_dataframe(path, layer=_pick_layer(path, layer))
    except Exception as exc:  # pyogrio raises several driver-specific error types
        msg = f"cannot read: {exc}"
        raise LoadError([Problem(str(path), "", "", msg, "tables.err.unreadable")]) from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame)))
    if frame.crs is None and crs:
        frame = frame.set_crs(crs)
    attrs = frame.drop(columns=frame.geometry.name)
    text = attrs.apply(_column_as_text)
    out = gpd.GeoDataFrame(text, geometry=frame.geometry.values, crs=frame.crs)
    return SourceTable(path, out, "feature", 1)


def _column_as_text(col: pd.Series) -> pd.Series:
    def one(v: Any) -> str:
        if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    return col.map(one).astype(object)


def _read_sheet(path: Path, sheet: str | None, crs: str | None, geometry: bool) -> SourceTable:
    """A CSV or an .xlsx sheet as text columns; row 1 (the header) is not a data row."""
    if path.suffix.lower() == ".xlsx":
        rows = read_xlsx(path, sheet)
        table = SourceTable(path, rows.frame, "row", 2, rows.sheet, rows.row_numbers)
    else:
        text, notes = decode_csv(path)
        frame, numbers = read_csv_text(path, text)
        table = SourceTable(path, frame, "row", 2, None, numbers, notes, csv_decimal(text))
    if not geometry:
        return table
    return _csv_geometry(table, crs)


def coordinate_columns(columns: list[str]) -> tuple[str | None, str | None, str | None]:
    """(lon, lat, wkt) columns of a table, by their English or Danish names."""
    return (
        find_column(columns, "lon", LON_NAMES),
        find_column(columns, "lat", LAT_NAMES),
        find_column(columns, "wkt", WKT_NAMES),
    )


def _csv_geometry(table: SourceTable, crs: str | None) -> SourceTable:
    frame = table.frame
    lon, lat, wkt = coordinate_columns([str(c) for c in frame.columns])
    problems: list[Problem] = []
    if lon and lat:
        geoms = [_point(table, i, frame[lon].iat[i], frame[lat].iat[i], problems) for i in
                 range(len(frame))]  # fmt: skip
        frame = frame.drop(columns=[lon, lat])
        default_crs = "EPSG:4326"
    elif wkt:
        geoms = [_wkt(table, i, wkt, frame[wkt].iat[i], problems) for i in range(len(frame))]
        frame = frame.drop(columns=[wkt])
        default_crs = None
    else:
        msg = "no geometry: add lon/lat columns or a WKT column (wkt, geometry)"
        raise LoadError([Problem(table.name, "", "geometry", msg, "tables.err.no_geometry")])
    if problems:
        raise LoadError(problems)
    chosen = crs or default_crs
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs=chosen)
    return replace(table, frame=gdf)


def _point(table: SourceTable, i: int, x: str, y: str, problems: list[Problem]) -> Any:
    try:
        return shapely.Point(parse_number(x), parse_number(y))
    except ValueError:
        bad, value = ("lon", x) if not _is_float(x) else ("lat", y)
        msg = f"not a number: {x!r}, {y!r}"
        key, params = "tables.err.not_number", {"value": value}
        problems.append(Problem(table.name, table.where(i), bad, msg, key, params))
        return None


def _wkt(table: SourceTable, i: int, col: str, text: str, problems: list[Problem]) -> Any:
    try:
        return shapely.from_wkt(text)
    except shapely.errors.ShapelyError as exc:
        msg = f"invalid WKT: {exc}"
        problems.append(Problem(table.name, table.where(i), col, msg, "tables.err.wkt"))
        return None


def _is_float(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True
