"""The printable reports' extra parts: the summary sentences and the reach section (helper M's
reach table and map frame), kept out of the routes so both stay short."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from activities import KINDS
from app.errors import translated
from app.routes import activities_progress_view as pv
from app.routes.activities_progress_view import Cells, missing, shown_years
from geodata.activities_area import project_area
from geodata.activities_read import ProgressView, public_view, suppress_parts
from geodata.errors import GeodataError
from indicators.errors import IndicatorError
from usecases.activities_reach import reach_map_url, reach_table

logger = logging.getLogger("kvarterkort.activities")


def summary_lines(view: ProgressView, c: Cells, exact: bool = True) -> list[str]:
    """One sentence per kind for the chosen year: value on its basis, target, share, forecast
    (public edition: from the suppressed totals, a hidden value saying so)."""
    years = shown_years(view, exact)
    rows = years[(years["year"] == view.period.year) & years["kind"].isin(KINDS)]
    lines = []
    for r in rows.itertuples(index=False):
        hidden = not exact and missing(r.unique if r.basis == "unique" else r.visits)
        value = r.unique if r.basis == "unique" else r.visits
        words = {"kind": c.kind(r.kind), "value": c.count(value, hidden), "basis": c.basis(r.basis)}
        if missing(r.target):
            lines.append(c.t("activities.report.summary_no_target", **words))
            continue
        lines.append(c.t("activities.report.summary_line", target=c.count(r.target),
                         share=c.share(r.share_of_target, hidden),
                         forecast=c.count(r.forecast, hidden), **words))  # fmt: skip
    return lines


def mark_hidden(shown: list[dict[str, Any]], exact: list[dict[str, Any]],
                c: Cells) -> list[dict[str, Any]]:  # fmt: skip
    """The public rows with "skjult" where the public cell is empty but the exact one is not
    (both rows come from the same frame order, so they pair up)."""
    none, word = c.t("activities.progress.none"), c.t("activities.progress.suppressed")
    return [{k: word if v == none and e.get(k) != none else v for k, v in row.items()}
            for row, e in zip(shown, exact, strict=True)]  # fmt: skip


def edition_tables(view: ProgressView, c: Cells, public: bool) -> dict[str, Any]:
    """The report's tables of quarters, offers, venues and home areas: exact for the staff
    edition; for the public edition from :func:`public_view`, hidden cells marked."""
    builders = {"quarters": pv.quarter_rows, "offers": pv.offer_rows, "venues": pv.venue_rows,
                "areas": pv.area_rows}  # fmt: skip
    quarter = view.period.quarter
    exact = {name: rows(view, c) for name, rows in builders.items()}
    exact["quarter_rows"] = pv.quarter_rows(view, c, quarter) if quarter else []
    if not public:
        return exact
    shown_view = public_view(view)
    shown = {name: rows(shown_view, c) for name, rows in builders.items()}
    shown["quarter_rows"] = pv.quarter_rows(shown_view, c, quarter) if quarter else []
    return {name: mark_hidden(shown[name], exact[name], c) for name in exact}


def area_line(db: Session, view: ProgressView, c: Cells) -> str:
    """ "Projektområde: 9210 Aalborg SØ" when the project has its own area, else nothing."""
    area = project_area(db, view.project.area_id)
    return c.t("reach.area", area=area.label) if area is not None else ""


def reach_section(
    db: Session, view: ProgressView, c: Cells, public: bool = False
) -> dict[str, Any]:
    """The reach map's URL and the areas of high need and low reach, or why they are missing
    (no ranking data for the kommune, no residents): the rest of the report stands without.
    The public edition suppresses the areas' visits (and their rate per 1,000) and leaves the
    map out: it shows the exact counts."""
    period, project = view.period, view.project
    try:
        table = reach_table(db, project, period.year, None, period.as_of)
    except (GeodataError, IndicatorError, ValueError) as exc:
        db.rollback()
        logger.info("reach table unavailable for %s: %s", project.code, exc)
        return {"reach_error": c.t("activities.report.reach_missing",
                                   reason=translated(exc, c.lang))}  # fmt: skip
    rows = _reach_rows(table, c)
    if public:
        shown = suppress_parts(table.reset_index(drop=True), ("visits",))
        shown["per_1000"] = shown["per_1000"].where(shown["visits"].notna(), np.nan)
        return {"reach_rows": mark_hidden(_reach_rows(shown, c), rows, c)}
    url = reach_map_url(project.code, period.year, None, period.as_of)
    return {"reach_url": url, "reach_rows": rows}


def _reach_rows(table: pd.DataFrame, c: Cells) -> list[dict[str, Any]]:
    flagged = table[table["high_need_low_reach"].fillna(False).astype(bool)]
    return [{"name": r.name, "kind": c.t(f"activities.report.area_kind.{r.area_kind}"),
             "residents": c.count(r.residents), "visits": c.count(r.visits),
             "per_1000": c.count(r.per_1000, decimals=1), "need_rank": c.count(r.need_rank)}
            for r in flagged.itertuples(index=False)]  # fmt: skip
