"""Geometry and head-counts of the synthetic boligområder and almene boligafdelinger.

Areas are jittered, rotated rectangles sized from residents and a plausible density; estates
are strips of their area, shrunk a few metres so they sit strictly inside it. Every area is
checked against its postal area, the kommune, the water/airport mask and the other areas, so a
design mistake fails loudly instead of producing quietly wrong demo data.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from demo_gen.common import RealInputs, largest_remainder, rng_for, utm_xy
from demo_gen.housing_design import AREAS, AreaPlan
from demo_gen.places import EXCLUSION_ZONES

ASPECT = 1.6  # length / width of an area rectangle
EDGE_JITTER_M = 9.0
ESTATE_INSET_M = 4.0


@dataclass
class Estate:
    """A generated almen boligafdeling (EPSG:25832 geometry)."""

    organisation: str
    afdeling_nr: str
    name: str
    dwellings: int
    residents: int
    area_code: str
    share_65: float
    geometry: Polygon


@dataclass
class Area:
    """A generated boligområde with its plan and estates (EPSG:25832 geometry)."""

    plan: AreaPlan
    geometry: Polygon
    estates: list[Estate]

    @property
    def residents(self) -> int:
        """Statutory residents of a boligområde = residents of its afdelinger."""
        return sum(e.residents for e in self.estates)


def exclusion_shapes() -> list[BaseGeometry]:
    """Water and airport ellipses as polygons, for overlap checks."""
    shapes = []
    for cx, cy, rx, ry in EXCLUSION_ZONES:
        circle = shapely.Point(cx, cy).buffer(1.0, quad_segs=16)
        shapes.append(affinity.scale(circle, rx, ry, origin=(cx, cy)))
    return shapes


def _jittered_rectangle(plan: AreaPlan, rng: np.random.Generator) -> Polygon:
    """Rectangle of the planned area with slightly irregular edges, rotated into place."""
    area_m2 = plan.residents / plan.density_per_ha * 10_000.0
    width = (area_m2 / ASPECT) ** 0.5
    length = width * ASPECT
    ts = np.linspace(0.0, 1.0, 4, endpoint=False)
    corners = [(-length / 2, -width / 2), (length / 2, -width / 2)]
    corners += [(length / 2, width / 2), (-length / 2, width / 2)]
    pts = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        for t in ts:
            jx, jy = rng.normal(0.0, EDGE_JITTER_M, 2) if t > 0 else (0.0, 0.0)
            pts.append((x0 + t * (x1 - x0) + jx, y0 + t * (y1 - y0) + jy))
    cx, cy = utm_xy(plan.lon, plan.lat)
    poly = affinity.rotate(Polygon(pts), plan.angle, origin=(0, 0))
    return shapely.make_valid(affinity.translate(poly, cx, cy))


def _strips(area: Polygon, plan: AreaPlan) -> list[Polygon]:
    """Cut an area into one strip per estate, widths in proportion to the estate weights."""
    local = affinity.rotate(area, -plan.angle, origin=area.centroid)
    minx, miny, maxx, maxy = local.bounds
    weights = np.array([e.weight for e in plan.estates])
    edges = minx + (maxx - minx) * np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    parts = []
    for x0, x1 in itertools.pairwise(edges):
        piece = local.intersection(box(x0 - 1, miny - 50, x1 + 1, maxy + 50)).buffer(
            -ESTATE_INSET_M, join_style="mitre"
        )
        if piece.geom_type != "Polygon":
            piece = max(piece.geoms, key=lambda g: g.area)
        parts.append(affinity.rotate(piece, plan.angle, origin=area.centroid))
    return parts


def _afdeling_numbers(seed: int) -> dict[tuple[str, str], str]:
    """Distinct afdeling numbers per organisation, so (organisation, afdeling_nr) is a key."""
    rng = rng_for(seed, "afdeling_nr")
    wanted: dict[str, list[str]] = {}
    for plan in AREAS:
        for e in plan.estates:
            wanted.setdefault(e.organisation, []).append(e.name)
    numbers = {}
    for org in sorted(wanted):
        names = wanted[org]
        picks = np.sort(rng.choice(np.arange(1, 140), size=len(names), replace=False))
        for name, nr in zip(names, picks, strict=True):
            numbers[(org, name)] = str(int(nr))
    return numbers


def _estates(plan: AreaPlan, strips: list[Polygon], numbers: dict, rng) -> list[Estate]:
    """Split the planned dwellings and residents over the estates of one area."""
    weights = np.array([e.weight for e in plan.estates])
    dwellings = largest_remainder(plan.dwellings, weights)
    residents = largest_remainder(plan.residents, weights * rng.uniform(0.92, 1.08, len(weights)))
    out = []
    for i, (ep, geom) in enumerate(zip(plan.estates, strips, strict=True)):
        share = float(np.clip(plan.share_65 + rng.normal(0, 0.015), 0.04, 0.35))
        out.append(
            Estate(
                ep.organisation,
                numbers[(ep.organisation, ep.name)],
                ep.name,
                int(dwellings[i]),
                int(residents[i]),
                plan.code,
                share,
                geom,
            )
        )
    return out


def _check(areas: list[Area], inputs: RealInputs) -> None:
    """Fail loudly if an area leaves its postal area or touches water or another area."""
    post = dict(zip(inputs.postnumre["postnr"], inputs.postnumre.geometry, strict=True))
    blocked = exclusion_shapes()
    for i, a in enumerate(areas):
        code = a.plan.code
        if not post[a.plan.postnr].buffer(-20).contains(a.geometry):
            raise ValueError(f"{code} is not inside postal area {a.plan.postnr}; move its centre")
        if not inputs.kommune.buffer(-20).contains(a.geometry):
            raise ValueError(f"{code} leaves the kommune land polygon; move its centre")
        if any(a.geometry.intersects(z) for z in blocked):
            raise ValueError(f"{code} overlaps a lake or the airport; move its centre")
        for b in areas[i + 1 :]:
            if a.geometry.buffer(25).intersects(b.geometry):
                raise ValueError(f"{code} overlaps {b.plan.code}; move one of them")
        if not all(a.geometry.contains(e.geometry) for e in a.estates):
            raise ValueError(f"an estate of {code} leaves its area")


def build_areas(seed: int, inputs: RealInputs) -> list[Area]:
    """Generate all boligområder with their estates, validated against the real geography."""
    rng = rng_for(seed, "housing")
    numbers = _afdeling_numbers(seed)
    areas = []
    for plan in AREAS:
        geom = _jittered_rectangle(plan, rng)
        areas.append(Area(plan, geom, _estates(plan, _strips(geom, plan), numbers, rng)))
    _check(areas, inputs)
    return areas
