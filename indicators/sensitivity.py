"""Monte Carlo sensitivity of the ranking to the weights and the normalisation choice.

Each draw d samples

* indicator weights within each domain from Dirichlet(c * v_d) and domain weights from
  Dirichlet(c * W), where v_d and W are the profile's (normalised) weights and c the
  ``concentration``: the draws are centred on the chosen weights, larger c = closer to them
  (a domain with one indicator, or a profile with one domain, keeps weight 1 at that level);
* one normalisation method from the configured set, uniformly, applied to every indicator
  without its own ``normalisation`` override (overrides are deliberate choices and stay).
  An empty set means the profile's own methods only;
* with ``sampling=True``, every rate given with a numerator and a denominator (``<col>__num``,
  ``<col>__den``: survey answers or persons) is drawn from its sampling distribution, the
  Jeffreys posterior Beta(num + 1/2, den - num + 1/2), and scaled back to the indicator's unit
  (``rate_per``, else inferred as for shrinkage). An area ranked on 28 answers then moves as
  much as 28 answers allow, so its interval covers sampling error as well as the weighting
  choices. Shrunk indicators (their values are already model estimates) are not sampled.

Without sampling all draws are scored at once with one matrix product per domain and ranked
column-wise, so 1,000 draws on 2,148 areas x 20 indicators take well under a second. With
sampling the values are drawn in one vectorised call per block of draws, and each draw is
normalised on its own (ranks change with the values). Per area the output has
the median and the 5th/95th percentile rank over draws (a 90 % interval; numpy's linear
interpolation, so they can be fractional) and the share of draws in which the area is in the
top N. An area of the baseline top N is *stable* when that share is at least ``stability``
(default 0.9, i.e. in the top N in at least 90 % of draws).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.aggregate import WeightPlan, batch_scores, prepare_values, rank_columns
from indicators.errors import ProfileError
from indicators.inputs import prepare
from indicators.normalise import normalise_variants
from indicators.profile import NORM_METHODS, Profile
from indicators.ranking import assemble
from indicators.sampling import Draws, sampled_rates, sampled_scores


@dataclass(frozen=True)
class SensitivityResult:
    """Per-area rank distribution (``frame``) plus the stability summary."""

    frame: pd.DataFrame
    top_n: int
    stability: float
    draws: int
    seed: int
    concentration: float
    normalisations: tuple[str, ...]
    stable_ids: list[object] = field(default_factory=list)
    sampled: tuple[str, ...] = ()

    @property
    def uncertainty(self) -> str:
        """What the interval covers: ``weights`` or ``weights+sampling``."""
        return "weights+sampling" if self.sampled else "weights"

    @property
    def n_stable(self) -> int:
        return len(self.stable_ids)

    def report(self) -> dict[str, object]:
        """Plain summary for the CLI/API: how many of the baseline top N are stable."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "concentration": self.concentration,
            "normalisations": list(self.normalisations),
            "top_n": self.top_n,
            "stability": self.stability,
            "n_stable": self.n_stable,
            "stable_ids": list(self.stable_ids),
            "uncertainty": self.uncertainty,
            "sampled_indicators": list(self.sampled),
        }

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()


def sensitivity(
    table: pd.DataFrame,
    profile: Profile,
    draws: int | None = None,
    seed: int | None = None,
    *,
    concentration: float | None = None,
    normalisations: list[str] | None = None,
    top_n: int | None = None,
    stability: float | None = None,
    sampling: bool = False,
) -> SensitivityResult:
    """Monte Carlo over weights and normalisations (and, with ``sampling``, over the sampling
    error of rates with known numerator and denominator); ``None`` arguments use
    ``profile.sensitivity``. The same seed gives the same intervals.

    Frame columns: id, rank (baseline), median_rank, p05_rank, p95_rank, top_n_share, stable.
    """
    cfg = profile.sensitivity
    n_draws = cfg.draws if draws is None else draws
    rng_seed = cfg.seed if seed is None else seed
    conc = cfg.concentration if concentration is None else concentration
    methods = list(cfg.normalisations if normalisations is None else normalisations)
    n_top = cfg.top_n if top_n is None else top_n
    cut = cfg.stability if stability is None else stability

    _check_methods(profile, methods)
    prepared = prepare(table, profile)
    own = [profile.method_for(ind) for ind in profile.indicators]
    variants = [[ind.normalisation or m for ind in profile.indicators] for m in methods] or [own]
    everything = variants if own in variants else [*variants, own]
    matrices = normalise_variants(prepared.values, profile.indicators, everything)
    baseline = assemble(table, profile, prepared, tuple(own), matrices[everything.index(own)])

    rng = np.random.default_rng(rng_seed)
    plan = WeightPlan.from_profile(profile)
    choice = rng.integers(len(variants), size=n_draws)
    v, w = _draw_weights(rng, plan, conc, n_draws)
    rates = sampled_rates(table, profile, prepared) if sampling else {}
    if rates:
        draws_of = Draws(variants, choice, v, w, plan)
        scores = sampled_scores(rng, profile, prepared, draws_of, rates)
    else:
        scores = np.empty((len(prepared.ids), n_draws))
        for j, methods_j in enumerate(variants):
            cols = choice == j
            if cols.any():
                values = prepare_values(matrices[j], methods_j, profile)
                scores[:, cols] = batch_scores(values, prepared.present, v[cols], w[cols], plan)
    ranks = rank_columns(scores, profile.rank_ties)
    summary = _summarise(baseline.rank, ranks, n_top, cut)
    summary.insert(0, profile.id_column, baseline.ids.to_numpy())
    top = baseline.rank <= n_top
    return SensitivityResult(
        frame=summary,
        top_n=n_top,
        stability=cut,
        draws=n_draws,
        seed=rng_seed,
        concentration=conc,
        normalisations=tuple(methods),
        stable_ids=list(baseline.ids[top & summary["stable"].to_numpy()]),
        sampled=tuple(profile.columns[k] for k in rates),
    )


def _check_methods(profile: Profile, methods: list[str]) -> None:
    """Reject sampled methods the profile cannot run, before any work is done."""
    unknown = [m for m in methods if m not in NORM_METHODS]
    if unknown:
        raise ProfileError(
            f"unknown normalisation(s) {unknown} for sensitivity; "
            f"allowed: {', '.join(NORM_METHODS)}",
            key="ranking.err.normalisations",
            names=", ".join(unknown),
            allowed=", ".join(NORM_METHODS),
        )
    if "goalposts" in methods:
        lacking = [
            i.column for i in profile.indicators if i.normalisation is None and not i.has_goalposts
        ]
        if lacking:
            raise ProfileError(
                f"sensitivity samples 'goalposts' but these indicators have none: {lacking}",
                key="ranking.err.goalposts",
                names=", ".join(lacking),
            )


def _draw_weights(
    rng: np.random.Generator, plan: WeightPlan, concentration: float, draws: int
) -> tuple[np.ndarray, np.ndarray]:
    """Dirichlet draws centred on the profile weights: (draws x indicators, draws x domains)."""
    v = np.ones((draws, plan.indicator.size))
    for d in range(len(plan.domains)):
        cols = np.flatnonzero(plan.domain_of == d)
        if cols.size > 1:
            shares = plan.indicator[cols] / plan.indicator[cols].sum()
            v[:, cols] = rng.dirichlet(concentration * shares, size=draws)
    if len(plan.domains) > 1:
        w = rng.dirichlet(concentration * plan.domain, size=draws)
    else:
        w = np.ones((draws, 1))
    return v, w


def _summarise(baseline: np.ndarray, ranks: np.ndarray, top_n: int, cut: float) -> pd.DataFrame:
    with np.errstate(invalid="ignore"):
        p05, median, p95 = np.percentile(ranks, [5, 50, 95], axis=1)
        share = (ranks <= top_n).mean(axis=1)
    return pd.DataFrame(
        {
            "rank": baseline,
            "median_rank": median,
            "p05_rank": p05,
            "p95_rank": p95,
            "top_n_share": share,
            "stable": share >= cut,
        }
    )
