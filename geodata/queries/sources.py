"""Where the figures come from: real or synthetic, per indicator, per value and per kommune.

Every indicator value points at the layer it was loaded from, and every layer says whether it
is synthetic. Once real Statistics Denmark figures are loaded next to the demo's synthetic ones,
a banner naming synthetic layers is not enough: a planner must see, indicator by indicator and
value by value, which numbers are real. These queries give the pages and the API that answer;
they count values with a number only (a value the source marks as missing is not a figure).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

STATUSES = ("real", "synthetic", "mixed")
SOURCE_COLUMNS = ["indicator", "real_values", "synthetic_values", "status", "credits", "layers"]
# The app's derived capacity columns and the fixed query counting the features each one counts
# inside areas of a kind: real and synthetic features, credit lines, layer names.
DERIVED_SQL = {
    "venues_per_1000": (
        "SELECT count(*) FILTER (WHERE NOT l.synthetic), count(*) FILTER (WHERE l.synthetic), "
        "coalesce(array_agg(DISTINCT l.credit) FILTER (WHERE l.credit IS NOT NULL), '{}'), "
        "coalesce(array_agg(DISTINCT l.name), '{}') FROM venues t "
        "JOIN layers l ON l.id = t.layer_id WHERE EXISTS (SELECT 1 FROM areas a "
        "WHERE a.kind = :kind AND ST_Intersects(a.geom, t.geom))"
    ),
    "associations_per_1000": (
        "SELECT count(*) FILTER (WHERE NOT l.synthetic), count(*) FILTER (WHERE l.synthetic), "
        "coalesce(array_agg(DISTINCT l.credit) FILTER (WHERE l.credit IS NOT NULL), '{}'), "
        "coalesce(array_agg(DISTINCT l.name), '{}') FROM associations t "
        "JOIN layers l ON l.id = t.layer_id WHERE EXISTS (SELECT 1 FROM areas a "
        "WHERE a.kind = :kind AND ST_Intersects(a.geom, t.geom))"
    ),
    "assets_per_1000": (
        "SELECT count(*) FILTER (WHERE NOT t.synthetic), count(*) FILTER (WHERE t.synthetic), "
        "'{}'::text[], '{}'::text[] FROM assets t WHERE t.status = 'approved' AND EXISTS "
        "(SELECT 1 FROM areas a WHERE a.kind = :kind AND ST_Intersects(a.geom, t.geom))"
    ),
}
DERIVED_TABLES = tuple(DERIVED_SQL)


def source_status(real: int, synthetic: int) -> str:
    """ "real" when every counted value is real, "synthetic" when none is, else "mixed"."""
    if real and synthetic:
        return "mixed"
    return "real" if real else "synthetic"


def _with_status(frame: pd.DataFrame) -> pd.DataFrame:
    frame["status"] = [
        source_status(int(r), int(s))
        for r, s in zip(frame["real_values"], frame["synthetic_values"], strict=True)
    ]
    return frame[SOURCE_COLUMNS]


def indicator_sources(session: Session, area_kind: str, period: str) -> pd.DataFrame:
    """Per indicator with values for areas of ``area_kind`` in ``period``: how many values come
    from real and from synthetic layers, the status, and the layers' credit lines and names."""
    rows = session.execute(
        text(
            "SELECT v.indicator_code, "
            "count(*) FILTER (WHERE NOT l.synthetic) AS real_values, "
            "count(*) FILTER (WHERE l.synthetic) AS synthetic_values, "
            "coalesce(array_agg(DISTINCT l.credit) FILTER (WHERE l.credit IS NOT NULL), "
            "'{}') AS credits, array_agg(DISTINCT l.name) AS layers "
            "FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "JOIN layers l ON l.id = v.layer_id "
            "WHERE a.kind = :kind AND v.period = :period AND v.value IS NOT NULL "
            "GROUP BY v.indicator_code ORDER BY v.indicator_code"
        ),
        {"kind": area_kind, "period": period},
    ).all()
    columns = ["indicator", "real_values", "synthetic_values", "credits", "layers"]
    frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    return _with_status(frame)


def derived_sources(session: Session, area_kind: str) -> pd.DataFrame:
    """The derived capacity columns, judged by the features they count inside areas of
    ``area_kind``: venues and associations by their layer, approved assets by their own flag.
    ``real_values``/``synthetic_values`` count features here, not indicator values."""
    out = []
    for column, sql in DERIVED_SQL.items():
        if column == "assets_per_1000" and not _has_assets(session):
            continue  # the ABCD feature is not installed
        real, synthetic, credits, layers = session.execute(text(sql), {"kind": area_kind}).one()
        out.append((column, int(real), int(synthetic), sorted(credits), sorted(layers)))
    columns = ["indicator", "real_values", "synthetic_values", "credits", "layers"]
    frame = pd.DataFrame(out, columns=columns)
    frame = frame[(frame["real_values"] + frame["synthetic_values"]) > 0].reset_index(drop=True)
    return _with_status(frame)


def _has_assets(session: Session) -> bool:
    return bool(session.execute(text("SELECT to_regclass('assets') IS NOT NULL")).scalar())


def value_sources(session: Session, area_kind: str, code: str, period: str) -> dict[str, bool]:
    """Indicator code -> True when this area's value in ``period`` is synthetic, False when it is
    real. Indicators without a value for the area are absent."""
    rows = session.execute(
        text(
            "SELECT v.indicator_code, l.synthetic FROM indicator_values v "
            "JOIN areas a ON a.id = v.area_id JOIN layers l ON l.id = v.layer_id "
            "WHERE a.kind = :kind AND a.code = :code AND v.period = :period "
            "AND v.value IS NOT NULL"
        ),
        {"kind": area_kind, "code": code, "period": period},
    ).all()
    return {str(r[0]): bool(r[1]) for r in rows}


def kommune_of(session: Session, area_kind: str, code: str) -> tuple[str, str] | None:
    """(code, name) of the kommune an area lies in: itself, its parent, the kommune containing
    its inside point; else the only kommune loaded; else None."""
    row = session.execute(
        text(
            "SELECT k.code, k.name FROM areas t JOIN areas k ON k.kind = 'kommune' AND "
            "(k.id = t.id OR k.id = t.parent_id OR ST_Contains(k.geom, ST_PointOnSurface(t.geom))) "
            "WHERE t.kind = :kind AND t.code = :code "
            "ORDER BY (k.id = t.id) DESC, (k.id = t.parent_id) DESC, k.code LIMIT 1"
        ),
        {"kind": area_kind, "code": code},
    ).first()
    if row is None:
        only = session.execute(
            text("SELECT code, name FROM areas WHERE kind = 'kommune' LIMIT 2")
        ).all()
        row = only[0] if len(only) == 1 else None
    return (str(row[0]), str(row[1])) if row else None


FIGURE_COLUMNS = [
    "indicator", "name_da", "name_en", "unit", "period", "value", "numerator", "denominator",
    "credit", "layer",
]  # fmt: skip


def real_area_figures(session: Session, area_kind: str, code: str) -> pd.DataFrame:
    """The real (non-synthetic) indicator values of one area, the newest period per indicator,
    with the indicator's names and unit and the layer's credit line."""
    rows = session.execute(
        text(
            "SELECT DISTINCT ON (v.indicator_code) v.indicator_code, d.name_da, d.name_en, "
            "d.unit, v.period, v.value, v.numerator, v.denominator, l.credit, l.name "
            "FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "JOIN layers l ON l.id = v.layer_id "
            "JOIN indicator_definitions d ON d.code = v.indicator_code "
            "WHERE a.kind = :kind AND a.code = :code AND NOT l.synthetic "
            "AND v.value IS NOT NULL ORDER BY v.indicator_code, v.period DESC"
        ),
        {"kind": area_kind, "code": code},
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=FIGURE_COLUMNS)


def area_value_sources(session: Session, area_kind: str, period: str) -> pd.DataFrame:
    """Every value of areas of ``area_kind`` in ``period``: area_code, indicator, synthetic."""
    rows = session.execute(
        text(
            "SELECT a.code, v.indicator_code, l.synthetic FROM indicator_values v "
            "JOIN areas a ON a.id = v.area_id JOIN layers l ON l.id = v.layer_id "
            "WHERE a.kind = :kind AND v.period = :period AND v.value IS NOT NULL"
        ),
        {"kind": area_kind, "period": period},
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["area_code", "indicator", "synthetic"])
