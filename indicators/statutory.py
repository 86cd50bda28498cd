"""Published statutory lists checked against the rule set of their year.

A list of deprived housing areas is published with the criteria values printed next to each area.
Evaluating the rule set of that list's year on those printed values says whether the list is
consistent with its own law: every area on it should meet the criteria and every area that left
it should not. Where it does not, either the transcription or the rule set is wrong, and a planner
should know before trusting either. Pure: a frame in, a frame out (no database, no HTTP).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.errors import RuleSetError
from indicators.rules import RuleSet, evaluate_rule_sets, rule_set_for

# The criteria columns a published entry can carry (geodata.models_sources.StatutoryListEntry).
VALUE_COLUMNS = (
    "residents", "outside_work_edu_pct", "non_western_pct", "convicted_pct",
    "convictions_ratio", "basic_school_only_pct", "income_pct_region",
)  # fmt: skip
CHECK_COLUMNS = ("rule_set", "status", "agrees")


def check_lists(entries: pd.DataFrame) -> pd.DataFrame:
    """Per entry: the id of its year's rule set, the rule status and whether it agrees.

    `entries` needs ``list_kind``, ``list_year``, ``on_list`` and any of VALUE_COLUMNS;
    ``values_repeated`` (a leaving area printed with last year's figures) is optional. ``status``
    is True/False/<NA> (three-valued: missing values decide nothing they cannot decide);
    ``agrees`` is ``status == on_list``, <NA> when the status is unknown, the values are
    repeated, or no shipped rule set covers the list (``rule_set`` is then None).
    """
    out = pd.DataFrame(
        {
            "rule_set": pd.Series([None] * len(entries), index=entries.index, dtype=object),
            "status": pd.array([pd.NA] * len(entries), dtype="boolean"),
        },
        index=entries.index,
    )
    if entries.empty:
        return out.assign(agrees=pd.array([], dtype="boolean"))
    values = entries.reindex(columns=list(VALUE_COLUMNS)).apply(pd.to_numeric, errors="coerce")
    cache: dict[tuple[str, int], RuleSet | None] = {}
    keys = list(
        zip(entries["list_kind"].astype(str), entries["list_year"].astype(int), strict=True)
    )
    for key in dict.fromkeys(keys):
        rule_set = _rule_set(cache, *key)
        if rule_set is None:
            continue
        rows = np.array([k == key for k in keys])
        status = evaluate_rule_sets(values[rows], [rule_set])[f"{rule_set.id}__status"]
        out.loc[rows, "status"] = status.to_numpy()
        out.loc[rows, "rule_set"] = rule_set.id
    on_list = entries["on_list"].astype("boolean")
    repeated = entries.get("values_repeated", pd.Series(False, index=entries.index))
    agrees = (out["status"] == on_list).astype("boolean")
    agrees[repeated.fillna(False).astype(bool).to_numpy()] = pd.NA
    out["agrees"] = agrees
    return out


def _rule_set(cache: dict[tuple[str, int], RuleSet | None], kind: str, year: int) -> RuleSet | None:
    if (kind, year) not in cache:
        try:
            cache[(kind, year)] = rule_set_for(kind, year)
        except RuleSetError:
            cache[(kind, year)] = None  # e.g. omdannelsesområde: needs a time series
    return cache[(kind, year)]
