"""The layering of docs/ARCHITECTURE.md holds: `lint-imports` keeps every contract in pyproject.

app -> usecases -> geodata | mapping -> indicators | venues | activities; mapping never imports
geodata or app; the pure engines import no database, web framework or upper layer. Running the
checker here (not only in scripts/test) makes a violation fail the suite wherever it runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run import-linter in a fresh interpreter (its graph must see the modules on disk)."""
    args = ["--no-cache"] + (["--config", str(config)] if config else [])
    code = "import sys; from importlinter.cli import lint_imports_command as c; c(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_layer_violation_fails_the_check(tmp_path: Path) -> None:
    """The checker really fails on a broken contract: the same packages with usecases put above
    app (app imports usecases, which that order forbids)."""
    config = tmp_path / "importlinter.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["app", "usecases"]\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "reversed"\n'
        'type = "layers"\n'
        'layers = ["usecases", "app"]\n',
        encoding="utf-8",
    )
    result = lint_imports(config)
    assert result.returncode != 0
    assert "app is not allowed to import usecases" in result.stdout
