"""The ranking question on the database's areas: parameters in, a ranking run out.

Routes (pages, API, maps), the CLI and later the tiles ask here, so a map, a table, a CSV and a
command run with the same parameters always show the same ranks. Nothing here knows HTTP: a
:class:`sqlalchemy.orm.Session` and a :class:`RunParams` come in, a
:class:`~usecases.ranking.RankingRun` and its input table go out. The app's answer cache wraps
the computation by handing its ``cached_answer`` in as ``answers`` (this layer never imports
``app``); without it every call computes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy.orm import Session

from geodata.errors import GeodataError, NotFoundError
from geodata.models import AREA_KINDS
from geodata.queries.indicators import CAPACITY_COLUMNS, area_indicator_table, indicator_definitions
from geodata.queries.ranking import indicator_periods, loaded_indicator_codes, saved_profiles
from indicators import DataError, Profile, builtin_profiles, load_profile
from usecases.ranking import RankingRun, derived_names, run_ranking
from usecases.ranking_profiles import (
    DEFAULT_PROFILE,
    Overrides,
    apply_overrides,
    load_profile_text,
    resolve_profile,
)

MAX_DRAWS = 5000
LISTED_MISSING = 3  # a missing-indicator message names this many, not all ~60

T = TypeVar("T")
# (session, kind, question, compute) -> answer: the app's `cached_answer` has this shape.
Answers = Callable[[Session, str, Hashable, Callable[[], Any]], Any]


def computed(session: Session, kind: str, question: Hashable, compute: Callable[[], T]) -> T:
    """No cache: compute every time (the CLI, tests, anything outside the web app)."""
    return compute()


@dataclass
class RunParams:
    """Everything that decides a run; ``seed=None`` uses the profile's own seed."""

    profile: str = DEFAULT_PROFILE
    area_kind: str = "sogn"
    period: str | None = None
    draws: int = 0
    seed: int | None = None
    overrides: Overrides = field(default_factory=Overrides)
    uncertainty: str = "weights+sampling"

    @property
    def sampling(self) -> bool:
        return self.uncertainty == "weights+sampling"


def check_kind(kind: str) -> str:
    if kind not in AREA_KINDS:
        raise GeodataError(
            f"unknown area kind '{kind[:40]}'; use one of {', '.join(AREA_KINDS)}",
            key="ranking.err.kind", kind=kind[:40], kinds=", ".join(AREA_KINDS),
        )  # fmt: skip
    return kind


def check_draws(draws: int) -> int:
    if not 0 <= draws <= MAX_DRAWS:
        raise GeodataError(
            f"sensitivity draws must be between 0 and {MAX_DRAWS}, got {draws}",
            key="ranking.err.draws", high=MAX_DRAWS, draws=draws,
        )  # fmt: skip
    return draws


def check_period(session: Session, kind: str, period: str | None) -> None:
    """A period without values would rank nothing; say which periods there are instead."""
    if period is None:
        return
    periods = indicator_periods(session, kind)
    if period not in periods:
        raise NotFoundError(
            f"no indicator values for {kind} in period '{period[:20]}'; "
            f"periods with values: {', '.join(periods) or 'none'}",
            key="ranking.err.period", kind=kind, period=period[:20],
            periods=", ".join(periods) or "–",
        )  # fmt: skip


def run_from_db(
    session: Session,
    params: RunParams,
    inline: Profile | None = None,
    *,
    answers: Answers = computed,
) -> tuple[RankingRun, pd.DataFrame]:
    """Rank the loaded areas of ``params.area_kind``; returns the run and the input table.

    With the app's ``answers`` (its answer cache) the run is computed once per question and data
    version: the page, its map frame and the API asking the same share one run, which they must
    not modify.
    """
    check_kind(params.area_kind)
    check_draws(params.draws)
    question = run_question(session, params, inline)
    result: tuple[RankingRun, pd.DataFrame] = answers(
        session, "ranking", question, lambda: _run(session, params, inline)
    )
    return result


def run_question(session: Session, params: RunParams, inline: Profile | None) -> str:
    """The question in canonical form: no period means the latest, overrides and an inline
    profile as sorted JSON, so equal questions asked differently share one answer."""
    period = params.period
    if period is None:
        period = next(iter(indicator_periods(session, params.area_kind)), None)
    return json.dumps(
        {
            "profile": params.profile, "area_kind": params.area_kind, "period": period,
            "draws": params.draws, "seed": params.seed, "uncertainty": params.uncertainty,
            "overrides": params.overrides.model_dump(mode="json"),
            "inline": None if inline is None else inline.model_dump(mode="json"),
        },
        sort_keys=True,
    )  # fmt: skip


def _run(
    session: Session, params: RunParams, inline: Profile | None
) -> tuple[RankingRun, pd.DataFrame]:
    base = inline if inline is not None else resolve_profile(session, params.profile)
    profile = apply_overrides(base, params.overrides)
    key = params.profile if inline is None else "inline"
    return rank_loaded(session, profile, key, params)


def rank_loaded(
    session: Session, profile: Profile, key: str, params: RunParams
) -> tuple[RankingRun, pd.DataFrame]:
    """Rank the loaded areas with a resolved ``profile`` (the CLI's also come from files)."""
    check_kind(params.area_kind)
    check_draws(params.draws)
    check_period(session, params.area_kind, params.period)
    table = area_indicator_table(session, params.area_kind, params.period)
    require_indicators(profile, table.columns, key)
    seed = profile.sensitivity.seed if params.seed is None else params.seed
    names, units = defined_names(session), defined_units(session)
    run = run_ranking(
        table, profile, key, params.draws, seed, names, sampling=params.sampling, units=units
    )
    return run, table


def defined_names(session: Session) -> dict[str, tuple[str, str]]:
    """Indicator code -> (Danish, English) name, as loaded (and for the derived columns)."""
    frame = indicator_definitions(session)
    return {**derived_names(), **{r.code: (r.name_da, r.name_en) for r in frame.itertuples()}}


def defined_units(session: Session) -> dict[str, str]:
    """Indicator code -> unit as loaded ("%", "pr. 1.000")."""
    return {r.code: r.unit or "" for r in indicator_definitions(session).itertuples()}


def missing_indicators(profile: Profile, available: Any) -> list[str]:
    """The profile's indicator columns that are neither loaded nor derived."""
    have = set(available)
    return [c for c in profile.columns if c not in have]


def require_indicators(profile: Profile, available: Any, key: str) -> None:
    """A profile whose indicators are not loaded cannot run here: a short, located message
    ("mangler 58 indikatorer, fx a, b, c") instead of the engine's list of every column."""
    missing = missing_indicators(profile, available)
    if not missing:
        return
    examples = ", ".join(missing[:LISTED_MISSING])
    raise DataError(
        f"profile '{key}' cannot run on the loaded data: {len(missing)} indicator(s) missing, "
        f"e.g. {examples}; it can still rank a file (kvarterkort rank --input <file>)",
        key="ranking.err.unavailable", profile=key, n=len(missing), examples=examples,
    )  # fmt: skip


def period_of(table: pd.DataFrame) -> str:
    return str(table.attrs.get("period", ""))


def profile_choices(session: Session, include_unavailable: bool = False) -> list[dict[str, Any]]:
    """Built-in and saved profiles for forms (``key``, ``profile``, ``source``, ``available``,
    ``missing``).

    Forms offer only profiles whose every indicator is loaded (or derived, like the capacity
    columns): a reference preset such as IMD England needs columns no Danish database has and
    would only fail. ``include_unavailable`` (the API's list) keeps them, flagged, since they
    still rank an uploaded table or a file.
    """
    available = loaded_indicator_codes(session) | set(CAPACITY_COLUMNS)
    out = []
    for key in builtin_profiles():
        out.append(_choice(key, load_profile(key), "builtin", available))
    for stored in saved_profiles(session):
        try:
            profile: Profile | None = load_profile_text(stored.yaml)
        except ValueError:
            profile = None  # saved under an older engine; still listed so it can be fixed
        out.append(_choice(stored.name, profile, "saved", available) | {"stored": stored})
    return out if include_unavailable else [c for c in out if c["available"]]


def _choice(key: str, profile: Profile | None, source: str, available: set[str]) -> dict[str, Any]:
    missing = missing_indicators(profile, available) if profile is not None else []
    ok = profile is not None and not missing
    return {"key": key, "profile": profile, "source": source, "available": ok, "missing": missing}
