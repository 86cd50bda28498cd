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
from geodata.loaders.geometry import prepare_geometries
from geodata.loaders.readers import Mapping, SourceTable
from geodata.loaders.specs import ColumnLimits, FieldSpec, LayerSpec, column_limits

TRUE = {"true", "t", "yes", "y", "ja", "1"}
FALSE = {"false", "f", "no", "n", "nej", "0"}
STATUS_COLUMN = re.compile(r"^status_(\d{4})$")


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
    available = [c for c in table.frame.columns if c != "geometry"]
    lower = {c.lower(): c for c in available}
    sources: dict[str, Any] = {}
    for f in spec.fields:
        source = _source_for(f, mapping, overrides, lower)
        if isinstance(source, str) and source not in table.frame.columns:
            msg = f"mapping points at column '{source}', which the file does not have"
            problems.append(Problem(table.name, "", f.name, msg))
        elif source is None and f.required:
            names = ", ".join(available) or "(none)"
            msg = f"required column is missing; the file has: {names}"
            problems.append(Problem(table.name, "", f.name, msg))
        sources[f.name] = source
    return sources


def _source_for(
    f: FieldSpec, mapping: Mapping, overrides: dict[str, Any], lower: dict[str, str]
) -> Any:
    if f.name in overrides and overrides[f.name] is not None:
        return ("const", overrides[f.name])
    if f.name in mapping.columns:
        target = str(mapping.columns[f.name])
        return ("template", target) if "{" in target else target
    if f.name in mapping.constants:
        return ("const", mapping.constants[f.name])
    for name in (f.name, *f.aliases):
        if name.lower() in lower:
            return lower[name.lower()]
    return None


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
    for i, raw in enumerate(_raw_values(table, sources[f.name])):
        text = raw.strip()
        if text == "":
            if f.required:
                problems.append(Problem(table.name, table.where(i), f.name, "value is empty"))
            parsed.append(None)
            continue
        try:
            value = parse_value(text, f)
            check_fits(value, limits or ColumnLimits())
        except ValueError as exc:
            problems.append(Problem(table.name, table.where(i), f.name, str(exc)))
            value = None
        parsed.append(value)
    return parsed


def parse_value(text: str, f: FieldSpec) -> Any:
    """Parse one cell by the field's type; the ValueError message says what was expected."""
    value: Any = text
    if f.type == "int":
        try:
            value = int(float(text)) if float(text).is_integer() else None
        except ValueError:
            value = None
        if value is None:
            raise ValueError(f"expected a whole number, got {_short(text)!r}")
    elif f.type == "float":
        try:
            value = float(text.replace(",", ".")) if text.count(",") == 1 else float(text)
        except ValueError:
            raise ValueError(f"expected a number, got {_short(text)!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {_short(text)!r}")
    elif f.type == "bool":
        if text.lower() not in TRUE | FALSE:
            raise ValueError(f"expected true/false (or ja/nej, 1/0), got {text!r}")
        value = text.lower() in TRUE
    elif f.type == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"invalid JSON ({exc.msg} at char {exc.pos})") from None
    if f.choices is not None and value not in f.choices:
        raise ValueError(f"{_short(text)!r} is not one of: {', '.join(f.choices)}")
    if f.min_value is not None and value < f.min_value:
        raise ValueError(f"must be at least {f.min_value:g}, got {_short(text)!r}")
    return value


def check_fits(value: Any, limits: ColumnLimits) -> None:
    """Raise ValueError when a parsed value is too long or out of range for its column."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("contains a NUL character, which the database cannot store")
        if limits.max_length is not None and len(value) > limits.max_length:
            raise ValueError(f"is {len(value)} characters long; at most {limits.max_length} fit")
    elif isinstance(value, int) and not isinstance(value, bool) and limits.int_range:
        low, high = limits.int_range
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range: must be between {low} and {high}")


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
            problems.append(Problem(table.name, table.where(i), "/".join(spec.key), msg))
        else:
            seen[key] = i
