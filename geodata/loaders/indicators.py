"""Load indicator values from a long or a wide CSV.

Long: one row per area, indicator and period (`area_code, indicator, period, value[, numerator,
denominator]`). Wide: one row per area and period with one column per indicator code, and optional
`<code>__num` / `<code>__den` columns. Both name the area by kind and code. CSV (comma or
semicolon, decimal comma) and .xlsx both work, and the columns may have their Danish names
(områdekode, indikator, periode, værdi, tæller, nævner; geodata/loaders/aliases.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from geodata.errors import LoadError, Problem
from geodata.loaders.aliases import AREA_KIND_NAMES, canonical_columns, choice_table, resolve_choice
from geodata.loaders.readers import SourceTable, read_table
from geodata.loaders.report import LoadOptions, LoadReport
from geodata.loaders.specs import FieldSpec, column_limits
from geodata.loaders.spreadsheet import column_decimal
from geodata.loaders.validate import cell_problem, check_fits, parse_value
from geodata.loaders.writer import ensure_layer, finish_layer, layer_meta_changed, upsert
from geodata.models import AREA_KINDS

NUMBER = FieldSpec("value", "float")
PERIOD_LIMITS = column_limits("indicator_values", "period")
COLUMNS = ("layer_id", "area_id", "indicator_code", "period", "value", "numerator", "denominator")
NAMED = ("area_kind", "area_code", "area_name", "name", "indicator", "period", "value",
         "numerator", "denominator")  # fmt: skip
KIND_NAMES = choice_table(AREA_KINDS, AREA_KIND_NAMES)


@dataclass
class _Context:
    table: SourceTable
    areas: dict[tuple[str, str], int]
    indicators: set[str]
    opts: LoadOptions
    problems: list[Problem]
    decimals: dict[str, str] = field(default_factory=dict)  # column -> its number dialect


def load_indicator_values(
    session: Session, opts: LoadOptions, progress: Callable[..., Callable[[], None]] | None = None
) -> LoadReport:
    table = read_table(opts.path, opts.layer, None, geometry=False)
    table = canonical_columns(table, NAMED)  # Områdekode -> area_code; indicator codes stay
    ctx = _Context(table, _area_ids(session), _indicator_codes(session), opts, [])
    frame = table.frame
    long_form = {"indicator", "value"} <= set(frame.columns)
    records = _long_records(ctx) if long_form else _wide_records(ctx)
    _check_duplicates(ctx, records)
    if ctx.problems:
        raise LoadError(ctx.problems)
    meta = opts.layer_meta("indicators")
    layer_id, created = ensure_layer(session, meta)
    tick = progress("writing", len(records)) if progress else None
    rows = ((layer_id, *r[1:]) for r in records)
    key = ("area_id", "indicator_code", "period")
    counts = upsert(session, "indicator_values", COLUMNS, key, rows, on_row=tick)
    if created or counts.changed or layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, "indicator_values")
    notes = [n.message for n in table.notes]
    return LoadReport("indicators", opts.path, meta.name, len(records), counts, notes=notes)


def _area_ids(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(text("SELECT kind, code, id FROM areas")).all()
    return {(r.kind, r.code): int(r.id) for r in rows}


def _indicator_codes(session: Session) -> set[str]:
    return set(session.execute(text("SELECT code FROM indicator_definitions")).scalars())


def _cell(ctx: _Context, i: int, column: str | None, fallback: str | None = None) -> str:
    if column is None or column not in ctx.table.frame.columns:
        return fallback or ""
    return str(ctx.table.frame[column].iat[i]).strip()


def _area(ctx: _Context, i: int) -> int | None:
    given = _cell(ctx, i, "area_kind", ctx.opts.area_kind)
    kind = resolve_choice(given, KIND_NAMES) or given  # "Sogn", "postnr" -> sogn, postnummer
    code = _cell(ctx, i, "area_code")
    where = ctx.table.where(i)
    if not kind:
        msg = "no area kind: add an area_kind column or pass --area-kind"
        ctx.problems.append(Problem(ctx.table.name, where, "area_kind", msg, "tables.err.no_kind"))
        return None
    area_id = ctx.areas.get((kind, code))
    if area_id is None:
        msg = f"unknown area {kind} {code!r}: load the areas first"
        params = {"kind": kind, "code": code}
        ctx.problems.append(
            Problem(ctx.table.name, where, "area_code", msg, "tables.err.unknown_area", params)
        )
    return area_id


def _number(ctx: _Context, i: int, column: str) -> float | None:
    raw = _cell(ctx, i, column)
    if raw == "":
        return None
    if column not in ctx.decimals:  # a Danish CSV's 12.345 is twelve thousand (once per column)
        ctx.decimals[column] = column_decimal(ctx.table.decimal, ctx.table.frame[column])
    try:
        return float(parse_value(raw, NUMBER, ctx.decimals[column]))
    except ValueError as exc:
        ctx.problems.append(cell_problem(ctx.table, i, column, exc))
        return None


def _period(ctx: _Context, i: int) -> str:
    period = _cell(ctx, i, "period", ctx.opts.period)
    if not period:
        msg = "no period: add a period column or pass --period"
        key = "tables.err.no_period"
        ctx.problems.append(Problem(ctx.table.name, ctx.table.where(i), "period", msg, key))
    try:
        check_fits(period, PERIOD_LIMITS)
    except ValueError as exc:
        ctx.problems.append(cell_problem(ctx.table, i, "period", exc))
    return period


def _require_columns(ctx: _Context, names: tuple[str, ...]) -> None:
    have = set(ctx.table.frame.columns)
    for name in names:
        if name not in have:
            names_ = ", ".join(str(c) for c in ctx.table.frame.columns)
            msg = f"required column is missing; the file has: {names_}"
            key, params = "tables.err.missing_column", {"columns": names_}
            ctx.problems.append(Problem(ctx.table.name, "", name, msg, key, params))
    if ctx.problems:
        raise LoadError(ctx.problems)


def _long_records(ctx: _Context) -> list[tuple]:
    _require_columns(ctx, ("area_code", "indicator", "value"))
    records = []
    for i in range(len(ctx.table.frame)):
        code = _cell(ctx, i, "indicator")
        if code not in ctx.indicators:
            msg = f"unknown indicator {code!r}: load its definition first"
            key, params = "tables.err.unknown_indicator", {"code": code}
            where = ctx.table.where(i)
            ctx.problems.append(Problem(ctx.table.name, where, "indicator", msg, key, params))
        values = [_number(ctx, i, c) for c in ("value", "numerator", "denominator")]
        records.append((i, _area(ctx, i), code, _period(ctx, i), *values))
    return records


def _wide_records(ctx: _Context) -> list[tuple]:
    _require_columns(ctx, ("area_code",))
    reserved = {"area_kind", "area_code", "area_name", "period", "name"}
    columns = [c for c in ctx.table.frame.columns if c not in reserved and "__" not in c]
    for column in columns:
        if column not in ctx.indicators:
            msg = "column is not a known indicator code: load its definition first"
            key = "tables.err.unknown_indicator_column"
            ctx.problems.append(Problem(ctx.table.name, "", column, msg, key))
    if not columns:
        msg = "no indicator columns: expected long form (indicator, value) or indicator columns"
        ctx.problems.append(Problem(ctx.table.name, "", "", msg, "tables.err.no_indicators"))
    if ctx.problems:
        raise LoadError(ctx.problems)
    records = []
    for i in range(len(ctx.table.frame)):
        area_id, period = _area(ctx, i), _period(ctx, i)
        for code in columns:
            value = _number(ctx, i, code)
            num, den = _number(ctx, i, f"{code}__num"), _number(ctx, i, f"{code}__den")
            records.append((i, area_id, code, period, value, num, den))
    return records


def _check_duplicates(ctx: _Context, records: list[tuple]) -> None:
    keys = pd.DataFrame([r[:4] for r in records], columns=["row", "area", "code", "period"])
    dup = keys[keys.duplicated(["area", "code", "period"], keep="first") & keys.area.notna()]
    for row in dup.itertuples():
        msg = f"duplicate value for indicator {row.code!r}, period {row.period!r} and this area"
        params = {"code": row.code, "period": row.period}
        where = ctx.table.where(int(row.row))
        ctx.problems.append(
            Problem(ctx.table.name, where, "area_code", msg, "tables.err.duplicate_value", params)
        )
