"""The revision check of a Statbank import: would it change values already stored?

Statistics Denmark revises published figures. An import that would replace stored values is
refused with one line per change (at most DIFF_LINES) and whether the table's `updated` moved
since the last import, unless the user accepts the revision. Split from importer.py to keep the
use case short; the SQL is in geodata/queries/statbank.py.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from geodata.queries import statbank as q
from geodata.statbank.errors import RevisionError

if TYPE_CHECKING:
    from geodata.statbank.importer import StatbankImportOptions
    from geodata.statbank.inputs import Inputs

DIFF_LINES = 20


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def check_revision(
    session: Session, inputs: Inputs, opts: StatbankImportOptions, records: list[tuple]
) -> tuple[list[str], bool]:
    """(diff lines, unchanged?): RevisionError when stored values would change unaccepted."""
    ids = sorted({r[0] for r in records})
    stored = q.stored_values(session, opts.indicator, ids, sorted({r[2] for r in records}))
    names = {a.id: a for a in q.loaded_areas(session) if a.id in ids}
    diff = []
    for area_id, _, period, value, num, den in records:
        old = stored.get((area_id, period))
        if old is not None and not all(
            _same(x, y) for x, y in zip(old, (value, num, den), strict=True)
        ):
            a = names[area_id]
            diff.append(
                f"{a.name} ({a.kind} {a.code}), {period}: {_show(old[0])} -> {_show(value)}"
            )
    unchanged = not diff and len(stored) == len(records)
    if diff and not opts.accept_revision:
        raise _revision_error(session, inputs, opts, diff)
    return diff, unchanged


def _show(value: float | None) -> str:
    if value is None:
        return "missing"
    return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")


def _revision_error(
    session: Session, inputs: Inputs, opts: StatbankImportOptions, diff: list[str]
) -> RevisionError:
    before = q.last_table_updated(session, inputs.table, opts.indicator)
    now = inputs.info.updated if inputs.info else None
    if now is None:
        moved = "a saved file does not say when the table was revised"
    elif before is None:
        moved = "no earlier import recorded the table's revision time"
    elif now != before:
        moved = (
            f"table {inputs.table} was updated {now.isoformat()} "
            f"(last import: {before.isoformat()})"
        )
    else:
        moved = f"table {inputs.table} has the same updated time as at the last import"
    shown = diff[:DIFF_LINES] + (
        [f"and {len(diff) - DIFF_LINES} more"] if len(diff) > DIFF_LINES else []
    )
    return RevisionError(
        f"{len(diff)} stored values of {opts.indicator} would change; {moved}. "
        "Pass --accept-revision to replace them",
        diff=shown, key="statbank.import.err.revision", count=len(diff), code=opts.indicator,
    )  # fmt: skip
