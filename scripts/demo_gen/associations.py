"""Synthetic foreninger: the civil-society assets of an ABCD asset map.

Beboerforeninger sit in the estates, samråd in towns and districts (as in the Aalborg
documents), and the rest follow the population so dense areas have more foreninger. Most meet
in a nearby venue of a fitting type, which ties the asset map to the venue finder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import Point

from demo_gen.association_names import (
    BEBOER_ACTIVITIES,
    CATEGORIES,
    MEMBERS,
    NAMES,
    PEER_ACTIVITIES,
    ROLES,
    SAMRAAD_ACTIVITIES,
    VENUE_TYPES,
    WEIGHTS,
)
from demo_gen.common import rng_for, utm_xy
from demo_gen.housing import Area
from demo_gen.naming import Locator
from demo_gen.places import CITY, TOWNS
from demo_gen.population import Grid
from demo_gen.venues import Venue

TARGET = 300
P_VENUE = 0.85
MAX_VENUE_DISTANCE = 2_000.0
SAMRAAD_DISTRICTS = ("Nørresundby", "Aalborg Øst", "Vejgaard", "Hasseris", "Gug", "Skalborg")


@dataclass
class Association:
    """One forening in EPSG:25832."""

    name: str
    category: str
    members: int
    activities: str
    venue: Venue | None
    point: Point
    contact: str
    association_id: str = ""

    def row(self) -> dict[str, object]:
        """Output columns of associations.geojson, in order."""
        return {
            "association_id": self.association_id,
            "name": self.name,
            "category": self.category,
            "members": self.members,
            "activities": self.activities,
            "meeting_venue": self.venue.venue_id if self.venue else "",
            "contact": self.contact,
            "synthetic": True,
        }


class AssociationBuilder:
    """Collects associations with unique names and a meeting venue where one fits."""

    def __init__(self, seed: int, venues: list[Venue], locator: Locator) -> None:
        self.rng = rng_for(seed, "associations")
        self.venues = venues
        self.loc = locator
        self.items: list[Association] = []
        self.names: set[str] = set()

    def nearest_venue(self, pt: Point, category: str) -> Venue | None:
        """Closest venue of a fitting type within reach, or None."""
        fits = [v for v in self.venues if v.vtype in VENUE_TYPES[category]]
        best = min(fits, key=lambda v: v.point.distance(pt))
        return best if best.point.distance(pt) <= MAX_VENUE_DISTANCE else None

    def add(self, name, category, members, activities, pt, venue=None) -> bool:
        """Register an association unless the name is taken; point moves to its venue."""
        if name in self.names:
            return False
        self.names.add(name)
        role = ROLES[int(self.rng.integers(len(ROLES)))]
        self.items.append(
            Association(
                name,
                category,
                max(int(members), 5),
                activities,
                venue,
                venue.point if venue else pt,
                f"{role}, {name}",
            )
        )
        return True

    def members(self, category: str) -> int:
        """Lognormal membership size typical of the category."""
        median, sd = MEMBERS[category]
        return round(median * self.rng.lognormal(0.0, sd))


def _beboerforeninger(b: AssociationBuilder, areas: list[Area]) -> None:
    """One beboerforening per afdeling, meeting in its own lokale or the area's fælleshus."""
    for area in areas:
        local = [
            v
            for v in b.venues
            if v.vtype in ("beboerlokale", "faelleshus")
            and area.geometry.buffer(5).contains(v.point)
        ]
        for est in area.estates:
            own = [v for v in local if v.name.endswith(est.name)] or local
            members = est.dwellings * b.rng.uniform(0.15, 0.35)
            acts = BEBOER_ACTIVITIES[int(b.rng.integers(len(BEBOER_ACTIVITIES)))]
            b.add(
                f"Beboerforeningen {est.name}",
                "beboerforening",
                members,
                acts,
                est.geometry.centroid,
                own[0],
            )


def _named(b: AssociationBuilder, areas: list[Area]) -> None:
    """Samråd and the peer health communicators named in the Aalborg documents."""
    for place in [*CITY, *TOWNS]:
        if place.name in SAMRAAD_DISTRICTS or (not place.urban and place.residents >= 1_000):
            pt = Point(utm_xy(place.lon, place.lat))
            b.add(
                f"{place.name} Samråd",
                "other",
                12 + b.rng.integers(0, 30),
                SAMRAAD_ACTIVITIES,
                pt,
                b.nearest_venue(pt, "other"),
            )
    by_code = {a.plan.code: a for a in areas}
    for label, code in (
        ("Løvvangen", "BO-9400-01"),
        ("Aalborg Øst", "BO-9220-01"),
        ("Aalborg SØ", "BO-9210-01"),
    ):
        pt = by_code[code].geometry.centroid
        b.add(
            f"Sundhedsformidlerne {label}",
            "social",
            8 + b.rng.integers(0, 20),
            PEER_ACTIVITIES,
            pt,
            b.nearest_venue(pt, "social"),
        )
    pt = by_code["BO-9400-01"].geometry.centroid
    b.add("Løvvangen Samråd", "other", 25, SAMRAAD_ACTIVITIES, pt, b.nearest_venue(pt, "other"))


def _spread(b: AssociationBuilder, grid: Grid) -> None:
    """Population-weighted associations until the target count is reached."""
    cats = list(WEIGHTS)
    p_cat = np.array([WEIGHTS[c] for c in cats])
    weights = grid.residents.ravel().astype(float)
    cells = np.flatnonzero(weights > 0)
    p_cell = weights[cells] / weights.sum()
    while len(b.items) < TARGET:
        c = int(b.rng.choice(cells, p=p_cell))
        pt = Point(
            grid.xs.ravel()[c] + b.rng.uniform(-40, 40), grid.ys.ravel()[c] + b.rng.uniform(-40, 40)
        )
        cat = cats[int(b.rng.choice(len(cats), p=p_cat))]
        template, acts = NAMES[cat][int(b.rng.integers(len(NAMES[cat])))]
        venue = b.nearest_venue(pt, cat) if b.rng.random() < P_VENUE else None
        b.add(template.format(p=b.loc.place(pt)), cat, b.members(cat), acts, pt, venue)


def build_associations(seed, areas, grid, venues, locator) -> list[Association]:
    """All associations, sorted by category and name, with ids F0001..."""
    b = AssociationBuilder(seed, venues, locator)
    _beboerforeninger(b, areas)
    _named(b, areas)
    _spread(b, grid)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    items = sorted(b.items, key=lambda a: (order[a.category], a.name))
    for i, a in enumerate(items, start=1):
        a.association_id = f"F{i:04d}"
    return items
