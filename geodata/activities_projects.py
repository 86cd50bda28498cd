"""Projects, offers and targets of activities: created from the CLI (later the pages), checked here.

A project names its kommune by code, and the kommune must be loaded: a session's point is
checked against that area, so a project without it could never accept a point. Progress is
computed by the pure activities.progress from the frames geodata.queries.activities reads.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from activities import KINDS
from activities.progress import summarise
from geodata.activities_area import resolve_area
from geodata.activities_sessions import project
from geodata.errors import GeodataError
from geodata.queries import activities as q
from geodata.queries import activities_area as area_q
from geodata.queries import activities_read as read_q

MAX_TARGET = 1_000_000


def add_project(
    session: Session, code: str, name: str, starts_on: date, ends_on: date, kommune_code: str,
    synthetic: bool = False, published: bool = False, area: str | None = None,
) -> int:  # fmt: skip
    """Create a project; refuses a taken code, a reversed period and an unloaded kommune.

    ``area`` ("KIND:CODE", e.g. "postnummer:9210") is the project's own area, where its reach
    is judged; it must be loaded and lie in the kommune (geodata.activities_area)."""
    code = code.strip()
    if not code or len(code) > 40:
        raise GeodataError("a project code has 1-40 characters", key="activities.data.code_size")
    if q.project_by_code(session, code) is not None:
        raise GeodataError(f"a project with code {code!r} exists already",
                           key="activities.data.project_exists", code=code)  # fmt: skip
    if ends_on < starts_on:
        raise GeodataError(
            f"the project ends ({ends_on}) before it starts ({starts_on})",
            key="activities.data.period",
            starts=starts_on,
            ends=ends_on,
        )
    if not q.kommune_exists(session, kommune_code):
        raise GeodataError(
            f"no kommune with code {kommune_code!r} is loaded; load the kommune areas first",
            key="activities.data.no_kommune",
            code=kommune_code,
        )
    values = {"code": code, "name": name.strip() or code, "starts_on": starts_on,
              "ends_on": ends_on, "kommune_code": kommune_code, "synthetic": synthetic,
              "published": published,
              "area_id": resolve_area(session, area, kommune_code) if area else None}  # fmt: skip
    return q.insert_project(session, values)


def set_project_area(session: Session, code: str, area: str | None) -> int | None:
    """Give an existing project its own area ("KIND:CODE"), or none (``None``: the whole
    kommune again); returns the area's id."""
    proj = project(session, code)
    area_id = resolve_area(session, area, proj.kommune_code) if area else None
    area_q.set_area(session, proj.id, area_id)
    return area_id


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise GeodataError(
            f"unknown offer kind {kind!r}; use one of {', '.join(KINDS)}",
            key="activities.data.kind",
            kind=kind,
            kinds=", ".join(KINDS),
        )
    return kind


def add_offer(
    session: Session, project_code: str, name: str, kind: str, owner: str | None = None,
    target_group: str | None = None, synthetic: bool = False,
) -> int:  # fmt: skip
    """Add an offer (tilbud) to a project; names are unique within a project, any case."""
    proj = project(session, project_code)
    name = name.strip()
    if not name or len(name) > 200:
        raise GeodataError("an offer name has 1-200 characters", key="activities.data.offer_name")
    if q.offer_by_name(session, proj.id, name) is not None:
        raise GeodataError(f"the project has an offer named {name!r} already",
                           key="activities.data.offer_exists", name=name)  # fmt: skip
    values = {"project_id": proj.id, "name": name, "kind": check_kind(kind), "owner": owner,
              "target_group": target_group, "synthetic": synthetic}  # fmt: skip
    return q.insert_offer(session, values)


def set_target(
    session: Session, project_code: str, year: int, kind: str, participants: int,
    area_code: str | None = None,
) -> None:  # fmt: skip
    """Set (or replace) a project's participant target for a year and offer kind, for the
    whole project or (``area_code``) for the participants living in one boligområde."""
    proj = project(session, project_code)
    if not proj.starts_on.year <= year <= proj.ends_on.year:
        raise GeodataError(
            f"{year} is outside the project ({proj.starts_on.year}-{proj.ends_on.year})",
            key="activities.data.target_year", year=year, first=proj.starts_on.year,
            last=proj.ends_on.year,
        )  # fmt: skip
    if not 0 <= participants <= MAX_TARGET:
        raise GeodataError(f"a target is 0-{MAX_TARGET} participants",
                           key="activities.data.target_size", limit=MAX_TARGET)  # fmt: skip
    if area_code is None:
        q.set_target(session, proj.id, year, check_kind(kind), participants)
        return
    area = read_q.target_area(session, area_code)
    if area is None:
        raise GeodataError(f"no boligområde with code {area_code!r} is loaded",
                           key="activities.progress.err.no_area", code=area_code)  # fmt: skip
    read_q.set_area_target(session, proj.id, year, check_kind(kind), area.id, participants)


def progress(
    session: Session, project_code: str, today: date, by: tuple[str, ...] = ("year", "kind")
) -> pd.DataFrame:
    """Visits, unique participants, targets and forecasts of a project up to `today` (exact
    counts: for staff only, nothing is suppressed)."""
    proj = project(session, project_code)
    visits, codes, targets = q.progress_frames(session, proj.id)
    # as of `today`: a status for the end of a quarter leaves out what was held after it
    visits, codes = visits[visits["held_on"] <= today], codes[codes["held_on"] <= today]
    return summarise(visits, codes, targets, today, by=by, project_starts=proj.starts_on,
                     project_ends=proj.ends_on)  # fmt: skip
