"""Generate Kvarterkort's SYNTHETIC Aalborg demo data (data/demo/).

    uv run python scripts/generate_demo.py [--seed 2024] [--out data/demo]

Deterministic: the same seed gives byte-identical files (fixed coordinate precision, sorted
features, no timestamps). Real inputs in data/real/ (DAGI boundaries, OSM library points)
only anchor the synthetic population, housing estates, venues, associations and indicators in
a recognisable geography; see DATA.md for sources, licences and what every column means.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_gen.assets import build_assets
from demo_gen.associations import build_associations
from demo_gen.common import REPO_ROOT, load_inputs
from demo_gen.housing import build_areas
from demo_gen.indicator_tables import (
    DEFINITIONS_HEADER,
    VALUES_HEADER,
    definition_rows,
    residents_rows,
    statuses,
    value_rows,
)
from demo_gen.indicators import build_profiles
from demo_gen.naming import Locator
from demo_gen.population import build_grid, villages
from demo_gen.real_venues import build_real_venues, write_real_venues
from demo_gen.venues import build_venues
from demo_gen.writers import write_csv, write_geojson, write_population

DEFAULT_SEED = 2024
OUTPUTS = (
    "population_100m.tif",
    "boligomraader.geojson",
    "estates.geojson",
    "venues.geojson",
    "venues_dawa.geojson",
    "associations.geojson",
    "indicator_definitions.csv",
    "indicator_values.csv",
    "area_residents.csv",
    "assets.geojson",
)


def _write_housing(out: Path, areas, status_by_code) -> None:
    """boligomraader.geojson and estates.geojson, sorted by their keys."""
    areas = sorted(areas, key=lambda a: a.plan.code)
    rows = [
        {
            "code": a.plan.code,
            "name": a.plan.name,
            "postnr": a.plan.postnr,
            # A boligområde's residents are its estates' residents (as in the statutory lists).
            "residents": sum(e.residents for e in a.estates),
            "synthetic": True,
        }
        for a in areas
    ]
    write_geojson(out / "boligomraader.geojson", "boligomraader", rows, [a.geometry for a in areas])
    estates = sorted(
        (e for a in areas for e in a.estates),
        key=lambda e: (e.area_code, e.organisation, int(e.afdeling_nr)),
    )
    rows = [
        {
            "boligorganisation": e.organisation,
            "afdeling_nr": e.afdeling_nr,
            "name": e.name,
            "dwellings": e.dwellings,
            "residents": e.residents,
            "boligomraade_code": e.area_code,
            **status_by_code[e.area_code],
            "synthetic": True,
        }
        for e in estates
    ]
    write_geojson(out / "estates.geojson", "estates", rows, [e.geometry for e in estates])


def run(seed: int, out: Path, step: Callable[[str], None]) -> dict[str, int]:
    """Build every dataset in dependency order and write it; returns counts for the summary."""
    out.mkdir(parents=True, exist_ok=True)
    step("reading real inputs")
    inputs = load_inputs()
    step("boligområder and estates")
    areas = build_areas(seed, inputs)
    step("population raster")
    grid = build_grid(seed, inputs, areas)
    write_population(out / "population_100m.tif", grid.transform, grid.residents, grid.residents_65)
    step("venues")
    vill = villages(inputs, seed)
    locator = Locator(inputs, vill)
    venues = build_venues(seed, inputs, areas, grid, vill, locator)
    write_geojson(
        out / "venues.geojson", "venues", [v.row() for v in venues], [v.point for v in venues]
    )
    real_venues = build_real_venues(seed)
    write_real_venues(out / "venues_dawa.geojson", real_venues)
    step("associations")
    assoc = build_associations(seed, areas, grid, venues, locator)
    write_geojson(
        out / "associations.geojson",
        "associations",
        [a.row() for a in assoc],
        [a.point for a in assoc],
    )
    step("indicators")
    parishes, bos = build_profiles(seed, inputs, grid, areas)
    rows, final = value_rows([*parishes, *bos])
    write_csv(out / "indicator_values.csv", VALUES_HEADER, rows)
    write_csv(out / "indicator_definitions.csv", DEFINITIONS_HEADER, definition_rows(seed))
    write_csv(
        out / "area_residents.csv",
        ("area_kind", "area_code", "residents"),
        residents_rows(parishes, bos),
    )
    _write_housing(out, areas, statuses(bos, final, areas))
    step("ABCD assets")
    assets = build_assets(seed, areas)
    write_geojson(
        out / "assets.geojson", "assets", [a.row for a in assets], [a.point for a in assets]
    )
    return {
        "residents": int(grid.residents.sum()),
        "cells": int((grid.residents > 0).sum()),
        "areas": len(areas),
        "estates": sum(len(a.estates) for a in areas),
        "venues": len(venues),
        "real_venues": len(real_venues),
        "associations": len(assoc),
        "indicator_rows": len(rows),
        "assets": len(assets),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: progress on stderr, one summary line on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "demo")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    columns = (TextColumn("{task.description:<28}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("starting", total=8)

        def step(label: str) -> None:
            progress.update(task, description=label, advance=1)

        counts = run(args.seed, args.out, step)
    size = sum((args.out / name).stat().st_size for name in OUTPUTS)
    print(
        f"SYNTHETIC demo data, seed {args.seed}: {counts['residents']:,} residents in "
        f"{counts['cells']:,} cells, {counts['areas']} boligområder, {counts['estates']} estates, "
        f"{counts['venues']} venues (+ {counts['real_venues']} real), "
        f"{counts['associations']} associations, {counts['assets']} ABCD assets, "
        f"{counts['indicator_rows']:,} indicator rows; {len(OUTPUTS)} files, "
        f"{size / 1e6:.2f} MB in {args.out} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
