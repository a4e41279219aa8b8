"""The report package's shape: what it may import, no cycles, no module over 500 lines.

ARCHITECTURE.md lets ``reports`` read ``stats``, ``disclosure``, ``audit`` and
``accounts``, never the ``cases`` or ``activities`` models: labels and orders
come through ``stats``. Read from the source, so a forbidden import fails here
before it hides in a long module again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tallrapport.reports

PACKAGE = Path(tallrapport.reports.__file__).parent
FORBIDDEN = ("tallrapport.cases", "tallrapport.activities")
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    """Module name → file, migrations left out (they read models through the app registry)."""
    return {
        "tallrapport.reports." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts): path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_reports_imports_nothing_from_cases_or_activities() -> None:
    # given every module of the report package
    # when collecting what each imports
    offending = {
        name: sorted(i for i in _imports(path) if i.startswith(FORBIDDEN))
        for name, path in _modules().items()
    }
    # then none reaches into the cases' or activities' code
    assert {name: found for name, found in offending.items() if found} == {}


def test_report_modules_import_no_cycle() -> None:
    # given the imports between the report package's own modules
    modules = _modules()
    edges = {
        name: {i for i in _imports(path) if i in modules and i != name}
        for name, path in modules.items()
    }
    # when walking them depth first
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        for target in edges[name]:
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                visit(target, [*trail, target])
        done.add(name)

    done: set[str] = set()
    for name in modules:
        if name not in done:
            visit(name, [name])
    # then no module depends on itself through others
    assert cycles == []


def test_no_report_module_is_over_500_lines() -> None:
    lines = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}
