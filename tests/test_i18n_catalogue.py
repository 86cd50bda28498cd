"""The one catalogue: Danish and English have the same keys and the same placeholders in every
app/messages module, and every key the code or a template asks for exists.

Keys are found by scanning the source for the ways the code asks for them: `t("key")` (pages and
Python), `t_of(request)("key")` / `translator(lang)("key")`, `key="key"` (translatable domain
errors), and dotted literals in key tables (`{"missing": "error.field.missing"}`). Keys built at
run time (`t("assets.status." ~ s)`, `t(f"venues.day.{d}")`) cannot be checked one by one: their
prefix must exist, and the enumerations we know are checked in full below.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import app.messages as messages_pkg
from activities import AGE_BANDS, HOME_KINDS, KINDS
from app.i18n import catalogue, translator
from app.validation import GENERIC, KEY_BY_TYPE
from geodata.models_assets import ACTORS, ROLES, SOURCES, STATUSES
from mapping.overview import POPUPS, STYLE
from mapping.ranking_layers import OVERLAY_STYLE

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("app", "mapping", "geodata", "indicators", "venues", "activities")
MODULES = sorted(info.name for info in pkgutil.iter_modules(messages_pkg.__path__))
# A key asked for directly: t("k"), t('k'), x)("k"), key="k", HTTPError(403, "k")
ASKED = re.compile(
    r"""(?:\bt\(|\)\(|\bkey=|HTTPError\(\s*\d+\s*,)\s*(["'])"""
    r"""([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)\1"""
)
# A key built at run time: t("prefix." ~ x) in Jinja, t(f"prefix.{x}") in Python
BUILT = re.compile(
    r"""(?:\bt\(|\)\(|\bkey=)\s*(?:(["'])([a-z][a-z0-9_.]*\.)\1\s*~"""
    r"""|f(["'])([a-z][a-z0-9_.]*\.)\{)"""
)
# Dotted literals with two or more dots (error.field.missing) in Python: values of key tables.
LITERAL = re.compile(r"""(["'])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,})\1""")
# Keys built from an enumeration: every member must have its words.
ENUMERATED = {
    "assets.role.": ROLES,
    "assets.status.": STATUSES,
    "assets.source.": SOURCES,
    "assets.actor.": ACTORS,
    "activities.kind.": KINDS,
    "activities.band.": AGE_BANDS,
    "activities.home.": HOME_KINDS,
    "error.": ("400", "401", "403", "404", "405", "409", "413", "415", "422", "429", "500", "503"),
    # map layer names and popup fields: t(f"map.overview.{kind}"), t(f"map.overlay.{kind}")
    "map.overview.": (*STYLE, *(field for fields in POPUPS.values() for field in fields)),
    "map.overlay.": tuple(OVERLAY_STYLE),
}


def _module(name: str) -> tuple[dict[str, str], dict[str, str]]:
    module = importlib.import_module(f"app.messages.{name}")
    return getattr(module, "DA", {}), getattr(module, "EN", {})


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _sources() -> list[Path]:
    files = [p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py") if "messages" not in p.parts]
    return files + sorted((ROOT / "app" / "templates").rglob("*.html"))


def _keys() -> set[str]:
    cat = catalogue()
    return set(cat["da"]) | set(cat["en"])


def asked_keys() -> dict[str, list[str]]:
    """Every key named literally in the source -> the files that name it."""
    heads = {key.split(".")[0] for key in _keys()} - {"app"}  # `app.x` is a module path
    found: dict[str, list[str]] = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        keys = {m.group(2) for m in ASKED.finditer(text)}
        if path.suffix == ".py":
            keys |= {
                m.group(2) for m in LITERAL.finditer(text) if m.group(2).split(".")[0] in heads
            }
        for key in keys:
            found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return found


def built_prefixes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in _sources():
        for m in BUILT.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m.group(2) or m.group(4), []).append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("name", MODULES)
def test_danish_and_english_have_the_same_keys(name: str) -> None:
    da, en = _module(name)
    assert sorted(set(da) - set(en)) == [], f"app/messages/{name}.py: only in Danish"
    assert sorted(set(en) - set(da)) == [], f"app/messages/{name}.py: only in English"


@pytest.mark.parametrize("name", MODULES)
def test_placeholders_agree(name: str) -> None:
    da, en = _module(name)
    wrong = {k: (_placeholders(da[k]), _placeholders(en[k])) for k in set(da) & set(en)}
    assert {k: v for k, v in wrong.items() if v[0] != v[1]} == {}


@pytest.mark.parametrize("name", MODULES)
def test_no_empty_text(name: str) -> None:
    for lang, words in zip(("da", "en"), _module(name), strict=True):
        assert [k for k, v in words.items() if not v.strip()] == [], (name, lang)


def test_a_key_belongs_to_one_module() -> None:
    """Modules are merged into one dict: a key in two modules would silently shadow the other."""
    owner: dict[str, str] = {}
    twice = []
    for name in MODULES:
        for key in _module(name)[0]:
            if key in owner:
                twice.append((key, owner[key], name))
            owner[key] = name
    assert twice == []


def test_every_key_asked_for_exists() -> None:
    keys = _keys()
    missing = {k: files for k, files in asked_keys().items() if k not in keys}
    assert missing == {}


def test_every_built_prefix_has_keys() -> None:
    keys = _keys()
    empty = {p: f for p, f in built_prefixes().items() if not any(k.startswith(p) for k in keys)}
    assert empty == {}


@pytest.mark.parametrize("prefix", sorted(ENUMERATED))
def test_enumerations_have_every_member(prefix: str) -> None:
    keys = _keys()
    assert [m for m in ENUMERATED[prefix] if f"{prefix}{m}" not in keys] == []


def test_validation_types_have_words() -> None:
    keys = _keys()
    assert sorted({*KEY_BY_TYPE.values(), GENERIC} - keys) == []


def test_the_scan_finds_what_it_should() -> None:
    """Guards the scanner itself: known keys in each form are found, so the tests above bite."""
    asked = asked_keys()
    assert "app/templates/error.html" in asked["error.page.home"]  # t("...") in a template
    assert "app/validation.py" in asked["error.field.missing"]  # a key-table value
    assert "app/security.py" in asked["abuse.csrf_expired"]  # HTTPError(403, "...")
    assert "assets.status." in built_prefixes()  # t("assets.status." ~ s)
    assert ASKED.search('raise X("text", key="venues.err.p")')
    assert ASKED.search("t_of(request)('assets.err.rate', minutes=3)")


def test_a_missing_key_shows_as_the_key_and_danish_fills_english_gaps() -> None:
    """The fallback order the tests above keep from being needed: English, Danish, the key."""
    assert translator("en")("no.such.key") == "no.such.key"
    assert translator("en")("app.name") == "Kvarterkort"
