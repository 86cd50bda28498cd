"""Review fixes of the Statbank connector: each test fails without its fix.

Revisions are noticed at once (an import reads tableinfo fresh, `--offline` keeps the cache);
a table that writes confidential cells as "0" (STRAF42's real tableinfo) is warned about; input
is bounded (file size, codes per option, figures per request, column widths); a failure after
the values are written leaves nothing behind; the base URL cannot carry a password into the
public provenance; `kvarterkort --help` does not load the HTTP client through the statbank CLI.
Nothing goes online: respx answers with the recorded real responses in tests/data/statbank.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from pydantic import ValidationError
from sqlalchemy import text

from app.settings import Settings
from geodata.db import session_scope
from geodata.statbank import importer, inputs
from geodata.statbank.client import StatbankClient
from geodata.statbank.errors import RevisionError, StatbankError
from geodata.statbank.importer import StatbankImportOptions, StatbankReport, import_statbank
from geodata.statbank.inputs import read_capped
from geodata.statbank.selection import MAX_CODES, parse_selection
from tests.helpers import fingerprint, load_base_areas, load_file
from tests.test_statbank_cli import STRAF42, cli
from tests.test_statbank_folk1a import FOLK1A, NEW
from tests.test_statbank_import import BASE, CSV, INFO, OPTIONS, TABLES, mock_api

REVISED = {**INFO, "updated": "2025-06-02T08:00:00"}


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture
def url(db_url: str) -> str:
    load_file(db_url, "areas", "../statbank/test_areas.geojson", area_kind="land", layer="t_land")
    return db_url


def run(url: str, cache: Path, offline: bool = False, **options: object) -> StatbankReport:
    client = StatbankClient(BASE, cache, offline=offline)
    with session_scope(url) as session:
        return import_statbank(session, StatbankImportOptions(**options), client)  # type: ignore[arg-type]


def run_file(url: str, **options: object) -> StatbankReport:
    """A file import (no client) of a new indicator, as on the CLI with --name/--direction."""
    with session_scope(url) as session:
        return import_statbank(session, StatbankImportOptions(**{**NEW, **options}))  # type: ignore[arg-type]


# --- 1. revisions are seen at once -----------------------------------------------------------


def test_a_revision_within_the_tableinfo_cache_age_is_seen(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    """One cache, two imports minutes apart (well within the 24 h tableinfo max_age): the
    second must ask for tableinfo again and so see DST's new `updated` and the new figure."""
    cache = tmp_path / "cache"
    mock_api(mock)
    run(url, cache, **OPTIONS)
    mock_api(mock, REVISED, CSV.replace(b"233454", b"233460"))
    with pytest.raises(RevisionError, match=r"was updated 2025-06-02T08:00:00\+02:00") as caught:
        run(url, cache, **OPTIONS)
    assert caught.value.diff == ["Danmark (testområde) (land DK), 2023: 233454 -> 233460"]


def test_offline_keeps_the_cached_tableinfo(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    mock_api(mock)
    run(url, cache, **OPTIONS)
    mock_api(mock, REVISED, CSV.replace(b"233454", b"233460"))
    asked = len(mock.calls)
    assert run(url, cache, offline=True, **OPTIONS).unchanged_all
    assert len(mock.calls) == asked  # nothing asked: tableinfo and data from the cache


# --- 2. confidential cells written as "0" -------------------------------------------------------


def test_straf42_warns_that_zeros_may_be_confidential(
    url: str, mock: respx.MockRouter, tmp_path: Path
) -> None:
    """The real STRAF42 tableinfo says suppressedDataValue "0": the report names the value and
    counts the figures that have it; '..' is still the only mark read as missing."""
    mock_api(mock, INFO, CSV.replace(b";233454", b";0"))
    summary = run(url, tmp_path / "a", **OPTIONS).summary()
    assert (
        "warning: table STRAF42 writes suppressed (confidential) cells as '0', not '..': 1 of "
        "the 1 figures read are 0 and may be confidential cells, not true zeros"
    ) in summary
    assert "table footnote: The number of convictions for Legislation on animals" in summary
    mock_api(mock, {**INFO, "suppressedDataValue": ".."}, CSV)
    other = {**OPTIONS, "indicator": "decisions_b"}
    assert "confidential" not in run(url, tmp_path / "b", **other).summary()


def test_cli_info_shows_a_revision_at_once(mock: respx.MockRouter, tmp_path: Path) -> None:
    """`statbank info` is how a person checks whether a table was revised: never a day old."""
    mock_api(mock)
    first = cli("postgresql://unused/x", tmp_path, ["statbank", "info", "STRAF42", "--lang", "en"])
    assert "updated: 2025-03-25T08:00:00+01:00" in first.output
    mock_api(mock, REVISED)
    again = cli("postgresql://unused/x", tmp_path, ["statbank", "info", "STRAF42", "--lang", "en"])
    assert "updated: 2025-06-02T08:00:00+02:00" in again.output


def test_cli_shows_the_suppressed_value(url: str, mock: respx.MockRouter, tmp_path: Path) -> None:
    mock_api(mock)
    info = cli(url, tmp_path, ["statbank", "info", "STRAF42", "--lang", "en"])
    assert "suppressed cells: written as '0', not '..'" in info.output
    imported = cli(url, tmp_path, STRAF42)
    assert imported.exit_code == 0, imported.output
    assert "cells as '0', not '..': 0 of the 1 figures read are 0" in imported.output


# --- 3. bounded input ---------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_reading(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    before = fingerprint(db_url)
    with pytest.raises(StatbankError, match=r"larger than 1000 bytes.*MAX_FILE_BYTES") as caught:
        run_file(db_url, indicator="p", file=FOLK1A, select=["KØN=*"], max_file_bytes=1000)
    assert caught.value.key == "statbank.import.err.file_too_big"
    assert fingerprint(db_url) == before
    args = ["statbank", "import", "--file", str(FOLK1A), "--select", "KØN=*", "--select",
            "ALDER=*", "--as", "p", "--name", "P", "--direction", "higher_is_worse"]  # fmt: skip
    env = {"KVARTERKORT_STATBANK_MAX_FILE_BYTES": "1000"}
    result = cli(db_url, tmp_path, args, env)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {FOLK1A.name}: the file is larger than 1000 bytes")


def test_a_device_without_a_size_is_read_only_up_to_the_limit() -> None:
    """/dev/zero says size 0 and never ends: the read stops at the limit."""
    with pytest.raises(StatbankError, match="larger than 1000 bytes"):
        read_capped(Path("/dev/zero"), 1000)


def test_selections_are_bounded() -> None:
    assert len(parse_selection([f"A=0-{MAX_CODES - 1}"])["A"]) == MAX_CODES
    with pytest.raises(StatbankError) as caught:
        parse_selection(["A=0-9999", "A=10000-10001"])  # each range fine, together too many
    assert caught.value.key == "statbank.err.select_too_many"
    with pytest.raises(StatbankError) as caught:
        parse_selection([f"V{i}=1" for i in range(31)])
    assert caught.value.key == "statbank.err.select_variables"
    with pytest.raises(StatbankError) as caught:
        parse_selection(["ALDER=" + "x" * 201])
    assert caught.value.key == "statbank.err.select_code_length"


def test_too_many_figures_are_refused_before_asking(
    url: str, mock: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """STRAF42 Tid=* is 30 figures; with the bound at 10 the data request is never sent."""
    monkeypatch.setattr(inputs, "MAX_CELLS", 10)
    data = mock_api(mock)
    with pytest.raises(StatbankError, match="asks for 30 figures, more than 10") as caught:
        run(url, tmp_path, **{**OPTIONS, "select": ["HERKOMST1=00", "Tid=*"]})
    assert caught.value.key == "statbank.import.err.too_many_cells" and data.call_count == 0


def test_a_period_longer_than_the_column_is_located(db_url: str, tmp_path: Path) -> None:
    load_base_areas(db_url)
    path = tmp_path / "FOLK1A_long.csv"
    path.write_text("OMRÅDE;KØN;ALDER;TID;INDHOLD\n851;1;0;2020K1;1266\n"
                    "851;2;0;2020K1-og-lidt-mere;1203\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(StatbankError, match=r"FOLK1A_long.csv, row 3, column 'TID': "
                       r"'2020K1-og-lidt-mere' is not a period"):  # fmt: skip
        run_file(db_url, indicator="p", file=path, select=["KØN=*", "ALDER=*"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"indicator": "x" * 65}, r"--as 'x+': give 1 to 64 characters"),
     ({"domain": "d" * 65}, r"--domain 'd+': give 1 to 64 characters"),
     ({"table": "T" * 33}, r"is not a Statbank table id")],
)  # fmt: skip
def test_values_wider_than_their_columns_are_refused(
    db_url: str, changes: dict, message: str
) -> None:
    load_base_areas(db_url)
    options = {"indicator": "p", "file": FOLK1A, "select": ["KØN=*", "ALDER=*"]}
    with pytest.raises(StatbankError, match=message):
        run_file(db_url, **{**options, **changes})


def test_star_over_a_saved_total_code_is_refused(url: str, tmp_path: Path) -> None:
    """A file saved with codes has no tableinfo: HERKOMST1 "00" is known as the total only
    because its figures are the sum of the others' (10 = 6 + 4, 12 = 7 + 5)."""
    path = tmp_path / "STRAF42_koder.csv"
    path.write_text("HERKOMST1;TID;INDHOLD\n00;2022;10\n80;2022;6\n81;2022;4\n"
                    "00;2023;12\n80;2023;7\n81;2023;5\n", encoding="utf-8")  # fmt: skip
    options = {**OPTIONS, "table": None, "file": path, "select": ["HERKOMST1=*"]}
    with pytest.raises(StatbankError, match=r"HERKOMST1=\* would add the total 00"):
        run(url, tmp_path, **options)
    report = run(url, tmp_path, **{**options, "select": ["HERKOMST1=80,81"]})
    assert report.rows == 2


def test_dst_error_text_is_one_line(mock: respx.MockRouter, tmp_path: Path) -> None:
    error = {"errorTypeCode": "EXTRACT-NOTFOUND", "message": "Table not found.\r\nCheck the id"}
    mock.get(f"{BASE}/tableinfo").mock(return_value=httpx.Response(400, json=error))
    with pytest.raises(StatbankError) as caught:
        StatbankClient(BASE, tmp_path).tableinfo("NOSUCH1")
    assert "\n" not in str(caught.value) and "Table not found. Check the id" in str(caught.value)


def test_the_layer_credit_names_every_period_it_holds(db_url: str) -> None:
    """2019K1 then 2020K1 into one indicator: the layer holds both, and so says its credit;
    an unchanged re-import with a new note still brings the credit up to date."""
    load_base_areas(db_url)
    ages = ["KØN=*", "ALDER=*"]
    run_file(db_url, indicator="pop", file=FOLK1A, select=[*ages, "TID=2019K1"])
    report = run_file(db_url, indicator="pop", file=FOLK1A, select=[*ages, "TID=2020K1"])
    assert report.credit.endswith("tabel FOLK1A, 2019K1–2020K1")
    again = run_file(db_url, indicator="pop", file=FOLK1A, select=[*ages, "TID=2020K1"],
                     note="Ny note.")  # fmt: skip
    assert again.unchanged_all
    with session_scope(db_url) as session:
        credit = session.execute(text("SELECT credit FROM layers WHERE name = :n"),
                                 {"n": "statbank_folk1a_pop"})  # fmt: skip
        assert credit.scalar_one().endswith("2019K1–2020K1. Ny note.")


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data", "http://api.statbank.dk/v1/data"]
)
def test_a_redirect_off_the_configured_origin_is_refused(
    mock: respx.MockRouter, tmp_path: Path, target: str
) -> None:
    """Another host, or https down to http: refused, and the target is never asked."""
    mock.post(f"{BASE}/data").mock(return_value=httpx.Response(302, headers={"Location": target}))
    elsewhere = mock.post(target).mock(return_value=httpx.Response(200, content=CSV))
    with pytest.raises(StatbankError) as caught:
        StatbankClient(BASE, tmp_path).data_csv("STRAF42", {"Tid": ["2023"]}, revision="r")
    assert caught.value.key == "statbank.err.redirect" and elsewhere.call_count == 0


# --- all or nothing, settings, lazy imports ------------------------------------------------------


def test_a_failure_after_the_values_are_written_leaves_nothing(
    url: str, mock: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provenance insert fails after layer, definition and values were written: the whole
    import is rolled back, so no value is left without its provenance row."""

    def broken(*args: object, **kwargs: object) -> int:
        raise StatbankError("provenance insert failed")

    mock_api(mock)
    before = fingerprint(url, TABLES)
    monkeypatch.setattr(importer.q, "record_import", broken)
    with pytest.raises(StatbankError, match="provenance insert failed"):
        run(url, tmp_path, **OPTIONS)
    assert fingerprint(url, TABLES) == before


@pytest.mark.parametrize(
    "base", ["https://user:secret@proxy.example/v1", "https://x.example/v1?key=1", "ftp://x/v1"]
)
def test_base_url_without_password_or_query(base: str) -> None:
    """The base URL goes into logs and the public /api/statbank/imports: no secrets in it."""
    with pytest.raises(ValidationError):
        Settings(statbank_url=base)
    assert Settings(statbank_url="http://localhost:8080/v1").statbank_url.endswith("/v1")


def test_statbank_cli_loads_no_http_client_or_importer() -> None:
    """`kvarterkort --help` imports app.cli.statbank; httpx and the statbank modules wait for
    the commands (app.cli.common already brings pandas, so that is measured from there)."""
    code = (
        "import sys, app.cli.common; before = set(sys.modules); import app.cli.statbank; "
        "new = set(sys.modules) - before; "
        "print(sorted(m for m in new if m.split('.')[0] in ('httpx', 'pandas', 'geodata')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
