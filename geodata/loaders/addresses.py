"""Load the Danish address register in DAWA's CSV form (adresser or adgangsadresser), gzip or not.

The file's own columns are used as they are (id, vejnavn, husnr, etage, dør, postnr, postnrnavn,
status and the ETRS89/UTM32 or WGS84 coordinate columns), so an official extract loads without a
mapping file. Addresses the register itself has no position for, and withdrawn ones (status 2
nedlagt, 4 henlagt), cannot be found on a map; they are skipped and counted, not refused. Every
other problem is located (file, row, field) and stops the whole load before anything is written.
"""

from __future__ import annotations

import gzip
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

import pandas as pd
import shapely
from pyproj import Transformer

from geodata.errors import LoadError, Problem
from geodata.loaders.geometry import DENMARK_BOUNDS_25832
from geodata.loaders.report import LoadOptions, LoadReport
from geodata.loaders.specs import column_limits
from geodata.loaders.validate import check_fits
from geodata.loaders.writer import (
    ensure_layer,
    execute_count,
    finish_layer,
    layer_meta_changed,
    upsert,
)
from geodata.models_places import Address

KIND = "addresses"
TABLE = Address.__tablename__  # the import also registers the model for column_limits
REQUIRED = ("id", "vejnavn", "husnr", "postnr", "postnrnavn")
OPTIONAL = {"etage": "etage", "dør": "doer", "doer": "doer"}
UTM = ("etrs89koordinat_øst", "etrs89koordinat_nord")
WGS84 = ("wgs84koordinat_længde", "wgs84koordinat_bredde")
WITHDRAWN = {"2", "4"}  # DAWA status: 1 gældende, 2 nedlagt, 3 foreløbig, 4 henlagt
COLUMNS = ("layer_id", "id", "vejnavn", "husnr", "etage", "doer", "postnr", "postnrnavn", "geom")
DEFAULT_LICENCE = "Frie grunddata: DAR/DAWA-vilkår (fri brug med kildeangivelse), nu CC BY 4.0"
DEFAULT_CREDIT = "Indeholder data fra Danmarks Adresseregister (DAR) via DAWA"
_TO_UTM = Transformer.from_crs(4326, 25832, always_xy=True)


@dataclass
class AddressRows:
    """Typed rows ready for the writer, and how many the register could not place."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    no_position: int = 0
    withdrawn: int = 0


def load_addresses(
    session: Any,
    opts: LoadOptions,
    progress: Callable[[str, int | None], Callable[[], None]] | None,
) -> LoadReport:
    """Read, validate and upsert one address file within the caller's transaction."""
    path = Path(opts.path)
    frame = read_address_csv(path)
    parsed = parse_addresses(str(path), frame)
    meta = opts.layer_meta(KIND)
    meta = type(meta)(
        **{**meta.__dict__, "licence": opts.licence or DEFAULT_LICENCE,
           "credit": opts.credit or DEFAULT_CREDIT},
    )  # fmt: skip
    layer_id, created = ensure_layer(session, meta)
    tick = progress("writing", len(parsed.rows)) if progress else None
    counts = upsert(
        session, TABLE, COLUMNS, ("id",), ((layer_id, *row) for row in parsed.rows),
        prune_layer=layer_id if opts.prune else None, on_row=tick,
    )  # fmt: skip
    refresh_search(session, layer_id)
    if created or counts.changed or layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, TABLE)
    notes = []
    if parsed.no_position:
        notes.append(f"{parsed.no_position} without a position in the register skipped")
    if parsed.withdrawn:
        notes.append(f"{parsed.withdrawn} withdrawn (nedlagt/henlagt) skipped")
    return LoadReport(KIND, path, meta.name, len(parsed.rows), counts, notes=notes)


def refresh_search(session: Any, layer_id: int) -> int:
    """Fill the folded search label in SQL (kk_fold), touching only rows whose label changed."""
    label = (
        "kk_fold(vejnavn || ' ' || husnr || coalesce(' ' || etage, '') || "
        "coalesce(' ' || doer, '') || ' ' || postnr || ' ' || postnrnavn)"
    )
    return execute_count(
        session,
        f"UPDATE addresses SET search = {label} "  # noqa: S608 -- fixed SQL fragment
        f"WHERE layer_id = :lid AND search IS DISTINCT FROM {label}",
        {"lid": layer_id},
    )


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return cast(BinaryIO, gzip.open(path, "rb")) if gzipped else path.open("rb")


def read_address_csv(path: Path) -> pd.DataFrame:
    """The file as text columns; gzip is recognised by its magic bytes, not its name."""
    if not path.exists():
        raise LoadError([Problem(str(path), "", "", "file not found")])
    try:
        with _open(path) as fh:
            frame = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise LoadError([Problem(str(path), "", "", "the file is empty")]) from exc
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise LoadError([Problem(str(path), "", "", f"cannot read CSV: {exc}")]) from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    has_coords = set(UTM) <= set(frame.columns) or set(WGS84) <= set(frame.columns)
    problems = [
        Problem(str(path), "", c, f"required column is missing; the file has: "
                f"{', '.join(frame.columns[:12])}{' …' if len(frame.columns) > 12 else ''}")
        for c in missing
    ]  # fmt: skip
    if not has_coords:
        msg = f"no coordinates: need {' and '.join(UTM)} or {' and '.join(WGS84)}"
        problems.append(Problem(str(path), "", "coordinates", msg))
    if problems:
        raise LoadError(problems)
    if frame.empty:
        raise LoadError([Problem(str(path), "", "", "the file contains no rows")])
    return frame


def parse_addresses(name: str, frame: pd.DataFrame) -> AddressRows:
    """Typed rows; every bad cell is collected as a located problem, then raised together."""
    out, problems, seen = AddressRows(), [], {}  # type: ignore[var-annotated]
    for i, rec in enumerate(frame.to_dict("records")):
        where = f"row {i + 2}"  # line 1 is the header
        if str(rec.get("status", "")).strip() in WITHDRAWN:
            out.withdrawn += 1
            continue
        if _blank_position(rec):
            out.no_position += 1
            continue
        point = _point(name, where, rec, problems)
        row = _row(name, where, rec, problems)
        if point is None or row is None:
            continue
        if row[0] in seen:
            msg = f"duplicate id {row[0]}; first seen at row {seen[row[0]]}"
            problems.append(Problem(name, where, "id", msg))
            continue
        seen[row[0]] = i + 2
        out.rows.append((*row, point))
    if problems:
        raise LoadError(problems)
    return out


def _blank_position(rec: dict[str, str]) -> bool:
    """The register has addresses it has not placed yet: both coordinate pairs are empty."""
    return all(not str(rec.get(c, "")).strip() for c in (*UTM, *WGS84))


def _row(name: str, where: str, rec: dict[str, str], problems: list[Problem]) -> tuple | None:
    values: list[Any] = []
    before = len(problems)
    raw_id = str(rec["id"]).strip()
    try:
        values.append(uuid.UUID(raw_id))
    except ValueError:
        problems.append(Problem(name, where, "id", f"not a DAR/DAWA id (UUID): {raw_id[:40]!r}"))
        values.append(None)
    for column in ("vejnavn", "husnr"):
        values.append(_text(name, where, rec, column, column, problems, required=True))
    for source, target in (("etage", "etage"), ("dør", "doer")):
        values.append(_text(name, where, rec, source, target, problems, required=False))
    postnr = str(rec["postnr"]).strip()
    if not (len(postnr) == 4 and postnr.isdigit()):
        problems.append(Problem(name, where, "postnr", f"expected 4 digits, got {postnr[:20]!r}"))
    values.append(postnr)
    values.append(_text(name, where, rec, "postnrnavn", "postnrnavn", problems, required=True))
    return tuple(values) if len(problems) == before else None


def _text(
    name: str, where: str, rec: dict[str, str], source: str, target: str,
    problems: list[Problem], required: bool,
) -> str | None:  # fmt: skip
    value = str(rec.get(source, "")).strip()
    if not value:
        if required:
            problems.append(Problem(name, where, source, "value is empty"))
        return None
    try:
        check_fits(value, column_limits(TABLE, target))
    except ValueError as exc:
        problems.append(Problem(name, where, source, str(exc)))
    return value


def _point(name: str, where: str, rec: dict[str, str], problems: list[Problem]) -> Any:
    """The address point in EPSG:25832 (UTM columns preferred: they are the register's own)."""
    for cols, utm in ((UTM, True), (WGS84, False)):
        if cols[0] not in rec:
            continue
        x_raw, y_raw = (str(rec[c]).strip() for c in cols)
        if not x_raw and not y_raw:
            continue
        try:
            x, y = float(x_raw), float(y_raw)
        except ValueError:
            bad = cols[0] if not _is_number(x_raw) else cols[1]
            problems.append(Problem(name, where, bad, f"not a number: {x_raw!r}, {y_raw!r}"))
            return None
        if not (math.isfinite(x) and math.isfinite(y)):
            problems.append(Problem(name, where, cols[0], "coordinates must be finite numbers"))
            return None
        if not utm:
            x, y = _TO_UTM.transform(x, y)
        x0, y0, x1, y1 = DENMARK_BOUNDS_25832
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            msg = "coordinates fall outside Denmark (swapped east/north or lon/lat?)"
            problems.append(Problem(name, where, cols[0], msg))
            return None
        return shapely.Point(x, y)
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
