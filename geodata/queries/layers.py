"""Layer provenance queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from geodata.errors import NotFoundError
from geodata.loaders.writer import execute_count
from geodata.sqlnames import quote_ident

FEATURE_TABLES = {
    "areas": "areas", "estates": "estates", "venues": "venues", "associations": "associations",
    "pois": "pois", "indicator-definitions": "indicator_definitions",
    "indicators": "indicator_values", "population": "population_cells",
}  # fmt: skip


def list_layers(session: Session, limit: int | None = None, offset: int = 0) -> Sequence[Row]:
    """Layers by kind and name (id last, so pages of `limit` from `offset` never overlap)."""
    return session.execute(
        text(
            "SELECT id, name, kind, source, licence, credit, synthetic, loaded_at, feature_count "
            "FROM layers ORDER BY kind, name, id LIMIT :limit OFFSET :offset"
        ),
        {"limit": limit, "offset": offset},
    ).all()


def delete_layer(session: Session, name: str) -> int:
    """Remove a layer with its rows; returns how many rows went."""
    row = session.execute(
        text("SELECT id, kind FROM layers WHERE name = :n"), {"n": name}
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no layer named '{name}'")
    if row.kind == "network":  # a graph: edges and vertices go together
        from geodata.network import delete_network

        return delete_network(session, name)
    if row.kind not in FEATURE_TABLES:
        raise NotFoundError(f"layer '{name}' holds {row.kind}, which this command cannot delete")
    table = FEATURE_TABLES[row.kind]
    if table == "areas":  # indicator values hang off areas; delete them with their areas
        session.execute(
            text("DELETE FROM indicator_values WHERE area_id IN "
                 "(SELECT id FROM areas WHERE layer_id = :id)"), {"id": row.id}
        )  # fmt: skip
    target = quote_ident(session, table)
    removed = execute_count(session, f"DELETE FROM {target} WHERE layer_id = :id", {"id": row.id})  # noqa: S608 -- quoted name
    session.execute(text("DELETE FROM layers WHERE id = :id"), {"id": row.id})
    return removed
