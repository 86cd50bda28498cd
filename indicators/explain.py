"""Explanations: why is an area where it is in the ranking?

For arithmetic aggregation the contributions (effective weight x normalised value) add up to the
score, so an indicator's *share* is its part of the score. For geometric aggregation they are
log-contributions (effective weight x ln of the shifted value) adding up to ln(score); shares are
then parts of ln(score). Either way the three largest shares are what the sentence names.

A share is not a value: the sentence writes every share out as "47 % af scoren" and puts the
indicator's own (observed) value beside it, so "ensomhed 15 (47 % af scoren)" cannot be read as
"47 % are lonely".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.ranking import RankingResult

TOP = 3


@dataclass(frozen=True)
class Explanation:
    """Ordered indicator breakdown of one area plus Danish and English summary sentences."""

    area_id: object
    rank: float
    n_ranked: int
    score: float
    frame: pd.DataFrame
    sentence_da: str
    sentence_en: str

    def sentence(self, language: str = "da") -> str:
        return self.sentence_da if language == "da" else self.sentence_en


def explain(result: RankingResult, area_id: object) -> Explanation:
    """Breakdown of ``area_id``: columns indicator, label_da, label_en, domain, observed, value,
    normalised, weight, contribution, share, missing, suppressed; largest contribution first
    (missing indicators last)."""
    row = result.position(area_id)
    specs = result.profile.indicators
    frame = pd.DataFrame(
        {
            "indicator": result.columns,
            "label_da": [ind.label("da") for ind in specs],
            "label_en": [ind.label("en") for ind in specs],
            "domain": [ind.domain or "all" for ind in specs],
            "observed": result.observed[row],
            "value": result.values[row],
            "normalised": result.normalised[row],
            "weight": result.weights[row],
            "contribution": result.contributions[row],
            "share": result.shares[row],
            "missing": result.missing[row],
            "suppressed": result.suppressed[row],
        }
    )
    frame = frame.sort_values("contribution", ascending=False, na_position="last", kind="stable")
    frame = frame.reset_index(drop=True)
    rank, n = float(result.rank[row]), result.n_ranked
    return Explanation(
        area_id=area_id,
        rank=rank,
        n_ranked=n,
        score=float(result.score[row]),
        frame=frame,
        sentence_da=_sentence_da(area_id, rank, n, frame),
        sentence_en=_sentence_en(area_id, rank, n, frame),
    )


def _leaders(frame: pd.DataFrame, label: str, of_score: str, comma: bool) -> list[str]:
    """The (up to) three largest positive contributions as "label 15 (47 % of the score)".

    Suppressed (small-number) indicators are never named: the sentence carries the observed
    value, and a hidden cell's value must not reach the page through it."""
    shown = (frame["contribution"] > 0) & ~frame["missing"] & ~frame["suppressed"]
    top = frame[shown].head(TOP)
    items = []
    for name, value, share in zip(top[label], top["observed"], top["share"], strict=True):
        shown = f"{value:.1f}".removesuffix(".0")
        shown = shown.replace(".", ",") if comma else shown
        items.append(f"{name} {shown} ({share * 100:.0f} % {of_score})")
    return items


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _rank_text(rank: float) -> str:
    return f"{rank:.0f}" if float(rank).is_integer() else f"{rank:.1f}".replace(".", ",")


def _sentence_da(area_id: object, rank: float, n: int, frame: pd.DataFrame) -> str:
    if np.isnan(rank):
        return f"Område {area_id} kan ikke rangeres, fordi alle indikatorer mangler."
    leaders = _leaders(frame, "label_da", "af scoren", comma=True)
    head = f"Område {area_id} er nr. {_rank_text(rank)} af {n}"
    if not leaders:
        return f"{head}; ingen indikator trækker behovet op."
    return f"{head}, primært pga. {_join(leaders, 'og')}."


def _sentence_en(area_id: object, rank: float, n: int, frame: pd.DataFrame) -> str:
    if np.isnan(rank):
        return f"Area {area_id} cannot be ranked because all indicators are missing."
    leaders = _leaders(frame, "label_en", "of the score", comma=False)
    head = f"Area {area_id} is number {_rank_text(rank).replace(',', '.')} of {n}"
    if not leaders:
        return f"{head}; no indicator raises its need."
    return f"{head}, mainly because of {_join(leaders, 'and')}."
