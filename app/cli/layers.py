"""`kvarterkort layers list|delete`: what is loaded, from where, under which licence."""

from __future__ import annotations

import typer

from app.cli.common import console, database_url, user_errors

layers = typer.Typer(help="Inspect and remove loaded layers.")


@layers.command("list")
def list_command() -> None:
    """List layers with kind, size, source, licence, load time and the synthetic flag."""
    from rich.table import Table

    from geodata.db import session_scope
    from geodata.queries.layers import list_layers

    with user_errors(), session_scope(database_url()) as session:
        rows = list_layers(session)
    table = Table("name", "kind", "features", "synthetic", "licence", "loaded")
    for row in rows:
        table.add_row(row.name, row.kind, str(row.feature_count), "yes" if row.synthetic else "no",
                      row.licence, row.loaded_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    console.print(table)


@layers.command("delete")
def delete_command(name: str = typer.Argument(..., help="Layer name.")) -> None:
    """Delete a layer and every row it brought."""
    from geodata.db import session_scope
    from geodata.queries.layers import delete_layer

    with user_errors(), session_scope(database_url()) as session:
        removed = delete_layer(session, name)
    typer.echo(f"Deleted layer '{name}' ({removed} rows).")


def register(root: typer.Typer) -> None:
    root.add_typer(layers, name="layers")
