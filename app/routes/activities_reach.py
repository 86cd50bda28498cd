"""The reach of a project (issue 11, items 3 and 4): the reach page and its map frame, the venue
feedback page, and both as JSON.

Staff only (planners, coordinators, admins: require_reader): the pages show areas and venues
below the project with exact counts, which the public never sees. The page, its frame, the API
and the printed report all call usecases.activities_reach, so they show the same figures.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import pandas as pd
import shapely
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.deps import DB_SESSION
from app.i18n import language, translator
from app.params import Page, PathText, ProfileKey, list_fields, paging
from app.routes import activities_reach_view as rv
from app.routes.activities_access import readable_project, require_reader
from app.routes.activities_progress import AsOf, Year, records
from app.web import render
from geodata.activities_area import ProjectArea, project_area
from geodata.activities_read import Period, choose_period
from geodata.models_assets import User
from geodata.queries.activities import ProjectRow
from geodata.queries.data_version import MAP_TABLES
from mapping.activities_map import ReachMapSpec, build_reach_map
from mapping.base import render as render_map
from usecases.activities_reach import (
    REACH_COLUMNS,
    reach_geoframe,
    reach_map_url,
    reach_table,
    venue_feedback,
)
from usecases.ranking_profiles import DEFAULT_PROFILE, resolve_profile

router = APIRouter(tags=["activities"])
Profile = Annotated[ProfileKey | None, Query(description="Ranking profile key (default: the "
                                              "ranking pages' default).")]  # fmt: skip
# A map frame is re-drawn when the data or the project's activity rows change.
REACH_TABLES = (*MAP_TABLES, "activity_projects", "activity_offers", "activity_sessions",
                "activity_attendance")  # fmt: skip


def _lang(request: Request) -> str:
    return language(request, request.app.state.settings.default_language)


def _period(
    db: Session, code: str, user: User, year: int | None, as_of: date | None
) -> tuple[ProjectRow, Period]:
    project = readable_project(db, code, user)
    return project, choose_period(project, year, as_of, date.today())


def _table(db: Session, project: ProjectRow, period: Period, profile: str | None) -> pd.DataFrame:
    key = profile or DEFAULT_PROFILE
    return reach_table(db, project, period.year, key, period.as_of, resolve=resolve_profile)


@router.get("/activities/{code}/reach", response_class=HTMLResponse, include_in_schema=False)
def reach_page(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None,
    profile: Profile = None, db: Session = DB_SESSION, user: User = Depends(require_reader),
) -> HTMLResponse:  # fmt: skip
    """The reach map frame and the table, high need with low reach first."""
    project, period = _period(db, code, user, year, as_of)
    table = _table(db, project, period, profile)
    lang = _lang(request)
    key = profile or DEFAULT_PROFILE
    area = project_area(db, project.area_id)
    context = rv.reach_context(db, table, project, period, key, translator(lang), lang, area)
    map_url = reach_map_url(project.code, period.year, profile, period.as_of)
    return render(request, "activities/reach.html", map_url=map_url, **context)


@router.get("/activities/{code}/reach/map", response_class=HTMLResponse, include_in_schema=False)
def reach_map(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None,
    profile: Profile = None, db: Session = DB_SESSION, user: User = Depends(require_reader),
) -> HTMLResponse:  # fmt: skip
    """The Folium frame: need and reach layers of the estates and boligområder of the
    project's area (or kommune), opened on the project's area when it has one."""
    project, period = _period(db, code, user, year, as_of)
    settings = request.app.state.settings
    lang = _lang(request)
    question = (project.code, project.area_id, period.year, period.as_of.isoformat(), profile,
                lang, settings.map_tiles)  # fmt: skip

    def draw() -> str:
        table = _table(db, project, period, profile)
        synthetic, credits = rv.provenance(db, table, project)
        area = project_area(db, project.area_id)
        outline = None if area is None else (area.label, shapely.from_wkb(area.outline))
        spec = ReachMapSpec(lang, settings.map_tiles, synthetic, credits, area=outline)
        return render_map(build_reach_map(reach_geoframe(table), spec), lang)

    return HTMLResponse(cached_answer(db, "activities_reach_map", question, draw, REACH_TABLES))


@router.get("/activities/{code}/venues", response_class=HTMLResponse, include_in_schema=False)
def venues_page(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None,
    db: Session = DB_SESSION, user: User = Depends(require_reader),
) -> HTMLResponse:  # fmt: skip
    """Observed attendance per venue beside the predicted catchment, and walking distances."""
    project, period = _period(db, code, user, year, as_of)
    venues, bands, method = venue_feedback(db, project, period.year, period.as_of)
    lang = _lang(request)
    context = rv.venues_context(venues, bands, method, project, period, translator(lang), lang)
    return render(request, "activities/venues.html", **context)


@router.get("/api/activities/projects/{code}/reach")
def reach_api(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None,
    profile: Profile = None, page: Page = paging(1000, 5000), db: Session = DB_SESSION,
    user: User = Depends(require_reader),
) -> JSONResponse:  # fmt: skip
    """Each estate and boligområde of the project's area (`area`; null: the whole kommune):
    residents, visits, per 1,000, need, flag. A computed answer: `rows` is paged within it
    (`limit`, `offset`, `total`, `next`)."""
    project, period = _period(db, code, user, year, as_of)
    table = _table(db, project, period, profile)
    columns = [*REACH_COLUMNS, "need_code", "need_name", "need_kind"]
    rows = records(table[columns].iloc[page.offset : page.offset + page.limit])
    body = _head(project, period) | {
        "area": _area_json(project_area(db, project.area_id)),
        "profile": profile or DEFAULT_PROFILE, "rule": rv.RULE, "rows": rows,
        **list_fields(request, page, len(rows), len(table)),
    }  # fmt: skip
    return JSONResponse(body, headers=page.headers())


@router.get("/api/activities/projects/{code}/venues")
def venues_api(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None,
    page: Page = paging(1000, 5000), db: Session = DB_SESSION,
    user: User = Depends(require_reader),
) -> JSONResponse:  # fmt: skip
    """Per venue: sessions, visits, unique, catchment residents; visits by distance band. A
    computed answer: `venues` is paged within it (`limit`, `offset`, `total`, `next`)."""
    project, period = _period(db, code, user, year, as_of)
    venues, bands, method = venue_feedback(db, project, period.year, period.as_of)
    rows = records(venues.iloc[page.offset : page.offset + page.limit])
    body = _head(project, period) | {
        "venues": rows, "bands": records(bands), "distance_method": method,
        **list_fields(request, page, len(rows), len(venues)),
    }  # fmt: skip
    return JSONResponse(body, headers=page.headers())


def _area_json(area: ProjectArea | None) -> dict[str, str] | None:
    if area is None:
        return None
    return {"kind": area.kind, "code": area.code, "name": area.name, "label": area.label}


def _head(project: ProjectRow, period: Period) -> dict[str, Any]:
    return {"project": project.code, "synthetic": project.synthetic, "year": period.year,
            "as_of": period.as_of.isoformat()}  # fmt: skip
