"""Schemathesis over every operation of the OpenAPI schema, anonymous and as each role.

Every generated request is sent four times: without a session and with a logged-in
coordinator, planner and admin session (cookie plus the X-CSRF-Token header; a form's
`csrf_token` field gets the session's token too, so the fuzzer reaches past the CSRF check).
No answer may be a 5xx, and every answer must match the schema: its status documented,
its media type and its body as declared. Routes kept out of the schema are listed in
`app.openapi.UNDOCUMENTED`; tests/test_bad_input.py throws bad input at each of them by hand.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import text

from app.main import create_app
from app.openapi import UNDOCUMENTED, undocumented_routes
from app.settings import Settings
from geodata.db import session_scope
from tests.conftest import DEMO_TEMPLATE, _create_db, _drop_db
from tests.test_assets_helpers import PASSWORD, add_user, csrf_of, login

ROLES = ("coordinator", "planner", "admin")
EMAILS = {role: f"fuzz-{role}@aalborg.dk" for role in ROLES}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Limits high enough that the fuzzer reaches the handlers instead of the rate limiter.
GENEROUS = {
    name: 1_000_000
    for name in (
        "rate_submissions_per_hour",
        "rate_uploads_per_hour",
        "rate_reports_per_hour",
        "rate_endorsements_per_hour",
        "rate_logins_per_hour",
    )
}


@pytest.fixture(scope="module")
def fuzz_url(server_url: str, demo_template_url: str) -> Iterator[str]:
    """One copy of the demo database for the whole module, with a user per role."""
    url = _create_db(server_url, f"kk_fuzz_{os.getpid()}", DEMO_TEMPLATE)
    for role in ROLES:
        add_user(url, EMAILS[role], role)
    yield url
    _drop_db(server_url, url)


@pytest.fixture(scope="module")
def fuzz_app(fuzz_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data_dir = tmp_path_factory.mktemp("fuzz-data")
    config = Settings(tiles="none", data_dir=data_dir, secret_key="fuzz-secret", **GENEROUS)
    return create_app(config, database_url=fuzz_url)


class Sessions:
    """Logged-in sessions per role, renewed when a fuzzed request logged a role out or changed
    an account (the admin operations may deactivate or demote the fuzzing users)."""

    def __init__(self, app: FastAPI, url: str) -> None:
        self.app, self.url = app, url
        self.cookies: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, str] = {}
        self.state: Any = None

    def _accounts(self) -> Any:
        with session_scope(self.url) as s:
            q = text(
                "SELECT email, role, active, session_epoch FROM users "
                "WHERE email = ANY(:e) ORDER BY email"
            )
            return [tuple(r) for r in s.execute(q, {"e": list(EMAILS.values())})]

    def refresh(self) -> None:
        state = self._accounts()
        if state == self.state:
            return
        with session_scope(self.url) as s:
            for role, email in EMAILS.items():
                s.execute(
                    text("UPDATE users SET role = :r, active = true WHERE email = :e"),
                    {"r": role, "e": email},
                )
        for role, email in EMAILS.items():
            client = TestClient(self.app, follow_redirects=False)
            assert login(client, email, PASSWORD).status_code == 303
            self.tokens[role] = csrf_of(client, "/login")
            self.cookies[role] = dict(client.cookies)
            expected = 403 if role == "planner" else 200  # the session really is logged in
            assert client.get("/api/admin/audit?limit=1").status_code == expected
        self.state = self._accounts()


@pytest.fixture(scope="module")
def sessions(fuzz_app: FastAPI, fuzz_url: str) -> Sessions:
    return Sessions(fuzz_app, fuzz_url)


# The schema does not depend on the data, so it is read from an app on an unused URL at import
# (schemathesis' lazy fixture loader does not run under pytest 9); requests go to `fuzz_app`.
SCHEMA_APP = create_app(
    Settings(tiles="none", secret_key="schema-only"),
    database_url="postgresql+psycopg://schema@127.0.0.1:1/unused",
)
# Positive and negative data from the fuzzing phase only: the coverage phase enumerates every
# boundary of every parameter (hundreds of requests per operation), too slow for each test run.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", SCHEMA_APP, config=CONFIG)


def _with_token(case: Any, token: str | None) -> None:
    """Give a form body the session's CSRF token, so the handler behind the check runs."""
    if isinstance(case.body, dict) and "csrf_token" in case.body and token is not None:
        case.body = {**case.body, "csrf_token": token}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("KVARTERKORT_FUZZ_EXAMPLES", "8")),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing case is reported as is
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_as_every_role(case: Any, sessions: Sessions, fuzz_app: FastAPI) -> None:
    sessions.refresh()
    original = case.body
    for role in (None, *ROLES):
        case.body = original
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        if role is not None:
            headers["X-CSRF-Token"] = sessions.tokens[role]
            cookies = sessions.cookies[role]
            _with_token(case, sessions.tokens[role])
        response = case.call(headers=headers, cookies=cookies, allow_redirects=False, app=fuzz_app)
        case.validate_response(response, checks=CHECKS, headers=headers)


def test_every_route_is_documented_or_listed(fuzz_app: FastAPI) -> None:
    """A new route must join the schema or the hand-tested list; stale entries are errors too."""
    hidden = undocumented_routes(fuzz_app)
    assert hidden == set(UNDOCUMENTED), (
        f"not in the schema and not listed: {sorted(hidden - set(UNDOCUMENTED))}; "
        f"listed but gone or documented: {sorted(set(UNDOCUMENTED) - hidden)}"
    )


def test_schema_documents_problems(fuzz_app: FastAPI) -> None:
    """Every operation names its error answers as problem+json with the shared Problem schema."""
    doc = fuzz_app.openapi()
    assert set(doc["components"]["schemas"]["Problem"]["properties"]) >= {
        "type", "title", "status", "detail", "instance", "errors",
    }  # fmt: skip
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert "503" in codes, (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in codes, (method, path)
            if re.search(r"\{\w*id\}", path):
                assert "404" in codes, (method, path)
            problem = op["responses"]["503"]["content"]["application/problem+json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}


def test_integer_ids_are_bounded(fuzz_app: FastAPI) -> None:
    """An id the INTEGER column cannot hold is refused by the schema, not by the database."""
    doc = fuzz_app.openapi()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                if param["name"].endswith("id"):
                    sch = param["schema"]
                    assert sch.get("maximum") == 2**31 - 1, (method, path, param["name"])
                    assert sch.get("minimum") == 1, (method, path, param["name"])


# --- poison: every parameter of every operation with the values that used to give 500s -------

POISON = {
    "string": ["a\x00b", "x" * 5000],
    "integer": [str(2**31), str(-(2**31) - 1), "1e400"],
    "number": ["inf", "-inf", "nan", "1e400"],
    "boolean": ["\x00"],
}


def _kind(schema: dict[str, Any]) -> str:
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("type") in POISON:
            return str(option["type"])
        if option.get("type") == "array":
            return _kind(option.get("items", {}))
    return "string"


def _poisoned(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(method, path, query, json) with one parameter or body field poisoned at a time."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            params = op.get("parameters", [])
            base = {p["name"]: "1" for p in params if p["in"] == "path"}
            for param in params:
                for value in POISON[_kind(param.get("schema", {}))]:
                    poisoned = {param["name"]: quote(value, safe="")}
                    named = {**base, **poisoned} if param["in"] == "path" else base
                    url = path.format(**named) if named else path
                    query = {param["name"]: value} if param["in"] == "query" else {}
                    yield method, url, query, {}
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            url = path.format(**base) if base else path
            for field, sch in _properties(doc, body).items():
                for value in POISON[_kind(sch)]:
                    yield method, url, {}, {field: value}


def _properties(doc: dict[str, Any], body: dict[str, Any] | None) -> dict[str, Any]:
    if not body:
        return {}
    schema = body.get("schema", {})
    ref = schema.get("$ref", "")
    if ref:
        schema = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return dict(schema.get("properties", {}))


def test_every_parameter_survives_poison(fuzz_app: FastAPI, sessions: Sessions) -> None:
    """NUL bytes, huge strings, ids past INTEGER and non-finite numbers in each parameter and
    each JSON field, anonymous and as an admin (who passes every role check): never a 5xx."""
    sessions.refresh()
    doc = fuzz_app.openapi()
    clients = [TestClient(fuzz_app, follow_redirects=False) for _ in range(2)]
    clients[1].cookies.update(sessions.cookies["admin"])
    headers = {"X-CSRF-Token": sessions.tokens["admin"]}
    seen = 0
    for method, url, query, body in _poisoned(doc):
        if url in {"/logout"}:
            continue
        for client in clients:
            answer = client.request(
                method.upper(), url, params=query, json=body or None, headers=headers
            )
            seen += 1
            assert answer.status_code < 500, (method, url, query, body, answer.text[:300])
        sessions.refresh()
        clients[1].cookies.update(sessions.cookies["admin"])
        headers = {"X-CSRF-Token": sessions.tokens["admin"]}
    assert seen > 500
