"""FastAPI dependencies: settings, a session per request, the UI language."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.settings import Settings
from geodata.db import session_scope


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler succeeds, rolled back otherwise.

    Routes always use `DB_SESSION`, i.e. `Depends(get_session, scope="function")`: FastAPI's
    default runs a yield dependency's exit after the response is sent, so a failed COMMIT would
    reach the user as a success. Function scope commits before the answer
    (tests/test_session_commit.py).
    """
    with session_scope(request.app.state.database_url) as session:
        yield session


# The one way routes get a session: committed before the response is sent (see get_session).
DB_SESSION = Depends(get_session, scope="function")
