"""Mapping evenings (kortlægningsaftener): a time-limited code under which many residents on one
network may add assets.

A fælleshus evening puts twenty residents behind one Wi-Fi address, so the per-network hourly
limit would stop it after ten assets. A coordinator opens an event instead; submissions that
carry its code are counted against the event's own limits (an hourly cap and an optional total),
and only while the event is open.

The code is stored as it is (unique index), not as a hash: it is printed on posters and read
aloud, so it is no secret, and the coordinator's page must be able to show it again. What it
grants is small and bounded (a higher submission rate for at most `event_max_hours`, still
moderated), and a coordinator can close it at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from geodata.models import Base

# Unambiguous when read aloud or typed from a poster: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
EVENT_NAME_MAX = 120
EVENT_PLACE_MAX = 200


class MappingEvent(Base):
    """One mapping evening: when it runs, its code, its caps, and how many assets it brought."""

    __tablename__ = "mapping_events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="window"),
        CheckConstraint("max_submissions IS NULL OR max_submissions > 0", name="max_submissions"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(EVENT_NAME_MAX))
    place: Mapped[str] = mapped_column(String(EVENT_PLACE_MAX), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    max_submissions: Mapped[int | None] = mapped_column(Integer)
    # Accepted submissions, counted atomically with the cap check (erasures do not give back).
    submissions: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
