"""`kvarterkort load <kind> <file>`: bring a file into PostGIS, all or nothing.

`kvarterkort load template <kind>` writes an import template instead (see app/table_templates.py).
Errors are printed in English, like the rest of the CLI (its help, its reports): they are read by
administrators and grepped by scripts; the web pages show the same problems in Danish.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.cli.common import console, database_url, progress_bar, user_errors

if TYPE_CHECKING:
    from geodata.loaders import LoadOptions, LoadReport

# The kinds as `--help` lists them, written out so that help imports no loader (pandas,
# GeoPandas, ...); tests/test_cli_imports.py checks they equal geodata.loaders.KINDS and
# app.table_templates.KINDS.
KINDS = ("areas", "estates", "venues", "associations", "pois", "indicator-definitions",
         "indicators", "population", "addresses", "statutory-lists")  # fmt: skip
TEMPLATE_KINDS = ("assets", "venues", "associations", "indicators")


def load_command(
    kind: str = typer.Argument(
        ..., help=f"What the file holds: {', '.join(KINDS)}; or 'template' to write a template."
    ),
    file: Path = typer.Argument(
        ...,
        help="GeoPackage, GeoJSON, Shapefile, CSV (comma or semicolon), .xlsx or GeoTIFF; "
        f"after 'template' the kind: {', '.join(TEMPLATE_KINDS)}.",
    ),
    layer: str | None = typer.Option(
        None, "--layer", help="Layer to read from a multi-layer file; also the stored layer name."
    ),
    mapping: Path | None = typer.Option(
        None, "--map", help="mapping.yaml: column renames, constants, layer provenance, crs."
    ),
    crs: str | None = typer.Option(None, help="CRS of a file that does not say (e.g. EPSG:25832)."),
    area_kind: str | None = typer.Option(
        None, help="For areas/indicators: kommune, sogn, postnummer, boligområde, grid, custom."
    ),
    parent_kind: str = typer.Option("kommune", help="Kind of area that parent_code refers to."),
    period: str | None = typer.Option(None, help="For indicators without a period column."),
    licence: str | None = typer.Option(None, help="Licence of the data (recorded on the layer)."),
    credit: str | None = typer.Option(None, help="Credit line to show with the data."),
    synthetic: bool | None = typer.Option(
        None, "--synthetic/--real", help="Mark the layer as synthetic (demo) or real data."
    ),
    prune: bool = typer.Option(False, help="Delete this layer's rows that the file no longer has."),
    fmt: str = typer.Option("xlsx", "--format", help="Template only: xlsx, csv or csv-da."),
    lang: str = typer.Option("da", "--lang", help="Template only: column names in da or en."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Template only: where to write it (default: current folder)."
    ),
) -> None:
    """Load a file. Re-loading the same file changes nothing; a bad file changes nothing.

    .xlsx: the first sheet, or the sheet named by --layer. Column names and coded values may be
    Danish (Navn, Breddegrad, Fælleshus). `load template venues` writes a template to fill in.
    """
    if kind == "template":
        with user_errors():
            written = write_template(str(file), fmt, lang, output)
        typer.echo(f"Wrote {written}")
        return
    from geodata.loaders import LoadOptions

    opts = LoadOptions(
        path=file, layer=layer, mapping=mapping, crs=crs, area_kind=area_kind,
        parent_kind=parent_kind, licence=licence, credit=credit, synthetic=synthetic,
        prune=prune, period=period,
    )  # fmt: skip
    with user_errors():
        report = run_load(database_url(), kind, opts)
    typer.echo(report.summary())


def write_template(kind: str, fmt: str, lang: str, output: Path | None) -> Path:
    """Write the template of `kind`; ValueError (a usage error, exit 2) for unknown choices."""
    from app.i18n import LANGUAGES, translator
    from app.table_templates import template_bytes

    if kind not in TEMPLATE_KINDS:
        raise ValueError(f"no template for {kind!r}; choose one of: {', '.join(TEMPLATE_KINDS)}")
    if fmt not in ("xlsx", "csv", "csv-da") or lang not in LANGUAGES:
        raise ValueError("--format must be xlsx, csv or csv-da and --lang da or en")
    suffix = "xlsx" if fmt == "xlsx" else "csv"
    word = "skabelon" if lang == "da" else "template"
    path = output or Path(f"kvarterkort-{kind}-{word}.{suffix}")
    path.write_bytes(template_bytes(kind, fmt, translator(lang), lang))
    return path


def run_load(url: str, kind: str, opts: LoadOptions) -> LoadReport:
    """Load in one transaction with a progress bar; print repairs so nobody is surprised."""
    from geodata.db import session_scope
    from geodata.loaders import load

    started = time.monotonic()
    with progress_bar() as stage, session_scope(url) as session:
        report = load(session, kind, opts, progress=stage)
    for repair in report.repairs:
        console.print(f"[yellow]repaired:[/] {repair}", markup=True, highlight=False)
    report.notes.append(f"{time.monotonic() - started:.1f} s")
    return report


def register(root: typer.Typer) -> None:
    root.command("load")(load_command)
