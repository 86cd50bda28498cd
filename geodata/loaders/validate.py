"""Turn a text table into typed rows for one layer spec, or say exactly which cells are wrong.

All problems in a file are collected before anything touches the database, so a user fixes the
file once instead of discovering errors one load at a time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geodata.errors import LoadError, Problem
from geodata.loaders.aliases import choice_table, find_column, resolve_choice
from geodata.loaders.geometry import prepare_geometries
from geodata.loaders.readers import Mapping, SourceTable
from geodata.loaders.specs import ColumnLimits, FieldSpec, LayerSpec, column_limits
from geodata.loaders.spreadsheet import AmbiguousNumber, column_decimal, parse_number

TRUE = {"true", "t", "yes", "y", "ja", "1"}
FALSE = {"false", "f", "no", "n", "nej", "0"}
STATUS_COLUMN = re.compile(r"^status_(\d{4})$")


class CellError(ValueError):
    """A cell that does not parse: English text plus its catalogue key and values."""

    def __init__(self, message: str, key: str, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


def cell_problem(table: SourceTable, i: int | None, name: str, exc: ValueError) -> Problem:
    """The located Problem for a CellError (or a plain ValueError, English only)."""
    where = "" if i is None else table.where(i)
    key, params = getattr(exc, "key", None), getattr(exc, "params", None)
    return Problem(table.name, where, name, str(exc), key, params)


@dataclass
class ValidatedLayer:
    """Typed rows ready for the writer, plus what was repaired on the way."""

    rows: pd.DataFrame
    repairs: list[str] = field(default_factory=list)


def validate(
    table: SourceTable, spec: LayerSpec, mapping: Mapping, overrides: dict[str, Any]
) -> ValidatedLayer:
    """Resolve columns, parse values, check keys and geometry; raise LoadError listing all."""
    problems: list[Problem] = []
    sources = _resolve_columns(table, spec, mapping, overrides, problems)
    if problems:
        raise LoadError(problems)
    rows = pd.DataFrame(index=range(len(table.frame)))
    for spec_field in spec.fields:
        # object dtype: an int column with a gap must stay ints and None, not floats and NaN
        limits = column_limits(spec.table, spec_field.name)
        values = _parse_column(table, spec_field, sources, problems, limits)
        rows[spec_field.name] = pd.Series(values, dtype=object)
    if spec.extra_json:
        rows[spec.extra_json] = _extra_json(table, spec, sources)
    _check_duplicate_keys(table, spec, rows, problems)
    repairs: list[str] = []
    if spec.geometry:
        rows["geom"] = prepare_geometries(table, spec.geometry, problems, repairs)
    if problems:
        raise LoadError(problems)
    return ValidatedLayer(rows, repairs)


def _resolve_columns(
    table: SourceTable,
    spec: LayerSpec,
    mapping: Mapping,
    overrides: dict[str, Any],
    problems: list[Problem],
) -> dict[str, Any]:
    """For each target field: a source column name, a ("const", v) or ("template", t) pair."""
    available = [str(c) for c in table.frame.columns if c != "geometry"]
    sources: dict[str, Any] = {}
    for f in spec.fields:
        source = _source_for(f, mapping, overrides, available)
        if isinstance(source, str) and source not in table.frame.columns:
            msg = f"mapping points at column '{source}', which the file does not have"
            key, params = "tables.err.mapping_column", {"column": source}
            problems.append(Problem(table.name, "", f.name, msg, key, params))
        elif source is None and f.required:
            names = ", ".join(available) or "(none)"
            msg = f"required column is missing; the file has: {names}"
            key, params = "tables.err.missing_column", {"columns": names}
            problems.append(Problem(table.name, "", f.name, msg, key, params))
        sources[f.name] = source
    return sources


def _source_for(
    f: FieldSpec, mapping: Mapping, overrides: dict[str, Any], available: list[str]
) -> Any:
    if f.name in overrides and overrides[f.name] is not None:
        return ("const", overrides[f.name])
    if f.name in mapping.columns:
        target = str(mapping.columns[f.name])
        return ("template", target) if "{" in target else target
    if f.name in mapping.constants:
        return ("const", mapping.constants[f.name])
    return find_column(available, f.name, f.aliases)  # English or Danish name, any case


def _raw_values(table: SourceTable, source: Any) -> list[str]:
    n = len(table.frame)
    if source is None:
        return [""] * n
    if isinstance(source, tuple) and source[0] == "const":
        return ["" if source[1] is None else str(source[1])] * n
    if isinstance(source, tuple) and source[0] == "template":
        return _render_template(table, source[1])
    return [str(v) for v in table.frame[source].tolist()]


def _render_template(table: SourceTable, template: str) -> list[str]:
    """Build a key from several columns, e.g. "{name}|{_lon},{_lat}" for stops without ids."""
    frame = table.frame
    out = []
    for i in range(len(frame)):
        values = {str(k): v for k, v in frame.iloc[i].items() if k != "geometry"}
        geom: Any = frame.geometry.iat[i] if hasattr(frame, "geometry") else None
        if geom is not None and not geom.is_empty:
            point = geom.representative_point()
            values |= {"_lon": f"{point.x:.6f}", "_lat": f"{point.y:.6f}"}
        values["_feature"] = str(i + table.first_number)
        out.append(template.format(**values))
    return out


def _parse_column(
    table: SourceTable,
    f: FieldSpec,
    sources: dict[str, Any],
    problems: list[Problem],
    limits: ColumnLimits | None = None,
) -> list[Any]:
    parsed: list[Any] = []
    raws = _raw_values(table, sources[f.name])
    decimal = column_decimal(table.decimal, raws)  # a Danish CSV's 2.000 is two thousand
    for i, raw in enumerate(raws):
        text = raw.strip()
        if text == "":
            if f.required:
                msg, key = "value is empty", "tables.err.empty_value"
                problems.append(Problem(table.name, table.where(i), f.name, msg, key))
            parsed.append(None)
            continue
        try:
            value = parse_value(text, f, decimal)
            check_fits(value, limits or ColumnLimits())
        except ValueError as exc:
            problems.append(cell_problem(table, i, f.name, exc))
            value = None
        parsed.append(value)
    return parsed


def parse_value(text: str, f: FieldSpec, decimal: str = ".") -> Any:
    """Parse one cell by the field's type; the CellError message says what was expected.

    Coded fields take the code or its Danish name ("Fælleshus", "idrætsforening"), see
    geodata/loaders/aliases.py; numbers take a decimal comma.
    """
    value: Any = text
    shown = _short(text)
    if f.type == "int":
        try:
            number = parse_number(text, decimal)
            value = int(number) if number.is_integer() else None  # 2.5 is refused, not 2
        except AmbiguousNumber:
            raise
        except (ValueError, OverflowError):
            value = None
        if value is None:
            raise CellError(
                f"expected a whole number, got {shown!r}", "tables.err.int", value=shown
            )
    elif f.type == "float":
        try:
            value = parse_number(text, decimal)
        except AmbiguousNumber:
            raise
        except ValueError:
            raise CellError(
                f"expected a number, got {shown!r}", "tables.err.float", value=shown
            ) from None
        if not math.isfinite(value):
            raise CellError(
                f"expected a finite number, got {shown!r}", "tables.err.finite", value=shown
            )
    elif f.type == "bool":
        if text.lower() not in TRUE | FALSE:
            raise CellError(
                f"expected true/false (or ja/nej, 1/0), got {shown!r}",
                "tables.err.bool",
                value=shown,
            )
        value = text.lower() in TRUE
    elif f.type == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CellError(
                f"invalid JSON ({exc.msg} at char {exc.pos})", "tables.err.json", pos=exc.pos
            ) from None
    if f.choices is not None:
        value = _choice(text, f)
    if f.min_value is not None and value < f.min_value:
        raise CellError(
            f"must be at least {f.min_value:g}, got {shown!r}",
            "tables.err.min",
            min=f"{f.min_value:g}",
            value=shown,
        )
    return value


_CHOICES: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}


def _choice(text: str, f: FieldSpec) -> str:
    choices = f.choices or ()
    table = _CHOICES.setdefault((f.name, choices), choice_table(choices, f.names))
    code = resolve_choice(text, table)
    if code is None:
        allowed = ", ".join(choices)
        msg = f"{_short(text)!r} is not one of: {allowed}"
        raise CellError(msg, "tables.err.choice", value=_short(text), allowed=allowed)
    return code


def check_fits(value: Any, limits: ColumnLimits) -> None:
    """Raise ValueError when a parsed value is too long or out of range for its column."""
    if isinstance(value, str):
        if "\x00" in value:
            raise CellError(
                "contains a NUL character, which the database cannot store", "tables.err.nul"
            )
        if limits.max_length is not None and len(value) > limits.max_length:
            raise CellError(
                f"is {len(value)} characters long; at most {limits.max_length} fit",
                "tables.err.too_long", length=len(value), max=limits.max_length,
            )  # fmt: skip
    elif isinstance(value, int) and not isinstance(value, bool) and limits.int_range:
        low, high = limits.int_range
        if not low <= value <= high:
            raise CellError(
                f"{value} is out of range: must be between {low} and {high}",
                "tables.err.range", value=value, low=low, high=high,
            )  # fmt: skip


def _short(text: str, limit: int = 40) -> str:
    """A cell shown in a message: long enough to find it, never a whole pasted document."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _extra_json(table: SourceTable, spec: LayerSpec, sources: dict[str, Any]) -> list[dict]:
    """Collect the columns no field claimed (POI attributes, estate status_YYYY columns)."""
    used = {s for s in sources.values() if isinstance(s, str)}
    extra = [c for c in table.frame.columns if c not in used and c != "geometry"]
    if spec.extra_json == "list_status":
        status_cols = {c: m.group(1) for c in extra if (m := STATUS_COLUMN.match(c))}
        return [
            {year: str(table.frame[c].iat[i]).strip() for c, year in status_cols.items()
             if str(table.frame[c].iat[i]).strip()}
            for i in range(len(table.frame))
        ]  # fmt: skip
    return [
        {c: table.frame[c].iat[i] for c in extra if table.frame[c].iat[i] not in ("", None)}
        for i in range(len(table.frame))
    ]


def _check_duplicate_keys(
    table: SourceTable, spec: LayerSpec, rows: pd.DataFrame, problems: list[Problem]
) -> None:
    seen: dict[tuple, int] = {}
    for i, key in enumerate(rows[list(spec.key)].itertuples(index=False, name=None)):
        if any(k is None for k in key):
            continue
        if key in seen:
            first = table.where(seen[key])
            shown = ", ".join(f"{k}={v!r}" for k, v in zip(spec.key, key, strict=True))
            msg = f"duplicate key ({shown}); first seen at {first}"
            key, params = "tables.err.duplicate_key", {"values": shown, "first": first}
            problems.append(
                Problem(table.name, table.where(i), "/".join(spec.key), msg, key, params)
            )
        else:
            seen[key] = i
