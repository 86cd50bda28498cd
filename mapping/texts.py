"""Words and numbers on the maps, from the app's one catalogue and one formatter.

mapping/ may not import app/ (it is a library: GeoDataFrame in, map out), yet a map's words must
come from the same DA/EN catalogue as the pages (app/messages) and its numbers from the same
formatter (app/format.py). So the app hands both over: importing app.i18n calls `use(...)`, and a
builder asks `t(lang)("synthetic.badge")` or `number(1234.5, lang)`. A map built outside the app
(no `use` yet) gets the keys themselves and plain numbers: visibly untranslated, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[..., str]
NumberFormat = Callable[..., str]
_source: dict[str, Callable[..., object]] = {}


def use(translator: Callable[[str], Translator], number_format: NumberFormat) -> None:
    """Register the app's `translator(lang)` and `format.number(value, lang, decimals)`."""
    _source["t"] = translator
    _source["number"] = number_format


def t(lang: str) -> Translator:
    """The catalogue's translator for `lang`; the key itself before the app registered one."""
    factory = _source.get("t")
    if factory is None:
        return _key_only
    return factory(lang)  # type: ignore[return-value]


def number(value: object, lang: str, decimals: int | None = None) -> str:
    """A number written the language's way (da 1.234,5); plain `str` before registration."""
    formatter = _source.get("number")
    if formatter is None:
        return "–" if value is None else str(value)
    return str(formatter(value, lang, decimals))


def _key_only(key: str, **_: object) -> str:
    return key


__all__ = ["number", "t", "use"]
