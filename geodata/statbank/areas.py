"""Statistics Denmark's area codes -> the (kind, code) of a loaded area. Pure, no SQL.

Statbank writes Aalborg as `851` and Region Nordjylland as `081`; DAGI (and so our areas table)
writes them `0851` and `1081`. Getting this wrong silently drops a whole kommune, so the mapping is
one explicit table of rules, and a code that fits none of them is reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

# Column names of the geography variable in a saved file (the header Statbank writes). With a
# tableinfo the API says which variable is the area; a file only has its header.
GEOGRAPHY_COLUMNS = (
    "OMRÅDE", "OMRADE", "OMRAADE", "SOGN", "KOMK", "KOM", "KOMMUNE", "REGION", "BOPKOM",
    "BOPOMR", "BOPAEL", "BOPÆL", "LANDSDEL",
)  # fmt: skip
TIME_COLUMNS = ("TID", "TIME", "ÅR", "AAR", "KVARTAL")
NATIONAL_NAMES = ("hele landet", "all denmark", "denmark", "danmark", "i alt", "total")
_LEADING_CODE = re.compile(r"^(\d{3,4})\s+\S")


def statbank_area(code: str) -> tuple[str, str] | None:
    """The loaded area a Statbank area code stands for, or None when it is none of ours.

    "000" is all of Denmark, "081".."085" the five regions (DAGI 1081..1085), any other 3-digit
    code from 101 to 860 a kommune (DAGI pads it to 4 digits), and a 4-digit code a parish
    (sogn, e.g. 7002, 8276). Landsdele ("01".."11"), "0000"/"9999" special rows and codes with
    letters are None.
    """
    code = code.strip()
    if not code.isdigit() or not code.isascii():
        return None
    if code == "000":
        return ("land", "DK")
    if len(code) == 3 and "081" <= code <= "085":
        return ("region", "1" + code)
    if len(code) == 3 and 101 <= int(code) <= 860:
        return ("kommune", "0" + code)
    if len(code) == 4 and 1000 <= int(code) <= 9998:
        return ("sogn", code)
    return None


def leading_code(label: str) -> str | None:
    """The code at the start of a parish label ("7002 Helligånds (Københavns Kommune)")."""
    match = _LEADING_CODE.match(label.strip())
    return match.group(1) if match else None


def fold(name: str) -> str:
    """A name as it is compared: case-folded, spaces collapsed, accents kept (æ, ø, å count)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def is_national(label: str) -> bool:
    """Whether a label names all of Denmark ("Hele landet", "All Denmark")."""
    return fold(label) in NATIONAL_NAMES


def geography_column(columns: list[str]) -> str | None:
    """The area column of a saved file, by its header name (case-insensitive), or None."""
    by_name = {c.upper(): c for c in columns}
    return next((by_name[n] for n in GEOGRAPHY_COLUMNS if n in by_name), None)


def time_column(columns: list[str]) -> str | None:
    """The time column of a saved file, by its header name (case-insensitive), or None."""
    by_name = {c.upper(): c for c in columns}
    return next((by_name[n] for n in TIME_COLUMNS if n in by_name), None)


class NamedArea(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


@dataclass
class AreaMatch:
    """Which Statbank codes found a loaded area, which did not, and what was looked for."""

    found: dict[str, NamedArea] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    looked_for: list[str] = field(default_factory=list)  # "kommune 0851", "name 'Aalborg'"


def _plain(name: str) -> str:
    """An area name without the words DAGI adds and Statbank leaves out ("Aalborg Kommune")."""
    folded = fold(name)
    return folded.removesuffix(" kommune").removesuffix(" kommune (2007-)")


def _by_name(label: str, loaded: Sequence[NamedArea]) -> NamedArea | None:
    """A label's area by name: the whole country, or the one loaded area of that name (a land,
    region or kommune before a sogn; two of one kind is ambiguous and matches nothing)."""
    if is_national(label):
        return next((a for a in loaded if a.kind == "land"), None)
    wanted = _plain(label)
    for kind in ("land", "region", "kommune", "sogn"):
        hits = [a for a in loaded if a.kind == kind and _plain(a.name) == wanted]
        if hits:
            return hits[0] if len(hits) == 1 else None
    return None


def match_areas(codes: Sequence[str], loaded: Sequence[NamedArea], names: bool) -> AreaMatch:
    """Map each Statbank area cell to a loaded area: by its code, or (`names`: a file saved with
    texts) by a leading parish code or by name. Unmatched cells are skipped, not guessed."""
    index = {(a.kind, a.code): a for a in loaded}
    result = AreaMatch()
    for cell in codes:
        target = statbank_area(cell) or (statbank_area(leading_code(cell) or "") if names else None)
        area = index.get(target) if target else None
        if target:
            result.looked_for.append(f"{target[0]} {target[1]}")
        if area is None and names and target is None:
            area = _by_name(cell, loaded)
            result.looked_for.append(f"name {cell!r}")
        if area is None:
            result.skipped.append(cell)
        else:
            result.found[cell] = area
    return result
