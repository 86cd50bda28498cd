"""The reach and venue pages' rows as text, kept apart from the routes so templates only loop.

Every cell arrives formatted in the page's language; a value nobody knows is "–". The bar figure
of the walking distances is app.charts' inline SVG (no JavaScript), beside a table of the same
numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from app import format as fmt
from app.charts import Bar, progress_bars
from geodata.activities_area import ProjectArea
from geodata.activities_read import Period
from geodata.queries.activities import ProjectRow
from usecases.activities_reach import provenance as sources
from usecases.ranking_db import profile_choices
from usecases.ranking_profiles import resolve_profile

Translator = Callable[..., str]
# The flag rule in words for the API (the pages say it in the user's language: reach.rule).
RULE = ("need in the top third (lowest need ranks) and visits per 1,000 residents in the "
        "bottom third, each among the rows with a value")  # fmt: skip


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _n(value: object, lang: str, decimals: int = 0) -> str:
    return "–" if _missing(value) else fmt.number(float(value), lang, decimals)  # type: ignore[arg-type]


def reach_rows(table: pd.DataFrame, t: Translator, lang: str) -> list[dict[str, Any]]:
    """The table's rows as text, in the table's order (high need with low reach first)."""
    rows = []
    for r in table.itertuples(index=False):
        rows.append({
            "kind": t(f"reach.kind.{r.area_kind}"), "name": r.name, "code": r.code,
            "residents": _n(r.residents, lang), "visits": _n(r.visits, lang),
            "per_1000": _n(r.per_1000, lang, 1), "need_score": _n(r.need_score, lang, 2),
            "need_rank": _n(r.need_rank, lang), "need_from": "" if _missing(r.need_name)
            else r.need_name, "flag": bool(r.high_need_low_reach), "area_kind": r.area_kind,
        })  # fmt: skip
    return rows


def area_words(area: ProjectArea | None, project: ProjectRow, t: Translator) -> dict[str, str]:
    """Which area the page judges: "Projektområde: 9210 Aalborg SØ" (or the whole kommune), the
    intro's "where" and the text for an area without rows."""
    if area is None:
        return {"area_line": t("reach.area.kommune", kommune=project.kommune_code),
                "where": t("reach.where.kommune"), "none_text": t("reach.none")}  # fmt: skip
    return {"area_line": t("reach.area", area=area.label),
            "where": t("reach.where.area", area=area.label),
            "none_text": t("reach.none.area", area=area.label)}  # fmt: skip


def reach_context(
    db: Session, table: pd.DataFrame, project: ProjectRow, period: Period, key: str,
    t: Translator, lang: str, area: ProjectArea | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Everything the reach page shows besides the map frame."""
    profile = resolve_profile(db, key)
    kind = str(table["need_kind"].dropna().iloc[0]) if table["need_kind"].notna().any() else ""
    choices = profile_choices(db)
    if key not in {c["key"] for c in choices}:
        choices.append({"key": key, "profile": profile})
    return {
        "project": project, "period": period, "profile_key": key, "profile_name": profile.name,
        "rows": reach_rows(table, t, lang), "choices": choices, "need_kind": kind,
        "synthetic": bool(table["synthetic"].any()) or project.synthetic,
        "years": list(range(project.starts_on.year, project.ends_on.year + 1)),
        "as_of": fmt.date(period.as_of, lang), "area": area, **area_words(area, project, t),
    }  # fmt: skip


def venue_rows(venues: pd.DataFrame, t: Translator, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in venues.itertuples(index=False):
        name = t("reach.venues.point") if _missing(r.venue_key) else (r.name or r.venue_key)
        rows.append({
            "key": "" if _missing(r.venue_key) else r.venue_key, "name": name,
            "sessions": _n(r.sessions, lang), "visits": _n(r.visits, lang),
            "unique": _n(r.unique, lang), "catchment": _n(r.catchment_residents, lang),
            "per_100": _n(r.per_100, lang, 1),
        })  # fmt: skip
    return rows


def band_rows(bands: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    return [{"band": r.band, "visits": _n(r.visits, lang), "share": fmt.percent(r.share, lang)}
            for r in bands.itertuples(index=False)]  # fmt: skip


def band_figure(bands: pd.DataFrame, t: Translator, lang: str) -> str:
    """Horizontal bars of visits per distance band (app.charts, inline SVG with title/desc)."""
    bars = [Bar(f"{r.band} m", float(r.visits)) for r in bands.itertuples(index=False)]
    return progress_bars(
        bars, t("reach.venues.figure"), t("reach.venues.figure.desc"),
        {"visits": t("reach.venues.col.visits")}, lambda v: fmt.number(v, lang, 0),
        figure_id="bands",
    )  # fmt: skip


def venues_context(
    venues: pd.DataFrame, bands: pd.DataFrame, method: str, project: ProjectRow, period: Period,
    t: Translator, lang: str,
) -> dict[str, Any]:  # fmt: skip
    metres = venues["catchment_m"].iloc[0] if len(venues) else None
    return {
        "project": project, "period": period, "venues": venue_rows(venues, t, lang),
        "bands": band_rows(bands, lang), "figure": band_figure(bands, t, lang),
        "method": t(f"reach.method.{method}"), "metres": _n(metres, lang),
        "as_of": fmt.date(period.as_of, lang), "synthetic": project.synthetic,
        "known": int(bands["visits"].sum()),
        "years": list(range(project.starts_on.year, project.ends_on.year + 1)),
    }  # fmt: skip


def provenance(
    db: Session, table: pd.DataFrame, project: ProjectRow
) -> tuple[list[str], list[str]]:
    """Synthetic sources and credits of the reach map (usecases.activities_reach.provenance)."""
    kind = table["need_kind"].dropna()
    return sources(db, project, str(kind.iloc[0])) if len(kind) else ([], [])
