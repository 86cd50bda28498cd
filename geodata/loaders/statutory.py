"""`kvarterkort load statutory-lists FILE`: published lists, linked to boligområder, checked.

Each entry is linked to a loaded boligområde by its code, else by its normalised name, else by a
close name (difflib, conservative cutoff), and only among the boligområder inside the entry's
kommune when that kommune is loaded. A name variant of an already linked entry (same kommune)
takes that entry's area, so "Sebbersundvej mv" and "Sebbersundsvej" are one area. The report says
what linked how, what did not (kommune not loaded, or loaded but no area matched: with the nearest
name), and which entries disagree with their year's rule set. All or nothing; an identical
re-load changes nothing (upsert on the list's natural key).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from geodata.loaders.report import LoadOptions, LoadReport
from geodata.loaders.statutory_read import NUMBERS, Entries, name_key, read_entries, town_key
from geodata.loaders.writer import (
    WriteCounts,
    ensure_layer,
    finish_layer,
    layer_meta_changed,
    upsert,
)
from geodata.queries.statutory import Candidate, boligomraader, kommuner
from indicators.statutory import check_lists

SUGGEST_RATIO = 0.7  # below this a name is not offered as "nearest" in the report

KIND = "statutory-lists"
TABLE = "statutory_list_entries"
KEY = ("list_kind", "list_year", "municipality", "area_name")
COLUMNS = (
    "layer_id", "list_kind", "list_year", "area_name", "area_code", "municipality", "area_id",
    "match", "on_list", "new", "values_repeated", *NUMBERS, "source_row",
)  # fmt: skip
FUZZY_CUTOFF = 0.85  # Munkeob/Munkebo (0.86) and Sebbersundsvej (0.96) pass; Lindholm Vænge not
MAX_EDITS = 2  # letters changed, inserted or deleted in a typo (Munkeob: two)
MARKER_WORDS = frozenset(
    ("nord", "syd", "oest", "vest", "north", "south", "east", "west", "oevre", "nedre")
)


@dataclass
class StatutoryReport(LoadReport):
    """The load report plus linking and rule-check results (one line each in the summary)."""

    linked: Counter[str] = field(default_factory=Counter)
    kommune_not_loaded: Counter[str] = field(default_factory=Counter)
    unmatched: list[str] = field(default_factory=list)
    disagree: list[str] = field(default_factory=list)
    repeated: int = 0

    def summary(self) -> str:
        by = ", ".join(f"{n} by {how}" for how, n in sorted(self.linked.items())) or "none"
        c = self.counts
        lines = [
            f"{self.kind}: {self.rows} entries from {Path(self.path).name} into layer "
            f"'{self.layer}'; {c.inserted} inserted, {c.updated} updated, {c.unchanged} unchanged"
            + (f", {c.deleted} pruned" if c.deleted else ""),
            f"linked: {sum(self.linked.values())} ({by})",
            "not linked, kommune not loaded: "
            + (", ".join(f"{k} {n}" for k, n in sorted(self.kommune_not_loaded.items())) or "none"),
            f"not linked in a loaded kommune: {len(self.unmatched)}",
            *(f"  {u}" for u in self.unmatched),
            f"disagree with their year's rule set: {len(self.disagree)}"
            + f" (values repeated, not checked: {self.repeated})",
            *(f"  {d}" for d in self.disagree),
            *(f"note: {n}" for n in self.notes),
        ]
        return "\n".join(lines)


def load_statutory_lists(
    session: Session, opts: LoadOptions, progress: Callable[..., Callable[[], None]] | None = None
) -> StatutoryReport:
    """Read, link, check and write one list file inside the caller's transaction."""
    entries = read_entries(opts.path, opts.layer)
    frame = entries.frame
    report = StatutoryReport(KIND, opts.path, "", len(frame), WriteCounts(), notes=entries.notes)
    _link(session, frame, report)
    _check(frame, report)
    meta = opts.layer_meta(KIND)
    report.layer = meta.name
    layer_id, created = ensure_layer(session, meta)
    tick = progress("writing", len(frame)) if progress else None
    rows = (_row(layer_id, r) for r in frame.to_dict("records"))
    prune = layer_id if opts.prune else None
    report.counts = upsert(session, TABLE, COLUMNS, KEY, rows, prune_layer=prune, on_row=tick)
    if created or report.counts.changed or layer_meta_changed(session, layer_id, meta):
        finish_layer(session, layer_id, meta, TABLE)
    return report


def _row(layer_id: int, r: dict[str, Any]) -> list[Any]:
    values = {**r, "layer_id": layer_id}
    out: list[Any] = []
    for column in COLUMNS:
        value: Any = values.get(column)
        if _missing(value):
            value = None
        elif column in ("residents", "area_id", "source_row", "list_year"):
            value = int(value)  # COPY refuses "1158.0" for an integer column
        out.append(value)
    return out


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA


# --- linking ------------------------------------------------------------------------------------


def close_name(key: str, keys: list[str]) -> str | None:
    """The one key in `keys` that is a misspelling of `key`, else None.

    A close name links two areas only when a typo is the plausible story: a ratio of at least
    FUZZY_CUTOFF, the same first letter, at most MAX_EDITS changed letters, the same numbers and
    compass words, and no second candidate as close. "Vestparken"/"Østparken" (0.90),
    "Skovparken I"/"Skovparken II" (0.96) and "Nørrevang"/"Nørrevænget" (0.87) are different
    real areas and stay unlinked; "Sebbersundsvej", "Munkeob" and "Tingbejrg" are typos and link.
    """
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in keys if k), reverse=True
    )
    plausible = [(r, k) for r, k in scored if r >= FUZZY_CUTOFF and _typo(key, k)]
    if not plausible or (len(plausible) > 1 and plausible[1][0] == plausible[0][0]):
        return None
    return plausible[0][1]


def _typo(a: str, b: str) -> bool:
    if not a or not b or a[0] != b[0] or _markers(a) != _markers(b):
        return False
    opcodes = difflib.SequenceMatcher(None, a, b).get_opcodes()
    edits = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    return edits <= MAX_EDITS


def _markers(key: str) -> set[str]:
    """The words that tell neighbouring areas apart: numbers, roman numerals, compass points."""
    words = re.split(r"[_/]", key)
    return {w for w in words if w.isdigit() or w in MARKER_WORDS or re.fullmatch(r"[ivx]+", w)}


@dataclass
class _Linker:
    towns: dict[str, int]  # folded kommune name -> area id
    candidates: list[Candidate]

    def pool(self, municipality: str) -> tuple[int | None, list[Candidate]]:
        """(the loaded kommune, the boligområder an entry of `municipality` may link to)."""
        town = self.towns.get(town_key(municipality)) if municipality else None
        if town is not None:
            return town, [c for c in self.candidates if town in c.kommuner]
        if municipality and self.towns:  # a kommune that is not loaded: areas outside all loaded
            return None, [c for c in self.candidates if not c.kommuner]
        return None, self.candidates

    def link(self, code: str | None, name: str, municipality: str) -> tuple[int | None, str | None]:
        by_code = {c.code: c.id for c in self.candidates}
        if code and code in by_code:
            return by_code[code], "code"
        _, pool = self.pool(municipality)
        key = name_key(name, municipality)
        exact = [c.id for c in pool if name_key(c.name) == key]
        if exact:  # two boligområder of that name in the pool: ambiguous, never a guess
            return (exact[0], "name") if len(exact) == 1 else (None, None)
        ids: dict[str, list[int]] = {}
        for c in pool:
            ids.setdefault(name_key(c.name), []).append(c.id)
        close = close_name(key, [k for k, found in ids.items() if len(found) == 1])
        return (ids[close][0], "fuzzy") if close else (None, None)

    def why_not(self, name: str, municipality: str) -> str:
        """For the report: several areas of that name, else the nearest name (or nothing)."""
        _, pool = self.pool(municipality)
        key = name_key(name, municipality)
        same = [c.code for c in pool if name_key(c.name) == key]
        if len(same) > 1:
            return f"; ambiguous: {len(same)} boligområder of that name ({', '.join(same)})"
        scored = [
            (difflib.SequenceMatcher(None, key, name_key(c.name)).ratio(), c.name) for c in pool
        ]
        best = max(scored, default=(0.0, ""))
        # A "nearest" name that shares little with the entry only misleads whoever fixes the file
        return f"; nearest: {best[1]}" if best[0] >= SUGGEST_RATIO else "; no similar name"


def _link(session: Session, frame: pd.DataFrame, report: StatutoryReport) -> None:
    linker = _Linker({town_key(n): i for i, n in kommuner(session).items()}, boligomraader(session))
    found = [linker.link(r["area_code"], r["area_name"], r["municipality"])
             for r in frame.to_dict("records")]  # fmt: skip
    frame["area_id"] = [f[0] for f in found]
    frame["match"] = [f[1] for f in found]
    _link_variants(frame)
    for r in frame.to_dict("records"):
        if isinstance(r["match"], str):
            report.linked[r["match"]] += 1
        elif linker.pool(r["municipality"])[0] is None and r["municipality"]:
            report.kommune_not_loaded[r["municipality"]] += 1
        else:
            report.unmatched.append(
                f"{r['list_year']} {r['area_name']} ({r['municipality'] or '-'})"
                + linker.why_not(r["area_name"], r["municipality"])
            )
    if not linker.towns and report.linked:
        report.notes.append("no kommune is loaded: entries were linked by name without checking "
                            "their kommune; load the kommuner and re-load the list")  # fmt: skip


def _link_variants(frame: pd.DataFrame) -> None:
    """An unlinked name close to a linked entry's name in the same kommune is the same area
    (unless entries of that name were linked to two different areas: then it is ambiguous)."""
    keys = [name_key(n, m) for n, m in zip(frame["area_name"], frame["municipality"], strict=True)]
    towns = [town_key(m) for m in frame["municipality"]]
    linked: dict[tuple[str, str], set[int]] = {}
    for key, town, area in zip(keys, towns, frame["area_id"], strict=True):
        if area is not None and not pd.isna(area):
            linked.setdefault((town, key), set()).add(int(area))
    for i, (key, town) in enumerate(zip(keys, towns, strict=True)):
        if isinstance(frame["match"].iat[i], str):
            continue
        same = {k: min(a) for (t, k), a in linked.items() if t == town and len(a) == 1}
        if (town, key) in linked:  # the same name linked elsewhere: that area, if only one
            close = key if key in same else None
        else:
            close = close_name(key, list(same))
        if close:
            frame.iloc[i, frame.columns.get_loc("area_id")] = same[close]
            frame.iloc[i, frame.columns.get_loc("match")] = "fuzzy"


def _check(frame: pd.DataFrame, report: StatutoryReport) -> None:
    checked = check_lists(frame)
    report.repeated = int(frame["values_repeated"].sum())
    wrong = checked["agrees"].fillna(True).eq(False)
    for r, rule_set in zip(
        frame[wrong].to_dict("records"), checked.loc[wrong, "rule_set"], strict=True
    ):
        said = "on the list" if r["on_list"] else "not on the list"
        report.disagree.append(
            f"{r['list_year']} {r['area_name']} ({r['municipality']}): {said}, "
            f"but {rule_set} says {'not ' if r['on_list'] else ''}met"
        )


__all__ = ["KIND", "Entries", "StatutoryReport", "load_statutory_lists"]
