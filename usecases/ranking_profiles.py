"""Which profile a request means, and the changes a planner asks for in the request.

Profiles are addressed by key: a built-in name (``boligsocial``) or the key of a saved profile.
The engine's ``load_profile`` also reads file paths, which is right for the CLI and wrong for a
web request, so web callers only ever go through :func:`resolve_profile`, which accepts keys.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from geodata.errors import NotFoundError
from geodata.models_assets import User
from geodata.models_ranking import PROFILE_KEY_MAX, PROFILE_KEY_PATTERN
from geodata.queries.ranking import SavedProfile, saved_profile
from indicators import Profile, ProfileError, builtin_profiles, load_profile, parse_profile
from indicators.profile import NormMethod

KEY = re.compile(PROFILE_KEY_PATTERN)
DEFAULT_PROFILE = "sundt_og_aktivt_lokalomraade"


class Overrides(BaseModel):
    """Changes to a profile for one run; nothing is saved.

    ``weights`` sets indicator weights by column (0 leaves the indicator out), ``domain_weights``
    the domain weights; the result is validated like any profile.
    """

    model_config = ConfigDict(extra="forbid")

    normalisation: NormMethod | None = None
    aggregation: Literal["arithmetic", "geometric"] | None = None
    missing: Literal["reweight", "fail"] | None = None
    weights: dict[str, float] = Field(default_factory=dict)
    domain_weights: dict[str, float] = Field(default_factory=dict)

    def is_empty(self) -> bool:
        return self == Overrides()


def check_key(key: str) -> str:
    """Keys are lower-case letters, digits, '-' and '_' (they appear in URLs and file names)."""
    if len(key) > PROFILE_KEY_MAX or not KEY.match(key):
        raise ProfileError(
            f"'{key[:80]}' is not a valid profile key: use up to {PROFILE_KEY_MAX} lower-case "
            "letters, digits, '-' or '_', starting with a letter or digit",
            key="ranking.err.bad_key",
            given=key[:80],
            max=PROFILE_KEY_MAX,
        )
    return key


def author_of(stored: SavedProfile | None, user: User | None) -> str | None:
    """Who saved a profile, for staff only: a planner's e-mail is not for anonymous readers."""
    if stored is None or user is None:
        return None
    return stored.created_by


def resolve_profile(session: Session | None, key: str) -> Profile:
    """A built-in profile by name, else a saved one; NotFoundError lists what exists."""
    check_key(key)
    if key in builtin_profiles():
        return load_profile(key)
    stored = saved_profile(session, key) if session is not None else None
    if stored is None:
        builtin = ", ".join(builtin_profiles())
        raise NotFoundError(
            f"no profile '{key}'; built-in profiles: {builtin}",
            key="ranking.err.unknown_profile",
            profile=key,
            builtin=builtin,
        )
    return load_profile_text(stored.yaml)


def load_profile_text(text: str) -> Profile:
    """Parse stored/posted YAML or JSON text (never treated as a file name or built-in name)."""
    if "\n" not in text:
        text += "\n"  # load_profile reads one-line strings as paths or built-in names
    return load_profile(text)


def apply_overrides(profile: Profile, overrides: Overrides) -> Profile:
    """The profile with the overrides applied, validated again as a whole."""
    if overrides.is_empty():
        return profile
    data: dict[str, Any] = profile.model_dump(mode="json")
    for name in ("normalisation", "aggregation", "missing"):
        value = getattr(overrides, name)
        if value is not None:
            data[name] = value
    data["indicators"] = _reweighted(data["indicators"], overrides.weights, profile)
    domains = {ind.get("domain") or "all" for ind in data["indicators"]}
    merged = {**data.get("domain_weights", {}), **overrides.domain_weights}
    data["domain_weights"] = {d: w for d, w in merged.items() if d in domains}
    return parse_profile(data)


def _reweighted(
    indicators: list[dict[str, Any]], weights: dict[str, float], profile: Profile
) -> list[dict[str, Any]]:
    unknown = sorted(set(weights) - set(profile.columns))
    if unknown:
        names, columns = ", ".join(unknown), ", ".join(profile.columns)
        raise ProfileError(
            f"weights name indicators that are not in the profile: {names}; "
            f"its indicators: {columns}",
            key="ranking.err.unknown_weights",
            names=names,
            columns=columns,
        )
    out = []
    for ind in indicators:
        weight = weights.get(ind["column"], ind["weight"])
        if weight == 0:
            continue
        out.append({**ind, "weight": weight})
    return out


def disclosure_profile(profile: Profile, columns: list[str]) -> Profile:
    """A profile used only to ask ``publishable`` which of ``columns`` are small numbers, with
    the ranking profile's small-number rules and residents column (``columns`` not empty)."""
    return parse_profile(
        {
            "name": f"{profile.name} (disclosure)",
            "id_column": profile.id_column,
            "residents_column": profile.residents_column,
            "small_numbers": profile.small_numbers.model_dump(),
            "indicators": [
                {"column": c, "direction": "higher_is_worse"}
                for c in columns
                if c != profile.id_column
            ],
        }
    )
