"""Facility-location core: which venues reach the most target residents.

Pure numpy/scipy/highspy (no DB or web imports; pandas only in the DataFrame views of
:mod:`venues.io`). Build a :class:`Problem` from demand ids and weights, candidate ids and a
cost matrix or long table, then call a model:

* :func:`solve_mclp` — p venues covering the most demand weight within r (optional decay,
  capacities),
* :func:`solve_lscp` — the fewest venues covering all (or a share of) the demand weight,
* :func:`solve_pmedian` — p venues minimising total weighted cost (optional capacities),
* :func:`solve_pcenter` — p venues minimising the maximum cost,
* :func:`plan_rotation` — k venues a week over W weeks reaching the most distinct residents.

Every model returns a :class:`Result` (``.to_dict()`` is JSON-ready); impossible requests
raise a :class:`VenueModelError` subclass whose message says why.
"""

from venues.center import solve_pcenter
from venues.coverage import greedy_first_answer, solve_lscp, solve_mclp
from venues.decay import Decay
from venues.errors import (
    InfeasibleRequestError,
    InputFileError,
    InvalidInputError,
    SolverError,
    UnsupportedOptionError,
    VenueModelError,
)
from venues.median import solve_pmedian
from venues.problem import Problem
from venues.result import Result
from venues.rotation import RotationPlan, WeekPlan, plan_rotation
from venues.solve import MODELS, solve

__all__ = [
    "MODELS",
    "Decay",
    "InfeasibleRequestError",
    "InputFileError",
    "InvalidInputError",
    "Problem",
    "Result",
    "RotationPlan",
    "SolverError",
    "UnsupportedOptionError",
    "VenueModelError",
    "WeekPlan",
    "greedy_first_answer",
    "plan_rotation",
    "solve",
    "solve_lscp",
    "solve_mclp",
    "solve_pcenter",
    "solve_pmedian",
]
