"""Synthetic 100 m population grid (residents and residents aged 65+).

Why this shape: estate residents are burnt into the cells their estates cover first, so the
boligområder and the raster tell the same story; the remaining residents are drawn with one
multinomial over a density surface (district and town kernels, sparse farms), which makes
band 1 sum to the official total exactly while staying random at cell level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from rasterio.transform import Affine
from scipy.ndimage import gaussian_filter

from demo_gen.common import (
    CELL,
    TARGET_65PLUS_SHARE,
    TOTAL_RESIDENTS,
    RealInputs,
    largest_remainder,
    rng_for,
    to_wgs,
    utm_xy,
)
from demo_gen.housing import Area
from demo_gen.places import CITY, EXCLUSION_ZONES, RURAL_SHARE_65, TOWNS, Place, kernel_sigma

KERNEL_CUTOFF = 1.8  # sigmas
KERNEL_POWER = 3.0  # flatter than Gaussian: built-up areas have edges
VILLAGE_RESIDENTS = (120, 320)
HOLE_SHARE = 0.06  # single empty cells: roads, schools, small parks
PATCH_SHARE = 0.10  # blotchy empty patches: industry, large parks, sports grounds
FARM_SHARE = 0.065  # rural cells with a farm or house
BO_BACKGROUND_CUTOFF = 0.3  # cells mostly covered by a boligområde get no other residents


@dataclass
class Grid:
    """The 100 m grid, its land mask and the two population bands."""

    transform: Affine
    xs: np.ndarray  # cell-centre eastings, shape (ny, nx)
    ys: np.ndarray
    valid: np.ndarray
    residents: np.ndarray
    residents_65: np.ndarray
    estate_residents: np.ndarray


def _empty_grid(inputs: RealInputs) -> tuple[Affine, np.ndarray, np.ndarray, np.ndarray]:
    """Grid aligned to whole 100 m (DDKN) covering the kommune, with its land mask."""
    minx, miny, maxx, maxy = inputs.kommune.bounds
    x0, y1 = np.floor(minx / CELL) * CELL, np.ceil(maxy / CELL) * CELL
    nx = int(np.ceil(maxx / CELL) - x0 / CELL)
    ny = int(y1 / CELL - np.floor(miny / CELL))
    xs, ys = np.meshgrid(x0 + CELL * (np.arange(nx) + 0.5), y1 - CELL * (np.arange(ny) + 0.5))
    valid = shapely.contains_xy(inputs.kommune, xs, ys)
    for cx, cy, rx, ry in EXCLUSION_ZONES:
        valid &= ((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 > 1.0
    return Affine(CELL, 0.0, x0, 0.0, -CELL, y1), xs, ys, valid


def _cell_boxes(transform: Affine, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Shapely boxes for the given cells."""
    x0 = transform.c + cols * CELL
    y1 = transform.f - rows * CELL
    return shapely.box(x0, y1 - CELL, x0 + CELL, y1)


def _overlap(transform: Affine, shape: tuple[int, int], geom) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices of cells a polygon touches and the overlapping area (m²) of each."""
    minx, miny, maxx, maxy = geom.bounds
    c0, c1 = int((minx - transform.c) // CELL), int((maxx - transform.c) // CELL)
    r0, r1 = int((transform.f - maxy) // CELL), int((transform.f - miny) // CELL)
    grid_rows, grid_cols = np.meshgrid(np.arange(r0, r1 + 1), np.arange(c0, c1 + 1), indexing="ij")
    rows, cols = grid_rows.ravel(), grid_cols.ravel()
    areas = shapely.area(shapely.intersection(_cell_boxes(transform, rows, cols), geom))
    keep = areas > 0
    return np.ravel_multi_index((rows[keep], cols[keep]), shape), areas[keep]


def _burn_estates(grid_shape, transform, valid, areas: list[Area]):
    """Estate residents (and their 65+ expectation) in the cells each estate covers."""
    pop = np.zeros(grid_shape, dtype=np.int64).ravel()
    old = np.zeros(grid_shape, dtype=float).ravel()
    cover = np.zeros(grid_shape, dtype=float).ravel()
    for area in areas:
        idx, a = _overlap(transform, grid_shape, area.geometry)
        cover[idx] += a / CELL**2
        for est in area.estates:
            idx, a = _overlap(transform, grid_shape, est.geometry)
            if not valid.ravel()[idx].all():
                raise ValueError(f"estate {est.name} covers a masked cell; move its area")
            alloc = largest_remainder(est.residents, a)
            pop[idx] += alloc
            old[idx] += alloc * est.share_65
    return pop.reshape(grid_shape), old.reshape(grid_shape), cover.reshape(grid_shape)


def _kernel(place: Place, xs: np.ndarray, ys: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Flat-topped population kernel of one place, cut off at KERNEL_CUTOFF sigmas."""
    cx, cy = utm_xy(place.lon, place.lat)
    d = np.hypot(xs - cx, ys - cy) / kernel_sigma(place)
    k = np.where(ok & (d < KERNEL_CUTOFF), np.exp(-0.5 * d**KERNEL_POWER), 0.0)
    if k.sum() == 0:
        raise ValueError(f"place {place.name} has no land cells; check its coordinates")
    return k


def _patches(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """0/1 mask with spatially coherent holes, so built-up areas are not uniform discs."""
    field = gaussian_filter(rng.normal(size=shape), sigma=4.0)
    return (field < np.quantile(field, 1.0 - PATCH_SHARE)).astype(float)


def villages(inputs: RealInputs, seed: int) -> list[Place]:
    """Church villages at the centre of parishes that hold no town of their own."""
    rng = rng_for(seed, "villages")
    towns = [shapely.Point(utm_xy(p.lon, p.lat)) for p in CITY + TOWNS]
    taken = {p.name for p in CITY + TOWNS}
    out = []
    for name, geom in zip(inputs.sogne["sognenavn"], inputs.sogne.geometry, strict=True):
        centre = geom.representative_point()
        if name in taken or min(centre.distance(t) for t in towns) < 2_500:
            continue
        lon, lat = to_wgs(centre).coords[0]
        out.append(Place(name, lon, lat, int(rng.integers(*VILLAGE_RESIDENTS)), 0, 0.25, False))
    return out


def _background(xs, ys, ok, places, n_rural: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Expected non-estate residents per cell and their expected 65+ count.

    Texture (noise, holes, patches) is applied per place before normalising, so every town
    keeps its planned size even when a patch lands on it.
    """
    noise = rng.lognormal(0.0, 0.45, xs.shape) * (rng.random(xs.shape) > HOLE_SHARE)
    patched = noise * _patches(xs.shape, rng)
    lam = np.zeros(xs.shape)
    old = np.zeros(xs.shape)
    for place in places:
        k = _kernel(place, xs, ys, ok)
        kt = k * patched
        if kt.sum() < 0.5 * k.sum():
            kt = k * noise
        kt *= place.residents / kt.sum()
        lam += kt
        old += kt * place.share_65
    rural_ok = ok & (lam < 0.5) & (rng.random(xs.shape) < FARM_SHARE)
    farms = np.where(rural_ok, rng.lognormal(1.0, 0.5, xs.shape), 0.0)
    farms *= n_rural / farms.sum()
    return lam + farms, old + farms * RURAL_SHARE_65


def build_grid(seed: int, inputs: RealInputs, areas: list[Area]) -> Grid:
    """Generate both bands; band 1 sums exactly to TOTAL_RESIDENTS."""
    rng = rng_for(seed, "population")
    transform, xs, ys, valid = _empty_grid(inputs)
    est_pop, est_old, cover = _burn_estates(xs.shape, transform, valid, areas)
    n_bg = TOTAL_RESIDENTS - int(est_pop.sum())
    places = [*CITY, *TOWNS, *villages(inputs, seed)]
    n_rural = n_bg - sum(p.residents for p in places)
    ok = valid & (cover < BO_BACKGROUND_CUTOFF)
    lam, lam_old = _background(xs, ys, ok, places, n_rural, rng)
    bg = rng.multinomial(n_bg, (lam / lam.sum()).ravel()).reshape(xs.shape)
    share_bg = np.divide(lam_old, lam, out=np.zeros_like(lam), where=lam > 0)
    share_est = np.divide(est_old, est_pop, out=np.zeros_like(est_old), where=est_pop > 0)
    expected = (bg * share_bg).sum() + (est_pop * share_est).sum()
    factor = TARGET_65PLUS_SHARE * TOTAL_RESIDENTS / expected
    old_bg = rng.binomial(bg, np.clip(share_bg * factor, 0.0, 0.95))
    old_est = rng.binomial(est_pop, np.clip(share_est * factor, 0.0, 0.95))
    residents = bg + est_pop
    return Grid(transform, xs, ys, valid, residents, old_bg + old_est, est_pop)
