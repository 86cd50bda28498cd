"""Addresses from the Danish address register (DAR, in DAWA's CSV form) for place search.

An address is only a labelled point, so the table stays small per row: the DAR id, the parts a
person types (street, house number, floor, door, postcode, town) and a `search` column holding the
folded label (`kk_fold`, migration 0007). The fold is done by the database so the loader, the
index and the query can never disagree about what "aalborg", "Ålborg" or "Tønder" become.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from geodata.models import Base, geometry, layer_fk


class Address(Base):
    """One address (adresse or adgangsadresse) with its position in EPSG:25832."""

    __tablename__ = "addresses"
    __table_args__ = (
        Index(
            "ix_addresses_search_trgm",
            "search",
            postgresql_using="gin",
            postgresql_ops={"search": "gin_trgm_ops"},
        ),
        Index("ix_addresses_search_prefix", "search"),  # C collation: LIKE 'x%' and ORDER BY
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # the DAR/DAWA id
    layer_id: Mapped[int] = layer_fk()
    vejnavn: Mapped[str] = mapped_column(Text)
    husnr: Mapped[str] = mapped_column(String(16))
    etage: Mapped[str | None] = mapped_column(String(8))
    doer: Mapped[str | None] = mapped_column(String(8))
    postnr: Mapped[str] = mapped_column(String(4))
    postnrnavn: Mapped[str] = mapped_column(Text)
    search: Mapped[str | None] = mapped_column(Text(collation="C"))
    geom: Mapped[Any] = geometry("POINT")
