"""Downloads (CSV, Danish CSV, .xlsx) and the printable reports of a project's progress.

Staff download every table exact; without login only the published totals, suppressed (a 3
must never be in the public file), and the other tables are refused.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.test_activities_progress_pages import staff_client
from tests.test_activities_progress_read import setup_scenario
from tests.test_assets_helpers import make_client

DOWNLOAD = "/activities/SOE/download?year=2026&as_of=2026-06-30"
TABLES = ("progress", "quarters", "offers", "venues", "evaluator")


def read(body: bytes, fmt: str) -> pd.DataFrame:
    if fmt == "xlsx":
        return pd.read_excel(io.BytesIO(body))
    return pd.read_csv(io.BytesIO(body), sep=";" if fmt == "csv-da" else ",", encoding="utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "csv-da", "xlsx"])
def test_staff_download_every_table_exact(db_url: str, tmp_path: Path, fmt: str) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path)
    for table in TABLES:
        response = client.get(f"{DOWNLOAD}&table={table}&format={fmt}")
        assert response.status_code == 200, (table, response.text[:500])
        assert f"aktiviteter_SOE_{table}_2026" in response.headers["content-disposition"]
        frame = read(response.content, fmt)
        assert len(frame) > 0, table
    progress = read(client.get(f"{DOWNLOAD}&table=progress&format=csv").content, "csv")
    row = progress[(progress["year"] == 2026) & (progress["kind"] == "sundhedsfremme")]
    assert row["visits"].tolist() == [3]
    evaluator = read(client.get(f"{DOWNLOAD}&table=evaluator&format=csv").content, "csv")
    assert evaluator["participants"].sum() == 40
    people = read(client.get(f"{DOWNLOAD}&table=evaluator&format=xlsx").content, "xlsx")
    assert "0-17 år" in set(people["Aldersgruppe"]) and "Ukendt bopæl" in set(people["Bopæl"])
    danish = read(client.get(f"{DOWNLOAD}&table=progress&format=csv-da").content, "csv-da")
    assert "Besøg" in danish.columns and "Fællesskabsindsats" in set(danish["Indsats"])


@pytest.mark.parametrize("fmt", ["csv", "csv-da", "xlsx"])
def test_public_download_is_suppressed(db_url: str, tmp_path: Path, fmt: str) -> None:
    setup_scenario(db_url, published=True)
    client = make_client(db_url, tmp_path)
    response = client.get(f"{DOWNLOAD}&table=progress&format={fmt}")
    assert response.status_code == 200, response.text[:500]
    frame = read(response.content, fmt)
    visits = "visits" if fmt == "csv" else "Besøg"
    kind = "kind" if fmt == "csv" else "Indsats"
    year = "year" if fmt == "csv" else "År"
    this_year = frame[frame[year] == 2026]
    assert 3 not in this_year[visits].tolist()  # the 3 sundhedsfremme visits
    assert 37 not in this_year[visits].tolist()  # 40 - 37 would give it back
    assert 40 in this_year[visits].tolist()
    assert this_year[kind].nunique() == 3
    if fmt == "csv":
        assert re.search(rb"2026,sundhedsfremme,,", response.content)
        assert b"coded_share" not in response.content
    for table in TABLES[1:]:
        refused = client.get(f"{DOWNLOAD}&table={table}&format={fmt}")
        assert refused.status_code == 403 and "kun for medarbejdere" in refused.json()["detail"]
    english = client.get(f"{DOWNLOAD}&table=venues&format={fmt}&lang=en")
    assert english.status_code == 403 and "for staff only" in english.json()["detail"]


def test_quarterly_status_report(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path)
    page = client.get("/activities/SOE/report?period=2026-Q1")
    assert page.status_code == 200, page.text[-2000:]
    html = page.text
    assert "Kvartalsstatus til styregruppen" in html and "1. kvartal 2026" in html
    assert "31. marts 2026" in html  # counted to the end of the quarter
    # year to date as of 31 March: 17 fællesskab (the 3 Gåtur visits are in Q2)
    assert re.search(r'data-year="2026" data-kind="faellesskab" data-measure="visits">17<', html)
    assert 'data-kind="sundhedsfremme" data-measure="visits">0<' in html
    assert "@media print" in html and "size: A4" in html
    assert "Tabel til evaluator" in html and "Rækkevidde" in html
    evaluator = re.search(r'data-testid="report-evaluator">(.*?)</table>', html, re.S)
    assert evaluator is not None
    cells = re.findall(r'data-measure="participants">(\d+)<', evaluator.group(1))
    assert sum(int(c) for c in cells) == 17  # the evaluator table adds up to the visits


def test_yearly_report(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url)
    client = staff_client(db_url, tmp_path, "coordinator")
    html = client.get("/activities/SOE/report?period=2026").text
    assert "Årsrapport til det politiske udvalg" in html and "Sammenfatning" in html
    assert "Fællesskabsindsats: 37 besøg af målet på 500" in html
    evaluator = re.search(r'data-testid="report-evaluator">(.*?)</table>', html, re.S)
    assert evaluator is not None
    cells = re.findall(r'data-measure="participants">(\d+)<', evaluator.group(1))
    assert sum(int(c) for c in cells) == 40
    assert "<svg" in html
    assert ("<iframe" in html) != ('data-testid="reach-missing"' in html)  # one or the other


def test_reports_are_for_staff_only(db_url: str, tmp_path: Path) -> None:
    setup_scenario(db_url, published=True)
    client = make_client(db_url, tmp_path)
    assert client.get("/activities/SOE/report?period=2026").status_code == 401
    browser = client.get("/activities/SOE/report?period=2026", headers={"accept": "text/html"})
    assert browser.status_code == 303 and "/login" in browser.headers["location"]
