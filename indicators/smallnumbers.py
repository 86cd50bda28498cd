"""Small-number (disclosure) control for published figures: the one rule every output uses.

Primary suppression (:func:`small_cells`), per indicator and area:

* a *denominator* below ``small_numbers.min_persons`` (default 20) persons, or below
  ``min_events`` (default 5) for indicators with ``count_kind: events``;
* a *numerator* below ``min_events`` (default 5) events: "3 of 28" names three people as
  surely as "3 of 3" does, however large the base;
* a *complement* (base minus numerator) below ``min_events``: "25 of 28" (89.3 %) says that 3
  people lack the trait, the same disclosure as "3 of 28". Checked only where both counts are
  known and the numerator is part of the base (numerator <= base); a rate with more events than
  persons has no complement to give away.

The base is the indicator's ``<col>__den`` column; without one, persons-kind indicators fall back
to the profile's ``residents_column`` (so tiny grid cells are suppressed), and otherwise no check
is possible. A missing denominator on a row where the column exists counts as too small (fail
safe). A missing numerator is not checked (the value is then not a count-based rate).

Secondary suppression (:func:`disclosure_mask`): the pages publish an indicator's total (the
municipality average, weighted by the bases) next to every other area's value and base. With one
cell hidden in a column, total minus the others gives it back, so when exactly one published
cell of a column is hidden, the published cell with the smallest count is hidden too: the smaller
of numerator and complement where both counts are known, else the numerator, else the base. With
two or more hidden cells differencing only reveals their sum. Set ``small_numbers.secondary:
false`` to turn this off for tables no total is published for.

Suppression only blanks *public* output (:func:`publishable`); the ranking still uses the value
unless ``small_numbers.exclude_from_ranking`` is set, in which case every suppressed value
(primary and secondary) is treated as missing. Without it the published score, minus the other
published contributions, still tells a hidden value's normalised position among the areas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indicators.errors import DataError
from indicators.profile import Profile, SmallNumbers

if TYPE_CHECKING:
    from indicators.ranking import RankingResult


def small_cells(
    numerator: np.ndarray | None, denominator: np.ndarray | None, rules: SmallNumbers, kind: str
) -> np.ndarray | None:
    """The primary rule for one indicator: True where the value must not be published.

    Hidden where the base is too small, the numerator is under ``min_events``, or (both counts
    known) the complement base - numerator is: "25 of 28" discloses the 3 as "3 of 28" does.
    ``None`` when neither a numerator nor a denominator is known (nothing can be checked).
    """
    if numerator is None and denominator is None:
        return None
    length = len(numerator if numerator is not None else denominator)  # type: ignore[arg-type]
    hidden = np.zeros(length, dtype=bool)
    if denominator is not None:
        limit = rules.min_events if kind == "events" else rules.min_persons
        hidden |= np.isnan(denominator) | (denominator < limit)
    smallest = smallest_count(numerator, denominator)
    if smallest is not None:
        with np.errstate(invalid="ignore"):
            hidden |= smallest < rules.min_events
    return hidden


def smallest_count(
    numerator: np.ndarray | None, denominator: np.ndarray | None
) -> np.ndarray | None:
    """Per area, the smaller of the numerator and its complement (denominator - numerator):
    the count a published rate gives away. The complement counts only where the numerator is
    part of the base (numerator <= denominator); NaN where the numerator is unknown."""
    if numerator is None:
        return None
    if denominator is None:
        return numerator
    with np.errstate(invalid="ignore"):
        complement = np.where(numerator <= denominator, denominator - numerator, np.inf)
    return np.where(np.isnan(numerator), np.nan, np.fmin(numerator, complement))


def suppression_mask(table: pd.DataFrame, profile: Profile) -> np.ndarray:
    """Boolean areas x indicators matrix, True where the value fails the primary rule."""
    mask = np.zeros((len(table), len(profile.indicators)), dtype=bool)
    for k, ind in enumerate(profile.indicators):
        hidden = small_cells(
            counts(table, f"{ind.column}__num"),
            _denominator(table, profile, ind.column, ind.count_kind),
            profile.small_numbers,
            ind.count_kind,
        )
        if hidden is not None:
            mask[:, k] = hidden
    return mask


def disclosure_mask(table: pd.DataFrame, profile: Profile) -> np.ndarray:
    """The primary mask plus secondary suppression (see the module doc): what publishing hides."""
    mask = suppression_mask(table, profile)
    if not profile.small_numbers.secondary:
        return mask
    for k, ind in enumerate(profile.indicators):
        if ind.column not in table.columns or not mask[:, k].any():
            continue  # nothing hidden: no secondary cell needed (skips a column conversion)
        values = pd.to_numeric(table[ind.column], errors="coerce").to_numpy(dtype=float)
        published = ~np.isnan(values)
        hidden = mask[:, k] & published
        if np.count_nonzero(hidden) != 1:
            continue
        base = _denominator(table, profile, ind.column, ind.count_kind)
        order_by = smallest_count(counts(table, f"{ind.column}__num"), base)
        if order_by is None:
            order_by = base
        candidates = np.flatnonzero(published & ~mask[:, k])
        if candidates.size == 0:
            continue
        if order_by is not None:
            keys = np.nan_to_num(order_by[candidates], nan=np.inf)
            candidates = candidates[np.argsort(keys, kind="stable")]
        mask[candidates[0], k] = True
    return mask


def counts(table: pd.DataFrame, column: str) -> np.ndarray | None:
    """A count column as floats, or None when the table does not have it."""
    if column not in table.columns:
        return None
    return pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)


def _denominator(
    table: pd.DataFrame, profile: Profile, column: str, kind: str
) -> np.ndarray | None:
    den = counts(table, f"{column}__den")
    if den is not None:
        return den
    resident_col = profile.residents_column
    if kind == "persons" and resident_col and resident_col in table.columns:
        return counts(table, resident_col)
    return None


def published_n(table: pd.DataFrame, column: str, rules: SmallNumbers) -> np.ndarray:
    """The indicator's n (its ``__den``: persons or survey answers) as published: NaN where
    unknown or itself a count under ``min_events``."""
    den = counts(table, f"{column}__den")
    if den is None:
        return np.full(len(table), np.nan)
    return np.where(den >= rules.min_events, den, np.nan)


def publishable(
    source: RankingResult | pd.DataFrame, profile: Profile | None = None
) -> pd.DataFrame:
    """A copy safe to publish: suppressed cells blanked (NaN) and flagged.

    For a :class:`RankingResult` the blanked columns are ``value__``, ``norm__``, ``contrib__``
    and ``share__`` of the indicator, and the ``domain__`` score of every domain holding a
    hidden indicator (a one-indicator domain *is* that indicator's normalised value, and with
    the others published the rest follows by subtraction); for a raw table the indicator column
    and its ``__num`` / ``__den`` columns. Flags: ``suppressed__<col>`` per indicator and
    ``suppressed`` (any). The composite score and rank stay: they mix many indicators.
    """
    from indicators.ranking import RankingResult

    if isinstance(source, RankingResult):
        frame, mask, profile = source.to_frame(), source.suppressed, source.profile
        prefixes = ("value__", "norm__", "contrib__", "share__")
        related = {c: [p + c for p in prefixes] for c in profile.columns}
    else:
        if profile is None:
            raise DataError("publishable(table) needs the profile that says which columns to check")
        frame, mask = source.copy(), disclosure_mask(source, profile)
        related = {c: [c, f"{c}__num", f"{c}__den"] for c in profile.columns}
    if isinstance(source, RankingResult):
        domains = [ind.domain or "all" for ind in profile.indicators]
        for domain in profile.domains:
            cols = [k for k, d in enumerate(domains) if d == domain]
            name = f"domain__{domain}"
            frame[name] = frame[name].mask(mask[:, cols].any(axis=1))
    for k, column in enumerate(profile.columns):
        for name in related[column]:
            if name in frame.columns:
                frame[name] = frame[name].astype(float).mask(mask[:, k])
        frame[f"suppressed__{column}"] = mask[:, k]
    frame["suppressed"] = pd.Series(mask.any(axis=1), index=frame.index)
    return frame
