"""Turning an area table into the numeric matrix the engine works on, with useful errors.

Everything that can be wrong with the *data* (as opposed to the profile) is detected here, once,
so that ranking, sensitivity and flags share the same checks and the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from indicators.errors import DataError, MissingValuesError
from indicators.profile import Profile
from indicators.shrinkage import shrink_rates
from indicators.smallnumbers import disclosure_mask

MAX_LISTED = 10


@dataclass(frozen=True)
class Prepared:
    """The numeric view of a table: ids, raw values, values used, and masks (areas x indicators)."""

    ids: pd.Index
    observed: np.ndarray
    values: np.ndarray
    suppressed: np.ndarray
    shrunk: tuple[str, ...]

    @cached_property
    def present(self) -> np.ndarray:
        """True where a value is available for ranking."""
        return ~np.isnan(self.values)


def require_columns(table: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise DataError naming each absent column and listing the available ones."""
    absent = [c for c in dict.fromkeys(columns) if c not in table.columns]
    if absent:
        available = ", ".join(map(str, table.columns))
        names = ", ".join(f"'{c}'" for c in absent)
        raise DataError(
            f"{what} needs column(s) {names}, which the table does not have. "
            f"Available columns: {available}",
            key="ranking.err.columns",
            what=what,
            names=names,
        )


def area_ids(table: pd.DataFrame, id_column: str, what: str) -> pd.Index:
    """The id column as an Index, refusing duplicates and blanks (ranks must be per area)."""
    require_columns(table, [id_column], what)
    ids = pd.Index(table[id_column], name=id_column)
    if ids.hasnans:
        n = int(ids.isna().sum())
        raise DataError(
            f"id column '{id_column}' has {n} empty value(s)",
            key="ranking.err.ids_blank",
            column=id_column,
            n=n,
        )
    if not ids.is_unique:
        dupes = ids[ids.duplicated()].unique()[:MAX_LISTED]
        listed = ", ".join(map(str, dupes))
        raise DataError(
            f"id column '{id_column}' must be unique; repeated: {listed}",
            key="ranking.err.ids_repeated",
            column=id_column,
            ids=listed,
        )
    return ids


def numeric_matrix(table: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Columns as a float matrix; text or infinite values are reported, not silently dropped."""
    out = np.empty((len(table), len(columns)), dtype=float, order="F")
    for k, column in enumerate(columns):
        raw = table[column]
        if raw.dtype == np.float64:  # already NaN-for-missing: copy once, straight into out
            out[:, k] = raw.to_numpy(copy=False)
            _check_finite(out[:, k], column)
            continue
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            out[:, k] = raw.to_numpy(dtype=float, na_value=np.nan)
            _check_finite(out[:, k], column)
            continue
        converted = pd.to_numeric(raw, errors="coerce")
        bad = converted.isna() & raw.notna()
        if bad.any():
            examples = ", ".join(repr(v) for v in raw[bad].unique()[:3])
            raise DataError(
                f"column '{column}' must be numeric; found {examples}",
                key="ranking.err.not_numeric",
                column=column,
                examples=examples,
            )
        out[:, k] = converted.to_numpy(dtype=float)
        _check_finite(out[:, k], column)
    return out


def _check_finite(column_values: np.ndarray, column: str) -> None:
    if np.isinf(column_values).any():
        raise DataError(
            f"column '{column}' contains infinite values", key="ranking.err.infinite", column=column
        )


def prepare(table: pd.DataFrame, profile: Profile) -> Prepared:
    """Validate ``table`` against ``profile`` and build the matrices used for ranking."""
    what = f"Profile '{profile.name}'"
    ids = area_ids(table, profile.id_column, what)
    require_columns(table, profile.columns, what)
    observed = numeric_matrix(table, profile.columns)
    values, shrunk = _apply_shrinkage(table, profile, observed)
    suppressed = disclosure_mask(table, profile)
    if profile.small_numbers.exclude_from_ranking:
        # secondary cells too: one left in the score could be recovered from it, and the
        # primary cell then from the total
        values = np.where(suppressed, np.nan, values)
    if profile.missing == "fail":
        _fail_on_missing(ids, profile.columns, values)
    return Prepared(ids, observed, values, suppressed, shrunk)


def _apply_shrinkage(
    table: pd.DataFrame, profile: Profile, observed: np.ndarray
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Replace values by empirical-Bayes rates where a numerator and denominator are given.

    Without an explicit list, every indicator with ``__num`` and ``__den`` columns holding any
    numerator is shrunk. Rows without numerator/denominator keep their observed value.
    """
    settings = profile.shrinkage
    if settings is None:
        return observed, ()
    columns = settings.indicators
    if columns is None:
        columns = [c for c in profile.columns if _has_counts(table, c)]
    unknown = [c for c in columns if c not in profile.columns]
    if unknown:
        raise DataError(
            f"shrinkage.indicators names columns not in the profile: {unknown}",
            key="ranking.err.shrinkage_columns",
            names=", ".join(unknown),
        )
    require_columns(
        table, [f"{c}__{part}" for c in columns for part in ("num", "den")], "Shrinkage"
    )
    parent = None
    if settings.parent_column:
        require_columns(table, [settings.parent_column], "Shrinkage")
        parent = table[settings.parent_column].to_numpy()
    values = observed.copy()
    for column in columns:
        k = profile.columns.index(column)
        num, den = numeric_matrix(table, [f"{column}__num", f"{column}__den"]).T
        scale = profile.indicators[k].rate_per or infer_rate_per(column, observed[:, k], num, den)
        rates = shrink_rates(num, den, parent)
        values[:, k] = np.where(np.isnan(rates), observed[:, k], rates * scale)
    return values, tuple(columns)


def _has_counts(table: pd.DataFrame, column: str) -> bool:
    num, den = f"{column}__num", f"{column}__den"
    return num in table.columns and den in table.columns and bool(table[num].notna().any())


def infer_rate_per(column: str, value: np.ndarray, num: np.ndarray, den: np.ndarray) -> float:
    """Value per unit rate, as the median of value / (num / den): 100 for a percentage, 1000
    for a per-1,000 rate, 1 / national rate for a ratio to the national rate."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = value / (num / den)
    ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
    if ratio.size == 0:
        raise DataError(
            f"cannot infer the scale of '{column}' from its __num/__den columns; "
            "set 'rate_per' on the indicator (100 for %, 1000 for per 1,000)",
            key="ranking.err.rate_scale",
            column=column,
        )
    return float(np.median(ratio))


def _fail_on_missing(ids: pd.Index, columns: list[str], values: np.ndarray) -> None:
    missing = np.isnan(values)
    rows = np.flatnonzero(missing.any(axis=1))
    if rows.size == 0:
        return
    listed = [
        f"{ids[r]}: {', '.join(c for c, m in zip(columns, missing[r], strict=True) if m)}"
        for r in rows[:MAX_LISTED]
    ]
    more = f" (and {rows.size - MAX_LISTED} more areas)" if rows.size > MAX_LISTED else ""
    text = "; ".join(listed) + more
    raise MissingValuesError(
        f"Missing values with missing-value policy 'fail' in {rows.size} area(s): "
        + text
        + ". Fill them in, or set 'missing: reweight' in the profile.",
        key="ranking.err.missing_values",
        n=int(rows.size),
        listed=text,
    )
