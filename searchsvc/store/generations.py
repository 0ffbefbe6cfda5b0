"""Index generations: build a complete index beside the live one, then swap.

An index directory holds generations (`gen-NNNNNN` folders, each a complete
Whoosh index plus `meta.json`) and a `CURRENT` file naming the live one. A
build writes a new generation and then replaces `CURRENT` by rename, so
readers see either the old index or the new one, never half of either. The
generation that was live before stays on disk for rollback; older ones go.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index

from searchsvc.articles import Article

from .codec import WritingCodec
from .legacy import alias_moved_modules
from .merging import MERGE_FACTOR
from .schema import REPEATED_FIELDS, make_schema
from .writing import write_in_processes

CURRENT_FILE = "CURRENT"
META_FILE = "meta.json"
GENERATION_PREFIX = "gen-"
TEMP_SUFFIX = ".tmp"
# Whoosh's files in a generation folder ("MAIN" is its index name), and its lock file.
WHOOSH_PREFIXES = ("MAIN_", "_MAIN_")
WHOOSH_LOCK_SUFFIX = "WRITELOCK"
# The manifest's header and shards (manifest.py).
MANIFEST_PREFIX = "manifest"


class IndexMissing(Exception):
    """No index generation exists in the index directory."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = str(index_dir)
        super().__init__(
            f"no index in {self.index_dir!r}: build one with `searchsvc index PATH --index {self.index_dir}`"
        )


class NoPreviousGeneration(Exception):
    """There is no earlier generation to roll back to."""


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
        return open_whoosh_index(self.path)


def open_whoosh_index(path: Path):
    """Open a generation's Whoosh index, whichever release of searchsvc wrote its schema."""
    alias_moved_modules()
    return whoosh_index.open_dir(str(path))


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


def build_index(
    stories: Iterable[Article],
    index_dir: str | Path,
    extra_meta: dict | None = None,
    procs: int = 1,
    array_blocks: bool = True,
) -> Generation:
    """Write the stories into a new generation and make it the live one (array_blocks: see write_stories)."""
    index_dir = Path(index_dir)
    path = new_generation_dir(index_dir)
    try:
        ix = whoosh_index.create_in(str(path), make_schema())
        counts = write_stories(ix, stories, procs=procs, array_blocks=array_blocks)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return publish_generation(index_dir, path, {**counts, **(extra_meta or {})})


def write_stories(
    ix,
    stories: Iterable[Article],
    procs: int = 1,
    on_story: Callable[[], None] | None = None,
    delete_ids: Iterable[str] = (),
    array_blocks: bool = True,
    merge_factor: int | None = MERGE_FACTOR,
) -> dict:
    """Add stories to a Whoosh index in one commit (after deleting `delete_ids`); return counts.

    New segments hold array blocks (arrayblocks.py); array_blocks=False writes Whoosh's own.
    """
    # Separate segment files: opening a searcher then maps them instead of copying. The pool's estimate is about
    # twice what its postings hold (1024: some 500 MB a writing process); every run it spills past that is
    # read back and merged term by term, so fewer, larger runs write faster (bench/RESULTS.md, issue 17).
    options = {
        "limitmb": 1024,
        "compound": False,
        "codec": WritingCodec(array_blocks=array_blocks),
        "repeated": REPEATED_FIELDS,
    }
    stories = stories if isinstance(stories, Sequence) else list(stories)
    # One segment per process; older ones are merged when ten are of one size (merging.py).
    write_in_processes(ix, stories, procs, options, on_story, delete_ids, merge_factor)
    stories_count = len(stories)
    articles_count = sum(len(story.versions) or 1 for story in stories)
    return {"stories": stories_count, "articles": articles_count}


def new_generation_dir(index_dir: Path) -> Path:
    """Create and return the folder of the next generation."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [generation_number(p.name) for p in index_dir.glob(GENERATION_PREFIX + "*")]
    path = index_dir / f"{GENERATION_PREFIX}{max((n for n in numbers if n is not None), default=0) + 1:06d}"
    path.mkdir()
    return path


def generation_number(name: str) -> int | None:
    """Return the number in a generation folder name, or None for other names."""
    digits = name[len(GENERATION_PREFIX) :]
    return int(digits) if name.startswith(GENERATION_PREFIX) and digits.isdigit() else None


def link_generation(source: Path, target: Path, everything: bool = False) -> None:
    """Fill `target` with the index files of `source` (with `everything`, the manifest too), sharing them by hard links.

    Whoosh never rewrites a segment file once committed (new segments and the
    table of contents get new names), so sharing is copy-on-write in effect:
    writing to `target` leaves `source` byte-for-byte intact.
    """
    for item in source.iterdir():
        # Only Whoosh's own files: the manifest is rewritten per generation (a generation whose stories
        # do not change shares it), meta is always written anew.
        whoosh = item.name.startswith(WHOOSH_PREFIXES) and not item.name.endswith(WHOOSH_LOCK_SUFFIX)
        if not (whoosh or everything and item.name.startswith(MANIFEST_PREFIX) and not item.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            os.link(item, target / item.name)
        except OSError:  # file systems without hard links
            shutil.copy2(item, target / item.name)


def publish_generation(
    index_dir: Path, path: Path, meta: dict, before_swap: Callable[[], None] | None = None
) -> Generation:
    """Write a finished generation's meta.json, make it durable, point CURRENT at it."""
    previous = current_generation_name(index_dir)
    meta = {
        "generation": path.name,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "previous": previous,
        **meta,
    }
    write_atomically(path / META_FILE, json.dumps(meta, indent=2))
    fsync_tree(path)
    if before_swap:
        before_swap()
    swap_current(index_dir, path.name)
    remove_old_generations(index_dir, keep={path.name, previous})
    return Generation(path, meta)


def swap_current(index_dir: Path, name: str) -> None:
    """Point CURRENT at a generation in one rename, durably."""
    write_atomically(index_dir / CURRENT_FILE, name)
    fsync_dir(index_dir)


def rollback(index_dir: str | Path) -> Generation:
    """Make the generation that was live before the current one live again."""
    index_dir = Path(index_dir)
    live = current_generation(index_dir)
    name = live.meta.get("previous")
    if not name or not (index_dir / name / META_FILE).is_file():
        raise NoPreviousGeneration(f"no previous generation to roll back to in {str(index_dir)!r}")
    swap_current(index_dir, name)
    # The abandoned generation stays until the next publish removes it.
    return current_generation(index_dir)


def write_atomically(path: Path, text: str) -> None:
    """Replace a file's content in one rename, so readers never see half of it."""
    temporary = path.with_name(path.name + TEMP_SUFFIX)
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    """Flush every file of a generation folder, then the folder, to disk."""
    for item in path.iterdir():
        if item.is_file():
            fd = os.open(item, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    fsync_dir(path)


def remove_old_generations(index_dir: Path, keep: set[str | None]) -> None:
    """Delete every generation not kept (servers holding one open keep their open files)."""
    for path in index_dir.glob(GENERATION_PREFIX + "*"):
        if path.is_dir() and path.name not in keep and generation_number(path.name) is not None:
            shutil.rmtree(path, ignore_errors=True)


def clean_leftovers(index_dir: str | Path) -> list[str]:
    """Remove what a killed run left: unfinished generations newer than CURRENT, temporary files.

    A finished generation (one with meta.json) is never removed here: it may
    have been live before a rollback, and its name must not be reused while a
    server could still hold it open. The next publish removes it.
    """
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        return []
    live = generation_number(current_generation_name(index_dir) or "") or 0
    removed = []
    for path in sorted(index_dir.iterdir()):
        number = generation_number(path.name)
        if path.is_dir() and number is not None and number > live and not (path / META_FILE).exists():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        elif path.is_file() and path.name.endswith(TEMP_SUFFIX):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
