"""Synthetic indicator values for parishes (sogne) and boligområder, 2023 and 2024.

Why this design: every area gets a latent deprivation z (designed for boligområder, from a
hand-set parish baseline plus noise for sogne) and a rurality r from its population density.
Indicators respond to z and r with noise, so rankings are meaningful and correlated. Parish
values are mixed with the values of the boligområder they contain, weighted by residents.
Numerators are whole people; values are recomputed from them so value = numerator/denominator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from demo_gen.common import RealInputs, rng_for
from demo_gen.housing import Area
from demo_gen.housing_design import AreaPlan
from demo_gen.indicator_specs import CRITERIA_CODES, SPECS, Spec
from demo_gen.population import Grid

PERIODS = ("2023", "2024")
PARISH_Z = {
    "Hasseris": -1.3,
    "Gistrup": -1.0,
    "Ellidshøj": -0.9,
    "Nøvling": -0.8,
    "Romdrup": -0.6,
    "Godthåb": -0.5,
    "Lillevorde": -0.5,
    "Klarup": -0.5,
    "Frejlev": -0.5,
    "Dall": -0.4,
    "Volsted": -0.3,
    "Vadum": -0.3,
    "Vester Hassing": -0.2,
    "Sønder Tranders": 0.1,
    "Ansgars": 0.1,
    "Sankt Markus": 0.2,
    "Margrethe": 0.2,
    "Vesterkær": 0.2,
    "Hans Egedes": 0.3,
    "Vor Frue": 0.3,
    "Skalborg": 0.3,
    "Lindholm": 0.3,
    "Hvorup": 0.3,
    "Vejgård": 0.4,
    "Rørdal": 0.4,
    "Budolfi": 0.5,
    "Nørresundby": 0.5,
    "Vor Frelsers": 0.6,
    "Nørre Tranders": 0.6,
}
CORE_CITY = {"Budolfi", "Vor Frelsers", "Vor Frue", "Ansgars", "Sankt Markus"}


@dataclass
class Profile:
    """Everything needed to generate one area's indicators."""

    kind: str
    code: str
    residents: dict[str, int]
    old: dict[str, int]
    z: float
    r: float
    c017: float
    k30: float
    response_rate: float
    values: dict[str, dict[str, float]] = field(default_factory=dict)

    def groups(self, period: str) -> dict[str, int]:
        """Denominator populations for one period (whole people)."""
        n = self.residents[period]
        s65 = self.old[period] / n
        a18_64 = 1.0 - self.c017 - s65
        shares = {
            "res": 1.0,
            "a18_64": a18_64,
            "a16_64": a18_64 + self.c017 * 2 / 18,
            "a15_64": a18_64 + self.c017 * 3 / 18,
            "a30_59": a18_64 * self.k30,
            "a18p": 1.0 - self.c017,
            "a0_17": self.c017,
            "families": self.c017 / 1.75,
            "measured": self.c017 * 2 / 18,
            "respondents": (1.0 - self.c017 * 16 / 18) * self.response_rate,
        }
        return {k: max(1, round(n * v)) for k, v in shares.items()}


def _modelled(spec: Spec, p: Profile, hz: float, e: float) -> float:
    """Model value for 2024 from latent factors (before parish/estate mixing)."""
    s65 = 100.0 * p.old["2024"] / p.residents["2024"]
    if spec.code == "non_western_pct":
        return 7.0 * np.exp(0.62 * p.z - 1.0 * p.r + 0.25 * e)
    if spec.code == "convictions_ratio":
        return 0.85 * np.exp(0.42 * p.z - 0.3 * p.r + 0.25 * e)
    lat = hz if spec.health else p.z
    return spec.base + spec.a * lat + spec.b * p.r + spec.age * (s65 - 18.5) + spec.sd * e


def _clip(spec: Spec, v: float) -> float:
    """Keep modelled values in a plausible range."""
    if spec.code == "convictions_ratio":
        return float(np.clip(v, 0.05, 6.0))
    if spec.code == "non_western_pct":
        return float(np.clip(v, 0.3, 80.0))
    return float(np.clip(v, spec.lo, spec.hi))


def model_values(p: Profile, rng: np.random.Generator) -> None:
    """Fill p.values for both periods from the latent model (age65 from counts)."""
    hz = 0.8 * p.z + 0.45 * rng.normal()
    for period in PERIODS:
        p.values.setdefault(period, {})
    for spec in SPECS:
        if spec.code == "age65_pct":
            for period in PERIODS:
                p.values[period][spec.code] = 100.0 * p.old[period] / p.residents[period]
            continue
        v24 = _clip(spec, _modelled(spec, p, hz, rng.normal()))
        v23 = _clip(spec, v24 - spec.trend + 0.3 * spec.sd * rng.normal())
        p.values["2024"][spec.code], p.values["2023"][spec.code] = v24, v23


def _bo_profile(area: Area, rng: np.random.Generator) -> Profile:
    """Profile of a boligområde: residents from its estates, criteria from its design."""
    plan: AreaPlan = area.plan
    n24 = area.residents
    n23 = round(n24 / (1.0 + rng.normal(0.006, 0.006)))
    old24 = round(sum(e.residents * e.share_65 for e in area.estates))
    old = {"2024": old24, "2023": round(old24 * n23 / n24 * 0.99)}
    c017 = float(np.clip(0.20 + 0.03 * plan.z, 0.15, 0.32))
    p = Profile(
        "boligområde",
        plan.code,
        {"2023": n23, "2024": n24},
        old,
        plan.z,
        0.0,
        c017,
        0.58,
        rng.uniform(0.05, 0.07),
    )
    model_values(p, rng)
    for period, design in (("2024", plan.c2024), ("2023", plan.c2023)):
        p.values[period].update(dict(zip(CRITERIA_CODES, design, strict=True)))
    return p


def parish_cells(inputs: RealInputs, grid: Grid) -> np.ndarray:
    """Parish index of every populated cell (by cell centre), -1 where none."""
    out = np.full(grid.residents.shape, -1, dtype=np.int32)
    populated = grid.residents > 0
    for i, geom in enumerate(inputs.sogne.geometry):
        hit = populated & (out < 0) & shapely.contains_xy(geom, grid.xs, grid.ys)
        out[hit] = i
    return out


def _parish_profile(i, name, code, geom, grid, cells, rng) -> Profile:
    """Profile of a parish: residents and 65+ from the raster, z from the baseline table."""
    mask = cells == i
    n24, old24 = int(grid.residents[mask].sum()), int(grid.residents_65[mask].sum())
    if n24 == 0:
        raise ValueError(f"parish {name} has no residents in the raster")
    n23 = round(n24 / (1.0 + rng.normal(0.008, 0.006)))
    old = {"2024": old24, "2023": round(old24 * n23 / n24 * 0.99)}
    density = n24 / (geom.area / 1e6)
    r = float(np.clip(1.0 - np.log10(max(density, 1.0)) / 3.3, 0.0, 1.0))
    z = PARISH_Z.get(name, 0.0) + rng.normal(0.0, 0.25)
    core = name in CORE_CITY
    c017 = 0.215 - 0.3 * (old24 / n24 - 0.185) - (0.07 if core else 0.0) + rng.normal(0, 0.01)
    return Profile(
        "sogn",
        code,
        {"2023": n23, "2024": n24},
        old,
        z,
        r,
        float(np.clip(c017, 0.08, 0.30)),
        0.5 if core else 0.62,
        rng.uniform(0.045, 0.065),
    )


def _mix_estates(p: Profile, bos: list[Profile]) -> None:
    """Blend a parish's modelled values with those of its boligområder (by residents)."""
    for period in PERIODS:
        n = p.residents[period]
        inside = sum(b.residents[period] for b in bos)
        f = min(inside / n, 0.9)
        for spec in SPECS:
            if spec.code == "age65_pct" or not bos:
                continue
            bo_mean = sum(b.values[period][spec.code] * b.residents[period] for b in bos) / inside
            own = p.values[period][spec.code]
            p.values[period][spec.code] = (1 - f) * own + f * bo_mean


def build_profiles(seed: int, inputs: RealInputs, grid: Grid, areas: list[Area]):
    """Profiles with values for all 57 parishes and all boligområder."""
    rng = rng_for(seed, "indicators")
    bos = [_bo_profile(a, rng) for a in areas]
    cells = parish_cells(inputs, grid)
    sogne = inputs.sogne
    parishes = []
    for i, (name, code, geom) in enumerate(
        zip(sogne["sognenavn"], sogne["sognekode"], sogne.geometry, strict=True)
    ):
        p = _parish_profile(i, name, str(code), geom, grid, cells, rng)
        model_values(p, rng)
        inside = [b for a, b in zip(areas, bos, strict=True) if geom.contains(a.geometry.centroid)]
        _mix_estates(p, inside)
        parishes.append(p)
    return parishes, bos
