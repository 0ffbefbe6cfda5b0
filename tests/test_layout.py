"""The layout rule (ARCHITECTURE.md): imports point down the flow, across wings only through a wing's package."""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "searchsvc"
# Lowest first: a module may import its own wing and the wings below it.
LEVELS = {
    "articles": 0,
    "config": 0,
    "letters": 0,
    "ingest": 1,
    "store": 2,
    "query": 3,
    "search": 4,
    "web": 5,
    "serve": 6,
}
TOP = 7  # cli.py, wsgi.py, __main__.py, __init__.py
# searchsvc.wsgi:app is the name operators give gunicorn; it is the serve wing's entry under another name.
ALIASES = {("searchsvc.wsgi", "searchsvc.serve.wsgi")}
# Libraries a wing owns: Whoosh stays in store, query and search; Flask and marshmallow in web (the
# top-level CLI may use the web's schemas and their errors).
OWNED = {"whoosh": {"store", "query", "search"}, "flask": {"web"}, "werkzeug": {"web"}, "marshmallow": {"web"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def wing_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVELS else None


def level_of(module: str) -> int:
    wing = wing_of(module)
    return LEVELS[wing] if wing else TOP


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Return (module, names, line) for every import in a file, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, [alias.name for alias in node.names], node.lineno))
    return found


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def violations(path: Path) -> list[str]:
    """Return the imports of one file that break the layout rule."""
    source = module_name(path)
    own_wing, own_level = wing_of(source), level_of(source)
    broken = []
    for target, names, line in imports(path):
        where = f"{path.relative_to(ROOT)}:{line} imports {target}"
        library = target.split(".")[0]
        if library in OWNED and own_wing is not None and own_wing not in OWNED[library]:
            broken.append(f"{where}: {library} belongs to {sorted(OWNED[library])}")
        if library != "searchsvc" or (source, target) in ALIASES:
            continue
        wing = wing_of(target)
        if wing is None or wing == own_wing:
            continue
        if level_of(target) > own_level:
            broken.append(f"{where}: {wing} is higher up the flow than {own_wing}")
        elif target != f"searchsvc.{wing}" or any(is_module(f"{target}.{name}") for name in names):
            broken.append(f"{where}: reach {wing} through its package, not its modules")
    return broken


def library_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_layout_every_import_points_down_the_flow_through_a_wing_package():
    assert [v for path in library_files() for v in violations(path)] == []


def test_layout_every_wing_says_what_it_holds_and_offers():
    for wing in LEVELS:
        init = PACKAGE / wing / "__init__.py"
        if not init.parent.is_dir():
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "offer" in doc.lower(), wing


@pytest.mark.parametrize(
    ("source", "line", "rule"),
    [
        ("searchsvc/store/bad.py", "from searchsvc.search import SearchIndex", "higher up"),
        ("searchsvc/web/bad.py", "from searchsvc.store.generations import current_generation", "through its package"),
        ("searchsvc/web/bad.py", "from searchsvc.store import generations", "through its package"),
        ("searchsvc/search/bad.py", "from ..query.parser import parse_query", "through its package"),
        ("searchsvc/ingest/bad.py", "import whoosh", "whoosh belongs"),
        ("searchsvc/search/bad.py", "from flask import request", "flask belongs"),
    ],
)
def test_layout_rule_catches_a_wrong_import(tmp_path, monkeypatch, source, line, rule):
    # The rule runs on a copy of the package with one bad module added, so the real tree stays untouched.
    copy = tmp_path / "searchsvc"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    bad = tmp_path / source
    bad.write_text(line + "\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = violations(bad)
    assert len(found) == 1 and rule in found[0], found
