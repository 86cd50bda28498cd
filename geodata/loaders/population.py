"""Load a population raster (GeoTIFF: residents per cell, optional second band for 65+).

Only populated cells are stored, as centre points, so a 100 m grid of a whole kommune stays small
and sums per area are plain point-in-polygon queries.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import rasterio
import shapely
from pyproj import Transformer
from rasterio.errors import RasterioIOError
from sqlalchemy.orm import Session

from geodata.errors import LoadError, Problem
from geodata.loaders.geometry import DENMARK_BOUNDS_25832
from geodata.loaders.report import LoadOptions, LoadReport
from geodata.loaders.specs import column_limits
from geodata.loaders.vector import refresh_area_residents
from geodata.loaders.writer import ensure_layer, finish_layer, layer_meta_changed, upsert
from geodata.models import SRID

MAX_RESIDENTS = (column_limits("population_cells", "residents").int_range or (0, 2**31 - 1))[1]
COLUMNS = ("layer_id", "cell_id", "cell_size", "residents", "residents_65plus", "geom")


def load_population(
    session: Session, opts: LoadOptions, progress: Callable[..., Callable[[], None]] | None = None
) -> LoadReport:
    name = str(opts.path)
    residents, older, transform, crs = _read_bands(opts)
    rows_idx, cols_idx = np.nonzero(residents > 0)
    problems = _check_values(name, residents, older)
    if len(rows_idx) == 0:
        problems.append(Problem(name, "", "band 1", "no populated cells (all zero or nodata)"))
    if problems:
        raise LoadError(problems)
    size = abs(transform.a)
    xs, ys = rasterio.transform.xy(transform, rows_idx, cols_idx, offset="center")
    ex, ny = Transformer.from_crs(crs, SRID, always_xy=True).transform(
        np.asarray(xs), np.asarray(ys)
    )
    _check_extent(name, ex, ny, rows_idx, cols_idx)
    ids = _cell_ids(crs, size, np.asarray(xs), np.asarray(ys), rows_idx, cols_idx, opts)
    meta = opts.layer_meta("population")
    layer_id, created = ensure_layer(session, meta)
    points = shapely.points(ex, ny)
    old = older[rows_idx, cols_idx] if older is not None else [None] * len(ids)
    counts_r = residents[rows_idx, cols_idx]
    records = (
        (layer_id, cid, size, int(r), None if o is None else int(o), p)
        for cid, r, o, p in zip(ids, counts_r, old, points, strict=True)
    )
    tick = progress("writing", len(ids)) if progress else None
    counts = upsert(
        session, "population_cells", COLUMNS, ("cell_id",), records,
        prune_layer=layer_id if opts.prune else None, on_row=tick,
    )  # fmt: skip
    refreshed = refresh_area_residents(session)
    if created or counts.changed or layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, "population_cells")
    note = f"{int(counts_r.sum())} residents in {len(ids)} cells; {refreshed} area totals updated"
    return LoadReport("population", opts.path, meta.name, len(ids), counts, notes=[note])


def _read_bands(opts: LoadOptions) -> tuple:
    name = str(opts.path)
    try:
        with rasterio.open(opts.path) as src:
            crs = src.crs or (rasterio.crs.CRS.from_user_input(opts.crs) if opts.crs else None)
            if crs is None:
                msg = "unknown CRS: the raster does not say its coordinate system; pass --crs"
                raise LoadError([Problem(name, "", "crs", msg)])
            if abs(abs(src.transform.a) - abs(src.transform.e)) > 1e-6 or src.transform.b:
                raise LoadError([Problem(name, "", "transform", "cells must be square, unrotated")])
            band1 = src.read(1, masked=True).filled(0).astype(np.float64)
            band2 = src.read(2, masked=True).filled(0).astype(np.float64) if src.count > 1 else None
            return band1, band2, src.transform, crs
    except RasterioIOError as exc:
        raise LoadError([Problem(name, "", "", f"cannot read raster: {exc}")]) from exc


def _check_values(name: str, residents: np.ndarray, older: np.ndarray | None) -> list[Problem]:
    problems = []
    checks = [("band 1", residents, "negative residents")]
    if older is not None:
        checks.append(("band 2", older, "negative residents aged 65+"))
    for band, values, message in checks:
        for r, c in np.argwhere(values < 0)[:10]:
            problems.append(Problem(name, f"row {r} col {c}", band, f"{message}: {values[r, c]:g}"))
        for r, c in np.argwhere(np.mod(values, 1) != 0)[:10]:
            problems.append(Problem(name, f"row {r} col {c}", band, "not a whole number of people"))
        for r, c in np.argwhere(values > MAX_RESIDENTS)[:10]:
            msg = f"{values[r, c]:g} residents is out of range: at most {MAX_RESIDENTS}"
            problems.append(Problem(name, f"row {r} col {c}", band, msg))
    if older is not None:
        for r, c in np.argwhere(older > residents)[:10]:
            msg = f"more residents aged 65+ ({older[r, c]:g}) than residents ({residents[r, c]:g})"
            problems.append(Problem(name, f"row {r} col {c}", "band 2", msg))
    return problems


def _check_extent(
    name: str, ex: np.ndarray, ny: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> None:
    minx, miny, maxx, maxy = DENMARK_BOUNDS_25832
    outside = np.flatnonzero((ex < minx) | (ex > maxx) | (ny < miny) | (ny > maxy))
    if len(outside):
        problems = [
            Problem(name, f"row {rows[i]} col {cols[i]}", "geometry",
                    "cell centre falls outside Denmark (wrong CRS?)")
            for i in outside[:10]
        ]  # fmt: skip
        raise LoadError(problems)


def _cell_ids(crs, size, xs, ys, rows, cols, opts: LoadOptions) -> list[str]:  # type: ignore[no-untyped-def]
    """Danish grid names (DDKN, e.g. "100m_63712_5512") when the raster sits on that grid."""
    on_ddkn = crs.to_epsg() == SRID and float(size).is_integer()
    west, south = xs - size / 2, ys - size / 2
    if on_ddkn and np.allclose(np.mod(west, size), 0) and np.allclose(np.mod(south, size), 0):
        s = int(size)
        return [f"{s}m_{int(n) // s}_{int(e) // s}" for n, e in zip(south, west, strict=True)]
    prefix = opts.layer or opts.path.stem
    return [f"{prefix}:r{r}c{c}" for r, c in zip(rows, cols, strict=True)]
