"""`kvarterkort statbank tables|info|import`: Statistics Denmark's figures as indicators.

`tables` and `info` help find a table and its codes; `import` sums a selection per area and
period into one indicator, with the request and the table's revision kept as provenance. Answers
are cached on disk (KVARTERKORT_STATBANK_CACHE_DIR), so `--offline` repeats an import without the
network. The heavy modules (pandas, httpx, the importer) are imported inside the commands so
`kvarterkort --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.cli.common import database_url, settings, user_errors

if TYPE_CHECKING:
    from geodata.statbank.client import StatbankClient
    from geodata.statbank.parse import TableInfo

statbank = typer.Typer(help="Statistics Denmark (Statbank): find tables and import indicators.")
LANG_HELP = "Language of Statbank's texts: da or en."
OFFLINE_HELP = "Use only answers cached on disk; never go online."
SHOWN_CODES = 5


def _client(offline: bool) -> StatbankClient:
    from geodata.statbank.client import StatbankClient

    return StatbankClient.from_settings(settings(), offline=offline)


@statbank.command("tables")
def tables(
    search: str | None = typer.Option(
        None, "--search", help="Only tables whose id or text has this."
    ),
    lang: str = typer.Option("da", "--lang", help=LANG_HELP),
    offline: bool = typer.Option(False, "--offline", help=OFFLINE_HELP),
) -> None:
    """List Statbank's tables: id, text, periods and when each was last updated."""
    from geodata.statbank.parse import search_tables

    with user_errors():
        found = _client(offline).tables(lang)
        if search:
            found = search_tables(found, search)
    for table in found:
        periods = f"{table.first_period}-{table.latest_period}"
        typer.echo(f"{table.id}\t{table.text}\t{periods}\tupdated {table.updated:%Y-%m-%d}")
    typer.echo(f"{len(found)} tables", err=True)


@statbank.command("info")
def info(
    table: str = typer.Argument(..., help="The table id, e.g. FOLK1A or STRAF42."),
    lang: str = typer.Option("da", "--lang", help=LANG_HELP),
    offline: bool = typer.Option(False, "--offline", help=OFFLINE_HELP),
) -> None:
    """Show a table: title, unit, updated, each variable with its codes, footnote and credit."""
    with user_errors():
        described = _client(offline).tableinfo(table, lang, fresh=True)  # today's `updated`
    typer.echo("\n".join(describe_table(described)))


def describe_table(info: TableInfo) -> list[str]:
    """The lines of `statbank info`: enough to write a --select."""
    lines = [f"{info.id}: {info.text}", f"unit: {info.unit}",
             f"updated: {info.updated.isoformat()}", "variables:"]  # fmt: skip
    for variable in info.variables:
        marks = [m for m, on in (("time", variable.time), ("may be left out",
                 variable.elimination)) if on]  # fmt: skip
        extra = f" ({', '.join(marks)})" if marks else ""
        lines.append(f"  {variable.id} – {variable.text}: {len(variable.values)} values{extra}")
        codes = ", ".join(f"{v.id}={v.text}" for v in variable.values[:SHOWN_CODES])
        more = " ..." if len(variable.values) > SHOWN_CODES else ""
        lines.append(f"    {codes}{more}")
    mark = (info.suppressed_data_value or "").strip()
    if mark and mark != "..":
        lines.append(f"suppressed cells: written as {mark!r}, not '..' (a {mark} may be a "
                     "confidential cell)")  # fmt: skip
    if info.footnote:
        lines.append("footnote: " + " ".join(info.footnote.split()))
    lines.append(f"credit: Kilde: Danmarks Statistik, Statistikbanken, tabel {info.id}")
    return lines


@statbank.command("import")
def import_command(
    table: str | None = typer.Argument(None, help="The table id (with --file: names its table)."),
    file: Path | None = typer.Option(
        None, "--file", help="A Statbank CSV saved from the site or API."
    ),
    select: list[str] = typer.Option([], "--select", help="VAR=CODES, e.g. ALDER=65-99 or KØN=*."),
    per: list[str] = typer.Option([], "--per", help="Denominator: VAR=CODES replacing --select."),
    indicator: str = typer.Option(..., "--as", help="The indicator code to store the values as."),
    area: str | None = typer.Option(None, "--area", help="KIND:CODE for a table without areas."),
    accept_revision: bool = typer.Option(
        False, "--accept-revision", help="Replace revised values."
    ),
    offline: bool = typer.Option(False, "--offline", help=OFFLINE_HELP),
    lang: str = typer.Option("da", "--lang", help=LANG_HELP),
    name: str | None = typer.Option(None, "--name", help="New indicator: its Danish name."),
    name_en: str | None = typer.Option(None, "--name-en", help="New indicator: English name."),
    unit: str | None = typer.Option(
        None, "--unit", help="New indicator: unit (default % or count)."
    ),
    direction: str | None = typer.Option(
        None, "--direction", help="New indicator: higher_is_worse or lower_is_worse."
    ),
    domain: str = typer.Option("demography", "--domain", help="New indicator: its domain."),
) -> None:
    """Import a selection of a Statbank table (or saved file) as one indicator per area and period.

    Cells marked missing or confidential ('..') stay missing. Values that would replace stored
    ones (a revised table) are refused with a list of the changes unless --accept-revision.
    """
    from geodata.db import session_scope
    from geodata.statbank.errors import RevisionError
    from geodata.statbank.importer import StatbankImportOptions, import_statbank

    with user_errors():
        opts = StatbankImportOptions(
            indicator=indicator, table=table, file=file, select=list(select), per=list(per),
            area=area, accept_revision=accept_revision, lang=lang, name=name, name_en=name_en,
            unit=unit, direction=direction, domain=domain,
            max_file_bytes=settings().statbank_max_file_bytes,
        )  # fmt: skip
        try:
            client = None if file is not None else _client(offline)
            with session_scope(database_url()) as session:
                report = import_statbank(session, opts, client)
        except RevisionError as exc:
            for line in exc.diff:
                typer.echo(f"  {line}", err=True)
            raise
    typer.echo(report.summary())


def register(root: typer.Typer) -> None:
    root.add_typer(statbank, name="statbank")
