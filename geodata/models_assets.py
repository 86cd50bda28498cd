"""The ABCD asset map: assets, their photos, reports and full history; users and the audit log.

Residents submit without an account, so the tables are shaped around privacy: a submitter is
reachable only through the hash of a private token and an optional e-mail they can erase, client
IP addresses are stored only as keyed hashes that are purged after a retention period, and every
change is an event with a JSON diff so coordinators can always explain how an asset got its state.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from geodata.models import Base, _in, geometry

# ABCD's six asset kinds, each with subcategories: code -> (Danish, English).
CATEGORIES: dict[str, dict[str, Any]] = {
    "skills": {"da": "Borgernes evner og gaver", "en": "Individuals' skills and gifts", "subs": {
        "crafts": ("Håndværk og reparation", "Crafts and repairs"),
        "cooking": ("Madlavning", "Cooking"),
        "languages": ("Sprog og oversættelse", "Languages and translation"),
        "music_art": ("Musik og kunst", "Music and art"),
        "care": ("Omsorg og hjælp", "Care and support"),
        "movement": ("Sport og bevægelse", "Sport and movement"),
    }},
    "associations": {"da": "Foreninger og grupper", "en": "Associations and groups", "subs": {
        "sports_club": ("Idrætsforening", "Sports club"),
        "residents": ("Beboerforening", "Residents' association"),
        "volunteers": ("Frivilliggruppe", "Volunteer group"),
        "faith": ("Trossamfund", "Faith community"),
        "patients": ("Patient- og pårørendenetværk", "Patient and carer network"),
        "hobby": ("Hobbyklub", "Hobby club"),
    }},
    "institutions": {"da": "Lokale institutioner", "en": "Local institutions", "subs": {
        "school": ("Skole", "School"),
        "library": ("Bibliotek", "Library"),
        "health": ("Sundhedstilbud", "Health service"),
        "daycare": ("Daginstitution", "Day care"),
        "church": ("Kirke og sognegård", "Church and parish hall"),
        "housing": ("Boligorganisation", "Housing association"),
    }},
    "spaces": {"da": "Fysiske steder", "en": "Physical spaces", "subs": {
        "park": ("Park og grønt område", "Park and green space"),
        "playground": ("Legeplads", "Playground"),
        "community_house": ("Fælleshus", "Community house"),
        "sports_ground": ("Idrætsanlæg", "Sports ground"),
        "garden": ("Fælleshave", "Community garden"),
        "meeting_room": ("Mødelokale", "Meeting room"),
    }},
    "economy": {"da": "Lokal økonomi", "en": "Local economy", "subs": {
        "shop": ("Butik", "Shop"),
        "cafe": ("Café og spisested", "Café and eatery"),
        "market": ("Marked", "Market"),
        "social_enterprise": ("Socialøkonomisk virksomhed", "Social enterprise"),
        "employer": ("Lokal arbejdsplads", "Local employer"),
        "reuse": ("Genbrug og bytte", "Reuse and swap"),
    }},
    "culture": {"da": "Kultur og historier", "en": "Culture and stories", "subs": {
        "story": ("Lokalhistorie", "Local story"),
        "event": ("Tilbagevendende begivenhed", "Recurring event"),
        "heritage": ("Kulturarv", "Heritage"),
        "public_art": ("Kunst i byrummet", "Public art"),
        "tradition": ("Tradition", "Tradition"),
        "stage": ("Musik og scene", "Music and stage"),
    }},
}  # fmt: skip
# Categories about a person: never shown at their exact location in public output.
PERSONAL_CATEGORIES = ("skills",)
STATUSES = ("pending", "approved", "rejected", "merged", "hidden", "archived")
PUBLIC_STATUS = "approved"
SOURCES = ("resident", "coordinator", "import")
ROLES = ("coordinator", "planner", "admin")
ACTORS = ("resident", "coordinator", "system", "import")

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
SCHEDULE_MAX = 300
CONTACT_MAX = 200
LINK_MAX = 500
EMAIL_MAX = 254
REASON_MAX = 500
MAX_PHOTOS = 3


def subcategory_label(category: str, sub: str | None, lang: str) -> str:
    """The subcategory's name in `lang` (Danish fallback); empty when none is set."""
    if not sub:
        return ""
    da, en = CATEGORIES[category]["subs"].get(sub, (sub, sub))
    return en if lang == "en" else da


def category_label(category: str, lang: str) -> str:
    entry = CATEGORIES.get(category)
    if entry is None:
        return category
    return str(entry["en" if lang == "en" else "da"])


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class User(Base):
    """A coordinator, planner or admin; residents never have accounts."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on logout and password change: every cookie carrying an older value stops working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = _now()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Asset(Base):
    """Something a neighbourhood already has: a skill, a group, a place, a story."""

    __tablename__ = "assets"
    __table_args__ = (
        CheckConstraint(_in("category", tuple(CATEGORIES)), name="category"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        CheckConstraint("GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON')", name="geom"),
        Index(
            "ix_assets_title_trgm",
            "title",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    subcategory: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str | None] = mapped_column(String(SCHEDULE_MAX))
    contact: Mapped[str | None] = mapped_column(String(CONTACT_MAX))
    link: Mapped[str | None] = mapped_column(String(LINK_MAX))
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))  # private: follow-up only
    status: Mapped[str] = mapped_column(String(12), index=True, default="pending")
    status_note: Mapped[str | None] = mapped_column(Text)  # rejection reason the submitter sees
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id", ondelete="SET NULL"))
    steward_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(12))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    endorsements: Mapped[int] = mapped_column(Integer, default=0)
    open_reports: Mapped[int] = mapped_column(Integer, default=0)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    client_hash: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    last_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The mapping evening it was submitted under (geodata/models_events.py, migration 0006).
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("mapping_events.id", ondelete="SET NULL"), index=True
    )
    geom: Mapped[Any] = geometry("GEOMETRY")


class AssetPhoto(Base):
    """A re-encoded photo on disk under a random name (never the uploader's file name)."""

    __tablename__ = "asset_photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    file_key: Mapped[str] = mapped_column(String(40), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = _now()


class AssetEvent(Base):
    """One change to an asset: who, when, what (a JSON diff {field: [old, new]}).

    `asset_id` is deliberately not a foreign key: the anonymised "erased" event and the history
    of merged assets must outlive the rows they describe.
    """

    __tablename__ = "asset_events"
    __table_args__ = (CheckConstraint(_in("actor", ACTORS), name="actor"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    asset_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))
    diff: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()


class AssetReport(Base):
    """A resident's report that something is wrong; enough open ones hide the asset."""

    __tablename__ = "asset_reports"
    # One open report per client and asset (migration 0005), so no one can hide an asset alone.
    __table_args__ = (
        Index(
            "uq_asset_reports_open_client",
            "asset_id",
            "client_hash",
            unique=True,
            postgresql_where=text("resolved_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(REASON_MAX))
    client_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Logins, failed logins, logouts and user administration (asset changes are AssetEvents)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    client_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()


class LoginFailure(Base):
    """One failed (or refused-while-pending) login: keyed hashes of the account and client only.

    Neither the typed password nor the address is stored; the rows drive the backoff and are
    deleted when the account logs in, or purged with the other client hashes.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_account", "account_hash", "created_at"),
        Index("ix_login_failures_client", "client_hash", "created_at"),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    account_hash: Mapped[str] = mapped_column(String(64))
    client_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()


class RateHit(Base):
    """One rate-limited action by one (hashed) client: the sliding windows count these rows."""

    __tablename__ = "rate_hits"
    __table_args__ = (Index("ix_rate_hits_lookup", "bucket", "client_hash", "created_at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(24))
    client_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()


# --- the one validated shape of an asset coming from outside (form, API, import file) ----------

# Denmark with a margin, in degrees: a click or typed coordinate outside is a mistake.
LON_RANGE = (7.5, 15.5)
LAT_RANGE = (54.4, 58.0)
EMAIL_PATTERN = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value: str | None) -> str | None:
    """Trim, refuse control characters, and treat empty text as absent."""
    if value is None:
        return None
    if CONTROL_CHARS.search(value):
        raise ValueError("contains control characters")
    value = value.strip()
    return value or None


class AssetIn(BaseModel):
    """Text fields of an asset; lengths and choices are checked before anything is stored."""

    model_config = ConfigDict(extra="forbid", str_max_length=DESCRIPTION_MAX)

    category: Literal["skills", "associations", "institutions", "spaces", "economy", "culture"]
    subcategory: Annotated[str | None, Field(max_length=40)] = None
    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
    description: Annotated[str, Field(max_length=DESCRIPTION_MAX)] = ""
    schedule: Annotated[str | None, Field(max_length=SCHEDULE_MAX)] = None
    contact: Annotated[str | None, Field(max_length=CONTACT_MAX)] = None
    link: Annotated[str | None, Field(max_length=LINK_MAX)] = None

    @field_validator("subcategory", "schedule", "contact", "link", mode="before")
    @classmethod
    def _optional_text(cls, value: Any) -> Any:
        return _clean(value) if isinstance(value, str) else value

    @field_validator("title", "description", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return (_clean(value) or "") if isinstance(value, str) else value

    @field_validator("link")
    @classmethod
    def _web_link(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be a web address starting with http:// or https://")
        return value

    @model_validator(mode="after")
    def _subcategory_of_category(self) -> AssetIn:
        subs = CATEGORIES[self.category]["subs"]
        if self.subcategory is not None and self.subcategory not in subs:
            raise ValueError(
                f"subcategory {self.subcategory!r} is not one of: {', '.join(subs)} "
                f"(category {self.category})"
            )
        return self


class Location(BaseModel):
    """A point picked on the map or typed in, in WGS84 degrees, inside Denmark."""

    lat: Annotated[float, Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])]
    lon: Annotated[float, Field(ge=LON_RANGE[0], le=LON_RANGE[1])]


def clean_email(value: str | None) -> str | None:
    """A follow-up address or None; raises ValueError with a message for the form."""
    value = _clean(value)
    if value is None:
        return None
    if len(value) > EMAIL_MAX or not EMAIL_PATTERN.match(value):
        raise ValueError("not a valid e-mail address")
    return value.lower()
