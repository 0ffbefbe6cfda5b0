"""Index generations: build a complete index beside the live one, then swap.

An index directory holds generations (`gen-NNNNNN` folders, each a complete
Whoosh index plus `meta.json`) and a `CURRENT` file naming the live one. A
build writes a new generation and then replaces `CURRENT` by rename, so
readers see either the old index or the new one, never half of either.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from whoosh import index as whoosh_index

from .articles import Article
from .index import make_schema, to_document

CURRENT_FILE = "CURRENT"
META_FILE = "meta.json"
GENERATION_PREFIX = "gen-"


class IndexMissing(Exception):
    """No index generation exists in the index directory."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = str(index_dir)
        super().__init__(
            f"no index in {self.index_dir!r}: build one with `searchsvc index PATH --index {self.index_dir}`"
        )


@dataclass(frozen=True)
class Generation:
    """One complete index generation on disk."""

    path: Path
    meta: dict

    @property
    def name(self) -> str:
        return self.path.name

    def open(self):
        """Open the Whoosh index of this generation."""
        return whoosh_index.open_dir(str(self.path))


def current_generation(index_dir: str | Path) -> Generation:
    """Return the live generation, or raise IndexMissing."""
    index_dir = Path(index_dir)
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
        meta = json.loads((index_dir / name / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise IndexMissing(index_dir) from None
    return Generation(index_dir / name, meta)


def current_generation_name(index_dir: str | Path) -> str | None:
    """Return the live generation's name without opening it (cheap: one small read)."""
    try:
        return (Path(index_dir) / CURRENT_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def build_index(stories: Iterable[Article], index_dir: str | Path, extra_meta: dict | None = None,
                procs: int = 1) -> Generation:
    """Write the stories into a new generation and make it the live one."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    name = new_generation_name(index_dir)
    path = index_dir / name
    path.mkdir()
    ix = whoosh_index.create_in(str(path), make_schema())
    # Separate segment files: opening a searcher then maps them instead of copying.
    # With procs > 1: one segment per process, left unmerged (merging costs more than it saves).
    parallel = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = ix.writer(limitmb=256, compound=False, **parallel)
    stories_count = articles_count = 0
    try:
        for story in stories:
            writer.add_document(**to_document(story))
            stories_count += 1
            articles_count += len(story.versions) or 1
        writer.commit()
    except BaseException:
        writer.cancel()
        shutil.rmtree(path, ignore_errors=True)
        raise
    meta = {
        "generation": name,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "stories": stories_count,
        "articles": articles_count,
        **(extra_meta or {}),
    }
    write_atomically(path / META_FILE, json.dumps(meta, indent=2))
    write_atomically(index_dir / CURRENT_FILE, name)
    remove_old_generations(index_dir, keep={name})
    return Generation(path, meta)


def new_generation_name(index_dir: Path) -> str:
    """Return the next generation name: numbered, so names sort by age."""
    numbers = [int(p.name[len(GENERATION_PREFIX):]) for p in index_dir.glob(GENERATION_PREFIX + "*")
               if p.name[len(GENERATION_PREFIX):].isdigit()]
    return f"{GENERATION_PREFIX}{max(numbers, default=0) + 1:06d}"


def write_atomically(path: Path, text: str) -> None:
    """Replace a file's content in one rename, so readers never see half of it."""
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def remove_old_generations(index_dir: Path, keep: set[str], spare: int = 1) -> None:
    """Delete generations except those kept and the newest `spare` others (for rollback)."""
    others = sorted(
        (p for p in index_dir.glob(GENERATION_PREFIX + "*") if p.is_dir() and p.name not in keep),
        key=lambda p: p.name,
    )
    for path in others[: max(0, len(others) - spare)]:
        shutil.rmtree(path, ignore_errors=True)
