"""`kvarterkort backup create|restore FILE`: database, uploaded photos and secret key in one file.

The archive holds the secret key (it signs sessions and keys the stored IP hashes), so it is
written with mode 0600 and should be kept like a password. The database password is never in it.
"""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli.common import console, database_url, settings, user_errors

backup = typer.Typer(
    help="Back up or restore the database, the uploaded photos and the secret key."
)


@backup.command()
def create(
    file: Path = typer.Argument(..., help="The archive to write (a .tar.gz)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Write one archive with the database (pg_dump), the photos, the secret key and a manifest."""
    from geodata.backup import create_backup  # pg_dump driver and the archive code: only here
    from geodata.backup_pg import BackupError

    with user_errors():
        cfg = settings()
        if file.exists() and not force:
            raise BackupError(f"{file} exists; choose another name or use --force")
        url = database_url()
        source = "configured" if cfg.secret_key else "file"
        manifest = create_backup(url, cfg.data_dir, cfg.resolved_secret_key(), source, file)
        db = manifest["database"]
        typer.echo(
            f"Backup written to {file} ({file.stat().st_size / 2**20:.1f} MB): PostgreSQL "
            f"{db['postgresql']}, PostGIS {db['postgis']}, revisions "
            f"{','.join(db['alembic_revisions']) or 'none'}, {manifest['photos']} photo files, "
            "secret key. Keep it safe: it contains the secret key."
        )


@backup.command()
def restore(
    file: Path = typer.Argument(..., help="An archive made by `kvarterkort backup create`."),
    force: bool = typer.Option(
        False, "--force", help="Drop the target database's contents and photos first."
    ),
) -> None:
    """Verify FILE, then restore it into KVARTERKORT_DATABASE_URL or the data dir's own cluster."""
    from geodata.backup import restore_backup
    from geodata.cluster import LocalCluster

    with user_errors():
        cfg = settings()

        def target_url() -> str:
            if cfg.database_url:
                return cfg.database_url
            return LocalCluster(cfg.data_dir, cfg.db_port).start().url()

        result = restore_backup(file, cfg.data_dir, target_url, force, cfg.secret_key)
        made = result.manifest.get("created_at", "at an unknown time")
        migrated = " and migrated to the current revision" if result.migrated else ""
        typer.echo(
            f"Restored {file} (made {made}){migrated}: database, {result.photos} photo files, "
            "secret key."
        )
        for note in result.notes:
            console.print(f"Warning: {note}")


def register(root: typer.Typer) -> None:
    root.add_typer(backup, name="backup")
