"""Loaders: any supported file into PostGIS, all-or-nothing, idempotent.

`load(session, kind, options)` is the one entry point. It runs inside the caller's transaction:
when it raises, the caller rolls back and the database is exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.loaders.addresses import load_addresses
from geodata.loaders.indicators import load_indicator_values
from geodata.loaders.population import load_population
from geodata.loaders.report import LoadOptions, LoadReport
from geodata.loaders.specs import KINDS as TABLE_KINDS
from geodata.loaders.specs import TABLE_SPECS
from geodata.loaders.statutory import load_statutory_lists
from geodata.loaders.vector import load_table

__all__ = ["KINDS", "LoadOptions", "LoadReport", "load"]

KINDS = (*TABLE_KINDS, "addresses", "statutory-lists")
Progress = Callable[[str, int | None], Callable[[], None]]


def load(
    session: Session, kind: str, opts: LoadOptions, progress: Progress | None = None
) -> LoadReport:
    """Load one file of `kind` into the database within the session's transaction."""
    if kind in TABLE_SPECS:
        return load_table(session, TABLE_SPECS[kind], opts, progress)
    if kind == "indicators":
        return load_indicator_values(session, opts, progress)
    if kind == "population":
        return load_population(session, opts, progress)
    if kind == "addresses":
        return load_addresses(session, opts, progress)
    if kind == "statutory-lists":
        return load_statutory_lists(session, opts, progress)
    raise GeodataError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
