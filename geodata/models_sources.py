"""Real sources kept as data: Statistics Denmark imports and the published statutory lists.

A figure from Statbank is only trustworthy when we can say which table, which request and which
revision of the table it came from, so every import leaves a `statbank_imports` row (append-only:
the history of what was fetched and when). The ministry's yearly lists of deprived housing areas
(ghettoområder 2010-2020, udsatte boligområder, parallelsamfund, forebyggelsesområder) are stored
as published, with the criteria values printed next to each area, so that a list can be checked
against the rule set of its year and shown on the area it names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from geodata.models import Base, _in, layer_fk

LIST_KINDS = (
    "ghettoomraade", "haardt_belastet", "udsat_boligomraade", "parallelsamfund",
    "omdannelsesomraade", "forebyggelsesomraade",
)  # fmt: skip
LINK_MATCHES = ("code", "name", "fuzzy")


class StatbankImport(Base):
    """One import from Statistics Denmark: the exact request, the table's revision, the layer."""

    __tablename__ = "statbank_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    table_id: Mapped[str] = mapped_column(String(32), index=True)
    indicator_code: Mapped[str] = mapped_column(String(64), index=True)
    # {"method", "url", "body"} for the API; {"file", "sha256"} for a saved file.
    request: Mapped[dict[str, Any]] = mapped_column(JSONB)
    selection: Mapped[dict[str, Any]] = mapped_column(JSONB)
    table_updated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    values_count: Mapped[int] = mapped_column(Integer)
    revision_accepted: Mapped[bool] = mapped_column(Boolean, default=False)


class StatutoryListEntry(Base):
    """One area on (or leaving) one published statutory list, with the criteria values printed."""

    __tablename__ = "statutory_list_entries"
    __table_args__ = (
        UniqueConstraint("list_kind", "list_year", "municipality", "area_name", name="list_area"),
        CheckConstraint(_in("list_kind", LIST_KINDS), name="list_kind"),
        CheckConstraint(_in("match", LINK_MATCHES), name="match"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    list_kind: Mapped[str] = mapped_column(String(40))
    list_year: Mapped[int] = mapped_column(Integer, index=True)
    area_name: Mapped[str] = mapped_column(Text)
    area_code: Mapped[str | None] = mapped_column(String(64))
    municipality: Mapped[str] = mapped_column(Text, default="")
    # The boligområde the entry was linked to, and how (by code, by name, by a near name).
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    match: Mapped[str | None] = mapped_column(String(12))
    on_list: Mapped[bool] = mapped_column(Boolean)
    new: Mapped[bool | None] = mapped_column(Boolean)
    # A leaving area printed with last year's figures: the values are not that year's.
    values_repeated: Mapped[bool] = mapped_column(Boolean, default=False)
    residents: Mapped[int | None] = mapped_column(Integer)
    outside_work_edu_pct: Mapped[float | None] = mapped_column(Float)
    non_western_pct: Mapped[float | None] = mapped_column(Float)
    convicted_pct: Mapped[float | None] = mapped_column(Float)
    convictions_ratio: Mapped[float | None] = mapped_column(Float)
    basic_school_only_pct: Mapped[float | None] = mapped_column(Float)
    income_pct_region: Mapped[float | None] = mapped_column(Float)
    source_row: Mapped[int | None] = mapped_column(Integer)
