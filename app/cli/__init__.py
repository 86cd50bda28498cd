"""The `kvarterkort` command: one program, a subcommand per job, `--help` on each."""

from __future__ import annotations

import importlib

import typer

from app.cli.common import describe

root = typer.Typer(
    name="kvarterkort",
    help="Kvarterkort: community health maps for Danish municipalities (PostGIS + Folium).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Each module adds its commands to `root` through register(root).
COMMAND_MODULES = (
    "db", "load", "demo", "layers", "venues", "network", "users", "assets", "rank", "backup",
    "statbank", "activities",
)  # fmt: skip
for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"app.cli.{_name}").register(root)
    except ModuleNotFoundError as exc:  # a command group still being built must not break the rest
        if exc.name != f"app.cli.{_name}":
            raise


def main() -> None:
    """Run the command; an expected failure any command lets through is one line, exit code 2."""
    try:
        root()
    except Exception as exc:
        message = describe(exc)
        if message is None:
            raise
        typer.echo(f"Error: {message}", err=True)
        raise SystemExit(2) from None
