"""Import sessions with their counts from a CSV or .xlsx: every problem located, all or nothing.

One row is one count: a session (offer, date, start, venue or point) and an age band and home
kind with its number of participants; the rows of one session share its date, offer, start and
place, and the session's own fields (end, staff, note) may stand on any of its rows. Column names
may be Danish (dato, tilbud, lokale, start, slut, aldersgruppe, bopæl, boligafdeling/boligområde,
antal, personale, note, koder). A session already stored under the same natural key (project,
offer, date, start time, venue or point) is left alone when it is the same, and corrected when
the file says something else, so importing a file twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from activities import AGE_BANDS, HOME_KINDS
from activities.validation import Problem as ValidationProblem
from geodata.activities_sessions import (
    CountInput,
    Prepared,
    SessionDraft,
    hash_codes,
    offer_problem,
    prepare,
    project,
)
from geodata.errors import LoadError, Problem
from geodata.loaders.aliases import choice_table, find_column, fold, resolve_choice
from geodata.loaders.readers import SourceTable, coordinate_columns, read_table
from geodata.loaders.spreadsheet import column_decimal, parse_number
from geodata.queries import activities as q

SUFFIXES = (".csv", ".xlsx")
COLUMNS: dict[str, tuple[str, ...]] = {
    "held_on": ("dato", "date"),
    "offer": ("tilbud", "aktivitet"),
    "venue_key": ("lokale", "venue", "sted", "sted_id", "lokale_id"),
    "starts_at": ("start", "starttid", "fra"),
    "ends_at": ("slut", "sluttid", "til"),
    "age_band": ("aldersgruppe", "alder"),
    "home_kind": ("bopæl", "bor", "home"),
    "place": ("boligafdeling", "boligområde", "afdeling", "område"),
    "participants": ("antal", "deltagere"),
    "staff_count": ("personale", "medarbejdere"),
    "note": ("note", "bemærkning"),
    "codes": ("koder", "deltagerkoder"),
}
REQUIRED = ("held_on", "offer", "participants")
SESSION_FIELDS = ("ends_at", "staff_count", "note")
BANDS = choice_table(AGE_BANDS, {"ukendt": ("unknown", "ved ikke")})
HOMES = choice_table(HOME_KINDS, {
    "estate": ("boligafdeling", "afdeling", "almen bolig"),
    "boligomraade": ("boligområde",),
    "other_area": ("andet område", "andet", "andre områder"),
    "unknown": ("ukendt", "ved ikke"),
})  # fmt: skip
DATE_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
TIME_TEXT = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?$")
CODE_SPLIT = re.compile(r"[\s,;]+")
KEYS = {"a date": "activities.data.not_date", "a time": "activities.data.not_time",
        "a whole number": "activities.data.not_whole"}  # fmt: skip
T = TypeVar("T")


@dataclass(frozen=True)
class ImportReport:
    rows: int
    sessions: int
    added: int
    updated: int
    unchanged: int

    def summary(self) -> str:
        return (f"{self.rows} rows, {self.sessions} sessions: {self.added} added, "
                f"{self.updated} updated, {self.unchanged} unchanged")  # fmt: skip


@dataclass
class _Row:
    """One parsed row: its position, the session's key fields and its count."""

    position: int
    key: tuple[object, ...]
    draft: SessionDraft
    complete: bool  # False: a cell did not parse; only the offer and codes are checked


class _Reader:
    """Parses cells, collecting located problems instead of stopping at the first."""

    def __init__(self, table: SourceTable) -> None:
        self.table = table
        names = [str(c) for c in table.frame.columns]
        self.cols = {f: find_column(names, f, extra) for f, extra in COLUMNS.items()}
        self.lon, self.lat, _ = coordinate_columns(names)
        self.problems: list[Problem] = []
        # each column's cells as text once: a pandas lookup per cell made big files slow
        self.text = {c: [str(v).strip() for v in table.frame[c].tolist()]
                     for c in self.cols.values() if c}  # fmt: skip

    def fail(self, i: int, name: str, message: str, key: str, **params: object) -> None:
        column = self.cols.get(name) or {"point": self.lon}.get(name) or name
        self.problems.append(Problem(self.table.name, self.table.where(i) if i >= 0 else "",
                                     column, message, key, params))  # fmt: skip

    def cell(self, i: int, name: str) -> str:
        column = self.cols.get(name)
        return self.text[column][i] if column else ""

    def parsed(self, i: int, name: str, parse: Callable[[str], T], what: str) -> T | None:
        """The cell parsed, None when blank; a cell that does not parse is a located problem."""
        text = self.cell(i, name)
        if not text:
            return None
        try:
            return parse(text)
        except ValueError:
            self.fail(i, name, f"not {what}: {text!r}", KEYS[what], value=text)
            return None

    def whole(self, i: int, name: str) -> int | None:
        return self.parsed(i, name, lambda t: _whole(t, column_decimal(self.table.decimal, [t])),
                           "a whole number")  # fmt: skip

    def choice(self, i: int, name: str, table: dict[str, str], default: str) -> str:
        text = self.cell(i, name)
        found = resolve_choice(text, table) if text else default
        if found is None:
            allowed = ", ".join(sorted(set(table.values())))
            self.fail(i, name, f"unknown value {text!r}; use one of {allowed}",
                      "activities.data.choice", value=text, allowed=allowed)  # fmt: skip
        return found or default

    def point(self, i: int) -> tuple[float, float] | None:
        if not (self.lon and self.lat):
            return None
        x, y = (str(self.table.frame[c].iat[i]).strip() for c in (self.lon, self.lat))
        if not x and not y:
            return None
        try:
            return parse_number(x), parse_number(y)
        except ValueError:
            self.fail(i, "point", f"not a point: {x!r}, {y!r}", "activities.data.point",
                      value=f"{x}, {y}")  # fmt: skip
            return None

    def row(self, i: int) -> _Row:
        before = len(self.problems)
        held_on = self.parsed(i, "held_on", _date, "a date")
        starts_at = self.parsed(i, "starts_at", _time, "a time")
        count = self.whole(i, "participants")
        for name in REQUIRED:
            if not self.cell(i, name):
                self.fail(i, name, "this cell is empty", "activities.data.empty")
        draft = SessionDraft(
            offer=self.cell(i, "offer"), held_on=held_on or date.min,
            counts=(CountInput(self.choice(i, "age_band", BANDS, "ukendt"),
                               self.choice(i, "home_kind", HOMES, "unknown"), int(count or 0),
                               self.cell(i, "place") or None),),
            starts_at=starts_at, ends_at=self.parsed(i, "ends_at", _time, "a time"),
            venue_key=self.cell(i, "venue_key") or None, point=self.point(i),
            staff_count=self.whole(i, "staff_count"),
            note=self.cell(i, "note") or None,
            codes=tuple(c for c in CODE_SPLIT.split(self.cell(i, "codes")) if c),
        )  # fmt: skip
        point = tuple(round(v, 6) for v in draft.point) if draft.point else None
        key = (fold(draft.offer), held_on, starts_at, draft.venue_key, point)
        return _Row(i, key, draft, complete=len(self.problems) == before)


def _date(text: str) -> date:
    iso = text.split(" ")[0].split("T")[0]
    match = DATE_DMY.match(iso)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return datetime.strptime(iso, "%Y-%m-%d").date()


def _time(text: str) -> time:
    match = TIME_TEXT.match(text)
    if not match:
        raise ValueError(text)
    hour, minute, second = (int(g or 0) for g in match.groups())
    return time(hour, minute, second)


def _whole(text: str, decimal: str) -> int:
    value = parse_number(text, decimal)
    if not value.is_integer():
        raise ValueError(text)
    return int(value)


def _merge(reader: _Reader, rows: list[_Row]) -> SessionDraft:
    """One session's draft from its rows: counts and codes added up, session fields agreed."""
    first = rows[0].draft
    merged = {f: getattr(first, f) for f in SESSION_FIELDS}
    for row in rows[1:]:
        for name in SESSION_FIELDS:
            value = getattr(row.draft, name)
            if value is None:
                continue
            if merged[name] is not None and merged[name] != value:
                reader.fail(row.position, name, "differs from an earlier row of the same session",
                            "activities.data.session_differs")  # fmt: skip
            merged[name] = merged[name] if merged[name] is not None else value
    counts = tuple(c for r in rows for c in r.draft.counts)
    codes = tuple(dict.fromkeys(c for r in rows for c in r.draft.codes))
    return replace(first, counts=counts, codes=codes, **merged)


def _locate(reader: _Reader, rows: list[_Row], prepared: Prepared) -> None:
    """The session's problems, each at the row that caused it (else the session's first row)."""
    for p in prepared.problems:
        position = rows[0].position
        for row in rows:
            count = row.draft.counts[0]
            if (
                p.params.get("band") == count.age_band
                and p.params.get("home") in (None, count.home_kind)
            ) or (p.params.get("place") and p.params.get("place") == count.place):
                position = row.position
                break
        name = "participants" if p.field.startswith("counts") else p.field
        name = {"venue": "venue_key"}.get(name, name)
        reader.fail(position, name, p.message, p.key, **p.params)


def _check_partial(
    session: Session, proj: q.ProjectRow, reader: _Reader, row: _Row, key: bytes
) -> None:
    """A row with a bad cell cannot be checked as a session, but its offer and codes can: the
    user then sees those problems too, instead of one more round of fixing."""
    problems: list[ValidationProblem] = []
    if row.draft.offer and q.offer_by_name(session, proj.id, row.draft.offer) is None:
        problems.append(offer_problem(row.draft.offer))
    hash_codes(row.draft.codes, key, proj.code, problems)
    for p in problems:
        reader.fail(row.position, p.field, p.message, p.key, **p.params)


def _read(path: Path) -> SourceTable:
    if path.suffix.lower() not in SUFFIXES:
        allowed = ", ".join(SUFFIXES)
        raise LoadError([Problem(str(path), "", "", f"unsupported file type; use one of {allowed}",
                                 "tables.err.suffix", {"allowed": allowed})])  # fmt: skip
    table = read_table(path, None, None, geometry=False)
    names = [str(c) for c in table.frame.columns]
    missing = [f for f in REQUIRED if find_column(names, f, COLUMNS[f]) is None]
    if missing:
        problems = [
            Problem(
                str(path),
                "",
                f,
                f"the file has no column {f} ({COLUMNS[f][0]})",
                "activities.data.column",
                {"column": COLUMNS[f][0]},
            )
            for f in missing
        ]
        raise LoadError(problems)  # fmt: skip
    return table


def import_sessions(
    session: Session, path: Path, project_code: str, *, key: bytes, today: date | None = None,
    synthetic: bool = False,
) -> ImportReport:  # fmt: skip
    """Check every row, then store the file's sessions (nothing when any row has a problem).

    ``synthetic`` marks the sessions it adds as invented (the demo's), never real registrations."""
    proj = project(session, project_code)
    reader = _Reader(_read(Path(path)))
    groups: dict[tuple[object, ...], list[_Row]] = {}
    for i in range(len(reader.table.frame)):
        row = reader.row(i)
        if row.complete:
            groups.setdefault(row.key, []).append(row)
        else:
            _check_partial(session, proj, reader, row, key)
    ready: list[Prepared] = []
    places: dict[tuple[str, str], int | None] = {}  # each named home looked up once per file
    for rows in groups.values():
        draft = replace(_merge(reader, rows), synthetic=synthetic)
        prepared = prepare(session, proj, draft, key, today or date.today(), places)
        _locate(reader, rows, prepared)
        ready.append(prepared)
    if reader.problems:
        raise LoadError(sorted(reader.problems, key=_order(reader.table)))
    return _write(session, len(reader.table.frame), ready)


def _order(table: SourceTable):  # type: ignore[no-untyped-def]
    numbers = {table.where(i): i for i in range(len(table.frame))}
    return lambda p: (numbers.get(p.location, -1), p.field)


def _write(session: Session, rows: int, ready: list[Prepared]) -> ImportReport:
    added = updated = unchanged = 0
    for prepared in ready:
        found = q.find_session(session, prepared.key)
        if found is None:
            q.insert_session(session, prepared.key, prepared.content, None, prepared.synthetic)
            added += 1
        elif q.stored_content(session, found) == prepared.content:
            unchanged += 1
        else:
            q.replace_content(session, found, prepared.content)
            updated += 1
    return ImportReport(rows, len(ready), added, updated, unchanged)
