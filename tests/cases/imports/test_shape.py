"""The importer's shape: short modules, and a leaf of the cases package.

ARCHITECTURE.md lets ``cases`` import ``accounts`` and ``audit`` only. The
importer also writes activities, so it reads ``tallrapport.activities``; it
stays a leaf: nothing of ``cases`` but its URL table and the model registration
imports it, and no other module of ``cases`` reads ``activities``.
"""

from __future__ import annotations

import ast
from pathlib import Path

CASES = Path(__file__).resolve().parents[3] / "tallrapport" / "cases"
IMPORTS = CASES / "imports"
# What may read activities or the importer: the importer itself and its command.
LEAF = {IMPORTS, CASES / "management" / "commands" / "import_cases.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _outside_leaf() -> list[Path]:
    return [
        path
        for path in CASES.rglob("*.py")
        if "migrations" not in path.parts
        and not any(path == leaf or leaf in path.parents for leaf in LEAF)
    ]


def test_no_importer_module_is_over_500_lines() -> None:
    lines = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in IMPORTS.glob("*.py")}
    assert lines
    assert {name: n for name, n in lines.items() if n > 500} == {}


def test_the_rest_of_cases_reads_neither_activities_nor_the_importer() -> None:
    offending = {
        str(path.relative_to(CASES)): sorted(
            name
            for name in _imports(path)
            if name.startswith("tallrapport.activities")
            or (name.startswith("tallrapport.cases.imports") and path.name != "models.py")
        )
        for path in _outside_leaf()
    }
    assert {name: found for name, found in offending.items() if found} == {}
