"""The coordinator's mapping evenings: list (paged), create, show the code and link, close, reopen.

Every form posts with the CSRF token and every change is written to the audit log (in
geodata.queries.assets_events). The event page shows only aggregates (how many assets came in,
by status), never the assets themselves: those are in the moderation queue like all others.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.auth import page, require_role
from app.deps import DB_SESSION
from app.errors import translated
from app.format import LOCAL_ZONE
from app.params import PathId
from app.routes.assets_common import lang_of, settings_of
from app.security import csrf_protect
from geodata.models_assets import User
from geodata.models_events import EVENT_NAME_MAX, EVENT_PLACE_MAX, MappingEvent
from geodata.queries.assets_events import (
    EventError,
    EventLimits,
    create_event,
    event_counts,
    event_state,
    get_event,
    list_events,
    now,
    set_closed,
)

router = APIRouter(tags=["assets-admin"])
coordinator = require_role("coordinator", "admin")
LOCAL = ZoneInfo(LOCAL_ZONE)  # datetime-local fields are Danish wall-clock time
PAGE_SIZE = 20
DEFAULT_HOURS = 3
PageNo = Annotated[int, Query(ge=1, le=100_000)]


def _limits(request: Request) -> EventLimits:
    settings = settings_of(request)
    return EventLimits(settings.event_max_hours, settings.event_max_submissions)


def _field(value: datetime) -> str:
    """A datetime as the value of an <input type="datetime-local"> (Danish time)."""
    return value.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")


def _row(request: Request, event: MappingEvent, at: datetime) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return {
        "id": event.id, "code": event.code, "name": event.name, "place": event.place,
        "starts": event.starts_at, "ends": event.ends_at,
        "state": event_state(event, at), "submissions": event.submissions,
        "max_submissions": event.max_submissions, "closed": event.closed_at is not None,
        "link": f"{base}/assets/new?event={event.code}",
    }  # fmt: skip


def _list_page(
    request: Request,
    db: Session,
    user: User,
    page_no: int,
    values: dict[str, str] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    events, total = list_events(db, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    at = now(db)
    settings = settings_of(request)
    start = at.replace(second=0, microsecond=0)
    defaults = {"starts": _field(start), "ends": _field(start + timedelta(hours=DEFAULT_HOURS))}
    return page(
        request,
        "assets/events.html",
        user,
        422 if error else 200,
        events=[_row(request, e, at) for e in events],
        page_no=page_no,
        pages=max(1, -(-total // PAGE_SIZE)),
        form=values or defaults,
        error=error,
        per_hour=settings.event_submissions_per_hour,
        max_hours=settings.event_max_hours,
        max_total=settings.event_max_submissions,
        name_max=EVENT_NAME_MAX,
        place_max=EVENT_PLACE_MAX,
    )


@router.get("/assets/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    page: PageNo = 1,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """Mapping evenings, newest first (20 a page), and the form to open a new one."""
    return _list_page(request, db, user, page)


def _local(text: str) -> datetime:
    """A datetime-local field as an aware datetime; an unreadable one is an EventError."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise EventError(
            f"not a date and time: {text[:30]!r}", key="assets.event.err.when"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=LOCAL)


@router.post("/assets/events", dependencies=[Depends(csrf_protect)], response_class=HTMLResponse)
def events_create(
    request: Request,
    name: Annotated[str, Form(max_length=EVENT_NAME_MAX + 50)],
    starts: Annotated[str, Form(max_length=40)],
    ends: Annotated[str, Form(max_length=40)],
    place: Annotated[str, Form(max_length=EVENT_PLACE_MAX + 50)] = "",
    max_submissions: Annotated[str, Form(max_length=10)] = "",
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> Response:
    """Open a mapping evening; a refusal shows the form again with the reason and the values."""
    values = {"name": name, "place": place, "starts": starts, "ends": ends,
              "max_submissions": max_submissions}  # fmt: skip
    try:
        cap = int(max_submissions) if max_submissions.strip() else None
    except ValueError:
        cap = 0  # refused below with the allowed range
    try:
        event = create_event(
            db, name, place, _local(starts), _local(ends), cap, _limits(request), user.id
        )
    except EventError as exc:
        db.rollback()
        return _list_page(request, db, user, 1, values, translated(exc, lang_of(request)))
    return RedirectResponse(f"/assets/events/{event.id}?done=created", status_code=303)


@router.get("/assets/events/{event_id:int}", response_class=HTMLResponse)
def event_page(
    event_id: PathId,
    request: Request,
    db: Session = DB_SESSION,
    user: User = Depends(coordinator),
) -> HTMLResponse:
    """One evening: its code and link, state, and how many assets it brought (aggregates)."""
    event = get_event(db, event_id)
    done = request.query_params.get("done")
    return page(
        request,
        "assets/event.html",
        user,
        event=_row(request, event, now(db)),
        counts=event_counts(db, event_id),
        done=done if done in ("created", "closed", "reopened") else None,
    )


def _set(event_id: int, db: Session, user: User, closed: bool) -> RedirectResponse:
    set_closed(db, event_id, closed, user.id)
    done = "closed" if closed else "reopened"
    return RedirectResponse(f"/assets/events/{event_id}?done={done}", status_code=303)


@router.post("/assets/events/{event_id:int}/close", dependencies=[Depends(csrf_protect)])
def event_close(
    event_id: PathId, db: Session = DB_SESSION, user: User = Depends(coordinator)
) -> RedirectResponse:
    """Stop the code working at once (submissions with it are refused with the reason)."""
    return _set(event_id, db, user, closed=True)


@router.post("/assets/events/{event_id:int}/reopen", dependencies=[Depends(csrf_protect)])
def event_reopen(
    event_id: PathId, db: Session = DB_SESSION, user: User = Depends(coordinator)
) -> RedirectResponse:
    """Undo a close; the end time still applies."""
    return _set(event_id, db, user, closed=False)
