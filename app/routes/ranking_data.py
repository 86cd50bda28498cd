"""From request parameters to a ranking run on the database's areas, and to map-ready frames.

Shared by the JSON API, the planner pages and the map routes, so a map, a table and a CSV made
with the same parameters always show the same ranks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import geopandas as gpd
import pandas as pd
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.routes.ranking_core import MAP_DRAWS, WIDE_SHARE, RankingRun, run_ranking
from app.routes.ranking_profiles import (
    DEFAULT_PROFILE,
    Overrides,
    apply_overrides,
    load_profile_text,
    resolve_profile,
)
from geodata.errors import GeodataError, NotFoundError
from geodata.models import AREA_KINDS
from geodata.queries.indicators import (
    area_indicator_table,
    area_shapes,
    indicator_definitions,
)
from geodata.queries.ranking import (
    area_credits,
    indicator_periods,
    saved_profiles,
    synthetic_sources,
)
from indicators import Profile, builtin_profiles, load_profile
from indicators.capacity import LABELS as QUADRANT_LABELS
from mapping.choropleth import RankingMapSpec

MAX_DRAWS = 5000


@dataclass
class RunParams:
    """Everything that decides a run; ``seed=None`` uses the profile's own seed."""

    profile: str = DEFAULT_PROFILE
    area_kind: str = "sogn"
    period: str | None = None
    draws: int = 0
    seed: int | None = None
    overrides: Overrides = field(default_factory=Overrides)


def check_kind(kind: str) -> str:
    if kind not in AREA_KINDS:
        raise GeodataError(f"unknown area kind '{kind[:40]}'; use one of {', '.join(AREA_KINDS)}")
    return kind


def check_draws(draws: int) -> int:
    if not 0 <= draws <= MAX_DRAWS:
        raise GeodataError(f"sensitivity draws must be between 0 and {MAX_DRAWS}, got {draws}")
    return draws


def check_period(session: Session, kind: str, period: str | None) -> None:
    """A period without values would rank nothing; say which periods there are instead."""
    if period is None:
        return
    periods = indicator_periods(session, kind)
    if period not in periods:
        raise NotFoundError(
            f"no indicator values for {kind} in period '{period[:20]}'; "
            f"periods with values: {', '.join(periods) or 'none'}"
        )


def run_from_db(
    session: Session, params: RunParams, inline: Profile | None = None
) -> tuple[RankingRun, pd.DataFrame]:
    """Rank the loaded areas of ``params.area_kind``; returns the run and the input table.

    Computed once per question and data version (:mod:`app.answer_cache`): the page, its map
    frame and the API asking the same share one run, which they must not modify.
    """
    check_kind(params.area_kind)
    check_draws(params.draws)
    question = run_question(session, params, inline)
    return cached_answer(session, "ranking", question, lambda: _run(session, params, inline))


def run_question(session: Session, params: RunParams, inline: Profile | None) -> str:
    """The question in canonical form: no period means the latest, overrides and an inline
    profile as sorted JSON, so equal questions asked differently share one answer."""
    period = params.period
    if period is None:
        period = next(iter(indicator_periods(session, params.area_kind)), None)
    return json.dumps(
        {
            "profile": params.profile, "area_kind": params.area_kind, "period": period,
            "draws": params.draws, "seed": params.seed,
            "overrides": params.overrides.model_dump(mode="json"),
            "inline": None if inline is None else inline.model_dump(mode="json"),
        },
        sort_keys=True,
    )  # fmt: skip


def _run(
    session: Session, params: RunParams, inline: Profile | None
) -> tuple[RankingRun, pd.DataFrame]:
    base = inline if inline is not None else resolve_profile(session, params.profile)
    profile = apply_overrides(base, params.overrides)
    check_period(session, params.area_kind, params.period)
    table = area_indicator_table(session, params.area_kind, params.period)
    seed = profile.sensitivity.seed if params.seed is None else params.seed
    key = params.profile if inline is None else "inline"
    names = defined_names(session)
    return run_ranking(table, profile, key, params.draws, seed, names), table


def defined_names(session: Session) -> dict[str, tuple[str, str]]:
    """Indicator code -> (Danish, English) name, as loaded with the indicator definitions."""
    frame = indicator_definitions(session)
    return {r.code: (r.name_da, r.name_en) for r in frame.itertuples()}


def period_of(table: pd.DataFrame) -> str:
    return str(table.attrs.get("period", ""))


def profile_choices(session: Session) -> list[dict[str, Any]]:
    """Built-in and saved profiles as (key, display name, saved) for forms and the API."""
    out = []
    for key in builtin_profiles():
        out.append({"key": key, "profile": load_profile(key), "source": "builtin"})
    for stored in saved_profiles(session):
        try:
            profile: Profile | None = load_profile_text(stored.yaml)
        except ValueError:
            profile = None  # saved under an older engine; still listed so it can be fixed
        out.append({"key": stored.name, "profile": profile, "source": "saved", "stored": stored})
    return out


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
    run: RankingRun, params: RunParams, period: str, mode: str, lang: str, tiles: str | None
) -> RankingMapSpec:
    query = urlencode({"profile": params.profile, "period": period, "lang": lang})
    link = f"/ranking/areas/{quote(params.area_kind)}/{{code}}?{query}"
    width = max(3.0, WIDE_SHARE * run.result.n_ranked) if run.sens is not None else None
    return RankingMapSpec(
        title=run.profile.name,
        n_ranked=run.result.n_ranked,
        mode=mode,
        lang=lang,
        indicator_labels=indicator_labels(run, lang),
        rule_sets=rule_titles(run, lang),
        quadrant_labels=quadrant_labels(lang),
        area_link=link if params.profile != "inline" else None,
        uncertain_width=width,
        draws=params.draws,
        tiles=tiles,
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


def page_draws(requested: int | None) -> int:
    """Pages and maps always show an interval: the map default unless the URL asks otherwise."""
    return check_draws(MAP_DRAWS if requested is None else requested)
