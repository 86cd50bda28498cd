"""Saved ranking profiles: planners keep their own variants of the built-in profiles.

The profile is stored as the YAML text the planner wrote (comments and key order survive a round
trip), not as parsed columns: the engine's validation is the single source of truth for what a
profile may contain, and it changes with the engine, not with the database schema. ``created_by``
is the e-mail of the account that first saved it, kept as text so the ranking branch of the
migrations does not depend on the accounts branch.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from geodata.models import Base

PROFILE_KEY_MAX = 60
PROFILE_KEY_PATTERN = "^[a-z0-9][a-z0-9_-]*$"


class RankingProfile(Base):
    """One saved profile, addressed by a URL-safe key such as ``boligsocial_2025``."""

    __tablename__ = "ranking_profiles"
    __table_args__ = (CheckConstraint(f"name ~ '{PROFILE_KEY_PATTERN}'", name="name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(PROFILE_KEY_MAX), unique=True)
    yaml: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
