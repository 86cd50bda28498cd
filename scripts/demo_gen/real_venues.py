"""The 38 real Aalborg community venues (DAWA polling venues) with synthetic details.

The polling venues of Aalborg Kommune (sports halls, schools, culture houses, Nordkraft,
Gigantium ...) are the best public list of real community rooms found for Aalborg
(data/real/aalborg_851_afstemningssteder_venues_2025.csv, from DAWA / DAGI, CC BY 4.0). Their
name, address, DAR address id and position are real and kept unchanged. What no public source
gives (capacity, step-free access, kitchen, free times, bookability, owner, contact) is drawn
here from the same per-type profiles as the synthetic venues, from its own RNG stream, and
every such attribute is named in the venue's ``synthetic_fields`` so pages can label it.
The type is derived from the real name by the rules below (documented in DATA.md).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from demo_gen.common import REAL_DIR, rng_for
from demo_gen.venue_profiles import attributes

REAL_VENUES_CSV = REAL_DIR / "aalborg_851_afstemningssteder_venues_2025.csv"
KEY_PREFIX = "dar:"  # venue key = the real DAR address id of the venue
SYNTHETIC_FIELDS = (
    "capacity", "step_free", "kitchen", "availability", "bookable", "owner", "contact",
)  # fmt: skip
P_NO_CONTACT = 0.15  # some rooms have no known booking contact: the finder must warn about it
CREDIT = "Indeholder data fra Klimadatastyrelsen, DAGI/DAR afstemningssteder (via DAWA), 2025"
DESCRIPTION = (
    "MIXED - real venues with synthetic details. Name, address, DAR address id and position "
    "are real (Klimadatastyrelsen, DAGI/DAR via DAWA, 2025, CC BY 4.0); the attributes listed "
    "in each feature's synthetic_fields are SYNTHETIC (scripts/generate_demo.py); see DATA.md."
)
# (pattern on the lower-case name, type), first match wins ("hal" as a word end: not "Hals").
TYPE_RULES = (
    (re.compile(r"kulturhus|nordkraft|huset stigsborg"), "kulturhus"),
    (re.compile(r"hal(len)?\b|idræt|gigantium|haraldslund"), "idraetshal"),
    (re.compile(r"skole|gymnasium|vuc"), "skole"),
)


def venue_type(name: str) -> str:
    """The venue type a reader would give the real name (a hall, a school ...), else other."""
    lower = name.lower()
    for pattern, vtype in TYPE_RULES:
        if pattern.search(lower):
            return vtype
    return "other"


def _details(name: str, vtype: str, rng: np.random.Generator) -> dict[str, Any]:
    """The synthetic attributes: the type's profile, an owner and maybe a booking contact."""
    attrs = attributes(vtype, rng)
    public = vtype in ("skole", "idraetshal", "kulturhus")
    owner = "Aalborg Kommune" if public else "Privat ejer"
    office = "Udlejningen, Aalborg Kommune" if public else f"Receptionen, {name}"
    contact = "" if rng.random() < P_NO_CONTACT else office
    return {**attrs, "owner": owner, "contact": contact}


def build_real_venues(seed: int, path: Path = REAL_VENUES_CSV) -> list[dict[str, Any]]:
    """One record per real venue (properties plus lon/lat), sorted by venue key."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: r["afstemningsstedadresseid"])
    rng = rng_for(seed, "real_venues")
    out = []
    for row in rows:
        name = row["afstemningsstednavn"].strip()
        vtype = venue_type(name)
        props = {
            "venue_id": KEY_PREFIX + row["afstemningsstedadresseid"],
            "name": name,
            "type": vtype,
            "address": row["afstemningsstedadressebetegnelse"].strip(),
            **_details(name, vtype, rng),
            "synthetic_fields": json.dumps(list(SYNTHETIC_FIELDS)),
            "synthetic": False,
        }
        lon = float(row["afstemningssted_adgangspunkt_x"])
        lat = float(row["afstemningssted_adgangspunkt_y"])
        out.append({"properties": props, "lon": lon, "lat": lat})
    return out


def write_real_venues(path: Path, records: list[dict[str, Any]]) -> None:
    """A FeatureCollection with the real coordinates as given (no reprojection round trip)."""
    head = {"type": "FeatureCollection", "name": "venues_dawa", "synthetic": False,
            "description": DESCRIPTION, "credit": CREDIT}  # fmt: skip
    feats = [
        json.dumps(
            {
                "type": "Feature",
                "properties": r["properties"],
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for r in records
    ]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    path.write_text(text + ",\n".join(feats) + "\n]}\n", encoding="utf-8")
