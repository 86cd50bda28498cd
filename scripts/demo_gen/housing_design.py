"""Hand-written design of the synthetic almene boligområder.

The statutory statuses are designed here on purpose (a demo needs at least two udsatte
boligområder, one parallelsamfund-like and one forebyggelsesområde-like area, and some near
misses), then re-derived from the generated indicator values and checked. Aalborg SØ (9210)
follows the project description "Fremme af fællesskaber og sundhed i Aalborg SØ": five housing
organisations, 2,154 almene boliger, 4,086 residents.

Criteria tuples are (outside_work_edu_pct, convictions_ratio, basic_school_only_pct,
income_pct_region, non_western_pct) for 2024 and 2023.
"""

from __future__ import annotations

from dataclasses import dataclass

Criteria = tuple[float, float, float, float, float]


@dataclass(frozen=True)
class EstatePlan:
    """One almen boligafdeling inside a boligområde."""

    organisation: str
    name: str
    weight: float


@dataclass(frozen=True)
class AreaPlan:
    """One boligområde: place, size, latent deprivation and the five statutory criteria."""

    code: str
    name: str
    postnr: str
    lon: float
    lat: float
    angle: float
    density_per_ha: float
    residents: int
    dwellings: int
    z: float
    share_65: float
    c2024: Criteria
    c2023: Criteria
    status_2022: str
    estates: tuple[EstatePlan, ...]
    streets: tuple[str, ...]


HIM = "Himmerland Boligforening"
ALA = "Alabu Bolig"
VIV = "Vivabolig"
PLU = "Plus Bolig"
LEJ = "Lejerbo"
SHB = "Sundby-Hvorup Boligselskab"
NBS = "Nørresundby Boligselskab"
B44 = "Boligforeningen af 1944"
BSN = "Boligselskabet Nordjylland"
SO_ORGANISATIONS = (HIM, ALA, VIV, PLU, LEJ)
SO_DWELLINGS = 2_154
SO_RESIDENTS = 4_086

# fmt: off
AREAS = (
    AreaPlan(
        "BO-9220-01", "Kildeparken", "9220", 9.9935, 57.0355, 20, 240, 2_620, 1_210, 2.8, 0.10,
        (46.2, 2.60, 52.4, 53.1, 56.3), (47.5, 2.80, 53.0, 52.4, 55.8), "parallelsamfund",
        (EstatePlan(HIM, "Kildeparken Nord", 0.45), EstatePlan(HIM, "Kildeparken Syd", 0.35),
         EstatePlan(VIV, "Kildevænget", 0.20)),
        ("Kildeparken", "Fyrkildevej", "Kildevej"),
    ),
    AreaPlan(
        "BO-9220-02", "Fremtidsvej og Smedegaard", "9220", 10.0115, 57.0245, -15, 220, 1_480,
        700, 2.5, 0.11,
        (42.8, 3.30, 48.9, 57.6, 44.1), (44.0, 3.40, 50.2, 56.9, 45.0), "parallelsamfund",
        (EstatePlan(ALA, "Fremtidsvej", 0.55), EstatePlan(LEJ, "Smedegaarden", 0.45)),
        ("Fremtidsvej", "Smedegaardsvej"),
    ),
    AreaPlan(
        "BO-9220-03", "Tornhøjparken", "9220", 10.0000, 57.0245, 35, 200, 1_240, 600, 1.6, 0.13,
        (29.4, 1.80, 44.0, 66.2, 34.5), (31.2, 2.05, 45.1, 64.3, 35.2), "forebyggelsesomraade",
        (EstatePlan(VIV, "Tornhøjparken I", 0.6), EstatePlan(HIM, "Tornhøjparken II", 0.4)),
        ("Tornhøjvej", "Tornhøjparken"),
    ),
    AreaPlan(
        "BO-9220-04", "Lerbjergparken", "9220", 10.0200, 57.0350, 0, 180, 640, 330, 0.8, 0.17,
        (24.0, 1.30, 35.0, 74.0, 21.0), (23.5, 1.20, 35.5, 73.2, 20.4), "",
        (EstatePlan(BSN, "Lerbjergparken", 1.0),),
        ("Lerbjergvej",),
    ),
    AreaPlan(
        "BO-9210-01", "Sohngårdsparken", "9210", 9.9400, 57.0160, 10, 230, 2_100, 1_090, 2.1,
        0.12,
        (36.8, 2.40, 47.5, 61.8, 38.4), (37.9, 2.50, 48.0, 61.0, 37.6), "forebyggelsesomraade",
        (EstatePlan(HIM, "Sohngårdsparken Øst", 0.4), EstatePlan(HIM, "Sohngårdsparken Vest", 0.3),
         EstatePlan(ALA, "Gugvej", 0.3)),
        ("Sohngårdsparken", "Gugvej", "Sohngårdsholmsvej"),
    ),
    AreaPlan(
        "BO-9210-02", "Gug Engpark", "9210", 9.9520, 57.0090, -25, 210, 886, 490, 2.6, 0.09,
        (44.5, 3.40, 55.0, 54.2, 47.0), (43.0, 3.00, 54.1, 55.5, 46.1), "",
        (EstatePlan(PLU, "Engparken", 0.55), EstatePlan(LEJ, "Gug Enge", 0.45)),
        ("Engparken", "Gug Engvej"),
    ),
    AreaPlan(
        "BO-9210-03", "Tranders Vænge", "9210", 9.9250, 57.0115, 5, 190, 1_100, 574, 1.0, 0.16,
        (27.5, 1.60, 38.0, 69.0, 24.5), (28.0, 1.70, 38.6, 68.4, 24.0), "",
        (EstatePlan(VIV, "Tranders Vænge", 0.6), EstatePlan(VIV, "Sønderbo", 0.4)),
        ("Tranders Vænge", "Sønderbovej"),
    ),
    AreaPlan(
        "BO-9400-01", "Løvvangen", "9400", 9.9300, 57.0725, 0, 220, 2_350, 1_150, 2.3, 0.12,
        (41.6, 3.10, 51.0, 58.4, 29.2), (42.9, 3.20, 51.8, 57.5, 28.7), "udsat",
        (EstatePlan(SHB, "Løvvangen Nord", 0.40), EstatePlan(SHB, "Løvvangen Syd", 0.35),
         EstatePlan(SHB, "Løvvangen Øst", 0.25)),
        ("Løvvangen", "Løvvangsvej", "Hvorupvej"),
    ),
    AreaPlan(
        "BO-9400-02", "Lindholm Vænge", "9400", 9.9050, 57.0770, -10, 170, 720, 380, 0.6, 0.18,
        (22.0, 1.20, 33.0, 76.0, 15.0), (22.4, 1.30, 33.5, 75.2, 14.6), "",
        (EstatePlan(NBS, "Lindholm Vænge", 0.6), EstatePlan(B44, "Lindholmsvej", 0.4)),
        ("Lindholmsvej", "Vængevej"),
    ),
    AreaPlan(
        "BO-9000-01", "Vestbyen – Kastetvej", "9000", 9.8990, 57.0510, 25, 250, 1_050, 620, 0.7,
        0.14,
        (25.5, 1.50, 30.5, 72.5, 17.8), (26.1, 1.50, 31.0, 71.9, 17.2), "",
        (EstatePlan(ALA, "Kastetvej", 0.5), EstatePlan(HIM, "Vesterbo", 0.5)),
        ("Kastetvej", "Vesterbrogade"),
    ),
    AreaPlan(
        "BO-9000-02", "Grønlandskvarteret", "9000", 9.9350, 57.0430, -5, 230, 1_320, 700, 1.3,
        0.13,
        (31.5, 1.90, 41.0, 63.8, 26.5), (32.0, 1.90, 41.5, 63.1, 25.9), "",
        (EstatePlan(HIM, "Grønlandstorv", 0.5), EstatePlan(PLU, "Østre Vænge", 0.5)),
        ("Grønlandstorv", "Østre Allé"),
    ),
    AreaPlan(
        "BO-9200-01", "Skalborgparken", "9200", 9.8850, 57.0130, 15, 190, 960, 500, 1.0, 0.15,
        (26.0, 1.40, 36.0, 70.5, 19.5), (26.5, 1.50, 36.4, 69.8, 19.0), "",
        (EstatePlan(VIV, "Skalborgparken", 0.55), EstatePlan(LEJ, "Skalborg Have", 0.45)),
        ("Skalborgparken", "Hobrovej"),
    ),
)
# fmt: on
