"""Use cases around registered sessions: list them a page at a time, read one, delete one, copy
one as a new draft, publish a project. The pages, the API and the CLI call these, so a rule (a
session belongs to its project; a page is bounded) holds however the request arrives.

Registration itself is geodata.activities_sessions.register_session; :func:`register` adds the
audit entry every staff write gets (like logins, user changes and imports), so that the pages,
the API and the CLI record the same thing: the project code and session number, never codes,
notes or venues. `by` is the user's id, None for the command line ("system").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from geodata.activities_sessions import CountInput, SessionDraft, project, register_session
from geodata.errors import GeodataError, NotFoundError
from geodata.queries import activities_manage as q
from geodata.queries.activities import ProjectRow
from geodata.queries.assets_auth import record_audit

MAX_LIMIT = 1000


@dataclass(frozen=True)
class SessionPage:
    """One page of a project's sessions; `next_offset` is None on the last page."""

    items: list[Row[Any]]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        following = self.offset + self.limit
        return following if following < self.total else None


def list_projects(
    session: Session, staff: bool, limit: int | None = None, offset: int = 0
) -> list[Row[Any]]:
    """Every project for staff; only published ones for the public (or a page of them)."""
    return q.public_projects(session, not staff, limit, offset)


def session_page(
    session: Session, code: str, limit: int = 100, offset: int = 0, created_by: int | None = None
) -> SessionPage:
    """Sessions newest first; `created_by` narrows to one user's ("your recent sessions")."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise GeodataError(f"limit is 1-{MAX_LIMIT} and offset 0 or more",
                           key="activities.register.paging", limit=MAX_LIMIT)  # fmt: skip
    proj = project(session, code)
    items = q.sessions(session, proj.id, limit, offset, created_by)
    total = q.count_sessions(session, proj.id) if created_by is None else len(items)
    return SessionPage(items, total, limit, offset)


def session_detail(session: Session, code: str, session_id: int) -> tuple[Row[Any], list[Row[Any]]]:
    """A session of the project with its counts; NotFoundError when the project has no such one."""
    proj = project(session, code)
    row = q.one_session(session, proj.id, session_id)
    if row is None:
        raise _no_session(code, session_id)
    return row, q.cells(session, session_id)


def register(
    session: Session, code: str, draft: SessionDraft, *, key: bytes, today: date | None = None,
    by: int | None = None,
) -> int:  # fmt: skip
    """Register a session (all or nothing, see register_session) and audit it; its id."""
    new_id = register_session(session, code, draft, key=key, today=today, created_by=by)
    record_audit(session, "activity_registered", by, {"project": project(session, code).code,
                                                      "session": new_id})  # fmt: skip
    return new_id


def delete_session(session: Session, code: str, session_id: int, by: int | None = None) -> None:
    """Delete a session with its counts and codes; another project's session is not found."""
    proj = project(session, code)
    if not q.delete_session(session, proj.id, session_id):
        raise _no_session(code, session_id)
    record_audit(session, "activity_deleted", by, {"project": proj.code, "session": session_id})


def set_published(
    session: Session, code: str, published: bool, by: int | None = None
) -> ProjectRow:
    """Publish (the public then sees the project's suppressed totals) or withdraw a project."""
    proj = project(session, code)
    q.set_published(session, proj.id, published)
    kind = "activity_published" if published else "activity_unpublished"
    record_audit(session, kind, by, {"project": proj.code})
    return proj


def copy_draft(session: Session, code: str, session_id: int, today: date) -> SessionDraft:
    """The session as a new draft held today: same offer, venue, times, staff and counts.

    The note and participant codes are not copied: codes are stored only as hashes, and who came
    today must be written anew.
    """
    row, counts = session_detail(session, code, session_id)
    return SessionDraft(
        offer=row.offer, held_on=today, venue_key=row.venue, starts_at=row.starts_at,
        ends_at=row.ends_at, staff_count=row.staff_count,
        point=(row.lon, row.lat) if row.venue is None and row.lon is not None else None,
        counts=tuple(CountInput(c.age_band, c.home_kind, c.participants, c.place)
                     for c in counts),
    )  # fmt: skip


def default_offer(session: Session, proj: ProjectRow, user_id: int) -> int | None:
    """The offer the user registered last in this project, else the project's first offer."""
    last = q.last_offer_of(session, proj.id, user_id)
    if last is not None:
        return int(last)
    found = q.offers(session, proj.id)
    return int(found[0].id) if found else None


def default_venue(session: Session, offer_id: int | None) -> str | None:
    """Where the offer met last time: most sessions of an offer are in the same room."""
    return q.last_venue_of(session, offer_id) if offer_id is not None else None


def _no_session(code: str, session_id: int) -> NotFoundError:
    return NotFoundError(f"project {code} has no session {session_id}",
                         key="activities.register.no_session", id=session_id)  # fmt: skip
