"""Turn indicator profiles into CSV rows and statutory statuses.

Statuses are computed from the *formatted* values, exactly as a reader of the CSV would see
them, and compared with the design, so the files can never disagree with each other.
"""

from __future__ import annotations

from demo_gen.housing import Area
from demo_gen.indicator_specs import LICENCE, NATIONAL_CONVICTION_RATE, SOURCE, SPECS, Spec
from demo_gen.indicator_specs import status as statutory_status
from demo_gen.indicators import PERIODS, Profile

VALUES_HEADER = (
    "area_kind",
    "area_code",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
)
DEFINITIONS_HEADER = (
    "code",
    "name_da",
    "name_en",
    "unit",
    "direction",
    "domain",
    "source",
    "licence",
)


def _count(spec: Spec, value: float, den: int) -> tuple[str, str]:
    """(formatted value, numerator) for one indicator; value recomputed from whole people."""
    if spec.code == "income_pct_region":
        return f"{value:.1f}", ""
    if spec.code == "convictions_ratio":
        num = round(value * NATIONAL_CONVICTION_RATE * den)
        return f"{num / den / NATIONAL_CONVICTION_RATE:.2f}", str(num)
    scale = 1000.0 if spec.unit == "pr. 1.000" else 100.0
    num = min(round(value * den / scale), den) if scale == 100.0 else round(value * den / scale)
    return f"{scale * num / den:.1f}", str(num)


def value_rows(profiles: list[Profile]) -> tuple[list[tuple], dict]:
    """Long-format rows and the formatted values per (area_code, period)."""
    rows: list[tuple] = []
    final: dict[tuple[str, str], dict[str, float]] = {}
    for p in profiles:
        for period in PERIODS:
            groups = p.groups(period)
            final[(p.code, period)] = {}
            for spec in SPECS:
                den = groups[spec.den]
                value, num = _count(spec, p.values[period][spec.code], den)
                final[(p.code, period)][spec.code] = float(value)
                rows.append((p.kind, p.code, spec.code, period, value, num, den))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    return rows, final


def statuses(bos: list[Profile], final: dict, areas: list[Area]) -> dict[str, dict[str, str]]:
    """Status per boligområde and list year; fails if the design did not come out."""
    out = {}
    for p, area in zip(bos, areas, strict=True):
        s = {y: statutory_status(p.residents[y], final[(p.code, y)]) for y in PERIODS}
        design = dict(
            zip(
                (
                    "outside_work_edu_pct",
                    "convictions_ratio",
                    "basic_school_only_pct",
                    "income_pct_region",
                    "non_western_pct",
                ),
                area.plan.c2024,
                strict=True,
            )
        )
        if s["2024"] != statutory_status(p.residents["2024"], design):
            raise ValueError(f"{p.code}: generated status {s['2024']!r} differs from design")
        out[p.code] = {
            "status_2022": area.plan.status_2022,
            "status_2023": s["2023"],
            "status_2024": s["2024"],
            "status_2025": s["2024"],
        }
    return out


def definition_rows(seed: int) -> list[tuple]:
    """indicator_definitions.csv rows in SPECS order."""
    src = SOURCE.format(seed=seed)
    return [
        (s.code, s.name_da, s.name_en, s.unit, s.direction, s.domain, src, LICENCE) for s in SPECS
    ]


def residents_rows(parishes: list[Profile], bos: list[Profile]) -> list[tuple]:
    """area_residents.csv rows (2024): sogne from the raster, boligområder from estates."""
    rows = [(p.kind, p.code, p.residents["2024"]) for p in [*parishes, *bos]]
    return sorted(rows)
