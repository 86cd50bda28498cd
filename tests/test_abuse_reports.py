"""Hiding by reports needs distinct clients; one open report per client and asset (in SQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from geodata.db import session_scope
from tests.test_assets_helpers import (
    approve,
    asset_id_for,
    coordinator,
    csrf_of,
    make_client,
    submit,
)


def _approved(db_url: str, tmp_path: Path) -> tuple[TestClient, int]:
    staff = make_client(db_url, tmp_path)
    submit(staff)
    approve(staff, db_url, "Kildeparken", coordinator(staff, db_url))
    return staff, asset_id_for(db_url, "Kildeparken")


def _resident(staff: TestClient, n: int) -> TestClient:
    return TestClient(staff.app, client=(f"192.0.2.{n}", 4000 + n), follow_redirects=False)


def _state(db_url: str, asset_id: int) -> tuple[str, int, int]:
    with session_scope(db_url) as s:
        status, open_reports = s.execute(
            text("SELECT status, open_reports FROM assets WHERE id = :a"), {"a": asset_id}
        ).one()
        rows = s.execute(text("SELECT count(*) FROM asset_reports")).scalar_one()
    return str(status), int(open_reports), int(rows)


def test_one_client_reporting_three_times_does_not_hide(db_url: str, tmp_path: Path) -> None:
    staff, asset_id = _approved(db_url, tmp_path)
    resident = _resident(staff, 1)
    for reason in ("findes ikke", "lukket", "forkert sted"):
        response = resident.post(f"/api/assets/{asset_id}/report", json={"reason": reason})
        assert response.status_code == 200 and response.json()["hidden"] is False
    token = csrf_of(resident, f"/assets/{asset_id}")
    form = resident.post(f"/assets/{asset_id}/report", data={"reason": "igen", "csrf_token": token})
    assert form.status_code == 303  # accepted, idempotently
    assert _state(db_url, asset_id) == ("approved", 1, 1)
    assert staff.get(f"/assets/{asset_id}").status_code == 200


def test_three_distinct_clients_hide_the_asset(db_url: str, tmp_path: Path) -> None:
    staff, asset_id = _approved(db_url, tmp_path)
    answers = [
        _resident(staff, n).post(f"/api/assets/{asset_id}/report", json={"reason": "findes ikke"})
        for n in (1, 2, 2, 3)
    ]
    assert [a.json()["hidden"] for a in answers[:3]] == [False, False, False]
    assert answers[3].json()["hidden"] is True
    assert _state(db_url, asset_id) == ("hidden", 3, 3)
    with session_scope(db_url) as s:
        diff = s.execute(
            text("SELECT diff FROM asset_events WHERE kind = 'hidden' AND asset_id = :a"),
            {"a": asset_id},
        ).scalar_one()
    assert diff["open_reports"][1] == 3  # the history shows the count in the reader's words


def test_the_database_refuses_a_second_open_report_from_one_client(
    db_url: str, tmp_path: Path
) -> None:
    _, asset_id = _approved(db_url, tmp_path)
    insert = text(
        "INSERT INTO asset_reports (asset_id, reason, client_hash, resolved_at) "
        "VALUES (:a, 'x', 'c1', :r)"
    )
    with session_scope(db_url) as s:
        s.execute(insert, {"a": asset_id, "r": None})
        s.execute(insert, {"a": asset_id, "r": "2026-01-01"})  # resolved ones may repeat
    with pytest.raises(IntegrityError), session_scope(db_url) as s:
        s.execute(insert, {"a": asset_id, "r": None})


def test_after_approval_a_client_may_report_again(db_url: str, tmp_path: Path) -> None:
    staff, asset_id = _approved(db_url, tmp_path)
    for n in (1, 2, 3):
        _resident(staff, n).post(f"/api/assets/{asset_id}/report", json={"reason": "væk"})
    assert _state(db_url, asset_id)[0] == "hidden"
    token = csrf_of(staff, "/assets/admin")
    staff.post(
        f"/assets/admin/{asset_id}/moderate", data={"action": "approve", "csrf_token": token}
    )
    assert _state(db_url, asset_id) == ("approved", 0, 3)
    again = _resident(staff, 1).post(f"/api/assets/{asset_id}/report", json={"reason": "stadig"})
    assert again.status_code == 200 and _state(db_url, asset_id) == ("approved", 1, 4)
