"""Module names that generations written before the wings (0.1.0) pickled, and where they live now.

A generation pickles its schema (the analysers' classes) in Whoosh's table of contents, and its
manifest the classes of its entries, by module name. Those modules moved into this wing; aliasing
the old names keeps such generations readable, and incrementally updatable, until the next full
rebuild, instead of failing to open after an upgrade.
"""

from __future__ import annotations

import importlib
import sys

MOVED = {
    "searchsvc.analysis": "searchsvc.store.analysis",
    "searchsvc.index": "searchsvc.store.schema",
    "searchsvc.manifest": "searchsvc.store.manifest",
}
# What Whoosh's table of contents names; the manifest adds its own module when it is read.
SCHEMA_MODULES = ("searchsvc.analysis", "searchsvc.index")


def alias_moved_modules(names: tuple[str, ...] = SCHEMA_MODULES) -> None:
    """Let pickle find classes under their 0.1.0 module names (Whoosh unpickles the schema itself)."""
    for old in names:
        sys.modules.setdefault(old, importlib.import_module(MOVED[old]))
