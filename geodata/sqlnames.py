"""Table and column names in SQL text, quoted by the dialect: safe by mechanism.

Values are always bound parameters, but a name cannot be bound. Wherever a name is put into SQL
text it goes through :func:`quote_ident`, which uses SQLAlchemy's identifier preparer for the
connection's dialect (as geopandas' ``io/sql.py`` and tipg's ``_quote_ident`` do), so a name
with quotes, spaces, semicolons or Danish letters is one identifier, never more SQL. Names are
always quoted, not only when the preparer thinks it necessary, so the rule has no exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import Session

POSTGRES = postgresql.dialect()

Bindable = Session | Connection | Engine | Dialect | None


def dialect_of(where: Bindable) -> Dialect:
    """The dialect behind a session, connection or engine; PostgreSQL when there is none."""
    if isinstance(where, Dialect):
        return where
    if isinstance(where, Session):
        bind = where.get_bind()
        return bind.dialect
    if isinstance(where, Connection | Engine):
        return where.dialect
    return POSTGRES


def quote_ident(where: Bindable, name: str) -> str:
    """``name`` as one quoted identifier of the dialect (``a"b`` -> ``"a""b"``).

    A dotted ``schema.table`` is not split: pass the parts separately (:func:`qualified`).
    """
    if not isinstance(name, str) or not name or "\x00" in name:
        raise ValueError(f"not a usable SQL name: {name!r}")
    return dialect_of(where).identifier_preparer.quote_identifier(name)


def qualified(where: Bindable, *parts: str) -> str:
    """``schema.table`` or ``alias.column`` with every part quoted."""
    return ".".join(quote_ident(where, part) for part in parts)


def quote_list(where: Bindable, names: Iterable[str], prefix: str | None = None) -> str:
    """A comma-separated list of quoted names, each optionally qualified by ``prefix``."""
    return ", ".join(
        qualified(where, prefix, n) if prefix else quote_ident(where, n) for n in names
    )
