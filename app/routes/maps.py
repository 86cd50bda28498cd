"""Map pages built with Folium (served as complete HTML documents with local assets)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language
from geodata.queries.features import feature_frame
from mapping.base import render
from mapping.overview import build_overview_map

router = APIRouter(tags=["maps"])


@router.get("/maps/overview", response_class=HTMLResponse)
def overview_map(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """All loaded layers on one Folium map with a layer control and popups."""
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    frames = {
        "areas": feature_frame(session, "areas", simplify_m=20),
        **{k: feature_frame(session, k) for k in ("estates", "venues", "associations", "pois")},
    }
    m = build_overview_map(frames, lang=lang, tiles=settings.map_tiles)
    return HTMLResponse(render(m))
