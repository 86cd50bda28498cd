"""Plausible Danish place names and addresses for synthetic venues and associations.

Street names are common Danish street names (and a few well-known Aalborg streets) combined
with random house numbers, so addresses look right without pointing at real buildings.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Point

from demo_gen.common import RealInputs, utm_xy
from demo_gen.places import CITY, TOWNS, Place

GENERIC_STREETS = (
    "Hovedgaden",
    "Skolevej",
    "Kirkevej",
    "Stationsvej",
    "Bygaden",
    "Nørregade",
    "Søndergade",
    "Idrætsvej",
    "Engvej",
    "Toftevej",
    "Møllevej",
    "Parkvej",
    "Vestergade",
    "Østergade",
    "Skovvej",
    "Birkevej",
    "Lindevej",
    "Bakkevej",
    "Præstevej",
    "Åvej",
)
STREETS_BY_POSTNR = {
    "9000": (
        "Boulevarden",
        "Vesterbro",
        "Kastetvej",
        "Hasserisgade",
        "Borgergade",
        "Danmarksgade",
        "Kjellerupsgade",
        "Jyllandsgade",
        "Østre Allé",
        "Hadsundvej",
        "Nyhavnsgade",
        "Sohngårdsholmsvej",
    ),
    "9200": ("Hobrovej", "Sofiendalsvej", "Skalborgvej", "Frejlevvej", "Dalgas Allé"),
    "9210": (
        "Gugvej",
        "Indkildevej",
        "Ravnkildevej",
        "Gug Tværvej",
        "Sønder Tranders Byvej",
        "Skelagervej",
    ),
    "9220": (
        "Fyrkildevej",
        "Humlebakken",
        "Astrupvej",
        "Langagervej",
        "Tornhøjvej",
        "Egnsvej",
        "Smedegaardsvej",
        "Kærvej",
    ),
    "9400": (
        "Lindholmsvej",
        "Hvorupvej",
        "Thistedvej",
        "Vestergade",
        "Østergade",
        "Løvvangsvej",
        "Lerumbakken",
    ),
}
ALIASES = {"Universitetsområdet": "Aalborg Øst", "Midtbyen": "Aalborg Midtby"}


class Locator:
    """Answers 'which postal area / place / parish is this point in' for naming."""

    def __init__(self, inputs: RealInputs, villages: list[Place]) -> None:
        self.post = inputs.postnumre
        self.sogne = inputs.sogne
        self.places = [*CITY, *TOWNS, *villages]
        self.place_pts = [Point(utm_xy(p.lon, p.lat)) for p in self.places]

    def postal(self, pt: Point) -> tuple[str, str]:
        """(postnr, postnrnavn) of the postal area holding pt, else the nearest one."""
        dist = shapely.distance(np.asarray(self.post.geometry), pt)
        i = int(np.argmin(dist))
        return str(self.post["postnr"].iloc[i]), str(self.post["postnrnavn"].iloc[i])

    def parish(self, pt: Point) -> str:
        """Name of the parish holding pt, else the nearest parish."""
        dist = shapely.distance(np.asarray(self.sogne.geometry), pt)
        return str(self.sogne["sognenavn"].iloc[int(np.argmin(dist))])

    def place(self, pt: Point) -> str:
        """Neighbourhood or town name for pt: nearest place within 2.5 km, else its parish."""
        dist = [pt.distance(q) for q in self.place_pts]
        i = int(np.argmin(dist))
        if dist[i] > 2_500:
            return self.parish(pt)
        name = self.places[i].name
        return ALIASES.get(name, name)

    def address(self, pt: Point, rng: np.random.Generator, streets=()) -> str:
        """Street + number + postnr + town, with a street typical of the postal area."""
        postnr, town = self.postal(pt)
        pool = streets or STREETS_BY_POSTNR.get(postnr, GENERIC_STREETS)
        street = pool[int(rng.integers(len(pool)))]
        return f"{street} {int(rng.integers(1, 140))}, {postnr} {town}"
