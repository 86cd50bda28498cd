"""The demand × candidate problem shared by every location model.

A :class:`Problem` holds demand points (id, weight), candidate venues (id, required, excluded,
capacity) and the reachable pairs with their cost (metres or minutes). A pair that is absent is
unreachable, which is how walking-network costs arrive in practice (only pairs within a cut-off
are computed), so the table is stored sparsely.

Canonical order: ids are sorted (lexicographically) when the problem is built and the pairs of
each demand point are sorted by (cost, candidate). Every model therefore sees the same arrays
whatever order the caller passed, which is what makes answers reproducible on shuffled input,
and "nearest venue" ties resolve to the candidate whose id sorts first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from venues.errors import InvalidInputError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Problem:
    """Demand, candidates and reachable pairs in canonical (id-sorted) order.

    Build it with :meth:`from_matrix` or :meth:`from_long`; the raw constructor trusts its
    arrays. ``indptr`` delimits the pairs of each demand point (CSR layout), ``pair_candidate``
    and ``pair_cost`` hold them sorted by (cost, candidate index) within each demand point.
    ``capacity`` is ``None`` when no venue has a finite capacity.
    """

    demand_ids: tuple[str, ...]
    weights: FloatArray
    candidate_ids: tuple[str, ...]
    indptr: IntArray
    pair_candidate: IntArray
    pair_cost: FloatArray
    required: BoolArray
    excluded: BoolArray
    capacity: FloatArray | None = None

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_matrix(
        cls,
        demand_ids: Sequence[str],
        weights: ArrayLike,
        candidate_ids: Sequence[str],
        costs: ArrayLike | sp.sparray | sp.spmatrix,
        *,
        required: Iterable[str] = (),
        excluded: Iterable[str] = (),
        capacity: ArrayLike | Mapping[str, float] | None = None,
    ) -> Problem:
        """Build from a demand × candidate matrix in the order of the given ids.

        Dense: ``inf`` or ``nan`` marks an unreachable pair. Sparse: the stored entries are the
        reachable pairs (an explicit zero is a reachable pair with cost 0).
        """
        n, m = len(demand_ids), len(candidate_ids)
        if sp.issparse(costs):
            coo = sp.coo_array(costs)
            if coo.shape != (n, m):
                raise InvalidInputError(f"cost matrix is {coo.shape}, expected ({n}, {m})")
            rows, cols, vals = coo.row, coo.col, coo.data.astype(np.float64)
            if np.isnan(vals).any():
                raise InvalidInputError("sparse cost matrix holds NaN; omit unreachable pairs")
        else:
            dense = np.asarray(costs, dtype=np.float64)
            if dense.shape != (n, m):
                raise InvalidInputError(f"cost matrix is {dense.shape}, expected ({n}, {m})")
            return _build_dense(
                demand_ids, weights, candidate_ids, dense, required, excluded, capacity
            )
        return _build(
            demand_ids, weights, candidate_ids, rows, cols, vals, required, excluded, capacity
        )

    @classmethod
    def from_long(
        cls,
        demand_ids: Sequence[str],
        weights: ArrayLike,
        candidate_ids: Sequence[str],
        pair_demand_ids: ArrayLike,
        pair_candidate_ids: ArrayLike,
        pair_costs: ArrayLike,
        *,
        required: Iterable[str] = (),
        excluded: Iterable[str] = (),
        capacity: ArrayLike | Mapping[str, float] | None = None,
    ) -> Problem:
        """Build from a long table of (demand id, candidate id, cost); absent pairs: unreachable."""
        rows = _lookup(demand_ids, pair_demand_ids, "demand")
        cols = _lookup(candidate_ids, pair_candidate_ids, "candidate")
        vals = np.asarray(pair_costs, dtype=np.float64)
        if not np.isfinite(vals).all():
            bad = int(np.flatnonzero(~np.isfinite(vals))[0])
            raise InvalidInputError(f"pair {bad} has a non-finite cost; omit unreachable pairs")
        return _build(
            demand_ids, weights, candidate_ids, rows, cols, vals, required, excluded, capacity
        )

    def with_options(
        self, *, required: Iterable[str] = (), excluded: Iterable[str] = ()
    ) -> Problem:
        """Return a copy with more venues forced open and/or excluded (e.g. from CLI flags)."""
        req = self.required | _mask(self.candidate_ids, required, "required")
        exc = self.excluded | _mask(self.candidate_ids, excluded, "excluded")
        _check_overlap(self.candidate_ids, req, exc)
        return replace(self, required=req, excluded=exc)

    # ------------------------------------------------------------------ derived data
    @property
    def n_demand(self) -> int:
        return len(self.demand_ids)

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_ids)

    @cached_property
    def pair_demand(self) -> IntArray:
        """Demand index of every pair (the CSR row expanded)."""
        return np.repeat(np.arange(self.n_demand, dtype=np.int64), np.diff(self.indptr))

    @cached_property
    def total_weight(self) -> float:
        return float(self.weights.sum())

    @property
    def active(self) -> BoolArray:
        """Candidates a model may open (not excluded)."""
        return ~self.excluded

    def pair_mask(self, radius: float = np.inf, candidates: BoolArray | None = None) -> BoolArray:
        """Pairs with cost <= radius (inclusive) whose candidate is in ``candidates``."""
        allowed = self.active if candidates is None else candidates
        return (self.pair_cost <= radius) & allowed[self.pair_candidate]

    def csr(self, mask: BoolArray, values: FloatArray | None = None) -> sp.csr_array:
        """The masked pairs as a demand × candidate CSR array (ones unless values are given).

        Column indices stay in (cost, candidate) order within a row; callers that need sorted
        indices sort them. Explicit zeros in ``values`` are kept as stored entries.
        """
        counts = np.bincount(self.pair_demand[mask], minlength=self.n_demand)
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        data = np.ones(int(mask.sum())) if values is None else values[mask]
        shape = (self.n_demand, self.n_candidates)
        return sp.csr_array((data, self.pair_candidate[mask], indptr), shape=shape)

    def nearest(self, selected: BoolArray, radius: float = np.inf) -> tuple[IntArray, FloatArray]:
        """Nearest selected candidate within ``radius`` of each demand point.

        Returns (candidate index or -1, cost or inf). Pairs are sorted by (cost, candidate),
        so the first selected pair of a row is the nearest with ties to the lowest index.
        """
        pos = np.flatnonzero(self.pair_mask(radius, selected))
        rows = self.pair_demand[pos]
        first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
        best = np.full(self.n_demand, -1, dtype=np.int64)
        cost = np.full(self.n_demand, np.inf)
        best[rows[first]] = self.pair_candidate[pos[first]]
        cost[rows[first]] = self.pair_cost[pos[first]]
        return best, cost

    def reachable_demand(self, radius: float = np.inf) -> BoolArray:
        """Demand points with at least one active candidate within ``radius``."""
        hit = np.zeros(self.n_demand, dtype=bool)
        hit[self.pair_demand[self.pair_mask(radius)]] = True
        return hit

    def ids_of(self, mask_or_index: BoolArray | IntArray) -> tuple[str, ...]:
        """Candidate ids of a mask or index array, in canonical order."""
        idx = np.asarray(mask_or_index)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        return tuple(self.candidate_ids[int(j)] for j in np.sort(idx))


# ---------------------------------------------------------------------- construction helpers
def _build(
    demand_ids: Sequence[str],
    weights: ArrayLike,
    candidate_ids: Sequence[str],
    rows: NDArray[Any],
    cols: NDArray[Any],
    vals: FloatArray,
    required: Iterable[str],
    excluded: Iterable[str],
    capacity: ArrayLike | Mapping[str, float] | None,
) -> Problem:
    """Validate, sort ids and pairs into canonical order, and assemble the problem."""
    d_ids, d_order = _canonical_ids(demand_ids, "demand")
    c_ids, c_order = _canonical_ids(candidate_ids, "candidate")
    w = _weights(weights, len(d_ids))[d_order]
    if (vals < 0).any():
        bad = int(np.flatnonzero(vals < 0)[0])
        raise InvalidInputError(
            f"negative cost {vals[bad]} between demand '{demand_ids[int(rows[bad])]}' and "
            f"candidate '{candidate_ids[int(cols[bad])]}'; costs must be >= 0"
        )
    d_rank = np.empty(len(d_ids), dtype=np.int64)
    d_rank[d_order] = np.arange(len(d_ids))
    c_rank = np.empty(len(c_ids), dtype=np.int64)
    c_rank[c_order] = np.arange(len(c_ids))
    r, c = d_rank[np.asarray(rows, dtype=np.int64)], c_rank[np.asarray(cols, dtype=np.int64)]
    _check_duplicate_pairs(r, c, d_ids, c_ids)
    order = np.lexsort((c, vals, r))
    counts = np.bincount(r, minlength=len(d_ids))
    pairs = (counts, c[order], np.asarray(vals, dtype=np.float64)[order])
    options = (required, excluded, capacity, candidate_ids, c_order)
    return _assemble(d_ids, w, c_ids, pairs, options)


def _build_dense(
    demand_ids: Sequence[str],
    weights: ArrayLike,
    candidate_ids: Sequence[str],
    dense: FloatArray,
    required: Iterable[str],
    excluded: Iterable[str],
    capacity: ArrayLike | Mapping[str, float] | None,
) -> Problem:
    """Dense fast path: permute the matrix into canonical order, then sort row by row.

    A stable per-row argsort (ties keep the lower candidate index) replaces the global
    lexsort of the pair path, which matters for 10^7-cell matrices.
    """
    d_ids, d_order = _canonical_ids(demand_ids, "demand")
    c_ids, c_order = _canonical_ids(candidate_ids, "candidate")
    mat = dense[np.ix_(d_order, c_order)]
    reach = np.isfinite(mat)
    negative = reach & (mat < 0)
    if negative.any():
        i, j = np.argwhere(negative)[0]
        raise InvalidInputError(
            f"negative cost {mat[i, j]} between demand '{d_ids[i]}' and candidate "
            f"'{c_ids[j]}'; costs must be >= 0"
        )
    order = np.argsort(np.where(reach, mat, np.inf), axis=1, kind="stable")
    srt = np.take_along_axis(mat, order, axis=1)
    keep = np.isfinite(srt)
    pairs = (keep.sum(axis=1), order[keep].astype(np.int64), srt[keep])
    options = (required, excluded, capacity, candidate_ids, c_order)
    return _assemble(d_ids, _weights(weights, len(d_ids))[d_order], c_ids, pairs, options)


_Pairs = tuple[NDArray[Any], IntArray, FloatArray]
_Options = tuple[
    Iterable[str], Iterable[str], ArrayLike | Mapping[str, float] | None, Sequence[str], IntArray
]


def _assemble(
    d_ids: tuple[str, ...], w: FloatArray, c_ids: tuple[str, ...], pairs: _Pairs, options: _Options
) -> Problem:
    """Problem from canonical ids, per-demand pair counts and the sorted pairs."""
    counts, cand, cost = pairs
    required, excluded, capacity, candidate_ids, c_order = options
    req = _mask(c_ids, required, "required")
    exc = _mask(c_ids, excluded, "excluded")
    _check_overlap(c_ids, req, exc)
    return Problem(
        demand_ids=d_ids,
        weights=w,
        candidate_ids=c_ids,
        indptr=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        pair_candidate=cand,
        pair_cost=cost,
        required=req,
        excluded=exc,
        capacity=_capacity(capacity, candidate_ids, c_order),
    )


def _canonical_ids(ids: Sequence[str], kind: str) -> tuple[tuple[str, ...], IntArray]:
    """Sorted ids and the permutation that sorts them; reject non-strings and duplicates."""
    if any(not isinstance(i, str) for i in ids):
        raise InvalidInputError(f"{kind} ids must be strings")
    arr = np.asarray(list(ids), dtype=object)
    if len(arr) and (arr == "").any():
        raise InvalidInputError(
            f"{kind} id at position {int(np.flatnonzero(arr == '')[0])} is empty"
        )
    order = np.argsort(arr, kind="stable").astype(np.int64)
    ordered = arr[order]
    dup = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(dup):
        shown = sorted({str(ordered[i]) for i in dup})[:5]
        raise InvalidInputError(f"duplicate {kind} ids: {', '.join(shown)}")
    return tuple(str(i) for i in ordered), order


def _weights(weights: ArrayLike, n: int) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise InvalidInputError(f"got {w.size} weights for {n} demand points")
    if not np.isfinite(w).all() or (w < 0).any():
        bad = int(np.flatnonzero(~np.isfinite(w) | (w < 0))[0])
        raise InvalidInputError(f"demand weight {w[bad]} at position {bad} must be finite and >= 0")
    return w


def _lookup(ids: Sequence[str], wanted: ArrayLike, kind: str) -> IntArray:
    """Positions of ``wanted`` ids in ``ids`` (-1 = unknown) by one dict probe per pair.

    A dict rather than pandas' hash index: importing pandas would cost a small CLI solve about
    a second; the dict is ~0.1 µs slower per pair (≈ 0.5 s at 10 M pairs, next to a solve
    that takes tens of seconds there)."""
    names = np.asarray(wanted, dtype=object)
    position = {name: i for i, name in enumerate(ids)}.get
    out = np.fromiter((position(name, -1) for name in names.tolist()), np.int64, len(names))
    if (out < 0).any():
        bad = int(np.flatnonzero(out < 0)[0])
        raise InvalidInputError(f"pair {bad} names unknown {kind} id '{names[bad]}'")
    return out


def _check_duplicate_pairs(
    r: IntArray, c: IntArray, d_ids: Sequence[str], c_ids: Sequence[str]
) -> None:
    key = r * max(len(c_ids), 1) + c
    srt = np.sort(key)
    dup = np.flatnonzero(srt[1:] == srt[:-1])
    if len(dup):
        k = int(srt[dup[0]])
        i, j = divmod(k, max(len(c_ids), 1))
        raise InvalidInputError(
            f"duplicate cost for demand '{d_ids[i]}' and candidate '{c_ids[j]}'"
        )


def _mask(c_ids: Sequence[str], chosen: Iterable[str], what: str) -> BoolArray:
    index = {v: i for i, v in enumerate(c_ids)}
    mask = np.zeros(len(c_ids), dtype=bool)
    chosen = [str(v) for v in chosen]
    unknown = [v for v in chosen if v not in index]
    if unknown:
        raise InvalidInputError(
            f"{what} venue ids not among the candidates: {', '.join(unknown[:5])}",
            key=f"venues.err.unknown_{what}",
            ids=", ".join(unknown[:5]),
        )
    for v in chosen:
        mask[index[v]] = True
    return mask


def _check_overlap(c_ids: Sequence[str], required: BoolArray, excluded: BoolArray) -> None:
    both = np.flatnonzero(required & excluded)
    if len(both):
        names = ", ".join(c_ids[int(j)] for j in both[:5])
        raise InvalidInputError(
            f"venues both required and excluded: {names}; drop one of the two",
            key="venues.err.required_and_excluded",
            ids=names,
        )


def _capacity(
    capacity: ArrayLike | Mapping[str, float] | None,
    candidate_ids: Sequence[str],
    c_order: IntArray,
) -> FloatArray | None:
    """Capacities in canonical order (inf = unlimited); None when none is finite."""
    if capacity is None:
        return None
    if isinstance(capacity, Mapping):
        unknown = [k for k in capacity if k not in set(candidate_ids)]
        if unknown:
            raise InvalidInputError(
                f"capacity given for unknown candidates: {', '.join(unknown[:5])}"
            )
        cap = np.array([capacity.get(c, np.inf) for c in candidate_ids], dtype=np.float64)
    else:
        cap = np.asarray(capacity, dtype=np.float64)
        if cap.shape != (len(candidate_ids),):
            raise InvalidInputError(
                f"got {cap.size} capacities for {len(candidate_ids)} candidates"
            )
    if np.isnan(cap).any() or (cap < 0).any():
        bad = int(np.flatnonzero(np.isnan(cap) | (cap < 0))[0])
        raise InvalidInputError(
            f"capacity of '{candidate_ids[bad]}' must be >= 0 (inf = unlimited)"
        )
    return cap[c_order] if np.isfinite(cap).any() else None
