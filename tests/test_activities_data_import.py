"""Importing sessions from CSV/.xlsx: Danish columns, every problem located, all or nothing,
and a second import of the same file changes nothing."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from geodata.activities_io import import_sessions
from geodata.db import session_scope
from geodata.errors import LoadError
from tests.helpers import fingerprint
from tests.test_activities_data_helpers import ACTIVITY_TABLES, KEY, TODAY, count, setup_project

HEADER = "Dato;Tilbud;Lokale;Start;Slut;Aldersgruppe;Bopæl;Boligafdeling;Antal;Personale;Note;Koder;Længdegrad;Breddegrad"  # noqa: E501
GOOD = [
    "10-02-2026;Fællesspisning;V1;17:00;19:00;18-29;Boligafdeling;Kildeparken;4;2;;SOE001 SOE002;;",
    "10-02-2026;Fællesspisning;V1;17:00;;65-79;Ukendt;;6;;God stemning;;;",
    "12-05-2026;fællesspisning;V1;17.00;19.00;30-49;Andet område;S1;20;2;;;;",
    "03-03-2026;Gåtur;;10:00;11:00;50-64;ukendt;;5;1;;"
    "SOE001 SOE003 SOE004 SOE005 SOE006;9,99;57,03",
]  # fmt: skip


def _csv(tmp_path: Path, rows: list[str], name: str = "sessions.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import(db_url: str, path: Path):  # type: ignore[no-untyped-def]
    with session_scope(db_url) as s:
        return import_sessions(s, path, "SOE", key=KEY, today=TODAY)


def test_a_good_file_is_imported_and_a_second_import_changes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    setup_project(db_url)
    path = _csv(tmp_path, GOOD)
    report = _import(db_url, path)
    assert (report.rows, report.sessions, report.added) == (4, 3, 3)
    with session_scope(db_url) as s:
        assert count(s, "activity_attendance") == 4 and count(s, "activity_codes") == 7
        first = s.execute(text("SELECT ends_at, staff_count, note FROM activity_sessions "
                               "WHERE held_on = '2026-02-10'")).one()  # fmt: skip
        assert tuple(first) == (time(19), 2, "God stemning")  # session fields from any row
    before = fingerprint(db_url, ACTIVITY_TABLES)
    again = _import(db_url, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert fingerprint(db_url, ACTIVITY_TABLES) == before


def test_a_corrected_file_updates_only_the_changed_session(db_url: str, tmp_path: Path) -> None:
    setup_project(db_url)
    _import(db_url, _csv(tmp_path, GOOD))
    corrected = [*GOOD[:2], GOOD[2].replace(";20;", ";21;"), GOOD[3]]
    report = _import(db_url, _csv(tmp_path, corrected, "corrected.csv"))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    with session_scope(db_url) as s:
        assert s.execute(text("SELECT sum(participants) FROM activity_attendance")).scalar() == 36


def test_every_problem_is_located_and_nothing_is_written(db_url: str, tmp_path: Path) -> None:
    setup_project(db_url)
    bad = [
        "31-02-2026;Fællesspisning;V1;17:00;;18-29;ukendt;;4;;;;;",  # row 2: no such date
        "11-02-2026;Fællesspisning;V1;17:00;;18-29;ukendt;;-2;;;;;",  # row 3: negative
        "12-02-2026;Strikkecafé;V1;17:00;;18-29;ukendt;;4;;;;;",  # row 4: unknown offer
        "13-02-2026;Fællesspisning;V1;17:00;;100+;ukendt;;4;;;;;",  # row 5: unknown band
        "14-02-2026;Fællesspisning;V1;17:00;;18-29;ukendt;;4;;;0101901234;;",  # row 6: CPR
        "15-02-2026;Fællesspisning;V1;17:00;;18-29;ukendt;;4;2;;;;",
        "15-02-2026;Fællesspisning;V1;17:00;;30-49;ukendt;;4;3;;;;",  # row 8: staff differs
        "16-02-2026;Fællesspisning;;17:00;;30-49;ukendt;;4;;;;9,0;57,03",  # row 9: outside
        GOOD[0],  # row 10: fine, yet not stored
        "32-02-2026;Strikkecafé;V1;17:00;;18-29;ukendt;;4;;;0101901234;;",  # row 11: all three
    ]  # fmt: skip
    with pytest.raises(LoadError) as caught:
        _import(db_url, _csv(tmp_path, bad))
    found = {(p.location, p.field) for p in caught.value.problems}
    expected = {("row 2", "Dato"), ("row 3", "Antal"), ("row 4", "Tilbud"),
                ("row 5", "Aldersgruppe"), ("row 6", "Koder"), ("row 8", "Personale"),
                ("row 9", "Længdegrad"), ("row 11", "Dato"), ("row 11", "Tilbud"),
                ("row 11", "Koder")}  # fmt: skip
    assert expected <= found, caught.value.problems
    assert not any(p.location == "row 10" for p in caught.value.problems)
    assert all(p.key for p in caught.value.problems)
    assert "0101901234" not in str(caught.value)
    with session_scope(db_url) as s:
        assert count(s, "activity_sessions") == 0


def test_xlsx_with_date_and_time_cells(db_url: str, tmp_path: Path) -> None:
    setup_project(db_url)
    book = Workbook()
    sheet = book.active
    sheet.append(["Dato", "Tilbud", "Lokale", "Start", "Aldersgruppe", "Bopæl", "Antal", "Koder"])
    sheet.append([datetime(2026, 4, 7), "Gåtur", "V3", time(10), "65-79", "ukendt", 7, "AB1 AB2"])
    sheet.append([datetime(2026, 4, 7), "Gåtur", "V3", time(10), "80+", "ukendt", 2, None])
    path = tmp_path / "sessions.xlsx"
    book.save(path)
    report = _import(db_url, path)
    assert (report.rows, report.added) == (2, 1)
    assert _import(db_url, path).unchanged == 1


@pytest.mark.parametrize(("name", "content", "field"), [
    ("no_count.csv", "Dato;Tilbud;Lokale\n10-02-2026;Gåtur;V1\n", "participants"),
    ("sessions.txt", HEADER + "\n" + GOOD[0] + "\n", ""),
])  # fmt: skip
def test_a_file_that_cannot_be_read_says_why(
    db_url: str, tmp_path: Path, name: str, content: str, field: str
) -> None:
    setup_project(db_url)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        _import(db_url, path)
    assert [p.field for p in caught.value.problems] == [field]
