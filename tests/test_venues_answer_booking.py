"""An actionable venue answer: how to book each chosen venue, and a warning when one cannot be.

On the demo, the README's Aalborg SØ question (65+, 800 m, step-free) chooses Hans Egedes
Sognegård first, which the data say cannot be booked: the page, map, report, API and CSV must
all say so, and show address, contact, bookability, free times and seats.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings
from geodata.db import session_scope

SO = {"model": "mclp", "p": 2, "radius": 800, "target": "65+", "area_kind": "postnummer",
      "area_code": "9210", "buffer_m": 500, "step_free": True}  # fmt: skip
FORM = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in SO.items()}


@pytest.fixture
def client(demo_url: str, tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(tiles="none", data_dir=tmp_path), database_url=demo_url))


def test_api_gives_booking_facts_and_warns_about_an_unbookable_choice(client: TestClient) -> None:
    body = client.post("/api/venues/solve", json=SO).json()
    first = body["venues"][0]
    assert first["name"] == "Hans Egedes Sognegård" and first["bookable"] is False
    assert first["address"].endswith("9210 Aalborg SØ") and first["contact"]
    assert set(first["availability"]) == {"man", "tir", "ons", "tor", "fre", "lor", "son"}
    assert first["capacity"] > 0
    warning = body["warnings"][0]
    assert warning["venue"] == first["candidate_id"] and warning["code"] == "not_bookable"
    assert "kan ikke bookes" in warning["message"]  # Danish by default
    english = client.post("/api/venues/solve?lang=en", json=SO).json()["warnings"][0]
    assert "cannot be booked" in english["message"]


def test_only_bookable_venues_leaves_nothing_to_warn_about(client: TestClient) -> None:
    body = client.post("/api/venues/solve", json={**SO, "bookable_only": True}).json()
    assert all(v["bookable"] is True for v in body["venues"])
    assert not [w for w in body["warnings"] if w["code"] == "not_bookable"]


def test_page_and_report_show_booking_and_the_warning(client: TestClient) -> None:
    html = client.get("/venues", params=FORM).text
    box = re.search(r'data-testid="venue-warnings".*?</section>', html, re.S)
    assert box and "Tjek før booking" in box.group(0)
    assert "Hans Egedes Sognegård kan ikke bookes ifølge data" in box.group(0)
    # each chosen venue: its figures row, then a row with how to book it
    rows = re.findall(
        r'<tr data-venue="[^"]+">.*?</tr>\s*<tr [^>]*data-booking=.*?</tr>', html, re.S
    )
    first = rows[0]
    assert "Hans Egedes Sognegård" in first and 'data-testid="venue-warning"' in first
    for label in ("Adresse", "Kan bookes", "Kontakt", "Ledige tider", "Pladser"):
        assert f"<dt>{label}</dt>" in first, label
    assert len(rows) == 2
    assert "<dd>nej</dd>" in first and "9210 Aalborg SØ" in first
    assert re.search(r"<dd>(man|tir|ons|tor|fre|lør|søn) \d\d:\d\d-\d\d:\d\d", first)
    assert 'data-testid="venue-warning"' not in rows[1]  # the second choice can be booked
    report = client.get("/venues/report", params=FORM).text
    assert "Hans Egedes Sognegård kan ikke bookes ifølge data" in report
    english = client.get("/venues", params={**FORM, "lang": "en"}).text
    assert "Check before booking" in english and "cannot be booked" in english


def test_map_popup_has_address_contact_and_warning(client: TestClient) -> None:
    html = client.get("/venues/map", params=FORM).text
    popup = html[html.index("<b>1. Hans Egedes Sogneg") :]
    popup = popup[: popup.index("</div>")]
    assert "Adresse" in popup and "Kontakt" in popup and "9210 Aalborg S" in popup
    assert "Advarsel" in popup and "kan ikke bookes" in popup


def test_csv_has_the_booking_columns_and_warnings(client: TestClient) -> None:
    got = client.get("/venues/download", params={**FORM, "format": "csv", "table": "venues"})
    table = pd.read_csv(io.StringIO(got.content.decode("utf-8-sig")), sep=None, engine="python")
    for column in ("address", "contact", "bookable", "free_times", "room_capacity", "warnings",
                   "synthetic_fields"):  # fmt: skip
        assert column in table.columns, column
    first = table.iloc[0]
    assert first["name"] == "Hans Egedes Sognegård" and first["warnings"] == "not_bookable"
    assert re.match(r"(man|tir|ons|tor|fre|lor|son) \d\d:\d\d", first["free_times"])


def test_a_chosen_venue_without_contact_is_flagged(client: TestClient, demo_url: str) -> None:
    key = client.post("/api/venues/solve", json=SO).json()["venues"][1]["candidate_id"]
    with session_scope(demo_url) as session:
        session.execute(text("UPDATE venues SET contact = NULL WHERE venue_key = :k"), {"k": key})
    body = client.post("/api/venues/solve", json=SO).json()
    assert {"venue": key, "code": "no_contact"} in [
        {"venue": w["venue"], "code": w["code"]} for w in body["warnings"]
    ]
    html = client.get("/venues", params=FORM).text
    assert "ingen kontakt oplyst" in html and "Der er ingen kontakt oplyst for" in html


def test_real_venue_labels_its_invented_details(client: TestClient) -> None:
    question = {**SO, "area_code": "9400", "types": ["idraetshal"], "p": 1, "step_free": False,
                "radius": 1500}  # fmt: skip
    venue = client.post("/api/venues/solve", json=question).json()["venues"][0]
    assert venue["candidate_id"].startswith("dar:") and venue["synthetic"] is False
    assert {"capacity", "bookable", "contact", "availability"} <= set(venue["synthetic_fields"])
    form = {**FORM, "area_code": "9400", "types": "idraetshal", "p": "1", "step_free": "false",
            "radius": "1500"}  # fmt: skip
    html = client.get("/venues", params=form).text
    note = re.search(r'data-testid="venue-invented">([^<]*)<', html)
    assert note and "Navn, adresse og placering er ægte" in note.group(1)
    assert "pladser" in note.group(1) and "kan bookes" in note.group(1)
