"""Every code an asset's history or the audit log stores has a word in both languages: the
history page shows codes through the `label` filter, which falls back to the raw (English) code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.i18n import catalogue
from app.web import TEMPLATES
from geodata.queries.assets_moderation import TRANSITIONS

ROOT = Path(__file__).resolve().parent.parent


def _literal_args(function: str, position: int) -> set[str]:
    found: set[str] = set()
    for path in [*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("geodata").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) <= position:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            arg = node.args[position]
            if name == function and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_history_kind_has_a_word() -> None:
    kinds = _literal_args("record_event", 3) | {kind for _, _, kind in TRANSITIONS.values()}
    assert {"created", "approved", "hidden"} <= kinds  # the scan finds the calls
    missing = sorted(k for k in kinds if f"assets.history.{k}" not in catalogue()["da"])
    assert not missing


def test_every_audit_kind_has_a_word() -> None:
    kinds = _literal_args("record_audit", 1)
    assert {"login", "export"} <= kinds
    missing = sorted(k for k in kinds if f"assets.audit.kind.{k}" not in catalogue()["da"])
    assert not missing


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("da", "godkendt|titel|ukendt_kode"), ("en", "approved|title|ukendt_kode")],
)
def test_label_filter_words_a_code_and_keeps_an_unknown_one(lang: str, expected: str) -> None:
    template = TEMPLATES.env.from_string(
        '{{ "approved"|label("assets.history.") }}|{{ "title"|label("assets.diff.") }}'
        '|{{ "ukendt_kode"|label("assets.history.") }}'
    )
    assert template.render(lang=lang) == expected
