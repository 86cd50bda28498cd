"""Aggregation: weighted combination of normalised values into one need score per area.

Weights have two levels: indicator weights are shares *within* their domain and domain weights
are shares of the total. Effective weight of indicator k in domain d for area a::

  e[a,k] = T * (W[d] p[a, d] / sum_d' W[d'] p[a, d']) * (v[k] m[a, k] / sum_{j in d} v[j] m[a, j])

with m = 1 where the value is present, p = 1 where the domain has any value, and T = 1 (weights
normalised, the default) or T = sum of the raw domain weights (``normalise_weights: false``,
e.g. the English IMD whose published weights sum to 99.9 %). Domain weights default to 1
(equal); a profile without domains has one implicit domain whose raw weight is the sum of the
indicator weights, so that ``normalise_weights: false`` applies indicator weights as given.

This is the ``reweight`` missing policy: a missing indicator's weight goes to the other
indicators of its domain, a wholly missing domain's weight to the other domains, so every
area's weights still sum to T.

* arithmetic: score = sum_k e[a, k] x[a, k]; contribution c[a, k] = e[a, k] x[a, k], and the
  contributions sum to the score.
* geometric: values are first shifted to x' = 1 + (x - lb) / (offset * span), where lb/span are
  the normalisation's lower bound and range (``normalise.geometric_bounds``) and offset is
  ``geometric_offset`` (default 0.1), so the least-needy area on an indicator gets x' = 1 and
  the neediest 1 + 1/offset. score = exp(sum_k e[a, k] ln x'[a, k]) is a weighted geometric
  mean (>= 1); contributions are the log-contributions e ln x' >= 0 and sum to ln(score).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.normalise import geometric_bounds
from indicators.profile import Profile


@dataclass(frozen=True)
class WeightPlan:
    """Profile weights as arrays: indicator weight, domain index per indicator, domain weight."""

    indicator: np.ndarray
    domain_of: np.ndarray
    domain: np.ndarray
    total: float
    domains: list[str]

    @classmethod
    def from_profile(cls, profile: Profile) -> WeightPlan:
        domains = profile.domains
        v = np.array([ind.weight for ind in profile.indicators], dtype=float)
        dom = np.array([domains.index(ind.domain or "all") for ind in profile.indicators])
        if any(ind.domain for ind in profile.indicators):
            w = np.array([profile.domain_weights.get(d, 1.0) for d in domains], dtype=float)
        else:  # implicit single domain: raw weight = sum of indicator weights (used as given)
            w = np.array([v.sum()])
        total = float(w.sum()) if not profile.normalise_weights else 1.0
        return cls(v, dom, w / w.sum(), total, domains)

    def flat(self) -> np.ndarray:
        """Effective weights when nothing is missing (sum to ``total``)."""
        within = (
            self.indicator / np.bincount(self.domain_of, weights=self.indicator)[self.domain_of]
        )
        return self.total * self.domain[self.domain_of] * within


def prepare_values(normalised: np.ndarray, methods: list[str], profile: Profile) -> np.ndarray:
    """Values that are averaged: x itself (arithmetic) or ln x' (geometric, see module doc)."""
    if profile.aggregation == "arithmetic":
        return normalised
    out = np.empty_like(normalised)
    for k, method in enumerate(methods):
        lb, span = geometric_bounds(method, normalised[:, k])
        out[:, k] = np.log1p((normalised[:, k] - lb) / (profile.geometric_offset * span))
    return out


def incomplete_rows(present: np.ndarray) -> np.ndarray:
    """Row numbers of areas with at least one missing value (the only rows needing reweighting)."""
    return np.flatnonzero(~present.all(axis=1))


def effective_weights(present: np.ndarray, plan: WeightPlan) -> np.ndarray:
    """Per-area effective weights e[a, k] under the reweight policy (module docstring).

    Complete rows share the profile weights, so only incomplete rows are reweighted; on a grid
    of millions of cells this is the difference between seconds and a minute.
    """
    flat = plan.flat()
    rows = incomplete_rows(present)
    if rows.size == 0:
        return np.broadcast_to(flat, present.shape)
    out = np.empty(present.shape, order="F")
    out[:] = flat
    out[rows] = _reweighted(present[rows], plan)
    return out


def _reweighted(present: np.ndarray, plan: WeightPlan) -> np.ndarray:
    weighted = present * plan.indicator
    n_domains = len(plan.domains)
    within_sum = np.zeros((present.shape[0], n_domains))
    for d in range(n_domains):
        within_sum[:, d] = weighted[:, plan.domain_of == d].sum(axis=1)
    domain_mass = (within_sum > 0) * plan.domain
    area_mass = domain_mass.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        domain_share = np.where(area_mass > 0, domain_mass / area_mass, 0.0)
        within = np.where(weighted > 0, weighted / within_sum[:, plan.domain_of], 0.0)
    return plan.total * domain_share[:, plan.domain_of] * within


def contributions_into(
    values: np.ndarray, present: np.ndarray, plan: WeightPlan, out: np.ndarray
) -> np.ndarray:
    """Effective weight x value written into ``out`` (NaN where missing), without building the
    areas x indicators weight matrix: complete rows use the profile weights column by column."""
    flat = plan.flat()
    for k in range(values.shape[1]):
        np.multiply(values[:, k], flat[k], out=out[:, k])
    rows = incomplete_rows(present)
    if rows.size:
        out[rows] = values[rows] * _reweighted(present[rows], plan)
    return out


def weighted_scores(values: np.ndarray, present: np.ndarray, plan: WeightPlan) -> np.ndarray:
    """Per-area sum of effective weight x value (NaN for areas without any value).

    Complete rows are accumulated column by column with the profile weights (no areas x
    indicators temporary, which matters on multi-million-cell grids); only incomplete rows are
    reweighted. Each row's arithmetic depends only on its own values, never on its position.
    """
    flat = plan.flat()
    score = np.zeros(values.shape[0])
    term = np.empty(values.shape[0])  # reused: a fresh temporary per column costs page faults
    for k in range(values.shape[1]):
        score += np.multiply(values[:, k], flat[k], out=term)
    rows = incomplete_rows(present)
    if rows.size:
        sub_present = present[rows]
        weights = _reweighted(sub_present, plan)
        partial = np.where(sub_present, values[rows] * weights, 0.0).sum(axis=1)
        score[rows] = np.where(sub_present.any(axis=1), partial, np.nan)
    return score


def domain_scores(values: np.ndarray, present: np.ndarray, plan: WeightPlan) -> np.ndarray:
    """Within-domain weighted means of the aggregated values (NaN where a domain is absent)."""
    out = np.zeros((values.shape[0], len(plan.domains)), order="F")
    term = np.empty(values.shape[0])
    for d in range(len(plan.domains)):
        cols = np.flatnonzero(plan.domain_of == d)
        shares = plan.indicator[cols] / plan.indicator[cols].sum()
        for k, share in zip(cols, shares, strict=True):
            out[:, d] += np.multiply(values[:, k], share, out=term)
    rows = incomplete_rows(present)
    if rows.size:
        out[rows] = _domain_scores_reweighted(values[rows], present[rows], plan)
    return out


def _domain_scores_reweighted(
    values: np.ndarray, present: np.ndarray, plan: WeightPlan
) -> np.ndarray:
    weighted = present * plan.indicator
    zeroed = np.where(present, values, 0.0)
    out = np.full((values.shape[0], len(plan.domains)), np.nan)
    for d in range(len(plan.domains)):
        cols = plan.domain_of == d
        mass = weighted[:, cols].sum(axis=1)
        total = (weighted[:, cols] * zeroed[:, cols]).sum(axis=1)
        np.divide(total, mass, out=out[:, d], where=mass > 0)
    return out


def batch_scores(
    values: np.ndarray, present: np.ndarray, v: np.ndarray, w: np.ndarray, plan: WeightPlan
) -> np.ndarray:
    """Scores (before the geometric exp) for many weight draws at once.

    ``v`` is draws x indicators (within-domain weights), ``w`` draws x domains; the result is
    areas x draws. Same algebra as :func:`effective_weights`, done as one matrix product per
    domain so a thousand draws cost a few BLAS calls instead of a Python loop.
    """
    zeroed = np.where(present, values, 0.0)
    mask = present.astype(float)
    num = np.zeros((values.shape[0], v.shape[0]))
    den = np.zeros_like(num)
    for d in range(len(plan.domains)):
        cols = plan.domain_of == d
        mass = mask[:, cols] @ v[:, cols].T
        inner = zeroed[:, cols] @ v[:, cols].T
        has = mass > 0
        num += w[:, d] * np.divide(inner, mass, out=np.zeros_like(inner), where=has)
        den += w[:, d] * has
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, plan.total * num / den, np.nan)


def rank_columns(scores: np.ndarray, ties: str) -> np.ndarray:
    """Rank each column of ``scores`` with 1 = highest score; NaN scores get NaN ranks.

    ``ties='min'`` gives competition ranking (1, 2, 2, 4), ``'average'`` the mean rank.
    """
    scores = np.asarray(scores, dtype=float)
    single = scores.ndim == 1
    mat = scores[:, None] if single else scores
    n = mat.shape[0]
    order = np.argsort(-mat, axis=0, kind="stable")
    ordered = np.take_along_axis(-mat, order, axis=0)
    new_group = np.ones_like(ordered, dtype=bool)
    new_group[1:] = ordered[1:] != ordered[:-1]
    idx = np.arange(n)[:, None]
    start = np.maximum.accumulate(np.where(new_group, idx, 0), axis=0)
    if ties == "average":
        last = np.ones_like(new_group)
        last[:-1] = new_group[1:]
        end = np.minimum.accumulate(np.where(last, idx, n)[::-1], axis=0)[::-1]
        ranked = (start + end) / 2.0 + 1.0
    else:
        ranked = start + 1.0
    ranked[np.isnan(ordered)] = np.nan
    out = np.empty_like(ranked)
    np.put_along_axis(out, order, ranked, axis=0)
    return out[:, 0] if single else out
