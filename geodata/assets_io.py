"""Assets in and out of files: GeoJSON, CSV and GeoPackage.

Import reuses the layer loaders' reader and their located errors (file, row/feature, field) and
is all-or-nothing: every row is validated before the first one is written, inside the caller's
transaction. A file exported by Kvarterkort imports back unchanged (rows with an `id` update).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import ValidationError
from sqlalchemy.orm import Session

from geodata.errors import LoadError, NotFoundError, Problem
from geodata.loaders.geometry import DENMARK_BOUNDS_25832
from geodata.loaders.readers import LAT_NAMES, LON_NAMES, SourceTable, read_table
from geodata.models import SRID
from geodata.models_assets import AssetIn
from geodata.queries.assets import (
    Actor,
    Place,
    create_asset,
    get_asset,
    record_event,
    update_asset,
)
from geodata.tabular import frame_to_csv, unsafe_cell

FORMATS = {  # format -> (media type, file suffix)
    "geojson": ("application/geo+json", "geojson"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
}
TEXT_FIELDS = ("category", "subcategory", "title", "description", "schedule", "contact", "link")
IMPORT_STATUSES = ("pending", "approved", "archived")
TRUE, FALSE = {"true", "1", "yes", "ja"}, {"false", "0", "no", "nej", ""}


def format_for(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    fmt = "geojson" if suffix == "json" else suffix
    if fmt not in FORMATS:
        raise LoadError([Problem(str(path), "", "", "use a .geojson, .csv or .gpkg file")])
    return fmt


# --- export -----------------------------------------------------------------------------------


def export_bytes(frame: gpd.GeoDataFrame, fmt: str) -> bytes:
    """The frame (EPSG:4326, from geodata.queries.assets_public) as a file in `fmt`."""
    if fmt not in FORMATS:
        raise LoadError([Problem("", "", "format", f"unknown format {fmt!r}; use {list(FORMATS)}")])
    plain = _plain_columns(frame)
    if fmt == "geojson":
        return plain.to_json(drop_id=True, ensure_ascii=False).encode()
    if fmt == "csv":
        return _csv(plain).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "assets.gpkg"
        plain.to_file(
            path, driver="GPKG", layer="assets", engine="pyogrio", geometry_type="Unknown"
        )
        return path.read_bytes()


def _plain_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Timestamps as ISO text and no nulls in flags, so every format stores the same values."""
    out = frame.copy()
    for col in out.columns:
        if col != out.geometry.name and pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].map(lambda v: None if pd.isna(v) else v.isoformat())
    return out


def _csv(frame: gpd.GeoDataFrame) -> str:
    """lon/lat of a point on each geometry (for spreadsheets) plus the full geometry as WKT."""
    points = frame.geometry.representative_point()
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    table["lon"] = points.x.round(6)
    table["lat"] = points.y.round(6)
    table["wkt"] = frame.geometry.to_wkt(rounding_precision=7)
    return frame_to_csv(table)


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportRow:
    where: str
    asset_id: int | None
    data: AssetIn
    place: Place
    status: str | None
    verified_at: datetime | None
    synthetic: bool | None


@dataclass
class ImportReport:
    path: Path
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.path.name}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def import_assets(
    session: Session,
    path: Path,
    actor: Actor,
    status: str = "approved",
    synthetic: bool = False,
    crs: str | None = None,
) -> ImportReport:
    """Validate every row, then create or update (rows with `id`); raise LoadError listing all."""
    path = Path(path)
    rows = read_assets(path, crs)
    problems = [
        Problem(str(path), r.where, "id", f"no asset with id {r.asset_id}")
        for r in rows
        if r.asset_id is not None and not _exists(session, r.asset_id)
    ]
    if problems:
        raise LoadError(problems)
    report = ImportReport(path)
    for row in rows:
        _write(session, row, actor, status, synthetic, report)
    return report


def _exists(session: Session, asset_id: int) -> bool:
    try:
        get_asset(session, asset_id)
    except NotFoundError:
        return False
    return True


def _write(
    session: Session,
    row: ImportRow,
    actor: Actor,
    status: str,
    synthetic: bool,
    report: ImportReport,
) -> None:
    if row.asset_id is None:
        extra = {
            "source": "import",
            "status": row.status or status,
            "synthetic": synthetic if row.synthetic is None else row.synthetic,
            "last_verified_at": row.verified_at,
        }
        asset = create_asset(session, row.data, row.place, actor, **extra)
        report.created += 1
        report.ids.append(asset.id)
        return
    asset = get_asset(session, row.asset_id, lock=True)
    diff = update_asset(session, asset, row.data, actor, place=row.place)
    if row.status and row.status != asset.status:
        record_event(session, asset.id, actor, "edited", {"status": [asset.status, row.status]})
        asset.status, diff["status"] = row.status, [asset.status, row.status]
    report.ids.append(asset.id)
    if diff:
        report.updated += 1
    else:
        report.unchanged += 1


def read_assets(path: Path, crs: str | None = None) -> list[ImportRow]:
    """Every row of the file as a validated ImportRow, or LoadError with every problem."""
    fmt = format_for(path)
    table = read_table(path, None, crs, geometry=fmt != "csv")
    problems: list[Problem] = []
    unreadable: set[int] = set()  # rows whose geometry already has a problem
    if fmt == "csv":
        geoms = _csv_geometries(table, crs, problems, unreadable)
    else:
        geoms = _vector_geometries(table)
    text = _csv_text if fmt == "csv" else _cell
    rows = [
        _row(table, i, geoms[i], problems, i in unreadable, text) for i in range(len(table.frame))
    ]
    if problems:
        raise LoadError(problems)
    return [r for r in rows if r is not None]


def _cell(table: SourceTable, i: int, name: str) -> str:
    frame = table.frame
    return str(frame[name].iat[i]).strip() if name in frame.columns else ""


def _csv_text(table: SourceTable, i: int, name: str) -> str:
    """A text cell of a CSV, without the apostrophe our export put before formula-like text."""
    return str(unsafe_cell(_cell(table, i, name)))


def _row(
    table: SourceTable,
    i: int,
    geom: Any,
    problems: list[Problem],
    unreadable: bool = False,
    text: Any = _cell,
) -> ImportRow | None:
    where, before = table.where(i), len(problems)
    values = {f: text(table, i, f) or None for f in TEXT_FIELDS}
    values["description"] = values["description"] or ""
    data = None
    try:
        data = AssetIn.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]) or "subcategory"
            problems.append(Problem(table.name, where, name, err["msg"]))
    asset_id = _parse(table, i, "id", int, problems)
    verified = _parse(table, i, "last_verified_at", datetime.fromisoformat, problems)
    status = _cell(table, i, "status") or None
    if status is not None and status not in IMPORT_STATUSES:
        msg = f"{status!r} is not one of: {', '.join(IMPORT_STATUSES)}"
        problems.append(Problem(table.name, where, "status", msg))
    synthetic = _flag(table, i, problems)
    place = None if unreadable else _place(table, i, geom, values.get("category"), problems)
    if len(problems) > before or data is None or place is None:
        return None
    return ImportRow(where, asset_id, data, place, status, verified, synthetic)


def _parse(table: SourceTable, i: int, name: str, parse: Any, problems: list[Problem]) -> Any:
    raw = _cell(table, i, name)
    if not raw:
        return None
    try:
        return parse(raw)
    except ValueError:
        problems.append(Problem(table.name, table.where(i), name, f"cannot read {raw!r}"))
        return None


def _flag(table: SourceTable, i: int, problems: list[Problem]) -> bool | None:
    raw = _cell(table, i, "synthetic").lower()
    if "synthetic" not in table.frame.columns:
        return None
    if raw not in TRUE | FALSE:
        problems.append(
            Problem(table.name, table.where(i), "synthetic", f"expected true/false, got {raw!r}")
        )
        return None
    return raw in TRUE


def _place(
    table: SourceTable, i: int, geom: Any, category: str | None, problems: list[Problem]
) -> Place | None:
    where = table.where(i)
    if geom is None or geom.is_empty:
        problems.append(Problem(table.name, where, "geometry", "geometry is missing or empty"))
        return None
    if geom.geom_type not in ("Point", "Polygon", "MultiPolygon"):
        problems.append(
            Problem(
                table.name, where, "geometry", f"expected a point or polygon, got {geom.geom_type}"
            )
        )
        return None
    if category == "skills" and geom.geom_type != "Point":
        problems.append(Problem(table.name, where, "geometry", "a skill must be a point"))
        return None
    minx, miny, maxx, maxy = DENMARK_BOUNDS_25832
    x0, y0, x1, y1 = geom.bounds
    if not (x0 >= minx and y0 >= miny and x1 <= maxx and y1 <= maxy):
        msg = "outside Denmark: check the coordinate order (lon, lat) or the CRS"
        problems.append(Problem(table.name, where, "geometry", msg))
        return None
    if not geom.is_valid:
        problems.append(
            Problem(
                table.name, where, "geometry", f"invalid geometry ({shapely.is_valid_reason(geom)})"
            )
        )
        return None
    return Place(geom.wkt, SRID)


def _vector_geometries(table: SourceTable) -> list[Any]:
    frame = table.frame
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        raise LoadError([Problem(table.name, "", "geometry", "the file has no geometry or CRS")])
    return list(shapely.force_2d(frame.geometry.to_crs(SRID).values))


def _csv_geometries(
    table: SourceTable, crs: str | None, problems: list[Problem], unreadable: set[int]
) -> list[Any]:
    """A `wkt` column wins (it carries polygons); otherwise lon/lat columns."""
    frame = table.frame
    lower = {c.lower(): c for c in frame.columns}
    wkt = lower.get("wkt")
    lon = next((lower[n] for n in LON_NAMES if n in lower), None)
    lat = next((lower[n] for n in LAT_NAMES if n in lower), None)
    if wkt is None and (lon is None or lat is None):
        msg = "no geometry: add lon/lat columns or a wkt column"
        raise LoadError([Problem(table.name, "", "geometry", msg)])
    geoms = []
    for i in range(len(frame)):
        before = len(problems)
        geoms.append(_csv_geometry(table, i, wkt, lon, lat, problems))
        if len(problems) > before:
            unreadable.add(i)
    series = gpd.GeoSeries(geoms, crs=crs or "EPSG:4326")
    return list(series.to_crs(SRID).values)


def _csv_geometry(
    table: SourceTable,
    i: int,
    wkt: str | None,
    lon: str | None,
    lat: str | None,
    problems: list[Problem],
) -> Any:
    frame = table.frame
    text = str(frame[wkt].iat[i]).strip() if wkt else ""
    try:
        if text:
            return shapely.from_wkt(text)
        if lon and lat and str(frame[lon].iat[i]).strip():
            return shapely.Point(float(frame[lon].iat[i]), float(frame[lat].iat[i]))
    except (ValueError, shapely.errors.ShapelyError) as exc:
        problems.append(
            Problem(table.name, table.where(i), (wkt or "wkt") if text else "lon/lat", str(exc))
        )
    return None
