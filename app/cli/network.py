"""`kvarterkort network load|info|delete`: the walking network that venue distances run on."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.cli.common import database_url, progress_bar, user_errors

if TYPE_CHECKING:
    from geodata.loaders.report import LoadReport

# geodata.network (GeoPandas, osmium) is imported inside the commands: `--help` stays light.

network = typer.Typer(help="Load and inspect the walking network (OpenStreetMap or a line file).")


@network.command("load")
def load_command(
    file: Path = typer.Argument(..., help="OSM extract (.osm.pbf, .osm) or GeoPackage/GeoJSON."),
    layer: str | None = typer.Option(None, "--layer", help="Stored layer name (default: file)."),
    crs: str | None = typer.Option(None, help="CRS of a line file that does not say."),
    snap_m: float = typer.Option(0.5, help="Line files: merge endpoints closer than this (m)."),
    licence: str | None = typer.Option(None, help="Licence (OSM files: ODbL 1.0)."),
    credit: str | None = typer.Option(None, help="Credit (OSM: © OpenStreetMap contributors)."),
    synthetic: bool = typer.Option(False, "--synthetic/--real", help="Mark as synthetic data."),
) -> None:
    """Load a walking network. Re-loading the same file changes nothing; a bad file changes
    nothing."""
    from geodata.db import session_scope

    started = time.monotonic()
    with user_errors(), progress_bar() as stage, session_scope(database_url()) as session:
        report = _load(session, file, layer, crs, snap_m, licence, credit, synthetic, stage)
    report.notes.append(f"{time.monotonic() - started:.1f} s")
    typer.echo(report.summary())


def _load(session, file, layer, crs, snap_m, licence, credit, synthetic, stage) -> LoadReport:  # type: ignore[no-untyped-def]
    from geodata.network import (
        OSM_CREDIT,
        OSM_LICENCE,
        is_osm_file,
        load_network_file,
        load_osm_network,
    )

    if is_osm_file(file):
        return load_osm_network(
            session, file, layer, licence=licence or OSM_LICENCE, credit=credit or OSM_CREDIT,
            synthetic=synthetic, progress=stage,
        )  # fmt: skip
    return load_network_file(
        session, file, layer, crs=crs, snap_m=snap_m, licence=licence or "unknown",
        credit=credit, synthetic=synthetic, progress=stage,
    )  # fmt: skip


@network.command("info")
def info_command(
    layer: list[str] | None = typer.Option(None, "--layer", help="Only these layers."),
) -> None:
    """List network layers: edges, vertices, kilometres of walkable ways, extent and licence."""
    from geodata.db import session_scope
    from geodata.network import network_info

    with user_errors(), session_scope(database_url()) as session:
        infos = network_info(session, layer or None)
    if not infos:
        typer.echo("No walking network loaded; distances fall back to straight line × 1.3. "
                   "Load one with `kvarterkort network load FILE.osm.pbf`.")  # fmt: skip
        return
    for i in infos:
        extent = ", ".join(f"{b:.0f}" for b in i.bounds) if i.bounds else "-"
        typer.echo(f"{i.summary()}; extent (EPSG:25832) {extent}")


@network.command("delete")
def delete_command(name: str = typer.Argument(..., help="Network layer name.")) -> None:
    """Delete a network layer and its graph."""
    from geodata.db import session_scope
    from geodata.network import delete_network

    with user_errors(), session_scope(database_url()) as session:
        removed = delete_network(session, name)
    typer.echo(f"Deleted network layer '{name}' ({removed} edges).")


def register(root: typer.Typer) -> None:
    root.add_typer(network, name="network")
