"""Real or synthetic, in words: the ranking page's source table, the JSON ``sources`` list, the
area page's per-value tags and its "the municipality in figures" section.

The pages show a status as a word in a tag (Reel / Syntetisk / Blandet), never as a colour
alone, and the same status goes into the JSON, so what a planner reads and what a script gets
cannot disagree. Kommune figures go through :func:`indicators.publishable` like every area value
(a kommune total is never small, but a share with a small numerator would be).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from app.format import number
from app.i18n import translator
from geodata.queries.sources import (
    DERIVED_TABLES,
    area_value_sources,
    derived_area_sources,
    derived_sources,
    derived_value_sources,
    indicator_sources,
    kommune_of,
    real_area_figures,
    value_sources,
)
from indicators import Profile, publishable
from usecases.ranking import RankingRun
from usecases.ranking_profiles import disclosure_profile
from usecases.ranking_text import value_text

# Units that only say "a count": the number stands alone ("Folketal 214.742").
COUNT_UNITS = {"antal", "personer", "number", "persons", "count"}


def profile_sources(
    session: Session, run: RankingRun, area_kind: str, period: str
) -> list[dict[str, Any]]:
    """One entry per indicator of the profile: status (None without values), counts, credits.

    The derived capacity columns (``derived: true``) are judged per area by the places they
    count and the resident count they divide by; their spatial query runs only when the profile
    has one."""
    parts = [indicator_sources(session, area_kind, period, list(run.profile.columns))]
    if any(c in DERIVED_TABLES for c in run.profile.columns):
        parts.append(derived_sources(derived_area_sources(session, area_kind)))
    found = pd.concat(parts, ignore_index=True)
    by_code = {str(r["indicator"]): r for r in found.to_dict("records")}
    out = []
    for column in run.profile.columns:
        item = by_code.get(column)
        out.append(
            {
                "indicator": column,
                "status": item["status"] if item else None,
                "real_values": int(item["real_values"]) if item else 0,
                "synthetic_values": int(item["synthetic_values"]) if item else 0,
                "credits": sorted(item["credits"]) if item else [],
                "layers": sorted(item["layers"]) if item else [],
                "derived": column in DERIVED_TABLES,
            }
        )
    return out


def source_rows(
    session: Session, run: RankingRun, area_kind: str, period: str, lang: str
) -> list[dict[str, Any]]:
    """The ranking page's "where the figures come from" table, in ``lang``."""
    t = translator(lang)
    rows = []
    for item in profile_sources(session, run, area_kind, period):
        status = item["status"] or "none"
        counts = {
            "real": number(item["real_values"], lang),
            "synthetic": number(item["synthetic_values"], lang),
        }
        layers = ", ".join(item["layers"])
        credit = "; ".join(item["credits"]) or (
            t("sources.no_credit", layers=layers) if layers else "–"
        )
        rows.append(
            {
                "indicator": item["indicator"],
                "name": run.label(item["indicator"], lang),
                "status": status,
                "tag": t(f"sources.status.{status}"),
                "counts": t("sources.values", **counts),
                "credit": credit,
                "note": t("sources.derived") if item["derived"] else None,
                "period": t("sources.derived_period") if item["derived"] else period,
            }
        )
    return rows


def with_source_columns(
    frame: pd.DataFrame, session: Session, run: RankingRun, area_kind: str, period: str,
    lang: str | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The download frame plus ``source__<indicator>`` per profile indicator with a value:
    "real"/"synthetic" (``lang`` None, for programs) or the word in ``lang`` (for people); blank
    where the area has no value. Two grouped queries at most, whatever the number of areas."""
    columns = list(run.profile.columns)
    values = area_value_sources(session, area_kind, period, columns)
    if any(c in DERIVED_TABLES for c in columns):
        derived = derived_value_sources(derived_area_sources(session, area_kind))
        values = pd.concat([values, derived], ignore_index=True)
    words = {True: "synthetic", False: "real"}
    if lang is not None:
        t = translator(lang)
        words = {flag: t(f"sources.status.{word}").lower() for flag, word in words.items()}
    values = values.assign(word=values["synthetic"].astype(bool).map(words))
    wide = values.pivot(index="area_code", columns="indicator", values="word")
    out = frame.copy()
    codes = out[run.id_column].astype(str)
    for column in columns:
        if column in wide.columns:
            out[f"source__{column}"] = codes.map(wide[column]).to_numpy()
    return out


def area_sources(
    session: Session, kind: str, code: str, period: str, columns: list[str]
) -> dict[str, bool]:
    """Indicator -> True when this area's value is synthetic, False when real (absent without
    a value): stored values in ``period`` and, when ``columns`` has them, the capacity columns
    judged by the places counted in the area and its resident count."""
    synthetic = value_sources(session, kind, code, period)
    if any(c in DERIVED_TABLES for c in columns):
        derived = derived_value_sources(derived_area_sources(session, kind, code))
        synthetic.update({str(r.indicator): bool(r.synthetic) for r in derived.itertuples()})
    return synthetic


def tag_rows(
    rows: list[dict[str, Any]], synthetic: dict[str, bool], lang: str
) -> list[dict[str, Any]]:
    """The area page's rows (each with its indicator ``code``) with ``source``
    ("real"/"synthetic", None without a value) and ``source_tag``, the word shown."""
    t = translator(lang)
    for row in rows:
        flag = synthetic.get(str(row.get("code")))
        row["source"] = None if flag is None else ("synthetic" if flag else "real")
        row["source_tag"] = t(f"sources.status.{row['source']}") if row["source"] else None
    return rows


def unit_in(unit: str, lang: str) -> str:
    """A loaded (Danish) unit in ``lang``, where the catalogue words it (as RankingRun.unit)."""
    if lang != "en" or not unit:
        return unit
    key = f"ranking.unit.{unit}"
    worded = translator("en")(key)
    return unit if worded == key else worded


def kommune_figures(
    session: Session, kind: str, code: str, profile: Profile, lang: str
) -> dict[str, Any] | None:
    """The real kommune-level values of the kommune the area lies in, the newest period per
    indicator (``value`` None when the source leaves it out, ``hidden`` by the small-number
    rule), counts (the population) first; None when there are none."""
    kommune = kommune_of(session, kind, code)
    if kommune is None:
        return None
    frame = real_area_figures(session, "kommune", kommune[0])
    if frame.empty:
        return None
    hidden = _small(frame, profile)
    counts_first = frame["unit"].fillna("").str.strip().str.lower().isin(COUNT_UNITS)
    frame = frame.assign(_count=~counts_first).sort_values(["_count", "indicator"], kind="stable")
    rows = []
    for r in frame.itertuples():
        unit = (
            "" if str(r.unit or "").strip().lower() in COUNT_UNITS else unit_in(r.unit or "", lang)
        )
        rows.append(
            {
                "indicator": r.indicator,
                "name": r.name_da if lang == "da" else r.name_en,
                "hidden": hidden[r.indicator],
                "value": None if hidden[r.indicator] else value_text(r.value, unit, lang),
                "period": r.period,
                "credit": r.credit or "",
            }
        )
    return {"code": kommune[0], "name": kommune[1], "rows": rows}


def _small(frame: pd.DataFrame, profile: Profile) -> dict[str, bool]:
    """Indicator -> hidden by the profile's small-number rules (one row: the kommune)."""
    wide: dict[str, list[Any]] = {}
    for r in frame.itertuples():
        wide[r.indicator] = [r.value]
        if pd.notna(r.numerator):
            wide[f"{r.indicator}__num"] = [r.numerator]
        if pd.notna(r.denominator):
            wide[f"{r.indicator}__den"] = [r.denominator]
    codes = list(frame["indicator"])
    table = pd.DataFrame({profile.id_column: ["kommune"], **wide})
    public = publishable(table, disclosure_profile(profile, codes))
    return {c: bool(public[f"suppressed__{c}"].iloc[0]) for c in codes}
