"""The progress page's and reports' rows as text: numbers, hidden cells and words per language.

Kept apart from the routes so the templates only loop: every cell arrives formatted, and a cell
the public may not see says "skjult" (hidden) while a value nobody knows says "–". Which is which
is read by comparing the public frame with the exact one (a count both have missing is unknown).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from activities import KINDS
from app import format as fmt
from app.charts import Bar, progress_bars
from app.downloads import TableFormat
from geodata.activities_read import (
    ALL,
    PUBLIC_TABLES,
    STAFF_TABLES,
    TOTAL,
    ProgressView,
    public_totals,
)

MEASURES = ("visits", "unique", "target", "share_of_target", "basis", "forecast", "on_track")


def missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


class Cells:
    """Formats the cells of one language; `hidden` cells (suppressed) get their own word."""

    def __init__(self, t: Callable[..., str], lang: str) -> None:
        self.t, self.lang = t, lang

    def count(self, value: object, hidden: bool = False, decimals: int = 0) -> str:
        if hidden:
            return self.t("activities.progress.suppressed")
        if missing(value):
            return self.t("activities.progress.none")
        number = float(value)  # type: ignore[arg-type]
        return fmt.number(round(number, decimals) if decimals else round(number), self.lang)

    def share(self, value: object, hidden: bool = False) -> str:
        if hidden:
            return self.t("activities.progress.suppressed")
        return (
            self.t("activities.progress.none") if missing(value) else fmt.percent(value, self.lang)
        )

    def kind(self, kind: str) -> str:
        if kind == TOTAL:
            return self.t("activities.progress.total")
        return self.t(f"activities.kind.{kind}")

    def flag(self, value: object, hidden: bool = False) -> str:
        if hidden:
            return self.t("activities.progress.suppressed")
        if missing(value):
            return self.t("activities.progress.none")
        return self.t("activities.progress.yes" if value else "activities.progress.no")

    def basis(self, value: object) -> str:
        return self.t(f"activities.basis.{value}") if not missing(value) else ""


def shown_years(view: ProgressView, exact: bool) -> pd.DataFrame:
    return view.years if exact else public_totals(view.years)


def year_rows(view: ProgressView, exact: bool, c: Cells) -> list[dict[str, Any]]:
    """The by-year-and-kind rows (every project year, each kind and the year's total)."""
    shown = shown_years(view, exact)
    truth = view.years.set_index(["year", "kind"])
    rows = []
    for r in shown.itertuples(index=False):
        real = truth.loc[(r.year, r.kind)]

        def hidden(name: str, value: object, real: pd.Series = real) -> bool:
            return missing(value) and not missing(real[name])

        rows.append({
            "year": int(r.year), "kind": r.kind, "label": c.kind(r.kind), "total": r.kind == TOTAL,
            "visits": c.count(r.visits, hidden("visits", r.visits)),
            "unique": c.count(r.unique, hidden("unique", r.unique)),
            "target": c.count(r.target),
            "share": c.share(r.share_of_target, hidden("share_of_target", r.share_of_target)),
            "basis": c.basis(r.basis),
            "forecast": c.count(r.forecast, hidden("forecast", r.forecast)),
            "on_track": c.flag(r.on_track, hidden("on_track", r.on_track)),
        })  # fmt: skip
    return rows


def figure(view: ProgressView, exact: bool, c: Cells) -> str:
    """The SVG of the chosen year: one group per kind, its bar on the basis the target is
    measured on (public: hidden values left out, and the caption says "skjult")."""
    shown = shown_years(view, exact)
    year = shown[(shown["year"] == view.period.year) & (shown["kind"].isin(KINDS))]
    t = c.t

    def value(v: object) -> float | None:
        return None if missing(v) else float(v)  # type: ignore[arg-type]

    truth = view.years.set_index(["year", "kind"])
    bars = []
    for r in year.itertuples(index=False):
        real = truth.loc[(r.year, r.kind)]
        basis = r.unique if r.basis == "unique" else r.visits
        hidden = {n: missing(getattr(r, n)) and not missing(real[n])
                  for n in ("visits", "unique", "share_of_target")}  # fmt: skip
        caption = " · ".join((
            f"{t('activities.col.visits')} {c.count(r.visits, hidden['visits'])}",
            f"{t('activities.col.unique')} {c.count(r.unique, hidden['unique'])}",
            f"{t('activities.col.share_of_target')} "
            f"{c.share(r.share_of_target, hidden['share_of_target'])}",
            f"{t('activities.col.basis')}: {c.basis(r.basis)}",
        ))  # fmt: skip
        bars.append(Bar(c.kind(r.kind), value(basis), value(r.target), value(r.forecast), caption))
    legend = {m: t(f"activities.progress.legend.{m}") for m in ("value", "target", "forecast")}
    return progress_bars(
        bars, t("activities.progress.figure", year=view.period.year),
        t("activities.progress.figure_desc", year=view.period.year), legend,
        lambda v: fmt.number(round(v), c.lang), figure_id=f"fig-{view.period.year}",
    )  # fmt: skip


def quarter_rows(view: ProgressView, c: Cells, quarter: int | None = None) -> list[dict[str, Any]]:
    table = view.quarters if quarter is None else view.quarters[view.quarters["quarter"] == quarter]
    return [{"quarter": int(r.quarter), "kind": r.kind, "label": c.kind(r.kind),
             "visits": c.count(r.visits), "unique": c.count(r.unique),
             "coded": c.share(r.coded_share)} for r in table.itertuples(index=False)]  # fmt: skip


def offer_rows(view: ProgressView, c: Cells) -> list[dict[str, Any]]:
    return [{"offer": r.offer, "kind": c.kind(r.kind), "synthetic": bool(r.synthetic),
             "sessions": c.count(r.sessions), "visits": c.count(r.visits),
             "unique": c.count(r.unique), "coded": c.share(r.coded_share)}
            for r in view.offers.itertuples(index=False)]  # fmt: skip


def venue_rows(view: ProgressView, c: Cells) -> list[dict[str, Any]]:
    return [{"venue": r.venue, "sessions": c.count(r.sessions), "visits": c.count(r.visits),
             "unique": c.count(r.unique), "coded": c.share(r.coded_share)}
            for r in view.venues.itertuples(index=False)]  # fmt: skip


def area_rows(view: ProgressView, c: Cells) -> list[dict[str, Any]]:
    return [{"area": r.area, "name": r.area_name or r.area, "kind": c.kind(r.kind),
             "kind_code": r.kind,
             "visits": c.count(r.visits), "target": c.count(r.target),
             "share": c.share(r.share_of_target), "forecast": c.count(r.forecast),
             "on_track": c.flag(r.on_track)}
            for r in view.areas.itertuples(index=False)]  # fmt: skip


def evaluator_rows(view: ProgressView, c: Cells) -> list[dict[str, Any]]:
    """The report's evaluator rows: the bounded evaluator_page (columns summed away say so)."""
    t = c.t
    table = view.evaluator if view.evaluator_page is None else view.evaluator_page

    def word(value: str, prefix: str = "") -> str:
        if value == ALL:
            return t("activities.report.all")
        return t(f"{prefix}{value}") if prefix else value

    return [{"quarter": int(r.quarter), "kind": c.kind(r.kind), "offer": word(r.offer),
             "venue": word(r.venue), "age_band": word(r.age_band, "activities.band."),
             "home_kind": word(r.home_kind, "activities.home."),
             "sessions": c.count(r.sessions), "participants": c.count(r.participants)}
            for r in table.itertuples(index=False)]  # fmt: skip


def download_links(code: str, exact: bool, c: Cells) -> list[dict[str, Any]]:
    """One entry per table the viewer may download, each in the three forms."""
    tables = STAFF_TABLES if exact else PUBLIC_TABLES
    return [{"label": c.t(f"activities.progress.table.{name}"),
             "links": [(f.value, f"/activities/{code}/download?table={name}&format={f.value}")
                       for f in TableFormat]} for name in tables]  # fmt: skip


def header_names(frame: pd.DataFrame, t: Callable[..., str]) -> pd.DataFrame:
    """Column headers for people (Danish CSV, .xlsx): activities.col.* or this module's own."""
    names = {}
    for column in frame.columns:
        for prefix in ("activities.col.", "activities.progress.col."):
            text = t(prefix + str(column))
            if text != prefix + str(column):
                names[column] = text
                break
    return frame.rename(columns=names)
