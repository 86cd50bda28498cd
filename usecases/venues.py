"""The venue finder end to end: who and where → walking costs → location model → answer.

A coordinator asks "which existing venues reach the most of our target residents on foot?".
Answering needs four steps that each live elsewhere: demand and eligible venues
(`geodata.queries.venue_inputs`), walking costs (`venue_costs`), a location model (`venues`)
and catchment polygons (`venue_catchments`). This module runs them in order and keeps what every
view of the answer needs in one bundle (:class:`FinderResult`), so the page, the map, the
printable report, the JSON API and the file exports can never disagree. No SQL here.

Costs are computed a little beyond the radius (:data:`REACH_MARGIN`): the coverage models only
use pairs within the radius, but the extra pairs let an impossible request say how far the
nearest venue actually is, and let the map tell an uncovered resident's nearest venue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models import SRID
from geodata.queries.assets_public import area_options
from geodata.queries.indicators import area_indicator_table
from geodata.queries.layers import list_layers
from geodata.queries.venue_catchments import walking_catchments
from geodata.queries.venue_costs import CostMatrix, walking_costs
from geodata.queries.venue_inputs import Eligibility, StudyArea, candidate_venues, demand_points
from indicators import Profile, builtin_profiles, load_profile, rank_areas
from usecases.venue_frames import demand_frame, venue_frame
from venues import InfeasibleRequestError, Problem, Result, RotationPlan, plan_rotation, solve
from venues.errors import InvalidInputError, VenueModelError, figure
from venues.limits import Limits, cancelling

SERVE_SRID = 4326
REACH_MARGIN = 1.5
DEFAULT_MAX_WALK_M = 2000.0  # p-median/p-center without a radius: pairs farther are unreachable
ProfileResolver = Callable[[Session, str], Profile]


@dataclass(frozen=True)
class SolveBounds:
    """What one answer may cost (the web app fills it from its settings).

    ``limits`` go to the model (size above which the heuristic answers, time limit, cancel
    event); ``max_pairs`` bounds memory: a question whose demand points × candidates exceed
    it is refused before any cost is computed, since the cost table, the model's arrays and
    the answer frames all grow with it.
    """

    limits: Limits = field(default_factory=Limits)
    max_pairs: int | None = None


class FinderInputError(GeodataError):
    """A request names something that is not there (study area, network layer, profile).

    A subclass of GeodataError but not of NotFoundError: the resource asked for is the search
    itself, which exists; a wrong code in it is a bad request (422), not a missing page (404).
    """


@dataclass(frozen=True)
class Rotation:
    """The mobile team's timetable: ``slots_per_week`` venue visits a week over ``weeks``."""

    slots_per_week: int
    weeks: int


@dataclass(frozen=True)
class FinderRequest:
    """Everything that decides an answer; defaults are the Aalborg SØ question."""

    model: str = "mclp"
    p: int | None = 2
    radius: float | None = 800.0
    unit: str = "m"
    target: str = "65+"
    profile: str | None = None  # ranking profile for target "need"
    need_area_kind: str = "sogn"
    area: StudyArea | None = field(default_factory=lambda: StudyArea("postnummer", "9210", 500.0))
    eligibility: Eligibility = field(default_factory=Eligibility)
    required: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    share: float = 1.0
    speed_m_per_min: float = 75.0
    detour_factor: float = 1.3
    method: str = "auto"
    network_layer: str | None = None
    rotation: Rotation | None = None

    @property
    def reach(self) -> float:
        """The radius the answer is judged by (catchments, reach): given, or the longest walk."""
        if self.radius is not None:
            return float(self.radius)
        return DEFAULT_MAX_WALK_M if self.unit == "m" else DEFAULT_MAX_WALK_M / self.speed_m_per_min

    @property
    def cutoff(self) -> float:
        """How far costs are computed: beyond the radius for coverage models (see module doc)."""
        if self.model in ("mclp", "lscp"):
            return self.reach * REACH_MARGIN
        return self.reach


@dataclass(frozen=True)
class FinderResult:
    """One answer: the model result plus the frames every view draws from.

    ``demand``: demand_id, weight, x, y (EPSG:25832), venue (assigned id or None), covered,
    cost, distance_m, minutes (of the assigned walk), nearest_venue, nearest_cost.
    ``venues``: every eligible candidate with selected, order (1.. for selected), reach (weight
    within the radius, ignoring other venues), load (weight assigned), load_share, mean_m,
    mean_min (weighted mean walk of its assigned residents) and week (rotation plan).
    """

    request: FinderRequest
    result: Result
    costs: CostMatrix
    demand: pd.DataFrame
    venues: pd.DataFrame
    rotation: RotationPlan | None
    catchments: gpd.GeoDataFrame | None
    synthetic_layers: list[str]
    credits: list[str]
    timings: dict[str, float]

    @property
    def selected(self) -> pd.DataFrame:
        return self.venues[self.venues["selected"]].sort_values("order", ignore_index=True)

    def warnings(self) -> list[dict[str, str]]:
        """What stands between a chosen venue and a booking: {venue, name, code} per problem.

        Codes: ``not_bookable`` (the data say it cannot be booked), ``bookable_unknown`` and
        ``no_contact`` (nobody to call). A coordinator must see these before planning on it.
        """
        out = []
        for v in self.selected.itertuples():
            if _missing(v.bookable):
                codes = ["bookable_unknown"]
            else:
                codes = [] if bool(v.bookable) else ["not_bookable"]
            if _missing(v.contact) or not str(v.contact).strip():
                codes.append("no_contact")
            out += [{"venue": v.candidate_id, "name": v.name, "code": c} for c in codes]
        return out

    def summary(self) -> dict[str, Any]:
        """The headline figures: share covered and mean walk, in both metres and minutes."""
        assigned = self.demand[self.demand["venue"].notna()]
        return {
            "model": self.result.model,
            "selected": list(self.selected["candidate_id"]),
            "n_selected": len(self.selected),
            "n_candidates": len(self.venues),
            "n_demand": len(self.demand),
            "total_weight": self.result.total_weight,
            "covered_weight": self.result.covered_weight,
            "covered_share": self.result.covered_share,
            "uncovered_weight": self.result.total_weight - self.result.covered_weight,
            "mean_walk_m": _mean(assigned, "distance_m"),
            "mean_walk_min": _mean(assigned, "minutes"),
            "max_walk_m": float(assigned["distance_m"].max()) if len(assigned) else None,
            "radius": self.request.reach,
            "unit": self.request.unit,
            "method": self.result.method,
            "reason": self.result.reason,
            "gap": self.result.gap,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: request, method, summary, selected venues, full model result, rotation."""
        venues = self.selected.drop(columns=["x", "y"]).join(_lonlat(self.selected))
        return _jsonable({
            "request": asdict(self.request),
            "cost_method": cost_method(self.costs),
            "summary": self.summary(),
            "venues": venues.to_dict("records"),
            "result": self.result.to_dict(),
            "rotation": None if self.rotation is None else self.rotation.to_dict(),
            "warnings": self.warnings(),
            "provenance": {"synthetic_layers": self.synthetic_layers, "credits": self.credits},
            "timings_s": self.timings,
        })  # fmt: skip


def cost_method(costs: CostMatrix) -> dict[str, Any]:
    """How distances were computed, for the UI sentence and the exports' metadata."""
    return {
        "method": costs.method, "describe": costs.describe(), "unit": costs.unit,
        "cutoff": costs.cutoff, "speed_m_per_min": costs.speed_m_per_min,
        "detour_factor": costs.detour_factor, "network_layer": costs.network_layer,
        "notes": list(costs.notes),
        "no_network": costs.method == "straight_line" and bool(costs.notes),
    }  # fmt: skip


def run(
    session: Session, request: FinderRequest, *, resolve_profile: ProfileResolver | None = None,
    catchments: bool = True, bounds: SolveBounds | None = None,
) -> FinderResult:  # fmt: skip
    """Answer `request`; impossible requests raise VenueModelError or GeodataError (→ 422).

    `resolve_profile` turns the "need" target's profile key into a Profile (the web app passes
    one that also knows saved profiles); by default only built-in profiles are accepted.
    `bounds` limits size, time and memory, and carries the cancel event (see SolveBounds).
    """
    bounds = bounds or SolveBounds()
    clock = _Clock()
    demand, candidates = _inputs(session, request, resolve_profile or builtin_profile)
    _check_size(len(demand), len(candidates), bounds.max_pairs)
    clock.lap("inputs")
    costs = _costs(session, request, demand, candidates)
    if costs.pairs.empty:
        raise InfeasibleRequestError(
            f"nothing within reach: no target resident is within {costs.cutoff:g} {request.unit} "
            "of any eligible venue; widen the radius or relax the requirements",
            key="venues.err.nothing_within",
            radius=figure(request.reach),
            cutoff=figure(costs.cutoff),
            unit=request.unit,
        )
    clock.lap("costs")
    problem = Problem.from_long(
        list(demand["demand_id"]), demand["weight"].to_numpy(), list(candidates["candidate_id"]),
        costs.pairs["demand_id"], costs.pairs["candidate_id"], costs.pairs["cost"],
        required=request.required, excluded=request.excluded,
    )  # fmt: skip
    with _in_units(request.unit), cancelling(bounds.limits.cancel):
        result = solve(problem, request.model, p=request.p, radius=_model_radius(request),
                       share=request.share, bounds=bounds.limits)  # fmt: skip
        plan = _rotation(problem, request)
    clock.lap("model")
    shapes = _catchments(session, request, result.selected) if catchments else None
    clock.lap("catchments")
    synthetic, credits = _provenance(session, request)
    return FinderResult(
        request=request, result=result, costs=costs,
        demand=demand_frame(demand, costs, result),
        venues=venue_frame(candidates, demand, costs, result, request.reach, plan),
        rotation=plan, catchments=shapes, synthetic_layers=synthetic, credits=credits,
        timings=clock.laps,
    )  # fmt: skip


def _check_size(n_demand: int, n_candidates: int, max_pairs: int | None) -> None:
    """Refuse a question whose cost table could outgrow the memory bound, before computing it."""
    pairs = n_demand * n_candidates
    if max_pairs is not None and pairs > max_pairs:
        raise InvalidInputError(
            f"too large: {n_demand} demand points × {n_candidates} candidates = {pairs} pairs, "
            f"above the limit of {max_pairs} (setting venues_max_pairs); choose a smaller "
            "study area or fewer venue types",
            key="venues.err.too_large", demand=n_demand, candidates=n_candidates, pairs=pairs,
            limit=max_pairs,
        )  # fmt: skip


@contextmanager
def _in_units(unit: str) -> Iterator[None]:
    """Give the model's errors the request's unit: the models only see numbers, but "r=10"
    means nothing to a coordinator without "m" or "min"."""
    try:
        yield
    except VenueModelError as exc:
        if exc.key:
            exc.params.setdefault("unit", unit)
        raise


def with_catchments(session: Session, res: FinderResult) -> FinderResult:
    """The answer with its walking catchments added, for views that draw them (map, report,
    exports): the page shows none, so a cached answer gets them only when a view asks."""
    if res.catchments is not None:
        return res
    return replace(res, catchments=_catchments(session, res.request, res.result.selected))


def builtin_profile(session: Session, key: str) -> Profile:
    """Resolve built-in ranking profiles by name only (never a file path from a request)."""
    if key not in builtin_profiles():
        known = ", ".join(builtin_profiles())
        raise FinderInputError(
            f"no ranking profile '{key[:60]}'; built-in profiles: {known}",
            key="venues.err.no_profile",
            profile=key[:60],
            known=known,
        )
    return load_profile(key)


def need_scores(session: Session, profile: Profile, area_kind: str) -> dict[str, float]:
    """Each area's ranking score scaled to at most 1, so weights stay "residents × need".

    Scores that are all ≥ 0 are divided by the highest (keeping their ratios); a profile whose
    scores can be negative (z-scores) is min-max scaled. Unranked areas get no entry, so their
    residents drop out of the demand rather than counting as zero need silently.
    """
    ranked = rank_areas(area_indicator_table(session, area_kind), profile)
    score = pd.Series(ranked.score, index=ranked.ids.astype(str)).dropna()
    low, high = (score.min(), score.max()) if len(score) else (0.0, 0.0)
    if low >= 0 and high > 0:
        scaled = score / high
    elif high > low:
        scaled = (score - low) / (high - low)
    else:
        raise FinderInputError(f"the profile '{profile.name}' gives no {area_kind} a need score "
                               "above the others; choose another profile or area kind",
                               key="venues.err.need_flat", profile=profile.name,
                               kind=area_kind)  # fmt: skip
    return {str(k): float(v) for k, v in scaled.items()}


# --- steps ---------------------------------------------------------------------------------
def _inputs(
    session: Session, request: FinderRequest, resolve: ProfileResolver
) -> tuple[pd.DataFrame, pd.DataFrame]:
    scores = None
    if request.target == "need":
        profile = resolve(session, request.profile or "sundt_og_aktivt_lokalomraade")
        scores = need_scores(session, profile, request.need_area_kind)
    try:
        inside = None if request.area is None else StudyArea(request.area.kind, request.area.code)
        demand = demand_points(session, request.target, area=inside, need_scores=scores,
                               need_area_kind=request.need_area_kind)  # fmt: skip
        candidates = candidate_venues(session, request.eligibility, area=request.area)
    except NotFoundError as exc:
        raise _input_error(session, request.area, exc) from exc
    where = (
        "the data loaded" if request.area is None else f"{request.area.kind} {request.area.code}"
    )
    area = {} if request.area is None else {"kind": request.area.kind, "code": request.area.code}
    scope = ".area" if area else ""  # "in postnummer 9210" or "in the data loaded"
    if demand.empty:
        raise InfeasibleRequestError(f"no target residents ({request.target}) live in {where}; "
                                     "choose another target group or study area",
                                     key="venues.err.no_demand" + scope,
                                     target=request.target, **area)  # fmt: skip
    if candidates.empty:
        raise InfeasibleRequestError(f"no venue in or near {where} meets the requirements; "
                                     "relax them or widen the buffer",
                                     key="venues.err.no_candidates" + scope,
                                     **area)  # fmt: skip
    return demand, candidates


def _input_error(session: Session, area: StudyArea | None, exc: NotFoundError) -> GeodataError:
    """A missing study area as a bad request, with a few valid codes of the kind asked for, so
    a typo can be fixed without the docs; other missing things keep their own message."""
    message = str(exc)
    if area is None or "area of kind" not in message:
        return FinderInputError(message, key=exc.key, **exc.params)
    codes = [o["value"].split(":", 1)[1] for o in area_options(session) if o["kind"] == area.kind]
    shown = ", ".join(codes[:12]) + (" …" if len(codes) > 12 else "")
    return FinderInputError(f"{message}; codes of that kind: {shown or 'none loaded'}",
                            key="venues.err.unknown_area", kind=area.kind, code=area.code,
                            codes=shown or "–")  # fmt: skip


def _costs(
    session: Session, request: FinderRequest, demand: pd.DataFrame, candidates: pd.DataFrame
) -> CostMatrix:
    try:
        return walking_costs(
            session, demand, candidates, cutoff=request.cutoff, unit=request.unit,
            speed_m_per_min=request.speed_m_per_min, method=request.method,
            network_layer=request.network_layer, detour_factor=request.detour_factor,
        )  # fmt: skip
    except NotFoundError as exc:
        raise FinderInputError(str(exc), key=exc.key, **exc.params) from exc


def _model_radius(request: FinderRequest) -> float | None:
    """Coverage models need the radius; the others ignore it (the cutoff already bounds them)."""
    return request.radius if request.model in ("mclp", "lscp") else None


def _rotation(problem: Problem, request: FinderRequest) -> RotationPlan | None:
    if (r := request.rotation) is None:
        return None
    return plan_rotation(problem, request.reach, r.slots_per_week, r.weeks)


def _catchments(
    session: Session, request: FinderRequest, selected: tuple[str, ...]
) -> gpd.GeoDataFrame:
    """One walking catchment per selected venue at the radius the answer is judged by."""
    options = {
        "unit": request.unit,
        "speed_m_per_min": request.speed_m_per_min,
        "network_layer": request.network_layer,
        "detour_factor": request.detour_factor,
    }
    frames = [walking_catchments(session, k, request.reach, **options) for k in selected]  # type: ignore[arg-type]
    if not frames:
        return gpd.GeoDataFrame({"venue_key": []}, geometry=[], crs=SERVE_SRID)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=SERVE_SRID)


def _provenance(session: Session, request: FinderRequest) -> tuple[list[str], list[str]]:
    """Synthetic layers and credits behind the answer: venues, population, and what the
    target group adds (estates, indicators)."""
    kinds = {"venues", "population"}
    kinds |= {"estates"} if request.target == "almene boliger" else set()
    kinds |= {"indicators"} if request.target == "need" else set()
    layers = [row for row in list_layers(session) if row.kind in kinds]
    synthetic = sorted(row.name for row in layers if row.synthetic)
    credits = sorted({row.credit for row in layers if row.credit})
    return synthetic, credits


# --- helpers -------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _mean(frame: pd.DataFrame, column: str) -> float | None:
    weights = frame["weight"].to_numpy()
    return float(np.average(frame[column], weights=weights)) if weights.sum() > 0 else None


def _lonlat(frame: pd.DataFrame) -> pd.DataFrame:
    points = gpd.GeoSeries(gpd.points_from_xy(frame["x"], frame["y"], crs=SRID)).to_crs(SERVE_SRID)
    return pd.DataFrame({"lon": points.x.round(6), "lat": points.y.round(6)}, index=frame.index)


def _jsonable(value: Any) -> Any:
    """Plain JSON types: NaN/NA → None, numpy scalars → Python numbers."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    return value


class _Clock:
    """Seconds spent per step, reported with the answer (figures, not assertions)."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        self.last, before = time.perf_counter(), self.last
        self.laps |= {name: round(self.last - before, 4), "total": round(self.last - self.start, 4)}
