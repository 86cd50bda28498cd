"""Normalisation: turn raw indicator values into comparable *need* values.

Every method first orients the indicator by its ``direction`` so that a higher normalised value
always means more need; this is what lets weights be positive and contributions be read as
"how much this indicator pushes the area up the list". Missing values (NaN) stay missing and are
ignored when the statistics (min, mean, ranks ...) are taken, so N is the number of areas with a
value for that indicator.

Formulas (y = value for ``higher_is_worse``, y = -value for ``lower_is_worse``):

* ``minmax``: (y - min y) / (max y - min y); 0 for a constant indicator.
* ``zscore``: (y - mean y) / sd y, sample sd (ddof = 1) as in the OECD/JRC handbook; 0 for a
  constant indicator or a single area. Mean and sd are taken over the *sorted* values so the
  result does not depend on row order down to the last bit.
* ``rank``: average rank of y, 1 = least need, N = most need (ties share their average rank).
* ``percentile``: (rank - 1) / (N - 1) with average ranks, the CDC/ATSDR SVI percentile rank
  with ties averaged; 0.5 when N = 1.
* ``goalposts``: (value - best) / (worst - best) clipped to [0, 1]: 0 at or beyond the best
  goalpost, 1 at or beyond the worst. With only ``target`` the best goalpost is the target and
  the worst is the worst observed value; if no area is worse than the target all get 0.
* ``imd_exponential``: X = -23 ln(1 - R (1 - exp(-100/23))) with R = rank / N (average ranks,
  most need R = 1), the English IMD transform; X lies in (0, 100].
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from indicators.profile import IndicatorSpec

FloatArray = np.ndarray
IMD_CONSTANT = 1.0 - np.exp(-100.0 / 23.0)
PARALLEL_ROWS = 200_000
MAX_THREADS = 8
RANK_BASED = frozenset({"rank", "percentile", "imd_exponential"})


def average_ranks(y: FloatArray) -> FloatArray:
    """1-based ranks of ``y`` ascending, ties averaged, NaN kept as NaN.

    This replaces a per-column ``scipy.stats.rankdata``/``Series.rank`` and is the hot path on
    grid-sized tables; see :func:`rank_table` for how it avoids sorting every value.
    """
    codes, table, _ = rank_table(y)
    return np.take(table, codes, mode="clip")


def rank_table(y: FloatArray, descending: bool = False) -> tuple[np.ndarray, FloatArray, int]:
    """Average ranks per distinct value: ``table[codes]`` are the ranks of ``y``; and N.

    Indicator values are usually rounded (percentages to 0.1), so a 4.3-million-cell column has
    a few thousand distinct values. Hashing them (``pd.factorize``, linear time) and sorting only
    the distinct values is several times faster than sorting or binary-searching every value,
    and lets rank-based methods transform the small table before one final lookup. NaN gets
    code 0, whose table entry is NaN. ``descending`` ranks -y without building the negated
    column (0.0 and -0.0 hash as one value, as they compare equal). Each step works in place:
    on a grid every column-sized temporary is a fresh mapping whose pages must be faulted in.
    """
    codes, uniques = pd.factorize(y, use_na_sentinel=True)
    codes += 1
    uniques = np.asarray(uniques, dtype=float)
    counts = np.bincount(codes, minlength=uniques.size + 1)
    order = np.argsort(-uniques if descending else uniques)
    sorted_counts = counts[1:][order]
    ends = np.cumsum(sorted_counts)
    table = np.empty(uniques.size + 1)
    table[0] = np.nan
    table[1:][order] = (ends - sorted_counts + ends + 1) / 2.0
    return codes, table, int(codes.size - counts[0])


def oriented(values: FloatArray, direction: str) -> FloatArray:
    """Flip the sign of ``lower_is_worse`` indicators so that larger always means more need."""
    return -values if direction == "lower_is_worse" else values


def _minmax(y: FloatArray) -> FloatArray:
    lo, hi = np.nanmin(y), np.nanmax(y)
    if hi == lo:
        return np.where(np.isnan(y), np.nan, 0.0)
    return (y - lo) / (hi - lo)


def _zscore(y: FloatArray) -> FloatArray:
    present = np.sort(y[~np.isnan(y)])
    if present.size < 2:
        return np.where(np.isnan(y), np.nan, 0.0)
    sd = float(np.std(present, ddof=1))
    if sd == 0:
        return np.where(np.isnan(y), np.nan, 0.0)
    return (y - float(np.mean(present))) / sd


def _percentile(ranks: FloatArray, n: int) -> FloatArray:
    if n == 1:
        return np.where(np.isnan(ranks), np.nan, 0.5)
    return (ranks - 1.0) / (n - 1)


def _imd_exponential(ranks: FloatArray, n: int) -> FloatArray:
    return -23.0 * np.log1p(-(ranks / n) * IMD_CONSTANT)


def _from_ranks(method: str, ranks: FloatArray, n: int) -> FloatArray:
    """A rank-based method applied to ranks (of all areas, or one per distinct value); ``n`` is
    the number of areas with a value."""
    if method == "rank":
        return ranks
    if method == "percentile":
        return _percentile(ranks, n)
    if method == "imd_exponential":
        return _imd_exponential(ranks, n)
    raise ValueError(f"unknown normalisation '{method}'")


def goalposts(values: FloatArray, spec: IndicatorSpec) -> FloatArray:
    """Distance from the best towards the worst goalpost, in [0, 1] (see module docstring)."""
    best = spec.best if spec.best is not None else spec.target
    worst = spec.worst
    if best is None:
        raise ValueError(f"indicator {spec.column} has no goalposts")
    if worst is None:
        worst = _observed_worst(values, spec.direction)
        beyond = worst < best if spec.direction == "lower_is_worse" else worst > best
        if not beyond:  # also False for NaN: nobody misses the target
            return np.where(np.isnan(values), np.nan, 0.0)
    return np.clip((values - best) / (worst - best), 0.0, 1.0)


def _observed_worst(values: FloatArray, direction: str) -> float:
    if np.all(np.isnan(values)):
        return float("nan")
    return float(np.nanmin(values) if direction == "lower_is_worse" else np.nanmax(values))


def normalise_column(
    values: FloatArray,
    spec: IndicatorSpec,
    method: str,
    ranks: FloatArray | None = None,
    out: FloatArray | None = None,
) -> FloatArray:
    """Normalise one raw column; ``ranks`` may be passed in to share one ranking between methods.

    ``out`` (a contiguous float column) receives rank-based results directly, saving a
    column-sized temporary and copy per indicator on big grids; other methods ignore it."""
    if np.all(np.isnan(values)):
        return np.full(values.shape, np.nan)
    if method == "goalposts":
        return goalposts(values, spec)
    if method in RANK_BASED and ranks is None:
        # transform the ranks of the distinct values, then look every area up once
        codes, table, n = rank_table(values, descending=spec.direction == "lower_is_worse")
        return np.take(_from_ranks(method, table, n), codes, mode="clip", out=out)
    y = oriented(values, spec.direction)
    if method == "minmax":
        return _minmax(y)
    if method == "zscore":
        return _zscore(y)
    if ranks is None:
        raise ValueError(f"unknown normalisation '{method}'")
    return _from_ranks(method, ranks, int(np.count_nonzero(~np.isnan(ranks))))


def normalise_matrix(
    values: FloatArray, specs: Sequence[IndicatorSpec], methods: Sequence[str]
) -> FloatArray:
    """Normalise an areas x indicators matrix, column k with ``methods[k]``."""
    out = np.empty(values.shape, dtype=float, order="F")

    def one(k: int) -> None:
        target = out[:, k]
        column = normalise_column(values[:, k], specs[k], methods[k], out=target)
        if column is not target:
            target[:] = column

    _for_each_column(len(specs), values.shape[0], one)
    return out


def _for_each_column(n_columns: int, n_rows: int, work: Callable[[int], None]) -> None:
    """Run ``work(k)`` for every column; in threads for big tables.

    numpy releases the GIL in sorting and fancy indexing, so columns of a multi-million-row
    grid normalise in parallel; the columns are independent, so results do not depend on it.
    """
    workers = min(n_columns, len(os.sched_getaffinity(0)), MAX_THREADS)
    if n_rows < PARALLEL_ROWS or workers < 2:
        for k in range(n_columns):
            work(k)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(work, range(n_columns)))


def normalise_variants(
    values: FloatArray, specs: Sequence[IndicatorSpec], variants: Iterable[Sequence[str]]
) -> list[FloatArray]:
    """Several method assignments at once, ranking each column only once (for Monte Carlo)."""
    variants = [list(v) for v in variants]
    outs = [np.empty(values.shape, dtype=float, order="F") for _ in variants]
    for k, spec in enumerate(specs):
        ranks = _lazy_ranks(values[:, k], spec.direction)
        for out, methods in zip(outs, variants, strict=True):
            method = methods[k]
            shared = ranks() if method in RANK_BASED else None
            out[:, k] = normalise_column(values[:, k], spec, method, shared)
    return outs


def _lazy_ranks(column: FloatArray, direction: str) -> Callable[[], FloatArray]:
    cache: list[FloatArray] = []

    def get() -> FloatArray:
        if not cache:
            cache.append(average_ranks(oriented(column, direction)))
        return cache[0]

    return get


def geometric_bounds(method: str, normalised: FloatArray) -> tuple[float, float]:
    """Lower bound and span of a method's output, used to shift values before a geometric mean.

    Theoretical bounds are used where they exist so that one area's change cannot move the
    shift; z-scores have none, so their observed min and range are used.
    """
    fixed = {"minmax": 1.0, "percentile": 1.0, "goalposts": 1.0, "imd_exponential": 100.0}
    if method in fixed:
        return 0.0, fixed[method]
    if method == "rank":
        n = int(np.count_nonzero(~np.isnan(normalised)))
        return 1.0, float(max(n - 1, 1))
    if not np.any(~np.isnan(normalised)):
        return 0.0, 1.0
    lo, hi = float(np.nanmin(normalised)), float(np.nanmax(normalised))
    return lo, (hi - lo) or 1.0
