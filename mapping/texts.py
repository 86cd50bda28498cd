"""Words and numbers on the maps, from the app's one catalogue and one formatter.

mapping/ may not import app/ (it is a library: GeoDataFrame in, map out), yet a map's words must
come from the same DA/EN catalogue as the pages (app/messages) and its numbers from the same
formatter (app/format.py). So the app hands both over: importing app.i18n calls `use(...)`, and a
builder asks `t(lang)("synthetic.badge")`, `number(1234.5, lang)` or `percent(0.38, lang)`. A
map built outside the app (no `use` yet) gets the keys themselves and plain numbers: visibly
untranslated, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[..., str]
NumberFormat = Callable[..., str]
_source: dict[str, Callable[..., object]] = {}


def use(
    translator: Callable[[str], Translator],
    number_format: NumberFormat,
    percent_format: NumberFormat,
) -> None:
    """Register the app's `translator(lang)`, `format.number(value, lang, decimals)` and
    `format.percent(share, lang, decimals)`."""
    _source["t"] = translator
    _source["number"] = number_format
    _source["percent"] = percent_format


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


def percent(share: object, lang: str, decimals: int = 0) -> str:
    """A share (0.38) as the language writes a percentage (da "38 %", en "38%"); before
    registration the plain hundredfold number and a "%"."""
    formatter = _source.get("percent")
    if formatter is None:
        return "–" if share is None else f"{float(share) * 100:.{decimals}f}%"  # type: ignore[arg-type]
    return str(formatter(share, lang, decimals))


def _key_only(key: str, **_: object) -> str:
    return key


__all__ = ["number", "percent", "t", "use"]
