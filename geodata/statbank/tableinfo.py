"""What Statbank says about its tables: `tableinfo` and the table list, as pydantic models (pure).

Statbank gives `updated` as Danish local time without an offset; we make it aware in
Europe/Copenhagen so it compares correctly with the UTC times in the database and so a revision
check compares the same instant. Searching folds case and æ/ø/å, so "ålborg" finds "Aalborg".
Import these names from geodata.statbank.parse (the contract's module); they live here to keep
both files short.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from geodata.statbank.errors import StatbankError

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
# Variable ids of the area variable in Statbank tables, most common first (see API_FORMAT_NOTES).
GEOGRAPHY_IDS = ("OMRÅDE", "SOGN", "KOMK", "KOMMUNE", "BOPKOM", "BOPOMR", "REGION", "LANDSDEL")


def statbank_time(text: str) -> datetime:
    """Statbank's `updated` ("2025-03-25T08:00:00", Danish time) as an aware datetime."""
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=DANISH_TIME)


class ValueCode(BaseModel):
    id: str
    text: str


class Variable(BaseModel):
    id: str
    text: str
    elimination: bool
    time: bool
    values: list[ValueCode]


class TableInfo(BaseModel):
    """What `tableinfo` says about a table: its variables and codes, and its revision time."""

    id: str
    text: str
    description: str
    unit: str
    updated: datetime
    suppressed_data_value: str | None = None
    variables: list[Variable]
    footnote: str | None = None
    documentation_url: str | None = None

    def variable(self, name: str) -> Variable:
        """The variable by id (any case: "TID" finds "Tid"), else by its text ("alder")."""
        wanted = name.strip().casefold()
        for found in self.variables:
            if found.id.casefold() == wanted:
                return found
        by_text = [v for v in self.variables if v.text.casefold() == wanted]
        if len(by_text) == 1:
            return by_text[0]
        choices = ", ".join(v.id for v in self.variables)
        raise StatbankError(
            f"table {self.id} has no variable {name!r}; its variables are {choices}",
            key="statbank.err.unknown_variable", table=self.id, name=name, choices=choices,
        )  # fmt: skip

    def geography(self) -> Variable | None:
        """The area variable (OMRÅDE, SOGN, KOMK, ...) in table order, or None."""
        for found in self.variables:
            if found.id.upper() in GEOGRAPHY_IDS:
                return found
        return None


class TableSummary(BaseModel):
    id: str
    text: str
    unit: str
    updated: datetime
    first_period: str
    latest_period: str
    active: bool
    variables: list[str]


def _invalid(what: str, exc: Exception) -> StatbankError:
    return StatbankError(f"Statistics Denmark sent an unexpected {what}: {exc}",
                         key="statbank.err.format", what=what)  # fmt: skip


def parse_tableinfo(doc: dict) -> TableInfo:
    """A `tableinfo` JSON answer as a TableInfo (StatbankError when it is not one)."""
    try:
        return TableInfo(
            id=doc["id"], text=doc["text"], description=doc.get("description") or "",
            unit=doc.get("unit") or "", updated=statbank_time(doc["updated"]),
            suppressed_data_value=doc.get("suppressedDataValue"),
            variables=doc["variables"],
            footnote=(doc.get("footnote") or {}).get("text"),
            documentation_url=(doc.get("documentation") or {}).get("url"),
        )  # fmt: skip
    except (KeyError, TypeError, AttributeError, ValueError, ValidationError) as exc:
        raise _invalid("tableinfo", exc) from exc


def parse_tables(doc: list) -> list[TableSummary]:
    """The `tables` JSON answer (a list of tables) as TableSummary models."""
    if not isinstance(doc, list):
        raise _invalid("table list", TypeError("not a list"))
    try:
        return [
            TableSummary(
                id=t["id"],
                text=t["text"],
                unit=t.get("unit") or "",
                updated=statbank_time(t["updated"]),
                first_period=t.get("firstPeriod") or "",
                latest_period=t.get("latestPeriod") or "",
                active=bool(t.get("active", True)),
                variables=list(t.get("variables") or []),
            )
            for t in doc
        ]
    except (KeyError, TypeError, AttributeError, ValueError, ValidationError) as exc:
        raise _invalid("table list", exc) from exc


def fold(text: str) -> str:
    """Text for matching: case-folded, æ/ø/å as ae/oe/aa, other accents dropped."""
    t = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    t = unicodedata.normalize("NFKD", t)
    return "".join(c for c in t if not unicodedata.combining(c))


def search_tables(tables: Iterable[TableSummary], word: str) -> list[TableSummary]:
    """Tables whose id or text contains `word` ("befolk", "STRAF42", "Ålborg" ~ "aalborg")."""
    wanted = fold(word.strip())
    return [t for t in tables if wanted in fold(t.id) or wanted in fold(t.text)]
