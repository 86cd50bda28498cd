"""Pages for registering activities: the projects list, the phone form, the session list.

The form is built to take a coordinator under 30 seconds on a phone: the offer they used last,
today's date and the offer's usual venue are already chosen (or the venue from the venue
finder's plan, ?venue=KEY), and "Copy" on a recent session fills in everything but the date.
A refused session comes back with each problem next to its field and the input kept; nothing is
stored. Writing needs a coordinator or admin and the form's CSRF token.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from activities import AGE_BANDS
from activities.codes import normalise_code, personal_in_note
from activities.errors import ActivityError
from app.auth import page
from app.deps import DB_SESSION
from app.i18n import language, translator
from app.params import INT32_MAX, NulFree, Offset, PathId
from app.routes.activities_access import (
    WRITE_ROLES,
    readable_project,
    require_reader,
    require_writer,
    staff_viewer,
)
from app.routes.activities_form import (
    FormValues,
    Group,
    located,
    parse,
    read_values,
    values_from_draft,
)
from app.security import csrf_protect
from app.validation import NO_NUL
from geodata import activities_manage as manage
from geodata.activities_sessions import SessionError
from geodata.models_assets import User
from geodata.queries import activities_manage as q
from geodata.queries.activities import ProjectRow

router = APIRouter(tags=["activities"])
RECENT = 8  # "your recent sessions" under the form
PAGE = 50
ProjectCode = Annotated[
    str, Path(min_length=1, max_length=40, pattern=NO_NUL, description="The project's code."),
    NulFree,
]  # fmt: skip
VenueKey = Annotated[
    str | None, Query(max_length=64, pattern=NO_NUL, description="Preselect this venue."), NulFree
]
OptId = Annotated[int | None, Query(ge=1, le=INT32_MAX)]
Limit = Annotated[int, Query(ge=1, le=manage.MAX_LIMIT)]


def _t(request: Request) -> Any:
    return translator(language(request, request.app.state.settings.default_language))


@router.get("/activities", response_class=HTMLResponse)
def projects_page(
    request: Request, venue: VenueKey = None, db: Session = DB_SESSION
) -> HTMLResponse:
    """Projects with links to register, sessions, progress, reach and reports; the public sees
    published projects only (and no session counts)."""
    viewer = staff_viewer(request, db)
    writer = viewer is not None and viewer.role in WRITE_ROLES
    venue_key = venue if venue and q.venue_name(db, venue) else None
    today = date.today()
    return page(
        request, "activities/index.html", viewer,
        projects=manage.list_projects(db, viewer is not None), staff=viewer is not None,
        writer=writer, venue=venue_key,
        venue_name=q.venue_name(db, venue_key) if venue_key else None, year=today.year,
        quarter=f"{today.year}-Q{(today.month - 1) // 3 + 1}",
    )  # fmt: skip


@router.get("/activities/{code}/register", response_class=HTMLResponse)
def register_form(
    request: Request,
    code: ProjectCode,
    venue: VenueKey = None,
    offer: OptId = None,
    copy: OptId = None,
    registered: OptId = None,
    db: Session = DB_SESSION,
    user: User = Depends(require_writer),
) -> HTMLResponse:
    """The phone form, filled in: a copied session (?copy=ID, dated today), or the offer used
    last (?offer=ID), today, and the venue from the plan (?venue=KEY) or the offer's usual one."""
    proj = readable_project(db, code, user)
    offers = q.offers(db, proj.id)
    errors: dict[str, list[str]] = {}
    if copy is not None:
        draft = manage.copy_draft(db, proj.code, copy, date.today())
        values = values_from_draft(draft, {o.name.lower(): o.id for o in offers})
    else:
        chosen = offer if offer in {o.id for o in offers} else None
        chosen = chosen or manage.default_offer(db, proj, user.id)
        values = FormValues(offer=str(chosen or ""), held_on=date.today().isoformat())
        values.venue = manage.default_venue(db, chosen) or ""
        if venue and q.venue_name(db, venue):
            values.venue = venue
        elif venue:
            errors["venue"] = [_t(request)("activities.data.no_venue", venue=venue)]
    return _form_page(request, db, proj, user, values, errors, registered=registered)


@router.post(
    "/activities/{code}/register",
    dependencies=[Depends(csrf_protect)],
    response_class=HTMLResponse,
)
async def register_post(
    request: Request,
    code: ProjectCode,
    db: Session = DB_SESSION,
    user: User = Depends(require_writer),
) -> Response:
    """Register the session; 303 back to an empty form with a notice, or the form again (422)
    with every problem next to its field and nothing stored."""
    proj = readable_project(db, code, user)
    values = read_values(await request.form())
    t = _t(request)
    offers = {str(o.id): o.name for o in q.offers(db, proj.id)}
    parsed = parse(values, offers, t)
    errors = parsed.errors
    if parsed.draft is not None:
        key = request.app.state.settings.resolved_activity_code_key()
        try:
            new_id = manage.register(db, proj.code, parsed.draft, key=key, today=date.today(),
                                     by=user.id)  # fmt: skip
        except SessionError as exc:
            errors = located(exc, t)
        else:
            return RedirectResponse(f"{_base(proj)}/register?registered={new_id}", status_code=303)
    values.codes = harmless_codes(values.codes)
    values.note = "" if personal_in_note(values.note) else values.note
    return _form_page(request, db, proj, user, values, errors, status=422)


def harmless_codes(typed: str) -> str:
    """The typed codes without those refused as possible personal data (a CPR or phone number,
    an e-mail address, a name): the form that comes back must not show them again, to the
    coordinator, a screen reader, the browser's form cache or a screenshot."""
    kept = []
    for line in typed.splitlines():
        try:
            normalise_code(line)
        except ActivityError:
            continue
        kept.append(line.strip())
    return "\n".join(kept)


def _base(proj: ProjectRow) -> str:
    return f"/activities/{quote(proj.code, safe='')}"


def _form_page(
    request: Request, db: Session, proj: ProjectRow, user: User, values: FormValues,
    errors: dict[str, list[str]], status: int = 200, registered: int | None = None,
) -> HTMLResponse:  # fmt: skip
    t = _t(request)
    recent = manage.session_page(db, proj.code, RECENT, 0, created_by=user.id).items
    notice = next((r for r in recent if r.id == registered), None) if registered else None
    return page(
        request, "activities/register.html", user, status, project=proj, base=_base(proj),
        values=values, errors=errors, offers=q.offers(db, proj.id),
        venues=_venue_options(db, proj, values.venue, t),
        homes=_home_options(db, proj, values, t),
        groups=values.shown_groups(), recent=recent, notice=notice, bands=AGE_BANDS,
    )  # fmt: skip


def _venue_options(
    db: Session, proj: ProjectRow, chosen: str, t: Any
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(key, name)]): a chosen venue the lists lack, the project's venues (used
    last first), then the kommune's other venues by name, so a phone's long list starts with
    the few places the project meets at."""
    rows = q.venues(db, proj.id, proj.kommune_code)
    used = [(v.venue_key, v.name) for v in rows if v.used is not None]
    other = [(v.venue_key, v.name) for v in rows if v.used is None]
    extra: list[tuple[str, str]] = []
    if chosen and chosen not in {v.venue_key for v in rows}:
        name = q.venue_name(db, chosen)
        if name:
            extra.append((chosen, name))
    return [("", extra), (t("activities.register.venues_used"), used),
            (t("activities.register.venues_other"), other)]  # fmt: skip


def _home_options(
    db: Session, proj: ProjectRow, values: FormValues, t: Any
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(value, label)]): unknown and another area first, then the estates,
    boligområder and other areas (postnumre, sogne) nearest the venue; a home a copied session
    used is always among them."""
    plain = [("unknown", t("activities.home.unknown")),
             ("other_area", t("activities.register.other_area_unnamed"))]  # fmt: skip
    near: dict[str, list[tuple[str, str]]] = {"estate": [], "boligomraade": [], "other_area": []}
    for p in q.places_near(db, proj.kommune_code, values.venue or None):
        near[p.home].append((f"{p.home}:{p.ref}", p.name))
    known = {value for value, _ in plain} | {v for opts in near.values() for v, _ in opts}
    extra = [(g.home, _home_label(g, t)) for g in values.groups if g.home not in known]
    return [
        ("", plain + list(dict(extra).items())),
        (t("activities.home.estate"), near["estate"]),
        (t("activities.home.boligomraade"), near["boligomraade"]),
        (t("activities.home.other_area"), near["other_area"]),
    ]


def _home_label(group: Group, t: Any) -> str:
    kind, _, place = group.home.partition(":")
    return f"{t(f'activities.home.{kind}')}: {place}" if place else t(f"activities.home.{kind}")


@router.get("/activities/{code}/sessions", response_class=HTMLResponse)
def sessions_page(
    request: Request,
    code: ProjectCode,
    offset: Offset = 0,
    limit: Limit = PAGE,
    done: Annotated[str | None, Query(max_length=20, pattern="^[a-z]*$")] = None,
    db: Session = DB_SESSION,
    user: User = Depends(require_reader),
) -> HTMLResponse:
    """Every session of the project, newest first, a page at a time; writers can copy or delete."""
    proj = readable_project(db, code, user)
    result = manage.session_page(db, proj.code, limit, offset)
    return page(
        request, "activities/sessions.html", user, project=proj, base=_base(proj), result=result,
        writer=user.role in WRITE_ROLES, deleted=done == "deleted",
    )  # fmt: skip


@router.post(
    "/activities/{code}/sessions/{session_id}/delete",
    dependencies=[Depends(csrf_protect)],
    response_class=HTMLResponse,
)
def delete_post(
    code: ProjectCode,
    session_id: PathId,
    db: Session = DB_SESSION,
    user: User = Depends(require_writer),
) -> Response:
    """Delete a session with its counts and codes, then back to the list."""
    proj = readable_project(db, code, user)
    manage.delete_session(db, proj.code, session_id, by=user.id)
    return RedirectResponse(f"{_base(proj)}/sessions?done=deleted", status_code=303)
