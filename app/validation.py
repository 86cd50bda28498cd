"""Pydantic's request-validation messages in the user's language.

Pydantic writes English ("Input should be a valid integer", "Field required"). Each of its errors
also has a stable `type` code and a `ctx` with the limits, so the message is rebuilt from the
catalogue (app/messages/errors.py, keys `error.field.<type>`) with the limits formatted for the
language. A validator that raises a `KeyedValueError` (or a domain error with a `key`) is
rendered from its own key. Any other type gets a generic "invalid value" in Danish; English keeps
pydantic's own text, which is more specific. Field names stay as they are: they are the names of
the parameters the user (or the program) sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app import format as fmt
from app.i18n import translator

# Pydantic error type -> the catalogue key that says the same (several types share one text).
KEY_BY_TYPE: dict[str, str] = {
    "missing": "error.field.missing",
    "int_parsing": "error.field.int",
    "int_type": "error.field.int",
    "int_from_float": "error.field.int",
    "float_parsing": "error.field.number",
    "float_type": "error.field.number",
    "decimal_parsing": "error.field.number",
    "decimal_type": "error.field.number",
    "finite_number": "error.field.finite",
    "bool_parsing": "error.field.bool",
    "bool_type": "error.field.bool",
    "greater_than": "error.field.gt",
    "greater_than_equal": "error.field.ge",
    "less_than": "error.field.lt",
    "less_than_equal": "error.field.le",
    "multiple_of": "error.field.multiple_of",
    "string_type": "error.field.text",
    "string_too_short": "error.field.text_too_short",
    "string_too_long": "error.field.text_too_long",
    "string_pattern_mismatch": "error.field.pattern",
    "too_short": "error.field.too_few",
    "too_long": "error.field.too_many",
    "enum": "error.field.one_of",
    "literal_error": "error.field.one_of",
    "date_parsing": "error.field.date",
    "date_type": "error.field.date",
    "date_from_datetime_parsing": "error.field.date",
    "date_from_datetime_inexact": "error.field.date",
    "datetime_parsing": "error.field.datetime",
    "datetime_type": "error.field.datetime",
    "datetime_from_date_parsing": "error.field.datetime",
    "list_type": "error.field.list",
    "dict_type": "error.field.object",
    "model_type": "error.field.object",
    "model_attributes_type": "error.field.object",
    "json_invalid": "error.field.json",
    "json_type": "error.field.json",
    "extra_forbidden": "error.field.extra",
    "url_parsing": "error.field.url",
    "url_type": "error.field.url",
    "url_scheme": "error.field.url",
    "uuid_parsing": "error.field.uuid",
    "uuid_type": "error.field.uuid",
}
GENERIC = "error.field.invalid"
NO_NUL = r"^[^\x00]*$"  # "no NUL character" (app.params uses it in its schemas)
# pydantic's ctx names -> the placeholder in the catalogue text
_LIMITS = ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length")


class KeyedValueError(ValueError):
    """A ValueError for a validator (app/params.py) that carries its catalogue key.

    Pydantic keeps the raised exception in the error's ctx, so the key survives to the answer.
    """

    def __init__(self, message: str, *, key: str, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


def message(error: Mapping[str, Any], lang: str) -> str:
    """One pydantic error (an item of `exc.errors()`) as a sentence part in `lang`."""
    t = translator(lang)
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    own_key = getattr(ctx.get("error"), "key", None)  # a KeyedValueError or a domain error
    if kind in ("value_error", "assertion_error") and own_key:
        params = getattr(ctx["error"], "params", None) or {}
        return t(own_key, **{k: fmt.inline(v, lang) for k, v in params.items()})
    key = KEY_BY_TYPE.get(kind)
    if kind == "string_pattern_mismatch" and "\x00" in str(error.get("input", "")):
        key = "error.param.nul"  # the likeliest reason, in words rather than a pattern
    if key is None:
        return str(error.get("msg", "")) if lang == "en" else t(GENERIC)
    return t(key, **_values(ctx, lang))


def _values(ctx: Mapping[str, Any], lang: str) -> dict[str, str]:
    values = {name: fmt.inline(ctx[name], lang) for name in _LIMITS if name in ctx}
    expected = str(ctx.get("expected", ""))
    values["expected"] = expected.replace("' or '", "' eller '") if lang == "da" else expected
    return values


def field_name(error: Mapping[str, Any]) -> str:
    """The field as sent: `query.p`, `body.weights.0` (the location, joined with dots)."""
    return ".".join(str(part) for part in error.get("loc", ()))


def messages(errors: Iterable[Mapping[str, Any]], lang: str) -> list[dict[str, str]]:
    """[{"field": ..., "message": ...}] for every error, in `lang` (input values never echoed)."""
    return [{"field": field_name(e), "message": message(e, lang)} for e in errors]


def text(errors: Iterable[Mapping[str, Any]], lang: str, limit: int = 5) -> str:
    """ "field: message; field: message" for a page (the first `limit` errors)."""
    return "; ".join(f"{e['field']}: {e['message']}" for e in messages(list(errors)[:limit], lang))


__all__ = ["GENERIC", "KEY_BY_TYPE", "KeyedValueError", "field_name", "message", "messages", "text"]
