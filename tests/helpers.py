"""Test helpers: load through the public entry point and fingerprint the whole database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from geodata.db import session_scope
from geodata.loaders import LoadOptions, LoadReport, load

LOADERS = Path(__file__).parent / "data" / "loaders"
TABLES = (
    "layers", "areas", "estates", "venues", "associations", "pois",
    "indicator_definitions", "indicator_values", "population_cells",
)  # fmt: skip


def load_file(url: str, kind: str, name: str, **options: object) -> LoadReport:
    """Load tests/data/loaders/<name> in its own transaction, like the CLI does."""
    with session_scope(url) as session:
        return load(session, kind, LoadOptions(path=LOADERS / name, **options))  # type: ignore[arg-type]


def fingerprint(url: str, tables: tuple[str, ...] = TABLES) -> dict[str, str]:
    """An md5 of every row of every table: equal fingerprints mean nothing changed at all."""
    out = {}
    with session_scope(url) as session:
        for table in tables:
            exists = session.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar()
            if exists is None:
                continue
            out[table] = session.execute(
                text(f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                     f"ORDER BY t::text)), '') FROM {table} t")
            ).scalar_one()  # fmt: skip
    return out


def load_base_areas(url: str) -> None:
    """Kommune and three sogne: the areas most loader tests hang their data on."""
    load_file(url, "areas", "kommune.geojson", area_kind="kommune", layer="test_kommune")
    load_file(url, "areas", "sogne.geojson", area_kind="sogn", layer="test_sogne")
