"""Mapping evenings: create, find by code, claim a submission slot, close and reopen, list.

The rules of an event live here so the form, the API and the coordinator page agree: a code is
usable only between start and end and while not closed, an event lasts at most the configured
hours, and its optional total is checked and counted in one UPDATE, so two residents pressing
"send" at the same moment cannot both take the last slot.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models_events import (
    CODE_ALPHABET,
    CODE_LENGTH,
    EVENT_NAME_MAX,
    EVENT_PLACE_MAX,
    MappingEvent,
)
from geodata.queries.assets_auth import record_audit

CODE_TRIES = 8
_NOT_CODE = re.compile(r"[\s\-]")


class EventError(GeodataError):
    """A mapping-evening code that cannot be used now, or an event that cannot be created."""

    title = "Mapping event"


@dataclass(frozen=True)
class EventLimits:
    """The settings that bound an event (app.settings: event_max_hours, event_max_submissions)."""

    max_hours: int
    max_submissions: int


def normalise_code(raw: str | None) -> str | None:
    """The code as stored (upper case, no spaces or dashes), or None when nothing was given."""
    code = _NOT_CODE.sub("", raw or "").upper()
    return code or None


def new_code(session: Session) -> str:
    """A fresh random code not used by any event (30 bits; unused codes are retried)."""
    for _ in range(CODE_TRIES):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(MappingEvent.id).where(MappingEvent.code == code)) is None:
            return code
    raise EventError("could not find a free event code; try again", key="assets.event.err.code")


def create_event(
    session: Session,
    name: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    max_submissions: int | None,
    limits: EventLimits,
    user_id: int | None,
) -> MappingEvent:
    """Open a new event (after checking its window and caps) and write it to the audit log."""
    name, place = name.strip(), place.strip()
    if not name or len(name) > EVENT_NAME_MAX:
        raise EventError("the event needs a name", key="assets.event.err.name", max=EVENT_NAME_MAX)
    if len(place) > EVENT_PLACE_MAX:
        raise EventError("the place is too long", key="assets.event.err.place", max=EVENT_PLACE_MAX)
    _check_window(starts_at, ends_at, limits.max_hours)
    if max_submissions is not None and not 1 <= max_submissions <= limits.max_submissions:
        raise EventError(
            f"the maximum must be between 1 and {limits.max_submissions}",
            key="assets.event.err.max",
            max=limits.max_submissions,
        )
    event = MappingEvent(
        code=new_code(session), name=name, place=place, starts_at=starts_at, ends_at=ends_at,
        max_submissions=max_submissions, submissions=0, created_by=user_id,
    )  # fmt: skip
    session.add(event)
    session.flush()
    record_audit(session, "event_created", user_id, _detail(event))
    return event


def _check_window(starts_at: datetime, ends_at: datetime, max_hours: int) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise EventError("start and end need a time zone", key="assets.event.err.when")
    if ends_at <= starts_at:
        raise EventError("the event must end after it starts", key="assets.event.err.order")
    if ends_at - starts_at > timedelta(hours=max_hours):
        raise EventError(
            f"an event lasts at most {max_hours} hours",
            key="assets.event.err.long",
            hours=max_hours,
        )


def _detail(event: MappingEvent) -> dict[str, Any]:
    return {"event": event.id, "name": event.name, "code": event.code}


def get_event(session: Session, event_id: int, lock: bool = False) -> MappingEvent:
    stmt = select(MappingEvent).where(MappingEvent.id == event_id)
    event = session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if event is None:
        raise NotFoundError(f"no mapping event {event_id}", key="assets.event.err.missing")
    return event


def event_state(event: MappingEvent, now: datetime) -> str:
    """closed | scheduled | open | ended | full (a label for pages and the reason a code fails)."""
    if event.closed_at is not None:
        return "closed"
    if now < event.starts_at:
        return "scheduled"
    if now >= event.ends_at:
        return "ended"
    if event.max_submissions is not None and event.submissions >= event.max_submissions:
        return "full"
    return "open"


def usable_event(session: Session, raw_code: str | None) -> MappingEvent | None:
    """The open event with this code; None when no code was given; EventError otherwise."""
    code = normalise_code(raw_code)
    if code is None:
        return None
    event = None
    if len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET):
        event = session.scalars(select(MappingEvent).where(MappingEvent.code == code)).first()
    if event is None:
        raise EventError(f"unknown event code {code[:12]!r}", key="assets.event.err.unknown")
    state = event_state(event, now(session))
    if state != "open":
        raise EventError(f"event {event.code} is {state}", key=f"assets.event.err.{state}")
    return event


def claim_submission(session: Session, event: MappingEvent) -> None:
    """Count one submission, unless the event closed or filled up meanwhile (one UPDATE)."""
    claimed = session.execute(
        update(MappingEvent)
        .where(
            MappingEvent.id == event.id,
            MappingEvent.closed_at.is_(None),
            MappingEvent.starts_at <= func.now(),
            MappingEvent.ends_at > func.now(),
            (MappingEvent.max_submissions.is_(None))
            | (MappingEvent.submissions < MappingEvent.max_submissions),
        )
        .values(submissions=MappingEvent.submissions + 1)
        .returning(MappingEvent.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if claimed is None:
        raise EventError(f"event {event.code} is full or closed", key="assets.event.err.full")


def set_closed(session: Session, event_id: int, closed: bool, user_id: int | None) -> MappingEvent:
    """Close an event now, or reopen a closed one (its end time still applies)."""
    event = get_event(session, event_id, lock=True)
    if closed and event.closed_at is None:
        event.closed_at = now(session)
        record_audit(session, "event_closed", user_id, _detail(event))
    elif not closed and event.closed_at is not None:
        event.closed_at = None
        record_audit(session, "event_reopened", user_id, _detail(event))
    session.flush()
    return event


def list_events(session: Session, limit: int, offset: int) -> tuple[list[MappingEvent], int]:
    """One page of events, newest start first, and the total number of events."""
    stmt = (
        select(MappingEvent)
        .order_by(MappingEvent.starts_at.desc(), MappingEvent.id.desc())
        .limit(max(1, limit))
        .offset(max(0, offset))
    )
    total = session.scalar(select(func.count()).select_from(MappingEvent)) or 0
    return list(session.scalars(stmt)), int(total)


def event_counts(session: Session, event_id: int) -> dict[str, int]:
    """How many assets the event brought, per current status (aggregates only, no rows)."""
    rows = session.execute(
        text("SELECT status, count(*) AS n FROM assets WHERE event_id = :e GROUP BY status"),
        {"e": event_id},
    ).all()
    return {r.status: int(r.n) for r in rows}


def now(session: Session) -> datetime:
    """The database's clock: the one the code checks use, so pages and checks agree."""
    return session.execute(select(func.now())).scalar_one()  # type: ignore[no-any-return]
