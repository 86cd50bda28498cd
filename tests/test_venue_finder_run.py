"""run(): the Aalborg SØ question on the demo, and the network path on the small grid fixture.

The demo has no walking network, so its answer uses straight lines × 1.3; the grid fixture
(tests/data/network) has one, and on a street grid walking distances are Manhattan distances,
so they can be checked by hand.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geodata.db import session_scope
from geodata.errors import GeodataError
from geodata.loaders import LoadOptions, load
from geodata.network import load_network_file
from geodata.queries.venue_inputs import Eligibility, StudyArea, candidate_venues
from usecases.venues import FinderInputError, FinderRequest, FinderResult, Rotation, run
from venues import InfeasibleRequestError

NETWORK = Path(__file__).parent / "data" / "network"
X0, Y0 = 556_000, 6_318_000
SO = StudyArea("postnummer", "9210", 500.0)
RULES = Eligibility(step_free=True)


def solve(url: str, **kw: object) -> FinderResult:
    with session_scope(url) as session:
        return run(session, FinderRequest(**kw))  # type: ignore[arg-type]


def best_two(res: FinderResult) -> float:
    """Brute force over every pair of eligible venues: the most weight within the radius."""
    pairs = res.costs.pairs[res.costs.pairs["cost"] <= res.request.reach]
    weight = res.demand.set_index("demand_id")["weight"]
    reach = pairs.groupby("candidate_id")["demand_id"].apply(set).to_dict()
    return max(
        float(weight.loc[list(reach.get(a, set()) | reach.get(b, set()))].sum())
        for a, b in itertools.combinations(res.venues["candidate_id"], 2)
    )


def check_consistent(res: FinderResult) -> None:
    """Figures that must agree whatever the answer: loads, reach, shares, covered demand."""
    r, s = res.result, res.summary()
    chosen = res.selected.set_index("candidate_id")
    assert 0 < r.covered_share <= 1
    assert chosen["load"].sum() == pytest.approx(r.covered_weight)
    assert res.demand.loc[res.demand["covered"], "weight"].sum() == pytest.approx(r.covered_weight)
    assert chosen["reach"].to_dict() == pytest.approx(r.venue_reach)
    assert (chosen["reach"] >= chosen["load"] - 1e-9).all()
    assert s["covered_share"] == pytest.approx(r.covered_weight / r.total_weight)
    covered = res.demand[res.demand["covered"]]
    assert (covered["cost"] <= res.request.reach + 1e-6).all()
    assert set(covered["venue"]) <= set(r.selected)


def test_so_question_mclp_within_800_m(demo_url: str) -> None:
    res = solve(demo_url, model="mclp", p=2, radius=800.0, target="65+", area=SO, eligibility=RULES)
    with session_scope(demo_url) as session:
        eligible = candidate_venues(session, RULES, area=SO)
    assert len(res.result.selected) == 2
    assert set(res.result.selected) <= set(eligible["candidate_id"])
    assert set(res.venues["candidate_id"]) == set(eligible["candidate_id"])
    check_consistent(res)
    assert res.result.covered_weight == pytest.approx(best_two(res))  # truly the most reached
    assert res.summary()["mean_walk_m"] == pytest.approx(res.result.mean_cost)
    # Every uncovered resident is farther than 800 m from both chosen venues.
    uncovered = set(res.demand.loc[~res.demand["covered"], "demand_id"])
    near = res.costs.pairs[res.costs.pairs["candidate_id"].isin(res.result.selected)
                           & (res.costs.pairs["cost"] <= 800)]  # fmt: skip
    assert not uncovered & set(near["demand_id"])
    method = res.to_dict()["cost_method"]
    assert method["method"] == "straight_line" and method["no_network"]
    assert method["detour_factor"] == 1.3
    assert res.synthetic_layers == ["demo_befolkning_100m", "demo_lokaler"]


def test_so_question_in_minutes_with_rotation(demo_url: str) -> None:
    res = solve(demo_url, p=2, radius=10.0, unit="min", area=SO, rotation=Rotation(2, 3))
    check_consistent(res)
    covered = res.demand[res.demand["covered"]]
    assert covered["minutes"].max() <= 10 + 1e-9
    assert covered["distance_m"].max() <= 750 + 1e-6  # 10 min at 75 m/min
    plan = res.rotation
    assert plan is not None and len(plan.weeks) == 3
    visited = [v for week in plan.weeks for v in week.venues]
    assert len(visited) == len(set(visited)) == 6
    shares = [w.cumulative_share for w in plan.weeks]
    assert shares == sorted(shares) and 0 < shares[-1] <= 1
    weeks = res.venues.dropna(subset=["week"]).set_index("candidate_id")["week"]
    assert {k: int(v) for k, v in weeks.items()} == {
        v: w.week for w in plan.weeks for v in w.venues
    }
    assert res.catchments is not None and len(res.catchments) == 2


def test_need_target_weights_residents_by_the_ranking(demo_url: str) -> None:
    need = solve(demo_url, target="need", area=SO, p=2, profile="sundt_og_aktivt_lokalomraade")
    everyone = solve(demo_url, target="residents", area=SO, p=2)
    check_consistent(need)
    ratio = need.demand.set_index("demand_id")["weight"] / everyone.demand.set_index("demand_id")[
        "weight"
    ].reindex(need.demand["demand_id"])
    assert ((ratio > 0) & (ratio <= 1 + 1e-9)).all()
    assert ratio.nunique() > 1  # more than one parish, different needs
    with pytest.raises(FinderInputError, match="no ranking profile 'nope'"):
        solve(demo_url, target="need", area=SO, profile="nope")


@pytest.mark.parametrize(
    ("kw", "error", "message"),
    [
        ({"p": 40}, InfeasibleRequestError, "larger than the"),
        ({"radius": 30.0, "eligibility": Eligibility(types=("kirke_sognegaard",))},
         InfeasibleRequestError, "smallest demand-to-candidate cost"),
        ({"radius": 1.0}, InfeasibleRequestError, "nothing within reach"),
        ({"model": "lscp", "radius": 500.0}, InfeasibleRequestError, "LSCP infeasible"),
        ({"area": StudyArea("postnummer", "9999")}, FinderInputError, "codes of that kind: .*9210"),
        ({"eligibility": Eligibility(types=("sundhedshus",))}, InfeasibleRequestError,
         "no venue in or near postnummer 9210"),
        ({"network_layer": "nope"}, FinderInputError, "no network layer named 'nope'"),
        ({"required": ("V9999",)}, ValueError, "required venue ids not among the candidates"),
    ],
)  # fmt: skip
def test_impossible_requests_say_why(
    demo_url: str, kw: dict, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        solve(demo_url, **{"area": SO, **kw})
    if error is FinderInputError:
        assert issubclass(error, GeodataError)


# --- the network path on the grid fixture --------------------------------------------------
WORLD = [
    ("areas", "postnummer_grid.geojson", {"area_kind": "postnummer"}),
    ("population", "population_grid.tif", {}),
    ("venues", "venues_grid.geojson", {}),
]
VENUE_XY = {"V1": (0, 0), "V4": (200, 200)}  # both on street junctions


def load_grid_world(url: str) -> str:
    """Postnummer 9210 (west half), the 4 × 4 population grid, venues V1-V6, the street grid."""
    with session_scope(url) as session:
        for kind, name, options in WORLD:
            load(session, kind, LoadOptions(path=NETWORK / name, **options))  # type: ignore[arg-type]
        load_network_file(session, NETWORK / "grid_aalborg_so.geojson")
    return url


@pytest.fixture
def grid_world(db_url: str) -> str:
    return load_grid_world(db_url)


def cell_centre(cell_id: str) -> tuple[float, float]:
    """'100m_63181_5560' -> the centre of that 100 m cell in grid metres (50, 150)."""
    _, north, east = cell_id.split("_")
    return int(east) * 100 - X0 + 50, int(north) * 100 - Y0 + 50


def manhattan(cell_id: str, venue: str) -> float:
    (cx, cy), (vx, vy) = cell_centre(cell_id), VENUE_XY[venue]
    return abs(cx - vx) + abs(cy - vy)


def test_network_distances_match_hand_computed(grid_world: str) -> None:
    """Cell centres sit mid-block and the venues on junctions: the walk is |dx| + |dy|."""
    res = solve(grid_world, model="mclp", p=1, radius=300.0, target="residents",
                area=StudyArea("postnummer", "9210", 0.0))  # fmt: skip
    assert list(res.venues["candidate_id"]) == ["V1", "V4"]
    assert res.costs.method == "network" and res.costs.network_layer == "grid_aalborg_so"
    pairs = res.costs.pairs
    expected = [
        manhattan(d, c) for d, c in zip(pairs["demand_id"], pairs["candidate_id"], strict=True)
    ]
    assert np.allclose(pairs["distance_m"], expected)
    within = {(d, c) for d in res.demand["demand_id"] for c in VENUE_XY
              if manhattan(d, c) <= 450}  # fmt: skip
    assert (
        set(zip(pairs["demand_id"], pairs["candidate_id"], strict=True)) == within
    )  # 1.5 × 300 m cutoff
    # V4 in the middle reaches the most residents within 300 m; check against the pairs.
    weight = res.demand.set_index("demand_id")["weight"]
    near = pairs[pairs["cost"] <= 300]
    reach = {c: weight[near.loc[near["candidate_id"] == c, "demand_id"]].sum() for c in VENUE_XY}
    assert res.result.selected == (max(reach, key=reach.__getitem__),)
    check_consistent(res)
    covered = res.demand[res.demand["covered"]]
    hand = [manhattan(d, v) for d, v in zip(covered["demand_id"], covered["venue"], strict=True)]
    assert np.allclose(covered["distance_m"], hand)
    assert res.catchments is not None and set(res.catchments["method"]) == {"network"}
    sentence = res.to_dict()["cost_method"]
    assert sentence["method"] == "network" and not sentence["no_network"]


def test_pmedian_assigns_everyone_to_the_nearest_by_network(grid_world: str) -> None:
    res = solve(grid_world, model="pmedian", p=2, radius=None, target="residents",
                area=StudyArea("postnummer", "9210", 0.0))  # fmt: skip
    assert set(res.result.selected) == {"V1", "V4"}
    d = res.demand
    nearest = [min(VENUE_XY, key=lambda v: (manhattan(i, v), v)) for i in d["demand_id"]]
    assert list(d["venue"]) == nearest
    total = float((d["weight"] * d["distance_m"]).sum())
    assert res.result.objective == pytest.approx(total)
    assert res.summary()["covered_share"] == pytest.approx(1.0)
    assert pd.notna(d["distance_m"]).all()
