"""Load the SYNTHETIC Aalborg SØ activities demo: a project, its offers, targets and sessions.

The manifest entry `kind: activities` names data/demo/activities_soe.yaml (made with its CSV by
scripts/generate_demo_activities.py). It goes through the same use cases as
`kvarterkort activities ...` (add_project, add_offer, set_target, import_sessions), so the demo
obeys every rule a coordinator's data does, and everything it adds is marked synthetic.

Idempotent: a project, offer or target already there is checked and left alone, and the import
leaves sessions it already holds untouched, so a second `kvarterkort demo` changes nothing. It
refuses to add invented sessions to a real (non-synthetic) project that happens to share the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from geodata.activities_io import import_sessions
from geodata.activities_projects import add_offer, add_project, set_project_area, set_target
from geodata.errors import GeodataError
from geodata.loaders.report import LoadReport
from geodata.loaders.writer import WriteCounts
from geodata.queries import activities as q

KIND = "activities"
# The participant codes of the demo are invented (SOE-0001 ...), so when the caller has no
# configured key (tests, benchmarks) a fixed, public one is enough; `kvarterkort demo` passes
# the configured key, so codes registered later on the pages meet the demo's codes.
DEMO_CODE_KEY = b"kvarterkort-demo-activity-codes"
TOP_KEYS = {"project", "recorded_until", "sessions", "targets", "offers"}
PROJECT_KEYS = {"code", "name", "starts", "ends", "kommune", "published", "synthetic"}
OPTIONAL_PROJECT_KEYS = {"area"}  # "KIND:CODE", the project's own area (postnummer:9210)


@dataclass(frozen=True)
class DemoActivities:
    """The demo file read and checked: what to create and which CSV holds the sessions."""

    project: dict[str, Any]
    offers: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    sessions: Path
    recorded_until: date


def read_demo_activities(path: Path) -> DemoActivities:
    """The YAML with its keys checked; the sessions file is relative to the YAML's folder."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != TOP_KEYS:
        raise GeodataError(f"{path}: expected the keys {sorted(TOP_KEYS)}")
    keys = set(data["project"])
    if not PROJECT_KEYS <= keys <= PROJECT_KEYS | OPTIONAL_PROJECT_KEYS or (
        data["project"]["synthetic"] is not True
    ):
        raise GeodataError(f"{path}: the project needs {sorted(PROJECT_KEYS)}, synthetic: true")
    if not isinstance(data["recorded_until"], date):
        raise GeodataError(f"{path}: recorded_until must be a date (YYYY-MM-DD)")
    return DemoActivities(data["project"], data["offers"], data["targets"],
                          path.parent / data["sessions"], data["recorded_until"])  # fmt: skip


def load_demo_activities(session: Session, path: Path, key: bytes | None = None) -> LoadReport:
    """Create what is missing, check what is there, import the sessions as synthetic."""
    demo = read_demo_activities(path)
    code = str(demo.project["code"])
    counts = WriteCounts()
    _project(session, demo.project, counts)
    for offer in demo.offers:
        _offer(session, code, offer, counts)
    _targets(session, code, demo.targets, counts)
    # "today" is the last day the file records: the demo never depends on the date it is loaded
    report = import_sessions(session, demo.sessions, code, key=key or DEMO_CODE_KEY,
                             today=demo.recorded_until, synthetic=True)  # fmt: skip
    counts.inserted += report.added
    counts.updated += report.updated
    counts.unchanged += report.unchanged
    note = f"{report.sessions} synthetic sessions up to {demo.recorded_until}"
    return LoadReport(KIND, path, code, report.rows, counts, notes=[note])


def _project(session: Session, spec: dict[str, Any], counts: WriteCounts) -> None:
    code = str(spec["code"])
    found = q.project_by_code(session, code)
    if found is None:
        add_project(session, code, str(spec["name"]), spec["starts"], spec["ends"],
                    str(spec["kommune"]), synthetic=True, published=bool(spec["published"]),
                    area=spec.get("area"))  # fmt: skip
        counts.inserted += 1
        return
    if not found.synthetic:
        raise GeodataError(f"a real project {code!r} exists: the demo adds no invented sessions "
                           "to it; give the real project another code")  # fmt: skip
    wanted = (spec["name"], spec["starts"], spec["ends"], str(spec["kommune"]))
    if (found.name, found.starts_on, found.ends_on, found.kommune_code) != wanted:
        raise GeodataError(f"the demo project {code!r} in the database differs from {wanted}; "
                           "delete it to load the demo again")  # fmt: skip
    if spec.get("area") and found.area_id is None:  # a demo loaded before projects had areas
        set_project_area(session, code, spec["area"])
        counts.updated += 1
        return
    # published or not, and another area, are the coordinator's choice: left as they are
    counts.unchanged += 1


def _offer(session: Session, code: str, spec: dict[str, Any], counts: WriteCounts) -> None:
    proj = q.project_by_code(session, code)
    found = q.offer_by_name(session, proj.id, spec["name"]) if proj else None
    if found is None:
        add_offer(session, code, spec["name"], spec["kind"], spec.get("owner"),
                  spec.get("target_group"), synthetic=True)  # fmt: skip
        counts.inserted += 1
    elif found.kind != spec["kind"]:
        raise GeodataError(f"the demo offer {spec['name']!r} is stored as {found.kind}, "
                           f"the demo file says {spec['kind']}")  # fmt: skip
    else:
        counts.unchanged += 1


def _targets(
    session: Session, code: str, targets: list[dict[str, Any]], counts: WriteCounts
) -> None:
    proj = q.project_by_code(session, code)
    assert proj is not None  # made by _project
    have = q.project_targets(session, proj.id)
    for t in targets:
        year, kind, wanted = int(t["year"]), str(t["kind"]), int(t["participants"])
        if have.get((year, kind)) == wanted:
            counts.unchanged += 1
            continue
        set_target(session, code, year, kind, wanted)
        if (year, kind) in have:
            counts.updated += 1
        else:
            counts.inserted += 1
