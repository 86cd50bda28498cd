"""Sampling error in the Monte Carlo: rates redrawn from their sampling distribution.

A rate given with a numerator and a denominator (``<col>__num``, ``<col>__den``: events among
survey answers or persons) is drawn in every Monte Carlo draw from the Jeffreys posterior
Beta(num + 1/2, den - num + 1/2) and scaled back to the indicator's unit (``rate_per``, else
inferred as for shrinkage). An area ranked on 28 answers then moves as much as 28 answers allow.

Ranks change with the values, so every draw is normalised on its own. That is done for a block of
draws at once: per indicator an areas x draws matrix is normalised column-wise (ranks with
``scipy.stats.rankdata`` along the areas), and the scores are one ``einsum`` per domain. Only
goalposts and geometric aggregation (whose shift depends on each draw's values) fall back to a
loop over draws.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from indicators.aggregate import WeightPlan, batch_scores, prepare_values
from indicators.inputs import Prepared, infer_rate_per
from indicators.normalise import IMD_CONSTANT, normalise_matrix, oriented
from indicators.profile import Profile

BLOCK_CELLS = 4_000_000  # areas x indicators x draws held at once (32 MB of floats)


class Rate(NamedTuple):
    """One sampled indicator: rows with counts, the Beta parameters there, and the scale."""

    rows: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    scale: float


class Draws(NamedTuple):
    """Per draw: the normalisation variant and the weights (drawn before any sampling, so the
    same seed gives the same weight draws with and without sampling)."""

    variants: list[list[str]]
    choice: np.ndarray
    v: np.ndarray
    w: np.ndarray
    plan: WeightPlan


def sampled_rates(table: pd.DataFrame, profile: Profile, prepared: Prepared) -> dict[int, Rate]:
    """Indicator position -> :class:`Rate` for the rates with counts (shrunk ones excluded:
    their values are model estimates already)."""
    out = {}
    for k, column in enumerate(profile.columns):
        num_col, den_col = f"{column}__num", f"{column}__den"
        if column in prepared.shrunk or num_col not in table or den_col not in table:
            continue
        num = pd.to_numeric(table[num_col], errors="coerce").to_numpy(dtype=float)
        den = pd.to_numeric(table[den_col], errors="coerce").to_numpy(dtype=float)
        rows = np.flatnonzero(prepared.present[:, k] & np.isfinite(num) & (den > 0))
        if rows.size == 0:
            continue
        ind = profile.indicators[k]
        scale = ind.rate_per or infer_rate_per(column, prepared.observed[:, k], num, den)
        hit = np.clip(num[rows], 0.0, den[rows])
        out[k] = Rate(rows, hit + 0.5, den[rows] - hit + 0.5, scale)
    return out


def sampled_scores(
    rng: np.random.Generator,
    profile: Profile,
    prepared: Prepared,
    draws: Draws,
    rates: dict[int, Rate],
) -> np.ndarray:
    """Scores (areas x draws, before any geometric exp) with the rates redrawn in every draw.

    Blocks are held as draws x indicators x areas, so each draw's column of areas is
    contiguous for the sorts that rank it."""
    n_areas, n_ind = prepared.values.shape
    n_draws = draws.choice.size
    scores = np.empty((n_areas, n_draws))
    block = max(1, BLOCK_CELLS // max(n_areas * n_ind, 1))
    vectorised = profile.aggregation == "arithmetic" and not any(
        "goalposts" in variant for variant in draws.variants
    )
    base = np.ascontiguousarray(prepared.values.T)
    for start in range(0, n_draws, block):
        stop = min(start + block, n_draws)
        values = np.repeat(base[None], stop - start, axis=0)
        for k, rate in rates.items():
            drawn = rng.beta(rate.alpha, rate.beta, size=(stop - start, rate.rows.size))
            values[:, k, rate.rows] = drawn * rate.scale
        span = slice(start, stop)
        if vectorised:
            scores[:, span] = _block_scores(values, profile, prepared, draws, span)
        else:
            scores[:, span] = _looped_scores(values, profile, prepared, draws, span)
    return scores


def _block_scores(
    values: np.ndarray, profile: Profile, prepared: Prepared, draws: Draws, span: slice
) -> np.ndarray:
    choice = draws.choice[span]
    normalised = np.empty_like(values)
    for j, variant in enumerate(draws.variants):
        cols = np.flatnonzero(choice == j)
        if cols.size == 0:
            continue
        for k, spec in enumerate(profile.indicators):
            block = oriented(values[cols, k, :], spec.direction)
            normalised[cols, k, :] = normalise_block(block, variant[k])
    return scores_3d(normalised, prepared.present, draws.v[span], draws.w[span], draws.plan)


def _looped_scores(
    values: np.ndarray, profile: Profile, prepared: Prepared, draws: Draws, span: slice
) -> np.ndarray:
    out = np.empty((values.shape[2], values.shape[0]))
    for i, d in enumerate(range(span.start, span.stop)):
        methods = draws.variants[draws.choice[d]]
        normalised = normalise_matrix(values[i].T, profile.indicators, methods)
        aggregated = prepare_values(normalised, methods, profile)
        out[:, i : i + 1] = batch_scores(
            aggregated, prepared.present, draws.v[d : d + 1], draws.w[d : d + 1], draws.plan
        )
    return out


def normalise_block(y: np.ndarray, method: str) -> np.ndarray:
    """Need-oriented values ``y`` (draws x areas; NaN areas the same in every draw) normalised
    per draw, as :func:`indicators.normalise.normalise_column` does for one column."""
    out = np.full(y.shape, np.nan)
    cols = ~np.isnan(y[0])
    x = y[:, cols]
    n = x.shape[1]
    if n == 0:
        return out
    if method == "minmax":
        lo, hi = x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True)
        wide = hi > lo
        out[:, cols] = np.where(wide, (x - lo) / np.where(wide, hi - lo, 1.0), 0.0)
    elif method == "zscore":
        sd = x.std(axis=1, ddof=1, keepdims=True) if n > 1 else np.zeros((x.shape[0], 1))
        ok = sd > 0
        centred = x - x.mean(axis=1, keepdims=True)
        out[:, cols] = np.where(ok, centred / np.where(ok, sd, 1.0), 0.0)
    else:
        ranks = rankdata(x, method="average", axis=1)
        if method == "rank":
            out[:, cols] = ranks
        elif method == "percentile":
            out[:, cols] = (ranks - 1.0) / (n - 1) if n > 1 else 0.5
        elif method == "imd_exponential":
            out[:, cols] = -23.0 * np.log1p(-(ranks / n) * IMD_CONSTANT)
        else:
            raise ValueError(f"normalise_block cannot do '{method}'")
    return out


def scores_3d(
    values: np.ndarray, present: np.ndarray, v: np.ndarray, w: np.ndarray, plan: WeightPlan
) -> np.ndarray:
    """:func:`indicators.aggregate.batch_scores` for values that differ per draw
    (draws x indicators x areas); same algebra, one ``einsum`` per domain."""
    zeroed = np.where(present.T[None], values, 0.0)
    mask = present.astype(float)
    num = np.zeros((values.shape[2], v.shape[0]))
    den = np.zeros_like(num)
    for d in range(len(plan.domains)):
        cols = plan.domain_of == d
        mass = mask[:, cols] @ v[:, cols].T
        inner = np.einsum("tka,tk->at", zeroed[:, cols, :], v[:, cols])
        has = mass > 0
        num += w[:, d] * np.divide(inner, mass, out=np.zeros_like(inner), where=has)
        den += w[:, d] * has
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, plan.total * num / den, np.nan)
