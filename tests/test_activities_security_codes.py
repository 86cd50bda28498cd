"""Participant codes are never shown, logged or stored in the clear.

A code that looks like a CPR number (or a phone number, an e-mail address, a name) is refused;
the refusal must then not hand the personal data back: not in the form that comes back, not in
problem+json, not in a log record. Accepted codes exist only as keyed hashes: no page, JSON or
download carries a code or a hash.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from geodata.db import session_scope
from tests.test_activities_data_helpers import dump, setup_project
from tests.test_activities_register_form import FORM, client_as, fields, sessions
from tests.test_assets_helpers import csrf_of

CPR = "0101901234"  # a date that exists, then four digits: what a CPR number looks like
CPR_TYPED = "010190-1234"
API = "/api/activities/projects/SOE/sessions"


@pytest.fixture
def project(db_url: str) -> str:
    setup_project(db_url)
    return db_url


def _cpr_free(text_: str) -> bool:
    return CPR not in text_ and CPR_TYPED not in text_ and "1234" not in text_


def test_a_refused_cpr_code_is_not_echoed_by_the_form(
    project: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_as(project, tmp_path, "coordinator")
    caplog.set_level(logging.DEBUG)
    answer = client.post(FORM, data=fields(client, codes=f"SOE0001\n{CPR_TYPED}\nSOE0002",
                                           note="Godt vejr"))  # fmt: skip
    assert answer.status_code == 422
    assert "CPR" in answer.text  # the refusal says why, next to the field
    assert _cpr_free(answer.text), "the CPR number came back in the form"
    assert "SOE0001" in answer.text and "SOE0002" in answer.text  # the harmless codes stay
    assert "Godt vejr" in answer.text  # other fields are kept as typed
    assert sessions(project) == 0
    assert _cpr_free(caplog.text)


def test_every_personal_looking_code_is_dropped_from_the_form(project: str, tmp_path: Path) -> None:
    client = client_as(project, tmp_path, "coordinator")
    typed = ("anna@example.dk", "Anna Hansen", "45 22 33 44 55", "22334455")
    answer = client.post(FORM, data=fields(client, codes="\n".join(typed)))
    assert answer.status_code == 422
    for value in typed:
        assert value not in answer.text, value


def test_a_refused_cpr_code_is_not_echoed_by_the_api(
    project: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_as(project, tmp_path, "coordinator")
    headers = {"X-CSRF-Token": csrf_of(client, "/activities")}
    caplog.set_level(logging.DEBUG)
    body = {
        "offer": "Fællesspisning",
        "held_on": "2026-02-10",
        "venue": "V1",
        "counts": [{"age_band": "0-17", "home_kind": "unknown", "participants": 5}],
    }
    for codes in ([CPR_TYPED], [CPR + "x" * 100], [CPR + "\x00"]):  # domain and schema refusals
        answer = client.post(API, json=body | {"codes": codes}, headers=headers)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert _cpr_free(answer.text), answer.text
    assert _cpr_free(caplog.text)
    with session_scope(project) as s:
        assert s.execute(text("SELECT count(*) FROM activity_sessions")).scalar_one() == 0


def test_accepted_codes_live_only_as_keyed_hashes(project: str, tmp_path: Path) -> None:
    client: TestClient = client_as(project, tmp_path, "coordinator")
    answer = client.post(FORM, data=fields(client, codes="KORT-0412\nKORT-0413"))
    assert answer.status_code == 303, answer.text[:500]
    with session_scope(project) as s:
        stored = dump(s)
        hashes = [r[0] for r in s.execute(text("SELECT code_hash FROM activity_codes"))]
    assert len(hashes) == 2 and "KORT" not in stored and "0412" not in stored
    seen = [
        client.get(answer.headers["location"]).text,
        client.get("/activities/SOE/sessions").text,
        client.get(API).text,
        client.get(f"{API}?limit=1").text,
        client.get("/activities/SOE?year=2026").text,
    ]
    seen += [client.get(f"/activities/SOE/download?table={t}&format=csv&year=2026").text
             for t in ("progress", "quarters", "offers", "venues", "evaluator")]  # fmt: skip
    session_id = client.get(API).json()["items"][0]["id"]
    seen.append(client.get(f"{API}/{session_id}").text)
    seen.append(client.get(f"/activities/SOE/register?copy={session_id}").text)
    for shown in seen:
        assert "KORT" not in shown and "0412" not in shown
        assert not any(h in shown or h[:16] in shown for h in hashes)


@pytest.mark.parametrize(
    ("note", "word"),
    [("Ole 010190-1234 kom for første gang", "CPR"), ("Skriv til ole@example.dk", "e-mail")],
)
def test_a_note_with_personal_data_is_refused_and_not_echoed(
    project: str, tmp_path: Path, note: str, word: str
) -> None:
    client = client_as(project, tmp_path, "coordinator")
    answer = client.post(FORM, data=fields(client, note=note))
    assert answer.status_code == 422 and word in answer.text
    assert note not in answer.text and "010190" not in answer.text and "ole@" not in answer.text
    headers = {"X-CSRF-Token": csrf_of(client, "/activities")}
    body = {
        "offer": "Fællesspisning",
        "held_on": "2026-02-10",
        "venue": "V1",
        "note": note,
        "counts": [{"age_band": "0-17", "home_kind": "unknown", "participants": 5}],
    }
    refused = client.post(API, json=body, headers=headers)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["note"]
    assert "010190" not in refused.text and "ole@" not in refused.text
    assert sessions(project) == 0
    fine = client.post(API, json=body | {"note": "Godt vejr, 12 børn, 2026-02-10 kl. 16-18"},
                       headers=headers)  # fmt: skip
    assert fine.status_code == 201, fine.text
