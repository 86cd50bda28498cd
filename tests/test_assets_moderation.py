"""Every status transition and every refusal, through the coordinator's forms and JSON API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from tests.test_assets_helpers import (
    add_user,
    approve,
    asset_fingerprint,
    asset_id_for,
    coordinator,
    csrf_of,
    form_fields,
    login,
    make_client,
    photo_bytes,
    submit,
    token_of,
)


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> TestClient:
    return make_client(db_url, tmp_path)


def _status(db_url: str, title: str) -> str:
    with session_scope(db_url) as s:
        q = text("SELECT status FROM assets WHERE title = :t")
        return str(s.execute(q, {"t": title}).scalar_one())


def _kinds(db_url: str, asset_id: int) -> list[str]:
    with session_scope(db_url) as s:
        q = text("SELECT kind FROM asset_events WHERE asset_id = :i ORDER BY id")
        return list(s.execute(q, {"i": asset_id}).scalars())


def _moderate(client: TestClient, asset_id: int, token: str, **data: str):  # type: ignore[no-untyped-def]
    return client.post(f"/assets/admin/{asset_id}/moderate", data={"csrf_token": token, **data})


def test_queue_needs_a_coordinator(client: TestClient, db_url: str) -> None:
    page = client.get("/assets/admin", headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
    api = client.get("/api/admin/assets")
    assert api.status_code == 401 and api.headers["content-type"] == "application/problem+json"
    add_user(db_url, "plan@aalborg.dk", "planner")
    assert login(client, "plan@aalborg.dk").status_code == 303
    assert client.get("/assets/admin").status_code == 403


def test_approve_then_public_and_event_recorded(client: TestClient, db_url: str) -> None:
    submit(client)
    token = coordinator(client, db_url)
    queue = client.get("/assets/admin")
    assert "Kildeparken" in queue.text
    asset_id = asset_id_for(db_url, "Kildeparken")
    assert _moderate(client, asset_id, token, action="approve").status_code == 303
    assert _status(db_url, "Kildeparken") == "approved"
    assert _kinds(db_url, asset_id) == ["created", "approved"]
    with session_scope(db_url) as s:
        row = s.execute(text("SELECT last_verified_at, steward_id FROM assets")).one()
    assert row.last_verified_at is not None and row.steward_id is not None
    assert client.get(f"/assets/{asset_id}").status_code == 200


def test_reject_needs_reason_and_submitter_sees_it(client: TestClient, db_url: str) -> None:
    private = token_of(submit(client))
    token = coordinator(client, db_url)
    asset_id = asset_id_for(db_url, "Kildeparken")
    before = asset_fingerprint(db_url)
    refused = _moderate(client, asset_id, token, action="reject")
    assert refused.status_code == 422
    assert "En afvisning kræver en begrundelse" in refused.text  # Danish, not the log's English
    assert "a rejection needs a reason" not in refused.text
    api = client.post(
        f"/api/admin/assets/{asset_id}/moderate",
        json={"action": "reject"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 422 and "kræver en begrundelse" in api.json()["detail"]
    english = client.post(
        f"/assets/admin/{asset_id}/moderate?lang=en", data={"csrf_token": token, "action": "reject"}
    )
    assert "A rejection needs a reason" in english.text  # ?lang=en
    assert asset_fingerprint(db_url) == before
    assert (
        _moderate(client, asset_id, token, action="reject", reason="Privat have").status_code == 303
    )
    page = TestClient(client.app).get(f"/assets/mine/{private}")
    assert "afvist" in page.text and "Privat have" in page.text


@pytest.mark.parametrize(
    ("setup", "action", "extra"),
    [
        ([], "verify", {}),  # only approved assets can be verified
        (["approve"], "reject", {"reason": "x"}),  # approved cannot be rejected (archive it)
        (["archive"], "reject", {"reason": "x"}),
        (["approve"], "approve", {}),
        ([], "merge", {}),  # no target
        ([], "fly", {}),  # unknown action
    ],
)
def test_impossible_transitions_change_nothing(
    client: TestClient, db_url: str, setup: list[str], action: str, extra: dict
) -> None:
    submit(client)
    token = coordinator(client, db_url)
    asset_id = asset_id_for(db_url, "Kildeparken")
    for step in setup:
        assert _moderate(client, asset_id, token, action=step).status_code == 303
    before = asset_fingerprint(db_url)
    response = _moderate(client, asset_id, token, action=action, **extra)
    assert response.status_code == 422
    assert 'data-testid="asset-error"' in response.text
    assert asset_fingerprint(db_url) == before


def test_archive_and_restore(client: TestClient, db_url: str) -> None:
    submit(client)
    token = coordinator(client, db_url)
    asset_id = asset_id_for(db_url, "Kildeparken")
    for action, status in (
        ("approve", "approved"),
        ("archive", "archived"),
        ("approve", "approved"),
    ):
        assert _moderate(client, asset_id, token, action=action).status_code == 303
        assert _status(db_url, "Kildeparken") == status


def test_merge_keeps_history_endorsements_and_photos(client: TestClient, db_url: str) -> None:
    submit(client, title="Kildeparken")
    files = [("photos", ("a.jpg", photo_bytes(), "image/jpeg"))]
    duplicate_token = token_of(submit(client, title="Kilde parken", files=files))
    token = coordinator(client, db_url)
    keep, dup = asset_id_for(db_url, "Kildeparken"), asset_id_for(db_url, "Kilde parken")
    approve(client, db_url, "Kildeparken", token)
    approve(client, db_url, "Kilde parken", token)
    for _ in range(2):
        assert (
            client.post(f"/api/assets/{dup}/endorse", headers={"X-CSRF-Token": token}).status_code
            == 200
        )
    assert _moderate(client, dup, token, action="merge", target_id=str(keep)).status_code == 303
    with session_scope(db_url) as s:
        rows = {
            r.id: r
            for r in s.execute(text("SELECT id, status, merged_into_id, endorsements FROM assets"))
        }
        photo_id, photo_owner = s.execute(text("SELECT id, asset_id FROM asset_photos")).one()
    assert (rows[dup].status, rows[dup].merged_into_id, rows[dup].endorsements) == (
        "merged",
        keep,
        0,
    )
    assert rows[keep].endorsements == 2 and photo_owner == dup  # photos stay the submitter's
    resident = TestClient(client.app)
    assert f"/assets/photos/{photo_id}" in resident.get(f"/assets/{keep}").text
    assert resident.get(f"/assets/photos/{photo_id}").status_code == 200
    history = client.get(
        f"/api/admin/assets/{keep}/history", headers={"X-CSRF-Token": token}
    ).json()
    assert {"created", "endorsed", "merged", "merge_received"} <= {e["kind"] for e in history}
    assert {e["asset_id"] for e in history} == {keep, dup}
    assert "slået sammen" in TestClient(client.app).get(f"/assets/mine/{duplicate_token}").text
    again = _moderate(client, dup, token, action="approve")
    assert again.status_code == 422  # a merged asset stays merged
    csrf = csrf_of(resident, f"/assets/mine/{duplicate_token}")
    erased = resident.post(
        f"/assets/mine/{duplicate_token}/erase", data={"csrf_token": csrf, "confirm": "yes"}
    )
    assert erased.status_code == 200
    assert resident.get(f"/assets/photos/{photo_id}").status_code == 404
    kept = client.get(f"/api/admin/assets/{keep}/history").json()
    assert [e["kind"] for e in kept].count("merge_received") == 1  # the kept asset's own history


def test_bulk_actions_are_all_or_nothing(client: TestClient, db_url: str) -> None:
    for title in ("Aktiv A", "Aktiv B", "Aktiv C"):
        submit(client, title=title)
    token = coordinator(client, db_url)
    ids = [asset_id_for(db_url, t) for t in ("Aktiv A", "Aktiv B", "Aktiv C")]
    approve(client, db_url, "Aktiv C", token)
    before = asset_fingerprint(db_url)
    data = {
        "csrf_token": token,
        "action": "reject",
        "reason": "dublet",
        "ids": [str(i) for i in ids],
    }
    refused = client.post("/assets/admin/bulk", data=data)
    assert refused.status_code == 422 and f"aktiv nr. {ids[2]}" in refused.text
    assert asset_fingerprint(db_url) == before
    data["ids"] = [str(i) for i in ids[:2]]
    assert client.post("/assets/admin/bulk", data=data).status_code == 303
    assert [_status(db_url, t) for t in ("Aktiv A", "Aktiv B")] == ["rejected", "rejected"]
    empty = client.post("/assets/admin/bulk", data={"csrf_token": token, "action": "approve"})
    assert empty.status_code == 422


def test_reports_hide_after_threshold_and_approval_restores(
    client: TestClient, db_url: str
) -> None:
    submit(client)
    token = coordinator(client, db_url)
    approve(client, db_url, "Kildeparken", token)
    asset_id = asset_id_for(db_url, "Kildeparken")
    for i in range(3):  # three different residents: one client alone cannot hide an asset
        resident = TestClient(client.app, client=(f"192.0.2.{i}", 1), follow_redirects=False)
        csrf = csrf_of(resident, f"/assets/{asset_id}")
        response = resident.post(
            f"/assets/{asset_id}/report", data={"csrf_token": csrf, "reason": f"forkert {i}"}
        )
        assert response.status_code == 303
    assert _status(db_url, "Kildeparken") == "hidden"
    assert resident.get(f"/assets/{asset_id}").status_code == 404
    assert (
        resident.post(f"/api/assets/{asset_id}/report", json={"reason": "igen"}).status_code == 422
    )
    hidden_queue = client.get("/assets/admin?status=hidden")
    assert "Kildeparken" in hidden_queue.text
    assert _moderate(client, asset_id, token, action="approve").status_code == 303
    with session_scope(db_url) as s:
        open_reports = s.execute(text("SELECT open_reports FROM assets")).scalar_one()
        unresolved = s.execute(
            text("SELECT count(*) FROM asset_reports WHERE resolved_at IS NULL")
        ).scalar_one()
    assert (open_reports, unresolved) == (0, 0)


def test_bad_report_and_endorse_of_pending_store_nothing(client: TestClient, db_url: str) -> None:
    submit(client)
    asset_id = asset_id_for(db_url, "Kildeparken")
    before = asset_fingerprint(db_url)
    assert client.post(f"/api/assets/{asset_id}/endorse").status_code == 422  # pending: not public
    assert (
        client.post(f"/api/assets/{asset_id}/report", json={"reason": "x" * 501}).status_code == 422
    )
    assert client.post("/api/assets/99999/endorse").status_code == 404
    assert asset_fingerprint(db_url) == before


def test_resident_edit_sends_approved_asset_back_to_review(client: TestClient, db_url: str) -> None:
    private = token_of(submit(client))
    resident = TestClient(client.app, follow_redirects=False)
    token = coordinator(client, db_url)
    approve(client, db_url, "Kildeparken", token)
    csrf = csrf_of(resident, f"/assets/mine/{private}")
    edit = form_fields(title="Kildeparken (ny)", csrf_token=csrf)
    assert resident.post(f"/assets/mine/{private}", data=edit).status_code == 303
    assert _status(db_url, "Kildeparken (ny)") == "pending"


def test_reverification_filter_and_verify(client: TestClient, db_url: str) -> None:
    submit(client, title="Gammel")
    submit(client, title="Ny")
    token = coordinator(client, db_url)
    for title in ("Gammel", "Ny"):
        approve(client, db_url, title, token)
    with session_scope(db_url) as s:
        s.execute(
            text(
                "UPDATE assets SET last_verified_at = now() - interval '13 months' "
                "WHERE title = 'Gammel'"
            )
        )
    due = client.get("/assets/admin?reverify=true&status=all")
    assert "Gammel" in due.text and ">Ny<" not in due.text
    assert (
        _moderate(client, asset_id_for(db_url, "Gammel"), token, action="verify").status_code == 303
    )
    assert "Gammel" not in client.get("/assets/admin?reverify=true").text


def test_coordinator_edit_records_diff_and_bad_edit_changes_nothing(
    client: TestClient, db_url: str
) -> None:
    submit(client)
    token = coordinator(client, db_url)
    asset_id = asset_id_for(db_url, "Kildeparken")
    before = asset_fingerprint(db_url)
    bad = client.post(f"/assets/admin/{asset_id}", data=form_fields(title="", csrf_token=token))
    assert bad.status_code == 422 and asset_fingerprint(db_url) == before
    good = client.post(
        f"/assets/admin/{asset_id}", data=form_fields(title="Kildeparken Syd", csrf_token=token)
    )
    assert good.status_code == 303
    history = client.get(f"/api/admin/assets/{asset_id}/history").json()
    assert history[-1]["kind"] == "edited" and history[-1]["user_email"] == "koord@aalborg.dk"
    assert history[-1]["diff"] == {"title": ["Kildeparken", "Kildeparken Syd"]}


def test_json_api_needs_the_csrf_header(client: TestClient, db_url: str) -> None:
    submit(client)
    token = coordinator(client, db_url)
    asset_id = asset_id_for(db_url, "Kildeparken")
    before = asset_fingerprint(db_url)
    url = f"/api/admin/assets/{asset_id}/moderate"
    assert client.post(url, json={"action": "approve"}).status_code == 403
    assert (
        client.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": "nope"}).status_code
        == 403
    )
    assert asset_fingerprint(db_url) == before
    ok = client.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    patch = client.patch(
        f"/api/admin/assets/{asset_id}",
        headers={"X-CSRF-Token": token},
        json={"category": "spaces", "title": "Parken", "lat": 57.034, "lon": 9.998},
    )
    assert patch.status_code == 200 and set(patch.json()["diff"]) == {"title", "location"}
    bulk = client.post(
        "/api/admin/assets/bulk",
        headers={"X-CSRF-Token": token},
        json={"ids": [asset_id], "action": "archive"},
    )
    assert bulk.json() == {"changed": 1}
