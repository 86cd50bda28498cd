"""The progress page and the reports on the demo (synthetic Aalborg SØ 2026, project SOE)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_activities_progress_pages import staff_client, td
from tests.test_assets_helpers import make_client


def test_demo_progress_public_and_staff(demo_url: str, tmp_path: Path) -> None:
    page = make_client(demo_url, tmp_path).get("/activities/SOE?year=2026&as_of=2026-11-30")
    assert page.status_code == 200, page.text[-2000:]
    assert "Syntetiske data" in page.text and "Offentlig visning" in page.text
    assert td(page.text, "faellesskab", "target") == "500"
    staff = staff_client(demo_url, tmp_path)
    html = staff.get("/activities/SOE?year=2026&as_of=2026-11-30").text
    visits = int(td(html, "faellesskab", "visits").replace(".", ""))
    assert visits > 0
    report = staff.get("/activities/SOE/report?period=2026-Q3")
    assert report.status_code == 200, report.text[-2000:]
    assert "<iframe" in report.text and "/activities/SOE/reach/map?year=2026" in report.text
    assert re.search(r"Kvartalsstatus til styregruppen", report.text)


def test_demo_area_target_from_the_command_line(demo_url: str, tmp_path: Path) -> None:
    from tests.test_assets_helpers import run_cli

    args = ["activities", "target", "set", "SOE", "2026", "faellesskab", "60", "--area",
            "BO-9210-01"]  # fmt: skip
    result = run_cli(demo_url, args)
    assert result.exit_code == 0, result.output
    html = staff_client(demo_url, tmp_path).get("/activities/SOE?year=2026&as_of=2026-11-30").text
    assert 'data-area="BO-9210-01" data-kind="faellesskab" data-measure="target">60<' in html
    assert "Sohngårdsparken" in html
