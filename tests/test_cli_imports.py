"""`kvarterkort --help` stays light, and the lazy root loses no command, option or help line.

The root lists its commands from app.cli.COMMANDS and imports a command's module only when it
runs; these tests fail when someone adds a heavy top-level import on the start-up path, when the
registry's help drifts from a command's own, or when a command or option goes missing.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
import typer
from typer import _click
from typer.testing import CliRunner

from app.cli import COMMANDS, load_commands, root

# What start-up must not pay for: each costs from a tenth of a second to seconds to import.
HEAVY = (
    "pandas", "numpy", "geopandas", "sqlalchemy", "scipy", "folium", "shapely", "fastapi",
    "alembic", "pyproj", "psycopg", "highspy", "rasterio", "osmium", "httpx", "rich", "pydantic",
)  # fmt: skip


def heavy_after(code: str) -> list[str]:
    """The heavy top-level packages a fresh interpreter has imported after running `code`."""
    probe = f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])  # the list the probe printed


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert heavy_after("import app.cli") == []


def test_root_help_imports_no_heavy_library() -> None:
    code = (
        "sys.argv = ['kvarterkort', '--help']\n"
        "from app.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert heavy_after(code) == []


def test_a_heavy_import_is_noticed() -> None:
    """The probe itself works: importing the command that ranks brings pandas."""
    assert "pandas" in heavy_after("import app.cli.rank\nfrom usecases import ranking")


def test_root_help_lists_every_command_with_its_help_line() -> None:
    result = CliRunner().invoke(root, ["--help"])
    assert result.exit_code == 0
    for name, (_, line) in COMMANDS.items():
        assert f"  {name} " in result.output
        assert line.split()[0] in result.output


@pytest.mark.parametrize("name", list(COMMANDS))
def test_registry_matches_the_commands_modules_register(name: str) -> None:
    """The help line listed without importing equals the command's own, and the module
    registers exactly the names the registry says it does."""
    module, line = COMMANDS[name]
    commands = load_commands(module)
    assert set(commands) == {n for n, (m, _) in COMMANDS.items() if m == module}
    assert commands[name].get_short_help_str(limit=1000) == line


def command_paths() -> list[tuple[str, ...]]:
    """Every command path below the root: ('db',), ('db', 'start'), ('venues', 'solve'), ..."""
    top = typer.main.get_command(root)
    paths: list[tuple[str, ...]] = []

    def walk(cmd: _click.Command, path: tuple[str, ...], parent: _click.Context | None) -> None:
        ctx = _click.Context(cmd, info_name=path[-1] if path else "kvarterkort", parent=parent)
        if path:
            paths.append(path)
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), (*path, name), ctx)  # type: ignore[attr-defined]

    walk(top, (), None)
    return paths


def test_the_tree_has_every_command() -> None:
    paths = command_paths()
    assert {p[0] for p in paths} == set(COMMANDS)
    assert ("venues", "solve") in paths and ("db", "start") in paths


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_help_works_and_lists_its_options(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(root, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    cmd = typer.main.get_command(root)
    ctx = _click.Context(cmd)
    for name in path:
        cmd = cmd.get_command(ctx, name)  # type: ignore[attr-defined]
    for param in cmd.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("-"):
                assert opt in result.output, f"{' '.join(path)}: {opt} not in its --help"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_help_imports_no_heavy_library(name: str) -> None:
    """`kvarterkort <command> --help` imports only that command's module, and it is light.
    (Typer itself brings pydantic once it builds a command with parameters.)"""
    code = (
        f"sys.argv = ['kvarterkort', {name!r}, '--help']\n"
        "from app.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert [m for m in heavy_after(code) if m != "pydantic"] == []


def test_the_written_out_choices_equal_their_sources() -> None:
    """Help texts list choices without importing the modules that define them: the copies in
    app/cli must stay equal to the originals."""
    from app.cli import assets, load, users
    from app.table_templates import KINDS as TEMPLATE_KINDS
    from geodata.assets_io import IMPORT_STATUSES
    from geodata.loaders import KINDS
    from geodata.models_assets import ROLES

    assert load.KINDS == KINDS
    assert load.TEMPLATE_KINDS == TEMPLATE_KINDS
    assert assets.IMPORT_STATUSES == IMPORT_STATUSES
    assert users.ROLES == ROLES
