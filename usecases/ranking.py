"""One ranking run as the pages, the API, the maps, the CLI and the tiles all show it.

The engine returns a rich result; every public view of it needs the same extra steps: small
numbers blanked (:func:`indicators.publishable`), the 90 % rank interval from a seeded
sensitivity run, deciles, the statutory lists, the three largest contributions and a sentence
saying why. Doing them once here keeps the CSV a planner downloads identical to the table and the
map tooltips, and means no view can forget the disclosure control.

Words come from the app's catalogue through :mod:`mapping.texts` (registered when the app's
``app.i18n`` is imported): the use-case layer never imports ``app``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from indicators import (
    DataError,
    Profile,
    RankingResult,
    RuleSet,
    SensitivityResult,
    evaluate_rule_sets,
    load_rule_set,
    need_capacity,
    publishable,
    rank_areas,
    sensitivity,
)
from indicators.capacity import CAPACITY_COLUMNS
from indicators.rules import current_rule_sets
from indicators.smallnumbers import published_n
from mapping.texts import t as translator
from usecases.ranking_profiles import disclosure_profile

TOP = 3
MAP_DRAWS = 200
WIDE_SHARE = 0.2  # an interval spanning >= 20 % of the ranked areas (and >= 3 places) is "wide"
NAME_COLUMN = "area_name"
# Columns the database derives (app-side capacity per 1,000 residents); their names are
# `ranking.derived.<code>` in the catalogue. Units come with the data in Danish; the catalogue
# words the known ones in English (`ranking.unit.<Danish unit>`), others are shown as loaded.
DERIVED_COLUMNS = ("assets_per_1000", "associations_per_1000", "venues_per_1000")
DERIVED_UNIT = "pr. 1.000 beboere"


def derived_names() -> dict[str, tuple[str, str]]:
    """Derived column -> (Danish, English) name, from the catalogue."""
    da, en = translator("da"), translator("en")
    return {c: (da(f"ranking.derived.{c}"), en(f"ranking.derived.{c}")) for c in DERIVED_COLUMNS}


@dataclass(frozen=True)
class RankingRun:
    """A finished run: ``frame`` is safe to publish, one row per area in table order."""

    key: str
    profile: Profile
    result: RankingResult
    frame: pd.DataFrame
    rule_sets: list[RuleSet]
    sens: SensitivityResult | None
    capacity: pd.DataFrame | None
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (da, en)
    units: dict[str, str] = field(default_factory=dict)  # code -> unit as loaded (Danish)

    @property
    def id_column(self) -> str:
        return self.profile.id_column

    def unit(self, column: str, lang: str) -> str:
        """The indicator's unit ("%", "pr. 1.000"), in English where the catalogue knows it."""
        text = self.units.get(column) or (DERIVED_UNIT if column in DERIVED_COLUMNS else "")
        if lang != "en" or not text:
            return text
        key = f"ranking.unit.{text}"
        worded = translator("en")(key)
        return text if worded == key else worded

    @property
    def uncertainty(self) -> str | None:
        """What the rank interval covers (None without an interval)."""
        return None if self.sens is None else self.sens.uncertainty

    def label(self, column: str, lang: str) -> str:
        """The profile's label, else the indicator's defined name, else its code."""
        spec = self.profile.indicator(column)
        own = spec.label_da if lang == "da" else spec.label_en
        if own:
            return own
        names = self.names.get(column)
        return (names[0] if lang == "da" else names[1]) if names else column

    def summary(self) -> dict[str, Any]:
        """What the CLI prints under its table and the API returns next to the rows."""
        return {
            "profile": self.key,
            "name": self.profile.name,
            "n_areas": len(self.frame),
            "n_ranked": self.result.n_ranked,
            "rule_sets": [rs.id for rs in self.rule_sets],
            "sensitivity": None if self.sens is None else self.sens.report(),
            "missing_by_indicator": {
                k: int(v) for k, v in self.result.missing_by_indicator().items()
            },
        }


def run_ranking(
    table: pd.DataFrame,
    profile: Profile,
    key: str,
    draws: int = 0,
    seed: int | None = None,
    names: dict[str, tuple[str, str]] | None = None,
    *,
    sampling: bool = True,
    units: dict[str, str] | None = None,
) -> RankingRun:
    """Rank, optionally run ``draws`` sensitivity draws, and build the publishable frame.

    ``names`` are the indicators' defined names (Danish, English), used where the profile has
    no label of its own; ``units`` their units. ``sampling`` adds the sampling error of rates
    with known numerator and denominator to the interval. Each indicator's published n (its
    denominator) is in ``n__<col>``.
    """
    result = rank_areas(table, profile)
    frame = publishable(result)
    for column in profile.columns:
        frame[f"n__{column}"] = published_n(table, column, profile.small_numbers)
    if NAME_COLUMN in table.columns and profile.id_column != NAME_COLUMN:
        frame.insert(1, NAME_COLUMN, table[NAME_COLUMN].to_numpy())
    frame.insert(frame.columns.get_loc("rank") + 1, "decile", deciles(result))
    rules, rule_sets = statutory(table, profile)
    rules = rules.set_axis(frame.index)  # both are in table order, whatever the table's index
    frame = frame.drop(columns=[c for c in rules.columns if c in frame.columns]).join(rules)
    sens = None
    if draws > 0:
        sens = sensitivity(table, profile, draws=draws, seed=seed, sampling=sampling)
        frame = _with_interval(frame, sens, result.n_ranked)
    frame = frame.join(top_contributions(frame, profile))
    capacity = _capacity(table, result, profile)
    return RankingRun(
        key, profile, result, frame, rule_sets, sens, capacity, names or {}, units or {}
    )


def deciles(result: RankingResult) -> pd.arrays.IntegerArray:
    """1 = the tenth of areas with the most need, 10 = the least; unranked areas have none.

    ``floor((rank - 1) * 10 / n) + 1`` puts rank 1 in decile 1 and (from ten areas up) rank n in
    decile 10, also when the areas do not divide into tenths.
    """
    n = max(result.n_ranked, 1)
    values = np.floor((result.rank - 1) * 10.0 / n) + 1
    return pd.array(np.where(np.isnan(values), np.nan, values), dtype="Int64")


def statutory(table: pd.DataFrame, profile: Profile) -> tuple[pd.DataFrame, list[RuleSet]]:
    """Statutory list status per area, criteria margins blanked where values are small numbers.

    The profile's own rule sets, or else every shipped rule set in force that the table has the
    columns for: planners want the statutory lists on every map, whatever the need score is made
    of (the old lists' rule sets, ghettoområde 2010-2020, are history, not today's status).
    """
    names = profile.rule_sets or current_rule_sets()
    frames, used = [], []
    for name in names:
        try:
            frames.append(evaluate_rule_sets(table, [name]))
        except DataError:
            if profile.rule_sets:
                raise
            continue
        used.append(load_rule_set(name))
    if not frames:
        return pd.DataFrame(index=table.index), []
    rules = pd.concat(frames, axis=1)
    rules = rules.loc[:, ~rules.columns.duplicated()]
    return _blank_small_criteria(rules, table, profile, used), used


def _blank_small_criteria(
    rules: pd.DataFrame, table: pd.DataFrame, profile: Profile, used: list[RuleSet]
) -> pd.DataFrame:
    """A margin (value - threshold) gives the value away, so it follows the value's suppression."""
    columns = sorted({c.column for rs in used for c in rs.criteria})
    mask = publishable(table, disclosure_profile(profile, columns))
    for rule_set in used:
        for crit in rule_set.criteria:
            hidden = mask[f"suppressed__{crit.column}"].to_numpy(dtype=bool)
            for suffix in ("margin", "met"):
                name = f"{rule_set.id}__{crit.id}__{suffix}"
                if name in rules.columns:
                    rules[name] = rules[name].mask(hidden)
    return rules


def _with_interval(frame: pd.DataFrame, sens: SensitivityResult, n_ranked: int) -> pd.DataFrame:
    interval = sens.frame.drop(columns=[sens.frame.columns[0], "rank"])
    out = frame.join(interval.set_index(frame.index))
    width = out["p95_rank"] - out["p05_rank"]
    out["uncertain"] = width >= max(3.0, WIDE_SHARE * n_ranked)
    return out


def top_contributions(frame: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """``top1..3`` (indicator) and ``top1..3_share`` from the *published* contributions, so an
    indicator blanked as a small number is never named as a reason."""
    columns = profile.columns
    contrib = frame[[f"contrib__{c}" for c in columns]].to_numpy(dtype=float)
    shares = frame[[f"share__{c}" for c in columns]].to_numpy(dtype=float)
    ranked = np.where(np.isnan(contrib) | (contrib <= 0), -np.inf, contrib)
    order = np.argsort(-ranked, axis=1, kind="stable")[:, :TOP]
    out: dict[str, list[Any]] = {}
    for k in range(TOP):
        idx = order[:, k] if order.shape[1] > k else np.zeros(len(frame), dtype=int)
        valid = (order.shape[1] > k) & np.isfinite(ranked[np.arange(len(frame)), idx])
        out[f"top{k + 1}"] = [columns[i] if ok else None for i, ok in zip(idx, valid, strict=True)]
        share = shares[np.arange(len(frame)), idx]
        out[f"top{k + 1}_share"] = list(np.where(valid, share, np.nan))
    return pd.DataFrame(out, index=frame.index)


def _capacity(table: pd.DataFrame, result: RankingResult, profile: Profile) -> pd.DataFrame | None:
    """The need x capacity grid when the table has the capacity columns (the database's has)."""
    if not set(CAPACITY_COLUMNS) <= set(table.columns):
        return None
    columns = [profile.id_column, *CAPACITY_COLUMNS]
    return need_capacity(result, table[columns], profile.id_column)
