"""Benchmark the venue models against PySAL spopt on the same synthetic instances.

Run:  uv run --group bench python benchmarks/bench_venues.py [--sizes small,10k,aalborg,denmark]

Instances are clustered synthetic points (towns with Gaussian spread plus 10 % scattered
points) in a 30 km × 30 km extent (Aalborg-like) or a 210 km × 210 km extent (Denmark-sized);
costs are walking metres = 1.3 × straight-line distance, generated sparsely with a KD-tree
(only pairs within the radius). spopt gets the same instance as a dense matrix with a large
cost (1e9) for unreachable pairs, since that is what its ``from_cost_matrix`` takes; our
models are timed end to end from the sparse pairs (Problem build + model build + solve) and,
for the comparison sizes, also from spopt's dense matrix.

spopt builds its model with pulp one expression at a time, which costs about 7 µs per matrix
cell; it is skipped where that estimate exceeds --spopt-max-seconds (the output says so).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from venues import (
    Problem,
    greedy_first_answer,
    median_search,
    solve,
    solve_lscp,
    solve_mclp,
    solve_pcenter,
    solve_pmedian,
)
from venues.limits import Limits

DETOUR = 1.3
SPOPT_SECONDS_PER_CELL = 7.5e-6  # measured: MCLP.from_cost_matrix on 10,000 × 1,000 ≈ 75 s


@dataclass(frozen=True)
class Size:
    name: str
    n: int
    m: int
    extent: float
    towns: int
    p: int


SIZES = {
    "small": Size("small", 2_000, 200, 30_000.0, 40, 10),
    "10k": Size("10k", 10_000, 1_000, 30_000.0, 40, 20),
    "aalborg": Size("aalborg", 25_000, 3_000, 30_000.0, 40, 20),
    "denmark": Size("denmark", 500_000, 5_000, 210_000.0, 150, 100),
}
# p-median, p-center and LSCP need every pair (spopt builds n × m assignment variables).
MODELS_SIZE = Size("models", 500, 50, 30_000.0, 40, 6)


@dataclass(frozen=True)
class Instance:
    size: Size
    weights: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    cost: np.ndarray
    demand_xy: np.ndarray
    venue_xy: np.ndarray

    def problem(self) -> Problem:
        n, m = self.size.n, self.size.m
        coo = sp.coo_array((self.cost, (self.rows, self.cols)), shape=(n, m))
        return Problem.from_matrix(_ids("d", n), self.weights, _ids("v", m), coo)

    def dense(self) -> np.ndarray:
        out = np.full((self.size.n, self.size.m), 1e9)
        out[self.rows, self.cols] = self.cost
        return out


def _ids(prefix: str, k: int) -> list[str]:
    return [f"{prefix}{i:06d}" for i in range(k)]


def _clustered(
    rng: np.random.Generator, k: int, size: Size, centers: np.ndarray, spread: np.ndarray
) -> np.ndarray:
    share = rng.dirichlet(np.full(len(centers), 0.7))
    which = rng.choice(len(centers), size=k, p=share)
    pts = centers[which] + rng.normal(size=(k, 2)) * spread[which, None]
    scattered = rng.random(k) < 0.1
    pts[scattered] = rng.uniform(0, size.extent, size=(int(scattered.sum()), 2))
    return np.clip(pts, 0, size.extent)


def make_instance(size: Size, radius: float, seed: int) -> Instance:
    """Clustered demand cells and venues; pairs within the radius via a KD-tree."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(0, size.extent, size=(size.towns, 2))
    spread = rng.uniform(300, 2500, size=size.towns)
    demand = _clustered(rng, size.n, size, centers, spread)
    venues = _clustered(rng, size.m, size, centers, spread * 0.8)
    weights = rng.poisson(12, size.n).astype(np.float64)
    pairs = cKDTree(demand).sparse_distance_matrix(
        cKDTree(venues), radius / DETOUR, output_type="coo_matrix"
    )
    return Instance(size, weights, pairs.row, pairs.col, pairs.data * DETOUR, demand, venues)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.3f} %"


# ------------------------------------------------------------------------------------ spopt
def spopt_solver(name: str) -> Any:
    import pulp

    available = pulp.listSolvers(onlyAvailable=True)
    if name == "highs" and "HiGHS" in available:
        return pulp.HiGHS(msg=False, threads=1)
    return pulp.PULP_CBC_CMD(msg=False)


def spopt_run(
    kind: str, dense: np.ndarray, inst: Instance, p: int, radius: float, solver: Any
) -> tuple[float, float, float]:
    """(objective, build seconds, solve seconds) of the spopt model on the dense matrix."""
    import pulp
    from spopt.locate import LSCP, MCLP, PCenter, PMedian

    start = time.perf_counter()
    if kind == "mclp":
        model = MCLP.from_cost_matrix(dense, inst.weights, radius, p)
    elif kind == "pmedian":
        model = PMedian.from_cost_matrix(dense, inst.weights, p)
    elif kind == "pcenter":
        model = PCenter.from_cost_matrix(dense, p)
    else:
        model = LSCP.from_cost_matrix(dense, radius)
    built = time.perf_counter()
    model = model.solve(solver)
    done = time.perf_counter()
    return float(pulp.value(model.problem.objective)), built - start, done - built


# --------------------------------------------------------------------------------- sections
def bench_mclp(inst: Instance, args: argparse.Namespace) -> None:
    size, radius = inst.size, args.radius
    p = args.p or size.p
    print(
        f"\n== MCLP  {size.n:,} demand × {size.m:,} candidates, p = {p}, r = {radius:g} m "
        f"({len(inst.cost):,} pairs within r)"
    )
    problem, t_build = timed(inst.problem)
    print(f"  Problem from sparse pairs          {t_build:8.3f} s")
    greedy, t_greedy = timed(lambda: greedy_first_answer(problem, p, radius))
    print(
        f"  greedy first answer                {t_greedy:8.3f} s   "
        f"objective {fmt(greedy.objective)}   (+ Problem build: {t_build + t_greedy:.3f} s)"
    )
    heur, t_heur = timed(lambda: solve_mclp(problem, p, radius, heuristic=True))
    print(
        f"  heuristic (greedy+swap, LP bound)  {t_heur:8.3f} s   objective {fmt(heur.objective)}"
        f"   bound {fmt(heur.bound)}   gap {pct(heur.gap)}"
    )
    if size.name == "denmark" and not args.exact_denmark:
        print("  exact: skipped at this size (heuristic only; --exact-denmark to try)")
        return
    exact, t_exact = timed(lambda: solve_mclp(problem, p, radius, time_limit=args.time_limit))
    ours = t_build + t_exact
    print(
        f"  exact (HiGHS)                      {t_exact:8.3f} s   objective {fmt(exact.objective)}"
        f"   bound {fmt(exact.bound)}   gap {pct(exact.gap)}   status {exact.status}"
    )
    print(f"  exact end to end (build + solve)   {ours:8.3f} s")
    _compare_spopt(
        "mclp",
        inst,
        args,
        p,
        radius,
        exact.objective,
        ours,
        from_dense=lambda d: solve_mclp(
            Problem.from_matrix(_ids("d", size.n), inst.weights, _ids("v", size.m), d), p, radius
        ),
    )


def _compare_spopt(
    kind: str,
    inst: Instance,
    args: argparse.Namespace,
    p: int,
    radius: float,
    our_objective: float,
    our_seconds: float,
    from_dense: Callable[[np.ndarray], Any] | None = None,
) -> None:
    cells = inst.size.n * inst.size.m
    estimate = cells * SPOPT_SECONDS_PER_CELL
    if args.spopt == "never":
        print("  spopt: skipped (--spopt never)")
        return
    if args.spopt == "auto" and estimate > args.spopt_max_seconds:
        print(
            f"  spopt: skipped (estimated model build alone ≈ {estimate / 60:.0f} min for "
            f"{cells:,} matrix cells; --spopt always to force)"
        )
        return
    dense = inst.dense()
    if from_dense is not None:
        res, t_dense = timed(lambda: from_dense(dense))
        print(
            f"  ours from spopt's dense matrix     {t_dense:8.3f} s   "
            f"objective {fmt(res.objective)}"
        )
    obj, t_b, t_s = spopt_run(kind, dense, inst, p, radius, spopt_solver(args.spopt_solver))
    same = abs(obj - our_objective) <= 1e-6 * max(1.0, abs(obj))
    print(
        f"  spopt ({args.spopt_solver}) build {t_b:.3f} s + solve {t_s:.3f} s = "
        f"{t_b + t_s:.3f} s   objective {fmt(obj)}   same optimum: {'yes' if same else 'NO'}"
    )
    print(f"  end-to-end speed-up vs spopt       {(t_b + t_s) / our_seconds:8.1f} ×")


def bench_other_models(inst: Instance, args: argparse.Namespace) -> None:
    """p-median, p-center and LSCP against spopt on a complete (all pairs) cost matrix."""
    size = inst.size
    p = size.p
    full = np.linalg.norm(inst.demand_xy[:, None] - inst.venue_xy[None], axis=2) * DETOUR
    # Positive weights: spopt's LSCP and p-center serve every point, ours skips weight-0 points.
    rows, cols = np.nonzero(np.ones_like(full, dtype=bool))
    weights = inst.weights + 1.0
    dense = Instance(size, weights, rows, cols, full.ravel(), inst.demand_xy, inst.venue_xy)
    problem, t_build = timed(dense.problem)
    r_cover = float(np.ceil(full.min(axis=1).max()))
    print(
        f"\n== p-median / p-center / LSCP  {size.n:,} × {size.m:,}, complete cost matrix, "
        f"p = {p}, LSCP r = {r_cover:g} m"
    )
    runs = {
        "pmedian": lambda: solve_pmedian(problem, p),
        "pmedian-heuristic": lambda: solve_pmedian(problem, p, heuristic=True),
        "pcenter": lambda: solve_pcenter(problem, p),
        "lscp": lambda: solve_lscp(problem, r_cover),
    }
    for name, run in runs.items():
        res, t = timed(run)
        print(
            f"  {name:18s} {t + t_build:8.3f} s   objective {fmt(res.objective)}   "
            f"bound {fmt(res.bound)}   gap {pct(res.gap)}"
        )
        if name in ("pmedian", "pcenter", "lscp"):
            _compare_spopt(name, dense, args, p, r_cover, res.objective, t + t_build)


def bench_pmedian_scale(args: argparse.Namespace) -> None:
    """Exact p-median at 10,000 × 1,000 (complete matrix): the exact model as it was (the
    peer: full-matrix search and bound, then HiGHS, run to --peer-time-limit) against the
    bounded solve the web app uses (search and bound on the nearest pairs, the exact model
    within --time-limit-ours, then the best answer with its proven gap), and against the
    default settings' size fallback (heuristic at once, 30 s)."""
    size = SIZES["10k"]
    inst = make_instance(size, args.radius, args.seed)
    full = np.linalg.norm(inst.demand_xy[:, None] - inst.venue_xy[None], axis=2) * DETOUR
    weights = inst.weights + 1.0
    problem, t_build = timed(
        lambda: Problem.from_matrix(_ids("d", size.n), weights, _ids("v", size.m), full)
    )
    p = args.p or size.p
    print(f"\n== p-median at scale  {size.n:,} × {size.m:,}, complete matrix, p = {p} "
          f"(Problem build {t_build:.2f} s)")  # fmt: skip
    full_search = median_search.TRUNCATE_PAIRS
    median_search.TRUNCATE_PAIRS = problem.n_demand * problem.n_candidates  # as it was
    try:
        peer, t_peer = timed(lambda: solve_pmedian(problem, p, time_limit=args.peer_time_limit))
    finally:
        median_search.TRUNCATE_PAIRS = full_search
    print(f"  peer: exact model, limit {args.peer_time_limit:g} s  {t_peer:8.1f} s   objective "
          f"{fmt(peer.objective)}   bound {fmt(peer.bound)}   gap {pct(peer.gap)}   "
          f"status {peer.status}")  # fmt: skip
    bounds = Limits(time_limit_s=args.time_limit_ours)
    ours, t_ours = timed(lambda: solve(problem, "pmedian", p=p, bounds=bounds))
    print(f"  ours: bounded, limit {args.time_limit_ours:g} s       {t_ours:8.1f} s   objective "
          f"{fmt(ours.objective)}   bound {fmt(ours.bound)}   gap {pct(ours.gap)}   "
          f"method {ours.method} ({ours.reason or 'proven'})")  # fmt: skip
    print(f"  time ratio peer / ours             {t_peer / t_ours:8.2f} ×")
    defaults = Limits(exact_max_size=1_000_000, time_limit_s=30.0)
    fast, t_fast = timed(lambda: solve(problem, "pmedian", p=p, bounds=defaults))
    print(f"  ours: default settings (size)      {t_fast:8.1f} s   objective "
          f"{fmt(fast.objective)}   bound {fmt(fast.bound)}   gap {pct(fast.gap)}   "
          f"method {fast.method} ({fast.reason or 'proven'})")  # fmt: skip
    print(f"  time ratio peer / ours (size)      {t_peer / t_fast:8.2f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="small,10k,aalborg,denmark", help="comma list of " + ", ".join(SIZES)
    )
    parser.add_argument("--p", type=int, default=None, help="venues to open (default per size)")
    parser.add_argument("--radius", type=float, default=1000.0, help="walking reach in metres")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=300.0, help="exact solver limit (s)")
    parser.add_argument("--spopt", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--spopt-max-seconds", type=float, default=180.0)
    parser.add_argument("--spopt-solver", choices=("highs", "cbc"), default="highs")
    parser.add_argument("--exact-denmark", action="store_true")
    parser.add_argument(
        "--other-models",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="p-median/p-center/LSCP vs spopt on a 500 × 50 complete matrix",
    )
    parser.add_argument(
        "--pmedian-scale",
        action="store_true",
        help="only the exact p-median at 10,000 × 1,000 (peer vs bounded)",
    )
    parser.add_argument("--peer-time-limit", type=float, default=300.0)
    parser.add_argument("--time-limit-ours", type=float, default=60.0)
    args = parser.parse_args()
    if args.pmedian_scale:
        bench_pmedian_scale(args)
        return
    for name in args.sizes.split(","):
        size = SIZES[name.strip()]
        start = time.perf_counter()
        inst = make_instance(size, args.radius, args.seed)
        t_gen = time.perf_counter() - start
        print(f"\n#### {size.name}: generated {size.n:,} × {size.m:,} in {t_gen:.2f} s")
        bench_mclp(inst, args)
    if args.other_models:
        bench_other_models(make_instance(MODELS_SIZE, args.radius, args.seed), args)


if __name__ == "__main__":
    main()
