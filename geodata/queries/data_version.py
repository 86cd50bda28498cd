"""A cheap fingerprint of the data behind ranking and venue answers, for the answer cache.

Every write to what an answer reads goes through a row here: a load (or removal) of a layer
inserts, updates (``loaded_at``, ``feature_count``) or deletes its ``layers`` row in the same
transaction; saving a ranking profile upserts its ``ranking_profiles`` row; every change of an
asset rewrites its ``assets`` row. PostgreSQL gives each new row version the writing
transaction's id (``xmin``), so the row count plus the sum of ``xmin`` over these small tables
changes with any insert, update or delete, without triggers or a schema change.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.sqlnames import quote_ident

ANSWER_TABLES = ("layers", "ranking_profiles")  # ranking and venue answers
MAP_TABLES = (*ANSWER_TABLES, "assets")  # maps also draw approved assets


def data_version(session: Session, tables: tuple[str, ...] = ANSWER_TABLES) -> str:
    """``count.sum(xmin)`` per table, joined; one round trip (every table is in a migration)."""
    parts = [
        f"(SELECT count(*) || '.' || coalesce(sum(xmin::text::bigint), 0) "  # noqa: S608 -- quoted name
        f"FROM {quote_ident(session, t)})"
        for t in tables
    ]
    row = session.execute(text("SELECT " + " || ':' || ".join(parts))).scalar_one()
    return str(row)
