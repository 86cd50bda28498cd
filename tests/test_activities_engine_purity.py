"""The activities engine stays pure: no database, web or network, like indicators/ and venues/.

Pages, the CLI, imports and reports will all call it; if it reached for a session or a request it
could no longer be tested, reused or reasoned about on its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "activities"
FORBIDDEN = ("app", "geodata", "mapping", "sqlalchemy", "geoalchemy2", "psycopg", "fastapi",
             "starlette", "httpx", "folium")  # fmt: skip


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda p: p.name)
def test_the_engine_imports_no_database_web_or_network_module(path: Path) -> None:
    assert not _imported(path) & set(FORBIDDEN)


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from geodata.db import session_scope\nimport httpx\n", encoding="utf-8")
    assert _imported(bad) & set(FORBIDDEN) == {"geodata", "httpx"}
