"""The planner pages: choose a profile and see the map and the ranked list; compare two profiles.

The rest of the feature sits in ranking_area (the area profile), ranking_maps (the Folium maps)
and ranking_api (JSON), each listed in `app.main.ROUTE_MODULES`.

A bad choice in the form (an unknown profile, a period without data) is shown on the page next to
the form, not as a bare error document, so the planner can correct it where they made it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.i18n import language
from app.params import KindQuery, PeriodQuery, ProfileKey
from app.routes.ranking_core import RankingRun
from app.routes.ranking_data import (
    RunParams,
    page_draws,
    period_of,
    profile_choices,
    quadrant_labels,
    rule_titles,
    run_from_db,
)
from app.routes.ranking_maps import compare_ranks
from app.routes.ranking_profiles import DEFAULT_PROFILE
from app.routes.ranking_text import interval_text, rank_text, why
from app.web import render
from geodata.errors import GeodataError, NotFoundError
from geodata.queries.ranking import indicator_periods, ranked_area_kinds, synthetic_sources
from indicators import IndicatorError

router = APIRouter(tags=["ranking"], include_in_schema=False)

Key = ProfileKey
Kind = KindQuery
Period = PeriodQuery
Mode = Annotated[str, Query(pattern="^(rank|decile)$")]
Draws = Annotated[int | None, Query(ge=0)]
QUADRANTS = (
    ("high_need_low_capacity", "high_need_high_capacity"),
    ("low_need_low_capacity", "low_need_high_capacity"),
)


def form_context(session: Session, kind: str, lang: str) -> dict[str, Any]:
    """Profiles, area kinds and periods to choose from."""
    choices = [
        {"key": c["key"], "name": c["profile"].name if c["profile"] else c["key"],
         "saved": c["source"] == "saved"}
        for c in profile_choices(session)
    ]  # fmt: skip
    kinds = ranked_area_kinds(session) or [kind]
    return {"choices": choices, "kinds": kinds, "periods": indicator_periods(session, kind)}


def table_rows(run: RankingRun, kind: str, period: str, lang: str) -> list[dict[str, Any]]:
    """The ranked list, most need first, with links to each area's profile page."""
    titles = rule_titles(run, lang)
    frame = run.frame.sort_values("rank", na_position="last", kind="stable")
    rows = []
    for _, row in frame.iterrows():
        code = str(row[run.id_column])
        query = urlencode({"profile": run.key, "period": period, "lang": lang})
        path = f"/ranking/areas/{quote(kind, safe='')}/{quote(code, safe='')}"
        rows.append(
            {
                "rank": rank_text(row["rank"], lang),
                "name": row.get("area_name") or code,
                "href": f"{path}?{query}",
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
def ranking_page(
    request: Request,
    session: Session = DB_SESSION,
    profile: Key = DEFAULT_PROFILE,
    area_kind: Kind = "sogn",
    period: Period = None,
    mode: Mode = "rank",
    draws: Draws = None,
) -> HTMLResponse:
    lang = language(request, request.app.state.settings.default_language)
    context: dict[str, Any] = {"profile": profile, "area_kind": area_kind, "mode": mode}
    try:
        params = RunParams(profile, area_kind, period, page_draws(draws))
        run, table = run_from_db(session, params)
    except (IndicatorError, GeodataError) as exc:
        status = 404 if isinstance(exc, NotFoundError) else 422
        context |= form_context(session, area_kind, lang)
        return render(
            request, "ranking/index.html", status, error=str(exc), period=period, **context
        )
    used = period_of(table)
    query = {"profile": profile, "area_kind": area_kind, "period": used, "draws": params.draws}
    context |= form_context(session, area_kind, lang) | {
        "period": used,
        "run": run,
        "rows": table_rows(run, area_kind, used, lang),
        "grid": capacity_grid(run, lang),
        "map_url": "/ranking/map?" + urlencode({**query, "mode": mode, "lang": lang}),
        "api_query": urlencode(query),
        "compare_url": "/ranking/compare?" + urlencode({"a": profile, "area_kind": area_kind}),
        "synthetic": synthetic_sources(session, area_kind, used),
        "seed": run.sens.seed if run.sens else None,
    }
    return render(request, "ranking/index.html", **context)


@router.get("/ranking/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    session: Session = DB_SESSION,
    a: Key = DEFAULT_PROFILE,
    b: Key = "boligsocial",
    area_kind: Kind = "sogn",
    period: Period = None,
) -> HTMLResponse:
    """Two profiles side by side: the rank-shift map and the areas that move most."""
    lang = language(request, request.app.state.settings.default_language)
    context: dict[str, Any] = {"a": a, "b": b, "area_kind": area_kind}
    context |= form_context(session, area_kind, lang)
    try:
        areas, used = compare_ranks(session, a, b, area_kind, period)
    except (IndicatorError, GeodataError) as exc:
        status = 404 if isinstance(exc, NotFoundError) else 422
        return render(
            request, "ranking/compare.html", status, error=str(exc), period=period, **context
        )
    shift = areas["rank_a"].astype(float) - areas["rank_b"].astype(float)
    frame = areas.assign(shift=shift).sort_values("shift", key=lambda s: -s.abs(), kind="stable")
    rows = [
        {"name": r.area_name, "a": rank_text(r.rank_a, lang), "b": rank_text(r.rank_b, lang),
         "shift": None if pd.isna(r.shift) else int(r.shift)}
        for r in frame.itertuples()
    ]  # fmt: skip
    query = {"a": a, "b": b, "area_kind": area_kind, "period": used, "lang": lang}
    context |= {"period": used, "rows": rows, "map_url": "/ranking/compare/map?" + urlencode(query)}
    return render(request, "ranking/compare.html", **context)
