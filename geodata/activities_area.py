"""An activity project's own area: "KIND:CODE" (e.g. postnummer:9210) read, checked and described.

A project works in one kommune but usually for one neighbourhood of it (the SØ project for
postnummer 9210 Aalborg SØ). Its reach is judged there: high need and low reach among all the
kommune's estates would point the planner of one neighbourhood at other neighbourhoods. The area
must be loaded and lie in the project's kommune (its interior point inside the kommune, the
reach map's rule), and be of a kind a neighbourhood can be.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.queries import activities_area as q

# Kinds a project's area can be: smaller than a kommune, made of polygons people know.
PROJECT_AREA_KINDS = ("postnummer", "sogn", "skoledistrikt", "boligområde", "custom")
# Written without æøå on a command line, the same kind.
KIND_SPELLINGS = {"boligomraade": "boligområde"}


@dataclass(frozen=True)
class ProjectArea:
    """A project's area for labels and the map: kind, code, name and WGS84 WKB outline."""

    id: int
    kind: str
    code: str
    name: str
    outline: bytes

    @property
    def label(self) -> str:
        """The code, then the name unless the name is the code: "9210 Aalborg SØ"."""
        return self.code if self.name in ("", self.code) else f"{self.code} {self.name}"


def parse_area(text: str) -> tuple[str, str]:
    """Text "KIND:CODE" -> (kind, code); refuses anything else with a translatable error."""
    kind, sep, code = text.strip().partition(":")
    kind = KIND_SPELLINGS.get(kind.strip().lower(), kind.strip().lower())
    if not sep or not kind or not code.strip():
        raise GeodataError(f"{text!r}: write the area as KIND:CODE, e.g. postnummer:9210",
                           key="activities.area.format", value=text)  # fmt: skip
    if kind not in PROJECT_AREA_KINDS:
        kinds = ", ".join(PROJECT_AREA_KINDS)
        raise GeodataError(f"unknown area kind {kind!r}; use one of {kinds}",
                           key="activities.area.kind", kind=kind, kinds=kinds)  # fmt: skip
    return kind, code.strip()


def resolve_area(session: Session, text: str, kommune_code: str) -> int:
    """The id of the area "KIND:CODE", which must be loaded and lie in the kommune."""
    kind, code = parse_area(text)
    found = q.find_area(session, kind, code, kommune_code)
    if found is None:
        raise GeodataError(f"no {kind} with code {code!r} is loaded",
                           key="activities.area.unknown", kind=kind, code=code)  # fmt: skip
    if not found.in_kommune:
        raise GeodataError(
            f"{kind} {code} ({found.name}) does not lie in kommune {kommune_code}",
            key="activities.area.outside", kind=kind, code=code, name=found.name,
            kommune=kommune_code,
        )  # fmt: skip
    return found.id


def project_area(session: Session, area_id: int | None) -> ProjectArea | None:
    """The area behind a project's area_id (None for a project without one)."""
    if area_id is None:
        return None
    found = q.area_outline(session, area_id)
    return None if found is None else ProjectArea(area_id, *found)
