"""Danish (and plain-English) names for columns and coded values: the one alias table.

A coordinator's spreadsheet says "Kategori: Fælleshus" and "Breddegrad: 57,05", not
``category=spaces`` and ``lat=57.05``. Every importer (layer loaders, asset import, indicator
values) resolves column names with :func:`find_column` and coded values with
:func:`resolve_choice`, so the same Danish words work everywhere and a new alias is added here
once. Names are compared folded (:func:`fold`): case, accents and the Danish letters
(æ→ae, ø→oe, å→aa) and spaces/dashes do not matter, so "Fælleshus", "faelleshus" and
"FÆLLESHUS" are the same word, and the code ``faelleshus`` needs no alias at all.

The Danish column headers of the downloads (``tables.col.*`` in app/messages/tables.py) are
aliases here too, so a Danish .xlsx or CSV download imports back; a test checks that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from geodata.models_assets import CATEGORIES

if TYPE_CHECKING:  # readers imports this module
    from geodata.loaders.readers import SourceTable

SEPARATORS = re.compile(r"[^a-z0-9]+")

# column -> other names a file may use for it (the specs add their own English aliases)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("navn", "titel"),
    "title": ("titel", "navn", "name"),
    "lat": ("breddegrad", "latitude", "bredde", "y_koordinat"),
    "lon": ("længdegrad", "longitude", "lng", "længde", "x_koordinat"),
    "wkt": ("geometri_wkt", "geometri", "geometry"),
    "category": ("kategori",),
    "subcategory": ("underkategori", "type"),
    "description": ("beskrivelse",),
    "schedule": ("tidspunkt", "tider", "åbningstider"),
    "contact": ("kontakt", "kontaktperson"),
    "link": ("link", "hjemmeside", "webadresse"),
    "status": ("status",),
    "synthetic": ("syntetisk",),
    "last_verified_at": ("sidst_bekræftet", "senest_bekræftet"),
    "address": ("adresse",),
    "type": ("type", "stedtype"),
    "capacity": ("kapacitet", "pladser"),
    "step_free": ("niveaufri", "trinfri", "tilgængelig"),
    "kitchen": ("køkken",),
    "bookable": ("kan_bookes", "bookbar", "udlånes"),
    "availability": ("tilgængelighed", "ledige_tider"),
    "owner": ("ejer",),
    "members": ("medlemmer", "antal_medlemmer"),
    "activities": ("aktiviteter",),
    "meeting_venue": ("mødested",),
    "venue_key": ("sted_id", "lokale_id"),
    "association_key": ("forening_id",),
    "residents": ("indbyggere", "beboere"),
    "dwellings": ("boliger",),
    "code": ("kode",),
    "kind": ("områdetype", "art"),
    "area_kind": ("områdetype",),
    "area_code": ("områdekode", "område_kode"),
    "area_name": ("områdenavn",),
    "indicator": ("indikator",),
    "period": ("periode", "år"),
    "value": ("værdi",),
    "numerator": ("tæller",),
    "denominator": ("nævner",),
    "direction": ("retning",),
    "unit": ("enhed",),
    "domain": ("domæne",),
    "source": ("kilde",),
    "licence": ("licens",),
    "name_da": ("navn_da", "dansk_navn"),
    "name_en": ("navn_en", "engelsk_navn"),
}

# coded field -> {code: Danish and other names}; codes and their folded forms always match
VENUE_TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "faelleshus": ("fælleshus", "forsamlingshus", "community house"),
    "beboerlokale": ("beboerlokale", "beboerhus", "selskabslokale", "residents' room"),
    "aktivitetscenter": ("aktivitetscenter", "aktivitetshus", "ældrecenter", "activity centre"),
    "bibliotek": ("bibliotek", "library"),
    "kirke_sognegaard": ("kirke/sognegård", "kirke", "sognegård", "sognehus", "menighedshus",
                         "church/parish hall", "church"),
    "skole": ("skole", "school"),
    "idraetshal": ("idrætshal", "hal", "sportshal", "idrætscenter", "sports hall"),
    "sundhedshus": ("sundhedshus", "sundhedscenter", "health centre"),
    "kulturhus": ("kulturhus", "kulturcenter", "medborgerhus", "culture house"),
    "fitness": ("motionscenter", "fitnesscenter", "fitness centre"),
    "other": ("andet", "andre", "øvrige"),
}  # fmt: skip
ASSOCIATION_NAMES: dict[str, tuple[str, ...]] = {
    "idraet": ("idræt", "idrætsforening", "sport", "sports", "sportsklub", "sportsforening"),
    "kultur": ("kultur", "kulturforening", "culture"),
    "social": ("social", "socialt", "social forening", "frivillig"),
    "aeldre": ("ældre", "ældreforening", "seniorer", "pensionistforening", "older people"),
    "boern_unge": ("børn og unge", "børn/unge", "børn", "unge", "ungdom", "spejder",
                   "children and young people"),
    "religion": ("religion", "trossamfund", "menighed"),
    "beboerforening": ("beboerforening", "afdelingsbestyrelse", "grundejerforening",
                       "residents' association"),
    "other": ("andet", "andre", "øvrige"),
}  # fmt: skip
AREA_KIND_NAMES: dict[str, tuple[str, ...]] = {
    "sogn": ("sogne",),
    "postnummer": ("postnr", "postnumre"),
    "kommune": ("kommuner",),
    "skoledistrikt": ("skoledistrikter",),
    "boligområde": ("boligomraader", "boligområder"),
    "custom": ("eget", "egen"),
}
DIRECTION_NAMES: dict[str, tuple[str, ...]] = {
    "higher_is_worse": ("højere er værre", "høj er dårlig"),
    "lower_is_worse": ("lavere er værre", "lav er dårlig"),
}
ASSET_STATUS_NAMES: dict[str, tuple[str, ...]] = {
    "pending": ("afventer", "venter"),
    "approved": ("godkendt",),
    "archived": ("arkiveret",),
}
ASSET_CATEGORY_EXTRA: dict[str, tuple[str, ...]] = {
    "skills": ("evner", "evne", "færdigheder", "talenter"),
    "associations": ("forening", "foreninger", "gruppe", "grupper"),
    "institutions": ("institution", "institutioner"),
    "spaces": ("sted", "steder", "fysisk sted"),
    "economy": ("økonomi", "erhverv"),
    "culture": ("kultur", "historier", "kultur og historie"),
}
# a subcategory name given as the category ("Fælleshus") says both; extra everyday words
SUBCATEGORY_EXTRA: dict[str, tuple[str, ...]] = {
    "community_house": ("forsamlingshus", "beboerhus"),
    "meeting_room": ("beboerlokale", "lokale"),
    "sports_club": ("sportsklub", "sportsforening"),
    "residents": ("afdelingsbestyrelse",),
    "school": ("folkeskole",),
    "church": ("kirke", "sognegård"),
}


def fold(text: str) -> str:
    """A name reduced for comparison: lower case, æøå spelled out, accents and separators gone."""
    low = text.strip().lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    plain = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
    return SEPARATORS.sub("_", plain).strip("_")


def find_column(columns: Iterable[str], name: str, extra: Iterable[str] = ()) -> str | None:
    """The file's column for `name`: the name itself, then `extra` (the spec's aliases), then
    the Danish aliases above; compared folded. None when the file has none of them."""
    by_fold: dict[str, str] = {}
    for column in columns:
        by_fold.setdefault(fold(str(column)), str(column))
    for candidate in (name, *extra, *COLUMN_ALIASES.get(name, ())):
        if fold(candidate) in by_fold:
            return by_fold[fold(candidate)]
    return None


def canonical_columns(table: SourceTable, names: Iterable[str]) -> SourceTable:
    """The table with its Danish column names (Titel, Områdekode) renamed to `names`.

    A column is renamed only when the field's own name is absent, and each file column once,
    so a file that has both "title" and "Titel" keeps both as they are.
    """
    columns = [str(c) for c in table.frame.columns if c != "geometry"]
    renames: dict[str, str] = {}
    for name in names:
        found = find_column(columns, name)
        if found is not None and found != name and name not in columns and found not in renames:
            renames[found] = name
    return replace(table, frame=table.frame.rename(columns=renames)) if renames else table


def choice_table(
    choices: Iterable[str], names: Mapping[str, Iterable[str]] | None = None
) -> dict[str, str]:
    """folded name -> code for the codes themselves and their names."""
    table = {fold(code): code for code in choices}
    for code, others in (names or {}).items():
        if code in table.values():
            for other in others:
                table.setdefault(fold(other), code)
    return table


def resolve_choice(text: str, table: Mapping[str, str]) -> str | None:
    """The code `text` names (a code, a Danish or English name), or None."""
    return table.get(fold(text))


def _asset_tables() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(name -> category, name -> (category, subcategory)) from the ABCD labels plus extras."""
    categories: dict[str, str] = {}
    subs: dict[str, tuple[str, str]] = {}
    for code, entry in CATEGORIES.items():
        for name in (code, entry["da"], entry["en"], *ASSET_CATEGORY_EXTRA.get(code, ())):
            categories.setdefault(fold(name), code)
        for sub, (da, en) in entry["subs"].items():
            for name in (sub, da, en, *SUBCATEGORY_EXTRA.get(sub, ())):
                subs.setdefault(fold(name), (code, sub))
    return categories, subs


ASSET_CATEGORIES, ASSET_SUBCATEGORIES = _asset_tables()


def asset_category(category: str, subcategory: str) -> tuple[str, str]:
    """(category code, subcategory code) from what a file says; unknown text is returned as is
    for the model to refuse with its own message. "Fælleshus" as a category means
    spaces/community_house; "Foreninger og grupper" + "Idrætsforening" means
    associations/sports_club."""
    cat = ASSET_CATEGORIES.get(fold(category)) if category else None
    sub_hit = ASSET_SUBCATEGORIES.get(fold(category)) if category and cat is None else None
    if sub_hit is not None and not subcategory:
        return sub_hit
    sub = subcategory
    if subcategory:
        found = ASSET_SUBCATEGORIES.get(fold(subcategory))
        if found is not None and (cat is None or found[0] == cat):
            cat, sub = found
    return (cat or category), sub
