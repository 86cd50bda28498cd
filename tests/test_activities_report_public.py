"""The yearly report's public edition (?edition=public): the committee paper prepared by staff,
every count of 1-4 hidden (and what would give it back), no evaluator table; the staff edition
keeps exact counts and links to it. Both name the project's own area."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
from fastapi.testclient import TestClient

from app.i18n import translator
from app.routes.activities_progress_view import Cells
from app.routes.activities_report_view import reach_section
from geodata.activities_projects import set_project_area
from geodata.activities_read import suppress_parts
from geodata.activities_sessions import CountInput, register_session
from geodata.db import session_scope
from tests.test_activities_area_data import add_postnumre
from tests.test_activities_data_helpers import KEY, TODAY, draft, setup_project
from tests.test_assets_helpers import add_user, login, make_client

REPORT = "/activities/SOE/report?period=2026"
SMALL = re.compile(r'data-measure="[a-z_]+">3<')  # any count cell showing the 3


def setup(db_url: str) -> None:
    """SOE with area postnummer 9210: Fællesspisning 10 + 20 participants (Q1, Q2) and one
    Gåtur session of 3 participants (Q2)."""
    setup_project(db_url)
    add_postnumre(db_url)
    with session_scope(db_url) as s:
        set_project_area(s, "SOE", "postnummer:9210")
        register_session(s, "SOE", draft(), key=KEY, today=TODAY)
        register_session(s, "SOE", draft(held_on=date(2026, 5, 5), counts=(
            CountInput("50-64", "unknown", 20),)), key=KEY, today=TODAY)  # fmt: skip
        register_session(s, "SOE", draft(offer="Gåtur", held_on=date(2026, 4, 1),
                                         counts=(CountInput("0-17", "unknown", 3),)),
                         key=KEY, today=TODAY)  # fmt: skip


def staff(db_url: str, tmp_path: Path) -> TestClient:
    client = make_client(db_url, tmp_path)
    add_user(db_url, "planner@aalborg.dk", "planner")
    assert login(client, "planner@aalborg.dk").status_code == 303
    return client


def test_staff_report_exact_and_links_to_the_public_edition(db_url: str, tmp_path: Path) -> None:
    setup(db_url)
    page = staff(db_url, tmp_path).get(REPORT)
    assert page.status_code == 200, page.text[-2000:]
    html = page.text
    assert SMALL.search(html)
    assert 'data-offer="Gåtur" data-measure="visits">3<' in html
    assert 'data-testid="report-evaluator"' in html
    assert "Offentlig udgave (til dagsorden)" in html
    assert f'href="{REPORT}&amp;edition=public"' in html
    assert "Projektområde: 9210 Aalborg SØ" in html


def test_public_edition_hides_small_counts_and_the_evaluator(db_url: str, tmp_path: Path) -> None:
    setup(db_url)
    page = staff(db_url, tmp_path).get(REPORT + "&edition=public")
    assert page.status_code == 200, page.text[-2000:]
    html = page.text
    assert "Offentlig udgave: tal fra 1 til 4 er skjult" in html
    assert not SMALL.search(html), SMALL.findall(html)
    assert 'data-offer="Gåtur" data-measure="visits">skjult<' in html
    assert 'data-year="2026" data-kind="sundhedsfremme" data-measure="visits">skjult<' in html
    # 33 fællesskab visits would give the 3 back from the shown total of 33 + 3 = 36
    assert 'data-year="2026" data-kind="total" data-measure="visits">33<' in html
    assert 'data-year="2026" data-kind="faellesskab" data-measure="visits">skjult<' in html
    assert 'data-quarter="2" data-kind="sundhedsfremme" data-measure="visits">skjult<' in html
    summary = html[html.index('data-testid="report-summary"') : html.index("</ul>")]
    assert "skjult" in summary and " 3 " not in summary
    for staff_only in ('data-testid="report-evaluator"', "table=evaluator",
                       'data-testid="report-confidential"'):  # fmt: skip
        assert staff_only not in html
    assert f'href="{REPORT}"' in html  # the link back to the staff edition
    assert "Projektområde: 9210 Aalborg SØ" in html


def test_public_edition_is_staff_only_and_a_bad_edition_is_422(db_url: str, tmp_path: Path) -> None:
    setup(db_url)
    client = staff(db_url, tmp_path)
    bad = client.get(REPORT + "&edition=press", headers={"accept": "text/html"})
    assert bad.status_code == 422 and "skal være en af" in bad.text
    anonymous = make_client(db_url, tmp_path).get(REPORT + "&edition=public")
    assert anonymous.status_code in (303, 401, 403, 404)


def test_parts_of_a_whole_hide_a_second_cell() -> None:
    """One blank among offers of a kind whose total is printed is given back by subtraction:
    the smallest other count is hidden too; 0 stays and each kind is its own whole."""
    table = pd.DataFrame({"kind": ["a", "a", "a", "b", "b"], "visits": [3, 10, 12, 0, 40]})
    shown = suppress_parts(table, ("visits",), "kind")
    assert shown["visits"].isna().tolist() == [True, True, False, False, False]


def test_public_reach_rows_hide_small_visits_and_their_rate(monkeypatch: Any) -> None:
    """The reach table's visits are parts of the year's visits: a 3 is hidden with the next
    smallest, its rate per 1,000 with it, and the map (exact counts) is left out."""
    from app.routes import activities_report_view

    frame = pd.DataFrame({
        "name": ["Aparken", "Bparken", "Cparken"], "area_kind": ["estate"] * 3,
        "residents": [500, 800, 900], "visits": [3, 10, 30], "per_1000": [6.0, 12.5, 33.3],
        "need_rank": [1, 2, 3], "high_need_low_reach": [True, True, False],
    })  # fmt: skip
    monkeypatch.setattr(activities_report_view, "reach_table", lambda *args: frame)
    view = SimpleNamespace(period=SimpleNamespace(year=2026, as_of=TODAY),
                           project=SimpleNamespace(code="SOE"))  # fmt: skip
    c = Cells(translator("da"), "da")
    exact = reach_section(None, view, c)  # type: ignore[arg-type]
    public = reach_section(None, view, c, public=True)  # type: ignore[arg-type]
    assert [r["visits"] for r in exact["reach_rows"]] == ["3", "10"] and exact["reach_url"]
    assert [(r["visits"], r["per_1000"]) for r in public["reach_rows"]] == [
        ("skjult", "skjult")
    ] * 2
    assert "reach_url" not in public
