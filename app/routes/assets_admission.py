"""Which limit a new submission counts against: the network's, or a mapping evening's.

Without an event code a submission takes a slot in the client's hourly window
(`rate_submissions_per_hour`). With the code of an open event it takes a slot in the event's own
hourly window (`event_submissions_per_hour`) and in the event's optional total instead, so a
fælleshus full of residents on one Wi-Fi is not stopped after ten assets. A code that cannot be
used (unknown, not started, ended, closed, full) refuses the submission with the reason, and the
attempt still counts against the network, so codes cannot be guessed faster than assets can be
sent. That is why the form link (GET /assets/new?event=CODE) only fills the code in and never
looks it up: a free lookup would tell a guesser which codes exist. Body cap, CSRF and validation
run before this, for every submission; photos are counted after it, against the window of the
limit the submission was admitted under (assets_photos).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from app.errors import translated
from app.routes.assets_common import lang_of, t_of
from app.security import rate_wait, wait_minutes
from geodata.models_events import MappingEvent
from geodata.queries.assets_events import EventError, claim_submission, usable_event


@dataclass
class Refusal(Exception):
    """A submission that is not taken: status, the reason in the user's language, the field it
    concerns (the event code) or none, and for 429 the seconds until a slot frees."""

    status: int
    message: str
    field: str | None = None
    retry_after: int | None = None

    def as_http(self) -> HTTPException:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after else None
        return HTTPException(self.status, self.message, headers=headers)


def _network_slot(request: Request) -> None:
    wait = rate_wait(request, "submit", "rate_submissions_per_hour")
    if wait is not None:
        message = t_of(request)("assets.err.rate", minutes=wait_minutes(wait))
        raise Refusal(429, message, retry_after=wait)


def admit(request: Request, db: Session, raw_code: str | None) -> MappingEvent | None:
    """Take the submission's slot; returns the event it counts under, or raises Refusal."""
    try:
        event = usable_event(db, raw_code)
    except EventError as exc:
        _network_slot(request)
        raise Refusal(422, translated(exc, lang_of(request)), field="event") from None
    if event is None:
        _network_slot(request)
        return None
    wait = rate_wait(request, "event", "event_submissions_per_hour", key=f"event:{event.id}")
    if wait is not None:
        message = t_of(request)("assets.event.err.rate", minutes=wait_minutes(wait))
        raise Refusal(429, message, retry_after=wait)
    try:
        claim_submission(db, event)
    except EventError as exc:
        raise Refusal(422, translated(exc, lang_of(request)), field="event") from None
    return event
