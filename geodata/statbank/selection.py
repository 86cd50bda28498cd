"""`--select VAR=CODES` items: parsed, expanded and checked against a table's tableinfo (pure).

Statbank wants every code spelled out, so "ALDER=65-99" expands to 35 codes and "OMRÅDE=081-085"
keeps the zero padding ("081", ..., "085"). `*` means every value. Checking the codes against
`tableinfo` before asking for data turns a typo into an error that names the item and shows
valid codes, instead of an empty answer or an HTTP 400 from the API. A code may also be given
by its text ("Aalborg" for 851), which is what people read on statistikbanken.dk.

A code that itself looks like a range ("0-4" in some age-group tables) is written by its text
("0-4 år"), since "0-4" expands to 0, 1, 2, 3, 4.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geodata.statbank.errors import StatbankError
from geodata.statbank.parse import TableInfo, Variable, fold

Selection = dict[str, list[str]]

ALL = "*"
MAX_RANGE = 10_000  # codes one range may expand to (ALDER=0-125 is 126)
# Bounds on what one option (--select or --per) may ask for, so the POST body stays small: the
# largest Statbank code lists (parishes, ~2,200) fit many times over. A code longer than
# MAX_CODE_CHARS is no Statbank code or text (the longest texts are ~120 characters).
MAX_CODES = 10_000  # codes of one variable after expansion
MAX_VARIABLES = 30  # variables named in one option
MAX_CODE_CHARS = 200
SHOWN_CHOICES = 8
_RANGE = re.compile(r"(\d+)-(\d+)")


def _syntax(item: str, option: str, problem: str, key: str, **params: object) -> StatbankError:
    return StatbankError(
        f"{option} {item!r}: {problem}; write VAR=CODES, e.g. ALDER=65-99,IALT or KØN=*",
        key=key, option=option, item=item, **params,
    )  # fmt: skip


def _expand(code: str, item: str, option: str) -> list[str]:
    """ "081-085" -> ["081", ..., "085"] (width of the first code); any other code as it is."""
    match = _RANGE.fullmatch(code)
    if not match:
        return [code]
    first, last = int(match[1]), int(match[2])
    if first > last:
        raise _syntax(item, option, f"the range {code} runs backwards",
                      "statbank.err.select_backwards", range=code)  # fmt: skip
    if last - first + 1 > MAX_RANGE:
        raise _syntax(item, option, f"the range {code} has more than {MAX_RANGE} codes",
                      "statbank.err.select_range_size", range=code, max=MAX_RANGE)  # fmt: skip
    width = len(match[1])
    return [str(n).zfill(width) for n in range(first, last + 1)]


def _codes(text: str, item: str, option: str) -> list[str]:
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise _syntax(item, option, "a code is empty", "statbank.err.select_empty")
    long = next((part for part in parts if len(part) > MAX_CODE_CHARS), None)
    if long is not None:
        raise _syntax(_short(item), option,
                      f"a code is longer than {MAX_CODE_CHARS} characters",
                      "statbank.err.select_code_length", max=MAX_CODE_CHARS)  # fmt: skip
    if ALL in parts:
        return [ALL]
    codes: dict[str, None] = {}  # ordered and without repeats, in linear time
    for part in parts:
        codes.update(dict.fromkeys(_expand(part, item, option)))
        _check_count(len(codes), item, option)
    return list(codes)


def _short(item: str) -> str:
    return item if len(item) <= MAX_CODE_CHARS else item[:MAX_CODE_CHARS] + "..."


def _check_count(count: int, item: str, option: str) -> None:
    if count > MAX_CODES:
        raise _syntax(_short(item), option,
                      f"more than {MAX_CODES} codes for one variable",
                      "statbank.err.select_too_many", max=MAX_CODES)  # fmt: skip


def parse_selection(items: Sequence[str], option: str = "--select") -> Selection:
    """`["ALDER=65-99,IALT", "OMRÅDE=851"]` as {"ALDER": [...], "OMRÅDE": ["851"]}.

    Repeating a variable adds to its codes; a variable name is kept as written here and matched
    to the table's own id (any case) by :func:`resolve_selection`.
    """
    selection: Selection = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise _syntax(item, option, "there is no VAR= in front of the codes",
                          "statbank.err.select_syntax")  # fmt: skip
        codes = _codes(text, item, option)
        merged = selection.setdefault(name, [])
        if ALL in codes or ALL in merged:
            merged[:] = [ALL]
        else:
            merged[:] = list(dict.fromkeys([*merged, *codes]))
            _check_count(len(merged), item, option)
        if len(selection) > MAX_VARIABLES:
            raise _syntax(item, option, f"more than {MAX_VARIABLES} variables",
                          "statbank.err.select_variables", max=MAX_VARIABLES)  # fmt: skip
    return selection


def _lookup(variable: Variable) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Codes by their own id in any case, and by their folded text (texts may repeat)."""
    by_code = {value.id.casefold(): value.id for value in variable.values}
    by_text: dict[str, list[str]] = {}
    for value in variable.values:
        by_text.setdefault(fold(value.text.strip()), []).append(value.id)
    return by_code, by_text


def _choices(variable: Variable) -> str:
    shown = ", ".join(f"{v.id} ({v.text})" for v in variable.values[:SHOWN_CHOICES])
    more = len(variable.values) - SHOWN_CHOICES
    return shown + (f" ... and {more} more" if more > 0 else "")


def _resolve_codes(codes: list[str], variable: Variable, table: str) -> list[str]:
    if ALL in codes:
        return [ALL]
    by_code, by_text = _lookup(variable)
    resolved: dict[str, None] = {}  # ordered, no repeats
    unknown: list[str] = []
    ids = {value.id for value in variable.values}
    for code in codes:
        exact = code if code in ids else by_code.get(code.casefold())
        named = by_text.get(fold(code.strip()), [])
        if exact is None and len(named) > 1:
            raise StatbankError(
                f"table {table}, variable {variable.id}: {code!r} is the text of "
                f"{', '.join(named)}; give the code",
                key="statbank.err.ambiguous_text", table=table, variable=variable.id,
                text=code, codes=", ".join(named),
            )  # fmt: skip
        if exact is None and not named:
            unknown.append(code)
            continue
        resolved[exact if exact is not None else named[0]] = None
    if unknown:
        listed = ", ".join(unknown[:SHOWN_CHOICES]) + (
            " ..." if len(unknown) > SHOWN_CHOICES else ""
        )
        choices = _choices(variable)
        raise StatbankError(
            f"table {table}, variable {variable.id}: unknown code(s) {listed}; "
            f"valid codes include {choices}",
            key="statbank.err.unknown_code", table=table, variable=variable.id,
            codes=listed, count=len(unknown), choices=choices,
        )  # fmt: skip
    return list(resolved)


def resolve_selection(selection: Selection, info: TableInfo) -> Selection:
    """The selection in the table's own terms: ids as in tableinfo ("Tid"), codes checked.

    Keys follow the table's variable order, so the same selection always gives the same request
    (and the same cache key) whatever order the items were typed in.
    """
    merged: dict[str, list[str]] = {}
    for name, codes in selection.items():
        variable = info.variable(name)
        resolved = _resolve_codes(codes, variable, info.id)
        target = merged.setdefault(variable.id, [])
        if ALL in resolved or ALL in target:
            target[:] = [ALL]
        else:
            target[:] = list(dict.fromkeys([*target, *resolved]))
    return {v.id: merged[v.id] for v in info.variables if v.id in merged}
