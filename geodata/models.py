"""The stored layers: typed SQLAlchemy 2 models with PostGIS geometries in EPSG:25832.

Every feature row points at the layer it came from, and every layer says where it came from,
under which licence, when it was loaded and whether it is synthetic: planners must always be
able to tell demo data from real data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SRID = 25832
AREA_KINDS = (
    "kommune", "sogn", "postnummer", "skoledistrikt", "boligområde", "grid", "custom", "region",
    "land",
)  # fmt: skip
VENUE_TYPES = (
    "faelleshus", "beboerlokale", "aktivitetscenter", "bibliotek", "kirke_sognegaard", "skole",
    "idraetshal", "sundhedshus", "kulturhus", "fitness", "other",
)  # fmt: skip
ASSOCIATION_CATEGORIES = (
    "idraet", "kultur", "social", "aeldre", "boern_unge", "religion", "beboerforening", "other",
)  # fmt: skip
DIRECTIONS = ("higher_is_worse", "lower_is_worse")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def geometry(kind: str, nullable: bool = False) -> Mapped[Any]:
    """A geometry column in the storage CRS with a GiST index."""
    return mapped_column(Geometry(kind, srid=SRID, spatial_index=True), nullable=nullable)


def layer_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("layers.id", ondelete="RESTRICT"), index=True)


class Layer(Base):
    """A loaded layer: its provenance and licence."""

    __tablename__ = "layers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    feature_count: Mapped[int] = mapped_column(Integer, default=0)


class Area(Base):
    """A statistical or administrative area: kommune, sogn, postnummer, boligområde, grid cell."""

    __tablename__ = "areas"
    __table_args__ = (
        UniqueConstraint("kind", "code", name="kind_code"),
        CheckConstraint(_in("kind", AREA_KINDS), name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    residents: Mapped[int | None] = mapped_column(Integer)
    residents_source: Mapped[str | None] = mapped_column(String(10))  # file | grid
    geom: Mapped[Any] = geometry("MULTIPOLYGON")


class Estate(Base):
    """An almen boligafdeling (social-housing estate) with its statutory-list status by year."""

    __tablename__ = "estates"
    __table_args__ = (UniqueConstraint("boligorganisation", "afdeling_nr", name="org_afdeling"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    boligorganisation: Mapped[str] = mapped_column(Text)
    afdeling_nr: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    dwellings: Mapped[int | None] = mapped_column(Integer)
    residents: Mapped[int | None] = mapped_column(Integer)
    boligomraade_code: Mapped[str | None] = mapped_column(String(64))
    list_status: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    geom: Mapped[Any] = geometry("MULTIPOLYGON")


class Venue(Base):
    """A room or building where an offer can take place (fælleshus, bibliotek, idrætshal ...)."""

    __tablename__ = "venues"
    __table_args__ = (CheckConstraint(_in("type", VENUE_TYPES), name="type"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    venue_key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    step_free: Mapped[bool | None] = mapped_column(Boolean)
    kitchen: Mapped[bool | None] = mapped_column(Boolean)
    availability: Mapped[dict[str, list[str]] | None] = mapped_column(JSONB)
    bookable: Mapped[bool | None] = mapped_column(Boolean)
    owner: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    # Attributes that are synthetic on an otherwise real venue (e.g. ["capacity", "contact"]).
    synthetic_fields: Mapped[list[str] | None] = mapped_column(JSONB)
    geom: Mapped[Any] = geometry("POINT")


class Association(Base):
    """A forening: who meets, about what, and where."""

    __tablename__ = "associations"
    __table_args__ = (CheckConstraint(_in("category", ASSOCIATION_CATEGORIES), name="category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    association_key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    members: Mapped[int | None] = mapped_column(Integer)
    activities: Mapped[str | None] = mapped_column(Text)
    meeting_venue: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    geom: Mapped[Any] = geometry("POINT")


class Poi(Base):
    """Other points worth showing: public-transport stops, OSM parks, museums, hospitals."""

    __tablename__ = "pois"
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    poi_key: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    geom: Mapped[Any] = geometry("POINT")


class IndicatorDefinition(Base):
    """What an indicator means, which way is worse, and where it comes from."""

    __tablename__ = "indicator_definitions"
    __table_args__ = (CheckConstraint(_in("direction", DIRECTIONS), name="direction"),)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    name_da: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(20))
    domain: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)


class IndicatorValue(Base):
    """One indicator value for one area and period, with the counts behind it when known."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("area_id", "indicator_code", "period", name="area_indicator_period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)
    indicator_code: Mapped[str] = mapped_column(
        ForeignKey("indicator_definitions.code", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)


class PopulationCell(Base):
    """One populated cell of a population raster, stored as its centre point."""

    __tablename__ = "population_cells"
    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = layer_fk()
    cell_id: Mapped[str] = mapped_column(String(64), unique=True)
    cell_size: Mapped[float] = mapped_column(Float)
    residents: Mapped[int] = mapped_column(Integer)
    residents_65plus: Mapped[int | None] = mapped_column(Integer)
    geom: Mapped[Any] = geometry("POINT")
