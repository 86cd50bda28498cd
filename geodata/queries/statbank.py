"""The SQL of the Statbank import: loaded areas, stored values, definitions and provenance.

Kept here (geodata/queries is the only place with SQL) so the importer reads as a use case and
the provenance listing behind `/api/statbank/imports` is one query next to the insert that feeds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

STATBANK_KINDS = ("land", "region", "kommune", "sogn")


@dataclass(frozen=True)
class LoadedArea:
    id: int
    kind: str
    code: str
    name: str


def loaded_areas(session: Session, kinds: tuple[str, ...] = STATBANK_KINDS) -> list[LoadedArea]:
    """Every loaded area of the kinds Statbank publishes figures for."""
    rows = session.execute(
        text("SELECT id, kind, code, name FROM areas WHERE kind = ANY(:kinds) ORDER BY kind, code"),
        {"kinds": list(kinds)},
    ).all()
    return [LoadedArea(int(r.id), r.kind, r.code, r.name) for r in rows]


def definition_exists(session: Session, code: str) -> bool:
    return bool(
        session.execute(
            text("SELECT 1 FROM indicator_definitions WHERE code = :code"), {"code": code}
        ).first()
    )


def insert_definition(session: Session, layer_id: int, **fields: str) -> None:
    """A new indicator definition (code, name_da, name_en, unit, direction, domain, source,
    licence) owned by the import's layer."""
    session.execute(
        text(
            "INSERT INTO indicator_definitions (code, layer_id, name_da, name_en, unit, direction, "
            "domain, source, licence) VALUES (:code, :layer_id, :name_da, :name_en, :unit, "
            ":direction, :domain, :source, :licence)"
        ),
        {"layer_id": layer_id, **fields},
    )


def stored_values(
    session: Session, indicator: str, area_ids: list[int], periods: list[str]
) -> dict[tuple[int, str], tuple[float | None, float | None, float | None]]:
    """(area id, period) -> (value, numerator, denominator) already stored for the indicator."""
    rows = session.execute(
        text(
            "SELECT area_id, period, value, numerator, denominator FROM indicator_values "
            "WHERE indicator_code = :code AND area_id = ANY(:ids) AND period = ANY(:periods)"
        ),
        {"code": indicator, "ids": area_ids, "periods": periods},
    ).all()
    return {(int(r.area_id), r.period): (r.value, r.numerator, r.denominator) for r in rows}


def layer_id(session: Session, name: str) -> int | None:
    return session.execute(
        text("SELECT id FROM layers WHERE name = :name"), {"name": name}
    ).scalar_one_or_none()


def layer_periods(session: Session, name: str) -> list[str]:
    """The periods the named layer holds values for (none when it does not exist yet)."""
    rows = session.execute(
        text(
            "SELECT DISTINCT v.period FROM indicator_values v JOIN layers l ON l.id = v.layer_id "
            "WHERE l.name = :name"
        ),
        {"name": name},
    ).scalars()
    return list(rows)


def last_table_updated(session: Session, table: str, indicator: str) -> datetime | None:
    """The table's `updated` time at this indicator's latest import (None: never, or a file)."""
    return session.execute(
        text(
            "SELECT table_updated FROM statbank_imports WHERE table_id = :t "
            "AND indicator_code = :i ORDER BY imported_at DESC, id DESC LIMIT 1"
        ),
        {"t": table, "i": indicator},
    ).scalar_one_or_none()


def record_import(session: Session, **row: Any) -> int:
    """Append one provenance row (layer_id, table_id, indicator_code, request, selection,
    table_updated, fetched_at, values_count, revision_accepted)."""
    params = {**row, "request": json.dumps(row["request"], ensure_ascii=False),
              "selection": json.dumps(row["selection"], ensure_ascii=False)}  # fmt: skip
    return int(
        session.execute(
            text(
                "INSERT INTO statbank_imports (layer_id, table_id, indicator_code, request, "
                "selection, table_updated, fetched_at, values_count, revision_accepted) VALUES "
                "(:layer_id, :table_id, :indicator_code, CAST(:request AS jsonb), "
                "CAST(:selection AS jsonb), :table_updated, :fetched_at, :values_count, "
                ":revision_accepted) RETURNING id"
            ),
            params,
        ).scalar_one()
    )


def list_imports(session: Session, limit: int, offset: int) -> list[dict[str, Any]]:
    """Imports newest first, with the layer they wrote and its credit line."""
    rows = session.execute(
        text(
            "SELECT s.id, s.table_id, s.indicator_code, l.name AS layer, l.credit, "
            "s.table_updated, s.imported_at, s.fetched_at, s.values_count, s.revision_accepted, "
            "s.request, s.selection FROM statbank_imports s JOIN layers l ON l.id = s.layer_id "
            "ORDER BY s.imported_at DESC, s.id DESC LIMIT :limit OFFSET :offset"
        ),
        {"limit": limit, "offset": offset},
    ).all()
    return [dict(r._mapping) for r in rows]
