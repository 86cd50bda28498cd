"""Kvarterkort area-ranking engine: pure pandas/numpy/scipy, no database, web or file formats.

Typical use::

    from indicators import load_profile, rank_areas, explain, sensitivity

    profile = load_profile("sundt_og_aktivt_lokalomraade")   # built-in name, path or YAML text
    result = rank_areas(table, profile)                      # table: one row per area
    result.to_frame()                                        # id, score, rank, contrib__<c> ...
    explain(result, "8371").sentence_da                      # "Område 8371 er nr. 1 af 57, ..."
    sensitivity(table, profile, draws=1000, seed=1).report()

All errors are :class:`IndicatorError` (a ``ValueError``) subclasses with actionable messages.
"""

from indicators.capacity import need_capacity, per_1000
from indicators.errors import (
    DataError,
    IndicatorError,
    MissingValuesError,
    ProfileError,
    RuleSetError,
)
from indicators.explain import Explanation, explain
from indicators.flags import percentile_flags
from indicators.normalise import average_ranks, normalise_column
from indicators.presets import imd_profile
from indicators.profile import IndicatorSpec, Profile
from indicators.profile_io import builtin_profiles, dump_profile, load_profile, parse_profile
from indicators.ranking import RankingResult, rank_areas
from indicators.rules import (
    RuleSet,
    available_rule_sets,
    evaluate_rule_sets,
    load_rule_set,
)
from indicators.sensitivity import SensitivityResult, sensitivity
from indicators.shrinkage import marshall_global, shrink_rates
from indicators.smallnumbers import publishable, suppression_mask

__all__ = [
    "DataError",
    "Explanation",
    "IndicatorError",
    "IndicatorSpec",
    "MissingValuesError",
    "Profile",
    "ProfileError",
    "RankingResult",
    "RuleSet",
    "RuleSetError",
    "SensitivityResult",
    "available_rule_sets",
    "average_ranks",
    "builtin_profiles",
    "dump_profile",
    "evaluate_rule_sets",
    "explain",
    "imd_profile",
    "load_profile",
    "load_rule_set",
    "marshall_global",
    "need_capacity",
    "normalise_column",
    "parse_profile",
    "per_1000",
    "percentile_flags",
    "publishable",
    "rank_areas",
    "sensitivity",
    "shrink_rates",
    "suppression_mask",
]
