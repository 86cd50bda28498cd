"""Assets in and out of files: GeoJSON, CSV, GeoPackage, and .xlsx / Danish CSV for people.

Import reuses the layer loaders' reader and their located errors (file, sheet, row/feature,
field) and is all-or-nothing: every row is validated before the first one is written, inside the
caller's transaction. A file exported by Kvarterkort imports back unchanged (rows with an `id`
update), also in its Danish forms: column names, categories and statuses may be given in Danish
("Kategori: Fælleshus", "Breddegrad: 57,05"), resolved by geodata/loaders/aliases.py.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pydantic import ValidationError
from sqlalchemy.orm import Session

from geodata.assets_geometry import csv_geometries, place_of, vector_geometries
from geodata.errors import LoadError, NotFoundError, Problem
from geodata.loaders.aliases import (
    ASSET_STATUS_NAMES,
    asset_category,
    canonical_columns,
    choice_table,
    resolve_choice,
)
from geodata.loaders.readers import SourceTable, read_table
from geodata.models_assets import CATEGORIES, AssetIn
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
IMPORT_FORMATS = (*FORMATS, "xlsx")
SHEETS = ("csv", "xlsx")  # formats with lon/lat or WKT columns instead of geometries
OTHER_FIELDS = ("id", "status", "synthetic", "last_verified_at")
TRUE, FALSE = {"true", "1", "yes", "ja"}, {"false", "0", "no", "nej", ""}
STATUS_NAMES = choice_table(IMPORT_STATUSES, ASSET_STATUS_NAMES)
CATEGORY_CODES = tuple(CATEGORIES)
MODEL_MESSAGES = {  # AssetIn's own messages -> catalogue keys (detail: the English text)
    "subcategory": "tables.err.subcategory",
    "web address": "tables.err.link",
    "control characters": "tables.err.control",
}


def format_for(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    fmt = "geojson" if suffix == "json" else suffix
    if fmt not in IMPORT_FORMATS:
        msg = "use a .geojson, .csv, .xlsx or .gpkg file"
        raise LoadError([Problem(str(path), "", "", msg, "tables.err.asset_suffix")])
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


def export_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """lon/lat of a point on each geometry (for spreadsheets) plus the full geometry as WKT:
    the table behind the CSV, Danish CSV and .xlsx downloads."""
    plain = _plain_columns(frame)
    points = plain.geometry.representative_point()
    table = pd.DataFrame(plain.drop(columns=plain.geometry.name))
    table["lon"] = points.x.round(6)
    table["lat"] = points.y.round(6)
    table["wkt"] = plain.geometry.to_wkt(rounding_precision=7)
    return table


def _csv(frame: gpd.GeoDataFrame) -> str:
    return frame_to_csv(export_table(frame))


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
    notes: list[Problem] = field(default_factory=list)  # what the reader assumed (encoding)

    def summary(self) -> str:
        text = (
            f"{self.path.name}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        return "; ".join([text, *(n.message for n in self.notes)])


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
    notes: list[Problem] = []
    rows = read_assets(path, crs, notes)
    problems = [
        Problem(str(path), r.where, "id", f"no asset with id {r.asset_id}",
                "tables.err.no_asset", {"id": r.asset_id})
        for r in rows
        if r.asset_id is not None and not _exists(session, r.asset_id)
    ]  # fmt: skip
    if problems:
        raise LoadError(problems)
    report = ImportReport(path, notes=notes)
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


def read_assets(
    path: Path, crs: str | None = None, notes: list[Problem] | None = None
) -> list[ImportRow]:
    """Every row of the file as a validated ImportRow, or LoadError with every problem."""
    fmt = format_for(path)
    table = read_table(path, None, crs, geometry=fmt not in SHEETS)
    table = canonical_columns(table, (*TEXT_FIELDS, *OTHER_FIELDS))  # Titel -> title
    if notes is not None:
        notes.extend(table.notes)
    problems: list[Problem] = []
    unreadable: set[int] = set()  # rows whose geometry already has a problem
    if fmt in SHEETS:
        geoms = csv_geometries(table, crs, problems, unreadable)
    else:
        geoms = vector_geometries(table)
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
    values["category"], values["subcategory"] = asset_category(
        values["category"] or "", values["subcategory"] or ""
    )
    values = {k: v or None for k, v in values.items()} | {
        "description": values["description"] or ""
    }
    data = None
    try:
        data = AssetIn.model_validate(values)
    except ValidationError as exc:
        problems.extend(_model_problem(table.name, where, err) for err in exc.errors())
    asset_id = _parse(table, i, "id", int, problems)
    verified = _parse(table, i, "last_verified_at", datetime.fromisoformat, problems)
    raw_status = _cell(table, i, "status")
    status = resolve_choice(raw_status, STATUS_NAMES) if raw_status else None
    if raw_status and status is None:
        allowed = ", ".join(IMPORT_STATUSES)
        msg = f"{raw_status!r} is not one of: {allowed}"
        params = {"value": raw_status, "allowed": allowed}
        problems.append(Problem(table.name, where, "status", msg, "tables.err.choice", params))
    synthetic = _flag(table, i, problems)
    place = None if unreadable else place_of(table, i, geom, values.get("category"), problems)
    if len(problems) > before or data is None or place is None:
        return None
    return ImportRow(where, asset_id, data, place, status, verified, synthetic)


def _model_problem(file: str, where: str, err: Any) -> Problem:
    """One pydantic error of AssetIn as a Problem with a catalogue key where we know the kind."""
    name = ".".join(str(p) for p in err["loc"]) or "subcategory"
    kind, ctx, msg = err.get("type", ""), err.get("ctx") or {}, str(err["msg"])
    if kind == "literal_error":
        allowed = ", ".join(CATEGORY_CODES)
        return Problem(file, where, name, msg, "tables.err.category", {"allowed": allowed})
    if kind == "string_too_long":
        params = {"max": ctx.get("max_length")}
        return Problem(file, where, name, msg, "tables.err.too_long_max", params)
    if kind in ("string_too_short", "missing") or err.get("input") is None:
        return Problem(file, where, name, msg, "tables.err.empty_value")
    for needle, key in MODEL_MESSAGES.items():
        if needle in msg:
            detail = {"detail": msg.removeprefix("Value error, ")}
            return Problem(file, where, name, msg, key, detail)
    return Problem(file, where, name, msg)


def _parse(table: SourceTable, i: int, name: str, parse: Any, problems: list[Problem]) -> Any:
    raw = _cell(table, i, name)
    if not raw:
        return None
    try:
        return parse(raw)
    except ValueError:
        msg, key, params = (
            f"cannot read {raw!r}",
            "tables.err.unreadable_value",
            {"value": raw[:40]},
        )
        problems.append(Problem(table.name, table.where(i), name, msg, key, params))
        return None


def _flag(table: SourceTable, i: int, problems: list[Problem]) -> bool | None:
    raw = _cell(table, i, "synthetic").lower()
    if "synthetic" not in table.frame.columns:
        return None
    if raw not in TRUE | FALSE:
        msg, key, params = (
            f"expected true/false, got {raw!r}",
            "tables.err.bool",
            {"value": raw[:40]},
        )
        problems.append(Problem(table.name, table.where(i), "synthetic", msg, key, params))
        return None
    return raw in TRUE
