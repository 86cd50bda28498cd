"""Which layers of a map page are embedded and which come from vector tiles (issue 10).

A layer with more features than ``map_embed_max_features`` is drawn from /tiles/... so the page
stays small at any data size; smaller layers stay embedded (one request, popups as ever). The
counts, boxes and provenance come from one aggregate per layer (geodata.queries.map_counts),
never from reading the features. Tile URLs carry the map data version (``v=``), so the tiles
of an unchanged map are cached for a year and a changed one asks for new tiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from sqlalchemy.orm import Session

from geodata.queries.assets_public import AssetFilter
from geodata.queries.features import feature_frame
from geodata.queries.map_counts import LayerSize, asset_size, feature_size
from geodata.queries.ranking import OVERLAY_KINDS, has_assets
from geodata.tiles import tile_version
from mapping.vector_tiles import tile_url
from usecases.ranking import RankingRun

AREA_KINDS_SHOWN = ("kommune", "postnummer", "sogn", "boligområde")  # mapping/overview.py


@dataclass
class LayerChoice:
    """Embedded frames, tile URLs (kind -> URL) and the provenance of the tiled layers."""

    frames: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    synthetic: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    bounds: tuple[float, float, float, float] | None = None


def _embed_or_tile(
    session: Session, choice: LayerChoice, limit: int, version: str, kind: str,
    area_kind: str | None = None,
) -> tuple[gpd.GeoDataFrame | None, LayerSize]:  # fmt: skip
    """One layer (``areas`` of one kind, or a feature table): its frame when it has at most
    ``limit`` features, else its tile URL (keyed by the area kind or the table) and provenance."""
    size = feature_size(session, kind, area_kind)
    if size.count <= limit:
        simplify = 20 if area_kind else 0.0
        return feature_frame(session, kind, area_kind=area_kind, simplify_m=simplify), size
    extra = {"kind": area_kind} if area_kind else {}
    choice.urls[area_kind or kind] = tile_url(kind, version, **extra)
    choice.synthetic += size.synthetic_layers
    choice.credits += size.credits
    return None, size


def overview_layers(session: Session, limit: int, version: str) -> LayerChoice:
    """The overview map's layers: each area kind and each feature layer embedded up to
    ``limit`` features, else from tiles (keyed by the overview's style key)."""
    choice, boxes = LayerChoice(), []
    areas = []
    for kind in AREA_KINDS_SHOWN:
        frame, size = _embed_or_tile(session, choice, limit, version, "areas", kind)
        boxes.append(size.bounds)
        if frame is not None:
            areas.append(frame)
    if areas:
        choice.frames["areas"] = pd.concat(areas, ignore_index=True)
    for kind in ("estates", "venues", "associations", "pois"):
        frame, size = _embed_or_tile(session, choice, limit, version, kind)
        boxes.append(size.bounds)
        if frame is not None:
            choice.frames[kind] = frame
    choice.bounds = union(boxes)
    return choice


def union(
    boxes: list[tuple[float, float, float, float] | None],
) -> tuple[float, float, float, float] | None:
    """The lon/lat box around every given box (None when there is none)."""
    present = [b for b in boxes if b is not None]
    if not present:
        return None
    return (min(b[0] for b in present), min(b[1] for b in present),
            max(b[2] for b in present), max(b[3] for b in present))  # fmt: skip


def map_version(session: Session) -> str:
    """The data version a map page's tile URLs carry (the tile route's, so ``v=`` matches)."""
    return tile_version(session)


def ranking_overlays(
    session: Session, limit: int, generalise_m: float, version: str
) -> LayerChoice:
    """Estates, venues and associations embedded up to ``limit`` features, else tiled; the
    approved assets always from tiles (the ranking map's hidden layer would otherwise carry
    every asset on the network)."""
    choice = LayerChoice()
    for kind in OVERLAY_KINDS:
        frame, _size = _embed_or_tile(session, choice, limit, version, kind)
        if frame is not None:
            choice.frames[kind] = frame
    if has_assets(session):
        assets = asset_size(session, AssetFilter(), generalise_m)
        if assets.count:
            choice.urls["assets"] = tile_url("assets", version)
        if assets.synthetic:
            choice.synthetic.append("assets")
    return choice


def ranked_rows(run: RankingRun) -> pd.DataFrame:
    """The published frame keyed by ``area_code`` with the quadrant, without any geometry
    (the tiled choropleth: shapes come from the tiles)."""
    frame = run.frame.copy()
    frame["area_code"] = frame[run.id_column].astype(str)
    if "area_name" not in frame:
        frame["area_name"] = ""
    if run.capacity is not None:
        quadrant = run.capacity[[run.id_column, "quadrant"]]
        frame = frame.merge(quadrant, on=run.id_column, how="left")
    return frame


def area_bounds(session: Session, kind: str) -> tuple[float, float, float, float] | None:
    """The box of every area of ``kind`` (where a tiled choropleth opens)."""
    return feature_size(session, "areas", kind).bounds
