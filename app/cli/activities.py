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


def _day(value: datetime) -> date:
    return value.date()


@project_app.command("add")
def project_add(
    code: str = typer.Argument(..., help="A short code, e.g. SOE."),
    name: str = typer.Option(..., "--name", help="The project's name."),
    starts: datetime = DATE,
    ends: datetime = DATE,
    kommune: str = typer.Option(..., "--kommune", help="The kommune's code, e.g. 0851."),
) -> None:
    """Create a project with its period and kommune (the kommune area must be loaded)."""
    from geodata.activities_projects import add_project
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        add_project(session, code, name, _day(starts), _day(ends), kommune)
    typer.echo(f"project {code} added")


@project_app.command("list")
def project_list() -> None:
    """List the projects: code, name, period, kommune, offers."""
    from geodata.db import session_scope
    from geodata.queries.activities import projects

    with user_errors(), session_scope(database_url()) as session:
        rows = projects(session)
    for r in rows:
        marks = "".join(f"\t{m}" for m, on in (("published", r.published),
                                                ("synthetic", r.synthetic)) if on)  # fmt: skip
        typer.echo(f"{r.code}\t{r.name}\t{r.starts_on}..{r.ends_on}\tkommune {r.kommune_code}"
                   f"\t{r.offers} offers{marks}")  # fmt: skip
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
) -> None:
    """Set (or replace) the participants a project promises in a year for an offer kind."""
    from geodata.activities_projects import set_target
    from geodata.db import session_scope

    with user_errors(), session_scope(database_url()) as session:
        set_target(session, project, year, kind, participants)
    typer.echo(f"target {project} {year} {kind}: {participants}")


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
    from geodata.activities_sessions import SessionDraft, register_session
    from geodata.db import session_scope

    draft = SessionDraft(
        offer=offer, held_on=_day(held_on), counts=tuple(parse_count(c) for c in count),
        starts_at=_clock(start, "--start"), ends_at=_clock(end, "--end"), venue_key=venue,
        point=parse_point(point) if point else None, staff_count=staff, note=note,
        codes=tuple(code),
    )  # fmt: skip
    with user_errors(), session_scope(database_url()) as session:
        new_id = register_session(session, project, draft,
                                  key=settings().resolved_activity_code_key())  # fmt: skip
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
