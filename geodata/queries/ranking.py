"""Queries behind the planner's ranking pages: saved profiles, map overlays, what is in an area.

The indicator table itself comes from :mod:`geodata.queries.indicators`; this module adds what
the ranking pages need around it. The ``assets`` table belongs to the ABCD feature, which may
not be installed, so every use of it is guarded by ``to_regclass``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import geopandas as gpd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.models import AREA_KINDS
from geodata.queries.features import feature_frame
from geodata.sqlnames import quote_ident

OVERLAY_KINDS = ("estates", "venues", "associations")


@dataclass(frozen=True)
class SavedProfile:
    """A planner's stored profile: its key, the YAML text as written, and who/when."""

    name: str
    yaml: str
    created_by: str | None
    created_at: datetime
    updated_at: datetime


_PROFILE_COLUMNS = "name, yaml, created_by, created_at, updated_at"


def saved_profiles(session: Session) -> list[SavedProfile]:
    rows = session.execute(
        text(f"SELECT {_PROFILE_COLUMNS} FROM ranking_profiles ORDER BY name")  # noqa: S608 -- fixed column list
    ).all()
    return [SavedProfile(*row) for row in rows]


def saved_profile(session: Session, name: str) -> SavedProfile | None:
    row = session.execute(
        text(f"SELECT {_PROFILE_COLUMNS} FROM ranking_profiles WHERE name = :name"),  # noqa: S608 -- fixed column list
        {"name": name},
    ).first()
    return SavedProfile(*row) if row else None


def save_profile(
    session: Session, name: str, yaml_text: str, user: str | None
) -> tuple[SavedProfile, bool]:
    """Insert or replace a profile; returns it and whether it was new.

    ``created_by``/``created_at`` keep the first author; ``updated_at`` moves on every save.
    """
    row = session.execute(
        text(
            "INSERT INTO ranking_profiles (name, yaml, created_by) VALUES (:name, :yaml, :user) "  # noqa: S608 -- fixed column list
            "ON CONFLICT (name) DO UPDATE SET yaml = EXCLUDED.yaml, updated_at = now() "
            f"RETURNING {_PROFILE_COLUMNS}, (xmax = 0) AS created"
        ),
        {"name": name, "yaml": yaml_text, "user": user},
    ).one()
    return SavedProfile(*row[:5]), bool(row[5])


def delete_profile(session: Session, name: str) -> bool:
    result = session.execute(
        text("DELETE FROM ranking_profiles WHERE name = :name RETURNING id"), {"name": name}
    )
    return result.first() is not None


def has_assets(session: Session) -> bool:
    """True when the ABCD assets table exists in this database."""
    return bool(session.execute(text("SELECT to_regclass('assets') IS NOT NULL")).scalar())


def asset_points(
    session: Session, generalise_m: float, area: tuple[str, str] | None = None
) -> gpd.GeoDataFrame | None:
    """Approved assets with personal ones generalised (the ABCD feature's public read), or None
    when the assets feature is not installed."""
    if not has_assets(session):
        return None
    from geodata.queries.assets_public import AssetFilter, asset_frame

    where = AssetFilter(area=f"{area[0]}:{area[1]}" if area else None)
    return asset_frame(session, where, generalise_m)


def overlay_frames(session: Session, generalise_m: float) -> dict[str, gpd.GeoDataFrame]:
    """Estates, venues, associations (and approved assets) in EPSG:4326 for the planner map."""
    frames = {kind: feature_frame(session, kind) for kind in OVERLAY_KINDS}
    assets = asset_points(session, generalise_m)
    if assets is not None:
        frames["assets"] = assets
    return frames


# Per overlay: what is listed on the area page. Estates count when their inside point is in the
# area, so an estate on a boundary is counted once.
_CONTENTS = {
    "estates": (
        "t.name, t.boligorganisation AS detail, t.residents",
        "ST_Intersects(a.geom, ST_PointOnSurface(t.geom))",
    ),
    "venues": (
        "t.name, t.type AS detail, t.capacity AS residents",
        "ST_Intersects(a.geom, t.geom)",
    ),
    "associations": (
        "t.name, t.category AS detail, t.members AS residents",
        "ST_Intersects(a.geom, t.geom)",
    ),
}


def area_contents(
    session: Session, area_kind: str, code: str, generalise_m: float
) -> dict[str, list[dict[str, Any]]]:
    """Estates, venues, associations and approved assets inside one area, by name."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, (columns, inside) in _CONTENTS.items():
        rows = session.execute(
            text(
                f"SELECT {columns} FROM {quote_ident(session, kind)} t "  # noqa: S608 -- quoted name, fixed fragments
                f"JOIN areas a ON {inside} "
                "WHERE a.kind = :kind AND a.code = :code ORDER BY t.name"
            ),
            {"kind": area_kind, "code": code},
        ).all()
        out[kind] = [dict(row._mapping) for row in rows]
    assets = asset_points(session, generalise_m, (area_kind, code))
    if assets is not None:
        out["assets"] = [
            {"name": row.title, "detail": row.category, "residents": None}
            for row in assets.itertuples()
        ]
    return out


def indicator_periods(session: Session, area_kind: str) -> list[str]:
    """Periods with indicator values for areas of this kind, newest first."""
    rows = session.execute(
        text(
            "SELECT DISTINCT v.period FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "WHERE a.kind = :kind ORDER BY v.period DESC"
        ),
        {"kind": area_kind},
    ).all()
    return [str(row[0]) for row in rows]


def loaded_indicator_codes(session: Session) -> set[str]:
    """Indicator codes with at least one value (of any area kind or period): what a profile
    offered on the pages may use.

    Runs on every form render, so it probes each definition with EXISTS (an index lookup on
    ix_indicator_values_indicator_code) instead of a DISTINCT over all values; every value's
    code is a definition (foreign key), so the set is the same."""
    rows = session.execute(
        text(
            "SELECT d.code FROM indicator_definitions d WHERE EXISTS "
            "(SELECT 1 FROM indicator_values v WHERE v.indicator_code = d.code)"
        )
    ).all()
    return {str(row[0]) for row in rows}


def ranked_area_kinds(session: Session) -> list[str]:
    """Area kinds with indicator values for at least two areas (what a ranking can be run on):
    one kommune, or the whole country, with values is a figure, not a ranking.

    Runs on every form render, so per kind it looks for two areas with a value (an index probe
    each on ix_indicator_values_area_id) instead of grouping every stored value."""
    rows = session.execute(
        text(
            "SELECT k.kind FROM unnest(CAST(:kinds AS text[])) AS k(kind) WHERE (SELECT count(*) "
            "FROM (SELECT 1 FROM areas a WHERE a.kind = k.kind AND EXISTS (SELECT 1 FROM "
            "indicator_values v WHERE v.area_id = a.id) LIMIT 2) AS two) = 2 ORDER BY k.kind DESC"
        ),
        {"kinds": list(AREA_KINDS)},
    ).all()
    return [str(row[0]) for row in rows]


def synthetic_sources(session: Session, area_kind: str, period: str) -> list[str]:
    """Names of synthetic layers behind a ranking: the areas and the indicator values used."""
    rows = session.execute(
        text(
            "SELECT l.name FROM layers l WHERE l.synthetic AND ("
            "l.id IN (SELECT layer_id FROM areas WHERE kind = :kind) OR "
            "l.id IN (SELECT v.layer_id FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "WHERE a.kind = :kind AND v.period = :period)) ORDER BY l.name"
        ),
        {"kind": area_kind, "period": period},
    ).all()
    return [str(row[0]) for row in rows]


def area_credits(session: Session, area_kind: str, period: str) -> list[str]:
    """Credit lines of the area outlines and indicator values shown on a ranking map."""
    rows = session.execute(
        text(
            "SELECT DISTINCT l.credit FROM layers l WHERE l.credit IS NOT NULL AND ("
            "l.id IN (SELECT layer_id FROM areas WHERE kind = :kind) OR "
            "l.id IN (SELECT v.layer_id FROM indicator_values v JOIN areas a ON a.id = v.area_id "
            "WHERE a.kind = :kind AND v.period = :period))"
        ),
        {"kind": area_kind, "period": period},
    ).all()
    return [str(row[0]) for row in rows if row[0]]
