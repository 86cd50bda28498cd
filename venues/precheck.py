"""Fast proofs that p venues cannot serve the demand, before any MILP is built.

p-median and p-center must serve every demand point that can reach a candidate. Whether p
venues can is a set-cover question, and leaving it to HiGHS made an impossible whole-kommune
request take 6-16 s to fail. Two cheap steps settle nearly every case first:

1. greedy set cover over the merged rows: if it needs at most p venues, p is enough;
2. otherwise the LP relaxation of the set cover (simplex, on merged rows): its optimum rounded
   up is a lower bound on the venues needed, so a bound above p proves the request impossible
   and the message names both numbers.

Capacities are checked by :func:`venues.checks.check_capacity` (the p largest capacities
against the demand weight), also before any model.
"""

from __future__ import annotations

import math

import numpy as np

from venues import limits
from venues.cover_model import cover_rows, lscp_model
from venues.errors import InfeasibleRequestError
from venues.heuristics import greedy_cover
from venues.milp import solve
from venues.problem import Problem


def check_cover(problem: Problem, p: int) -> None:
    """Raise when p venues provably cannot serve every reachable demand point."""
    rows = cover_rows(problem, np.inf)
    n_groups = rows.groups.n_groups
    if n_groups == 0:
        return
    limits.check()
    vr = rows.value_rows(problem.n_candidates, np.ones(n_groups))
    if len(greedy_cover(vr, problem, float(n_groups))) <= p:
        return
    lp = solve(lscp_model(rows, problem, rows.reach_weight), relax=True)
    if lp.x is None:
        return  # HiGHS will say what is wrong; nothing proven here
    need = math.ceil(lp.objective - 1e-6)
    if need > p:
        raise InfeasibleRequestError(
            f"p={p} venues cannot serve every demand point that can reach a candidate: at least "
            f"{need} venues are needed (lower bound from the set-cover LP relaxation); raise p "
            f"to {need} or more, or shorten the walks considered",
            key="venues.err.too_few_cover",
            p=p,
            need=need,
        )
