"""What the venue finder's page, report and map say about an answer, in the reader's language.

Numbers are written the Danish way on Danish pages (1.282 borgere, 6,8 min, 47 %), and the
method sentence says in plain words whether distances follow a walking network or are straight
lines times a detour factor, because a coordinator must know how far to trust "800 m".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from app import format as fmt
from app.routes.venues_params import VenueQuery
from app.settings import Settings
from geodata.models import VENUE_TYPES
from geodata.network_store import NETWORK_KIND
from geodata.queries.assets_public import area_options
from geodata.queries.layers import list_layers
from geodata.queries.venue_eligibility import WEEKDAYS
from mapping.venues_map import LABEL_KEYS
from usecases.ranking_db import profile_choices
from usecases.venue_export import public_summary, public_total
from usecases.venues import FinderResult, cost_method

Translate = Callable[..., str]
AREA_KINDS = ("postnummer", "sogn", "boligområde", "skoledistrikt", "kommune")


def num(value: Any, lang: str, digits: int = 0) -> str:
    """1,282.5 in English, 1.282,5 in Danish; a dash for missing values (app.format.number)."""
    return fmt.number(None if value is None else float(value), lang, digits)


def percent(share: float | None, lang: str) -> str:
    return "–" if share is None else f"{num(share * 100, lang)} %"


def walk(metres: Any, minutes: Any, lang: str) -> str:
    if metres is None or (isinstance(metres, float) and math.isnan(metres)):
        return "–"
    return f"{num(metres, lang)} m ≈ {num(minutes, lang, 1)} min"


def distance(value: float, unit: str, lang: str) -> str:
    return f"{num(value, lang)} m" if unit == "m" else f"{num(value, lang, 1)} min"


def method_sentence(res: FinderResult, t: Translate, lang: str) -> str:
    """E.g. "Afstande er beregnet som fugleflugt × 1,3, fordi der ikke er indlæst et gangnet." """
    info = cost_method(res.costs)
    if info["method"] == "network":
        head = t("venues.sentence.network", layer=info["network_layer"])
    else:
        key = (
            "venues.sentence.straight.none"
            if info["no_network"]
            else "venues.sentence.straight.chosen"
        )
        head = t(key, detour=num(info["detour_factor"], lang, 1))
    speed = t("venues.sentence.speed", speed=num(info["speed_m_per_min"] * 60 / 1000, lang, 1))
    return f"{head} {speed}"


def solution_sentence(
    res: FinderResult, t: Translate, lang: str, settings: Settings | None
) -> str | None:
    """Says when the answer is the heuristic's, why (size or time) and its proven gap; None
    for an exact answer (the page shows nothing then)."""
    result = res.result
    if result.method != "heuristic" or result.reason not in ("size", "time") or settings is None:
        return None
    gap = (
        t("venues.solved.gap_unknown")
        if result.gap is None
        else f"{num(result.gap * 100, lang, 2)} %"
    )
    if result.reason == "time":
        seconds = num(settings.venues_time_limit_s, lang)
        return t("venues.solved.heuristic.time", seconds=seconds, gap=gap)
    return t("venues.solved.heuristic.size", demand=num(len(res.demand), lang),
             candidates=num(len(res.venues), lang),
             limit=num(settings.venues_exact_max_size, lang), gap=gap)  # fmt: skip


def figures(res: FinderResult, exact: bool) -> dict[str, Any]:
    """The headline figures: exact for staff, else resident totals rounded to 5 (under 5
    hidden) and the share covered computed from the shown totals (public_summary)."""
    return res.summary() if exact else public_summary(res.summary())


def count(value: Any, t: Translate, lang: str) -> str:
    """A resident total already made public (or exact): None is a hidden total of 1-4."""
    return t("venues.map.suppressed") if value is None else num(value, lang)


def headline(res: FinderResult, t: Translate, lang: str, exact: bool = False) -> str:
    s = figures(res, exact)
    values = {"n": s["n_selected"], "share": percent(s["covered_share"], lang),
              "covered": count(s["covered_weight"], t, lang),
              "total": count(s["total_weight"], t, lang)}  # fmt: skip
    if res.result.model in ("mclp", "lscp"):
        return t("venues.headline", radius=distance(s["radius"], s["unit"], lang), **values)
    longest = walk(s["max_walk_m"], (s["max_walk_m"] or 0) / res.request.speed_m_per_min, lang)
    return t("venues.headline.median", longest=longest, **values)


def venue_rows(
    res: FinderResult, t: Translate, lang: str, exact: bool = False
) -> list[dict[str, Any]]:
    """The table: one row per chosen venue, in order of load, with what a booking needs; reach,
    load and share public (rounded totals, see public_total) unless `exact` (staff)."""
    shown = (lambda value: value) if exact else public_total
    total = shown(res.result.total_weight)
    warned = warning_texts(res, t)
    rows = []
    for v in res.selected.itertuples():
        facts = [yes_no(v.step_free, t), yes_no(v.kitchen, t),
                 "–" if pd.isna(v.capacity) else num(v.capacity, lang)]  # fmt: skip
        load = shown(v.load)
        rows.append({
            "order": v.order, "id": v.candidate_id, "name": v.name,
            "type": t(f"venues.type.{v.type}"), "reach": count(shown(v.reach), t, lang),
            "load": count(load, t, lang),
            "share": percent(load / total if total and load is not None else None, lang),
            "mean": walk(v.mean_m, v.mean_min, lang), "facts": " / ".join(facts),
            "week": "" if pd.isna(v.week) else int(v.week),
            **booking_facts(v, t, lang), "warnings": warned.get(v.candidate_id, []),
        })  # fmt: skip
    return rows


def yes_no(value: Any, t: Translate) -> str:
    """Ja / Nej, or "ukendt" when the data do not say (never a silent "Nej")."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return t("venues.unknown")
    return t("yes") if bool(value) else t("no")


def hours_text(availability: Any, t: Translate) -> str:
    """Free times by weekday, e.g. "man 10:00-15:00, 17:00-22:00; tir 09:00-15:00"."""
    if not isinstance(availability, dict):
        return t("venues.unknown")
    parts = [f"{t('venues.dayshort.' + d)} {', '.join(map(str, availability[d]))}"
             for d in WEEKDAYS if availability.get(d)]  # fmt: skip
    return "; ".join(parts) or t("venues.hours.none")


def booking_facts(v: Any, t: Translate, lang: str) -> dict[str, Any]:
    """Address, contact, bookable, free times and seats of one venue (a row of res.venues),
    and which of them are invented: the whole venue in a synthetic layer, else the fields the
    venue names (a real venue with synthetic details)."""
    contact = v.contact if isinstance(v.contact, str) and v.contact.strip() else None
    fields = list(v.synthetic_fields) if isinstance(v.synthetic_fields, list | tuple) else []
    invented = [] if bool(v.synthetic) else [t(f"venues.field.{f}") for f in fields]
    return {
        "address": v.address if isinstance(v.address, str) and v.address else "–",
        "contact": contact or t("venues.contact.none"),
        "bookable": yes_no(v.bookable, t),
        "hours": hours_text(v.availability, t),
        "capacity": "–" if pd.isna(v.capacity) else num(v.capacity, lang),
        "synthetic_venue": bool(v.synthetic),
        "invented": ", ".join(invented),
    }


def warning_texts(res: FinderResult, t: Translate) -> dict[str, list[str]]:
    """Chosen venue id -> its warnings in words (not bookable, bookability unknown, no contact)."""
    out: dict[str, list[str]] = {}
    for w in res.warnings():
        out.setdefault(w["venue"], []).append(t(f"venues.warn.{w['code']}", name=w["name"]))
    return out


def with_booking_text(frame: pd.DataFrame, res: FinderResult, t: Translate, lang: str) -> Any:
    """The map's venue points plus the booking facts and warnings in words (for popups)."""
    out = frame.copy()
    facts = [booking_facts(v, t, lang) for v in out.itertuples()]
    for column, key in (("bookable_text", "bookable"), ("contact_text", "contact"),
                        ("hours_text", "hours"), ("capacity_text", "capacity")):  # fmt: skip
        out[column] = [f[key] for f in facts]
    warned = warning_texts(res, t)
    out["warning_text"] = [" ".join(warned.get(k, [])) for k in out["candidate_id"]]
    return out


def warnings_json(res: FinderResult, t: Translate) -> list[dict[str, str]]:
    """The API's `warnings`: code, venue and the sentence in the reader's language."""
    return [{**w, "message": t(f"venues.warn.{w['code']}", name=w["name"])}
            for w in res.warnings()]  # fmt: skip


def rotation_rows(
    res: FinderResult, t: Translate, lang: str, exact: bool = False
) -> list[dict[str, Any]]:
    """The weekly plan; new residents per week are totals too, so public unless `exact`."""
    if res.rotation is None:
        return []
    names = dict(zip(res.venues["candidate_id"], res.venues["name"], strict=True))
    return [
        {"week": w.week, "venues": [f"{names.get(k, k)} ({k})" for k in w.venues],
         "new": count(w.new_weight if exact else public_total(w.new_weight), t, lang),
         "cumulative": percent(w.cumulative_share, lang)}
        for w in res.rotation.weeks
    ]  # fmt: skip


def result_context(
    res: FinderResult, query: VenueQuery, t: Translate, lang: str, exact: bool = False,
    settings: Settings | None = None,
) -> dict:  # fmt: skip
    """Everything the result section and the report show; resident totals exact only for
    staff (`exact`), else rounded like the cell counts (see usecases.venue_export.public_total)."""
    s = figures(res, exact)
    qs = query.query_string()
    return {
        "res": res,
        "headline": headline(res, t, lang, exact),
        "solution_sentence": solution_sentence(res, t, lang, settings),
        "method_sentence": method_sentence(res, t, lang),
        "method_notes": [n for n in res.costs.notes if res.costs.method == "network"],
        "figures": [
            (t("venues.fig.share"), percent(s["covered_share"], lang)),
            (t("venues.fig.mean"), walk(s["mean_walk_m"], s["mean_walk_min"], lang)),
            (t("venues.fig.selected"), str(s["n_selected"])),
            (t("venues.fig.candidates"), str(s["n_candidates"])),
        ],
        "rows": venue_rows(res, t, lang, exact),
        "warnings": [text for texts in warning_texts(res, t).values() for text in texts],
        "total": {
            "load": count(s["covered_weight"], t, lang),
            "share": percent(s["covered_share"], lang),
        },
        "rotation_rows": rotation_rows(res, t, lang, exact),
        "map_url": f"/venues/map?{qs}&lang={lang}",
        "report_url": f"/venues/report?{qs}&lang={lang}",
        "downloads": _downloads(qs, t),
        "synthetic": res.synthetic_layers,
    }


def _downloads(qs: str, t: Translate) -> list[tuple[str, str]]:
    base = f"/venues/download?{qs}"
    tables = [
        link
        for name in ("venues", "demand", "costs")
        for link in (
            (t(f"venues.download.{name}"), f"{base}&format=csv&table={name}"),
            *[(t("tables.download.labelled", table=t(f"tables.download.{name}"),
                 format=t(f"tables.format.{f}")), f"{base}&format={f}&table={name}")
              for f in ("csv-da", "xlsx")],
        )
    ]  # fmt: skip
    return [
        *tables,
        ("GeoJSON", f"{base}&format=geojson"),
        ("GeoPackage", f"{base}&format=gpkg"),
    ]


def parameter_rows(query: VenueQuery, t: Translate, lang: str) -> list[tuple[str, str]]:
    """The request in words, for the printable report."""
    area = f"{t('venues.kind.' + query.area_kind)} {query.area_code}" if query.area_code else "–"
    rules = [t(f"venues.type.{x}") for x in query.types] or [t("venues.none")]
    flags = [
        t(f"venues.{f}") for f in ("step_free", "kitchen", "bookable_only") if getattr(query, f)
    ]
    days = [t(f"venues.day.{d}") for d in query.weekdays]
    rows = [
        (t("venues.model"), t(f"venues.model.{query.model}")),
        (t("venues.p"), "–" if query.model == "lscp" else str(query.p)),
        (t("venues.radius"), _radius(query, lang)),
        (t("venues.target"), t(f"venues.target.{query.target}")),
        (t("venues.area_code"), f"{area} (+ {num(query.buffer_m, lang)} m)"),
        (t("venues.types"), ", ".join(rules)),
        (t("venues.fs.rules"), ", ".join(flags) or "–"),
        (t("venues.weekdays"), ", ".join(days) or "–"),
        (t("venues.time_window"), query.time_window or "–"),
    ]  # fmt: skip
    if query.min_capacity:
        rows.append((t("venues.min_capacity"), str(query.min_capacity)))
    if query.required or query.excluded:
        rows.append((t("venues.required"), ", ".join(query.required) or "–"))
        rows.append((t("venues.excluded"), ", ".join(query.excluded) or "–"))
    return rows


def _radius(query: VenueQuery, lang: str) -> str:
    return "–" if query.radius is None else distance(query.radius, query.unit, lang)


def map_labels(t: Translate) -> dict[str, str]:
    return {key: t(f"venues.map.{key}") for key in LABEL_KEYS}


def form_context(session: Session, query: VenueQuery | None, raw: dict[str, Any]) -> dict:
    """Choices for the form and the values to show in it (the raw input when it did not parse)."""
    networks = [row.name for row in list_layers(session) if row.kind == NETWORK_KIND]
    areas = [o for o in area_options(session) if o["kind"] in AREA_KINDS]
    values = query.model_dump() if query is not None else {**VenueQuery().model_dump(), **raw}
    for key in ("radius", "buffer_m", "share", "speed_m_per_min"):
        if isinstance(values.get(key), float) and values[key].is_integer():
            values[key] = int(values[key])
    values["required_text"] = ", ".join(_as_list(values.get("required")))
    values["excluded_text"] = ", ".join(_as_list(values.get("excluded")))
    return {
        "values": values, "area_kinds": AREA_KINDS, "areas": areas, "networks": networks,
        "venue_types": VENUE_TYPES, "weekdays": WEEKDAYS,
        "profiles": [c["key"] for c in profile_choices(session)],
    }  # fmt: skip


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]
