"""The ranking maps as complete HTML documents (shown in an iframe on the planner pages).

The sensitivity run behind the interval is seeded with the profile's seed, so a map reloads with
the same dashed outlines every time. The frame reads the same :class:`RankingQuery` as the page
that embeds it, so the two always show the same ranking.
"""

from __future__ import annotations

from typing import Annotated

import geopandas as gpd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.deps import DB_SESSION
from app.i18n import language
from app.routes.map_tiles import area_bounds, map_version, ranked_rows, ranking_overlays
from app.routes.ranking_params import CompareQuery, RankingQuery
from app.settings import Settings
from geodata.queries.data_version import MAP_TABLES
from geodata.queries.indicators import area_shapes
from mapping.base import render
from mapping.choropleth import build_ranking_map
from mapping.choropleth_tiles import RankingTiles
from mapping.ranking_compare import ShiftMapSpec, build_shift_map
from mapping.vector_tiles import tile_url
from usecases.ranking_db import period_of, run_from_db, run_question
from usecases.ranking_maps import map_areas, map_provenance, map_spec
from usecases.ranking_profiles import resolve_profile

router = APIRouter(tags=["ranking"])

Question = Annotated[RankingQuery, Query()]
Comparison = Annotated[CompareQuery, Query()]


@router.get("/ranking/map", response_class=HTMLResponse)
def ranking_map(request: Request, query: Question, session: Session = DB_SESSION) -> HTMLResponse:
    """Choropleth of rank or decile with the interval, statutory outlines and feature layers."""
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    params = query.page_params()
    question = (run_question(session, params, None), query.mode, lang, settings.map_tiles,
                settings.skill_generalisation_m, settings.map_embed_max_features)  # fmt: skip
    html = cached_answer(
        session, "ranking_map", question,
        lambda: _ranking_map_html(session, settings, query, lang), MAP_TABLES,
    )  # fmt: skip
    return HTMLResponse(html)


def _ranking_map_html(session: Session, settings: Settings, query: RankingQuery, lang: str) -> str:
    """The rendered map: Folium's work is most of a map request, so the HTML is what is cached
    (keyed by the question, mode, language and the data version including approved assets)."""
    params = query.page_params()
    run, table = run_from_db(session, params, answers=cached_answer)
    used_period = period_of(table)
    version, limit = map_version(session), settings.map_embed_max_features
    tiled = RankingTiles(None)  # areas above the limit come from tiles, assets always do
    if len(run.frame) > limit:
        tiled.areas_url = tile_url("areas", version, kind=params.area_kind)
        tiled.bounds = area_bounds(session, params.area_kind)
    areas = ranked_rows(run) if tiled.areas_url else map_areas(session, run, params.area_kind)
    layers = ranking_overlays(session, limit, settings.skill_generalisation_m, version)
    tiled.overlays = layers.urls
    synthetic, credits = map_provenance(session, params.area_kind, used_period, layers.frames)
    synthetic, credits = synthetic + layers.synthetic, credits + layers.credits
    shown = query.model_copy(update={"period": used_period, "draws": params.draws})
    link = shown.area_link("KKAREACODE", lang).replace("KKAREACODE", "{code}")
    spec = map_spec(run, params, link, query.mode, lang, settings.map_tiles)
    ranking = build_ranking_map(areas, spec, layers.frames, synthetic, credits, tiled)
    return render(ranking, lang)


def compare_ranks(session: Session, query: CompareQuery) -> tuple[gpd.GeoDataFrame, str]:
    """Shapes with ``rank_a``/``rank_b`` for the two profiles (no sensitivity needed)."""
    run_a, table = run_from_db(session, query.side("a").run_params(), answers=cached_answer)
    run_b, _ = run_from_db(session, query.side("b").run_params(), answers=cached_answer)
    ranks = run_a.frame[[run_a.id_column, "rank"]].rename(columns={"rank": "rank_a"})
    ranks = ranks.merge(
        run_b.frame[[run_b.id_column, "rank"]].rename(columns={"rank": "rank_b"}),
        left_on=run_a.id_column, right_on=run_b.id_column, how="outer",
    )  # fmt: skip
    shapes = area_shapes(session, query.area_kind)
    merged = shapes.merge(ranks, left_on="area_code", right_on=run_a.id_column, how="inner")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=shapes.crs), period_of(table)


@router.get("/ranking/compare/map", response_class=HTMLResponse)
def compare_map(request: Request, query: Comparison, session: Session = DB_SESSION) -> HTMLResponse:
    """Diverging map of the rank change from profile A to profile B."""
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    areas, used_period = compare_ranks(session, query)
    title_a = resolve_profile(session, query.a).name
    title_b = resolve_profile(session, query.b).name
    spec = ShiftMapSpec(title_a, title_b, lang, settings.map_tiles)
    synthetic, credits = map_provenance(session, query.area_kind, used_period, {})
    return HTMLResponse(render(build_shift_map(areas, spec, synthetic, credits), lang))
