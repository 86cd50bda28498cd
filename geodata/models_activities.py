"""Activities held and participants reached (issue 11): projects, offers, sessions, counts.

A project (e.g. Aalborg SØ) promises participant numbers per year and offer kind; what it
records are sessions of its offers, each with anonymous counts by age band and by where the
participants live. Pseudonymous participant codes, when a coordinator uses them, are stored only
as keyed hashes (activities.codes.hash_code): unique participants can be counted, but a code
cannot be read back, nor linked across projects. Synthetic rows (demo data) say so.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from activities import AGE_BANDS, HOME_KINDS, KINDS
from geodata.models import Base, _in, geometry


def _fk(target: str, ondelete: str, nullable: bool = False) -> Mapped[Any]:
    return mapped_column(ForeignKey(target, ondelete=ondelete), index=True, nullable=nullable)


class ActivityProject(Base):
    """A project with a period and a kommune: its sessions must fall inside both.

    `area_id` is the project's own area (e.g. postnummer 9210 Aalborg SØ), inside the kommune:
    the reach map judges high need and low reach among the estates and boligområder in it.
    """

    __tablename__ = "activity_projects"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    kommune_code: Mapped[str] = mapped_column(String(8))
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    area_id: Mapped[int | None] = _fk("areas.id", "SET NULL", nullable=True)


class ActivityOffer(Base):
    """A tilbud of a project: a fællesskabsindsats or a sundhedsfremme/forebyggelse offer."""

    __tablename__ = "activity_offers"
    __table_args__ = (
        UniqueConstraint("project_id", "name", name="uq_activity_offers_project_name"),
        CheckConstraint(_in("kind", KINDS), name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = _fk("activity_projects.id", "CASCADE")
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str | None] = mapped_column(Text)
    target_group: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class ActivitySession(Base):
    """One session of an offer: when, where (a venue, or a point) and with how many staff.

    `geom` holds the venue's point too, so a session keeps its place if the venue is deleted.
    """

    __tablename__ = "activity_sessions"
    __table_args__ = (
        CheckConstraint("venue_id IS NOT NULL OR geom IS NOT NULL", name="venue_or_point"),
        CheckConstraint("staff_count IS NULL OR staff_count >= 0", name="staff_count"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = _fk("activity_offers.id", "CASCADE")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    venue_id: Mapped[int | None] = _fk("venues.id", "SET NULL", nullable=True)
    geom: Mapped[Any] = geometry("POINT", nullable=True)
    staff_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = _fk("users.id", "SET NULL", nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class ActivityAttendance(Base):
    """Participants of one session in one age band living in one kind of place (anonymous)."""

    __tablename__ = "activity_attendance"
    __table_args__ = (
        UniqueConstraint(
            "session_id",
            "age_band",
            "home_kind",
            "estate_id",
            "area_id",
            name="uq_activity_attendance_session_cell",
            postgresql_nulls_not_distinct=True,
        ),
        CheckConstraint(_in("age_band", AGE_BANDS), name="age_band"),
        CheckConstraint(_in("home_kind", HOME_KINDS), name="home_kind"),
        CheckConstraint("participants >= 0", name="participants"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _fk("activity_sessions.id", "CASCADE")
    age_band: Mapped[str] = mapped_column(String(8))
    home_kind: Mapped[str] = mapped_column(String(16))
    estate_id: Mapped[int | None] = _fk("estates.id", "SET NULL", nullable=True)
    area_id: Mapped[int | None] = _fk("areas.id", "SET NULL", nullable=True)
    participants: Mapped[int] = mapped_column(Integer)


class ActivityCode(Base):
    """A participant seen at a session, as the keyed hash of a pseudonymous code: never the code."""

    __tablename__ = "activity_codes"
    __table_args__ = (
        UniqueConstraint("session_id", "code_hash", name="uq_activity_codes_session_code"),
        CheckConstraint("code_hash ~ '^[0-9a-f]{64}$'", name="code_hash"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _fk("activity_sessions.id", "CASCADE")
    code_hash: Mapped[str] = mapped_column(String(64), index=True)


class ActivityTarget(Base):
    """Participants a project promises in a year for an offer kind (optionally in one area)."""

    __tablename__ = "activity_targets"
    __table_args__ = (
        UniqueConstraint(
            "project_id",
            "year",
            "kind",
            "area_id",
            name="uq_activity_targets_project_year_kind_area",
            postgresql_nulls_not_distinct=True,
        ),
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint("participants >= 0", name="participants"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = _fk("activity_projects.id", "CASCADE")
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int | None] = _fk("areas.id", "SET NULL", nullable=True)
    participants: Mapped[int] = mapped_column(Integer)
