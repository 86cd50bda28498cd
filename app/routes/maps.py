"""The overview map: a page with the site's navigation, a legend, the map in a titled iframe
and the same features as tables; the Folium document itself is the frame's source."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language, translator
from app.routes.map_tiles import AREA_KINDS_SHOWN, map_version, overview_layers
from app.web import render as render_page
from geodata.queries.features import feature_frame
from geodata.queries.map_counts import feature_size
from mapping.base import render
from mapping.overview import (
    LAYER_ORDER,
    OverviewTiles,
    build_overview_map,
    overview_legend,
    overview_tables,
)

router = APIRouter(tags=["maps"])


TABLE_ROWS = 1000  # rows per layer in the page's tables (the map draws every feature)


@dataclass
class PageLayers:
    """The page's first rows of each layer, every layer's full count and the synthetic layers."""

    frames: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    synthetic: set[str] = field(default_factory=set)


def _page_layers(session: Session) -> PageLayers:
    """At most TABLE_ROWS of each layer plus counts from one aggregate each: the page stays the
    same size with 50 or 5 million features (issue 10), and still names every synthetic layer."""
    page, areas = PageLayers(), []
    for kind in AREA_KINDS_SHOWN:
        size = feature_size(session, "areas", kind)
        page.totals[kind], page.synthetic = size.count, page.synthetic | set(size.synthetic_layers)
        if size.count:
            areas.append(feature_frame(session, "areas", area_kind=kind, limit=TABLE_ROWS))
    if areas:
        page.frames["areas"] = pd.concat(areas, ignore_index=True)
    for kind in LAYER_ORDER:
        size = feature_size(session, kind)
        page.totals[kind], page.synthetic = size.count, page.synthetic | set(size.synthetic_layers)
        page.frames[kind] = feature_frame(session, kind, limit=TABLE_ROWS)
    return page


@router.get("/maps/overview", response_class=HTMLResponse)
def overview_page(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """All loaded layers: the map (iframe), its legend and every layer as a table."""
    lang = language(request, request.app.state.settings.default_language)
    page = _page_layers(session)
    return render_page(
        request,
        "maps/overview.html",
        legend=overview_legend(page.frames, lang, page.totals),
        tables=overview_tables(page.frames, lang, TABLE_ROWS, page.totals),
        synthetic_layers=sorted(page.synthetic),
        map_url=f"/maps/overview/map?lang={lang}",
    )


@router.get("/maps/overview/map", response_class=HTMLResponse, include_in_schema=False)
def overview_map(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """All loaded layers on one Folium map with a layer control and popups."""
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    layers = overview_layers(session, settings.map_embed_max_features, map_version(session))
    tiled = OverviewTiles(layers.urls, layers.bounds, layers.synthetic, layers.credits)
    m = build_overview_map(layers.frames, lang=lang, tiles=settings.map_tiles, tiled=tiled)
    return HTMLResponse(render(m, lang, translator(lang)("overview.map.title")))
