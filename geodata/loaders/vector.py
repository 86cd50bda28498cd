"""Load a table layer (areas, estates, venues, associations, POIs, indicator definitions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.loaders.readers import Mapping, read_table
from geodata.loaders.report import LoadOptions, LoadReport
from geodata.loaders.specs import LayerSpec
from geodata.loaders.validate import validate
from geodata.loaders.writer import (
    ensure_layer,
    execute_count,
    finish_layer,
    layer_meta_changed,
    upsert,
)


def load_table(
    session: Session,
    spec: LayerSpec,
    opts: LoadOptions,
    progress: Callable[[str, int | None], Callable[[], None]] | None = None,
) -> LoadReport:
    """Read, validate and upsert one file; the caller's transaction makes it all-or-nothing."""
    mapping = Mapping.load(opts.mapping)
    table = read_table(
        opts.path, opts.layer, opts.crs or mapping.crs, geometry=spec.geometry is not None
    )
    overrides: dict[str, Any] = {"kind": opts.area_kind} if spec.kind == "areas" else {}
    validated = validate(table, spec, mapping, overrides)
    meta = opts.layer_meta(spec.kind, mapping)
    layer_id, created = ensure_layer(session, meta)
    rows = validated.rows.assign(layer_id=layer_id)
    parents = rows.pop("parent_code") if "parent_code" in rows else None
    if spec.kind == "areas":
        rows["residents_source"] = rows["residents"].map(lambda r: None if r is None else "file")
    columns = ["layer_id", *[c for c in rows.columns if c != "layer_id"]]
    tick = progress("writing", len(rows)) if progress else None
    counts = upsert(
        session,
        spec.table,
        columns,
        spec.key,
        rows[columns].itertuples(index=False, name=None),
        prune_layer=layer_id if opts.prune else None,
        on_row=tick,
        keep_when_null=("residents", "residents_source") if spec.kind == "areas" else (),
    )
    notes, linked = [n.message for n in table.notes], 0  # e.g. read as Windows-1252
    if spec.kind == "areas":
        linked = _link_parents(session, layer_id, parents, rows, opts.parent_kind)
        linked += refresh_area_residents(session, layer_id)
        notes += [f"{linked} parent links or resident totals set"] if linked else []
    if created or counts.changed or linked or layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, spec.table)
    return LoadReport(
        spec.kind, opts.path, meta.name, len(rows), counts, validated.repairs, notes=notes
    )


def _link_parents(
    session: Session,
    layer_id: int,
    parents: pd.Series | None,
    rows: pd.DataFrame,
    parent_kind: str,
) -> int:
    """Link each area to its parent: by parent_code when given, else the kommune containing it."""
    if parents is not None and parents.notna().any():
        given = parents.notna()
        return execute_count(
            session,
            "UPDATE areas a SET parent_id = p.id "
            "FROM unnest(CAST(:kinds AS text[]), CAST(:codes AS text[]), CAST(:parents AS text[])) "
            "AS x(kind, code, parent) JOIN areas p ON p.kind = :pkind AND p.code = x.parent "
            "WHERE a.kind = x.kind AND a.code = x.code AND a.parent_id IS DISTINCT FROM p.id",
            {
                "kinds": list(rows["kind"][given]),
                "codes": list(rows["code"][given]),
                "parents": list(parents[given]),
                "pkind": parent_kind,
            },
        )
    return execute_count(
        session,
        "UPDATE areas a SET parent_id = k.id FROM areas k "
        "WHERE a.layer_id = :lid AND a.kind <> 'kommune' AND k.kind = 'kommune' "
        "AND ST_Contains(k.geom, ST_PointOnSurface(a.geom)) "
        "AND a.parent_id IS DISTINCT FROM k.id",
        {"lid": layer_id},
    )


def refresh_area_residents(session: Session, layer_id: int | None = None) -> int:
    """Sum the population grid into areas that did not bring their own resident count.

    Cells are assigned by their centre point, so a cell is counted once per area kind.
    Returns the number of areas whose count changed.
    """
    has_grid = session.execute(text("SELECT EXISTS (SELECT 1 FROM population_cells)")).scalar()
    if not has_grid:
        return 0
    scope = "WHERE a2.layer_id = :lid" if layer_id is not None else ""
    return execute_count(
        session,
        "UPDATE areas a SET residents = s.total, residents_source = 'grid' FROM ("  # noqa: S608 -- fixed fragment (scope)
        "  SELECT a2.id, COALESCE(SUM(c.residents), 0)::int AS total FROM areas a2 "
        f"  LEFT JOIN population_cells c ON ST_Contains(a2.geom, c.geom) {scope} "
        "  GROUP BY a2.id) s "
        "WHERE a.id = s.id AND a.residents_source IS DISTINCT FROM 'file' "
        "AND a.residents IS DISTINCT FROM s.total",
        {"lid": layer_id},
    )
