"""What keeps the numbers' pages bounded with many sessions: the printed report's evaluator table
is summed to at most REPORT_EVALUATOR_ROWS rows (the download keeps every row), and the progress
view does not place participants' homes in boligområder (a spatial search per estate) when the
project has no per-area target to show them against."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import text

from geodata.activities_read import (
    ALL,
    EVALUATOR_KEYS,
    choose_period,
    evaluator_on_page,
    evaluator_table,
    progress_view,
)
from geodata.db import session_scope
from geodata.queries.activities import project_by_code
from tests.test_activities_numbers_queries import DOUBLE, counted
from tests.test_assets_helpers import add_user, login, make_client


def _visits(sessions: int) -> pd.DataFrame:
    """Each session: two offers x three venues x 4 age bands x 4 homes of cells."""
    rows = []
    for s in range(sessions):
        for band in ("0-17", "18-29", "30-49", "50-64"):
            for home in ("estate", "boligomraade", "other_area", "unknown"):
                rows.append(
                    {
                        "session_id": s,
                        "quarter": 1 + s % 4,
                        "kind": "faellesskab" if s % 2 else "sundhedsfremme",
                        "offer": f"Tilbud {s % 2}",
                        "venue": f"Sted {s % 3}",
                        "age_band": band,
                        "home_kind": home,
                        "participants": 1 + s % 3,
                    }
                )
    return pd.DataFrame(rows)


def test_small_evaluator_table_is_shown_whole() -> None:
    visits = _visits(12)
    table, folded = evaluator_on_page(visits, limit=10_000)
    assert folded == () and table.equals(evaluator_table(visits))
    table, folded = evaluator_on_page(visits, evaluator_table(visits), limit=len(visits))
    assert folded == () and table.equals(evaluator_table(visits))


def test_big_evaluator_table_is_summed_until_it_fits() -> None:
    visits = _visits(240)
    full = evaluator_table(visits)
    assert len(full) == 12 * 16  # (quarter, venue) pairs (the offer follows the quarter) x cells
    table, folded = evaluator_on_page(visits, limit=30)
    assert folded == ("age_band", "home_kind") and len(table) <= 30
    assert (table["age_band"] == ALL).all() and (table["home_kind"] == ALL).all()
    assert table["participants"].sum() == visits["participants"].sum() == full["participants"].sum()
    # sessions are distinct sessions, not the sum over the summed-away cells
    assert table["sessions"].sum() == visits["session_id"].nunique()
    table, folded = evaluator_on_page(visits, limit=1)  # never coarser than quarter x kind
    assert folded == EVALUATOR_KEYS[2:] and len(table) == 4  # the kind follows the quarter
    assert table["sessions"].sum() == 240


def test_report_prints_a_bounded_evaluator_table(demo_url: str, tmp_path: Path) -> None:
    """The demo's yearly report, and the same with every session doubled: no more rows."""
    client = make_client(demo_url, tmp_path)
    add_user(demo_url, "planner@aalborg.dk", "planner")
    assert login(client, "planner@aalborg.dk").status_code == 303

    def rows() -> tuple[int, int, bool]:
        html = client.get("/activities/SOE/report?period=2026").text
        table = re.search(r'data-testid="report-evaluator">(.*?)</table>', html, re.S)
        assert table is not None
        cells = re.findall(r'data-measure="participants">([\d.]+)<', table.group(1))
        total = sum(int(c.replace(".", "")) for c in cells)
        return len(cells), total, 'data-testid="report-evaluator-folded"' in html

    shown, total, folded = rows()
    with session_scope(demo_url) as s:
        project = project_by_code(s, "SOE")
        assert project is not None
        view = progress_view(
            s, project, choose_period(project, 2026, date(2026, 12, 31), date(2026, 12, 31))
        )
        for sql in DOUBLE:
            s.execute(text(sql))
    print(f"demo evaluator: {len(view.evaluator)} rows, {shown} on the report, folded {folded}")
    assert total == int(view.evaluator["participants"].sum())
    assert shown <= 250 and (folded == (len(view.evaluator) > 250))
    shown_after, total_after, _ = rows()
    assert shown_after == shown and total_after == 2 * total


def test_no_home_placement_without_area_targets(demo_url: str) -> None:
    with session_scope(demo_url) as s:
        project = project_by_code(s, "SOE")
        assert project is not None
        period = choose_period(project, 2026, date(2026, 11, 30), date(2026, 11, 30))
        with counted() as seen:
            view = progress_view(s, project, period)
    assert view.areas.empty
    assert not [sql for sql in seen if "ST_Covers" in sql or "estates" in sql], seen
