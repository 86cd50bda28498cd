"""`import_statbank`: Statistics Denmark's figures into indicator values, with provenance.

The use case runs in the caller's transaction, all or nothing: read the rows (API or saved file),
sum the selection per area and period (geodata/statbank/sums.py), map Statbank's area codes to
loaded areas, refuse to overwrite stored values silently (geodata/statbank/revision.py: a
revised table shows its diff and needs `--accept-revision`), write the values through the
loaders' writer, and append one `statbank_imports` row saying exactly what was asked and which
revision of the table answered. The layer's credit names every period the layer holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from geodata.loaders.report import LoadReport
from geodata.loaders.writer import (
    LayerMeta,
    WriteCounts,
    ensure_layer,
    finish_layer,
    layer_meta_changed,
    upsert,
)
from geodata.models import DIRECTIONS
from geodata.queries import statbank as q
from geodata.statbank.areas import AreaMatch, match_areas
from geodata.statbank.errors import StatbankError
from geodata.statbank.inputs import MAX_FILE_BYTES, Inputs, from_api, from_file
from geodata.statbank.revision import check_revision
from geodata.statbank.sums import (
    ALL,
    check_codes,
    check_duplicates,
    check_periods,
    check_unselected,
    compute,
    integer_gaps,
)

if TYPE_CHECKING:
    from geodata.statbank.client import StatbankClient

LICENCE = "CC BY 4.0 (Danmarks Statistik: fri brug med kildeangivelse)"
COLUMNS = ("layer_id", "area_id", "indicator_code", "period", "value", "numerator", "denominator")
KEY = ("area_id", "indicator_code", "period")
# Column widths the import writes into: indicator code and domain (VARCHAR 64), period (16).
OPTION_CHARS = {"--as": ("indicator", 64), "--domain": ("domain", 64)}
PERIOD_CHARS = 16
AREA_COLUMN = "_area"  # the one area of a table without geography (--area KIND:CODE)


@dataclass
class StatbankImportOptions:
    """What `kvarterkort statbank import` (or a demo manifest entry) asks for."""

    indicator: str  # --as
    table: str | None = None
    file: Path | None = None
    select: list[str] = field(default_factory=list)
    per: list[str] = field(default_factory=list)
    area: str | None = None  # KIND:CODE for tables without a geography variable
    accept_revision: bool = False
    lang: str = "da"
    name: str | None = None
    name_en: str | None = None
    unit: str | None = None
    direction: str | None = None
    domain: str = "demography"
    note: str | None = None  # said in the report and the credit (what a saved file lacks)
    max_file_bytes: int = MAX_FILE_BYTES  # a larger --file is refused before it is read


@dataclass
class StatbankReport(LoadReport):
    """A LoadReport (the demo and the CLI print it the same way) with the import's own facts."""

    table: str = ""
    indicator: str = ""
    credit: str = ""
    matched: int = 0
    skipped: list[str] = field(default_factory=list)
    missing: int = 0
    unchanged_all: bool = False
    revision_accepted: bool = False

    def summary(self) -> str:
        c = self.counts
        written = (
            "unchanged"
            if self.unchanged_all
            else f"{c.inserted} inserted, {c.updated} updated, {c.unchanged} unchanged"
        )
        skipped = ""
        if self.skipped:
            shown = ", ".join(self.skipped[:8]) + (" ..." if len(self.skipped) > 8 else "")
            skipped = f", {len(self.skipped)} skipped (not loaded: {shown})"
        parts = [
            f"statbank {self.table} -> {self.indicator}: {self.rows} values into layer "
            f"'{self.layer}'",
            written,
            f"{self.matched} areas matched{skipped}",
            f"{self.missing} missing values kept missing",
        ]
        if self.revision_accepted:
            parts.append("revision accepted")
        return "; ".join(parts + self.notes + [self.credit])


def import_statbank(
    session: Session, opts: StatbankImportOptions, client: StatbankClient | None = None
) -> StatbankReport:
    """Import one indicator from one Statbank table (API or file); see the module docstring."""
    _check_definition_options(session, opts)
    inputs = _read(opts, client)
    sums, periods, match = _sum(session, inputs, opts)
    records = _records(sums, match, opts.indicator)
    name = f"statbank_{inputs.table}_{opts.indicator}".lower()
    held = q.layer_periods(session, name)  # the credit names every period the layer holds
    credit = _credit(inputs.table, sorted({*periods, *held}), opts.note)
    meta = _layer_meta(inputs, name, credit)
    report = StatbankReport(
        "statbank", opts.file or Path(inputs.table), meta.name, len(records), WriteCounts(),
        notes=inputs.notes, table=inputs.table, indicator=opts.indicator, credit=credit,
        matched=len(match.found), skipped=match.skipped,
        missing=sum(1 for r in records if r[3] is None),
    )  # fmt: skip
    changes, unchanged = check_revision(session, inputs, opts, records)
    if unchanged:
        report.unchanged_all = True
        report.counts = WriteCounts(unchanged=len(records))
        _refresh_layer(session, meta)
        return report
    report.revision_accepted = bool(changes)
    _write(session, inputs, opts, meta, records, report)
    return report


def _read(opts: StatbankImportOptions, client: StatbankClient | None) -> Inputs:
    if opts.file is not None:
        return from_file(opts.file, opts.table, opts.select, opts.per, opts.max_file_bytes)
    if not opts.table:
        raise StatbankError(
            "name a table (kvarterkort statbank import TABLE) or a file (--file)",
            key="statbank.import.err.no_source",
        )
    if client is None:
        raise StatbankError(
            "no Statbank client for an API import", key="statbank.import.err.no_client"
        )
    return from_api(client, opts.table, opts.select, opts.per, opts.lang)


def _check_definition_options(session: Session, opts: StatbankImportOptions) -> None:
    """A new indicator needs its Danish name and which way is worse, before anything is read."""
    for option, (field_name, most) in OPTION_CHARS.items():
        value = getattr(opts, field_name) or ""
        if not value.strip() or len(value) > most:
            raise StatbankError(
                f"{option} {value[:80]!r}: give 1 to {most} characters",
                key="statbank.import.err.option_length", option=option, max=most,
            )  # fmt: skip
    if opts.direction is not None and opts.direction not in DIRECTIONS:
        raise StatbankError(
            f"--direction must be one of: {', '.join(DIRECTIONS)}",
            key="statbank.import.err.direction", choices=", ".join(DIRECTIONS),
        )  # fmt: skip
    if q.definition_exists(session, opts.indicator):
        return
    if not opts.name or opts.direction is None:
        raise StatbankError(
            f"indicator {opts.indicator!r} is not defined yet: give --name (Danish) and "
            f"--direction ({' or '.join(DIRECTIONS)}) to create it",
            key="statbank.import.err.new_indicator", code=opts.indicator,
        )  # fmt: skip


def _sum(
    session: Session, inputs: Inputs, opts: StatbankImportOptions
) -> tuple[pd.DataFrame, list[str], AreaMatch]:
    """Filter to the chosen areas and periods, sum, and map the area codes to loaded areas."""
    data, source = inputs.data, inputs.data.source
    frame, missing = data.frame, data.missing
    if inputs.time is None:
        raise StatbankError(f"{source}: no time column (TID)", key="statbank.import.err.no_time",
                            source=source)  # fmt: skip
    check_periods(data, inputs.time, PERIOD_CHARS)
    geo = _geo_column(inputs, opts)
    if geo == AREA_COLUMN:
        frame = frame.assign(**{AREA_COLUMN: opts.area or ""})
    select, per = dict(inputs.select), dict(inputs.per)
    fixed = {k: select.pop(k) for k in (geo, inputs.time) if k in select}
    if any(k in per for k in (geo, inputs.time)):
        raise StatbankError("--per cannot change the area or the time",
                            key="statbank.import.err.per_fixed")  # fmt: skip
    check_codes(frame, {**fixed, **select}, source)
    check_codes(frame, per, source)
    keep = np.ones(len(frame), dtype=bool)
    for column, codes in fixed.items():
        if ALL not in codes:
            keep &= frame[column].isin(codes).to_numpy()
    frame, missing = frame[keep].reset_index(drop=True), missing[keep]
    others = [v for v in data.variables if v not in (geo, inputs.time)]
    check_unselected(frame, others, set(select), source)
    check_unselected(frame, others, set(select) | set(per), source)
    check_duplicates(frame, data.variables, source)
    _note_gaps(inputs, frame, {**select, **per})
    den = {**select, **per} if per else None
    sums = compute(frame, missing, geo, inputs.time, select, den).frame
    match = _match(session, inputs, opts, sorted(sums["geo"].unique()))
    sums = sums[sums["geo"].isin(list(match.found))]
    return sums, sorted(sums["period"].unique()), match


def _geo_column(inputs: Inputs, opts: StatbankImportOptions) -> str:
    source = inputs.data.source
    if inputs.geo is not None:
        if opts.area:
            raise StatbankError(
                f"{source} has areas ({inputs.geo}); choose them with --select "
                f"{inputs.geo}=CODES instead of --area",
                key="statbank.import.err.area_and_geo", source=source, name=inputs.geo,
            )  # fmt: skip
        return inputs.geo
    if not opts.area:
        raise StatbankError(
            f"{source} has no area variable: say which area its figures are for with "
            "--area KIND:CODE (e.g. --area land:DK)",
            key="statbank.import.err.no_area", source=source,
        )  # fmt: skip
    return AREA_COLUMN


def _match(
    session: Session, inputs: Inputs, opts: StatbankImportOptions, cells: list[str]
) -> AreaMatch:
    loaded = q.loaded_areas(session)
    if opts.area:
        kind, _, code = opts.area.partition(":")
        area = next((a for a in loaded if (a.kind, a.code) == (kind.strip(), code.strip())), None)
        match = AreaMatch(looked_for=[f"{kind} {code}"])
        if area is not None:
            match.found[opts.area] = area
    else:
        match = match_areas(cells, loaded, names=inputs.info is None)
    if not match.found:
        looked = ", ".join(match.looked_for[:10]) or "nothing"
        raise StatbankError(
            f"{inputs.data.source}: no loaded area matches; looked for {looked}. "
            "Load those areas first (kvarterkort load areas ...)",
            key="statbank.import.err.no_areas", source=inputs.data.source, looked=looked,
        )  # fmt: skip
    return match


def _note_gaps(inputs: Inputs, frame: pd.DataFrame, selection: dict[str, list[str]]) -> None:
    """Say which integer codes a "*" does not cover because the data lacks them (age 38)."""
    for column, codes in selection.items():
        if ALL in codes:
            gaps = integer_gaps(list(frame[column].unique()))
            if gaps:
                inputs.notes.append(f"{column}=* covers what the data holds; it lacks "
                                    f"{', '.join(gaps[:10])}")  # fmt: skip


def _none(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _records(sums: pd.DataFrame, match: AreaMatch, indicator: str) -> list[tuple]:
    """(area_id, indicator, period, value, numerator, denominator) per matched area and period."""
    shares = sums["den"].notna().any()
    return [
        (match.found[row.geo].id, indicator, row.period, _none(row.value),
         _none(row.num) if shares else None, _none(row.den) if shares else None)
        for row in sums.itertuples()
    ]  # fmt: skip


def _credit(table: str, periods: list[str], note: str | None) -> str:
    span = periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"
    credit = f"Kilde: Danmarks Statistik, Statistikbanken, tabel {table}, {span}"
    return f"{credit}. {note}" if note else credit


def _refresh_layer(session: Session, meta: LayerMeta) -> None:
    """Same values, but a credit or source that reads differently (a new note) is updated."""
    layer_id = q.layer_id(session, meta.name)
    if layer_id is not None and layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, "indicator_values")


def _layer_meta(inputs: Inputs, name: str, credit: str) -> LayerMeta:
    request = inputs.request
    if "file" in request:
        source = f"Statbank-fil {request['file']} (sha256 {request['sha256'][:12]}…)"
    else:
        source = f"Statbank API: {request.get('method', 'POST')} {request.get('url', '')}"
    chosen = " ".join(f"{k}={','.join(v)}" for k, v in inputs.select.items())
    per = " ".join(f"{k}={','.join(v)}" for k, v in inputs.per.items())
    source += f"; tabel {inputs.table} {chosen}" + (f"; nævner {per}" if per else "")
    return LayerMeta(name, "indicators", source, LICENCE, credit, False)


def _write(
    session: Session,
    inputs: Inputs,
    opts: StatbankImportOptions,
    meta: LayerMeta,
    records: list[tuple],
    report: StatbankReport,
) -> None:
    layer_id, created = ensure_layer(session, meta)
    if not q.definition_exists(session, opts.indicator):
        q.insert_definition(
            session, layer_id, code=opts.indicator, name_da=opts.name or opts.indicator,
            name_en=opts.name_en or opts.name or opts.indicator,
            unit=opts.unit or _default_unit(inputs, opts), direction=opts.direction or "",
            domain=opts.domain, source=f"Danmarks Statistik, Statistikbanken, tabel {inputs.table}",
            licence=LICENCE,
        )  # fmt: skip
    rows = [(layer_id, *r) for r in records]
    report.counts = upsert(session, "indicator_values", COLUMNS, KEY, rows)
    if created or report.counts.changed or layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, "indicator_values")
    q.record_import(
        session, layer_id=layer_id, table_id=inputs.table, indicator_code=opts.indicator,
        request=inputs.request, selection={"select": inputs.select, "per": inputs.per,
                                           "area": opts.area},
        table_updated=inputs.info.updated if inputs.info else None,
        fetched_at=inputs.fetched_at, values_count=len(records),
        revision_accepted=report.revision_accepted,
    )  # fmt: skip


def _default_unit(inputs: Inputs, opts: StatbankImportOptions) -> str:
    if opts.per:
        return "%"
    return (inputs.info.unit if inputs.info and inputs.info.unit else "antal").lower()
