"""The API package's shape: it calls the apps' services and selectors and owns no rule.

It may import what the README's layout table says, and nothing of ours imports it
back (only the root URLconf and the settings name it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import tallrapport
import tallrapport.api

PACKAGE = Path(tallrapport.api.__file__).parent
ROOT = Path(tallrapport.__file__).parent
FORBIDDEN = (
    "tallrapport.stats",
    "tallrapport.disclosure",
    "tallrapport.demo",
    "tallrapport.plans",
    # Writes go through the services; no module here opens the closed-year locks itself.
    "tallrapport.cases.years",
)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_api_imports_only_what_it_may() -> None:
    offending = {
        str(path.relative_to(PACKAGE)): sorted(i for i in _imports(path) if i.startswith(FORBIDDEN))
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_nothing_of_ours_imports_the_api() -> None:
    importers = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if PACKAGE not in path.parents
        and path.name not in ("urls.py", "settings.py")
        and any(i.startswith("tallrapport.api") for i in _imports(path))
    ]
    assert importers == []
