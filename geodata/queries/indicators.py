"""Indicator tables for the ranking engine: one row per area, one column per indicator.

The engine is pure pandas, so this is where the database shape (long values, areas, counts of
local assets) becomes the wide table it expects.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import NotFoundError

CAPACITY_COLUMNS = ("assets_per_1000", "associations_per_1000", "venues_per_1000")


def latest_period(session: Session, area_kind: str) -> str:
    period = session.execute(
        text(
            "SELECT max(v.period) FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "WHERE a.kind = :kind"
        ),
        {"kind": area_kind},
    ).scalar()
    if period is None:
        raise NotFoundError(f"no indicator values for areas of kind '{area_kind}'")
    return str(period)


def area_indicator_table(
    session: Session, area_kind: str = "sogn", period: str | None = None
) -> pd.DataFrame:
    """Wide table: area_code, area_name, residents, <indicator>, <indicator>__num/__den, capacity.

    Only indicators of the chosen period are used; areas without any value still appear (with
    missing values) so the engine's missing-value policy decides what happens to them.
    """
    period = period or latest_period(session, area_kind)
    areas = pd.DataFrame(
        session.execute(
            text(
                "SELECT code AS area_code, name AS area_name, residents FROM areas "
                "WHERE kind = :kind ORDER BY code"
            ),
            {"kind": area_kind},
        ).all(),
        columns=["area_code", "area_name", "residents"],
    )
    if areas.empty:
        raise NotFoundError(f"no areas of kind '{area_kind}' are loaded")
    values = pd.DataFrame(
        session.execute(
            text(
                "SELECT a.code AS area_code, v.indicator_code, v.value, v.numerator, v.denominator "
                "FROM indicator_values v JOIN areas a ON a.id = v.area_id "
                "WHERE a.kind = :kind AND v.period = :period"
            ),
            {"kind": area_kind, "period": period},
        ).all(),
        columns=["area_code", "indicator_code", "value", "numerator", "denominator"],
    )
    wide = _pivot(values)
    table = areas.merge(wide, on="area_code", how="left")
    table = table.merge(capacity_table(session, area_kind), on="area_code", how="left")
    table.attrs["period"] = period
    table.attrs["area_kind"] = area_kind
    return table


def _pivot(values: pd.DataFrame) -> pd.DataFrame:
    if values.empty:
        return pd.DataFrame({"area_code": pd.Series(dtype=str)})
    parts = [values.pivot(index="area_code", columns="indicator_code", values="value")]
    for column, suffix in (("numerator", "__num"), ("denominator", "__den")):
        part = values.dropna(subset=[column])
        if not part.empty:
            piv = part.pivot(index="area_code", columns="indicator_code", values=column)
            parts.append(piv.add_suffix(suffix))
    wide = pd.concat(parts, axis=1)
    wide.columns.name = None
    return wide.reset_index()


def capacity_table(session: Session, area_kind: str) -> pd.DataFrame:
    """Approved assets, associations and venues per 1,000 residents in each area (ABCD view)."""
    has_assets = session.execute(text("SELECT to_regclass('assets') IS NOT NULL")).scalar()
    assets = (
        "(SELECT count(*) FROM assets s WHERE s.status = 'approved' "
        "AND ST_Intersects(a.geom, s.geom))"
        if has_assets
        else "0"
    )
    rows = session.execute(
        text(
            "SELECT a.code AS area_code, a.residents, "  # noqa: S608 -- fixed SQL fragment
            f"{assets} AS assets, "
            "(SELECT count(*) FROM associations s WHERE ST_Intersects(a.geom, s.geom)) AS assoc, "
            "(SELECT count(*) FROM venues s WHERE ST_Intersects(a.geom, s.geom)) AS venues "
            "FROM areas a WHERE a.kind = :kind"
        ),
        {"kind": area_kind},
    ).all()
    frame = pd.DataFrame(rows, columns=["area_code", "residents", "assets", "assoc", "venues"])
    per = 1000.0 / frame["residents"].where(frame["residents"] > 0)
    return pd.DataFrame(
        {
            "area_code": frame["area_code"],
            "assets_per_1000": frame["assets"] * per,
            "associations_per_1000": frame["assoc"] * per,
            "venues_per_1000": frame["venues"] * per,
        }
    )


def area_shapes(session: Session, area_kind: str, simplify_m: float = 15.0) -> gpd.GeoDataFrame:
    """Area outlines in EPSG:4326 for choropleths (lightly simplified for the browser)."""
    sql = text(
        "SELECT a.code AS area_code, a.name AS area_name, a.residents, l.synthetic, l.credit, "
        "ST_Transform(ST_SimplifyPreserveTopology(a.geom, :tol), 4326) AS geometry "
        "FROM areas a JOIN layers l ON l.id = a.layer_id WHERE a.kind = :kind ORDER BY a.code"
    )
    return gpd.read_postgis(
        sql, session.connection(), geom_col="geometry",
        params={"kind": area_kind, "tol": simplify_m}, crs=4326,
    )  # fmt: skip


def indicator_definitions(session: Session) -> pd.DataFrame:
    rows = session.execute(
        text(
            "SELECT d.code, d.name_da, d.name_en, d.unit, d.direction, d.domain, d.source, "
            "d.licence, l.synthetic FROM indicator_definitions d "
            "JOIN layers l ON l.id = d.layer_id ORDER BY d.domain, d.code"
        )
    ).all()
    cols = ["code", "name_da", "name_en", "unit", "direction", "domain", "source", "licence",
            "synthetic"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)
