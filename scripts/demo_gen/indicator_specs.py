"""The 20 area indicators: definitions (written to CSV) and the synthetic response model.

Model: value = base + a·z + b·r (+ age term) + noise, where z is the area's latent
deprivation and r its rurality. Health indicators use a health latent that follows z with
extra noise, so health and social indicators correlate without being copies of each other.
`den` names the population group the indicator is measured on (see indicators.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """Definition and generative parameters of one indicator."""

    code: str
    name_da: str
    name_en: str
    unit: str
    direction: str
    domain: str
    den: str
    base: float = 0.0
    a: float = 0.0
    b: float = 0.0
    sd: float = 1.0
    lo: float = 0.0
    hi: float = 100.0
    age: float = 0.0
    trend: float = 0.0  # typical change 2023 -> 2024
    health: bool = False


HI, LO = "higher_is_worse", "lower_is_worse"
PCT = "%"
# fmt: off
SPECS = (
    Spec("outside_work_edu_pct", "Andel 18-64-årige uden for arbejdsmarked og uddannelse",
         "Share of 18-64-year-olds outside work or education", PCT, HI, "work", "a18_64",
         16, 8.5, 1.0, 2.5, 3, 70, trend=-0.3),
    Spec("employment_rate", "Beskæftigelsesfrekvens for 16-64-årige",
         "Employment rate of 16-64-year-olds", PCT, LO, "work", "a16_64",
         77, -7, -1, 2.5, 30, 92, trend=0.4),
    Spec("income_pct_region",
         "Gennemsnitlig bruttoindkomst for 15-64-årige i pct. af regionsgennemsnittet",
         "Mean gross income of 15-64-year-olds as % of the regional mean",
         "% af regionsgennemsnit", LO, "income", "a15_64", 104, -14, -8, 6, 35, 190, trend=0.3),
    Spec("low_income_pct", "Andel personer i familier med lav indkomst",
         "Share of residents in low-income families", PCT, HI, "income", "res",
         6, 4.5, 0.5, 1.5, 0.5, 45, trend=0.1),
    Spec("basic_school_only_pct", "Andel 30-59-årige med grundskole som højeste uddannelse",
         "Share of 30-59-year-olds with only basic schooling", PCT, HI, "education", "a30_59",
         17, 10, 6, 3.5, 3, 75, trend=-0.4),
    Spec("convictions_ratio",
         "Andel dømte for straffelov, våbenlov eller lov om euforiserende stoffer i forhold "
         "til landsgennemsnittet",
         "Convictions rate of residents (18+) as a multiple of the national rate",
         "× landsgennemsnit", HI, "crime", "a18p", trend=-0.03),
    Spec("non_western_pct", "Andel indvandrere og efterkommere fra ikke-vestlige lande",
         "Share of non-Western immigrants and descendants", PCT, HI, "demography", "res",
         trend=0.4),
    Spec("age65_pct", "Andel borgere på 65 år og derover", "Share of residents aged 65+",
         PCT, HI, "demography", "res", trend=0.2),
    Spec("single_parent_pct", "Andel enlige forsørgere blandt familier med hjemmeboende børn",
         "Single parents among families with children", PCT, HI, "family", "families",
         17, 6, -2, 3, 3, 60),
    Spec("children_low_income_pct", "Andel børn (0-17 år) i familier med lav indkomst",
         "Children (0-17) in low-income families", PCT, HI, "family", "a0_17",
         7, 7, 1, 2.5, 0.5, 60, trend=0.2),
    Spec("child_overweight_pct", "Andel skolebørn med overvægt ved skolesundhedsundersøgelsen",
         "Schoolchildren with overweight at the school health check", PCT, HI, "health",
         "measured", 14, 3.5, 2, 2.5, 2, 45, trend=0.2, health=True),
    Spec("daily_smoking_pct", "Andel dagligrygere (16+ år)", "Daily smokers (16+)", PCT, HI,
         "health_behaviour", "respondents", 11, 4.5, 2, 1.5, 2, 45, trend=-0.4, health=True),
    Spec("high_alcohol_pct", "Andel med alkoholindtag over højrisikogrænsen",
         "Alcohol intake above the high-risk limit", PCT, HI, "health_behaviour",
         "respondents", 13, -1.8, 1, 1.5, 2, 30, trend=-0.2, health=True),
    Spec("low_physical_activity_pct",
         "Andel der ikke lever op til WHO's minimumsanbefaling for fysisk aktivitet",
         "Not meeting the WHO minimum recommendation for physical activity", PCT, HI,
         "health_behaviour", "respondents", 29, 5, 2, 2, 10, 60, trend=0.3, health=True),
    Spec("unhealthy_diet_pct", "Andel med usunde kostvaner", "Unhealthy dietary habits", PCT,
         HI, "health_behaviour", "respondents", 12, 4, 2, 1.5, 3, 40, health=True),
    Spec("loneliness_pct", "Andel der ofte er uønsket alene", "Often unwillingly alone", PCT,
         HI, "health", "respondents", 10, 3.5, 0, 1.2, 3, 35, age=0.15, trend=0.3,
         health=True),
    Spec("poor_self_rated_health_pct", "Andel med mindre godt eller dårligt selvvurderet helbred",
         "Fair or poor self-rated health", PCT, HI, "health", "respondents",
         15, 5.5, 1, 1.5, 4, 50, age=0.2, trend=0.2, health=True),
    Spec("chronic_disease_pct", "Andel med mindst én langvarig sygdom",
         "At least one long-term illness", PCT, HI, "health", "respondents",
         38, 4, 2, 2, 15, 75, age=0.6, trend=0.3, health=True),
    Spec("poor_mental_health_pct", "Andel med dårligt mentalt helbred",
         "Poor mental health", PCT, HI, "health", "respondents",
         13, 4.5, -1, 1.5, 4, 45, trend=0.4, health=True),
    Spec("health_offer_uptake_per_1000", "Deltagere i kommunale sundhedstilbud pr. 1.000 voksne",
         "Participants in municipal health offers per 1,000 adults", "pr. 1.000", LO, "uptake",
         "a18p", 24, -4, -3, 2, 2, 60, trend=1.0, health=True),
)
# fmt: on
CRITERIA_CODES = (
    "outside_work_edu_pct",
    "convictions_ratio",
    "basic_school_only_pct",
    "income_pct_region",
    "non_western_pct",
)
NATIONAL_CONVICTION_RATE = 0.012  # share of adults convicted per year (synthetic reference)
SOURCE = "Syntetisk (Kvarterkort demo-generator, seed {seed})"
LICENCE = "CC0 (syntetiske data)"


def status(residents: int, v: dict[str, float]) -> str:
    """Statutory status (almenboligloven § 61 a, single-year simplification) from values."""
    if residents < 1_000:
        return ""
    udsat = sum(
        (
            v["outside_work_edu_pct"] > 40,
            v["convictions_ratio"] >= 3,
            v["basic_school_only_pct"] > 60,
            v["income_pct_region"] < 55,
        )
    )
    if udsat >= 2:
        return "parallelsamfund" if v["non_western_pct"] > 50 else "udsat"
    prevention = sum(
        (
            v["outside_work_edu_pct"] > 30,
            v["convictions_ratio"] >= 2,
            v["basic_school_only_pct"] > 60,
            v["income_pct_region"] < 65,
        )
    )
    return "forebyggelsesomraade" if v["non_western_pct"] > 30 and prevention >= 2 else ""
