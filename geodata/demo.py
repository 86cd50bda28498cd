"""The bundled Aalborg demo: a manifest of files and how to load each, loaded idempotently.

Most entries are loader kinds (`kvarterkort load`). `statbank-file` entries import real
Statistics Denmark figures from a saved Statbank CSV through the Statbank use case
(geodata/statbank/importer.py), exactly as `kvarterkort statbank import --file` does.
The `activities` entry loads the synthetic Aalborg SØ activities (geodata/demo_activities.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.db import session_scope
from geodata.demo_activities import KIND as ACTIVITIES_KIND
from geodata.demo_activities import load_demo_activities
from geodata.errors import GeodataError
from geodata.loaders import LoadOptions, LoadReport, load
from geodata.loaders.writer import WriteCounts
from geodata.statbank.importer import StatbankImportOptions, import_statbank

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_MANIFEST = REPO_ROOT / "data" / "demo_manifest.yaml"
OPTION_KEYS = {"layer", "mapping", "crs", "area_kind", "licence", "credit", "synthetic", "period"}
STATBANK_KIND = "statbank-file"
# manifest key -> StatbankImportOptions field (`as` is the indicator code, as in `--as`)
STATBANK_KEYS = {
    "table": "table", "select": "select", "per": "per", "as": "indicator", "name": "name",
    "name_en": "name_en", "unit": "unit", "direction": "direction", "domain": "domain",
    "note": "note",
}  # fmt: skip


@dataclass
class DemoEntry:
    kind: str
    options: LoadOptions
    statbank: StatbankImportOptions | None = None  # for kind statbank-file


def read_manifest(path: Path = DEMO_MANIFEST) -> list[DemoEntry]:
    """Entries in load order; paths are relative to the manifest's folder."""
    data = yaml.safe_load(path.read_text())
    base = path.parent
    entries = []
    for i, item in enumerate(data["layers"], start=1):
        if item["kind"] == STATBANK_KIND:
            entries.append(_statbank_entry(path, i, item))
            continue
        unknown = set(item) - OPTION_KEYS - {"kind", "file"}
        if unknown:
            raise GeodataError(f"{path}: entry {i}: unknown keys {sorted(unknown)}")
        opts: dict[str, Any] = {k: item[k] for k in OPTION_KEYS if k in item}
        if "mapping" in opts:
            opts["mapping"] = base / opts["mapping"]
        entries.append(DemoEntry(item["kind"], LoadOptions(path=base / item["file"], **opts)))
    return entries


def _statbank_entry(path: Path, i: int, item: dict[str, Any]) -> DemoEntry:
    """A saved Statbank CSV to import as one indicator (select/per lists as on the CLI)."""
    unknown = set(item) - set(STATBANK_KEYS) - {"kind", "file"}
    if unknown or "as" not in item:
        raise GeodataError(f"{path}: entry {i}: unknown keys {sorted(unknown)} or no 'as'")
    fields = {STATBANK_KEYS[k]: v for k, v in item.items() if k in STATBANK_KEYS}
    file = path.parent / item["file"]
    return DemoEntry(
        STATBANK_KIND, LoadOptions(path=file), StatbankImportOptions(file=file, **fields)
    )


def load_demo(
    url: str,
    manifest: Path = DEMO_MANIFEST,
    progress: Callable[[str, int | None], Callable[[], None]] | None = None,
    code_key: bytes | None = None,
) -> list[LoadReport]:
    """Load every demo layer, each in its own transaction; re-running changes nothing.

    ``code_key`` hashes the synthetic activities' participant codes (the configured
    Settings.resolved_activity_code_key; without it a fixed demo key)."""
    reports = []
    for entry in read_manifest(manifest):
        with session_scope(url) as session:
            if entry.kind == "assets":
                reports.append(load_demo_assets(session, entry.options.path))
            elif entry.kind == ACTIVITIES_KIND:
                reports.append(load_demo_activities(session, entry.options.path, code_key))
            elif entry.statbank is not None:
                reports.append(import_statbank(session, entry.statbank))
            else:
                reports.append(load(session, entry.kind, entry.options, progress))
    return reports


def load_demo_assets(session: Session, path: Path) -> LoadReport:
    """Import the synthetic ABCD assets once; a later run finds them and changes nothing.

    Imported assets have no natural key (residents may retitle them), so "already loaded" means
    the demo's synthetic imports are present.
    """
    from geodata.assets_io import import_assets
    from geodata.queries.assets import Actor

    present = session.execute(
        text("SELECT count(*) FROM assets WHERE synthetic AND source = 'import'")
    ).scalar_one()
    if present:
        counts = WriteCounts(unchanged=int(present))
        return LoadReport("assets", path, "demo_aktiver", int(present), counts)
    report = import_assets(session, path, Actor("import"), status="approved", synthetic=True)
    counts = WriteCounts(inserted=report.created)
    return LoadReport("assets", path, "demo_aktiver", report.created, counts)
