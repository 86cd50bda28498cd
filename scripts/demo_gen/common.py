"""Shared constants and helpers: one RNG stream per stage, CRS transforms, inputs.

Each stage draws from its own RNG stream (seed + stage name) so that changing how many numbers
one stage consumes does not reshuffle every later stage.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform

REPO_ROOT = Path(__file__).resolve().parents[2]
REAL_DIR = REPO_ROOT / "data" / "real"
STORAGE_CRS = "EPSG:25832"
SERVED_CRS = "EPSG:4326"
TOTAL_RESIDENTS = 223_174  # Aalborg Kommune, 1 January 2024 (Danmarks Statistik FOLK1A)
TARGET_65PLUS_SHARE = 0.185
CELL = 100.0

_TO_UTM = Transformer.from_crs(SERVED_CRS, STORAGE_CRS, always_xy=True)
_TO_WGS = Transformer.from_crs(STORAGE_CRS, SERVED_CRS, always_xy=True)


def rng_for(seed: int, stage: str) -> np.random.Generator:
    """Independent, reproducible random stream for one generator stage."""
    return np.random.default_rng([seed, zlib.crc32(stage.encode("utf-8"))])


def utm_xy(lon: float, lat: float) -> tuple[float, float]:
    """Project one lon/lat pair to EPSG:25832 metres."""
    x, y = _TO_UTM.transform(lon, lat)
    return float(x), float(y)


def to_wgs(geom: BaseGeometry) -> BaseGeometry:
    """Reproject a shapely geometry from EPSG:25832 to EPSG:4326 for the GeoJSON outputs."""
    return transform(_TO_WGS.transform, geom)


@dataclass(frozen=True)
class RealInputs:
    """The real layers the synthetic data is anchored to, all in EPSG:25832."""

    kommune: BaseGeometry
    sogne: gpd.GeoDataFrame
    postnumre: gpd.GeoDataFrame
    libraries: gpd.GeoDataFrame


def load_inputs(real_dir: Path = REAL_DIR) -> RealInputs:
    """Read the DAGI and OSM inputs once and reproject them to the storage CRS."""
    kommune = gpd.read_file(real_dir / "aalborg_kommune_dagi2014.geojson").to_crs(STORAGE_CRS)
    sogne = gpd.read_file(real_dir / "aalborg_sogne_dagi2014.geojson").to_crs(STORAGE_CRS)
    post = gpd.read_file(real_dir / "aalborg_postnumre_dagi2014.geojson").to_crs(STORAGE_CRS)
    poi = gpd.read_file(real_dir / "aalborg_poi_sample_osm.geojson").to_crs(STORAGE_CRS)
    libraries = poi[poi["category"] == "library"].sort_values("name").reset_index(drop=True)
    return RealInputs(
        kommune=kommune.geometry.union_all(),
        sogne=sogne.sort_values("sognekode").reset_index(drop=True),
        postnumre=post.sort_values("postnr").reset_index(drop=True),
        libraries=libraries,
    )


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to weights so the parts sum exactly to total."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    base = np.floor(raw).astype(np.int64)
    short = total - int(base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:short]] += 1
    return base
