"""``rank_areas``: the one entry point that turns an area table and a profile into a ranking.

The result keeps every intermediate (values used, normalised values, per-area effective weights,
contributions, domain scores) as arrays so that "why is this area number 3" can be answered
from the result alone, and builds DataFrames only on request: on a 4.3-million-cell grid the
frames cost more than the ranking itself.

Ranks: 1 = most need. Ties get the lowest rank of the tie (competition ranking 1, 2, 2, 4) by
default or their average rank with ``rank_ties: average``. Areas with no value at all get no
score and no rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from indicators.aggregate import (
    WeightPlan,
    contributions_into,
    domain_scores,
    effective_weights,
    prepare_values,
    rank_columns,
    weighted_scores,
)
from indicators.errors import DataError
from indicators.inputs import Prepared, prepare
from indicators.normalise import normalise_matrix
from indicators.profile import Profile
from indicators.rules import evaluate_rule_sets


@dataclass(frozen=True, eq=False)
class RankingResult:
    """Scores, ranks and the full breakdown of one profile run, rows in table order.

    ``score``/``rank`` per area; ``observed`` raw values, ``values`` the values used (after
    shrinkage and small-number exclusion), ``normalised`` the need-oriented values and
    ``aggregated`` what is averaged (normalised values, or ln of the shifted values for
    geometric aggregation), all areas x indicators; ``domains`` areas x domains. ``weights``,
    ``contributions`` and ``shares`` are derived on first use.
    """

    profile: Profile
    ids: pd.Index
    score: np.ndarray
    rank: np.ndarray
    observed: np.ndarray
    values: np.ndarray
    normalised: np.ndarray
    aggregated: np.ndarray
    domains: np.ndarray
    methods: tuple[str, ...]
    suppressed: np.ndarray
    shrunk: tuple[str, ...]
    rules: pd.DataFrame | None

    @property
    def columns(self) -> list[str]:
        return self.profile.columns

    @property
    def n_ranked(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.rank)))

    @cached_property
    def missing(self) -> np.ndarray:
        """Boolean areas x indicators: value missing (or excluded as a small number)."""
        return np.isnan(self.values)

    @cached_property
    def weights(self) -> np.ndarray:
        """Effective weight of each indicator for each area after reweighting (rows sum to T)."""
        return effective_weights(~self.missing, WeightPlan.from_profile(self.profile))

    @cached_property
    def contributions(self) -> np.ndarray:
        """Weight x (aggregated) value; NaN where missing. Built on first use: on big grids
        the ranking itself does not need this areas x indicators matrix."""
        return self._contributions_into(np.empty(self.values.shape, order="F"))

    @property
    def shares(self) -> np.ndarray:
        """Contribution / score per area (log-contribution / ln score for geometric); NaN where
        missing. A score of exactly 0 (no need on any indicator) gives shares of 0."""
        return self._shares_into(self.contributions, np.empty(self.values.shape, order="F"))

    def _contributions_into(self, out: np.ndarray) -> np.ndarray:
        plan = WeightPlan.from_profile(self.profile)
        return contributions_into(self.aggregated, ~self.missing, plan, out)

    def _shares_into(self, contributions: np.ndarray, out: np.ndarray) -> np.ndarray:
        total = self.score if self.profile.aggregation == "arithmetic" else np.log(self.score)
        out[:] = 0.0
        np.divide(contributions, total[:, None], out=out, where=total[:, None] != 0)
        zero = np.flatnonzero(total == 0)
        out[zero] = np.where(np.isnan(contributions[zero]), np.nan, 0.0)
        return out

    def position(self, area_id: object) -> int:
        """Row number of an area id, with a helpful error for unknown ids."""
        found = self.ids.get_indexer(pd.Index([area_id]))[0]
        if found < 0:
            raise DataError(
                f"area '{area_id}' is not in the ranking",
                key="ranking.err.area_id",
                code=str(area_id)[:40],
            )
        return int(found)

    def _indexed(self, matrix: np.ndarray, prefix: str, names: list[str]) -> pd.DataFrame:
        return pd.DataFrame(matrix, index=self.ids, columns=[prefix + n for n in names])

    def normalised_frame(self) -> pd.DataFrame:
        return self._indexed(self.normalised, "", self.columns)

    def contributions_frame(self) -> pd.DataFrame:
        return self._indexed(self.contributions, "", self.columns)

    def domain_frame(self) -> pd.DataFrame:
        return self._indexed(self.domains, "", self.profile.domains)

    def missing_report(self) -> pd.DataFrame:
        """One row per area with missing values: id, n_missing and the missing columns."""
        rows = np.flatnonzero(self.missing.any(axis=1))
        names = np.array(self.columns)
        return pd.DataFrame(
            {
                self.profile.id_column: self.ids[rows].to_numpy(),
                "n_missing": self.missing[rows].sum(axis=1),
                "missing": [", ".join(names[self.missing[r]]) for r in rows],
            }
        )

    def missing_by_indicator(self) -> pd.Series:
        """Number of areas missing each indicator (after small-number exclusion)."""
        return pd.Series(self.missing.sum(axis=0), index=self.columns, name="n_missing")

    def to_frame(self) -> pd.DataFrame:
        """Flat per-area frame for the web/API layer, in table order.

        Columns: id, score, rank, n_missing, ``domain__<d>``, ``value__<c>`` (value used),
        ``norm__<c>``, ``contrib__<c>``, ``share__<c>``, then rule-set columns if evaluated.
        The float columns are written into one preallocated block, which keeps this cheap on
        multi-million-cell grids.
        """
        k = len(self.columns)
        names = [f"domain__{d}" for d in self.profile.domains] + [
            prefix + c
            for prefix in ("value__", "norm__", "contrib__", "share__")
            for c in self.columns
        ]
        block = np.empty((len(self.ids), len(names)), order="F")
        nd = self.domains.shape[1]
        block[:, :nd] = self.domains
        block[:, nd : nd + k] = self.values
        block[:, nd + k : nd + 2 * k] = self.normalised
        contributions = block[:, nd + 2 * k : nd + 3 * k]
        self._contributions_into(contributions)
        self._shares_into(contributions, block[:, nd + 3 * k :])
        frame = pd.DataFrame(block, columns=names, copy=False)
        leading = {
            self.profile.id_column: self.ids.to_numpy(),
            "score": self.score,
            "rank": _rank_array(self.rank, self.profile.rank_ties),
            "n_missing": self.missing.sum(axis=1),
        }
        for position, (name, column) in enumerate(leading.items()):
            frame.insert(position, name, column)
        if self.rules is not None:
            for name in self.rules.columns.drop(self.profile.id_column, errors="ignore"):
                frame[name] = self.rules[name].array
        return frame


def _rank_array(rank: np.ndarray, ties: str) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Competition ranks are whole numbers: nullable Int64 so unranked areas stay <NA>."""
    return pd.array(rank, dtype="Int64") if ties == "min" else rank


def rank_areas(table: pd.DataFrame, profile: Profile) -> RankingResult:
    """Rank the areas of ``table`` by need according to ``profile``.

    Raises DataError for a table that does not fit the profile (absent columns are named and the
    available ones listed) and MissingValuesError under ``missing: fail``.
    """
    prepared = prepare(table, profile)
    methods = tuple(profile.method_for(ind) for ind in profile.indicators)
    normalised = normalise_matrix(prepared.values, profile.indicators, methods)
    return assemble(table, profile, prepared, methods, normalised)


def assemble(
    table: pd.DataFrame,
    profile: Profile,
    prepared: Prepared,
    methods: tuple[str, ...],
    normalised: np.ndarray,
) -> RankingResult:
    """Score, rank and break down already-normalised values (shared with sensitivity)."""
    present = prepared.present
    plan = WeightPlan.from_profile(profile)
    aggregated = prepare_values(normalised, list(methods), profile)
    score = weighted_scores(aggregated, present, plan)
    domains = domain_scores(aggregated, present, plan)
    if profile.aggregation == "geometric":
        score, domains = np.exp(score), np.exp(domains)
    rules = None
    if profile.rule_sets:
        rules = evaluate_rule_sets(table, profile.rule_sets, id_column=profile.id_column)
    return RankingResult(
        profile=profile,
        ids=prepared.ids,
        score=score,
        rank=rank_columns(score, profile.rank_ties),
        observed=prepared.observed,
        values=prepared.values,
        normalised=normalised,
        aggregated=aggregated,
        domains=domains,
        methods=methods,
        suppressed=prepared.suppressed,
        shrunk=prepared.shrunk,
        rules=rules,
    )
