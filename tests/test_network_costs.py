"""Walking cost matrices and catchments: hand-computed distances on the 100 m grid, fallbacks.

Grid coordinates below are metres east/north of the grid's south-west corner (E 556 000,
N 6 318 000); streets run along every multiple of 100 m from 0 to 400.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from scipy.sparse import coo_array
from scipy.sparse.csgraph import dijkstra
from sqlalchemy import text

from geodata.db import session_scope
from geodata.errors import GeodataError, NotFoundError
from geodata.loaders import LoadOptions, load
from geodata.network import load_network_file, load_osm_network
from geodata.queries.venue_catchments import walking_catchments
from geodata.queries.venue_costs import CostMatrix, straight_line_costs, walking_costs

NETWORK = Path(__file__).parent / "data" / "network"
GRID = NETWORK / "grid_aalborg_so.geojson"
X0, Y0 = 556_000, 6_318_000


def points(role: str, **named: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame({
        f"{role}_id": list(named),
        "x": [X0 + xy[0] for xy in named.values()],
        "y": [Y0 + xy[1] for xy in named.values()],
    })  # fmt: skip


def costs(url: str, demand: pd.DataFrame, candidates: pd.DataFrame, **kw: object) -> CostMatrix:
    with session_scope(url) as session:
        return walking_costs(session, demand, candidates, **kw)  # type: ignore[arg-type]


def as_dict(matrix: CostMatrix, column: str = "cost") -> dict[tuple[str, str], float]:
    p = matrix.pairs
    return dict(zip(zip(p.demand_id, p.candidate_id, strict=True), p[column], strict=True))


def load_grid(url: str, path: Path = GRID, layer: str | None = None) -> None:
    with session_scope(url) as session:
        load_network_file(session, path, layer)


def test_grid_distances_match_hand_computed_values(db_url: str) -> None:
    load_grid(db_url)
    demand = points("demand", corner=(0, 0), off=(-10, -10), mid=(250, 5), near=(20, 3))
    candidates = points("candidate", far=(400, 400), top=(250, 395), same=(80, -4))
    matrix = costs(db_url, demand, candidates)
    got = as_dict(matrix)
    diag = math.hypot(10, 10)
    expected = {
        ("corner", "far"): 800.0,  # along the grid, any staircase
        ("off", "far"): 800.0 + diag,  # plus the walk onto the corner
        ("mid", "top"): 5 + 50 + 400 + 50 + 5,  # round the block to x = 200 or 300
        ("mid", "far"): 5 + 150 + 400,
        ("near", "same"): 3 + 60 + 4,  # both on the same block side: straight along it
        ("corner", "same"): 80 + 4,
        ("corner", "top"): 250 + 400 + 5,
    }
    assert matrix.method == "network" and matrix.network_layer == "grid_aalborg_so"
    for pair, value in expected.items():
        assert got[pair] == pytest.approx(value, abs=1e-6), pair
    assert len(got) == len(demand) * len(candidates)  # all within the default 2 km


def test_cutoff_is_inclusive_and_respected(db_url: str) -> None:
    load_grid(db_url)
    demand = points("demand", corner=(0, 0), mid=(200, 0))
    candidates = points("candidate", far=(400, 400))
    at_limit = as_dict(costs(db_url, demand, candidates, cutoff=800))
    below = as_dict(costs(db_url, demand, candidates, cutoff=799.99))
    assert at_limit == pytest.approx({("corner", "far"): 800.0, ("mid", "far"): 600.0})
    assert below == pytest.approx({("mid", "far"): 600.0})


def test_minutes_use_the_walking_speed(db_url: str) -> None:
    load_grid(db_url)
    demand = points("demand", corner=(0, 0), mid=(100, 0))
    candidates = points("candidate", far=(400, 400))
    default = costs(db_url, demand, candidates, unit="min", cutoff=10)
    faster = costs(db_url, demand, candidates, unit="min", cutoff=10, speed_m_per_min=80)
    assert as_dict(default) == pytest.approx({("mid", "far"): 700 / 75})  # 800 m = 10.7 min
    assert as_dict(faster) == pytest.approx({("corner", "far"): 10.0, ("mid", "far"): 700 / 80})
    assert as_dict(default, "distance_m") == pytest.approx({("mid", "far"): 700.0})
    assert "4.5 km/h" in default.describe() and "10 min" in default.describe()


def test_a_barrier_makes_people_walk_round(db_url: str, tmp_path: Path) -> None:
    """A railway between y = 100 and y = 200, crossed only at x = 400."""
    data = json.loads(GRID.read_text())

    def crosses(feature: dict) -> bool:
        coords = feature["geometry"]["coordinates"]
        flat = coords if feature["geometry"]["type"] == "LineString" else coords[0]
        (x1, y1), (x2, y2) = flat[0], flat[-1]
        return x1 == x2 and {y1 - Y0, y2 - Y0} == {100, 200} and x1 - X0 != 400

    data["features"] = [f for f in data["features"] if not crosses(f)]
    path = tmp_path / "railway.geojson"
    path.write_text(json.dumps(data))
    load_grid(db_url, path)
    matrix = costs(db_url, points("demand", a=(0, 0)), points("candidate", b=(0, 400)))
    assert as_dict(matrix) == pytest.approx({("a", "b"): 400 + 400 + 400})


def test_without_a_network_straight_line_times_detour_is_used(db_url: str) -> None:
    demand = points("demand", a=(0, 0), b=(1000, 0))
    candidates = points("candidate", c=(300, 400))
    matrix = costs(db_url, demand, candidates, cutoff=650)
    assert matrix.method == "straight_line" and matrix.notes
    assert as_dict(matrix) == pytest.approx({("a", "c"): 500 * 1.3})  # inclusive at 650
    wider = costs(db_url, demand, candidates, cutoff=2000, detour_factor=1.5)
    expected_b = math.hypot(700, 400) * 1.5
    assert as_dict(wider) == pytest.approx({("a", "c"): 750.0, ("b", "c"): expected_b})
    assert "straight-line distance × 1.5" in wider.describe()
    with pytest.raises(GeodataError, match="no walking network"):
        costs(db_url, demand, candidates, method="network")


def random_points(
    rng: np.random.Generator, role: str, n: int, low: float, high: float
) -> pd.DataFrame:
    return pd.DataFrame({
        f"{role}_id": [f"{role[0]}{i}" for i in range(n)],
        "x": rng.uniform(low, high, n),
        "y": rng.uniform(low, high, n),
    })  # fmt: skip


def test_straight_line_costs_on_many_points_match_brute_force() -> None:
    rng = np.random.default_rng(7)
    demand = random_points(rng, "demand", 300, 0, 3000)
    candidates = random_points(rng, "candidate", 20, 0, 3000)
    got = straight_line_costs(demand, candidates, 1000.0, 1.3)
    d = np.hypot(demand.x.to_numpy()[:, None] - candidates.x.to_numpy()[None, :],
                 demand.y.to_numpy()[:, None] - candidates.y.to_numpy()[None, :]) * 1.3  # fmt: skip
    rows, cols = np.nonzero(d <= 1000.0)
    expected = {(f"d{r}", f"c{c}"): d[r, c] for r, c in zip(rows, cols, strict=True)}
    result = dict(zip(zip(got.demand_id, got.candidate_id, strict=True), got.distance_m,
                      strict=True))  # fmt: skip
    assert result == pytest.approx(expected)


def test_network_is_chosen_by_coverage_or_by_name(db_url: str) -> None:
    with session_scope(db_url) as session:
        load_osm_network(session, NETWORK / "test.osm.pbf")
    load_grid(db_url)
    demand, candidates = points("demand", a=(0, 0)), points("candidate", b=(100, 0))
    assert costs(db_url, demand, candidates).network_layer == "grid_aalborg_so"
    far = costs(db_url, demand, candidates, network_layer="test")
    assert far.network_layer == "test" and any("from the network" in n for n in far.notes)
    with pytest.raises(NotFoundError):
        costs(db_url, demand, candidates, network_layer="nope")


def test_osm_network_distances_match_an_independent_dijkstra(db_url: str) -> None:
    """pgRouting + edge snapping against scipy's Dijkstra on the stored edges."""
    with session_scope(db_url) as session:
        load_osm_network(session, NETWORK / "test.osm.pbf")
        edges = pd.DataFrame(session.execute(text(
            "SELECT id, source, target, cost_m, ST_AsBinary(geom) AS wkb FROM network_edges"
        )).all())  # fmt: skip
        box = session.execute(text("SELECT ST_Extent(geom)::text FROM network_edges")).scalar()
    assert box is not None
    x0, y0, x1, y1 = map(float, box.replace("BOX(", "").replace(")", "").replace(",", " ").split())
    rng = np.random.default_rng(3)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    demand = pd.DataFrame(
        {
            "demand_id": [f"d{i}" for i in range(40)],
            "x": rng.uniform(mx - 600, mx + 600, 40),
            "y": rng.uniform(my - 600, my + 600, 40),
        }
    )
    candidates = pd.DataFrame({"candidate_id": [f"c{i}" for i in range(6)],
                               "x": rng.uniform(mx - 400, mx + 400, 6),
                               "y": rng.uniform(my - 400, my + 400, 6)})  # fmt: skip
    got = as_dict(costs(db_url, demand, candidates, cutoff=1500))
    expected = reference_costs(edges, demand, candidates, 1500)
    assert len(expected) > 50
    assert got == pytest.approx(expected, abs=1e-6)


def reference_costs(
    edges: pd.DataFrame, demand: pd.DataFrame, candidates: pd.DataFrame, cutoff: float
) -> dict[tuple[str, str], float]:
    lines = shapely.from_wkb([bytes(w) for w in edges.wkb])
    ids, index = np.unique(np.r_[edges.source, edges.target], return_inverse=True)
    s, t = index[: len(edges)], index[len(edges) :]
    graph = coo_array((np.r_[edges.cost_m, edges.cost_m], (np.r_[s, t], np.r_[t, s])),
                      shape=(len(ids), len(ids))).tocsr()  # fmt: skip
    dist = dijkstra(graph, directed=False)
    tree = shapely.STRtree(lines)

    def attach(x: float, y: float) -> tuple[int, float, float]:
        p = shapely.Point(x, y)
        e = int(tree.nearest(p))
        frac = shapely.line_locate_point(lines[e], p, normalized=True)
        return e, float(shapely.distance(lines[e], p)), float(frac)

    out = {}
    for dr in demand.itertuples():
        de, dsnap, dfrac = attach(dr.x, dr.y)
        for cr in candidates.itertuples():
            ce, csnap, cfrac = attach(cr.x, cr.y)
            dl, cl = edges.cost_m[de], edges.cost_m[ce]
            d_ends = [(s[de], dfrac * dl), (t[de], (1 - dfrac) * dl)]
            c_ends = [(s[ce], cfrac * cl), (t[ce], (1 - cfrac) * cl)]
            best = min(a + dist[u, v] + b for u, a in c_ends for v, b in d_ends)
            if de == ce:
                best = min(best, abs(dfrac - cfrac) * dl)
            total = dsnap + best + csnap
            if total <= cutoff:
                out[(dr.demand_id, cr.candidate_id)] = total
    return out


def test_dense_matrix_marks_unreachable_pairs_as_infinite(db_url: str) -> None:
    load_grid(db_url)
    matrix = costs(db_url, points("demand", a=(0, 0), b=(400, 0)), points("candidate", c=(0, 100)),
                   cutoff=300)  # fmt: skip
    assert matrix.dense(["a", "b"], ["c"]).tolist() == [[100.0], [math.inf]]


def add_venue(url: str) -> None:
    with session_scope(url) as session:
        load(session, "venues", LoadOptions(path=NETWORK / "venues_grid.geojson"))


def to_grid_metres(geom: shapely.Geometry) -> shapely.Geometry:
    to_25832 = Transformer.from_crs(4326, 25832, always_xy=True)
    projected = shapely.transform(geom, lambda xy: np.column_stack(to_25832.transform(*xy.T)))
    return shapely.affinity.translate(projected, -X0, -Y0)


def test_network_catchment_follows_the_streets(db_url: str) -> None:
    load_grid(db_url)
    add_venue(db_url)
    with session_scope(db_url) as session:
        rings = walking_catchments(session, "V1", [100, 150], buffer_m=1.0)
    assert rings.crs.to_epsg() == 4326 and list(rings.cost) == [150.0, 100.0]
    assert set(rings.method) == {"network"}
    outer, inner = (to_grid_metres(g) for g in rings.geometry)
    inside = [(50, 0), (100, 49), (149, 0), (0, 149), (49, 100)]
    outside = [(100, 60), (160, 0), (50, 50), (60, 100)]
    assert all(outer.contains(shapely.Point(p)) for p in inside)
    assert not any(outer.contains(shapely.Point(p)) for p in outside)
    assert inner.contains(shapely.Point(99, 0)) and not inner.contains(shapely.Point(100, 10))


def test_catchment_without_network_is_a_circle_of_cost_over_detour(db_url: str) -> None:
    add_venue(db_url)
    with session_scope(db_url) as session:
        (ring,) = walking_catchments(session, "V1", 10, unit="min").itertuples()
        with pytest.raises(NotFoundError):
            walking_catchments(session, "nope", 500)
    circle = to_grid_metres(ring.geometry)
    radius = 10 * 75 / 1.3
    assert ring.method == "straight_line" and ring.distance_m == 750.0
    assert circle.area == pytest.approx(math.pi * radius**2, rel=0.01)
