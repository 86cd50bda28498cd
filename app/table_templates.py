"""Import templates: the right columns, one example row and a guide to the allowed values.

A coordinator who has never seen the import starts from a file that already imports: the
header row has the column names in the user's language (the ``tables.col.*`` headers, which
the importers accept), the example row is valid, and the .xlsx has a second sheet
("Vejledning") listing each column, whether it is required and the allowed values by their
Danish names. Templates hold no data, so they are public (``GET /api/templates/{kind}.{ext}``)
and the CLI writes them too (``kvarterkort load template KIND``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from geodata.models import VENUE_TYPES
from geodata.models_assets import CATEGORIES
from geodata.tabular import table_bytes
from geodata.tabular_xlsx import frames_to_xlsx

Translate = Callable[..., str]


@dataclass(frozen=True)
class Column:
    """One column of a template: its field name, whether it is required, its example value."""

    name: str
    required: bool
    example: object
    allowed: str = "any"  # any | number | yesno | coordinates | asset_category | ...


COORDINATES = (
    Column("lat", True, 57.0325, "coordinates"),
    Column("lon", True, 9.998, "coordinates"),
)
TEMPLATES: dict[str, tuple[Column, ...]] = {
    "assets": (
        Column("title", True, "Fælleshuset i Kildeparken"),
        Column("category", True, "category:spaces", "asset_category"),
        Column("subcategory", False, "sub:spaces:community_house", "asset_subcategory"),
        Column("description", False, "Lokale til 80 personer med køkken"),
        Column("schedule", False, "Hverdage 8-16"),
        Column("contact", False, "Ejendomskontoret"),
        Column("link", False, "https://www.example.dk", "link"),
        *COORDINATES,
    ),
    "venues": (
        Column("id", True, "V1"),
        Column("name", True, "Fælleshuset Kildeparken"),
        Column("type", True, "venue:faelleshus", "venue_type"),
        Column("address", False, "Kildeparken 1, 9220 Aalborg Øst"),
        Column("capacity", False, 80, "number"),
        Column("step_free", False, "yes", "yesno"),
        Column("kitchen", False, "yes", "yesno"),
        Column("bookable", False, "yes", "yesno"),
        Column("owner", False, "Himmerland Boligforening"),
        Column("contact", False, "Ejendomskontoret, 12 34 56 78"),
        *COORDINATES,
    ),
    "associations": (
        Column("id", True, "F1"),
        Column("name", True, "Kildeparkens Idrætsforening"),
        Column("category", True, "association:idraet", "association_category"),
        Column("members", False, 120, "number"),
        Column("activities", False, "Fodbold, gymnastik"),
        Column("meeting_venue", False, "Fælleshuset Kildeparken"),
        Column("contact", False, "formand@example.dk"),
        *COORDINATES,
    ),
    "indicators": (
        Column("area_kind", True, "sogn", "area_kind"),
        Column("area_code", True, "8567"),
        Column("indicator", True, "smoking_pct", "indicator"),
        Column("period", True, "2024"),
        Column("value", True, 21.5, "number"),
        Column("numerator", False, 43, "number"),
        Column("denominator", False, 200, "number"),
    ),
}
KINDS = tuple(TEMPLATES)
ASSOCIATION_CODES = ("idraet", "kultur", "social", "aeldre", "boern_unge", "religion",
                     "beboerforening", "other")  # fmt: skip


def _label(lang: str, code: str) -> str:
    return str(CATEGORIES[code]["en" if lang == "en" else "da"])


def _sub_label(lang: str, code: str, sub: str) -> str:
    da, en = CATEGORIES[code]["subs"][sub]
    return str(en if lang == "en" else da)


def example_value(value: object, t: Translate, lang: str) -> object:
    """A coded example in the user's words: "Fysiske steder", "Fælleshus", "ja"."""
    if not isinstance(value, str):
        return value
    kind, _, rest = value.partition(":")
    if kind == "category":
        return _label(lang, rest)
    if kind == "sub":
        code, _, sub = rest.partition(":")
        return _sub_label(lang, code, sub)
    if kind == "venue":
        return t(f"venues.type.{rest}")
    if kind == "association":
        return t(f"tables.association.{rest}")
    if value == "yes":
        return t("tables.template.yes")
    return value


def allowed_text(column: Column, t: Translate, lang: str) -> str:
    """What a column takes, in words; coded columns list their names."""
    simple = {"any": "any", "number": "number", "yesno": "yesno", "coordinates": "coordinates"}
    if column.allowed in simple:
        return t(f"tables.template.{simple[column.allowed]}")
    if column.allowed == "asset_category":
        return "; ".join(_label(lang, code) for code in CATEGORIES)
    if column.allowed == "venue_type":
        return "; ".join(t(f"venues.type.{code}") for code in VENUE_TYPES)
    if column.allowed == "association_category":
        return "; ".join(t(f"tables.association.{code}") for code in ASSOCIATION_CODES)
    if column.allowed == "area_kind":
        return "sogn; postnummer; kommune; skoledistrikt; boligområde"
    if column.allowed == "link":
        return "https://…"
    if column.allowed == "asset_subcategory":
        return t("tables.template.below")
    return t("tables.template.indicator")  # the codes of the loaded indicator definitions


def example_frame(kind: str, t: Translate, lang: str) -> pd.DataFrame:
    """The header row (in `lang`) and one valid example row."""
    columns = TEMPLATES[kind]
    row = {t(f"tables.col.{c.name}"): [example_value(c.example, t, lang)] for c in columns}
    return pd.DataFrame(row)


def guide_frame(kind: str, t: Translate, lang: str) -> pd.DataFrame:
    """The Vejledning sheet: one row per column, then the subcategories per asset category."""
    yes, no = t("tables.template.yes"), t("tables.template.no")
    rows = [
        (t(f"tables.col.{c.name}"), yes if c.required else no, allowed_text(c, t, lang))
        for c in TEMPLATES[kind]
    ]
    if kind == "assets":
        rows += [
            (f"{t('tables.col.subcategory')}: {_label(lang, code)}", "",
             "; ".join(_sub_label(lang, code, sub) for sub in CATEGORIES[code]["subs"]))
            for code in CATEGORIES
        ]  # fmt: skip
    rows.append((t("tables.template.note"), "", ""))
    headers = [t(f"tables.template.{k}") for k in ("column", "required", "allowed")]
    return pd.DataFrame(rows, columns=headers)


def template_bytes(kind: str, fmt: str, t: Translate, lang: str) -> bytes:
    """The template of `kind` as .xlsx (with the guide sheet), Danish CSV or CSV."""
    frame = example_frame(kind, t, lang)
    if fmt == "xlsx":
        guide = guide_frame(kind, t, lang)
        sheets = [(t(f"tables.template.sheet.{kind}"), frame), (t("tables.template.guide"), guide)]
        return frames_to_xlsx(sheets)
    return table_bytes(frame, fmt)
