"""Bulk upsert: COPY rows into a temporary stage, then one INSERT ... ON CONFLICT into the table.

COPY is an order of magnitude faster than row inserts, and the `IS DISTINCT FROM` guard means a row
that did not change is not touched at all, so loading the same file twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, LoadError, Problem
from geodata.loaders.specs import column_limits
from geodata.models import SRID
from geodata.sqlnames import quote_ident, quote_list


def execute_count(session: Session, sql: str, params: Any = None) -> int:
    """Run a data-changing statement and return how many rows it touched."""
    result = session.execute(text(sql), params or {})
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.inserted + self.updated + self.deleted


@dataclass(frozen=True)
class LayerMeta:
    """Provenance recorded for every load."""

    name: str
    kind: str
    source: str
    licence: str
    credit: str | None
    synthetic: bool


def ensure_layer(session: Session, meta: LayerMeta) -> tuple[int, bool]:
    """Return (layer id, created?) for the layer, refusing to mix kinds under one name.

    Every loader (vector, population, indicators, network) passes here, so a name that does
    not fit the column is refused here for all of them, as a located problem.
    """
    name_max = column_limits("layers", "name").max_length
    if name_max is not None and len(meta.name) > name_max:
        msg = f"layer name is {len(meta.name)} characters long; at most {name_max} fit"
        raise LoadError([Problem(meta.source, "", "layer", msg)])
    row = session.execute(
        text("SELECT id, kind FROM layers WHERE name = :name FOR UPDATE"), {"name": meta.name}
    ).one_or_none()
    if row is not None:
        if row.kind != meta.kind:
            raise GeodataError(
                f"layer '{meta.name}' already holds {row.kind}, not {meta.kind}; "
                "choose another --layer name"
            )
        return int(row.id), False
    new_id = session.execute(
        text(
            "INSERT INTO layers (name, kind, source, licence, credit, synthetic, feature_count) "
            "VALUES (:name, :kind, :source, :licence, :credit, :synthetic, 0) RETURNING id"
        ),
        meta.__dict__,
    ).scalar_one()
    return int(new_id), True


def finish_layer(session: Session, layer_id: int, meta: LayerMeta, table: str) -> None:
    """Record provenance and the layer's current size after a load that changed something."""
    session.execute(
        text(
            "UPDATE layers SET source = :source, licence = :licence, credit = :credit, "  # noqa: S608 -- quoted name
            "synthetic = :synthetic, loaded_at = now(), feature_count = (SELECT count(*) "
            f"FROM {quote_ident(session, table)} WHERE layer_id = :id) WHERE id = :id"
        ),
        {**meta.__dict__, "id": layer_id},
    )


def layer_meta_changed(session: Session, layer_id: int, meta: LayerMeta) -> bool:
    row = session.execute(
        text("SELECT source, licence, credit, synthetic FROM layers WHERE id = :id"),
        {"id": layer_id},
    ).one()
    return tuple(row) != (meta.source, meta.licence, meta.credit, meta.synthetic)


def to_copy_value(value: Any) -> Any:
    """Values as COPY text accepts them: JSON as text, geometries as EWKB hex."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkb(shapely.set_srid(value, SRID), hex=True, include_srid=True)
    return value


def upsert(
    session: Session,
    table: str,
    columns: Sequence[str],
    key: Sequence[str],
    rows: Iterable[Sequence[Any]],
    prune_layer: int | None = None,
    on_row: Callable[[], None] | None = None,
    keep_when_null: Sequence[str] = (),
) -> WriteCounts:
    """COPY `rows` into a stage and merge them into `table` on its natural `key`."""
    cols = quote_list(session, columns)
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS _stage")
        cur.execute(
            f"CREATE TEMP TABLE _stage ON COMMIT DROP AS SELECT {cols} "  # noqa: S608 -- quoted names
            f"FROM {quote_ident(session, table)} LIMIT 0"
        )
        with cur.copy(f"COPY _stage ({cols}) FROM STDIN") as copy:
            total = 0
            for row in rows:
                copy.write_row([to_copy_value(v) for v in row])
                total += 1
                if on_row:
                    on_row()
    counts = _merge(session, table, columns, key, total, keep_when_null)
    if prune_layer is not None:
        counts.deleted = _prune(session, table, key, prune_layer)
    return counts


def _merge(
    session: Session,
    table: str,
    columns: Sequence[str],
    key: Sequence[str],
    total: int,
    keep_when_null: Sequence[str],
) -> WriteCounts:
    """Insert new keys; update changed rows; a NULL in `keep_when_null` keeps the stored value."""
    q = {c: quote_ident(session, c) for c in columns}
    cols, target = quote_list(session, columns), quote_ident(session, table)
    rest = [c for c in columns if c not in key]

    def incoming_value(c: str) -> str:
        new = f"EXCLUDED.{q[c]}"
        return f"COALESCE({new}, {target}.{q[c]})" if c in keep_when_null else new

    assignments = ", ".join(f"{q[c]} = {incoming_value(c)}" for c in rest)
    current = ", ".join(f"{target}.{q[c]}" for c in rest)
    incoming = ", ".join(incoming_value(c) for c in rest)
    sql = (
        f"WITH up AS (INSERT INTO {target} ({cols}) SELECT {cols} FROM _stage "  # noqa: S608 -- quoted names
        f"ON CONFLICT ({quote_list(session, key)}) DO UPDATE SET {assignments} "
        f"WHERE ROW({current}) IS DISTINCT FROM ROW({incoming}) "
        f"RETURNING (xmax = 0) AS inserted) "
        f"SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up"
    )
    inserted, updated = session.execute(text(sql)).one()
    return WriteCounts(int(inserted), int(updated), total - int(inserted) - int(updated))


def _prune(session: Session, table: str, key: Sequence[str], layer_id: int) -> int:
    """Delete this layer's rows that the new file no longer has (only with --prune)."""
    match = " AND ".join(f"s.{q} = t.{q}" for q in (quote_ident(session, k) for k in key))
    return execute_count(
        session,
        f"DELETE FROM {quote_ident(session, table)} t WHERE t.layer_id = :lid "  # noqa: S608 -- quoted names
        f"AND NOT EXISTS (SELECT 1 FROM _stage s WHERE {match})",
        {"lid": layer_id},
    )
