"""Benchmark of the ranking engine on Denmark-sized synthetic data.

Times, in one process, on 20 synthetic indicators in 4 domains (percentages rounded to 0.1 so
that ties occur as in real data, 0.2 % of values missing so the reweighting path runs):

1. a profile run (percentile normalisation, arithmetic) on 2,148 parishes and on a 100 m grid
   of ~4.3 million cells, against a naive pandas peer (per-column ``Series.rank`` and pandas
   arithmetic for the two-level reweighting);
2. a 1,000-draw Monte Carlo sensitivity run on the parishes (weights and normalisation sampled),
   against a naive peer that loops over the same draws, re-normalising with
   ``scipy.stats.rankdata`` per column and scoring each draw separately.

Both peers are checked to give the same answer. Run: ``uv run python benchmarks/bench_ranking.py``
(``--grid-cells`` / ``--draws`` to shrink it). Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from indicators import Profile, parse_profile, rank_areas, sensitivity
from indicators.aggregate import WeightPlan
from indicators.sensitivity import _draw_weights

N_INDICATORS = 20
N_DOMAINS = 4
METHODS = ["percentile", "minmax", "zscore"]


def synthetic(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = np.clip(rng.normal(30, 12, (n, N_INDICATORS)), 0, 100).round(1)
    values[rng.random(values.shape) < 0.002] = np.nan
    table = pd.DataFrame(values, columns=[f"ind{k:02d}" for k in range(N_INDICATORS)])
    table.insert(0, "area_id", np.arange(n, dtype=np.int64))
    return table


def bench_profile() -> Profile:
    indicators = [
        {
            "column": f"ind{k:02d}",
            "direction": "lower_is_worse" if k % 5 == 0 else "higher_is_worse",
            "domain": f"d{k % N_DOMAINS}",
            "weight": 1 + k % 3,
        }
        for k in range(N_INDICATORS)
    ]
    return parse_profile(
        {
            "name": "bench",
            "id_column": "area_id",
            "normalisation": "percentile",
            "indicators": indicators,
            "domain_weights": {"d0": 0.4, "d1": 0.3, "d2": 0.2, "d3": 0.1},
        }
    )


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


# ---- naive peers ---------------------------------------------------------------------------


def naive_normalise(column: pd.Series, direction: str, method: str) -> pd.Series:
    y = -column if direction == "lower_is_worse" else column
    if method == "percentile":
        return (y.rank(method="average") - 1) / (y.count() - 1)
    if method == "minmax":
        return (y - y.min()) / (y.max() - y.min())
    return (y - y.mean()) / y.std()


def naive_score(norm: pd.DataFrame, profile: Profile, v: np.ndarray, w: np.ndarray) -> pd.Series:
    """Two-level reweighted mean with pandas: domain means over present values, then domains."""
    num = pd.Series(0.0, index=norm.index)
    den = pd.Series(0.0, index=norm.index)
    for d, name in enumerate(profile.domains):
        cols = [ind.column for ind in profile.indicators if ind.domain == name]
        weights = pd.Series(v[[profile.columns.index(c) for c in cols]], index=cols)
        present = norm[cols].notna()
        domain = (norm[cols].fillna(0) * weights).sum(axis=1) / (present * weights).sum(axis=1)
        num += w[d] * domain.fillna(0)
        den += w[d] * domain.notna()
    return num / den


def naive_rank(table: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    norm = pd.DataFrame(
        {
            ind.column: naive_normalise(table[ind.column], ind.direction, "percentile")
            for ind in profile.indicators
        }
    )
    plan = WeightPlan.from_profile(profile)
    score = naive_score(norm, profile, plan.indicator, plan.domain)
    return pd.DataFrame({"score": score, "rank": score.rank(ascending=False, method="min")})


def naive_sensitivity(table: pd.DataFrame, profile: Profile, draws: int, seed: int) -> np.ndarray:
    """Same draws as indicators.sensitivity (same generator calls), scored one by one."""
    rng = np.random.default_rng(seed)
    plan = WeightPlan.from_profile(profile)
    choice = rng.integers(len(METHODS), size=draws)
    v, w = _draw_weights(rng, plan, profile.sensitivity.concentration, draws)
    values = table[profile.columns].to_numpy()
    ranks = np.empty((len(table), draws))
    for d in range(draws):
        norm = {}
        for k, ind in enumerate(profile.indicators):
            column = values[:, k] if ind.direction == "higher_is_worse" else -values[:, k]
            if METHODS[choice[d]] == "percentile":
                r = rankdata(column, nan_policy="omit")
                norm[ind.column] = (r - 1) / (np.count_nonzero(~np.isnan(column)) - 1)
            else:
                norm[ind.column] = naive_normalise(
                    pd.Series(column), "higher_is_worse", METHODS[choice[d]]
                ).to_numpy()
        score = naive_score(pd.DataFrame(norm), profile, v[d], w[d]).to_numpy()
        ranks[:, d] = rankdata(-score, method="min", nan_policy="omit")
    return np.percentile(ranks, 50, axis=1)


# ---- runs ------------------------------------------------------------------------------------


def run_profile(label: str, table: pd.DataFrame, profile: Profile, repeat: int) -> None:
    """Best of ``repeat`` alternating runs, so neither side alone pays the first-touch cost of
    fresh memory (large in VMs with transparent huge pages) or benefits from the other's."""
    ours_s = peer_s = frame_s = float("inf")
    for _ in range(repeat):
        seconds, result = timed(lambda: rank_areas(table, profile))
        ours_s = min(ours_s, seconds)
        seconds, peer = timed(lambda: naive_rank(table, profile))
        peer_s = min(peer_s, seconds)
        frame_s = min(frame_s, timed(result.to_frame)[0])
    diff = np.nanmax(np.abs(result.score - peer["score"].to_numpy()))
    same = np.array_equal(result.rank, peer["rank"].to_numpy(), equal_nan=True)
    print(f"{label}: {len(table):,} areas x {N_INDICATORS} indicators")
    print(f"  rank_areas          {ours_s:9.3f} s")
    print(f"  naive pandas peer   {peer_s:9.3f} s   ratio peer/ours {peer_s / ours_s:6.2f}x")
    print(f"  result.to_frame()   {frame_s:9.3f} s   ({len(result.to_frame().columns)} columns)")
    print(f"  agreement: max |score diff| {diff:.2e}, identical ranks: {same}")


def run_sensitivity(table: pd.DataFrame, profile: Profile, draws: int) -> None:
    seed = 2024
    ours_s, result = timed(
        lambda: sensitivity(table, profile, draws=draws, seed=seed, normalisations=METHODS)
    )
    peer_s, peer_median = timed(lambda: naive_sensitivity(table, profile, draws, seed))
    agree = np.mean(result.frame["median_rank"].to_numpy() == peer_median)
    print(f"sensitivity: {draws:,} draws on {len(table):,} parishes, normalisations {METHODS}")
    print(f"  sensitivity()       {ours_s:9.3f} s")
    print(f"  naive per-draw loop {peer_s:9.3f} s   ratio peer/ours {peer_s / ours_s:6.2f}x")
    print(
        f"  agreement: median rank identical for {agree:.1%} of areas; "
        f"stable top {result.top_n}: {result.n_stable}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parishes", type=int, default=2_148)
    parser.add_argument("--grid-cells", type=int, default=4_300_000)
    parser.add_argument("--draws", type=int, default=1_000)
    args = parser.parse_args()
    print(f"cores available: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()}")
    profile = bench_profile()
    start = time.perf_counter()
    parishes = synthetic(args.parishes, seed=1)
    run_profile("parishes", parishes, profile, repeat=5)
    run_sensitivity(parishes, profile, args.draws)
    grid = synthetic(args.grid_cells, seed=2)
    ranking_memory(grid, profile)
    run_profile("100 m grid", grid, profile, repeat=2)
    peak = peak_rss_gib()
    print(
        f"total wall time {time.perf_counter() - start:.1f} s, peak RSS {peak:.2f} GiB "
        "(whole run: includes the naive peer and to_frame)"
    )


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def ranking_memory(table: pd.DataFrame, profile: Profile) -> None:
    """Memory of one rank_areas call on its own, before the peer has run: the process peak RSS
    so far (input table included) and numpy's traced allocations at the call's peak."""
    tracemalloc.start()
    result = rank_areas(table, profile)
    peak = tracemalloc.get_traced_memory()[1] / 1024**3
    tracemalloc.stop()
    del result
    table_gib = table.memory_usage(deep=True).sum() / 1024**3
    print(
        f"rank_areas memory on {len(table):,} areas: peak RSS so far {peak_rss_gib():.2f} GiB "
        f"(input table {table_gib:.2f} GiB; allocations during the call peak {peak:.2f} GiB)"
    )


if __name__ == "__main__":
    main()
