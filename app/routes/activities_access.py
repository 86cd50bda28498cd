"""Who may see and change a project's activities: one place, so every page and API route agrees.

Coordinators register sessions (and admins, who can do anything); planners, coordinators and
admins read everything exact. The public sees a project only when a coordinator has published
it, and then only its totals with small numbers suppressed (activities.privacy). An unpublished
project answers 404 to the public, exactly as an unknown code does, so its existence does not leak.
"""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from app.auth import current_user, require_role
from geodata.activities_sessions import project
from geodata.errors import NotFoundError
from geodata.models_assets import User
from geodata.queries.activities import ProjectRow

WRITE_ROLES = ("coordinator", "admin")
READ_ROLES = ("coordinator", "planner", "admin")

# FastAPI dependencies: `user: User = Depends(require_writer)` on every route that changes data.
require_writer = require_role(*WRITE_ROLES)
require_reader = require_role(*READ_ROLES)


def staff_viewer(request: Request, db: Session) -> User | None:
    """The logged-in user when they may read exact figures, else None (the public view)."""
    user = current_user(request, db)
    return user if user is not None and user.role in READ_ROLES else None


def readable_project(db: Session, code: str, viewer: User | None) -> ProjectRow:
    """The project for this viewer: staff see any project, the public only published ones.

    Raises NotFoundError (404, in the user's language) for an unknown code and, for the public,
    for an unpublished project too.
    """
    found = project(db, code)
    if viewer is None and not found.published:
        raise NotFoundError(f"no activity project with code {code!r}",
                            key="activities.data.no_project", code=code)  # fmt: skip
    return found
