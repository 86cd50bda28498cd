"""Synthetic venues (fælleshuse, sognegårde, schools, halls ...) for the venue finder.

Placement rules mirror the Aalborg documents: every boligområde has a fælleshus and
beboerlokaler; libraries are the seven real OSM library points; each parish has its
church or sognegård; public buildings follow population; and, on purpose, Aalborg SØ (9210)
has no sundhedshus, school or library (the starting point of the SØ project), while Aalborg Øst
has a sundhedshus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from demo_gen.common import RealInputs, rng_for, utm_xy
from demo_gen.housing import Area
from demo_gen.naming import Locator
from demo_gen.places import Place
from demo_gen.population import Grid
from demo_gen.venue_profiles import VENUE_TYPES, attributes

KOMMUNE = "Aalborg Kommune"
NO_GO_9210 = {"sundhedshus", "skole", "bibliotek"}
# type: (count, spacing in metres, weight by 65+ instead of all residents, weight exponent)
SPREAD = {
    "skole": (22, 1_800, False, 1.0),
    "idraetshal": (14, 2_500, False, 1.0),
    "aktivitetscenter": (10, 2_500, True, 1.0),
    "kulturhus": (4, 5_000, False, 2.0),
    "fitness": (6, 1_500, False, 2.0),
}
URBAN_PARISH_DENSITY = 300  # residents per km²: above this a parish has a sognegård
SUFFIXES = ("", " Nord", " Syd", " Øst", " Vest", " II", " III", " IV")


@dataclass
class Venue:
    """One venue in EPSG:25832 plus its output attributes."""

    name: str
    vtype: str
    point: Point
    owner: str
    contact: str
    postnr: str
    address: str
    attrs: dict = field(default_factory=dict)
    venue_id: str = ""

    def row(self) -> dict[str, object]:
        """Output columns of venues.geojson, in order."""
        return {
            "venue_id": self.venue_id,
            "name": self.name,
            "type": self.vtype,
            "address": self.address,
            **self.attrs,
            "owner": self.owner,
            "contact": self.contact,
            "synthetic": True,
        }


class VenueBuilder:
    """Collects venues with unique names and consistent addresses."""

    def __init__(self, seed: int, inputs: RealInputs, locator: Locator) -> None:
        self.rng = rng_for(seed, "venues")
        self.inputs = inputs
        self.loc = locator
        self.venues: list[Venue] = []
        self.names: set[str] = set()

    def unique(self, base: str) -> str:
        """Make a name unique by adding a district-like suffix."""
        for suffix in SUFFIXES:
            if base + suffix not in self.names:
                return base + suffix
        raise ValueError(f"too many venues called {base!r}")

    def add(self, name, vtype, pt, owner, contact, streets=()) -> Venue:
        """Register a venue; contact may contain {name} to refer to the final name."""
        name = self.unique(name)
        self.names.add(name)
        postnr, _ = self.loc.postal(pt)
        v = Venue(
            name,
            vtype,
            pt,
            owner,
            contact.format(name=name),
            postnr,
            self.loc.address(pt, self.rng, streets),
            attributes(vtype, self.rng),
        )
        self.venues.append(v)
        return v

    def point_in(self, poly: Polygon) -> Point:
        """Random point inside a polygon (rejection sampling, reproducible)."""
        minx, miny, maxx, maxy = poly.bounds
        while True:
            pt = Point(self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy))
            if poly.buffer(-3).contains(pt):
                return pt


def _estate_venues(b: VenueBuilder, areas: list[Area]) -> None:
    """A fælleshus per boligområde and beboerlokaler in its afdelinger."""
    for area in areas:
        estates = sorted(area.estates, key=lambda e: -e.residents)
        big = estates[0]
        streets = area.plan.streets
        b.add(
            f"Fælleshuset {area.plan.name}",
            "faelleshus",
            b.point_in(big.geometry),
            big.organisation,
            f"Ejendomskontoret, {big.organisation}",
            streets,
        )
        for est in estates[1:] or estates:
            b.add(
                f"Beboerlokalet {est.name}",
                "beboerlokale",
                b.point_in(est.geometry),
                est.organisation,
                f"Afdelingsbestyrelsen, {est.organisation} afd. {est.afdeling_nr}",
                streets,
            )


def _libraries(b: VenueBuilder) -> None:
    """The seven real library locations and names from OpenStreetMap."""
    for name, geom in zip(b.inputs.libraries["name"], b.inputs.libraries.geometry, strict=True):
        b.add(
            name,
            "bibliotek",
            geom,
            f"{KOMMUNE} (Aalborg Bibliotekerne)",
            "Borgerservice og udlån, Aalborg Bibliotekerne",
        )


def _churches(b: VenueBuilder, grid: Grid) -> None:
    """One church or sognegård per parish, at the parish's most populated cell."""
    for name, geom in zip(b.inputs.sogne["sognenavn"], b.inputs.sogne.geometry, strict=True):
        pt, residents = _busiest_point(grid, geom, b.rng)
        urban = residents / (geom.area / 1e6) > URBAN_PARISH_DENSITY
        label = f"{name} Sognegård" if urban else f"{name} Kirke og sognehus"
        b.add(label, "kirke_sognegaard", pt, f"{name} Menighedsråd", f"Kirkekontoret, {name} Sogn")


def _busiest_point(grid: Grid, geom, rng) -> tuple[Point, int]:
    """Jittered centre of the most populated cell inside geom, and geom's residents."""
    inside = shapely.contains_xy(geom, grid.xs, grid.ys) & (grid.residents > 0)
    if not inside.any():
        return geom.representative_point(), 0
    idx = np.flatnonzero(inside.ravel())
    best = idx[np.argmax(grid.residents.ravel()[idx])]
    x, y = grid.xs.ravel()[best], grid.ys.ravel()[best]
    residents = int(grid.residents.ravel()[idx].sum())
    return Point(x + rng.uniform(-35, 35), y + rng.uniform(-35, 35)), residents


def _spread(b: VenueBuilder, grid: Grid, vtype: str) -> None:
    """Place venues of one type in populated cells, weighted by people, kept apart."""
    count, spacing, by_old, power = SPREAD[vtype]
    weights = (grid.residents_65 if by_old else grid.residents).ravel().astype(float) ** power
    cells = np.flatnonzero(weights > 0)
    order = b.rng.choice(cells, size=cells.size, replace=False, p=weights[cells] / weights.sum())
    taken = [v.point for v in b.venues if v.vtype == vtype]
    placed = 0
    for c in order:
        pt = Point(
            grid.xs.ravel()[c] + b.rng.uniform(-35, 35), grid.ys.ravel()[c] + b.rng.uniform(-35, 35)
        )
        if any(pt.distance(t) < spacing for t in taken):
            continue
        if vtype in NO_GO_9210 and b.loc.postal(pt)[0] == "9210":
            continue
        _add_spread(b, vtype, pt)
        taken.append(pt)
        placed += 1
        if placed == count:
            return


def _add_spread(b: VenueBuilder, vtype: str, pt: Point) -> None:
    """Name, owner and contact for a population-spread venue."""
    place = b.loc.place(pt)
    if vtype == "skole":
        b.add(f"{place} Skole", vtype, pt, KOMMUNE, "Skolekontoret, {name}")
    elif vtype == "idraetshal":
        hall = f"{place}hallen" if " " not in place else f"{place} Idrætscenter"
        b.add(hall, vtype, pt, KOMMUNE, "Haladministrationen, {name}")
    elif vtype == "aktivitetscenter":
        b.add(f"Aktivitetscenter {place}", vtype, pt, KOMMUNE, "Centerkontoret, {name}")
    elif vtype == "kulturhus":
        b.add(
            f"Kulturhuset {place}",
            vtype,
            pt,
            f"{place} Kulturhusforening",
            "Husets sekretariat, {name}",
        )
    else:
        b.add(
            f"{place} Motionscenter", vtype, pt, f"Motionsforeningen {place}", "Receptionen, {name}"
        )


def _fixed(b: VenueBuilder, villages: list[Place]) -> None:
    """Named venues the Aalborg documents mention, plus village forsamlingshuse."""
    fixed = (
        (
            "Sundhedshuset Aalborg Øst",
            "sundhedshus",
            10.0045,
            57.0300,
            f"{KOMMUNE} (Center for Sundhedsfremme)",
            "Sekretariatet, Center for Sundhedsfremme",
        ),
        (
            "Aalborg Sundhedscenter",
            "sundhedshus",
            9.9150,
            57.0455,
            f"{KOMMUNE} (Sundhed og Kultur)",
            "Visitationen, Aalborg Sundhedscenter",
        ),
        (
            "Kvarterværkstedet",
            "other",
            10.0030,
            57.0335,
            f"{KOMMUNE} (Center for Sundhedsfremme)",
            "Koordinator, Kvarterværkstedet",
        ),
        (
            "De Frivilliges Hus",
            "other",
            9.9240,
            57.0470,
            "Frivilligcenter Aalborg",
            "Sekretariatet, Frivilligcenter Aalborg",
        ),
        (
            "Aktivitetscenter Gug",
            "aktivitetscenter",
            9.9465,
            57.0140,
            KOMMUNE,
            "Centerkontoret, {name}",
        ),
        (
            "Motionscenter Aalborg SØ",
            "fitness",
            9.9330,
            57.0150,
            "Privat motionscenter",
            "Receptionen, {name}",
        ),
    )
    for name, vtype, lon, lat, owner, contact in fixed:
        b.add(name, vtype, Point(utm_xy(lon, lat)), owner, contact)
    picks = b.rng.choice(len(villages), size=min(5, len(villages)), replace=False)
    for i in sorted(picks):
        v = villages[i]
        b.add(
            f"{v.name} Forsamlingshus",
            "other",
            Point(utm_xy(v.lon, v.lat)),
            f"{v.name} Forsamlingshusforening",
            "Udlejningen, {name}",
        )


def build_venues(seed, inputs, areas, grid, villages, locator) -> list[Venue]:
    """All venues, sorted by type and name, with stable ids V0001..."""
    b = VenueBuilder(seed, inputs, locator)
    _estate_venues(b, areas)
    _libraries(b)
    _churches(b, grid)
    _fixed(b, villages)
    for vtype in SPREAD:
        _spread(b, grid, vtype)
    order = {t: i for i, t in enumerate(VENUE_TYPES)}
    venues = sorted(b.venues, key=lambda v: (order[v.vtype], v.name))
    for i, v in enumerate(venues, start=1):
        v.venue_id = f"V{i:04d}"
    if any(v.vtype == "sundhedshus" and v.postnr == "9210" for v in venues):
        raise ValueError("a sundhedshus ended up in Aalborg SØ (9210); move it")
    return venues
