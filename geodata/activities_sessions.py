"""Register a session with its counts: resolve names to rows, check it, store it, all or nothing.

The CLI, the import (geodata/activities_io.py) and later the form and API go through
:func:`prepare` and :func:`store`, so one rule set (activities.validation.check_session plus the
lookups only the database can do: the project, the offer, the venue, the kommune, the estates)
applies however a session arrives. Participant codes are hashed here, with the key the edge
passes in (Settings.resolved_activity_code_key), and only the hashes reach the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy.orm import Session

from activities.codes import hash_code
from activities.errors import ActivityError
from activities.validation import Problem, SessionInput, check_session
from geodata.errors import LoadError, NotFoundError
from geodata.errors import Problem as FileProblem
from geodata.queries import activities as q

# home kind -> area kinds a named place of that kind may be
PLACE_KINDS: dict[str, tuple[str, ...]] = {
    "boligomraade": ("boligområde",),
    "other_area": ("sogn", "postnummer", "skoledistrikt", "custom", "boligområde"),
}


@dataclass(frozen=True)
class CountInput:
    """Participants of one age band living in one kind of place (optionally a named place)."""

    age_band: str
    home_kind: str
    participants: int
    place: str | None = None  # estate name/number, or area code/name


@dataclass(frozen=True)
class SessionDraft:
    """A session as a coordinator describes it: names and codes, not database ids."""

    offer: str
    held_on: date
    counts: tuple[CountInput, ...]
    starts_at: time | None = None
    ends_at: time | None = None
    venue_key: str | None = None
    point: tuple[float, float] | None = None  # lon, lat in WGS84
    staff_count: int | None = None
    note: str | None = None
    codes: tuple[str, ...] = ()
    synthetic: bool = False


@dataclass
class Prepared:
    """A draft that passed every check, in database terms."""

    key: q.SessionKey
    content: q.SessionContent
    synthetic: bool = False
    problems: list[Problem] = field(default_factory=list)


@dataclass
class SessionError(LoadError):
    """A session was refused; each problem names the field to fix. Nothing was stored."""

    title = "Invalid activity session"

    def summary(self, limit: int = 20) -> str:
        lines = [f"field '{p.field}': {p.message}" if p.field else p.message
                 for p in self.problems[:limit]]  # fmt: skip
        return "\n".join(lines)


def project(session: Session, code: str) -> q.ProjectRow:
    found = q.project_by_code(session, code.strip())
    if found is None:
        raise NotFoundError(f"no activity project with code {code!r}",
                            key="activities.data.no_project", code=code)  # fmt: skip
    return found


def _problem(name: str, message: str, key: str, **params: object) -> Problem:
    return Problem(field=name, message=message, key=key, params=dict(params))


def prepare(
    session: Session, proj: q.ProjectRow, draft: SessionDraft, key: bytes, today: date,
    places: dict[tuple[str, str], int | None] | None = None,
) -> Prepared:  # fmt: skip
    """The draft resolved and checked; `problems` lists every fault (none: it may be stored).

    ``places`` caches the named homes' lookups across the sessions of one import."""
    problems: list[Problem] = []
    offer = q.offer_by_name(session, proj.id, draft.offer)
    if offer is None:
        problems.append(offer_problem(draft.offer))
    venue = _venue(session, draft, problems)
    inside = None
    if draft.point is not None and venue is None and not draft.venue_key:
        inside = q.point_inside_kommune(session, *draft.point, proj.kommune_code)
    cells = _cells(session, draft.counts, problems, {} if places is None else places)
    hashes = hash_codes(draft.codes, key, proj.code, problems)
    # a venue key that names no venue is reported once (no_venue), not again as "no place"
    named = venue is not None or bool(draft.venue_key)
    problems.extend(check_session(_input(proj, draft, named, inside, today)))
    sk = q.SessionKey(offer.id if offer else 0, draft.held_on, draft.starts_at, venue,
                      draft.point if venue is None else None)  # fmt: skip
    content = q.SessionContent(draft.ends_at, draft.staff_count, draft.note,
                               q.sort_cells(cells), tuple(sorted(set(hashes))))  # fmt: skip
    return Prepared(sk, content, draft.synthetic, problems)


def offer_problem(name: str) -> Problem:
    return _problem("offer", f"the project has no offer {name!r}", "activities.data.no_offer",
                    offer=name)  # fmt: skip


def _input(
    proj: q.ProjectRow, draft: SessionDraft, has_venue: bool, inside: bool | None, today: date
) -> SessionInput:
    counts: dict[tuple[str, str], int] = {}
    for c in draft.counts:
        counts[(c.age_band, c.home_kind)] = (
            counts.get((c.age_band, c.home_kind), 0) + c.participants
        )
    return SessionInput(
        project_starts=proj.starts_on, project_ends=proj.ends_on, held_on=draft.held_on,
        starts_at=draft.starts_at, ends_at=draft.ends_at, staff_count=draft.staff_count,
        counts=counts, n_codes=len(set(draft.codes)), has_venue=has_venue,
        point_inside_kommune=inside, note=draft.note, today=today,
    )  # fmt: skip


def _venue(session: Session, draft: SessionDraft, problems: list[Problem]) -> int | None:
    if draft.venue_key and draft.point is not None:
        problems.append(_problem("venue", "give a venue or a point, not both",
                                 "activities.data.venue_and_point"))  # fmt: skip
    if not draft.venue_key:
        return None
    found = q.venue_id(session, draft.venue_key)
    if found is None:
        problems.append(_problem("venue", f"no venue with key {draft.venue_key!r}",
                                 "activities.data.no_venue", venue=draft.venue_key))  # fmt: skip
    return found


def _cells(
    session: Session, counts: Sequence[CountInput], problems: list[Problem],
    places: dict[tuple[str, str], int | None],
) -> list[q.Cell]:  # fmt: skip
    """Attendance rows with the named places looked up; a cell given twice is refused."""
    out: dict[tuple[str, str, int | None, int | None], q.Cell] = {}
    for c in counts:
        estate, area = _place(session, c, problems, places)
        cell_key = (c.age_band, c.home_kind, estate, area)
        if cell_key in out:
            problems.append(_problem("counts", f"the count {c.age_band}/{c.home_kind} is given "
                                     "twice", "activities.data.count_twice", band=c.age_band,
                                     home=c.home_kind))  # fmt: skip
        out[cell_key] = q.Cell(c.age_band, c.home_kind, estate, area, c.participants)
    return list(out.values())


def _place(
    session: Session, c: CountInput, problems: list[Problem],
    places: dict[tuple[str, str], int | None],
) -> tuple[int | None, int | None]:  # fmt: skip
    if not c.place:
        return None, None
    if c.home_kind == "estate" or c.home_kind in PLACE_KINDS:
        if (c.home_kind, c.place) not in places:
            places[(c.home_kind, c.place)] = (
                q.estate_id(session, c.place) if c.home_kind == "estate"
                else q.area_id(session, c.place, PLACE_KINDS[c.home_kind])
            )  # fmt: skip
        found = places[(c.home_kind, c.place)]
    else:
        problems.append(_problem("place", "an unknown home has no place",
                                 "activities.data.place_unknown_home"))  # fmt: skip
        return None, None
    if found is None:
        problems.append(
            _problem(
                "place",
                f"no {c.home_kind} named {c.place!r} (or several)",
                "activities.data.no_place",
                place=c.place,
                home=c.home_kind,
            )
        )
        return None, None
    return (found, None) if c.home_kind == "estate" else (None, found)


def hash_codes(
    codes: Sequence[str], key: bytes, project_code: str, problems: list[Problem]
) -> list[str]:
    """Keyed hashes of the codes; a code that may be personal data is a problem (not echoed)."""
    out = []
    for number, raw in enumerate(codes, 1):
        try:
            out.append(hash_code(raw, key, project_code))
        except ActivityError as exc:
            # the code itself never goes into the message: it may be personal data
            problems.append(_problem("codes", f"code {number}: {exc}", exc.key or "",
                                     number=number, **exc.params))  # fmt: skip
    return out


def store(session: Session, prepared: Prepared, created_by: int | None = None) -> int:
    """Insert a prepared session; a session with the same natural key is refused."""
    if q.find_session(session, prepared.key) is not None:
        raise SessionError([_file_problem(_problem(
            "held_on", "this offer already has a session at this date, time and place",
            "activities.data.duplicate"))])  # fmt: skip
    return q.insert_session(session, prepared.key, prepared.content, created_by,
                            prepared.synthetic)  # fmt: skip


def _file_problem(p: Problem) -> FileProblem:
    return FileProblem("", "", p.field, p.message, p.key, p.params)


def register_session(
    session: Session, project_code: str, draft: SessionDraft, *, key: bytes,
    today: date | None = None, created_by: int | None = None,
) -> int:  # fmt: skip
    """Check and store one session with its counts and code hashes; returns its id.

    Raises :class:`SessionError` listing every problem with its field; nothing is written then.
    """
    proj = project(session, project_code)
    prepared = prepare(session, proj, draft, key, today or date.today())
    if prepared.problems:
        raise SessionError([_file_problem(p) for p in prepared.problems])
    with session.begin_nested():
        return store(session, prepared, created_by)
