"""Participants against targets: visits, unique participants, target share and year-end forecast.

Pure pandas on three frames that ``geodata/`` reads (see :func:`summarise`). Two measures, because
the project counts people ("500 deltagere") but most sessions only count heads: *visits* are the
summed counts, *unique* the distinct code hashes where coordinators noted codes. The target share
says which of the two it is measured on (``basis``), so a report never passes visits off as people.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

TARGET_KEYS = ("year", "kind", "area")  # a target is per project, year, kind and optionally area
COLUMNS = ("visits", "unique", "coded_share", "target", "share_of_target", "basis", "forecast",
           "on_track")  # fmt: skip
TREND_DAYS = 91  # the window for the pace of new participants: the last quarter


def quarter_of(d: date) -> int:
    """1-4: the quarter of the steering group's quarterly status (kvartalsvis status)."""
    return (d.month - 1) // 3 + 1


def summarise(
    visits: pd.DataFrame,
    codes: pd.DataFrame,
    targets: pd.DataFrame,
    today: date,
    by: Sequence[str] = ("year", "kind"),
    *,
    project_starts: date | None = None,
    project_ends: date | None = None,
) -> pd.DataFrame:
    """One row per group of ``by`` with the columns of :data:`COLUMNS`.

    ``visits``: one row per session and count cell (session_id, held_on, year, quarter, kind,
    offer, venue, age_band, home_kind, participants). ``codes``: one row per code hash and session
    (session_id, code_hash, held_on, kind, offer, venue). ``targets``: year, kind, participants
    (and optionally area). Groups with a target but no sessions are kept with 0 visits: a kind
    nobody has reached yet is the row the steering group most needs to see.
    """
    keys = list(by)
    out = _visits(visits, keys).join(_unique(codes, keys), how="outer")
    out = _with_targets(out, targets, keys)
    out["visits"] = out["visits"].fillna(0).astype("int64")
    out["coded_share"] = _coded_share(visits, codes, keys).reindex(out.index)
    _share_of_target(out)
    out["forecast"] = _forecast(out, codes, keys, today, project_starts, project_ends)
    out["on_track"] = _on_track(out)
    return out.reset_index()[[*keys, *COLUMNS]]


def _visits(visits: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return visits.groupby(keys, dropna=False)["participants"].sum().to_frame("visits")


def _with_time(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes carry the date only: year and quarter are derived the same way as for visits."""
    held = pd.to_datetime(codes["held_on"])
    return codes.assign(year=held.dt.year.astype("int64"), quarter=held.dt.quarter.astype("int64"))


def _session_level(codes: pd.DataFrame, keys: list[str]) -> bool:
    """Codes are per session, not per count cell: by age band or home kind they cannot be
    split, so unique and coded_share are then unknown rather than wrong."""
    return set(keys) <= {*codes.columns, "year", "quarter"}


def _unique(codes: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Distinct code hashes per group: a person coming to ten sessions counts once. Groups with
    no codes are absent here and so NaN after the join (unknown, not zero)."""
    if codes.empty or not _session_level(codes, keys):
        return pd.DataFrame({"unique": pd.Series(dtype="float64")},
                            index=_empty_index(keys))  # fmt: skip
    grouped = _with_time(codes).groupby(keys, dropna=False)["code_hash"].nunique()
    return grouped.astype("float64").to_frame("unique")


def _empty_index(keys: list[str]) -> pd.Index:
    if len(keys) == 1:
        return pd.Index([], name=keys[0])
    return pd.MultiIndex.from_arrays([[] for _ in keys], names=keys)


def _coded_share(visits: pd.DataFrame, codes: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Share of the group's visits that carry a code (a code is one person at one session): how
    far the unique count can be trusted. Counted per visit, not per session, because a session
    of 15 with 3 codes would otherwise pass as coded and its 12 uncoded people vanish from
    the unique count."""
    totals = visits.groupby(keys, dropna=False)["participants"].sum().astype("float64")
    if not _session_level(codes, keys):
        return pd.Series(np.nan, index=totals.index, dtype="float64")
    coded = pd.Series(0.0, index=totals.index)
    if len(codes):
        coded = _with_time(codes).groupby(keys, dropna=False).size().reindex(totals.index)
    return (coded.fillna(0) / totals.replace(0, np.nan)).clip(upper=1.0)


def _with_targets(out: pd.DataFrame, targets: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Attach the target where the group is one a target is set for: year, optionally kind
    (without kind, the year's kinds are added up) and area. A quarter, offer or venue has no
    target of its own, and a yearly target beside a quarter would read as missed."""
    if "year" not in keys or not set(keys) <= set(TARGET_KEYS) or targets.empty:
        out["target"] = np.nan
        return out
    chosen = targets
    if "area" in targets.columns and "area" not in keys:
        chosen = targets[targets["area"].isna()]  # project-wide targets, not the per-area ones
    sums = chosen.groupby(keys, dropna=False)["participants"].sum().astype("float64")
    return out.join(sums.rename("target"), how="outer")


def _share_of_target(out: pd.DataFrame) -> None:
    """Unique participants when every visit of the group carries a code, else visits: the
    target counts people, but a unique count from partly coded visits misses the uncoded people
    and would understate progress, so visits (which overstate it) are used and ``basis`` says so."""
    fully_coded = out["unique"].notna() & (out["coded_share"] >= 1.0)
    out["basis"] = np.where(fully_coded, "unique", "visits")
    value = out["unique"].where(fully_coded, out["visits"]).astype("float64")
    out["share_of_target"] = value / out["target"].replace(0, np.nan)


def _forecast(
    out: pd.DataFrame,
    codes: pd.DataFrame,
    keys: list[str],
    today: date,
    starts: date | None,
    ends: date | None,
) -> pd.Series:
    """The year-end figure if the pace so far holds.

    Only for the current year (a past year is finished, a future one has no pace) and whole-year
    groups (a quarter ends before the year does). The active days run from 1 January or the
    project start to 31 December or the project end, so a project that started in March is not
    judged by a pace diluted over January and February. The value is the ``basis`` one, so the
    forecast can be set against the target it is compared with.

    Visits add up, so their forecast is visits * active days / days elapsed. Unique participants
    do not: the same people come back, so a straight line from January overstates the year (the
    demo's fællesskab read 643 in June and ended November at 511). Their forecast is the people
    met so far plus the pace of *new* people over the last quarter (:data:`TREND_DAYS`) for the
    days left; early in the year, when the window is the whole time elapsed, the two agree.
    """
    nan = pd.Series(np.nan, index=out.index, dtype="float64")
    if "year" not in keys or "quarter" in keys:
        return nan
    first = max(date(today.year, 1, 1), starts or date.min)
    last = min(date(today.year, 12, 31), ends or date.max)
    if today < first or first > last:
        return nan
    elapsed = (min(today, last) - first).days + 1
    factor = ((last - first).days + 1) / elapsed
    years = out.index.get_level_values("year")
    unique = out["basis"] == "unique"
    linear = out["visits"].astype("float64") * factor
    left = (last - min(today, last)).days
    people = out["unique"] + _new_pace(codes, keys, today, first, out.index) * left
    return linear.where(~unique, people).where(years == today.year)


def _new_pace(
    codes: pd.DataFrame, keys: list[str], today: date, first: date, index: pd.Index
) -> pd.Series:
    """New participants per day in each group over the last TREND_DAYS up to `today`: codes
    whose first session this year falls in that window, divided by the window's days."""
    start = max(first, today - timedelta(days=TREND_DAYS - 1))
    window = (today - start).days + 1
    if codes.empty or not _session_level(codes, keys):
        return pd.Series(0.0, index=index)
    timed = _with_time(codes).assign(held=pd.to_datetime(codes["held_on"]))
    timed = timed[(timed["year"] == today.year) & (timed["held"] <= pd.Timestamp(today))]
    firsts = timed.groupby([*keys, "code_hash"], dropna=False)["held"].min().reset_index()
    recent = firsts[firsts["held"] >= pd.Timestamp(start)].groupby(keys, dropna=False).size()
    return (recent.astype("float64") / window).reindex(index).fillna(0.0)


def _on_track(out: pd.DataFrame) -> pd.Series:
    """True/False where both a forecast and a target exist, else missing (not "behind")."""
    known = out["forecast"].notna() & out["target"].notna()
    return (out["forecast"] >= out["target"]).astype("boolean").where(known, pd.NA)
