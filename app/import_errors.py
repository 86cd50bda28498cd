"""Import problems in the user's language: "fil.xlsx, ark 'Aktiver', række 4, kolonne 'Kategori':
ukendt kategori ...".

geodata keeps each :class:`~geodata.errors.Problem` in English (for logs, the CLI and tests) with
a catalogue key and values (app/messages/tables.py). The location is code-made text
("sheet 'Ark1', row 4", "feature 3"), so its words are translated here by one pattern, and the
column is named by its header in the downloads and templates (``tables.col.*``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.i18n import catalogue, translator
from geodata.errors import Problem

PLACE = re.compile(r"^(?:sheet '(?P<sheet>.*)', )?(?P<word>row|feature) (?P<number>\d+)$")
BAND = re.compile(r"^band (?P<band>\d+) row (?P<row>\d+) col (?P<col>\d+)$")


def location_text(location: str, t: Callable[..., str]) -> str:
    """Turn "sheet 'Ark1', row 4" into "ark 'Ark1', række 4"; unknown forms stay as they are."""
    if match := PLACE.match(location):
        place = t(f"tables.where.{match['word']}", number=match["number"])
        if match["sheet"] is not None:
            return f"{t('tables.where.sheet', sheet=match['sheet'])}, {place}"
        return place
    if match := BAND.match(location):
        return t("tables.where.band", **match.groupdict())
    return location


def column_text(name: str, t: Callable[..., str]) -> str:
    """The column as the downloads and templates head it (Kategori), else its own name."""
    key = f"tables.col.{name}"
    return t("tables.where.column", column=t(key) if key in catalogue()["da"] else name)


def message_text(problem: Problem, t: Callable[..., str]) -> str:
    """The catalogue message with its values; the English text when there is no key."""
    if not problem.key:
        return problem.message
    params = dict(problem.params or {})
    if "first" in params:  # "first seen at row 2" names a place too
        params["first"] = location_text(str(params["first"]), t)
    try:
        return t(problem.key, **params) if params else t(problem.key)
    except (KeyError, IndexError, ValueError):  # a key whose values do not fit: never a 500
        return problem.message


def problem_text(problem: Problem, lang: str, file: str | None = None) -> str:
    """One problem as a sentence in `lang`; `file` replaces the stored path (an upload's name)."""
    t = translator(lang)
    parts = [file or problem.file, location_text(problem.location, t)]
    if problem.field:
        parts.append(column_text(problem.field, t))
    where = ", ".join(p for p in parts if p)
    return f"{where}: {message_text(problem, t)}"
