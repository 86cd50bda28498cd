"""`kvarterkort activities ...`: each command's happy path, one error each (exit code 2), and the
progress table of a hand-computed example against the SØ targets 500/75 for 2026."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.db import session_scope
from tests.test_activities_data_helpers import count, setup_places
from tests.test_activities_data_import import GOOD, HEADER
from tests.test_assets_helpers import run_cli

SETUP = [
    ["project", "add", "SOE", "--name", "Aalborg SØ", "--starts", "2026-01-01",
     "--ends", "2028-12-31", "--kommune", "0851"],
    ["offer", "add", "SOE", "Fællesspisning", "--kind", "faellesskab", "--owner", "Beboerne"],
    ["offer", "add", "SOE", "Gåtur", "--kind", "sundhedsfremme", "--target-group", "65+"],
    ["target", "set", "SOE", "2026", "faellesskab", "500"],
    ["target", "set", "SOE", "2026", "sundhedsfremme", "75"],
]  # fmt: skip


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KVARTERKORT_ACTIVITY_CODE_KEY", "cli-test-key")
    setup_places(db_url)

    def run(*args: str):  # type: ignore[no-untyped-def]
        return run_cli(db_url, ["activities", *args])

    return run


def _ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_projects_offers_and_targets(cli) -> None:  # type: ignore[no-untyped-def]
    for args in SETUP:
        _ok(cli(*args))
    assert "SOE\tAalborg SØ\t2026-01-01..2028-12-31\tkommune 0851\t2 offers" in _ok(
        cli("project", "list"))  # fmt: skip
    offers = _ok(cli("offer", "list", "SOE"))
    assert "Fællesspisning\tfaellesskab\tBeboerne\t-\t0 sessions" in offers
    assert "Gåtur\tsundhedsfremme\t-\t65+\t0 sessions" in offers


@pytest.mark.parametrize(("args", "message"), [
    (["project", "add", "X", "--name", "X", "--starts", "2026-01-01", "--ends", "2026-12-31",
      "--kommune", "0999"], "no kommune with code '0999'"),
    (["offer", "add", "NOPE", "Gåtur", "--kind", "sundhedsfremme"], "no activity project"),
    (["offer", "add", "SOE", "Dans", "--kind", "dans"], "unknown offer kind"),
    (["offer", "list", "NOPE"], "no activity project"),
    (["target", "set", "SOE", "2031", "faellesskab", "10"], "outside the project"),
    (["session", "add", "SOE", "--offer", "Gåtur", "--date", "2026-03-03", "--point",
      "9.0,57.03", "--count", "65-79:unknown=4"], "outside the kommune"),
    (["session", "add", "SOE", "--offer", "Gåtur", "--date", "2026-03-03", "--venue", "V1",
      "--count", "65-79=4"], "BAND:HOME=N"),
    (["progress", "NOPE"], "no activity project"),
])  # fmt: skip
def test_errors_are_one_line_and_exit_2(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    for setup in SETUP:
        _ok(cli(*setup))
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_sessions_and_progress_by_year_quarter_and_kind(cli, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in SETUP:
        _ok(cli(*args))
    _ok(cli("session", "add", "SOE", "--offer", "Fællesspisning", "--date", "2026-02-10",
            "--venue", "V1", "--start", "17:00", "--end", "19:00", "--staff", "2",
            "--count", "18-29:estate@Kildeparken=4", "--count", "65-79:unknown=6",
            "--code", "SOE001", "--code", "SOE002"))  # fmt: skip
    _ok(cli("session", "add", "SOE", "--offer", "Fællesspisning", "--date", "2026-05-12",
            "--venue", "V1", "--count", "30-49:other_area@S1=20"))  # fmt: skip
    _ok(cli("session", "add", "SOE", "--offer", "Gåtur", "--date", "2026-03-03", "--point",
            "9.99,57.03", "--count", "50-64:unknown=5", "--code", "SOE001", "--code", "SOE003",
            "--code", "SOE004", "--code", "SOE005", "--code", "SOE006"))  # fmt: skip
    _ok(cli("session", "add", "SOE", "--offer", "Gåtur", "--date", "2026-07-15", "--venue",
            "V3", "--count", "50-64:unknown=9"))  # after --as-of: left out  # fmt: skip
    out = _ok(cli("progress", "SOE", "--year", "2026", "--as-of", "2026-06-30"))
    # 1 Jan - 30 Jun is 181 of 365 days: visits forecast = visits * 365 / 181; the five people
    # of 3 March are all the sundhedsfremme people, nobody new since 1 April: forecast 5
    assert out.splitlines() == [
        "by year and kind",
        "year\tkind\tvisits\tunique\ttarget\tshare_of_target\tbasis\tforecast\ton_track",
        "2026\tfaellesskab\t30\t2\t500\t0.06\tvisits\t60.50\tFalse",
        "2026\tsundhedsfremme\t5\t5\t75\t0.07\tunique\t5\tFalse",
        "by quarter and kind",
        "year\tquarter\tkind\tvisits\tunique\ttarget\tshare_of_target\tbasis\tforecast\ton_track",
        "2026\t1\tfaellesskab\t10\t2\t-\t-\tvisits\t-\t-",
        "2026\t1\tsundhedsfremme\t5\t5\t-\t-\tunique\t-\t-",
        "2026\t2\tfaellesskab\t20\t-\t-\t-\tvisits\t-\t-",
    ]  # fmt: skip


def test_session_import(cli, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in SETUP:
        _ok(cli(*args))
    path = tmp_path / "sessions.csv"
    path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    assert "4 rows, 3 sessions: 3 added, 0 updated, 0 unchanged" in _ok(
        cli("session", "import", "SOE", str(path)))  # fmt: skip
    assert "3 unchanged" in _ok(cli("session", "import", "SOE", str(path)))
    path.write_text("\n".join([HEADER, GOOD[0].replace(";4;", ";x;")]) + "\n", encoding="utf-8")
    result = cli("session", "import", "SOE", str(path))
    assert result.exit_code == 2 and "row 2: field 'Antal': not a whole number" in result.output
    with session_scope(db_url) as s:
        assert count(s, "activity_sessions") == 3
