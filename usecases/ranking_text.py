"""Ranking results in words: the "why" sentence, ranks and intervals as text.

The sentence is built from the published ``top1..3`` columns rather than from
:func:`indicators.explain`, which sees every value: an indicator blanked as a small number must
not be named as a reason either. A reason is written as "daglig rygning på 24,1 % (38 % af
scoren)": the indicator's own value with its unit, and its contribution as a share *of the
score*, spelled out so nobody reads the share as the value.

The catalogue's words and the app's number formats are handed over through
:mod:`mapping.texts` (the app registers them when ``app.i18n`` is imported); this layer never
imports ``app``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from mapping.texts import number
from mapping.texts import percent as format_percent
from mapping.texts import t as translator
from usecases.ranking import NAME_COLUMN, TOP, RankingRun


def of_score(share: Any, lang: str) -> str:
    """ "38 % af scoren" / "38% of the score"; "–" when there is no share."""
    if share is None or pd.isna(share):
        return "–"
    return translator(lang)("ranking.share_of_score", share=format_percent(float(share), lang))


def value_text(value: Any, unit: str, lang: str) -> str | None:
    """The indicator's value with its unit ("24,1 %"); None when blank."""
    if value is None or pd.isna(value):
        return None
    text = number(float(value), lang, 0 if float(value).is_integer() else 1)
    return f"{text} {unit}".strip()


def n_text(n: Any, lang: str) -> str:
    """The indicator's n (persons or answers), "–" when unknown or not published."""
    if n is None or pd.isna(n):
        return "–"
    return number(int(n), lang)


def rank_text(rank: Any, lang: str = "da") -> str:
    """Whole ranks as integers; fractional ones (average ties, percentiles) with one decimal."""
    if rank is None or pd.isna(rank):
        return "–"
    value = float(rank)
    return number(int(value), lang) if value.is_integer() else number(value, lang, 1)


def interval_text(low: Any, high: Any, lang: str = "da") -> str:
    """The 90 % interval as whole places, e.g. "3–7"; one number when it is one place."""
    if low is None or pd.isna(low):
        return "–"
    first, last = math.floor(float(low)), math.ceil(float(high))
    return rank_text(first, lang) if first == last else f"{first}–{last}"


def interval_covers(run: RankingRun, lang: str) -> str | None:
    """Which uncertainty the rank interval covers, in words (None without an interval)."""
    if run.uncertainty is None:
        return None
    return translator(lang)(f"ranking.covers.{run.uncertainty}")


def reason(run: RankingRun, row: Mapping[str, Any] | pd.Series, k: int, lang: str) -> str | None:
    """The k-th largest published contribution as words, or None."""
    column, share = row.get(f"top{k}"), row.get(f"top{k}_share")
    if not isinstance(column, str) or share is None or pd.isna(share):
        return None
    t = translator(lang)
    label = run.label(column, lang)
    value = value_text(row.get(f"value__{column}"), run.unit(column, lang), lang)
    if value is None:
        return t("ranking.why.reason_share", label=label, share=of_score(share, lang))
    return t("ranking.why.reason", label=label, value=value, share=of_score(share, lang))


def why(run: RankingRun, row: Mapping[str, Any] | pd.Series, lang: str) -> str:
    """One sentence: the area's rank and its (up to) three largest published contributions."""
    t = translator(lang)
    name = row.get(NAME_COLUMN) or row[run.id_column]
    rank = row["rank"]
    if rank is None or pd.isna(rank):
        return t("ranking.why.unranked", name=name)
    parts = [p for k in range(1, TOP + 1) if (p := reason(run, row, k, lang))]
    n = number(run.result.n_ranked, lang)
    head = t("ranking.why.head", name=name, rank=rank_text(rank, lang), n=n)
    if not parts:
        return t("ranking.why.none", head=head)
    return t("ranking.why.because", head=head, reasons=_join(parts, t("ranking.why.and")))


def _join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def why_column(run: RankingRun, lang: str) -> list[str]:
    """The sentence for every row (plain dict rows: fast enough for big grids too)."""
    wanted = [c for c in (NAME_COLUMN, run.id_column, "rank") if c in run.frame.columns]
    wanted += [f"top{k}{s}" for k in range(1, TOP + 1) for s in ("", "_share")]
    wanted += [f"value__{c}" for c in run.profile.columns]
    rows = run.frame[wanted].to_dict("records")
    return [why(run, row, lang) for row in rows]


def export_frame(run: RankingRun) -> pd.DataFrame:
    """The published frame plus the "why" sentences in Danish and English (API CSV, CLI files)."""
    frame = run.frame.copy()
    for lang in ("da", "en"):
        frame[f"why_{lang}"] = why_column(run, lang)
    return frame
