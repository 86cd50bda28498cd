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


def _layered_places(table: str) -> tuple[str, str, str]:
    """The features of ``table`` inside area ``a`` (real and synthetic counts, their layers'
    names and credit lines); whether any is loaded; whether any loaded one is synthetic."""
    return (
        "SELECT count(*) FILTER (WHERE NOT l.synthetic) AS n_real, "  # noqa: S608 -- fixed name
        "count(*) FILTER (WHERE l.synthetic) AS n_synthetic, array_agg(DISTINCT l.name) AS layers, "
        "array_agg(DISTINCT l.credit) FILTER (WHERE l.credit IS NOT NULL) AS credits "
        f"FROM {table} t JOIN layers l ON l.id = t.layer_id WHERE ST_Intersects(a.geom, t.geom)",
        f"EXISTS (SELECT 1 FROM {table})",  # noqa: S608 -- fixed name
        "EXISTS (SELECT 1 FROM layers l WHERE l.synthetic AND EXISTS "  # noqa: S608 -- fixed name
        f"(SELECT 1 FROM {table} t WHERE t.layer_id = l.id))",
    )


# The app's derived capacity columns (features per 1,000 residents, as
# geodata.queries.indicators.capacity_table counts them) and the features each counts in an area;
# approved assets carry their own synthetic flag and no layer.
DERIVED_PLACES = {
    "venues_per_1000": _layered_places("venues"),
    "associations_per_1000": _layered_places("associations"),
    "assets_per_1000": (
        "SELECT count(*) FILTER (WHERE NOT t.synthetic) AS n_real, "
        "count(*) FILTER (WHERE t.synthetic) AS n_synthetic, NULL::text[] AS layers, "
        "NULL::text[] AS credits FROM assets t "
        "WHERE t.status = 'approved' AND ST_Intersects(a.geom, t.geom)",
        "EXISTS (SELECT 1 FROM assets t WHERE t.status = 'approved')",
        "EXISTS (SELECT 1 FROM assets t WHERE t.status = 'approved' AND t.synthetic)",
    ),
}
NO_PLACES = (
    "SELECT 0 AS n_real, 0 AS n_synthetic, NULL::text[] AS layers, NULL::text[] AS credits",
    "false",
    "false",
)
DERIVED_TABLES = tuple(DERIVED_PLACES)
# Where an area's resident count comes from: its own layer (residents given in the file) or the
# population grid (every population layer with cells; one synthetic layer, or none left, makes
# it synthetic: a count is never called real on a guess).
GRID_LAYERS = (
    "FROM layers g WHERE EXISTS (SELECT 1 FROM population_cells c WHERE c.layer_id = g.id)"
)
RESIDENTS_SQL = (
    "CASE WHEN a.residents_source = 'grid' THEN (SELECT coalesce(bool_or(g.synthetic), true) "
    f"{GRID_LAYERS}) ELSE al.synthetic END AS residents_synthetic, "
    f"CASE WHEN a.residents_source = 'grid' THEN (SELECT array_agg(g.name) {GRID_LAYERS}) "
    "ELSE ARRAY[al.name] END AS residents_layers, "
    f"CASE WHEN a.residents_source = 'grid' THEN (SELECT array_agg(g.credit) {GRID_LAYERS} "
    "AND g.credit IS NOT NULL) ELSE array_remove(ARRAY[al.credit], NULL) END AS residents_credits"
)
PLACE_PARTS = ("n_real", "n_synthetic", "layers", "credits")


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


def indicator_sources(
    session: Session, area_kind: str, period: str, indicators: list[str]
) -> pd.DataFrame:
    """Per indicator of ``indicators`` (a ranking's profile) with values for areas of
    ``area_kind`` in ``period``: how many values come from real and from synthetic layers, the
    status, and the layers' credit lines and names. Asking for the profile's codes lets the
    query use the indicator-code index instead of reading every stored value."""
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
            "AND v.indicator_code = ANY(:codes) GROUP BY v.indicator_code ORDER BY v.indicator_code"
        ),
        {"kind": area_kind, "period": period, "codes": list(indicators)},
    ).all()
    columns = ["indicator", "real_values", "synthetic_values", "credits", "layers"]
    frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    return _with_status(frame)


def derived_area_sources(session: Session, area_kind: str, code: str | None = None) -> pd.DataFrame:
    """Per area of ``area_kind`` (or the one ``code``), in one query: where its resident count
    comes from and, per derived column, the real and synthetic features counted in it
    (``<column>__n_real``, ``__n_synthetic``, ``__layers``, ``__credits``) and whether any such
    feature is loaded at all (``__loaded``) and any is synthetic (``__any_synthetic``). Areas
    without residents have no value and are left out."""
    has_assets = _has_assets(session)
    selects, joins = [], []
    for i, (column, parts) in enumerate(DERIVED_PLACES.items()):
        inside, loaded, any_synthetic = (
            parts if column != "assets_per_1000" or has_assets else NO_PLACES
        )
        joins.append(f"LEFT JOIN LATERAL ({inside}) p{i} ON true")
        selects += [f'p{i}.{part} AS "{column}__{part}"' for part in PLACE_PARTS]
        selects += [
            f'{loaded} AS "{column}__loaded"',
            f'{any_synthetic} AS "{column}__any_synthetic"',
        ]
    one = "AND a.code = :code " if code is not None else ""
    rows = session.execute(
        text(
            "SELECT a.code AS area_code, a.residents, "  # noqa: S608 -- fixed SQL fragments
            f"{RESIDENTS_SQL}, {', '.join(selects)} FROM areas a "
            f"JOIN layers al ON al.id = a.layer_id {' '.join(joins)} "
            f"WHERE a.kind = :kind {one}AND a.residents > 0 ORDER BY a.code"
        ),
        {"kind": area_kind, "code": code},
    )
    return pd.DataFrame(rows.all(), columns=list(rows.keys()))


def derived_value_sources(per_area: pd.DataFrame) -> pd.DataFrame:
    """area_code, indicator, synthetic for each derived value in ``per_area``
    (:func:`derived_area_sources`). A value counts places and divides by residents, so it is
    real only when the residents and every place counted in it are real; a zero count is as
    real as the places of that kind loaded (synthetic when any of them is). A column with no
    places loaded at all is left out: there is no source to judge."""
    parts = [pd.DataFrame(columns=["area_code", "indicator", "synthetic"])]
    for column in DERIVED_TABLES:
        if per_area.empty or not bool(per_area[f"{column}__loaded"].iloc[0]):
            continue
        real = per_area[f"{column}__n_real"].astype(int)
        synthetic = per_area[f"{column}__n_synthetic"].astype(int)
        none_counted = (real + synthetic) == 0
        flag = (
            per_area["residents_synthetic"].astype(bool)
            | (synthetic > 0)
            | (none_counted & per_area[f"{column}__any_synthetic"].astype(bool))
        )
        frame = {"area_code": per_area["area_code"], "indicator": column, "synthetic": flag}
        parts.append(pd.DataFrame(frame))
    return pd.concat(parts, ignore_index=True)


def derived_sources(per_area: pd.DataFrame) -> pd.DataFrame:
    """Per derived column: real and synthetic values (areas, by :func:`derived_value_sources`),
    the status, and the credit lines and layers of the places and of the resident counts."""
    values = derived_value_sources(per_area)
    out = []
    for column, part in values.groupby("indicator", sort=True):
        credits: set[str] = set()
        layers: set[str] = set()
        for prefix in (f"{column}__", "residents_"):
            credits.update(c for cell in per_area[f"{prefix}credits"] for c in (cell or []) if c)
            layers.update(n for cell in per_area[f"{prefix}layers"] for n in (cell or []) if n)
        flags = part["synthetic"].astype(bool)
        out.append((column, int((~flags).sum()), int(flags.sum()), sorted(credits), sorted(layers)))
    columns = ["indicator", "real_values", "synthetic_values", "credits", "layers"]
    return _with_status(pd.DataFrame(out, columns=columns))


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
    its inside point, else the one it overlaps; None when no loaded kommune touches it (never
    some other kommune's figures)."""
    row = session.execute(
        text(
            "SELECT k.code, k.name FROM areas t JOIN areas k ON k.kind = 'kommune' AND "
            "(k.id = t.id OR k.id = t.parent_id OR ST_Intersects(k.geom, t.geom)) "
            "WHERE t.kind = :kind AND t.code = :code "
            "ORDER BY (k.id = t.id) DESC, (k.id = t.parent_id) DESC, "
            "ST_Contains(k.geom, ST_PointOnSurface(t.geom)) DESC, k.code LIMIT 1"
        ),
        {"kind": area_kind, "code": code},
    ).first()
    return (str(row[0]), str(row[1])) if row else None


FIGURE_COLUMNS = [
    "indicator", "name_da", "name_en", "unit", "period", "value", "numerator", "denominator",
    "credit", "layer",
]  # fmt: skip


def real_area_figures(session: Session, area_kind: str, code: str) -> pd.DataFrame:
    """The real (non-synthetic) indicator values of one area, the newest period per indicator,
    with the indicator's names and unit and the layer's credit line. A value the source marks
    as missing or confidential (Statbank's ``..``) stays missing (NULL): an older period is not
    passed off as the newest figure."""
    rows = session.execute(
        text(
            "SELECT DISTINCT ON (v.indicator_code) v.indicator_code, d.name_da, d.name_en, "
            "d.unit, v.period, v.value, v.numerator, v.denominator, l.credit, l.name "
            "FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "JOIN layers l ON l.id = v.layer_id "
            "JOIN indicator_definitions d ON d.code = v.indicator_code "
            "WHERE a.kind = :kind AND a.code = :code AND NOT l.synthetic "
            "ORDER BY v.indicator_code, v.period DESC"
        ),
        {"kind": area_kind, "code": code},
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=FIGURE_COLUMNS)


def area_value_sources(
    session: Session, area_kind: str, period: str, indicators: list[str]
) -> pd.DataFrame:
    """area_code, indicator, synthetic for every value of ``indicators`` (a ranking's profile,
    not every loaded indicator) for areas of ``area_kind`` in ``period``."""
    rows = session.execute(
        text(
            "SELECT a.code, v.indicator_code, l.synthetic FROM indicator_values v "
            "JOIN areas a ON a.id = v.area_id JOIN layers l ON l.id = v.layer_id "
            "WHERE a.kind = :kind AND v.period = :period AND v.value IS NOT NULL "
            "AND v.indicator_code = ANY(:codes)"
        ),
        {"kind": area_kind, "period": period, "codes": list(indicators)},
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["area_code", "indicator", "synthetic"])
