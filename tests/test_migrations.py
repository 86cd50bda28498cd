"""Migrations create everything, go down and up again, and match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, pool, text

from geodata.all_models import metadata
from geodata.migrate import downgrade, include_object, upgrade


def _engine(url: str):  # type: ignore[no-untyped-def]
    return create_engine(url, poolclass=pool.NullPool)


def test_models_and_migrations_do_not_drift(db_url: str) -> None:
    with _engine(db_url).connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        diff = compare_metadata(context, metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_every_geometry_has_a_spatial_index_in_25832(db_url: str) -> None:
    with _engine(db_url).connect() as conn:
        columns = conn.execute(
            text("SELECT f_table_name, srid FROM geometry_columns WHERE f_table_schema = 'public'")
        ).all()
        indexed = {
            row.tablename
            for row in conn.execute(
                text("SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist%'")
            )
        }
    assert columns, "no geometry columns found"
    for table, srid in columns:
        assert srid == 25832, table
        assert table in indexed, f"{table} has no GiST index"


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    downgrade(db_url, "base")
    with _engine(db_url).connect() as conn:
        tables = set(inspect(conn).get_table_names()) - {"spatial_ref_sys", "alembic_version"}
    assert tables == set()
    upgrade(db_url)
    with _engine(db_url).connect() as conn:
        assert "areas" in inspect(conn).get_table_names()
