"""JSON API of the venue finder: solve a question, list the eligible venues.

`POST /api/venues/solve` takes the same fields as the coordinator form (see VenueQuery) and
returns the whole answer as JSON, or a file with `?format=geojson|csv|gpkg`. Impossible
requests (p larger than the candidates, nothing within reach, LSCP infeasible, an unknown study
area) come back as 422 problem+json with the model's message, via app/errors.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language, translator
from app.openapi import FILES, GEOJSON_ONLY
from app.routes.venues_pages import exact_counts, file_response
from app.routes.venues_params import VenueFilters, VenueQuery, answer
from app.routes.venues_view import method_sentence, warnings_json
from geodata.errors import NotFoundError
from geodata.queries.venue_inputs import candidate_venues
from geodata.venue_export import candidates_geojson, public_meta
from geodata.venue_finder import FinderInputError

router = APIRouter(tags=["venues"])
JSON_OR_FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, **FILES[200]["content"]}}
}
Format = Annotated[str, Query(pattern="^(json|csv|csv-da|xlsx|geojson|gpkg)$")]
Table = Annotated[str, Query(pattern="^(venues|demand|costs)$")]


@router.post("/api/venues/solve", response_model=None, responses=JSON_OR_FILES)
def solve_venues(
    body: VenueQuery,
    request: Request,
    session: Session = DB_SESSION,
    format: Format = "json",
    table: Table = "venues",
) -> Response:
    """Which venues reach the most target residents on foot (or the fewest covering them all,
    or the least walking): selected venues with address, contact, bookability and free times,
    reach and load, share covered, the cost method, and `warnings` for chosen venues that are
    not bookable or have no contact."""
    res = answer(session, body, request.app.state.settings, catchments=format != "json")
    lang = language(request, request.app.state.settings.default_language)
    exact = exact_counts(request, session)
    if format != "json":
        return file_response(res, format, table, exact, lang)
    data = res.to_dict()
    if not exact:  # resident totals rounded, and no raw model block with exact weights
        data.pop("result", None)
        data = public_meta(data, res.result.total_weight)
    t = translator(lang)
    data["cost_method"]["sentence"] = method_sentence(res, t, lang)
    data["warnings"] = warnings_json(res, t)
    return JSONResponse(data)


@router.get("/api/venues/candidates", responses=GEOJSON_ONLY)
def candidate_list(
    filters: Annotated[VenueFilters, Query()], session: Session = DB_SESSION
) -> Response:
    """Venues meeting the requirements, in or near the study area, as GeoJSON points."""
    try:
        frame = candidate_venues(session, filters.eligibility(), area=filters.study_area())
    except NotFoundError as exc:
        raise FinderInputError(str(exc)) from exc
    return Response(candidates_geojson(frame), media_type="application/geo+json")
