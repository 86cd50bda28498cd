"""Empirical-Bayes shrinkage of small-area rates (Marshall 1991, global estimator).

Rates of small areas are noisy: 3 smokers of 10 respondents is "30 %" but says little. Marshall's
method-of-moments estimator pulls each observed rate r_i = n_i / d_i towards the overall rate b
in proportion to how unreliable it is, without assuming a distribution:

    b   = sum n / sum d                              (overall rate)
    s2  = sum d_i (r_i - b)^2 / sum d                (weighted variance of the rates)
    A   = max(s2 - b / mean(d), 0)                   (between-area variance)
    C_i = A / (A + b / d_i)                          (reliability, 0..1)
    EB_i = b + C_i (r_i - b)

Marshall, R. J. (1991). Mapping disease and mortality rates using empirical Bayes estimators.
Applied Statistics 40(2), 283-294. With a parent column (e.g. kommune for parishes) the same
estimator is applied within each parent group, i.e. rates shrink towards their parent's rate.
Areas with a missing or zero denominator get NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def marshall_global(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Marshall's global EB rates (as proportions) for one set of areas."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    ok = ~np.isnan(num) & ~np.isnan(den) & (den > 0)
    out = np.full(num.shape, np.nan)
    if not ok.any():
        return out
    n, d = num[ok], den[ok]
    rate = n / d
    overall = n.sum() / d.sum()
    between = (d * (rate - overall) ** 2).sum() / d.sum() - overall / d.mean()
    between = max(float(between), 0.0)
    noise = overall / d
    total = between + noise
    reliability = np.divide(between, total, out=np.ones_like(d), where=total > 0)
    out[ok] = overall + reliability * (rate - overall)
    return out


def shrink_rates(
    numerator: np.ndarray, denominator: np.ndarray, parent: np.ndarray | None = None
) -> np.ndarray:
    """EB rates shrunk towards the overall rate, or towards each parent group's rate."""
    if parent is None:
        return marshall_global(numerator, denominator)
    out = np.full(len(numerator), np.nan)
    groups = pd.Series(parent).groupby(parent, dropna=False, sort=False).indices
    for rows in groups.values():
        out[rows] = marshall_global(numerator[rows], denominator[rows])
    return out
