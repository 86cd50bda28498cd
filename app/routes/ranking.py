"""The planner pages: choose a profile and see the map and the ranked list; compare two profiles.

The rest of the feature sits in ranking_area (the area profile), ranking_maps (the Folium maps)
and ranking_api (JSON), each listed in `app.main.ROUTE_MODULES`. Every one of them reads its
parameters into :class:`app.routes.ranking_params.RankingQuery`, and the links from this page to
the map frame, the area pages and the downloads are built from that same object.

A bad choice in the form (an unknown profile, a period without data, a profile whose indicators
are not loaded) is shown on the page next to the form, in the user's language, not as a bare
error document, so the planner can correct it where they made it.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.deps import DB_SESSION
from app.errors import translated
from app.i18n import language
from app.routes.ranking_maps import compare_ranks
from app.routes.ranking_params import CompareQuery, RankingQuery
from app.routes.ranking_sources import source_rows
from app.web import render
from geodata.errors import GeodataError, NotFoundError
from geodata.queries.ranking import indicator_periods, ranked_area_kinds, synthetic_sources
from indicators import IndicatorError
from usecases.ranking import RankingRun
from usecases.ranking_db import period_of, profile_choices, run_from_db
from usecases.ranking_maps import quadrant_labels, rule_titles
from usecases.ranking_text import interval_covers, interval_text, rank_text, why

router = APIRouter(tags=["ranking"], include_in_schema=False)

Question = Annotated[RankingQuery, Query()]
Comparison = Annotated[CompareQuery, Query()]
QUADRANTS = (
    ("high_need_low_capacity", "high_need_high_capacity"),
    ("low_need_low_capacity", "low_need_high_capacity"),
)


def form_context(session: Session, kind: str, lang: str) -> dict[str, Any]:
    """Profiles (only those whose indicators are loaded), area kinds and periods to choose from."""
    choices = [
        {"key": c["key"], "name": c["profile"].name if c["profile"] else c["key"],
         "saved": c["source"] == "saved"}
        for c in profile_choices(session)
    ]  # fmt: skip
    kinds = ranked_area_kinds(session) or [kind]
    return {"choices": choices, "kinds": kinds, "periods": indicator_periods(session, kind)}


def _status(exc: Exception) -> int:
    return 404 if isinstance(exc, NotFoundError) else 422


def table_rows(run: RankingRun, query: RankingQuery, lang: str) -> list[dict[str, Any]]:
    """The ranked list, most need first, with links to each area's profile page."""
    titles = rule_titles(run, lang)
    frame = run.frame.sort_values("rank", na_position="last", kind="stable")
    rows = []
    for _, row in frame.iterrows():
        code = str(row[run.id_column])
        rows.append(
            {
                "code": code,
                "rank": rank_text(row["rank"], lang),
                "name": row.get("area_name") or code,
                "href": query.area_link(code, lang),
                "score": "–" if pd.isna(row["score"]) else f"{row['score']:.3f}",
                "interval": interval_text(row.get("p05_rank"), row.get("p95_rank"), lang),
                "uncertain": bool(row.get("uncertain", False)),
                "statuses": [t for rid, t in titles if _true(row.get(f"{rid}__status"))],
                "why": why(run, row, lang),
            }
        )
    return rows


def _true(value: object) -> bool:
    return value is not None and value is not pd.NA and bool(value)


def capacity_grid(run: RankingRun, lang: str) -> list[list[dict[str, Any]]] | None:
    """The 2 x 2 need x capacity table: area names per quadrant, most need first."""
    if run.capacity is None:
        return None
    labels = quadrant_labels(lang)
    names = dict(
        zip(
            run.frame[run.id_column],
            run.frame.get("area_name", run.frame[run.id_column]),
            strict=True,
        )
    )
    ordered = run.capacity.sort_values("need", ascending=False)
    grid = []
    for line in QUADRANTS:
        cells = []
        for quadrant in line:
            ids = ordered.loc[ordered["quadrant"] == quadrant, run.id_column]
            cells.append({"quadrant": quadrant, "label": labels[quadrant],
                          "areas": [names.get(i, i) for i in ids]})  # fmt: skip
        grid.append(cells)
    return grid


@router.get("/ranking", response_class=HTMLResponse)
def ranking_page(request: Request, query: Question, session: Session = DB_SESSION) -> HTMLResponse:
    lang = language(request, request.app.state.settings.default_language)
    context: dict[str, Any] = {
        "q": query, "profile": query.profile, "area_kind": query.area_kind, "mode": query.mode,
    }  # fmt: skip
    try:
        params = query.page_params()
        run, table = run_from_db(session, params, answers=cached_answer)
    except (IndicatorError, GeodataError) as exc:
        context |= form_context(session, query.area_kind, lang)
        return render(
            request, "ranking/index.html", _status(exc), error=translated(exc, lang),
            period=query.period, **context,
        )  # fmt: skip
    used = period_of(table)
    shown = query.model_copy(update={"period": used, "draws": params.draws})
    context |= form_context(session, query.area_kind, lang) | {
        "period": used,
        "run": run,
        "rows": table_rows(run, shown, lang),
        "grid": capacity_grid(run, lang),
        "map_url": shown.link("/ranking/map", lang),
        "api_query": shown.query_string(),
        "compare_url": CompareQuery(a=query.profile, area_kind=query.area_kind).link(
            "/ranking/compare", lang
        ),
        "covers": interval_covers(run, lang),
        "synthetic": synthetic_sources(session, query.area_kind, used),
        "sources": source_rows(session, run, query.area_kind, used, lang),
        "seed": run.sens.seed if run.sens else None,
    }
    return render(request, "ranking/index.html", **context)


@router.get("/ranking/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, query: Comparison, session: Session = DB_SESSION
) -> HTMLResponse:
    """Two profiles side by side: the rank-shift map and the areas that move most."""
    lang = language(request, request.app.state.settings.default_language)
    context: dict[str, Any] = {"a": query.a, "b": query.b, "area_kind": query.area_kind}
    context |= form_context(session, query.area_kind, lang)
    try:
        areas, used = compare_ranks(session, query)
    except (IndicatorError, GeodataError) as exc:
        return render(
            request, "ranking/compare.html", _status(exc), error=translated(exc, lang),
            period=query.period, **context,
        )  # fmt: skip
    shift = areas["rank_a"].astype(float) - areas["rank_b"].astype(float)
    frame = areas.assign(shift=shift).sort_values("shift", key=lambda s: -s.abs(), kind="stable")
    rows = [
        {"name": r.area_name, "a": rank_text(r.rank_a, lang), "b": rank_text(r.rank_b, lang),
         "shift": None if pd.isna(r.shift) else int(r.shift)}
        for r in frame.itertuples()
    ]  # fmt: skip
    shown = query.model_copy(update={"period": used})
    context |= {
        "period": used, "rows": rows, "map_url": shown.link("/ranking/compare/map", lang),
        "back_url": shown.side("a").link("/ranking", lang),
    }  # fmt: skip
    return render(request, "ranking/compare.html", **context)
