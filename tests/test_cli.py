"""The `kvarterkort` command: help on every subcommand, db/load/layers against a real PostGIS."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.cli import root
from app.settings import get_settings
from tests.helpers import LOADERS, fingerprint

runner = CliRunner()


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KVARTERKORT_DATABASE_URL", db_url)
    monkeypatch.setenv("KVARTERKORT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(root, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [[], ["db"], ["db", "start"], ["db", "url"], ["load"], ["layers", "list"], ["demo"], ["serve"]],
)
def test_every_command_has_help(args: list[str]) -> None:
    result = invoke(*args, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_db_url_and_status_use_the_configured_database(cli_env: str) -> None:
    assert invoke("db", "url").output.strip() == cli_env
    status = json.loads(invoke("db", "status").output)
    assert status["reachable"] is True and status["postgis"]
    assert "nothing to start" in invoke("db", "start").output


def test_load_prints_summary_and_layers_list_shows_it(cli_env: str) -> None:
    result = invoke(
        "load", "areas", str(LOADERS / "sogne.geojson"), "--area-kind", "sogn",
        "--layer", "cli_sogne", "--licence", "CC BY 4.0", "--synthetic",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 inserted, 0 updated, 0 unchanged" in result.output
    again = invoke("load", "areas", str(LOADERS / "sogne.geojson"), "--area-kind", "sogn",
                   "--layer", "cli_sogne", "--licence", "CC BY 4.0", "--synthetic")  # fmt: skip
    assert "0 inserted, 0 updated, 3 unchanged" in again.output
    listing = invoke("layers", "list")
    assert "cli_sogne" in listing.output and "CC BY 4.0" in listing.output


def test_load_bad_file_exits_2_with_located_message_and_changes_nothing(cli_env: str) -> None:
    before = fingerprint(cli_env)
    result = invoke("load", "venues", str(LOADERS / "venues_bad.csv"))
    assert result.exit_code == 2
    assert "row 3: field 'capacity': expected a whole number, got 'mange'" in result.output
    assert "Traceback" not in result.output
    assert fingerprint(cli_env) == before


def test_unknown_kind_is_a_clear_error(cli_env: str) -> None:
    result = invoke("load", "parks", str(LOADERS / "sogne.geojson"))
    assert result.exit_code == 2
    assert "unknown kind 'parks'" in result.output


def test_layers_delete(cli_env: str) -> None:
    invoke("load", "venues", str(LOADERS / "venues.csv"), "--layer", "v")
    result = invoke("layers", "delete", "v")
    assert "Deleted layer 'v' (3 rows)" in result.output
    assert invoke("layers", "delete", "v").exit_code == 2
