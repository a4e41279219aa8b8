"""``accounts`` is the bottom of the house: it imports none of our other apps, so
``audit`` (which records changes to people) can import it without a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ACCOUNTS = Path(__file__).resolve().parents[2] / "tallrapport" / "accounts"


def _our_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("tallrapport.")}


def test_accounts_imports_no_other_app_of_ours() -> None:
    # given every module of the accounts package, migrations included
    modules = sorted(ACCOUNTS.rglob("*.py"))
    # when their imports of our own packages are collected
    outside = {
        f"{path.relative_to(ACCOUNTS)}: {name}"
        for path in modules
        for name in _our_imports(path)
        if not name.startswith(("tallrapport.accounts", "tallrapport.forms"))
    }
    # then none reaches outside accounts (audit imports accounts, never the reverse)
    assert modules
    assert outside == set()
