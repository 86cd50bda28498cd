"""`kvarterkort assets import|export|purge`: the ABCD asset map from the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli.common import database_url, settings, user_errors

# Written out so `--help` imports no GeoPandas; tests/test_cli_imports.py checks it equals
# geodata.assets_io.IMPORT_STATUSES. The database code is imported inside the commands.
IMPORT_STATUSES = ("pending", "approved", "archived")

assets = typer.Typer(help="Import, export and purge ABCD assets.")


@assets.command("import")
def import_command(
    file: Path = typer.Argument(..., help="GeoJSON, CSV (lon/lat or wkt) or GeoPackage."),
    status: str = typer.Option("approved", help=f"Status of new assets: {IMPORT_STATUSES}."),
    synthetic: bool = typer.Option(False, "--synthetic", help="Mark new assets as demo data."),
    crs: str | None = typer.Option(None, help="CRS of a CSV's coordinates (default EPSG:4326)."),
) -> None:
    """Import assets, all or nothing; rows with an `id` update that asset."""
    from geodata.assets_io import import_assets
    from geodata.db import session_scope
    from geodata.queries.assets import Actor
    from geodata.queries.assets_auth import record_audit

    with user_errors():
        if status not in IMPORT_STATUSES:
            raise ValueError(f"--status must be one of {', '.join(IMPORT_STATUSES)}")
        with session_scope(database_url()) as session:
            report = import_assets(session, file, Actor("import"), status, synthetic, crs)
            record_audit(
                session,
                "import",
                None,
                {"file": file.name, "created": report.created, "updated": report.updated},
            )
    typer.echo(report.summary())


@assets.command("export")
def export_command(
    file: Path = typer.Argument(..., help="Output: .geojson, .csv or .gpkg."),
    public: bool = typer.Option(
        False, "--public", help="Only approved assets, skills generalised (as the public download)."
    ),
    status: str = typer.Option("all", help="With --public ignored; 'all' or one status."),
) -> None:
    """Export assets (default: every asset at its exact position, without e-mails)."""
    from geodata.assets_io import export_bytes, format_for
    from geodata.db import session_scope
    from geodata.models_assets import STATUSES
    from geodata.queries.assets_auth import record_audit
    from geodata.queries.assets_public import AssetFilter, asset_frame

    with user_errors():
        fmt = format_for(file)
        if status != "all" and status not in STATUSES:
            raise ValueError(f"--status must be 'all' or one of {', '.join(STATUSES)}")
        statuses = STATUSES if status == "all" else (status,)
        with session_scope(database_url()) as session:
            if public:
                frame = asset_frame(session, AssetFilter(), settings().skill_generalisation_m)
            else:
                frame = asset_frame(session, AssetFilter(statuses=statuses), None, admin=True)
            record_audit(session, "export", None, {"format": fmt, "rows": len(frame)})
        file.write_bytes(export_bytes(frame, fmt))
    typer.echo(f"Wrote {len(frame)} assets to {file}.")


@assets.command("purge")
def purge_command() -> None:
    """Erase client-IP hashes older than the retention period (also done at app start-up)."""
    from geodata.db import session_scope
    from geodata.queries.assets_auth import purge_client_data

    days = settings().ip_hash_retention_days
    with user_errors(), session_scope(database_url()) as session:
        counts = purge_client_data(session, days)
    typer.echo(
        ", ".join(f"{table}: {n}" for table, n in counts.items()) + f" (older than {days} days)"
    )


def register(root: typer.Typer) -> None:
    root.add_typer(assets, name="assets")
