"""The phone registration form as data: its values (as typed, for showing them again), parsing
them into a SessionDraft, and placing each problem next to its field.

Counts come as groups: one home (unknown, an estate, a boligområde, another area) with a number
per age band. Field names are short and fixed (`home_0`, `n_0_3` = group 0, band 3), so the form
works without JavaScript and the parser can bound everything it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from activities import AGE_BANDS
from app.import_errors import message_text
from geodata.activities_sessions import CountInput, SessionDraft
from geodata.errors import LoadError

MAX_GROUPS = 8  # homes per session on the form (the API takes up to 100 count rows)
MAX_CODES = 500
CODE_MAX_CHARS = 100
NOTE_MAX = 500
NUMBER_MAX_DIGITS = 6
# problem field (geodata/activities_sessions.py, activities/validation.py) -> form field
FIELD_OF = {"offer": "offer", "held_on": "held_on", "starts_at": "starts_at",
            "ends_at": "ends_at", "staff_count": "staff_count", "venue": "venue",
            "point": "venue", "codes": "codes", "note": "note"}  # fmt: skip
Translate = Callable[..., str]


@dataclass
class Group:
    """Participants living in one kind of place: `home` is a kind, or "kind:reference"."""

    home: str = "unknown"
    counts: dict[str, str] = field(default_factory=dict)  # band -> number as typed

    def filled(self) -> bool:
        return any(v.strip() for v in self.counts.values())


@dataclass
class FormValues:
    offer: str = ""  # offer id
    held_on: str = ""
    venue: str = ""
    starts_at: str = ""
    ends_at: str = ""
    staff_count: str = ""
    groups: list[Group] = field(default_factory=list)
    codes: str = ""
    note: str = ""

    def shown_groups(self) -> list[Group]:
        """The filled groups and two empty ones to add homes (at least one group)."""
        filled = [g for g in self.groups if g.filled()][: MAX_GROUPS - 2]
        return filled + [Group() for _ in range(2 if filled else 3)]


def values_from_draft(draft: SessionDraft, offer_ids: Mapping[str, int]) -> FormValues:
    """A draft (a copied session) as form values."""
    groups: dict[str, Group] = {}
    for c in draft.counts:
        home = f"{c.home_kind}:{c.place}" if c.place else c.home_kind
        groups.setdefault(home, Group(home)).counts[c.age_band] = str(c.participants)
    offer = offer_ids.get(draft.offer.lower())
    return FormValues(
        offer=str(offer or ""), held_on=draft.held_on.isoformat(), venue=draft.venue_key or "",
        starts_at=_clock_text(draft.starts_at), ends_at=_clock_text(draft.ends_at),
        staff_count="" if draft.staff_count is None else str(draft.staff_count),
        groups=list(groups.values()),
    )  # fmt: skip


def _clock_text(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def read_values(form: Mapping[str, Any]) -> FormValues:
    """The posted fields as text (non-text and overlong values are cut, not trusted)."""

    def text(name: str, limit: int = 200) -> str:
        value = form.get(name)
        return value[:limit].strip() if isinstance(value, str) else ""

    groups = []
    for g in range(MAX_GROUPS):
        counts = {band: text(f"n_{g}_{b}", 12) for b, band in enumerate(AGE_BANDS)}
        groups.append(Group(text(f"home_{g}", 300) or "unknown", counts))
    return FormValues(
        offer=text("offer", 12), held_on=text("held_on", 12), venue=text("venue", 64),
        starts_at=text("starts_at", 8), ends_at=text("ends_at", 8),
        staff_count=text("staff_count", 12), groups=groups,
        codes=text("codes", MAX_CODES * (CODE_MAX_CHARS + 2)), note=text("note", NOTE_MAX + 1),
    )  # fmt: skip


@dataclass
class Parsed:
    draft: SessionDraft | None
    errors: dict[str, list[str]]


def parse(values: FormValues, offers: Mapping[str, str], t: Translate) -> Parsed:
    """A draft from the values, or the fields that are not even readable (numbers, dates)."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, key: str, **params: object) -> None:
        errors.setdefault(name, []).append(t(key, **params))

    offer = offers.get(values.offer)
    if offer is None:
        refuse("offer", "activities.register.err.offer")
    held_on = _date(values.held_on)
    if held_on is None:
        refuse("held_on", "activities.register.err.date")
    starts, ends = _time(values.starts_at), _time(values.ends_at)
    for name, raw, parsed in (("starts_at", values.starts_at, starts),
                              ("ends_at", values.ends_at, ends)):  # fmt: skip
        if raw and parsed is None:
            refuse(name, "activities.register.err.time")
    staff = _number(values.staff_count)
    if values.staff_count and staff is None:
        refuse("staff_count", "activities.register.err.number")
    counts = _counts(values.groups, refuse)
    codes = tuple(line.strip() for line in values.codes.splitlines() if line.strip())
    if len(codes) > MAX_CODES or any(len(c) > CODE_MAX_CHARS for c in codes):
        refuse("codes", "activities.register.err.codes", limit=MAX_CODES, chars=CODE_MAX_CHARS)
    if errors or offer is None or held_on is None:
        return Parsed(None, errors)
    draft = SessionDraft(
        offer=offer, held_on=held_on, counts=counts, starts_at=starts, ends_at=ends,
        venue_key=values.venue or None, staff_count=staff, note=values.note or None, codes=codes,
    )  # fmt: skip
    return Parsed(draft, errors)


def _counts(groups: Sequence[Group], refuse: Callable[..., None]) -> tuple[CountInput, ...]:
    out = []
    for group in groups:
        kind, _, place = group.home.partition(":")
        for band, raw in group.counts.items():
            if not raw:
                continue
            n = _number(raw)
            if n is None:
                refuse("counts", "activities.register.err.count", band=band)
                continue
            out.append(CountInput(band, kind, n, place or None))
    return tuple(out)


def _number(raw: str) -> int | None:
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > NUMBER_MAX_DIGITS:
        return None
    return int(raw)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None


def _time(raw: str) -> time | None:
    if not raw:
        return None
    try:
        return time.fromisoformat(raw) if len(raw) in (5, 8) else None
    except ValueError:
        return None


def located(exc: LoadError, t: Translate) -> dict[str, list[str]]:
    """The refusal's problems by form field, in the user's language ("counts" for the counts
    and their places)."""
    errors: dict[str, list[str]] = {}
    for p in exc.problems:
        name = FIELD_OF.get(p.field, "counts")
        # the form has no map: "or mark the place on the map" would send the user looking for one
        text = (t("activities.register.err.venue") if p.key == "activities.err.no_place"
                else message_text(p, t))  # fmt: skip
        errors.setdefault(name, []).append(text)
    return errors
