"""`kvarterkort activities ...`: projects, offers, targets, sessions and progress (issue 11).

Staff tools: `progress` prints exact counts (no small-cell suppression), so it is for the people
who run the project, never for publishing. Participant codes given with --code or in an import
are hashed with the configured key (Settings.resolved_activity_code_key) before they are stored.
The database modules are imported inside the commands so `kvarterkort --help` stays fast.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from app.cli.common import database_url, settings, user_errors

if TYPE_CHECKING:
    from geodata.activities_sessions import CountInput

activities = typer.Typer(help="Activities held: projects, offers, targets, sessions, progress.",
                         no_args_is_help=True)  # fmt: skip
project_app = typer.Typer(help="Activity projects (e.g. Aalborg SØ).", no_args_is_help=True)
offer_app = typer.Typer(help="Offers (tilbud) of a project.", no_args_is_help=True)
target_app = typer.Typer(help="Participant targets of a project.", no_args_is_help=True)
session_app = typer.Typer(help="Sessions held, with their counts.", no_args_is_help=True)
DATE = typer.Option(..., formats=["%Y-%m-%d"], help="A date, YYYY-MM-DD.")
KIND_HELP = "faellesskab (fællesskabsindsats) or sundhedsfremme (sundhedsfremme/forebyggelse)."
AREA_HELP = (
    "The project's own area as KIND:CODE, e.g. postnummer:9210 (Aalborg SØ): its reach "
    "is judged there. Kinds: postnummer, sogn, skoledistrikt, boligomraade, custom."
)


def _day(value: datetime) -> date:
    return value.date()


@project_app.command("add")
def project_add(
    code: str = typer.Argument(..., help="A short code, e.g. SOE."),
    name: str = typer.Option(..., "--name", help="The project's name."),
    starts: datetime = DATE,
    ends: datetime = DATE,
    kommune: str = typer.Option(..., "--kommune", help="The kommune's code, e.g. 0851."),
    area: str | None = typer.Option(None, "--area", help=AREA_HELP),
) -> None:
    """Create a project with its period and kommune (the kommune area must be loaded)."""
    from geodata.activities_projects import add_project
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        add_project(session, code, name, _day(starts), _day(ends), kommune, area=area)
    typer.echo(f"project {code} added" + (f", area {area}" if area else ""))


@project_app.command("area")
def project_area(
    project: str = typer.Argument(..., help="The project's code."),
    area: str | None = typer.Argument(None, help=AREA_HELP),
    clear: bool = typer.Option(False, "--clear", help="No own area: the whole kommune again."),
) -> None:
    """Set the project's own area, where its reach map judges high need and low reach."""
    from geodata.activities_projects import set_project_area
    from geodata.db import session_scope

    if (area is None) == (not clear):
        raise typer.BadParameter("give KIND:CODE (e.g. postnummer:9210) or --clear, not both")
    with user_errors(), session_scope(database_url()) as session:
        set_project_area(session, project, None if clear else area)
    typer.echo(f"project {project}: " + ("no own area (the whole kommune)" if clear
                                          else f"area {area}"))  # fmt: skip


@project_app.command("list")
def project_list() -> None:
    """List the projects: code, name, period, kommune, own area, offers."""
    from geodata.db import session_scope
    from geodata.queries.activities import projects

    with user_errors(), session_scope(database_url()) as session:
        rows = projects(session)
    for r in rows:
        marks = "".join(f"\t{m}" for m, on in (("published", r.published),
                                                ("synthetic", r.synthetic)) if on)  # fmt: skip
        where = f"\tarea {r.area_kind}:{r.area_code} {r.area_name}" if r.area_code else ""
        typer.echo(f"{r.code}\t{r.name}\t{r.starts_on}..{r.ends_on}\tkommune {r.kommune_code}"
                   f"\t{r.offers} offers{marks}{where}")  # fmt: skip
    typer.echo(f"{len(rows)} projects", err=True)


@offer_app.command("add")
def offer_add(
    project: str = typer.Argument(..., help="The project's code."),
    name: str = typer.Argument(..., help="The offer's name."),
    kind: str = typer.Option(..., "--kind", help=KIND_HELP),
    owner: str | None = typer.Option(None, "--owner", help="Who runs the offer."),
    target_group: str | None = typer.Option(None, "--target-group", help="Who it is for."),
) -> None:
    """Add an offer (tilbud) to a project."""
    from geodata.activities_projects import add_offer
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        add_offer(session, project, name, kind, owner, target_group)
    typer.echo(f"offer {name!r} added to {project}")


@offer_app.command("list")
def offer_list(project: str = typer.Argument(..., help="The project's code.")) -> None:
    """List a project's offers: name, kind, owner, target group, sessions."""
    from geodata.activities_sessions import project as find_project
    from geodata.db import session_scope
    from geodata.queries.activities import offers

    with user_errors(), session_scope(database_url()) as session:
        rows = offers(session, find_project(session, project).id)
    for r in rows:
        typer.echo(f"{r.name}\t{r.kind}\t{r.owner or '-'}\t{r.target_group or '-'}"
                   f"\t{r.sessions} sessions")  # fmt: skip
    typer.echo(f"{len(rows)} offers", err=True)


@target_app.command("set")
def target_set(
    project: str = typer.Argument(..., help="The project's code."),
    year: int = typer.Argument(..., help="The year, e.g. 2026."),
    kind: str = typer.Argument(..., help=KIND_HELP),
    participants: int = typer.Argument(..., help="Participants promised that year."),
    area: str | None = typer.Option(
        None, "--area", help="A boligområde's code: the target for participants living there."
    ),
) -> None:
    """Set (or replace) the participants a project promises in a year for an offer kind, for
    the whole project or (--area) for one boligområde."""
    from geodata.activities_projects import set_target
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        set_target(session, project, year, kind, participants, area_code=area)
    where = f" area {area}" if area else ""
    typer.echo(f"target {project} {year} {kind}{where}: {participants}")


def parse_count(text: str) -> CountInput:
    """BAND:HOME=N or BAND:HOME@PLACE=N, e.g. 18-29:estate@Kildeparken=4 or 65-79:unknown=2."""
    from geodata.activities_sessions import CountInput

    cell, _, number = text.partition("=")
    band, _, home = cell.partition(":")
    home, _, place = home.partition("@")
    if not (band and home and number.strip().lstrip("-").isdigit()):
        raise typer.BadParameter(f"{text!r}: write BAND:HOME=N, e.g. 18-29:estate=4")
    return CountInput(band.strip(), home.strip(), int(number), place.strip() or None)


def parse_point(text: str) -> tuple[float, float]:
    lon, _, lat = text.partition(",")
    try:
        return float(lon), float(lat)
    except ValueError:
        raise typer.BadParameter(f"{text!r}: write LON,LAT, e.g. 9.99,57.03") from None


@session_app.command("add")
def session_add(
    project: str = typer.Argument(..., help="The project's code."),
    offer: str = typer.Option(..., "--offer", help="The offer's name."),
    held_on: datetime = typer.Option(..., "--date", formats=["%Y-%m-%d"], help="YYYY-MM-DD."),
    venue: str | None = typer.Option(None, "--venue", help="The venue's key."),
    point: str | None = typer.Option(None, "--point", help="LON,LAT when not at a venue."),
    count: list[str] = typer.Option(..., "--count", help="BAND:HOME[@PLACE]=N, repeatable."),
    code: list[str] = typer.Option([], "--code", help="A participant code, repeatable."),
    start: str | None = typer.Option(None, "--start", help="Start time, HH:MM."),
    end: str | None = typer.Option(None, "--end", help="End time, HH:MM."),
    staff: int | None = typer.Option(None, "--staff", help="Staff present."),
    note: str | None = typer.Option(None, "--note", help="A short note (no names)."),
) -> None:
    """Register one session with its counts by age band and home kind."""
    from geodata.activities_manage import register
    from geodata.activities_sessions import SessionDraft
    from geodata.db import session_scope

    draft = SessionDraft(
        offer=offer, held_on=_day(held_on), counts=tuple(parse_count(c) for c in count),
        starts_at=_clock(start, "--start"), ends_at=_clock(end, "--end"), venue_key=venue,
        point=parse_point(point) if point else None, staff_count=staff, note=note,
        codes=tuple(code),
    )  # fmt: skip
    with user_errors(), session_scope(database_url()) as session:
        new_id = register(session, project, draft, key=settings().resolved_activity_code_key())
    typer.echo(f"session {new_id} registered")


def _clock(text: str | None, option: str) -> Any:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise typer.BadParameter(f"{text!r}: write HH:MM", param_hint=option) from None


@session_app.command("import")
def session_import(
    project: str = typer.Argument(..., help="The project's code."),
    file: Path = typer.Argument(..., help="A CSV or .xlsx, one row per session and count."),
) -> None:
    """Import sessions and counts; nothing is stored unless every row is right."""
    from geodata.activities_io import import_sessions
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        report = import_sessions(session, file, project,
                                 key=settings().resolved_activity_code_key())  # fmt: skip
    typer.echo(report.summary())


@session_app.command("list")
def session_list(
    project: str = typer.Argument(..., help="The project's code."),
    limit: int = typer.Option(100, "--limit", min=1, max=1000, help="Sessions per page."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (newest first)."),
) -> None:
    """List a project's sessions, newest first: id, date, time, offer, venue, participants."""
    from geodata.activities_manage import session_page
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        result = session_page(session, project, limit, offset)
    for r in result.items:
        when = f"{r.held_on}" + (f" {r.starts_at:%H:%M}" if r.starts_at else "")
        mark = "\tsynthetic" if r.synthetic else ""
        typer.echo(f"{r.id}\t{when}\t{r.offer}\t{r.venue or 'point'}\t{r.participants} "
                   f"participants\t{r.codes} codes{mark}")  # fmt: skip
    shown = f"{offset + 1}-{offset + len(result.items)}" if result.items else "none"
    more = f"; next: --offset {result.next_offset}" if result.next_offset is not None else ""
    typer.echo(f"sessions {shown} of {result.total}{more}", err=True)


@session_app.command("delete")
def session_delete(
    project: str = typer.Argument(..., help="The project's code."),
    session_id: int = typer.Argument(..., min=1, max=2**31 - 1, help="The session's id."),
) -> None:
    """Delete a session with its counts and participant codes."""
    from geodata.activities_manage import delete_session
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        delete_session(session, project, session_id)
    typer.echo(f"session {session_id} deleted from {project}")


@project_app.command("publish")
def project_publish(project: str = typer.Argument(..., help="The project's code.")) -> None:
    """Publish the project: the public sees its totals, counts under 5 suppressed."""
    _publish(project, True)


@project_app.command("unpublish")
def project_unpublish(project: str = typer.Argument(..., help="The project's code.")) -> None:
    """Withdraw the project from the public."""
    _publish(project, False)


def _publish(project: str, published: bool) -> None:
    from geodata.activities_manage import set_published
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        set_published(session, project, published)
    typer.echo(f"project {project} {'published' if published else 'unpublished'}")


@activities.command("progress")
def progress_command(
    project: str = typer.Argument(..., help="The project's code."),
    year: int | None = typer.Option(None, "--year", help="Only this year."),
    as_of: datetime | None = typer.Option(
        None, "--as-of", formats=["%Y-%m-%d"], help="Count up to this date (default: today)."
    ),
) -> None:
    """Visits, unique participants, target and year-end forecast by year, quarter and kind.

    Exact counts for staff: nothing is suppressed, so do not publish this output.
    """
    from geodata.activities_projects import progress
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        today = _day(as_of) if as_of else date.today()
        tables = [progress(session, project, today, by=by)
                  for by in (("year", "kind"), ("year", "quarter", "kind"))]  # fmt: skip
    for title, table in zip(("by year and kind", "by quarter and kind"), tables, strict=True):
        if year is not None:
            table = table[table["year"] == year]
        typer.echo(title)
        for line in progress_lines(table):
            typer.echo(line)


def progress_lines(table: Any) -> list[str]:
    """Tab-separated lines, header first; a missing value is '-'."""
    keys = [c for c in ("year", "quarter", "kind") if c in table.columns]
    columns = [*keys, "visits", "unique", "target", "share_of_target", "basis", "forecast",
               "on_track"]  # fmt: skip
    lines = ["\t".join(columns)]
    for row in table.itertuples(index=False):
        lines.append("\t".join(_cell(getattr(row, c)) for c in columns))
    return lines


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    if str(value) in ("<NA>", "nan", "NaT", "None"):
        return "-"
    return str(value)


activities.add_typer(project_app, name="project")
activities.add_typer(offer_app, name="offer")
activities.add_typer(target_app, name="target")
activities.add_typer(session_app, name="session")


def register(root: typer.Typer) -> None:
    root.add_typer(activities, name="activities")
