"""Percentile flags as in the US CDC/ATSDR Social Vulnerability Index.

The SVI flags an indicator for an area when the area's percentile rank is at or above the 90th
percentile, and counts flags per area; a flag count tells planners *how many* dimensions are
extreme, which a weighted score can hide. Percentile ranks are need-oriented
((average rank - 1) / (N - 1), see :mod:`indicators.normalise`), so ``lower_is_worse``
indicators are flagged at the low end. Missing values are never flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.inputs import prepare
from indicators.normalise import normalise_matrix
from indicators.profile import Profile


def percentile_flags(
    table: pd.DataFrame, profile: Profile, threshold: float | None = None
) -> pd.DataFrame:
    """Columns: id, ``pctl__<col>`` (0..1), ``flag__<col>`` (bool) and ``n_flags``.

    ``threshold`` defaults to the profile's ``flag_percentile`` (0.9); the bound is inclusive.
    """
    cut = profile.flag_percentile if threshold is None else threshold
    prepared = prepare(table, profile)
    pct = normalise_matrix(
        prepared.values, profile.indicators, ["percentile"] * len(profile.indicators)
    )
    flags = np.nan_to_num(pct, nan=-1.0) >= cut
    frame = pd.DataFrame({profile.id_column: prepared.ids.to_numpy()})
    for k, column in enumerate(profile.columns):
        frame[f"pctl__{column}"] = pct[:, k]
    for k, column in enumerate(profile.columns):
        frame[f"flag__{column}"] = flags[:, k]
    frame["n_flags"] = flags.sum(axis=1)
    return frame
