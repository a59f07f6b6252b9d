"""The package's shape: folders named for the stages, imports that run one way, small modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "citypages"
ENTRY_POINTS = {"__init__.py", "__main__.py", "cli.py", "pipeline.py"}
MAX_LINES = 350


def test_imports_go_one_way_by_the_layers_contract():
    """import-linter's layers contract (pyproject.toml): no folder imports a floor above it."""
    lint = Path(sys.executable).parent / "lint-imports"
    ran = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]
    assert "1 kept, 0 broken" in ran.stdout


def test_the_top_of_the_package_holds_only_the_entry_points():
    assert {p.name for p in PACKAGE.glob("*.py")} <= ENTRY_POINTS


def test_every_folder_of_the_package_says_what_it_is_for():
    for init in PACKAGE.glob("*/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring.splitlines()) == 1, init.relative_to(ROOT)


def test_no_module_is_longer_than_it_can_be_read_at_once():
    long = {p.relative_to(ROOT).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
