"""Statbank rows -> one count (or share) per area code and period. Pure pandas, no SQL.

A Statbank table is a cube: one row per combination of codes. An indicator is a sum over a
selection of that cube (e.g. ALDER=65-100 over both sexes), optionally divided by a second sum
(the same selection with ALDER=*). The rules that keep the figures honest live here:
- a missing cell (`..`) anywhere in a summed group makes the sum missing, never a partial sum;
- a group that lacks some of the selected combinations (a file that stops at some row) is
  missing too, for the same reason;
- a variable that is neither selected nor constant would be summed over its total code *and* its
  parts (KØN=TOT,1,2), so it must be selected;
- selected codes that the data does not hold are an error, not a smaller sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geodata.statbank.errors import StatbankError
from geodata.statbank.parse import VALUE, StatbankTable

Selection = dict[str, list[str]]
ALL = "*"


@dataclass
class Sums:
    """Per (geo, period): num, den (NaN without --per) and value; and what was left out."""

    frame: pd.DataFrame  # columns geo, period, num, den, value, missing (bool)
    incomplete: int = 0  # groups missing some selected combination
    notes: list[str] = field(default_factory=list)


def column_for(columns: Sequence[str], name: str, source: str) -> str:
    """The data column a selection key means: "Tid" finds "TID" (case-insensitive)."""
    by_name = {c.casefold(): c for c in columns}
    found = by_name.get(name.casefold())
    if found is None:
        raise StatbankError(
            f"{source}: no variable {name!r}; the data has {', '.join(columns)}",
            key="statbank.import.err.no_variable", source=source, name=name,
            columns=", ".join(columns),
        )  # fmt: skip
    return found


def by_column(selection: Selection, columns: Sequence[str], source: str) -> Selection:
    """The selection keyed by the data's own column names."""
    return {column_for(columns, k, source): list(v) for k, v in selection.items()}


def check_codes(frame: pd.DataFrame, selection: Selection, source: str) -> None:
    """Every selected code must be in the data (unless the selection is "*")."""
    for column, codes in selection.items():
        if ALL in codes:
            continue
        present = set(frame[column].unique())
        absent = [c for c in codes if c not in present]
        if absent:
            shown = ", ".join(absent[:20]) + (" ..." if len(absent) > 20 else "")
            raise StatbankError(
                f"{source}: {column} codes not in the data: {shown}",
                key="statbank.import.err.codes_absent", source=source, name=column, codes=shown,
            )  # fmt: skip


def check_periods(table: StatbankTable, column: str, max_chars: int) -> None:
    """Every time cell must fit a stored period (indicator_values.period holds `max_chars`):
    a longer cell is no Statbank period (2020K1, 2024M07) but a mangled file."""
    cells = table.frame[column].astype(str)
    bad = (cells.str.len() > max_chars).to_numpy()
    if bad.any():
        i = int(bad.nonzero()[0][0])
        raise StatbankError(
            f"{table.source}, {table.where(i)}, column '{column}': {cells.iat[i][:40]!r} is not "
            f"a period such as 2020K1 (at most {max_chars} characters)",
            key="statbank.import.err.period", source=table.source, where=table.where(i),
            column=column, max=max_chars,
        )  # fmt: skip


def check_unselected(
    frame: pd.DataFrame, variables: Sequence[str], chosen: set[str], source: str
) -> None:
    """A variable with several codes that nobody selected would be summed over totals too."""
    for column in variables:
        if column in chosen:
            continue
        codes = sorted(frame[column].unique())
        if len(codes) > 1:
            shown = ", ".join(codes[:8]) + (" ..." if len(codes) > 8 else "")
            raise StatbankError(
                f"{source}: {column} has {len(codes)} codes ({shown}); choose with "
                f"--select {column}=CODES (or * for all of them)",
                key="statbank.import.err.unselected", source=source, name=column, codes=shown,
            )  # fmt: skip


def check_duplicates(frame: pd.DataFrame, variables: Sequence[str], source: str) -> None:
    """Two rows with the same codes would be counted twice."""
    dup = frame.duplicated(list(variables), keep="first")
    if dup.any():
        first = frame[dup].iloc[0]
        where = ", ".join(f"{c}={first[c]}" for c in variables)
        raise StatbankError(
            f"{source}: the same combination appears twice ({where})",
            key="statbank.import.err.duplicate", source=source, where=where,
        )  # fmt: skip


def _mask(frame: pd.DataFrame, selection: Selection) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    for column, codes in selection.items():
        if ALL not in codes:
            keep &= frame[column].isin(codes).to_numpy()
    return keep


def _expected(frame: pd.DataFrame, selection: Selection) -> int:
    """How many rows a complete group holds: the product of the selected code counts."""
    n = 1
    for column, codes in selection.items():
        n *= frame[column].nunique() if ALL in codes else len(set(codes))
    return n


def group_sum(
    frame: pd.DataFrame, missing: np.ndarray, keys: list[str], selection: Selection
) -> tuple[pd.Series, int]:
    """Sum INDHOLD per `keys` over `selection`; NaN where a cell is missing or a row is absent."""
    keep = _mask(frame, selection)
    part = frame.loc[keep, [*keys, "INDHOLD"]].assign(_missing=missing[keep])
    grouped = part.groupby(keys, sort=True)
    sums = grouped["INDHOLD"].sum(min_count=1)
    any_missing = grouped["_missing"].any()
    rows = grouped.size()
    short = rows < _expected(frame[keep], selection)
    sums[any_missing | short] = np.nan
    return sums, int(short.sum())


def compute(
    frame: pd.DataFrame,
    missing: np.ndarray,
    geo: str,
    period: str,
    num: Selection,
    den: Selection | None,
) -> Sums:
    """The indicator per (geo, period): the count, or 100 * num / den with --per.

    `num`/`den` hold only the non-geography, non-time variables; rows are already filtered to
    the selected areas and periods. A zero denominator gives a missing share.
    """
    keys = [geo, period]
    num_sums, short = group_sum(frame, missing, keys, num)
    out = pd.DataFrame({"num": num_sums})
    if den is not None:
        den_sums, short_den = group_sum(frame, missing, keys, den)
        out = out.join(den_sums.rename("den"), how="outer")
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 100.0 * out["num"] / out["den"]
        out["value"] = share.where(np.isfinite(share))
        short += short_den
    else:
        out["den"] = np.nan
        out["value"] = out["num"]
    out = out.reset_index()
    out.columns = ["geo", "period", "num", "den", "value"]
    out["missing"] = out["value"].isna()
    return Sums(out, incomplete=short)


def sum_total(frame: pd.DataFrame, column: str, variables: Sequence[str]) -> str | None:
    """The code of `column` whose figures are the sum of its other codes' in every complete
    group (a total saved as a code, e.g. STRAF42's HERKOMST1 "00"), or None.

    A saved file has no tableinfo to say which code is the total; its figures do. At least three
    codes and a non-zero rest are needed, so two equal parts are never taken for a total.
    """
    keys = [v for v in variables if v != column] or ["_group"]
    data = frame.assign(_group=0)
    wide = data.groupby([*keys, column])[VALUE].sum(min_count=1).unstack(column).dropna()
    if wide.empty or wide.shape[1] < 3:
        return None
    everything = wide.sum(axis=1)
    for code in wide.columns:
        rest = everything - wide[code]
        if (rest != 0).any() and np.allclose(wide[code], rest, rtol=1e-9, atol=1e-9):
            return str(code)
    return None


def integer_gaps(codes: Sequence[str]) -> list[str]:
    """Integer codes missing inside the data's own range (FOLK1A's saved file lacks age 38)."""
    numbers = sorted(int(c) for c in codes if c.isdigit())
    if len(numbers) < 3 or len(numbers) != len(codes):
        return []
    have = set(numbers)
    return [str(n) for n in range(numbers[0], numbers[-1] + 1) if n not in have]
