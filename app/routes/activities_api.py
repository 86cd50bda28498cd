"""The activities API: projects, sessions (register, list a page at a time, read, delete) and
publishing. JSON in and out; a refused session is 422 problem+json whose `errors` name each
field (e.g. `counts.18-29.estate`), exactly the problems the form shows.

Writing needs a coordinator or admin; calls authenticated by the session cookie send the CSRF
token in the X-CSRF-Token header (app.security.csrf_protect). Reading sessions needs a planner,
coordinator or admin; the project list is public but shows the public only published projects.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Row
from sqlalchemy.orm import Session

from activities import AGE_BANDS, HOME_KINDS
from activities.validation import MAX_NOTE, MAX_STAFF, MAX_TOTAL
from app.deps import DB_SESSION
from app.params import Page, PathId, list_fields, paging
from app.routes.activities_access import (
    readable_project,
    require_reader,
    require_writer,
    staff_viewer,
)
from app.routes.activities_register import ProjectCode
from app.security import csrf_protect
from app.validation import NO_NUL
from geodata import activities_manage as manage
from geodata.activities_sessions import CountInput, SessionDraft
from geodata.models_assets import LAT_RANGE, LON_RANGE, User

router = APIRouter(prefix="/api/activities", tags=["activities"])
MAX_COUNT_ROWS = 100
MAX_CODES = 500
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
AgeBand = Literal[AGE_BANDS]  # type: ignore[valid-type]
HomeKind = Literal[HOME_KINDS]  # type: ignore[valid-type]


class CountIn(BaseModel):
    """Participants of one age band living in one kind of place (optionally a named place:
    an estate's name or "boligorganisation afdeling_nr", an area's code or name)."""

    model_config = ConfigDict(extra="forbid")
    age_band: AgeBand
    home_kind: HomeKind
    participants: Annotated[int, Field(ge=0, le=MAX_TOTAL)]
    place: Annotated[str | None, Field(max_length=200, pattern=NO_NUL)] = None


class PointIn(BaseModel):
    """A place that is not a venue, in WGS84 degrees; it must lie in the project's kommune."""

    model_config = ConfigDict(extra="forbid")
    lon: Annotated[float, Field(ge=LON_RANGE[0], le=LON_RANGE[1])]
    lat: Annotated[float, Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])]


class SessionIn(BaseModel):
    """A session as registered: an offer by name, the date, a venue key or a point, the counts,
    optionally times, staff, a note (no names) and pseudonymous participant codes."""

    model_config = ConfigDict(extra="forbid")
    offer: Text
    held_on: date
    starts_at: time | None = None
    ends_at: time | None = None
    venue: Annotated[str | None, Field(max_length=64, pattern=NO_NUL)] = None
    point: PointIn | None = None
    staff_count: Annotated[int | None, Field(ge=0, le=MAX_STAFF)] = None
    counts: Annotated[list[CountIn], Field(max_length=MAX_COUNT_ROWS)]
    codes: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]],
        Field(max_length=MAX_CODES),
    ] = []  # fmt: skip
    note: Annotated[str | None, Field(max_length=MAX_NOTE, pattern=NO_NUL)] = None

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _local_clock(cls, value: time | None) -> time | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError("a local time of day without a time zone, e.g. 16:30")
        return value

    def draft(self) -> SessionDraft:
        return SessionDraft(
            offer=self.offer, held_on=self.held_on, starts_at=self.starts_at,
            ends_at=self.ends_at, venue_key=self.venue,
            point=(self.point.lon, self.point.lat) if self.point else None,
            staff_count=self.staff_count, note=self.note, codes=tuple(self.codes),
            counts=tuple(CountInput(c.age_band, c.home_kind, c.participants, c.place)
                         for c in self.counts),
        )  # fmt: skip


class ProjectOut(BaseModel):
    code: str
    name: str
    starts_on: date
    ends_on: date
    kommune_code: str
    published: bool
    synthetic: bool
    sessions: int | None = Field(None, description="Staff only.")


class ProjectsOut(BaseModel):
    items: list[ProjectOut]
    limit: int
    offset: int
    next: str | None = Field(description="The next page's URL; null on the last page.")
    prev: str | None = Field(None, description="The previous page's URL; null on the first.")


class PointOut(BaseModel):
    lon: float
    lat: float


class CountOut(BaseModel):
    age_band: str
    home_kind: str
    participants: int
    place: str | None
    place_name: str | None


class SessionOut(BaseModel):
    id: int
    offer: str
    kind: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    venue: str | None
    venue_name: str | None
    point: PointOut | None
    staff_count: int | None
    note: str | None
    participants: int = Field(description="Visits: the sum of the counts.")
    codes: int = Field(description="Participant codes given (stored only as keyed hashes).")
    synthetic: bool
    counts: list[CountOut] | None = Field(None, description="In single-session answers.")


class SessionsOut(BaseModel):
    items: list[SessionOut]
    total: int
    limit: int
    offset: int
    next: str | None = Field(description="The next page's URL; null on the last page.")
    prev: str | None = Field(None, description="The previous page's URL; null on the first.")


class PublishedOut(BaseModel):
    code: str
    published: bool


def _session_out(row: Row[Any], counts: list[Row[Any]] | None = None) -> SessionOut:
    at_point = row.venue is None and row.lon is not None
    point = PointOut(lon=row.lon, lat=row.lat) if at_point else None
    return SessionOut(
        id=row.id, offer=row.offer, kind=row.kind, held_on=row.held_on, starts_at=row.starts_at,
        ends_at=row.ends_at, venue=row.venue, venue_name=row.venue_name, point=point,
        staff_count=row.staff_count, note=row.note, participants=int(row.participants),
        codes=int(row.codes), synthetic=row.synthetic,
        counts=None if counts is None else [CountOut(**c._mapping) for c in counts],
    )  # fmt: skip


@router.get("/projects")
def projects(
    request: Request, page: Page = paging(100, 1000), db: Session = DB_SESSION
) -> ProjectsOut:
    """Activity projects by code: every project for staff, only published ones for the public;
    a page at a time (`next` links the following)."""
    staff = staff_viewer(request, db) is not None
    rows, more = page.cut(manage.list_projects(db, staff, page.probe, page.offset))
    items = [ProjectOut(**{**r._mapping, "sessions": r.sessions if staff else None})
             for r in rows]  # fmt: skip
    return ProjectsOut(items=items, **list_fields(request, page, len(rows), more=more))


@router.post("/projects/{code}/sessions", status_code=201, dependencies=[Depends(csrf_protect)])
def add_session(
    request: Request,
    code: ProjectCode,
    body: SessionIn,
    db: Session = DB_SESSION,
    user: User = Depends(require_writer),
) -> JSONResponse:
    """Register a session with its counts; 422 with every problem located, nothing stored."""
    proj = readable_project(db, code, user)
    key = request.app.state.settings.resolved_activity_code_key()
    new_id = manage.register(db, proj.code, body.draft(), key=key, today=date.today(),
                             by=user.id)  # fmt: skip
    out = _session_out(*manage.session_detail(db, proj.code, new_id))
    location = f"/api/activities/projects/{quote(proj.code, safe='')}/sessions/{new_id}"
    return JSONResponse(out.model_dump(mode="json"), 201, headers={"Location": location})


@router.get("/projects/{code}/sessions")
def list_sessions(
    request: Request,
    code: ProjectCode,
    page: Page = paging(100, manage.MAX_LIMIT),
    db: Session = DB_SESSION,
    user: User = Depends(require_reader),
) -> SessionsOut:
    """The project's sessions, newest first, a page at a time (`next` links the following)."""
    proj = readable_project(db, code, user)
    result = manage.session_page(db, proj.code, page.limit, page.offset)
    fields = list_fields(request, page, len(result.items), result.total)
    return SessionsOut(items=[_session_out(r) for r in result.items], **fields)


@router.get("/projects/{code}/sessions/{session_id}")
def get_session(
    code: ProjectCode,
    session_id: PathId,
    db: Session = DB_SESSION,
    user: User = Depends(require_reader),
) -> SessionOut:
    """One session with its counts (places by the reference the registration accepts)."""
    proj = readable_project(db, code, user)
    return _session_out(*manage.session_detail(db, proj.code, session_id))


@router.delete(
    "/projects/{code}/sessions/{session_id}", status_code=204,
    dependencies=[Depends(csrf_protect)],
)  # fmt: skip
def delete_session(
    code: ProjectCode,
    session_id: PathId,
    db: Session = DB_SESSION,
    user: User = Depends(require_writer),
) -> None:
    """Delete a session with its counts and codes."""
    proj = readable_project(db, code, user)
    manage.delete_session(db, proj.code, session_id, by=user.id)


@router.post("/projects/{code}/publish", dependencies=[Depends(csrf_protect)])
def publish(
    code: ProjectCode, db: Session = DB_SESSION, user: User = Depends(require_writer)
) -> PublishedOut:
    """Publish the project: the public then sees its totals, small numbers suppressed."""
    proj = manage.set_published(db, readable_project(db, code, user).code, True, by=user.id)
    return PublishedOut(code=proj.code, published=True)


@router.post("/projects/{code}/unpublish", dependencies=[Depends(csrf_protect)])
def unpublish(
    code: ProjectCode, db: Session = DB_SESSION, user: User = Depends(require_writer)
) -> PublishedOut:
    """Withdraw the project from the public (it answers 404 to them again)."""
    proj = manage.set_published(db, readable_project(db, code, user).code, False, by=user.id)
    return PublishedOut(code=proj.code, published=False)
