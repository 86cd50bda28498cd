"""Finding places: the search behind every map's search box, and the context basemap.

Both answers are the same for everyone (approved assets only, personal skills generalised, no
user data), so browsers and proxies may keep them for a few minutes (`Cache-Control: public`).
Importing this module also gives the map builders the search box's words from the catalogue
(mapping.place_search.use_labels): mapping/ may not import app/, so the app hands them over.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import LANGUAGES, catalogue
from app.params import Bbox, MapZoom, Page, PlaceText, page_links, paging, parse_bbox
from geodata.queries.basemap import basemap
from geodata.queries.places import search_places
from mapping import place_search

router = APIRouter(prefix="/api", tags=["places"])
GEOJSON = "application/geo+json"
CACHE = "public, max-age=300"
DENMARK = "7.5,54.4,15.5,58.0"


def _map_labels() -> dict[str, dict[str, str]]:
    """The catalogue's places.* words per language, keys without the prefix."""
    cat = catalogue()
    return {
        lang: {
            k.removeprefix("places."): v for k, v in cat[lang].items() if k.startswith("places.")
        }
        for lang in LANGUAGES
    }


place_search.use_labels(_map_labels)


@router.get("/places")
def places(
    request: Request, q: PlaceText, page: Page = paging(10, 25, bbox=True, offset_max=100),
    session: Session = DB_SESSION,
) -> JSONResponse:  # fmt: skip
    """Places whose name or address matches `q`: areas, estates, venues, associations, stops,
    approved assets and addresses (inside `bbox` when given). Whole-name prefix matches first,
    then a word in the name, then similar spellings; case and æ/ø/å (aa) do not matter. A bare
    array; the next and previous pages in the `Link` header (a search ranks 125 deep)."""
    settings = request.app.state.settings
    found = search_places(session, q, page.probe, settings.skill_generalisation_m, page.offset,
                          page.bbox)  # fmt: skip
    rows, more = page.cut(found)
    body: list[dict[str, Any]] = [p.as_json() for p in rows]
    page_links(request, page, len(rows), more=more)
    return JSONResponse(body, headers={"Cache-Control": CACHE, **page.headers()})


@router.get("/basemap", responses={200: {"content": {GEOJSON: {}}}})
def context_basemap(zoom: MapZoom, bbox: Bbox = DENMARK, session: Session = DB_SESSION) -> Response:
    """Outlines, names and (close in) stops from the loaded layers, simplified for `zoom`: what
    a map draws when its tiles are switched off or cannot be loaded. Cut to `bbox`, which is
    shrunk around its centre to at most ten screens (256 px tiles) each way at `zoom`; the
    answer's `bbox` is the box served and `truncated` says a size cap left features out."""
    box = parse_bbox(bbox) or (7.5, 54.4, 15.5, 58.0)
    return JSONResponse(
        basemap(session, box, zoom), media_type=GEOJSON, headers={"Cache-Control": CACHE}
    )
