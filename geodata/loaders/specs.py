"""What each loadable kind of layer looks like: its fields, natural key and geometry family.

The specs are data so that one reader, one validator and one writer serve every kind, and the
error messages are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, Integer, SmallInteger, String

from geodata.loaders.aliases import (
    AREA_KIND_NAMES,
    ASSOCIATION_NAMES,
    DIRECTION_NAMES,
    VENUE_TYPE_NAMES,
)
from geodata.models import AREA_KINDS, ASSOCIATION_CATEGORIES, DIRECTIONS, VENUE_TYPES, Base

# Subclasses first: SmallInteger and BigInteger are both Integers.
INTEGER_RANGES: tuple[tuple[type, int, int], ...] = (
    (SmallInteger, -(2**15), 2**15 - 1),
    (BigInteger, -(2**63), 2**63 - 1),
    (Integer, -(2**31), 2**31 - 1),
)


@dataclass(frozen=True)
class FieldSpec:
    """One target column: its type, whether the file must have it, and allowed values."""

    name: str
    type: str = "str"  # str | int | float | bool | json
    required: bool = False
    choices: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()
    min_value: float | None = None
    # Danish and other names of the choices (geodata/loaders/aliases.py); codes always work
    names: Mapping[str, Iterable[str]] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LayerSpec:
    """A loadable kind: the table, its natural key, its fields and its geometry family."""

    kind: str
    table: str
    key: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    geometry: str | None  # "polygon" | "point" | None
    extra_json: str | None = None  # collect unknown columns into this JSON column
    defaults: dict[str, object] = field(default_factory=dict)

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    @property
    def columns(self) -> list[str]:
        cols = [f.name for f in self.fields]
        if self.extra_json:
            cols.append(self.extra_json)
        return cols


@dataclass(frozen=True)
class ColumnLimits:
    """What the database column accepts beyond its type: a text length or an integer range."""

    max_length: int | None = None
    int_range: tuple[int, int] | None = None


def column_limits(table: str, column: str) -> ColumnLimits:
    """Read the limits from the model, so a file is checked against exactly what the table takes.

    Without this a value that parses fine (99999999999, a 70-character code) fails later inside
    COPY as a driver error that names no file, row or field.
    """
    col = Base.metadata.tables[table].columns.get(column)
    if col is None:
        return ColumnLimits()
    if isinstance(col.type, String) and col.type.length:
        return ColumnLimits(max_length=col.type.length)
    for kind, low, high in INTEGER_RANGES:
        if isinstance(col.type, kind):
            return ColumnLimits(int_range=(low, high))
    return ColumnLimits()


NON_NEGATIVE = 0.0

AREAS = LayerSpec(
    kind="areas",
    table="areas",
    key=("kind", "code"),
    fields=(
        FieldSpec(
            "kind", required=True, choices=AREA_KINDS, aliases=("area_kind",), names=AREA_KIND_NAMES
        ),
        FieldSpec(
            "code",
            required=True,
            aliases=("sognekode", "postnr", "kommunekode", "area_code", "id"),
        ),
        FieldSpec(
            "name", required=True, aliases=("sognenavn", "postnrnavn", "kommunenavn", "navn")
        ),
        FieldSpec("residents", "int", min_value=NON_NEGATIVE, aliases=("indbyggere",)),
        FieldSpec("parent_code", aliases=("parent",)),
    ),
    geometry="polygon",
)

ESTATES = LayerSpec(
    kind="estates",
    table="estates",
    key=("boligorganisation", "afdeling_nr"),
    fields=(
        FieldSpec("boligorganisation", required=True, aliases=("organisation",)),
        FieldSpec("afdeling_nr", required=True, aliases=("afdeling", "afdelingsnummer")),
        FieldSpec("name", required=True, aliases=("navn",)),
        FieldSpec("dwellings", "int", min_value=NON_NEGATIVE, aliases=("boliger",)),
        FieldSpec("residents", "int", min_value=NON_NEGATIVE, aliases=("beboere",)),
        FieldSpec("boligomraade_code", aliases=("boligomraade",)),
    ),
    geometry="polygon",
    extra_json="list_status",  # status_YYYY columns
)

VENUES = LayerSpec(
    kind="venues",
    table="venues",
    key=("venue_key",),
    fields=(
        FieldSpec("venue_key", required=True, aliases=("venue_id", "id")),
        FieldSpec("name", required=True, aliases=("navn",)),
        FieldSpec(
            "type",
            required=True,
            choices=VENUE_TYPES,
            aliases=("venue_type", "type_"),
            names=VENUE_TYPE_NAMES,
        ),
        FieldSpec("address", aliases=("adresse",)),
        FieldSpec("capacity", "int", min_value=NON_NEGATIVE, aliases=("kapacitet",)),
        FieldSpec("step_free", "bool", aliases=("niveaufri",)),
        FieldSpec("kitchen", "bool", aliases=("koekken",)),
        FieldSpec("availability", "json"),
        FieldSpec("bookable", "bool"),
        FieldSpec("owner", aliases=("ejer",)),
        FieldSpec("contact", aliases=("kontakt",)),
        FieldSpec("synthetic_fields", "json", aliases=("syntetiske_felter",)),
    ),
    geometry="point",
)

ASSOCIATIONS = LayerSpec(
    kind="associations",
    table="associations",
    key=("association_key",),
    fields=(
        FieldSpec("association_key", required=True, aliases=("association_id", "id")),
        FieldSpec("name", required=True, aliases=("navn",)),
        FieldSpec(
            "category", required=True, choices=ASSOCIATION_CATEGORIES, names=ASSOCIATION_NAMES
        ),
        FieldSpec("members", "int", min_value=NON_NEGATIVE, aliases=("medlemmer",)),
        FieldSpec("activities", aliases=("aktiviteter",)),
        FieldSpec("meeting_venue", aliases=("moedested",)),
        FieldSpec("contact", aliases=("kontakt",)),
    ),
    geometry="point",
)

POIS = LayerSpec(
    kind="pois",
    table="pois",
    key=("poi_key",),
    fields=(
        FieldSpec("poi_key", required=True, aliases=("id", "osm_id")),
        FieldSpec("name", required=True, aliases=("navn",)),
        FieldSpec("category", required=True, aliases=("stop_kind", "kind")),
    ),
    geometry="point",
    extra_json="attributes",
)

INDICATOR_DEFINITIONS = LayerSpec(
    kind="indicator-definitions",
    table="indicator_definitions",
    key=("code",),
    fields=(
        FieldSpec("code", required=True),
        FieldSpec("name_da", required=True),
        FieldSpec("name_en", required=True),
        FieldSpec("unit", required=True),
        FieldSpec("direction", required=True, choices=DIRECTIONS, names=DIRECTION_NAMES),
        FieldSpec("domain", required=True),
        FieldSpec("source", required=True),
        FieldSpec("licence", required=True, aliases=("license",)),
    ),
    geometry=None,
)

TABLE_SPECS = {
    s.kind: s for s in (AREAS, ESTATES, VENUES, ASSOCIATIONS, POIS, INDICATOR_DEFINITIONS)
}
KINDS = (*TABLE_SPECS, "indicators", "population")
