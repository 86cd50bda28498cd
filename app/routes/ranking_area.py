"""The area profile ("karakteristik"): one area's people, places, indicators, lists and rank.

Every indicator value shown here passes the same small-number rule as the ranking outputs; the
comparison is with the municipality (all sogne, weighted by each indicator's base population),
because "high compared with what" is the first question a planner is asked about an area.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.answer_cache import cached_answer
from app.deps import DB_SESSION
from app.format import number
from app.i18n import language
from app.params import PathText
from app.routes.ranking_params import RankingQuery
from app.routes.ranking_sources import area_sources, kommune_figures, tag_rows
from app.routes.statutory import area_lists
from app.web import render
from geodata.errors import NotFoundError
from geodata.queries.indicators import area_indicator_table, indicator_definitions
from geodata.queries.ranking import area_contents, indicator_periods
from indicators import Profile, publishable
from indicators.smallnumbers import published_n
from usecases.ranking import RankingRun
from usecases.ranking_db import period_of, run_from_db
from usecases.ranking_profiles import disclosure_profile
from usecases.ranking_text import (
    interval_covers,
    interval_text,
    n_text,
    of_score,
    rank_text,
    value_text,
    why,
)

router = APIRouter(tags=["ranking"], include_in_schema=False)
PLOT_WIDTH = 220
WORSE, BETTER, SAME = "#c0392b", "#1a9850", "#666666"


def reference_table(
    session: Session, kind: str, period: str, table: pd.DataFrame
) -> tuple[pd.DataFrame, str]:
    """The table the averages come from: all sogne (the municipality) when they have values for
    the period, else the areas of the same kind; with a key naming which."""
    if kind != "sogn" and period in indicator_periods(session, "sogn"):
        return area_indicator_table(session, "sogn", period), "municipality"
    return table, "municipality" if kind == "sogn" else "kind"


def weighted_average(table: pd.DataFrame, code: str) -> float:
    """Mean weighted by the indicator's denominator (its base), else by residents."""
    values = pd.to_numeric(table[code], errors="coerce")
    base_col = f"{code}__den" if f"{code}__den" in table.columns else "residents"
    weights = pd.to_numeric(table.get(base_col), errors="coerce")
    ok = values.notna() & weights.notna() & (weights > 0)
    if not ok.any():
        return float(values.mean())
    return float(np.average(values[ok], weights=weights[ok]))


def indicator_rows(
    session: Session, profile: Profile, table: pd.DataFrame, reference: pd.DataFrame,
    position: int, lang: str,
) -> list[dict[str, Any]]:  # fmt: skip
    """One chart row per defined indicator in the table: value (or hidden), average, dot."""
    definitions = indicator_definitions(session)
    codes = [c for c in definitions["code"] if c in table.columns]
    if not codes:
        return []
    disclosure = disclosure_profile(profile, codes)
    public = publishable(table, disclosure)
    rows = []
    for d in definitions[definitions["code"].isin(codes)].itertuples():
        column = pd.to_numeric(public[d.code], errors="coerce")
        value = column.iloc[position]
        hidden = bool(public[f"suppressed__{d.code}"].iloc[position])
        average = weighted_average(reference, d.code)
        scale = float(np.nanmax([column.max(), average, 1e-9]))
        n = published_n(table, d.code, disclosure.small_numbers)[position]
        rows.append(
            {
                "code": d.code,
                "name": d.name_da if lang == "da" else d.name_en,
                "unit": d.unit or "",
                "n": n_text(n, lang),
                "value": None if hidden or pd.isna(value) else _number(value, lang),
                "hidden": hidden,
                "average": _number(average, lang),
                "x_value": None if hidden or pd.isna(value) else _x(value, scale),
                "x_average": _x(average, scale),
                "colour": _colour(value, average, d.direction),
            }
        )
    return rows


def _x(value: float, scale: float) -> float:
    return round(min(max(float(value) / scale, 0.0), 1.0) * PLOT_WIDTH, 1)


def _number(value: float, lang: str) -> str:
    return number(float(value), lang, 0 if float(value).is_integer() else 1)


def _colour(value: float, average: float, direction: str) -> str:
    if pd.isna(value) or value == average:
        return SAME
    worse = value > average if direction == "higher_is_worse" else value < average
    return WORSE if worse else BETTER


def rule_rows(run: RankingRun, row: pd.Series, lang: str) -> list[dict[str, Any]]:
    """Each statutory list: status, and per criterion met/margin (blank when hidden)."""
    out = []
    for rs in run.rule_sets:
        criteria = []
        for crit in rs.criteria:
            met = row.get(f"{rs.id}__{crit.id}__met")
            margin = row.get(f"{rs.id}__{crit.id}__margin")
            criteria.append(
                {
                    "label": (crit.label_da if lang == "da" else crit.label_en) or crit.id,
                    "met": _state(met),
                    "margin": None if margin is None or pd.isna(margin) else _signed(margin, lang),
                }
            )
        title = rs.title_da if lang == "da" else rs.title_en
        status = _state(row.get(f"{rs.id}__status"))
        out.append(
            {"title": title, "basis": rs.legal_basis, "status": status, "criteria": criteria}
        )
    return out


def _state(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "unknown"
    return "met" if bool(value) else "not_met"


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "") + _number(value, lang)


def contribution_rows(run: RankingRun, row: pd.Series, lang: str) -> list[dict[str, Any]]:
    """The profile's indicators with published value (and unit), n and share of the score,
    largest share first."""
    rows = []
    for ind in run.profile.indicators:
        value, share = row[f"value__{ind.column}"], row[f"share__{ind.column}"]
        rows.append(
            {
                "code": ind.column,
                "label": run.label(ind.column, lang),
                "value": value_text(value, run.unit(ind.column, lang), lang),
                "n": n_text(row.get(f"n__{ind.column}"), lang),
                "share": None if pd.isna(share) else of_score(share, lang),
                "hidden": bool(row[f"suppressed__{ind.column}"]),
                "order": -1.0 if pd.isna(share) else float(share),
            }
        )
    return sorted(rows, key=lambda r: -r["order"])


@router.get("/ranking/areas/{kind}/{code}", response_class=HTMLResponse)
def area_page(
    request: Request,
    kind: PathText,
    code: PathText,
    query: Annotated[RankingQuery, Query()],
    session: Session = DB_SESSION,
) -> HTMLResponse:
    """Residents, what is inside, indicators against the municipality, lists and the why."""
    settings = request.app.state.settings
    lang = language(request, settings.default_language)
    query = query.model_copy(update={"area_kind": kind})
    params = query.page_params()
    run, table = run_from_db(session, params, answers=cached_answer)
    matches = np.flatnonzero(run.frame[run.id_column].astype(str).to_numpy() == code)
    if matches.size == 0:
        raise NotFoundError(
            f"no {kind} with code '{code[:40]}' in the ranking",
            key="ranking.err.area",
            code=code[:40],
            kind=kind,
        )
    position = int(matches[0])
    row = run.frame.iloc[position]
    used = period_of(table)
    reference, ref_key = reference_table(session, kind, used, table)
    shown = query.model_copy(update={"period": used, "draws": params.draws})
    chart = indicator_rows(session, run.profile, table, reference, position, lang)
    sources = area_sources(session, kind, code, used, list(run.profile.columns))
    return render(
        request,
        "ranking/area.html",
        run=run,
        row=row,
        kind=kind,
        code=code,
        name=row.get("area_name") or code,
        residents=table["residents"].iloc[position] if "residents" in table else None,
        rank=rank_text(row["rank"], lang),
        interval=interval_text(row.get("p05_rank"), row.get("p95_rank"), lang),
        covers=interval_covers(run, lang),
        why=why(run, row, lang),
        contributions=tag_rows(contribution_rows(run, row, lang), sources, lang),
        contents=area_contents(session, kind, code, settings.skill_generalisation_m),
        indicators=tag_rows(chart, sources, lang),
        kommune=kommune_figures(session, kind, code, run.profile, lang),
        reference=ref_key,
        rules=rule_rows(run, row, lang),
        published=area_lists(session, kind, code, lang),
        plot_width=PLOT_WIDTH,
        back_url=shown.link("/ranking", lang),
    )
