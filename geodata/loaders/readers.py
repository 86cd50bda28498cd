"""Read any supported file into a GeoDataFrame of text columns, remembering how to name each row.

GeoPackage, GeoJSON and Shapefile go through pyogrio; CSV files carry either lon/lat columns or a
WKT column. All values are kept as text here so the validator can report the exact cell that does
not parse, instead of pandas guessing types and hiding the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
import yaml

from geodata.errors import LoadError, Problem

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
            raise LoadError([Problem(str(path), "", "", f"cannot read mapping: {exc}")]) from exc
        unknown = set(data) - {"columns", "constants", "layer", "crs"}
        if not isinstance(data, dict) or unknown:
            msg = f"unknown keys {sorted(unknown)}; allowed: columns, constants, layer, crs"
            raise LoadError([Problem(str(path), "", "", msg)])
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

    def where(self, position: int) -> str:
        return f"{self.row_word} {position + self.first_number}"

    @property
    def name(self) -> str:
        return str(self.path)


def read_table(path: Path, layer: str | None, crs: str | None, geometry: bool) -> SourceTable:
    """Read a vector file or CSV; fail with a located message when it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise LoadError([Problem(str(path), "", "", "file not found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(path, crs, geometry)
    elif suffix in VECTOR_SUFFIXES:
        table = _read_vector(path, layer, crs)
    else:
        allowed = ", ".join(sorted(VECTOR_SUFFIXES | {".csv"}))
        raise LoadError(
            [Problem(str(path), "", "", f"unsupported file type; use one of {allowed}")]
        )
    if len(table.frame) == 0:
        raise LoadError([Problem(str(path), "", "", "the file contains no rows or features")])
    return table


def _pick_layer(path: Path, layer: str | None) -> str | None:
    """`--layer` selects a layer in a multi-layer file; in a one-layer file it only names ours."""
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio raises several driver-specific error types
        raise LoadError([Problem(str(path), "", "", f"cannot read: {exc}")]) from exc
    if layer in names:
        return layer
    if len(names) > 1:
        msg = f"the file has several layers ({', '.join(names)}); choose one with --layer"
        raise LoadError([Problem(str(path), "", "", msg)])
    return None


def _read_vector(path: Path, layer: str | None, crs: str | None) -> SourceTable:
    try:
        frame = pyogrio.read_dataframe(path, layer=_pick_layer(path, layer))
    except Exception as exc:  # pyogrio raises several driver-specific error types
        raise LoadError([Problem(str(path), "", "", f"cannot read: {exc}")]) from exc
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


def _read_csv(path: Path, crs: str | None, geometry: bool) -> SourceTable:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise LoadError([Problem(str(path), "", "", "the file is empty")]) from exc
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise LoadError([Problem(str(path), "", "", f"cannot parse CSV: {exc}")]) from exc
    frame.columns = [c.strip() for c in frame.columns]
    table = SourceTable(path, frame, "row", 2)  # line 1 is the header
    if not geometry:
        return table
    return _csv_geometry(table, crs)


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in columns}
    return next((lower[n] for n in names if n in lower), None)


def _csv_geometry(table: SourceTable, crs: str | None) -> SourceTable:
    frame = table.frame
    lon, lat = _find(list(frame.columns), LON_NAMES), _find(list(frame.columns), LAT_NAMES)
    wkt = _find(list(frame.columns), WKT_NAMES)
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
        raise LoadError([Problem(table.name, "", "geometry", msg)])
    if problems:
        raise LoadError(problems)
    chosen = crs or default_crs
    gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs=chosen)
    return SourceTable(table.path, gdf, table.row_word, table.first_number)


def _point(table: SourceTable, i: int, x: str, y: str, problems: list[Problem]) -> Any:
    try:
        return shapely.Point(float(x), float(y))
    except ValueError:
        bad = "lon" if not _is_float(x) else "lat"
        problems.append(Problem(table.name, table.where(i), bad, f"not a number: {x!r}, {y!r}"))
        return None


def _wkt(table: SourceTable, i: int, col: str, text: str, problems: list[Problem]) -> Any:
    try:
        return shapely.from_wkt(text)
    except shapely.errors.ShapelyError as exc:
        problems.append(Problem(table.name, table.where(i), col, f"invalid WKT: {exc}"))
        return None


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
