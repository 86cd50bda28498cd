"""`kvarterkort statbank tables|info|import` through the CLI (typer's runner), offline.

The API is respx answering with the recorded real STRAF42 answers and table list; the FOLK1A
file import runs on the real saved download. Errors are one line with exit code 2, and a
revised table prints its diff and the --accept-revision hint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

from app.cli import root
from app.settings import get_settings
from tests.helpers import load_base_areas, load_file
from tests.test_statbank_folk1a import FOLK1A

DATA = Path(__file__).parent / "data" / "statbank"
BASE = "https://api.statbank.dk/v1"
INFO = json.loads((DATA / "tableinfo_STRAF42_en.json").read_text(encoding="utf-8"))
CSV = (DATA / "data_STRAF42_HERKOMST1-00_TID-2023.csv").read_bytes()
STRAF42 = ["statbank", "import", "STRAF42", "--select", "HERKOMST1=00", "--select", "Tid=2023",
           "--as", "decisions", "--area", "land:DK", "--lang", "en", "--name", "Afgørelser",
           "--direction", "higher_is_worse"]  # fmt: skip


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        router.get(f"{BASE}/tableinfo").mock(return_value=httpx.Response(200, json=INFO))
        tables = (DATA / "tables_en_active_2025-09-06.json").read_bytes()
        router.get(f"{BASE}/tables").mock(return_value=httpx.Response(200, content=tables))
        router.post(f"{BASE}/data").mock(return_value=httpx.Response(200, content=CSV))
        yield router


def cli(url: str, cache: Path, args: list[str], extra: dict[str, str] | None = None) -> Any:
    env = {"KVARTERKORT_DATABASE_URL": url, "KVARTERKORT_STATBANK_CACHE_DIR": str(cache),
           **(extra or {})}  # fmt: skip
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(root, args, env=env)
    finally:
        get_settings.cache_clear()


def test_info_straf42(mock: respx.MockRouter, tmp_path: Path) -> None:
    result = cli("postgresql://unused/x", tmp_path, ["statbank", "info", "STRAF42", "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "STRAF42: Decisions, total" in out and "unit: Number" in out
    assert "updated: 2025-03-25T08:00:00+01:00" in out
    assert "HERKOMST1 – national origin: 7 values (may be left out)" in out
    assert "00=Total, 80=Danish citizens" in out and "Tid – time: 30 values (time)" in out
    assert "footnote: The number of convictions" in out
    assert "credit: Kilde: Danmarks Statistik, Statistikbanken, tabel STRAF42" in out


def test_tables_search_and_offline(mock: respx.MockRouter, tmp_path: Path) -> None:
    result = cli("postgresql://unused/x", tmp_path, ["statbank", "tables", "--search", "FOLK1A",
                                                     "--lang", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("FOLK1A\tPopulation at the first day of the quarter")
    offline = cli("postgresql://unused/x", tmp_path / "empty", ["statbank", "tables", "--offline"])
    assert offline.exit_code == 2 and "not in the cache" in offline.output


def test_import_straf42_then_revision(db_url: str, mock: respx.MockRouter, tmp_path: Path) -> None:
    load_file(db_url, "areas", "../statbank/test_areas.geojson", area_kind="land", layer="t_land")
    result = cli(db_url, tmp_path / "a", STRAF42)
    assert result.exit_code == 0, result.output
    assert "statbank STRAF42 -> decisions: 1 values" in result.output
    assert "1 inserted" in result.output and "tabel STRAF42, 2023" in result.output
    mock.get(f"{BASE}/tableinfo").mock(
        return_value=httpx.Response(200, json={**INFO, "updated": "2025-06-02T08:00:00"})
    )
    mock.post(f"{BASE}/data").mock(
        return_value=httpx.Response(200, content=CSV.replace(b"233454", b"233460"))
    )
    refused = cli(db_url, tmp_path / "b", STRAF42)
    assert refused.exit_code == 2
    assert "  Danmark (testområde) (land DK), 2023: 233454 -> 233460" in refused.output
    assert "Pass --accept-revision" in refused.output
    accepted = cli(db_url, tmp_path / "c", [*STRAF42, "--accept-revision"])
    assert accepted.exit_code == 0 and "revision accepted" in accepted.output


def test_import_file_and_errors(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    args = ["statbank", "import", "--file", str(FOLK1A), "--select", "KØN=*", "--select",
            "ALDER=65-100", "--per", "ALDER=*", "--select", "TID=2020K1", "--as", "age65",
            "--name", "65+", "--direction", "higher_is_worse"]  # fmt: skip
    result = cli(db_url, tmp_path, args)
    assert result.exit_code == 0, result.output
    assert "1 areas matched, 11 skipped" in result.output
    unselected = cli(db_url, tmp_path, ["statbank", "import", "STRAF42", "--file", str(FOLK1A),
                                          "--select", "KØN=*", "--as", "age65"])  # fmt: skip
    assert unselected.exit_code == 2
    assert unselected.output.startswith("Error: ") and "ALDER has 100 codes" in unselected.output
    no_area = cli(
        db_url,
        tmp_path,
        [
            "statbank",
            "import",
            "STRAF42",
            "--file",
            str(FOLK1A),
            "--select",
            "KØN=*",
            "--area",
            "land:DK",
            "--as",
            "age65",
        ],
    )
    assert no_area.exit_code == 2 and "choose them with --select OMRÅDE=CODES" in no_area.output
