"""Settlement pattern of Aalborg Kommune used to spread synthetic residents.

Centres are approximate real coordinates (lon, lat) of city districts and towns; resident
targets are rounded orders of magnitude, not statistics. The kernel widths make a town of a
few thousand people cover roughly its real built-up footprint at 100 m resolution.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A population cluster: city district or town."""

    name: str
    lon: float
    lat: float
    residents: int
    sigma_m: float
    share_65: float
    urban: bool


# Aalborg city and Nørresundby (outside the almene boligområder, which are added separately).
CITY = (
    Place("Midtbyen", 9.921, 57.046, 18_000, 880, 0.10, True),
    Place("Vestbyen", 9.898, 57.051, 11_500, 740, 0.12, True),
    Place("Hasseris", 9.872, 57.039, 11_500, 1150, 0.27, True),
    Place("Vejgaard", 9.956, 57.041, 15_000, 1010, 0.18, True),
    Place("Aalborg Øst", 10.012, 57.031, 12_500, 1350, 0.15, True),
    Place("Gug", 9.944, 57.012, 10_500, 1150, 0.21, True),
    Place("Skalborg", 9.884, 57.016, 9_500, 1150, 0.19, True),
    Place("Sohngårdsholm", 9.936, 57.029, 9_500, 880, 0.18, True),
    Place("Nørresundby", 9.921, 57.061, 9_500, 880, 0.18, True),
    Place("Lindholm", 9.893, 57.078, 6_500, 1010, 0.20, True),
    Place("Hvorup", 9.949, 57.077, 6_500, 1150, 0.19, True),
    Place("Universitetsområdet", 9.992, 57.015, 4_000, 740, 0.04, True),
)

# Towns and villages: (approximate centre, rough residents).
TOWNS = (
    Place("Svenstrup", 9.850, 56.975, 7_400, 0, 0.22, False),
    Place("Nibe", 9.636, 56.983, 5_300, 0, 0.26, False),
    Place("Gistrup", 9.990, 56.990, 5_100, 0, 0.20, False),
    Place("Vodskov", 10.020, 57.105, 4_700, 0, 0.22, False),
    Place("Klarup", 10.060, 57.010, 4_000, 0, 0.21, False),
    Place("Vestbjerg", 9.960, 57.130, 3_500, 0, 0.17, False),
    Place("Vadum", 9.860, 57.120, 3_100, 0, 0.20, False),
    Place("Storvorde", 10.100, 57.000, 2_700, 0, 0.22, False),
    Place("Frejlev", 9.820, 57.005, 2_700, 0, 0.20, False),
    Place("Hals", 10.310, 57.000, 2_500, 0, 0.31, False),
    Place("Vester Hassing", 10.120, 57.060, 1_900, 0, 0.22, False),
    Place("Gandrup", 10.220, 57.040, 1_600, 0, 0.23, False),
    Place("Kongerslev", 10.110, 56.890, 1_350, 0, 0.24, False),
    Place("Tylstrup", 9.950, 57.190, 1_300, 0, 0.21, False),
    Place("Sulsted", 9.970, 57.160, 1_250, 0, 0.22, False),
    Place("Godthåb", 9.800, 56.970, 1_100, 0, 0.24, False),
    Place("Gudumholm", 10.135, 56.935, 1_000, 0, 0.23, False),
    Place("Ulsted", 10.250, 57.080, 800, 0, 0.26, False),
    Place("Sønderholm", 9.750, 57.000, 800, 0, 0.23, False),
    Place("Ellidshøj", 9.870, 56.930, 600, 0, 0.24, False),
    Place("Ferslev", 9.930, 56.945, 500, 0, 0.24, False),
    Place("Sebbersund", 9.560, 56.990, 350, 0, 0.30, False),
    Place("Volsted", 9.905, 56.905, 350, 0, 0.25, False),
    Place("Mou", 10.215, 56.970, 450, 0, 0.27, False),
    Place("Hammer", 10.035, 57.155, 400, 0, 0.22, False),
)

RURAL_SHARE_65 = 0.23

# Non-residential ellipses in EPSG:25832 (cx, cy, rx, ry): the larger lakes and chalk pits
# (positions read off OpenStreetMap water polygons) and Aalborg Airport.
EXCLUSION_ZONES = (
    (559_972, 6_323_192, 960, 670),  # Rørdal chalk-pit lake
    (555_636, 6_315_604, 210, 280),  # Poulstrup Kalkgrav
    (555_705, 6_325_391, 425, 150),  # Lindholm Kridtgrav
    (553_397, 6_322_586, 300, 260),  # Nordens Kridtgrav
    (558_079, 6_328_599, 280, 180),
    (554_259, 6_327_970, 135, 230),  # Voerbjerg Sø
    (555_836, 6_320_161, 160, 235),  # Lergraven
    (561_434, 6_325_088, 280, 210),
    (552_289, 6_322_742, 170, 180),
    (556_923, 6_325_080, 130, 200),
    (559_987, 6_325_427, 180, 170),
    (551_300, 6_328_050, 1_300, 450),  # Aalborg Airport
)


def kernel_sigma(place: Place) -> float:
    """Width of a place's population kernel: given for districts, from size for towns."""
    if place.sigma_m:
        return place.sigma_m
    return 150.0 * (place.residents / 1000.0) ** 0.5 + 60.0
