"""The overview map: a page with the site's navigation, a legend, the map in a titled iframe
and the same features as tables; the Folium document itself is the frame's source."""

from __future__ import annotations

import geopandas as gpd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language, translator
from app.web import render as render_page
from geodata.queries.features import feature_frame
from mapping.base import render
from mapping.overview import build_overview_map, overview_legend, overview_tables

router = APIRouter(tags=["maps"])


def _frames(session: Session) -> dict[str, gpd.GeoDataFrame]:
    return {
        "areas": feature_frame(session, "areas", simplify_m=20),
        **{k: feature_frame(session, k) for k in ("estates", "venues", "associations", "pois")},
    }


def _synthetic_layers(frames: dict[str, gpd.GeoDataFrame]) -> list[str]:
    names: set[str] = set()
    for frame in frames.values():
        if not frame.empty:
            names |= set(frame.loc[frame["synthetic"], "layer"])
    return sorted(names)


@router.get("/maps/overview", response_class=HTMLResponse)
def overview_page(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """All loaded layers: the map (iframe), its legend and every layer as a table."""
    lang = language(request, request.app.state.settings.default_language)
    frames = _frames(session)
    return render_page(
        request,
        "maps/overview.html",
        legend=overview_legend(frames, lang),
        tables=overview_tables(frames, lang),
        synthetic_layers=_synthetic_layers(frames),
        map_url=f"/maps/overview/map?lang={lang}",
    )


@router.get("/maps/overview/map", response_class=HTMLResponse, include_in_schema=False)
def overview_map(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """All loaded layers on one Folium map with a layer control and popups."""
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    m = build_overview_map(_frames(session), lang=lang, tiles=settings.map_tiles)
    return HTMLResponse(render(m, lang, translator(lang)("overview.map.title")))
