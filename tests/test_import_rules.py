"""The import rules of docs/architecture.md, read from the source: a domain app imports
council/ and documents/, never another domain app; council/ imports no domain app; documents/
imports council/ only (of the project's packages)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = {"subcommittees", "hubs", "proposals", "networks", "plans", "referrals"}


def imported(package: str) -> dict[str, set[str]]:
    """file → the top-level project packages it imports (at any depth of the file)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize("app", sorted(DOMAIN))
def test_a_domain_app_imports_no_other_domain_app(app: str) -> None:
    others = DOMAIN - {app}
    wrong = {f: sorted(n & others) for f, n in imported(app).items() if n & others}
    assert wrong == {}


def test_the_core_imports_no_domain_app() -> None:
    wrong = {f: sorted(n & DOMAIN) for f, n in imported("council").items() if n & DOMAIN}
    assert wrong == {}


def test_documents_imports_council_only() -> None:
    wrong = {f: sorted(n & DOMAIN) for f, n in imported("documents").items() if n & DOMAIN}
    assert wrong == {}
