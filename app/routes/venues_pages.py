"""The coordinator page (/venues), its map, the printable report and the file downloads.

All four read the same GET query string, so the page's iframe, report link and download links
answer exactly the question the form asked. A question that cannot be answered is shown next
to the form on the page (status 422); the map, report and downloads return problem+json.
"""

from __future__ import annotations

import json
from threading import Event
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.auth import current_user
from app.deps import DB_SESSION
from app.downloads import table_response
from app.errors import translated
from app.i18n import language, translator
from app.routes.activities_access import WRITE_ROLES, staff_viewer
from app.routes.venues_cancel import run_watched
from app.routes.venues_params import (
    LIST_FIELDS,
    NOT_QUERY,
    VenueQuery,
    answer,
    has_question,
    query_from_params,
    validation_text,
)
from app.routes.venues_view import (
    form_context,
    map_labels,
    method_sentence,
    parameter_rows,
    result_context,
    with_booking_text,
)
from app.settings import Settings
from app.web import render
from geodata.errors import GeodataError
from geodata.models_assets import ROLES as STAFF_ROLES
from geodata.queries.indicators import area_shapes
from mapping.base import render as render_map
from mapping.venues_map import VenueMapLayers, VenueMapSpec, build_venues_map, svg_sketch
from usecases.venue_export import (
    assignment_lines,
    catchments,
    demand_points,
    export,
    public_weights,
    table_frame,
    venue_points,
)
from usecases.venues import FinderResult, with_catchments
from venues import VenueModelError

router = APIRouter(tags=["venues"], include_in_schema=False)
Format = Annotated[str, Query(pattern="^(csv|csv-da|xlsx|geojson|gpkg)$")]
Table = Annotated[str, Query(pattern="^(venues|demand|costs)$")]


@router.get("/venues", response_class=HTMLResponse)
async def venues_page(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """The form; with a question in the query string also the answer below it (solved in a
    worker thread that stops if the client leaves, see venues_cancel)."""
    return await run_watched(request, lambda cancel: _page(request, session, cancel))


def _page(request: Request, session: Session, cancel: Event) -> HTMLResponse:
    lang = _lang(request)
    if not has_question(request.query_params):
        return render(request, "venues/index.html", **form_context(session, VenueQuery(), {}))
    try:
        query = query_from_params(request.query_params)
    except ValidationError as exc:
        context = form_context(session, None, _raw(request))
        return render(
            request, "venues/index.html", 422, error=validation_text(exc, lang), **context
        )
    try:
        res = cached_answer_of(session, query, request.app.state.settings, cancel=cancel)
    except (VenueModelError, GeodataError) as exc:
        session.rollback()  # a failed statement must not break the form's own queries
        context = form_context(session, query, {})
        return render(request, "venues/index.html", 422, error=translated(exc, lang), **context)
    exact = exact_counts(request, session)
    context = form_context(session, query, {}) | result_context(
        res, query, translator(lang), lang, exact, request.app.state.settings
    )
    context["exact_counts"] = exact
    writer = staff_viewer(request, session)  # "Registrér aktivitet her" per venue (issue 11)
    context["register_here"] = writer is not None and writer.role in WRITE_ROLES
    return render(request, "venues/index.html", **context)


@router.get("/venues/map", response_class=HTMLResponse)
async def venues_map(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """The answer as a Folium map (shown in the page's iframe, or full size)."""
    return await run_watched(request, lambda cancel: _map(request, session, cancel))


def _map(request: Request, session: Session, cancel: Event) -> HTMLResponse:
    settings = request.app.state.settings
    lang = _lang(request)
    query = _query(request)
    exact = exact_counts(request, session)
    key = (venue_question(query, settings), lang, settings.map_tiles, exact)
    html = cached_answer(
        session, "venues_map", key,
        lambda: _map_html(session, query, settings, lang, exact, cancel),
    )  # fmt: skip
    return HTMLResponse(html)


def _map_html(
    session: Session, query: VenueQuery, settings: Settings, lang: str, exact: bool,
    cancel: Event | None = None,
) -> str:  # fmt: skip
    """The rendered map (Folium's work is most of a map request, so the HTML is cached)."""
    t = translator(lang)
    res = cached_answer_of(session, query, settings, catchments=True, cancel=cancel)
    spec = VenueMapSpec(
        labels=map_labels(t), method_sentence=method_sentence(res, t, lang),
        lang=lang, unit=query.unit, synthetic=res.synthetic_layers, credits=res.credits,
        tiles=settings.map_tiles,
    )  # fmt: skip
    layers = _layers(session, res, query, exact)
    layers.venues = with_booking_text(layers.venues, res, t, lang)
    return render_map(build_venues_map(layers, spec), lang)


@router.get("/venues/report", response_class=HTMLResponse)
async def venues_report(request: Request, session: Session = DB_SESSION) -> HTMLResponse:
    """A printable page: parameters, method, figures, the table and a static sketch."""
    return await run_watched(request, lambda cancel: _report(request, session, cancel))


def _report(request: Request, session: Session, cancel: Event) -> HTMLResponse:
    lang = _lang(request)
    t = translator(lang)
    query = _query(request)
    settings = request.app.state.settings
    res = cached_answer_of(session, query, settings, catchments=True, cancel=cancel)
    exact = exact_counts(request, session)
    context = result_context(res, query, t, lang, exact, settings)
    layers = _layers(session, res, query, exact)
    sketch = svg_sketch(layers, t("venues.report.sketch"))
    context |= {"parameters": parameter_rows(query, t, lang), "sketch": sketch, "report": True,
                "back_url": f"/venues?{query.query_string()}&lang={lang}"}  # fmt: skip
    return render(request, "venues/report.html", **context)


@router.get("/venues/download")
async def venues_download(
    request: Request,
    session: Session = DB_SESSION,
    format: Format = "csv",
    table: Table = "venues",
) -> Response:
    """The answer as CSV (venues, demand or costs), GeoJSON or GeoPackage."""
    return await run_watched(
        request, lambda cancel: _download(request, session, format, table, cancel)
    )


def _download(
    request: Request, session: Session, format: str, table: str, cancel: Event
) -> Response:
    query = _query(request)
    settings = request.app.state.settings
    shapes = format in ("geojson", "gpkg")
    res = cached_answer_of(session, query, settings, catchments=shapes, cancel=cancel)
    return file_response(res, format, table, exact_counts(request, session), _lang(request))


def venue_question(query: VenueQuery, settings: Settings) -> str:
    """The question in canonical form: set-like lists sorted, plus the settings it depends on."""
    data = query.model_dump(mode="json")
    for name in LIST_FIELDS:
        data[name] = sorted(data[name])
    data["_walk"] = [settings.walking_speed_m_per_min, settings.detour_factor]
    data["_bounds"] = [settings.venues_exact_max_size, settings.venues_time_limit_s,
                       settings.venues_max_pairs]  # fmt: skip
    return json.dumps(data, sort_keys=True)


def cached_answer_of(
    session: Session, query: VenueQuery, settings: Settings, catchments: bool = False,
    cancel: Event | None = None,
) -> FinderResult:  # fmt: skip
    """One answer per question and data version for the page, its map, report and downloads;
    catchments are added (and kept) only when a view draws them. A cancelled solve raises
    and is not cached."""
    key = venue_question(query, settings)
    res = cached_answer(
        session, "venues", key, lambda: answer(session, query, settings, cancel=cancel)
    )
    if not catchments:
        return res
    return cached_answer(session, "venue_catchments", key, lambda: with_catchments(session, res))


def exact_counts(request: Request, session: Session) -> bool:
    """Whether the viewer may see exact resident counts per grid cell: logged-in staff only.

    Everyone else gets cell counts under 5 suppressed and the rest rounded
    (usecases.venue_export.public_weight), in downloads, map popups and the report sketch.
    """
    user = current_user(request, session)
    return user is not None and user.role in STAFF_ROLES


def file_response(
    res: FinderResult, fmt: str, table: str, exact: bool = False, lang: str = "da"
) -> Response:
    if fmt in ("csv-da", "xlsx"):  # the same rows as the CSV, for people (app/downloads.py)
        stem = f"venues_{res.result.model}_{table}"
        return table_response(table_frame(res, table, detail=exact), fmt, stem, lang)
    content, media, name = export(res, fmt, table, detail=exact)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=headers)


def _layers(
    session: Session, res: FinderResult, query: VenueQuery, exact: bool = False
) -> VenueMapLayers:
    area = None
    if query.area_code:
        shapes = area_shapes(session, query.area_kind)
        area = shapes[shapes["area_code"] == query.area_code.strip()]
    demand = demand_points(res)
    return VenueMapLayers(
        venues=venue_points(res, exact), demand=demand if exact else public_weights(demand),
        lines=assignment_lines(res, exact), catchments=catchments(res), area=area,
    )  # fmt: skip


def _query(request: Request) -> VenueQuery:
    """The GET question, or the same 422 problem+json as any other invalid request."""
    try:
        return query_from_params(request.query_params)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc


def _raw(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {k: params.getlist(k) if k in ("types", "weekdays") else params.get(k)
            for k in params if k not in NOT_QUERY}  # fmt: skip


def _lang(request: Request) -> str:
    return language(request, request.app.state.settings.default_language)
