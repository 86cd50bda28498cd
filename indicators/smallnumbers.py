"""Small-number (disclosure) control for published figures.

A value computed from fewer than ``small_numbers.min_persons`` persons (default 20), or from a
base of fewer than ``min_events`` events (default 5) for indicators with ``count_kind: events``,
may identify individuals and must not be published. The base is the indicator's
``<col>__den`` column; without one, persons-kind indicators fall back to the profile's
``residents_column`` (so tiny grid cells are suppressed), and otherwise no check is possible.
A missing denominator on a row where the column exists counts as too small (fail safe).

Suppression only blanks *public* output (:func:`publishable`); the ranking still uses the value
unless ``small_numbers.exclude_from_ranking`` is set, in which case it is treated as missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indicators.errors import DataError
from indicators.profile import Profile

if TYPE_CHECKING:
    from indicators.ranking import RankingResult


def suppression_mask(table: pd.DataFrame, profile: Profile) -> np.ndarray:
    """Boolean areas x indicators matrix, True where the value must not be published."""
    mask = np.zeros((len(table), len(profile.indicators)), dtype=bool)
    rules = profile.small_numbers
    for k, ind in enumerate(profile.indicators):
        base = _denominator(table, profile, ind.column, ind.count_kind)
        if base is None:
            continue
        limit = rules.min_events if ind.count_kind == "events" else rules.min_persons
        mask[:, k] = np.isnan(base) | (base < limit)
    return mask


def _denominator(
    table: pd.DataFrame, profile: Profile, column: str, kind: str
) -> np.ndarray | None:
    den = f"{column}__den"
    if den in table.columns:
        return pd.to_numeric(table[den], errors="coerce").to_numpy(dtype=float)
    resident_col = profile.residents_column
    if kind == "persons" and resident_col and resident_col in table.columns:
        return pd.to_numeric(table[resident_col], errors="coerce").to_numpy(dtype=float)
    return None


def publishable(
    source: RankingResult | pd.DataFrame, profile: Profile | None = None
) -> pd.DataFrame:
    """A copy safe to publish: suppressed cells blanked (NaN) and flagged.

    For a :class:`RankingResult` the blanked columns are ``value__``, ``norm__``, ``contrib__``
    and ``share__`` of the indicator; for a raw table the indicator column and its ``__num`` /
    ``__den`` columns. Flags: ``suppressed__<col>`` per indicator and ``suppressed`` (any).
    The composite score and rank stay: they mix many indicators and are not disclosive alone.
    """
    from indicators.ranking import RankingResult

    if isinstance(source, RankingResult):
        frame, mask, profile = source.to_frame(), source.suppressed, source.profile
        prefixes = ("value__", "norm__", "contrib__", "share__")
        related = {c: [p + c for p in prefixes] for c in profile.columns}
    else:
        if profile is None:
            raise DataError("publishable(table) needs the profile that says which columns to check")
        frame, mask = source.copy(), suppression_mask(source, profile)
        related = {c: [c, f"{c}__num", f"{c}__den"] for c in profile.columns}
    for k, column in enumerate(profile.columns):
        for name in related[column]:
            if name in frame.columns:
                frame[name] = frame[name].astype(float).mask(mask[:, k])
        frame[f"suppressed__{column}"] = mask[:, k]
    frame["suppressed"] = pd.Series(mask.any(axis=1), index=frame.index)
    return frame
