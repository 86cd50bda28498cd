"""The walking network: pgRouting-shaped edges and vertices, one set per network layer.

Vertices are keyed by (layer, id) rather than id alone: OSM node ids are reused as vertex ids, and
two overlapping extracts loaded as separate layers must not collide. Routing always runs on one
layer at a time, so pgRouting only ever sees unique vertex ids.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from geodata.models import Base, geometry


class NetworkVertex(Base):
    """A junction or dead end of the walking network (OSM node id, or a number for files)."""

    __tablename__ = "network_vertices"
    layer_id: Mapped[int] = mapped_column(
        ForeignKey("layers.id", ondelete="RESTRICT"), primary_key=True
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    geom: Mapped[Any] = geometry("POINT")


class NetworkEdge(Base):
    """A walkable stretch between two vertices; costs are metres, as pgRouting expects them."""

    __tablename__ = "network_edges"
    __table_args__ = (
        CheckConstraint("cost_m > 0", name="cost_positive"),
        ForeignKeyConstraint(
            ["layer_id", "source"],
            ["network_vertices.layer_id", "network_vertices.id"],
            name="fk_network_edges_source_network_vertices",
        ),
        ForeignKeyConstraint(
            ["layer_id", "target"],
            ["network_vertices.layer_id", "network_vertices.id"],
            name="fk_network_edges_target_network_vertices",
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="RESTRICT"), index=True)
    source: Mapped[int] = mapped_column(BigInteger)
    target: Mapped[int] = mapped_column(BigInteger)
    cost_m: Mapped[float] = mapped_column(Float)
    reverse_cost_m: Mapped[float] = mapped_column(Float)
    osm_way_id: Mapped[int | None] = mapped_column(BigInteger)
    highway: Mapped[str | None] = mapped_column(String(40))
    geom: Mapped[Any] = geometry("LINESTRING")
