"""A ranking run made map-ready: area shapes joined with the published frame, the map's labels
and the provenance (synthetic layers, credits) of everything the map shows.

The page's map frame and the CLI's offline ``.html`` map both build from here; the words come
through :mod:`mapping.texts` and the run's own labels, never from ``app``.
"""

from __future__ import annotations

import geopandas as gpd
from sqlalchemy.orm import Session

from geodata.queries.indicators import area_shapes
from geodata.queries.ranking import area_credits, synthetic_sources
from indicators.capacity import LABELS as QUADRANT_LABELS
from mapping.choropleth import RankingMapSpec
from usecases.ranking import WIDE_SHARE, RankingRun
from usecases.ranking_db import RunParams


def indicator_labels(run: RankingRun, lang: str) -> dict[str, str]:
    return {column: run.label(column, lang) for column in run.profile.columns}


def rule_titles(run: RankingRun, lang: str) -> list[tuple[str, str]]:
    return [(rs.id, rs.title_da if lang == "da" else rs.title_en) for rs in run.rule_sets]


def quadrant_labels(lang: str) -> dict[str, str]:
    return {q: pair[0] if lang == "da" else pair[1] for q, pair in QUADRANT_LABELS.items()}


def map_areas(session: Session, run: RankingRun, area_kind: str) -> gpd.GeoDataFrame:
    """Area shapes joined with the published frame and the need x capacity quadrant."""
    shapes = area_shapes(session, area_kind)
    frame = run.frame.drop(columns=["area_name"], errors="ignore")
    merged = shapes.merge(frame, left_on="area_code", right_on=run.id_column, how="inner")
    if run.capacity is not None:
        quadrant = run.capacity[[run.id_column, "quadrant"]]
        merged = merged.merge(quadrant, left_on="area_code", right_on=run.id_column, how="left")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=shapes.crs)


def map_spec(
    run: RankingRun,
    params: RunParams,
    area_link: str | None,
    mode: str,
    lang: str,
    tiles: str | None,
) -> RankingMapSpec:
    """How the map is labelled; ``area_link`` has a ``{code}`` slot (None: no popup link)."""
    width = max(3.0, WIDE_SHARE * run.result.n_ranked) if run.sens is not None else None
    return RankingMapSpec(
        title=run.profile.name,
        n_ranked=run.result.n_ranked,
        mode=mode,
        lang=lang,
        indicator_labels=indicator_labels(run, lang),
        rule_sets=rule_titles(run, lang),
        quadrant_labels=quadrant_labels(lang),
        area_link=area_link if params.profile != "inline" else None,
        uncertain_width=width,
        draws=params.draws,
        tiles=tiles,
        units={c: run.unit(c, lang) for c in run.profile.columns},
        sampled=bool(run.sens and run.sens.sampled),
    )


def map_provenance(
    session: Session, kind: str, period: str, overlays: dict[str, gpd.GeoDataFrame]
) -> tuple[list[str], list[str]]:
    """Synthetic layer names and credit lines of everything a ranking map shows."""
    synthetic = synthetic_sources(session, kind, period)
    credits = area_credits(session, kind, period)
    for name, frame in overlays.items():
        if frame.empty:
            continue
        if "layer" in frame.columns:
            synthetic += sorted(set(frame.loc[frame["synthetic"].astype(bool), "layer"]))
            credits += [c for c in frame["credit"].dropna().unique() if c]
        elif bool(frame["synthetic"].any()):
            synthetic.append(name)
    return synthetic, credits
