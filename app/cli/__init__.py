"""The `kvarterkort` command: one program, a subcommand per job, `--help` on each.

The root is lazy: it knows every subcommand's name and one-line help from :data:`COMMANDS`
and imports a command's module (with its pandas, PostGIS driver, solver, ...) only when that
command runs or its own `--help` is asked. So `kvarterkort --help` answers in a fraction of a
second and `kvarterkort venues solve` does not pay for the web app. tests/test_cli_imports.py
keeps it so: the registry's help must equal each command's own, and importing this package (or
asking `--help`) must not load any heavy library.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

import typer
from typer import _click
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

# name -> (module under app.cli whose register(root) adds it, the help line `--help` lists).
# The line must equal the command's own help (its docstring's first sentence, or its Typer's
# help=); tests/test_cli_imports.py fails when they differ. Order = the listing's order.
COMMANDS: dict[str, tuple[str, str]] = {
    "load": ("load", "Load a file."),
    "demo": ("demo", "Start the database if needed, migrate, load the Aalborg demo (idempotent) "
             "and serve it."),
    "serve": ("demo", "Serve the web app and API on the configured database (no loading)."),
    "rank": ("rank", "Rank areas by need with a profile and print or write the result."),
    "db": ("db", "Manage the database (a private PostGIS cluster unless a URL is set)."),
    "layers": ("layers", "Inspect and remove loaded layers."),
    "venues": ("venues", "Choose venues for outreach: MCLP, LSCP, p-median, p-center and "
               "rotation plans."),
    "network": ("network", "Load and inspect the walking network (OpenStreetMap or a line file)."),
    "users": ("users", "Manage coordinator, planner and admin accounts."),
    "assets": ("assets", "Import, export and purge ABCD assets."),
    "backup": ("backup", "Back up or restore the database, the uploaded photos and the secret "
               "key."),
    "statbank": ("statbank", "Statistics Denmark (Statbank): find tables and import indicators."),
    "activities": ("activities", "Activities held: projects, offers, targets, sessions, "
                   "progress."),
}  # fmt: skip

_SETTINGS: dict[str, Any] = {"rich_markup_mode": None, "pretty_exceptions_enable": False}


def load_commands(module: str) -> dict[str, _click.Command]:
    """Import ``app.cli.<module>`` and return the click commands its ``register`` adds."""
    holder = typer.Typer(**_SETTINGS)
    importlib.import_module(f"app.cli.{module}").register(holder)
    return dict(typer.main.get_group(holder).commands)


class _LazyCommands(Mapping[str, _click.Command]):
    """The root's commands by name; a module is imported the first time one of its is looked up.

    ``direct`` are commands registered on ``root`` itself (`root.command(...)`), already built.
    """

    def __init__(self, direct: Mapping[str, _click.Command]) -> None:
        self.direct = dict(direct)
        self._loaded: dict[str, _click.Command] = {}

    def __getitem__(self, name: str) -> _click.Command:
        if name in self.direct:
            return self.direct[name]
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._loaded:
            self._loaded.update(load_commands(COMMANDS[name][0]))
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.direct if name not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self.direct))


class LazyGroup(TyperGroup):
    """A Typer group that lists commands from :data:`COMMANDS` and imports one on use."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands)  # type: ignore[assignment]

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The command list from the registry's help lines, importing no command module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._short_help(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, name: str, limit: int) -> str:
        if name in COMMANDS:
            return make_default_short_help(COMMANDS[name][1], limit)
        return self.commands[name].get_short_help_str(limit)


root = typer.Typer(
    name="kvarterkort",
    cls=LazyGroup,
    help="Kvarterkort: community health maps for Danish municipalities (PostGIS + Folium).",
    no_args_is_help=True,
    **_SETTINGS,
)


@root.callback()
def _root() -> None:
    """Nothing to do before a subcommand; makes the root a group with no command registered."""


def main() -> None:
    """Run the command; an expected failure any command lets through is one line, exit code 2."""
    try:
        root()
    except Exception as exc:
        from app.cli.common import describe  # psycopg and sqlalchemy only once something failed

        message = describe(exc)
        if message is None:
            raise
        typer.echo(f"Error: {message}", err=True)
        raise SystemExit(2) from None
