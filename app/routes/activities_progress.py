"""A project's progress: the page, the printable reports, the table downloads and the JSON API.

Who sees what is decided once (app/routes/activities_access.py): staff (planners, coordinators,
admins) get exact counts of any project; the public gets a published project's totals by year
and kind with small counts suppressed (geodata.activities_read.public_totals), and a 404 for an
unpublished one. Sessions, offers, venues and areas never leave staff hands, neither on the page,
nor in a download, nor in the API; the reports are for the steering group and the committee and
so for staff only (the public has the page's published totals).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from app.deps import DB_SESSION
from app.downloads import TableFormat, for_people, table_response
from app.errors import PROBLEM, HTTPError
from app.i18n import language, translator
from app.params import PathText
from app.routes import activities_progress_view as pv
from app.routes.activities_access import readable_project, require_reader, staff_viewer
from app.routes.activities_report_view import (
    area_line,
    edition_tables,
    reach_section,
    summary_lines,
)
from app.web import render
from geodata.activities_read import (
    PUBLIC_TABLES,
    STAFF_TABLES,
    ProgressView,
    choose_period,
    export_table,
    parse_period,
    progress_view,
)
from geodata.models_assets import User

router = APIRouter(tags=["activities"])
BY = ("kind", "quarter", "offer", "venue")
YEAR_RANGE = (2000, 2100)
EARLIEST = date(1900, 1, 1)  # as-of dates before any project clamp here (no date underflow)
Year = Annotated[
    int | None,
    Query(ge=YEAR_RANGE[0], le=YEAR_RANGE[1], description="The year (default: the as-of date's)."),
]
AsOf = Annotated[date | None, Query(description="Count sessions up to this day (default today).")]
By = Annotated[
    str,
    Query(pattern="^(kind|quarter|offer|venue)$", json_schema_extra={"enum": BY},
          description="kind: the published totals; the rest: staff only."),
]  # fmt: skip
PeriodText = Annotated[
    str,
    Query(min_length=4, max_length=7, pattern=r"^\d{4}(-Q[1-4])?$",
          description="2026 (yearly report) or 2026-Q2 (quarter)."),
]  # fmt: skip
Edition = Annotated[
    Literal["staff", "public"],
    Query(description="staff: exact counts; public: the committee paper, 1-4 hidden."),
]
Table = Annotated[str, Query(pattern="^(progress|quarters|offers|venues|evaluator)$",
                             json_schema_extra={"enum": list(STAFF_TABLES)})]  # fmt: skip


def _lang(request: Request) -> str:
    return language(request, request.app.state.settings.default_language)


def _view(
    request: Request, db: Session, code: str, year: int | None, as_of: date | None
) -> tuple[ProgressView, bool]:
    viewer = staff_viewer(request, db)
    project = readable_project(db, code, viewer)
    today = date.today()
    if viewer is None:
        as_of = published_as_of(as_of or today, today)
    period = choose_period(project, year, as_of, today)
    return progress_view(db, project, period), viewer is not None


def published_as_of(asked: date, today: date) -> date:
    """The public's as-of date: the end of the last quarter that had ended by the day asked.

    Published totals are counted only to quarter ends. With any day allowed, the totals of two
    neighbouring days differ by one day's sessions, and a suppressed count (3 health visits)
    comes back as the difference of two shown totals; staff choose any day."""
    day = max(min(asked, today), EARLIEST)
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    next_start = (start + timedelta(days=92)).replace(day=1)
    return day if day == next_start - timedelta(days=1) else start - timedelta(days=1)


@router.get("/activities/{code}", response_class=HTMLResponse, include_in_schema=False)
def progress_page(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None,
    db: Session = DB_SESSION,
) -> HTMLResponse:  # fmt: skip
    """The progress page: staff exact, the public the published totals (suppressed)."""
    view, exact = _view(request, db, code, year, as_of)
    lang = _lang(request)
    c = pv.Cells(translator(lang), lang)
    context: dict[str, Any] = {
        "view": view, "project": view.project, "period": view.period, "exact": exact,
        "years": pv.year_rows(view, exact, c), "figure": pv.figure(view, exact, c),
        "downloads": pv.download_links(view.project.code, exact, c),
    }  # fmt: skip
    if exact:
        context |= _staff_tables(view, c)
        context["report_quarters"] = [q for q in range(1, 5) if _started(view, q)]
    return render(request, "activities/progress.html", **context)


def _started(view: ProgressView, quarter: int) -> bool:
    return date(view.period.year, 3 * quarter - 2, 1) <= min(view.period.as_of, date.today())


def _staff_tables(view: ProgressView, c: pv.Cells) -> dict[str, Any]:
    return {"quarters": pv.quarter_rows(view, c), "offers": pv.offer_rows(view, c),
            "venues": pv.venue_rows(view, c), "areas": pv.area_rows(view, c)}  # fmt: skip


@router.get("/activities/{code}/report", response_class=HTMLResponse, include_in_schema=False)
def report_page(
    request: Request, code: PathText, period: PeriodText, edition: Edition = "staff",
    db: Session = DB_SESSION, user: User = Depends(require_reader),
) -> HTMLResponse:  # fmt: skip
    """The quarterly status (?period=2026-Q2) or the yearly report (?period=2026), printable;
    ?edition=public is the committee paper's edition, small counts suppressed (still opened by
    staff, who prepare it)."""
    project = readable_project(db, code, user)
    view = progress_view(db, project, parse_period(project, period, date.today()))
    lang = _lang(request)
    c = pv.Cells(translator(lang), lang)
    quarter, public = view.period.quarter, edition == "public"
    evaluator_total = int(view.evaluator["participants"].sum()) if len(view.evaluator) else 0
    context: dict[str, Any] = {
        "view": view, "project": project, "period": view.period, "exact": not public,
        "public": public, "period_text": period.strip(), "area_line": area_line(db, view, c),
        "years": [r for r in pv.year_rows(view, not public, c) if r["year"] == view.period.year],
        "figure": pv.figure(view, not public, c), "summary": summary_lines(view, c, not public),
        "evaluator": [] if public else pv.evaluator_rows(view, c),
        "evaluator_total": c.count(evaluator_total),
        "evaluator_folded": c.t("activities.report.evaluator_folded", n=len(view.evaluator))
        if view.evaluator_folded else "",
        "report": True, "title": c.t("activities.report.quarter_title" if quarter else
                                     "activities.report.year_title", name=project.name),
    } | edition_tables(view, c, public) | reach_section(db, view, c, public)  # fmt: skip
    return render(request, "activities/report.html", **context)


@router.get("/activities/{code}/download", include_in_schema=False)
def download(
    request: Request, code: PathText, table: Table = "progress",
    format: TableFormat = TableFormat.csv, year: Year = None, as_of: AsOf = None,
    db: Session = DB_SESSION,
) -> Response:  # fmt: skip
    """A table as CSV, Danish CSV or .xlsx; without staff login only the suppressed totals."""
    view, exact = _view(request, db, code, year, as_of)
    if not exact and table not in PUBLIC_TABLES:
        raise HTTPError(403, "activities.progress.err.staff_table", table=table)
    frame = export_table(view, table, exact)
    lang = _lang(request)
    if for_people(format):
        frame = pv.header_names(_for_people(frame, lang), translator(lang))
    stem = f"aktiviteter_{view.project.code}_{table}_{view.period.year}"
    return table_response(frame, format, stem, lang)


def _for_people(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Kinds and flags in words for a spreadsheet reader; a program's CSV keeps the codes."""
    c = pv.Cells(translator(lang), lang)
    out = frame.copy()
    if "kind" in out.columns:
        out["kind"] = out["kind"].map(c.kind)
    if "basis" in out.columns:
        out["basis"] = out["basis"].map(c.basis)
    for column, prefix in (("age_band", "activities.band."), ("home_kind", "activities.home.")):
        if column in out.columns:
            out[column] = out[column].map(lambda v, p=prefix: c.t(f"{p}{v}"))
    return out


STAFF_ONLY = {
    403: {
        "description": "A breakdown other than by kind, asked without staff login",
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
}


@router.get("/api/activities/projects/{code}/progress", responses=STAFF_ONLY)  # type: ignore[arg-type]
def progress_api(
    request: Request, code: PathText, year: Year = None, as_of: AsOf = None, by: By = "kind",
    db: Session = DB_SESSION,
) -> JSONResponse:  # fmt: skip
    """Progress as JSON: by kind (every viewer; the public gets published totals, suppressed),
    or by quarter, offer or venue (staff only)."""
    view, exact = _view(request, db, code, year, as_of)
    if not exact and by != "kind":
        raise HTTPError(403, "activities.progress.err.staff_table", table=by)
    frames = {"kind": pv.shown_years(view, exact), "quarter": view.quarters,
              "offer": view.offers, "venue": view.venues}  # fmt: skip
    frame = frames[by]
    if "year" in frame.columns:
        frame = frame[frame["year"] == view.period.year]
    p = view.project
    body = {
        "project": {"code": p.code, "name": p.name, "starts_on": p.starts_on.isoformat(),
                    "ends_on": p.ends_on.isoformat(), "synthetic": p.synthetic or view.synthetic,
                    "published": p.published},
        "year": view.period.year, "as_of": view.period.as_of.isoformat(), "by": by,
        "exact": exact, "rows": records(frame),
    }  # fmt: skip
    return JSONResponse(body)


COUNTS = frozenset({"visits", "unique", "target", "sessions"})


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON objects: missing (unknown or suppressed) values are null, numbers plain and
    counts whole (a count column is float only because it may be missing)."""
    out = []
    for row in frame.to_dict(orient="records"):
        plain = {str(k): _plain(v) for k, v in row.items()}
        out.append({k: int(v) if k in COUNTS and isinstance(v, float) else v
                    for k, v in plain.items()})  # fmt: skip
    return out


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value
