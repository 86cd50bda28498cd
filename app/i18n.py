"""Danish by default, English on request (?lang=en, remembered in a cookie).

Messages live in app/messages/<feature>.py as two dicts, DA and EN, so each feature keeps its own
words next to nothing else and a missing English string falls back to Danish, then to the key.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import lru_cache

from fastapi import Request

import app.messages as messages_pkg
from app import format as fmt
from mapping import texts as map_texts

LANGUAGES = ("da", "en")
COOKIE = "kk_lang"


@lru_cache
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {"da": {}, "en": {}}
    for info in pkgutil.iter_modules(messages_pkg.__path__):
        module = importlib.import_module(f"app.messages.{info.name}")
        merged["da"].update(getattr(module, "DA", {}))
        merged["en"].update(getattr(module, "EN", {}))
    return merged


def language(request: Request, default: str = "da") -> str:
    """?lang= wins, then the cookie, then the default (Danish)."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return default


def translator(lang: str) -> Callable[..., str]:
    cat = catalogue()

    def t(key: str, **values: object) -> str:
        text = cat.get(lang, {}).get(key) or cat["da"].get(key) or key
        return text.format(**values) if values else text

    return t


# The map builders take their words and numbers from here too (mapping/ may not import app/).
map_texts.use(translator, fmt.number, fmt.percent)


def done_text(lang: str, done: str | None) -> str | None:
    """The word of a `?done=` flash after a redirect: "approve" -> "godkendt", and a bulk
    "approve:5" -> "godkendt (5)". Only words in the catalogue (`done.<action>`) are shown: the
    value comes from the URL, so an unknown one (or a raw action name) is dropped, not echoed."""
    if not done:
        return None
    action, _, count = done.partition(":")
    key = f"done.{action}"
    word = catalogue().get(lang, {}).get(key) or catalogue()["da"].get(key)
    if word is None:
        return None
    # ASCII digits only: str.isdigit() is also true for "²", which int() refuses (a 500)
    counted = count.isascii() and count.isdigit() and len(count) < 10
    return f"{word} ({int(count)})" if counted else word
