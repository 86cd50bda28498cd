"""JSON API of the venue finder: solve a question, list the eligible venues.

`POST /api/venues/solve` takes the same fields as the coordinator form (see VenueQuery) and
returns the whole answer as JSON, or a file with `?format=geojson|csv|gpkg`. Impossible
requests (p larger than the candidates, nothing within reach, LSCP infeasible, an unknown study
area) come back as 422 problem+json with the model's message, via app/errors.py.
"""

from __future__ import annotations

from threading import Event
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language, translator
from app.openapi import FILES, GEOJSON_ONLY
from app.params import Page, feature_page, list_fields, paging
from app.routes.venues_cancel import run_watched
from app.routes.venues_pages import exact_counts, file_response
from app.routes.venues_params import VenueFilters, VenueQuery, answer
from app.routes.venues_view import method_sentence, solution_sentence, warnings_json
from geodata.errors import NotFoundError
from geodata.queries.venue_inputs import candidate_venues
from usecases.venue_export import candidates_geojson, public_meta
from usecases.venues import FinderInputError

router = APIRouter(tags=["venues"])
JSON_OR_FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, **FILES[200]["content"]}}
}
Format = Annotated[str, Query(pattern="^(json|csv|csv-da|xlsx|geojson|gpkg)$")]
Table = Annotated[str, Query(pattern="^(venues|demand|costs)$")]


@router.post("/api/venues/solve", response_model=None, responses=JSON_OR_FILES)
async def solve_venues(
    body: VenueQuery,
    request: Request,
    session: Session = DB_SESSION,
    format: Format = "json",
    table: Table = "venues",
    page: Page = paging(1000, 5000),
) -> Response:
    """Which venues reach the most target residents on foot (or the fewest covering them all,
    or the least walking): selected venues with address, contact, bookability and free times,
    reach and load, share covered, the cost method, and `warnings` for chosen venues that are
    not bookable or have no contact. Above the size or time limit (settings) the answer is the
    heuristic's, with `summary.method` "heuristic", `summary.reason` "size" or "time",
    `summary.gap` and `solution_sentence` saying so; the solve stops if the client leaves.
    A computed answer: JSON pages its `venues` list (`limit`, `offset`, `total`, `next`);
    files hold every row."""
    return await run_watched(
        request, lambda cancel: _solve(body, request, session, format, table, cancel, page)
    )


def _solve(
    body: VenueQuery, request: Request, session: Session, format: str, table: str,
    cancel: Event, page: Page,
) -> Response:  # fmt: skip
    settings = request.app.state.settings
    res = answer(session, body, settings, catchments=format != "json", cancel=cancel)
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
    data["solution_sentence"] = solution_sentence(res, t, lang, settings)
    data["venues"], total = page.slice(data["venues"])
    data |= list_fields(request, page, len(data["venues"]), total)
    return JSONResponse(data, headers=page.headers())


@router.get("/api/venues/candidates", responses=GEOJSON_ONLY)
def candidate_list(
    request: Request,
    filters: Annotated[VenueFilters, Query()],
    page: Page = paging(1000, 10_000, bbox=True),
    session: Session = DB_SESSION,
) -> Response:
    """Venues meeting the requirements, in or near the study area (and inside `bbox`), as a
    GeoJSON page of points in key order with `links` (next, prev)."""
    try:
        frame = candidate_venues(session, filters.eligibility(), area=filters.study_area(),
                                 bbox=page.bbox, limit=page.probe, offset=page.offset)  # fmt: skip
    except NotFoundError as exc:
        raise FinderInputError(str(exc)) from exc
    rows, more = frame.iloc[: page.limit], len(frame) > page.limit
    return feature_page(request, page, candidates_geojson(rows), more=more)
