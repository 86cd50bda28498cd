"""Reading and writing ranking profiles (YAML or JSON) with planner-readable errors.

pydantic's raw ``ValidationError`` is precise but terse (``indicators.2.normalisation``); the
planner editing a YAML file needs the indicator's column, the offending value and the allowed
values, so errors are re-worded here and raised as :class:`ProfileError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from indicators.errors import ProfileError
from indicators.profile import Profile

PROFILE_DIR = Path(__file__).parent / "profiles"


def builtin_profiles() -> list[str]:
    """Names of the profiles shipped in ``indicators/profiles`` (file stems)."""
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load_profile(source: str | Path | Mapping[str, Any]) -> Profile:
    """Load and validate a profile from a path, YAML/JSON text, a mapping or a built-in name.

    A string without line breaks is tried as a file path, then as a built-in profile name
    (e.g. ``"boligsocial"``); anything else is parsed as YAML (which also accepts JSON).
    """
    if isinstance(source, Mapping):
        return parse_profile(dict(source))
    text, origin = _read_source(source)
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        detail = f"Profile {origin} is not valid YAML/JSON: {exc}"
        raise ProfileError(detail, key="ranking.err.profile_invalid", detail=detail) from exc
    if not isinstance(data, dict):
        raise ProfileError(
            f"Profile {origin} must be a mapping with keys such as 'name' and 'indicators', "
            f"got {type(data).__name__}"
        )
    return parse_profile(data)


def _read_source(source: str | Path) -> tuple[str, str]:
    if isinstance(source, Path):
        if not source.is_file():
            raise ProfileError(f"Profile file {source} does not exist")
        return source.read_text(encoding="utf-8"), str(source)
    if "\n" not in source and source.strip():
        path = Path(source)
        if path.suffix in {".yaml", ".yml", ".json"} or path.is_file():
            return _read_source(path)
        if source in builtin_profiles():
            return _read_source(PROFILE_DIR / f"{source}.yaml")
        if ":" not in source:
            raise ProfileError(
                f"'{source}' is neither a profile file nor a built-in profile; "
                f"built-in profiles: {', '.join(builtin_profiles())}"
            )
    return source, "text"


def parse_profile(data: dict[str, Any]) -> Profile:
    """Validate a mapping into a :class:`Profile`, re-raising problems as ProfileError."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        detail = _format_errors(exc, data)
        raise ProfileError(detail, key="ranking.err.profile_invalid", detail=detail) from exc


def dump_profile(profile: Profile, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Serialise a profile; options left at their defaults are omitted for readability."""
    data = profile.model_dump(mode="json", exclude_defaults=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _format_errors(exc: ValidationError, data: dict[str, Any]) -> str:
    name = data.get("name", "?")
    lines = [f"Invalid profile '{name}':"]
    for err in exc.errors():
        where = _location(err["loc"], data)
        message = err["msg"].removeprefix("Value error, ")
        got = "" if err["type"] in {"value_error", "missing"} else f" (got {err['input']!r})"
        lines.append(f"  - {where}: {message}{got}")
    return "\n".join(lines)


def _location(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """``('indicators', 2, 'weight')`` -> ``indicators[2] (column 'x').weight``."""
    if not loc:
        return "profile"
    text = str(loc[0])
    for part in loc[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
        if isinstance(part, int) and loc[0] == "indicators" and text.count("[") == 1:
            text += _column_hint(data, part)
    return text


def _column_hint(data: dict[str, Any], index: int) -> str:
    items = data.get("indicators")
    if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
        column = items[index].get("column")
        if column:
            return f" (column '{column}')"
    return ""
