"""Ranking results in words: the "why" sentence, ranks and intervals as text.

The sentence is built from the published ``top1..3`` columns rather than from
:func:`indicators.explain`, which sees every value: an indicator blanked as a small number must
not be named as a reason either.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from app.routes.ranking_core import NAME_COLUMN, TOP, RankingRun


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def rank_text(rank: Any, lang: str = "da") -> str:
    """Whole ranks as integers; fractional ones (average ties, percentiles) with one decimal."""
    if rank is None or pd.isna(rank):
        return "–"
    value = float(rank)
    text = f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if lang == "da" else text


def interval_text(low: Any, high: Any, lang: str = "da") -> str:
    """The 90 % interval as whole places, e.g. "3–7"; one number when it is one place."""
    if low is None or pd.isna(low):
        return "–"
    first, last = math.floor(float(low)), math.ceil(float(high))
    return rank_text(first, lang) if first == last else f"{first}–{last}"


def why(run: RankingRun, row: Mapping[str, Any] | pd.Series, lang: str) -> str:
    """One sentence: the area's rank and its (up to) three largest published contributions."""
    name = row.get(NAME_COLUMN) or row[run.id_column]
    rank = row["rank"]
    if rank is None or pd.isna(rank):
        return (
            f"{name} kan ikke rangeres, fordi alle indikatorer mangler."
            if lang == "da"
            else f"{name} cannot be ranked because all indicators are missing."
        )
    parts = []
    for k in range(1, TOP + 1):
        column, share = row.get(f"top{k}"), row.get(f"top{k}_share")
        if column and share is not None and not pd.isna(share):
            parts.append(f"{run.label(column, lang)} ({percent(float(share))})")
    n = run.result.n_ranked
    if lang == "da":
        head = f"{name} er nr. {rank_text(rank, lang)} af {n}"
        tail = "; ingen offentliggjort indikator trækker behovet op."
        return f"{head}, primært pga. {_join(parts, 'og')}." if parts else head + tail
    head = f"{name} is number {rank_text(rank, lang)} of {n}"
    tail = "; no published indicator raises its need."
    return f"{head}, mainly because of {_join(parts, 'and')}." if parts else head + tail


def _join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def why_column(run: RankingRun, lang: str) -> list[str]:
    """The sentence for every row (plain dict rows: fast enough for big grids too)."""
    wanted = [c for c in (NAME_COLUMN, run.id_column, "rank") if c in run.frame.columns]
    wanted += [f"top{k}{s}" for k in range(1, TOP + 1) for s in ("", "_share")]
    rows = run.frame[wanted].to_dict("records")
    return [why(run, row, lang) for row in rows]
