"""What a load is asked to do (options) and what it did (report, with a one-line summary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.loaders.writer import LayerMeta, WriteCounts

if TYPE_CHECKING:
    from geodata.loaders.readers import Mapping


@dataclass
class LoadOptions:
    """Everything `kvarterkort load` can be told, independent of the kind being loaded."""

    path: Path
    layer: str | None = None  # layer to read in a multi-layer file; also names the stored layer
    mapping: Path | None = None
    crs: str | None = None
    area_kind: str | None = None
    parent_kind: str = "kommune"
    licence: str | None = None
    credit: str | None = None
    synthetic: bool | None = None
    prune: bool = False
    period: str | None = None

    def layer_meta(self, kind: str, mapping: Mapping | None = None) -> LayerMeta:
        """Provenance: CLI options win over the mapping file's `layer:` section."""
        from_map = mapping.layer if mapping else {}
        synthetic = self.synthetic if self.synthetic is not None else from_map.get("synthetic")
        name = str(self.layer or from_map.get("name") or Path(self.path).stem)
        return LayerMeta(
            name=name,
            kind=kind,
            source=str(from_map.get("source") or Path(self.path).name),
            licence=str(self.licence or from_map.get("licence") or "unknown"),
            credit=self.credit or from_map.get("credit"),
            synthetic=bool(synthetic),
        )


@dataclass
class LoadReport:
    kind: str
    path: Path
    layer: str
    rows: int
    counts: WriteCounts
    repairs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        parts = [
            f"{self.kind}: {self.rows} rows from {Path(self.path).name} into layer '{self.layer}'",
            f"{c.inserted} inserted, {c.updated} updated, {c.unchanged} unchanged",
        ]
        if c.deleted:
            parts.append(f"{c.deleted} pruned")
        if self.repairs:
            parts.append(f"{len(self.repairs)} geometries repaired")
        return "; ".join(parts + self.notes)
