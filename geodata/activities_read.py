"""Reading a project's progress: the views of the progress page, reports, downloads and API.

Every view is computed by the pure :func:`activities.progress.summarise` from the frames
geodata.queries.activities(.read) reads, up to an as-of date, so a quarterly status printed in
October shows the numbers as they stood on 30 September. Staff get exact counts; the public gets
only :func:`public_totals`: a published project's totals by year and kind with every count of
1-4 suppressed and, because the year's total is shown beside the kinds, secondary cells too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from activities import KINDS
from activities.privacy import suppress_small
from activities.progress import COLUMNS, summarise
from geodata.errors import GeodataError
from geodata.queries import activities as q
from geodata.queries import activities_read as read_q
from geodata.queries.activities import ProjectRow

TOTAL = "total"  # the kind of a year's row over all kinds
PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")
EVALUATOR_KEYS = ("quarter", "kind", "offer", "venue", "age_band", "home_kind")
# A printed report shows at most this many evaluator rows; beyond it the columns at the end of
# EVALUATOR_KEYS are summed away (ALL) until it fits, and the download keeps every row.
REPORT_EVALUATOR_ROWS = 250
ALL = "*"
STAFF_TABLES = ("progress", "quarters", "offers", "venues", "evaluator")
PUBLIC_TABLES = ("progress",)


@dataclass(frozen=True)
class Period:
    """What a page or report is about: a year (and a quarter, for the quarterly status), counted
    up to ``as_of``."""

    year: int
    quarter: int | None
    as_of: date


@dataclass(frozen=True)
class ProgressView:
    """The tables of one project's progress page for one year (staff view: exact counts)."""

    project: ProjectRow
    period: Period
    years: pd.DataFrame  # every project year x kind, plus a 'total' kind per year
    quarters: pd.DataFrame  # the year's quarters x kinds
    offers: pd.DataFrame  # the year's offers (also those without sessions)
    venues: pd.DataFrame  # the year's venues by name
    areas: pd.DataFrame  # the year by home boligområde and kind, against per-area targets
    evaluator: pd.DataFrame  # sessions and participants per quarter, offer, venue, age, home
    synthetic: bool  # the project or one of its offers is synthetic (demo data)
    # the evaluator table as a printed report shows it (evaluator_on_page), and what it sums away
    evaluator_page: pd.DataFrame | None = None
    evaluator_folded: tuple[str, ...] = ()


def choose_period(project: ProjectRow, year: int | None, as_of: date | None, today: date) -> Period:
    """The year asked for (default: the as-of year, kept inside the project) counted up to
    ``as_of`` (default: today). A year outside the project is a located 422."""
    as_of = as_of or today
    if year is None:
        year = min(max(as_of.year, project.starts_on.year), project.ends_on.year)
    check_year(project, year)
    return Period(year, None, as_of)


def check_year(project: ProjectRow, year: int) -> None:
    first, last = project.starts_on.year, project.ends_on.year
    if not first <= year <= last:
        raise GeodataError(f"{year} is outside the project ({first}-{last})",
                           key="activities.progress.err.year", year=year, first=first,
                           last=last)  # fmt: skip


def parse_period(project: ProjectRow, text: str, today: date) -> Period:
    """ "2026-Q2" (the quarterly status) or "2026" (the yearly report), counted to the end of
    the quarter or year, or to today while it is still running."""
    match = PERIOD.match(text.strip())
    if match is None:
        raise GeodataError(f"a period is a year (2026) or a quarter (2026-Q2), not {text!r}",
                           key="activities.progress.err.period", period=text)  # fmt: skip
    year = int(match.group(1))
    check_year(project, year)
    quarter = int(match.group(2)) if match.group(2) else None
    end = date(year, 12, 31) if quarter is None else quarter_end(year, quarter)
    return Period(year, quarter, min(end, today))


def quarter_end(year: int, quarter: int) -> date:
    """The last day of the quarter (31 March, 30 June, 30 September, 31 December)."""
    return (pd.Timestamp(year=year, month=3 * quarter, day=1) + pd.offsets.MonthEnd(0)).date()


def progress_view(db: Session, project: ProjectRow, period: Period) -> ProgressView:
    """Every table of the page and the reports, exact (for staff). The whole project is read
    once (years need every year up to as_of), then cut in pandas."""
    visits, codes, targets = q.progress_frames(db, project.id)
    visits = visits[visits["held_on"] <= period.as_of]
    codes = codes[codes["held_on"] <= period.as_of]
    span = {"project_starts": project.starts_on, "project_ends": project.ends_on}
    in_year_v, in_year_c = visits[visits["year"] == period.year], _year_codes(codes, period.year)
    offers = q.offers(db, project.id)
    evaluator = evaluator_table(in_year_v)
    page, folded = evaluator_on_page(in_year_v, evaluator)
    return ProgressView(
        project=project,
        period=period,
        years=years_table(visits, codes, targets, period.as_of, project),
        quarters=quarters_table(in_year_v, in_year_c, period),
        offers=offers_table(in_year_v, in_year_c, period.as_of, offers, **span),
        venues=_with_sessions(
            summarise(in_year_v, in_year_c, targets, period.as_of, by=("venue",), **span),
            in_year_v, "venue",
        ),
        areas=areas_table(db, project, period),
        evaluator=evaluator,
        synthetic=project.synthetic or any(bool(o.synthetic) for o in offers),
        evaluator_page=page, evaluator_folded=folded,
    )  # fmt: skip


def _year_codes(codes: pd.DataFrame, year: int) -> pd.DataFrame:
    return codes[pd.to_datetime(codes["held_on"]).dt.year == year] if len(codes) else codes


def years_table(
    visits: pd.DataFrame, codes: pd.DataFrame, targets: pd.DataFrame, as_of: date,
    project: ProjectRow,
) -> pd.DataFrame:  # fmt: skip
    """Each project year x kind, and each year's total over the kinds: a kind with neither a
    target nor a session still gets its row of 0 visits (the page's grid has no holes)."""
    span = {"project_starts": project.starts_on, "project_ends": project.ends_on}
    by_kind = summarise(visits, codes, targets, as_of, by=("year", "kind"), **span)
    total = summarise(visits, codes, targets, as_of, by=("year",), **span).assign(kind=TOTAL)
    years = range(project.starts_on.year, project.ends_on.year + 1)
    grid = pd.MultiIndex.from_product([years, [*KINDS, TOTAL]], names=["year", "kind"])
    out = pd.concat([by_kind, total]).set_index(["year", "kind"])
    out = out[out.index.isin(grid)].reindex(grid)
    out["visits"] = out["visits"].fillna(0).astype("int64")
    out["basis"] = out["basis"].fillna("visits")
    out["target"] = out["target"].round().astype("Int64")  # a promise of whole people
    return out.reset_index()[["year", "kind", *COLUMNS]]


def quarters_table(visits: pd.DataFrame, codes: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The year's four quarters x kinds; a quarter after the as-of date is blank, not 0."""
    table = summarise(visits, codes, pd.DataFrame(), period.as_of, by=("quarter", "kind"))
    grid = pd.MultiIndex.from_product([range(1, 5), KINDS], names=["quarter", "kind"])
    out = table.set_index(["quarter", "kind"]).reindex(grid)
    started = [date(period.year, 3 * qr - 2, 1) <= period.as_of for qr in range(1, 5)]
    known = np.repeat(started, len(KINDS))
    out["visits"] = out["visits"].fillna(0).astype("float64").where(known, np.nan)
    out["visits"] = out["visits"].astype("Int64")
    out = out.reset_index().assign(year=period.year)
    return out[["year", "quarter", "kind", "visits", "unique", "coded_share"]]


def offers_table(
    visits: pd.DataFrame, codes: pd.DataFrame, as_of: date, offers: list, **span: date | None
) -> pd.DataFrame:
    """Each offer of the project (also those without sessions this year), with its kind, its
    sessions and whether it is synthetic."""
    table = summarise(visits, codes, pd.DataFrame(), as_of, by=("offer",), **span)
    listed = pd.DataFrame([(o.name, o.kind, bool(o.synthetic)) for o in offers],
                          columns=["offer", "kind", "synthetic"])  # fmt: skip
    out = listed.merge(table, on="offer", how="left")
    out["visits"] = out["visits"].fillna(0).astype("int64")
    out = _with_sessions(out, visits, "offer")
    return out[["offer", "kind", "synthetic", "sessions", "visits", "unique", "coded_share"]]


def _with_sessions(table: pd.DataFrame, visits: pd.DataFrame, key: str) -> pd.DataFrame:
    counts = visits.groupby(key)["session_id"].nunique() if len(visits) else pd.Series(dtype=int)
    table = table.copy()
    table["sessions"] = table[key].map(counts).fillna(0).astype("int64")
    if key == "venue":
        return table[["venue", "sessions", "visits", "unique", "coded_share"]]
    return table


def areas_table(db: Session, project: ProjectRow, period: Period) -> pd.DataFrame:
    """Participants by the boligområde they live in, against the per-area targets; empty when
    the project has no per-area target (then the page leaves the table out)."""
    visits, targets = read_q.home_area_frames(db, project.id)
    columns = ["area", "area_name", "kind", "visits", "target", "share_of_target", "forecast",
               "on_track"]  # fmt: skip
    if targets.empty:
        return pd.DataFrame(columns=columns)
    names = dict(zip(targets["area"], targets["area_name"], strict=True))
    names |= dict(zip(visits["area"], visits["area_name"], strict=True))
    visits = visits[(visits["held_on"] <= period.as_of) & (visits["year"] == period.year)]
    no_codes = pd.DataFrame(columns=list(q.CODE_COLUMNS))
    table = summarise(visits, no_codes, targets[targets["year"] == period.year], period.as_of,
                      by=("year", "kind", "area"), project_starts=project.starts_on,
                      project_ends=project.ends_on)  # fmt: skip
    table["area_name"] = table["area"].map(names)
    return table.sort_values(["area", "kind"])[columns].reset_index(drop=True)


def evaluator_table(visits: pd.DataFrame, keys: tuple[str, ...] = EVALUATOR_KEYS) -> pd.DataFrame:
    """Sessions and participants per quarter, kind, offer, venue, age band and home kind: the
    rows an evaluator needs to redo the sums (its participants add up to the year's visits)."""
    if visits.empty:
        return pd.DataFrame(columns=[*EVALUATOR_KEYS, "sessions", "participants"])
    grouped = visits.groupby(list(keys), dropna=False)
    out = grouped.agg(sessions=("session_id", "nunique"), participants=("participants", "sum"))
    return out.reset_index()


def evaluator_on_page(
    visits: pd.DataFrame, full: pd.DataFrame | None = None, limit: int = REPORT_EVALUATOR_ROWS
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The evaluator table a printed report can hold: the full one (``full``, when the caller
    has it) when it has at most ``limit`` rows, else with home, then age band, then venue, then
    offer summed away (shown as ALL) until it fits, and the names of the columns summed away.
    Participants still add up to the year's visits; each row's sessions are the distinct
    sessions behind it (so the coarser table is grouped from the visits, once)."""
    full = evaluator_table(visits) if full is None else full
    if len(full) <= limit:
        return full, ()
    keep = len(EVALUATOR_KEYS) - 1
    while keep > 2 and len(full[list(EVALUATOR_KEYS[:keep])].drop_duplicates()) > limit:
        keep -= 1
    folded = EVALUATOR_KEYS[keep:]
    table = evaluator_table(visits, EVALUATOR_KEYS[:keep])
    return table.assign(**{column: ALL for column in folded}), folded


def public_totals(years: pd.DataFrame) -> pd.DataFrame:
    """The published totals: year x kind (and the year's total) with visits and unique counts
    of 1-4 suppressed, secondary cells hidden so that no blank follows from the total, and the
    share, forecast and on-track blanked where the count they are made of is hidden (the share
    times the target would give the count back). Codes' coverage is left out altogether."""
    out = years.drop(columns=["coded_share"]).copy()
    for measure in ("visits", "unique"):
        wide = out.pivot(index="year", columns="kind", values=measure)
        wide = suppress_small(wide.reset_index(), list(KINDS), total_column=TOTAL)
        long = wide.melt(id_vars="year", value_vars=[*KINDS, TOTAL], var_name="kind",
                         value_name=measure)  # fmt: skip
        out = out.drop(columns=measure).merge(long, on=["year", "kind"], how="left")
    basis_hidden = np.where(out["basis"] == "unique", out["unique"].isna(), out["visits"].isna())
    out = blank_derived(out, basis_hidden)
    columns = ["year", "kind", "visits", "unique", "target", "share_of_target", "basis",
               "forecast", "on_track"]  # fmt: skip
    return out[columns]


def blank_derived(table: pd.DataFrame, hidden: np.ndarray | pd.Series) -> pd.DataFrame:
    """Share of target, forecast and on-track blanked where the count they are made of is
    hidden (the share times the target, or the forecast, would give the count back)."""
    out = table.copy()
    hidden = np.asarray(hidden, dtype=bool)
    for column in ("share_of_target", "forecast"):
        if column in out:
            out[column] = out[column].where(~hidden, np.nan)
    if "on_track" in out:
        out["on_track"] = out["on_track"].astype("boolean").where(~hidden, pd.NA)
    return out


def suppress_parts(table: pd.DataFrame, measures: tuple[str, ...],
                   group: str | None = None) -> pd.DataFrame:  # fmt: skip
    """``table`` with the counts of its rows suppressed as parts of a known whole: the rows of
    one ``group`` (or all rows) add up to a total printed elsewhere (a kind's quarters, offers
    or home areas to the kind's year; the venues to the year), so each group is one line of
    :func:`suppress_small` with that total, and no lone blank follows from it by subtraction."""
    out = table.copy()
    groups = [out.index] if group is None else list(out.groupby(group).groups.values())
    for measure in measures:
        values = out[measure].astype("Float64").astype("float64")
        for rows in (r for r in groups if len(r)):
            parts = [f"p{i}" for i in range(len(rows))]
            line = pd.DataFrame([values.loc[rows].to_numpy()], columns=parts)
            line[TOTAL] = np.nansum(line.to_numpy())
            kept = suppress_small(line, parts, total_column=TOTAL).loc[0, parts]
            values.loc[rows] = kept.to_numpy(dtype="float64", na_value=np.nan)
        out[measure] = values.round().astype("Float64").astype("Int64")
    return out


def public_view(view: ProgressView) -> ProgressView:
    """The view a published committee paper may show: every count of quarters, offers, venues
    and home areas suppressed within its kind (public_totals does the years: callers use
    exact=False there), shares and forecasts of a hidden count blanked, codes' coverage left
    out, and no evaluator rows (they are single sessions of single age bands)."""

    def coverage_out(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(coded_share=np.nan) if "coded_share" in frame else frame

    areas = suppress_parts(view.areas, ("visits",), "kind")
    areas = blank_derived(areas, areas["visits"].isna() & view.areas["visits"].notna())
    no_rows = view.evaluator.iloc[0:0]
    return replace(
        view, quarters=coverage_out(suppress_parts(view.quarters, ("visits", "unique"), "kind")),
        offers=coverage_out(suppress_parts(view.offers, ("visits", "unique"), "kind")),
        venues=coverage_out(suppress_parts(view.venues, ("visits", "unique"))),
        areas=areas, evaluator=no_rows, evaluator_page=no_rows, evaluator_folded=(),
    )  # fmt: skip


def export_table(view: ProgressView, table: str, exact: bool) -> pd.DataFrame:
    """A download's rows: staff any table exact; the public only the suppressed totals (the
    caller answers 403 for the other tables before asking)."""
    if not exact:
        if table not in PUBLIC_TABLES:
            raise ValueError(f"table {table!r} is for staff only")
        return public_totals(view.years)
    frames = {"progress": view.years, "quarters": view.quarters, "offers": view.offers,
              "venues": view.venues, "evaluator": view.evaluator}  # fmt: skip
    return frames[table]
