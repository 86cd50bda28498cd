"""A venue finder answer as geodata: GeoDataFrames for the map, and CSV, GeoJSON, GeoPackage.

Coordinators take the answer elsewhere: the venue table into a spreadsheet for booking, the
layers into QGIS next to the municipality's own data, the numbers into a report. Every file is
built from the same :class:`~usecases.venues.FinderResult` as the page, in EPSG:4326 like
every other Kvarterkort export, and carries the request and the cost method with it, so a file
that travels on its own still says how it was made and that demo data are synthetic.

The three CSV tables are also valid input for the plain-file CLI (`kvarterkort venues solve`):
`venues` has an `id` column (and `required`), `demand` has `id,weight`, `costs` is the long
`demand_id,candidate_id,cost` table. The room capacity is exported as `room_capacity` because
the CLI would read a `capacity` column as a limit on people served.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.errors import GeodataError
from geodata.models import SRID
from geodata.tabular import frame_to_csv
from usecases.venues import SERVE_SRID, FinderResult, _missing, cost_method

FORMATS = {  # format -> (media type, file suffix)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
}
CSV_TABLES = ("venues", "demand", "costs")
SMALL_COUNT = 5  # a cell count under this is never shown to the public
ROUND_TO = 5  # public cell counts are rounded to this base (see public_weight)
GPKG_LAYERS = ("venues", "demand", "assignments", "catchments", "parameters")


# --- geometries (EPSG:4326) -----------------------------------------------------------------
def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    points = gpd.GeoSeries(gpd.points_from_xy(frame["x"], frame["y"]), crs=SRID)
    plain = frame.drop(columns=["x", "y"]).reset_index(drop=True)
    return gpd.GeoDataFrame(plain, geometry=points.to_crs(SERVE_SRID).to_numpy(), crs=SERVE_SRID)


def venue_points(res: FinderResult, detail: bool = True) -> gpd.GeoDataFrame:
    """Every eligible venue, selected or not, with its reach and load (public unless `detail`)."""
    return _points(res.venues if detail else public_venues(res.venues, res.result.total_weight))


def demand_points(res: FinderResult) -> gpd.GeoDataFrame:
    """Every demand point with its weight, assigned venue and walk."""
    return _points(res.demand)


def public_weight(weight: Any) -> float | None:
    """A resident count of one grid cell as anyone may see it: None (suppressed) under 5, else
    rounded to the nearest 5.

    Suppression alone is not enough: the page's totals (covered, per venue) are exact, so the
    sum of the hidden cells could be recovered by subtraction, and with one hidden cell that
    would be its exact count. Rounding the shown cells makes that subtraction uncertain by a
    few persons per cell. Staff (logged in) get the exact figures.
    """
    if _missing(weight) or float(weight) < SMALL_COUNT:
        return None
    return float(max(SMALL_COUNT, ROUND_TO * round(float(weight) / ROUND_TO)))


def public_weights(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its `weight` column made public (see public_weight) and `suppressed`."""
    out = frame.copy()
    out["suppressed"] = [public_weight(w) is None for w in out["weight"]]
    out["weight"] = [public_weight(w) for w in out["weight"]]
    out["weight"] = out["weight"].astype(float)
    return out


def public_total(value: Any) -> float | None:
    """A sum of cell counts (a venue's reach or load, the covered or total residents) as anyone
    may see it: 0 stays 0, 1-4 is None ("under 5"), the rest rounded to 5 like public_weight.

    An exact total next to rounded cells would give a lone small cell away: a venue serving
    one cell of 3 would say "3", and one serving a cell of 7 shown as 5 would say 7.
    """
    if _missing(value):
        return None
    return 0.0 if float(value) <= 0 else public_weight(value)


def public_venues(frame: pd.DataFrame, total_weight: float) -> pd.DataFrame:
    """`frame` (venues) with public `reach`/`load` and shares computed from the shown figures,
    so a share never reveals the exact total it was divided from."""
    out = frame.copy()
    shown_total = public_total(total_weight)
    for column in ("reach", "load"):
        out[column] = pd.Series([public_total(v) for v in out[column]], index=out.index,
                                dtype=float)  # fmt: skip
        out[f"{column}_share"] = out[column] / shown_total if shown_total else np.nan
    return out


def public_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """The headline figures with the resident totals public (see public_total) and the share
    covered computed from the shown totals."""
    out = dict(summary)
    for key in ("total_weight", "covered_weight", "uncovered_weight"):
        out[key] = public_total(summary.get(key))
    total, covered = out["total_weight"], out["covered_weight"]
    out["covered_share"] = covered / total if total and covered is not None else None
    return out


def public_meta(meta: dict[str, Any], total_weight: float) -> dict[str, Any]:
    """The JSON answer (FinderResult.to_dict) with every resident total public: summary,
    selected venues' reach/load/shares and rotation weeks. Staff get `meta` unchanged."""
    out = dict(meta)
    if "summary" in out:
        out["summary"] = public_summary(out["summary"])
    if isinstance(out.get("venues"), list):
        out["venues"] = [_public_row(row, public_total(total_weight)) for row in out["venues"]]
    if isinstance(out.get("rotation"), dict):
        weeks = [_public_week(w, public_total(total_weight)) for w in out["rotation"]["weeks"]]
        out["rotation"] = {**out["rotation"], "weeks": weeks}
    return out


def _public_row(row: dict[str, Any], shown_total: float | None) -> dict[str, Any]:
    out = dict(row)
    for column in ("reach", "load"):
        out[column] = shown = public_total(row.get(column))
        out[f"{column}_share"] = shown / shown_total if shown_total and shown is not None else None
    return out


def _public_week(week: dict[str, Any], shown_total: float | None) -> dict[str, Any]:
    new, cumulative = (
        public_total(week.get("new_weight")),
        public_total(week.get("cumulative_weight")),
    )
    share = cumulative / shown_total if shown_total and cumulative is not None else None
    return {**week, "new_weight": new, "cumulative_weight": cumulative, "cumulative_share": share}


def assignment_lines(res: FinderResult, detail: bool = True) -> gpd.GeoDataFrame:
    """One straight line per assigned demand point, from the point to its venue (with the
    public cell counts unless `detail`)."""
    d = res.demand[res.demand["venue"].notna()].reset_index(drop=True)
    ends = res.venues.set_index("candidate_id").loc[d["venue"], ["x", "y"]].to_numpy()
    coords = np.stack([d[["x", "y"]].to_numpy(dtype=float), ends.astype(float)], axis=1)
    lines = gpd.GeoSeries(shapely.linestrings(coords) if len(d) else [], crs=SRID)
    frame = d[["demand_id", "venue", "weight", "distance_m", "minutes"]]
    frame = frame if detail else public_weights(frame)
    return gpd.GeoDataFrame(frame, geometry=lines.to_crs(SERVE_SRID).to_numpy(), crs=SERVE_SRID)


def catchments(res: FinderResult) -> gpd.GeoDataFrame:
    if res.catchments is None:
        return gpd.GeoDataFrame({"venue_key": []}, geometry=[], crs=SERVE_SRID)
    return res.catchments


# --- tables ---------------------------------------------------------------------------------
def venue_table(res: FinderResult, detail: bool = True) -> pd.DataFrame:
    """One row per eligible venue, selected first (by load), then the others by reach; reach,
    load and their shares public unless `detail` (staff), see public_total."""
    total = res.result.total_weight
    if detail:
        v = res.venues.copy()
        v["reach_share"] = v["reach"] / total if total else 0.0
    else:
        v = public_venues(res.venues, total)
    v["required"] = v["candidate_id"].isin(res.request.required).map(_flag)
    points = venue_points(res).geometry
    v["lon"], v["lat"] = points.x.round(6).to_numpy(), points.y.round(6).to_numpy()
    v = v.sort_values(["selected", "order", "reach"], ascending=[False, True, False], kind="stable")
    v = v.round({"reach_share": 4, "load_share": 4, "mean_m": 1, "mean_min": 2})
    v["free_times"] = v["availability"].map(free_times)
    v["synthetic_fields"] = v["synthetic_fields"].map(_text)
    warned: dict[str, list[str]] = {}
    for w in res.warnings():
        warned.setdefault(w["venue"], []).append(w["code"])
    v["warnings"] = v["candidate_id"].map(lambda k: ", ".join(warned.get(k, [])))
    return v.rename(columns={"candidate_id": "id", "capacity": "room_capacity",
                             "mean_m": "mean_walk_m", "mean_min": "mean_walk_min"})[
        ["id", "name", "type", "selected", "order", "reach", "reach_share", "load", "load_share",
         "mean_walk_m", "mean_walk_min", "week", "required", "address", "contact", "bookable",
         "free_times", "room_capacity", "step_free", "kitchen", "warnings", "synthetic",
         "synthetic_fields", "lon", "lat"]
    ].reset_index(drop=True)  # fmt: skip


def free_times(availability: Any) -> str:
    """Free times by weekday as one cell: "man 10:00-15:00, 17:00-22:00; tir 09:00-15:00"."""
    if not isinstance(availability, dict):
        return ""
    days = ("man", "tir", "ons", "tor", "fre", "lor", "son")
    return "; ".join(f"{d} {', '.join(map(str, availability[d]))}" for d in days
                     if availability.get(d))  # fmt: skip


def demand_table(res: FinderResult, detail: bool = True) -> pd.DataFrame:
    """One row per demand point (aggregated grid cells); counts under 5 are suppressed and the
    others rounded unless `detail` (staff), see public_weight."""
    d = res.demand.copy() if detail else public_weights(res.demand)
    points = demand_points(res).geometry
    d["lon"], d["lat"] = points.x.round(6).to_numpy(), points.y.round(6).to_numpy()
    d = d.round({"cost": 2, "distance_m": 1, "minutes": 2, "nearest_cost": 2})
    columns = ["demand_id", "weight", "covered", "venue", "cost", "distance_m", "minutes",
               "nearest_venue", "nearest_cost", "lon", "lat"]  # fmt: skip
    if not detail:
        columns.insert(2, "suppressed")
    return d[columns].rename(columns={"demand_id": "id"})


def cost_table(res: FinderResult) -> pd.DataFrame:
    return res.costs.pairs[["demand_id", "candidate_id", "cost"]]


def parameters(res: FinderResult, detail: bool = True) -> pd.DataFrame:
    """Request, cost method and headline figures as key/value text (for the GeoPackage)."""
    summary = res.summary() if detail else public_summary(res.summary())
    items = {
        **{f"request.{k}": v for k, v in _flat(res.to_dict()["request"]).items()},
        **{f"cost_method.{k}": v for k, v in cost_method(res.costs).items()},
        **{f"summary.{k}": v for k, v in summary.items()},
        "synthetic_layers": ", ".join(res.synthetic_layers),
        "credits": " · ".join(res.credits),
    }
    return pd.DataFrame({"key": list(items), "value": [_text(v) for v in items.values()]})


# --- files ----------------------------------------------------------------------------------
def export(
    res: FinderResult, fmt: str, table: str = "venues", detail: bool = True
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of the answer in `fmt` (csv: one of CSV_TABLES);
    cell counts exact only with `detail` (staff), else public (see public_weight)."""
    if fmt not in FORMATS:
        raise GeodataError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    media, suffix = FORMATS[fmt]
    stem = f"venues_{res.result.model}"
    if fmt == "csv":
        return to_csv(res, table, detail), media, f"{stem}_{table}.{suffix}"
    if fmt == "geojson":
        return to_geojson(res, detail), media, f"{stem}.{suffix}"
    return to_gpkg(res, detail), media, f"{stem}.{suffix}"


def table_frame(res: FinderResult, table: str = "venues", detail: bool = True) -> pd.DataFrame:
    """The rows of one of CSV_TABLES, as every table format (CSV, Danish CSV, .xlsx) writes them."""
    if table == "venues":
        return venue_table(res, detail)
    if table == "demand":
        return demand_table(res, detail)
    if table == "costs":
        return cost_table(res)
    raise GeodataError(f"unknown table {table!r}; use {', '.join(CSV_TABLES)}")


def to_csv(res: FinderResult, table: str = "venues", detail: bool = True) -> bytes:
    return frame_to_csv(table_frame(res, table, detail)).encode("utf-8")


def to_geojson(res: FinderResult, detail: bool = True) -> bytes:
    """One FeatureCollection; `layer` on each feature says venue, demand, assignment or
    catchment, and a `kvarterkort` member carries the request, method and summary."""
    features: list[dict[str, Any]] = []
    for name, frame in _layers(res, detail=detail).items():
        data = json.loads(_plain(frame).to_json(drop_id=True, ensure_ascii=False))
        for feature in data["features"]:
            feature["properties"] = {"layer": name, **feature["properties"]}
        features.extend(data["features"])
    meta = {key: value for key, value in res.to_dict().items() if key != "result"}
    meta = meta if detail else public_meta(meta, res.result.total_weight)
    body = {"type": "FeatureCollection", "kvarterkort": meta, "features": features}
    return json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")


def to_gpkg(res: FinderResult, detail: bool = True) -> bytes:
    """Layers venues, demand, assignments, catchments and a `parameters` table."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "venues.gpkg"
        for name, frame in _layers(res, gpkg=True, detail=detail).items():
            _plain(frame).to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        pyogrio.write_dataframe(parameters(res, detail), path, layer="parameters", driver="GPKG")
        return path.read_bytes()


def candidates_geojson(frame: pd.DataFrame) -> bytes:
    """Eligible venues (from `candidate_venues`) as GeoJSON points."""
    points = _points(frame.rename(columns={"candidate_id": "id"}))
    return _plain(points).to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def _layers(
    res: FinderResult, gpkg: bool = False, detail: bool = True
) -> dict[str, gpd.GeoDataFrame]:
    """The tables as point layers (same columns as the CSV files), plus lines and catchments."""
    names = ("venues", "demand", "assignments", "catchments") if gpkg else (
        "venue", "demand", "assignment", "catchment")  # fmt: skip
    frames = (_located(venue_table(res, detail)), _located(demand_table(res, detail)),
              assignment_lines(res, detail),
              catchments(res))  # fmt: skip
    return {n: f for n, f in zip(names, frames, strict=True) if gpkg or not f.empty}


def _located(table: pd.DataFrame) -> gpd.GeoDataFrame:
    points = gpd.points_from_xy(table["lon"], table["lat"], crs=SERVE_SRID)
    return gpd.GeoDataFrame(table.drop(columns=["lon", "lat"]), geometry=points)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Types every GDAL writer takes: nullable ints with gaps as floats, None for missing text."""
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if isinstance(dtype, pd.Int64Dtype):
            out[column] = out[column].astype(float if out[column].isna().any() else "int64")
        elif pd.api.types.is_object_dtype(dtype):
            out[column] = out[column].map(lambda v: None if _missing(v) else v)
    return out


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        return {prefix: data}
    out: dict[str, Any] = {}
    for key, value in data.items():
        out |= _flat(value, f"{prefix}.{key}" if prefix else str(key))
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)
