"""Full and incremental reindexing runs, under the write lock, with a summary.

A run makes a plan (plan.py: parse files in a process pool, merge copies into
stories, compare them with the live generation's manifest), writes a new
generation and swaps it in. A full run writes every story; an incremental run re-parses only
new and changed files, shares the live generation's segment files by hard
links and rewrites only the stories that changed. Neither touches the live
generation, so killing a run at any moment leaves the served index intact.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from .generations import (
    IndexMissing,
    clean_leftovers,
    current_generation,
    link_generation,
    new_generation_dir,
    open_whoosh_index,
    publish_generation,
    write_stories,
)
from .lock import IndexLock, describe_holder
from .manifest import Manifest, ManifestDamaged, load_manifest, save_manifest
from .merging import MERGE_FACTOR, due
from .plan import Plan, make_plan
from .schema import is_current_schema, make_schema
from .summary import Summary

# Tests set this to a point name ("parse", "write", "commit", "swap") to stop a run there.
PAUSE_ENV = "SEARCHSVC_TEST_PAUSE_AT"
# Below this many stories, forking Whoosh sub-writers costs more than it saves.
PARALLEL_WRITE_MIN = 5000


def reindex(
    paths,
    index_dir,
    incremental: bool = False,
    dry_run: bool = False,
    workers: int | None = None,
    progress: bool = False,
    command: str | None = None,
) -> Summary:
    """Index the files under `paths` into a new generation of `index_dir` and make it live."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    workers = workers or os.cpu_count() or 1
    make_children_die_with_this_process()
    if dry_run:
        return run(paths, index_dir, incremental, True, workers, progress, started, [])
    with IndexLock(index_dir, command) as lock:
        notes = [f"took over the lock left by a run that died: {describe_holder(lock.stale)}"] if lock.stale else []
        removed = clean_leftovers(index_dir)
        if removed:
            notes.append("removed leftovers of an interrupted run: " + ", ".join(removed))
        return run(paths, index_dir, incremental, False, workers, progress, started, notes)


class NothingToIndex(Exception):
    """A full rebuild found no article at all."""


def run(
    paths,
    index_dir: Path,
    incremental: bool,
    dry_run: bool,
    workers: int,
    progress: bool,
    started: float,
    notes: list[str],
) -> Summary:
    try:
        live = current_generation(index_dir)
    except IndexMissing:
        live = None
    old = load_manifest(live.path, lazy=True) if live else None
    if incremental and old is None:
        notes.append("the live generation has no usable manifest: doing a full rebuild")
        incremental = False
    elif incremental and live is not None and not live_schema_is_current(live):
        # Written by another version (new fields, other analysers): its documents and ours
        # cannot share one index, so the upgrade's first run rebuilds.
        notes.append("the live generation was built with another schema: doing a full rebuild")
        incremental = False
    try:
        plan = make_plan(paths, old, incremental, workers, progress)
    except ManifestDamaged as error:
        notes.append(f"the live generation's manifest is damaged ({error}): doing a full rebuild")
        incremental, old = False, None
        plan = make_plan(paths, None, False, workers, progress)
    pause_at("parse")
    if not plan.stories and not incremental:
        # A mistyped folder must not replace the live index with an empty one.
        raise NothingToIndex(f"no articles found in {', '.join(map(str, paths))}: the live index is unchanged")
    generation = live.name if live else None
    to_live = None
    if not dry_run and (plan.changed or not incremental):
        written = write_generation(index_dir, live, plan, old if incremental else None, workers, progress)
        generation, to_live = written.name, round(time.perf_counter() - started, 3)
        if incremental and (note := merge_after(index_dir, written)):
            generation = current_generation(index_dir).name
            notes.append(note)
    elif not dry_run:
        notes.append("nothing changed: the live generation stays")
    problems = [p for entry in plan.parsed for p in entry.problems]
    return Summary(
        mode="incremental" if incremental else "full",
        dry_run=dry_run,
        generation=generation,
        files={"total": len(plan.entries), "parsed": len(plan.parsed), "removed": plan.files_removed},
        added=len(plan.added),
        updated=len(plan.updated),
        removed=len(plan.removed),
        merged=plan.merged,
        stories=plan.story_count,
        articles=plan.articles,
        skipped=[p for p in problems if p.skipped],
        warnings=[p for p in problems if not p.skipped],
        seconds=round(time.perf_counter() - started, 3),
        notes=notes,
        seconds_to_live=to_live,
    )


def live_schema_is_current(live) -> bool:
    """Whether the live generation's Whoosh schema is the one this version writes."""
    ix = live.open()
    try:
        return is_current_schema(ix.schema)
    finally:
        ix.close()


def write_generation(index_dir: Path, live, plan: Plan, old: Manifest | None, workers: int, progress: bool):
    """Write the plan into a new generation beside the live one and swap it in (`old`: its manifest, if incremental)."""
    incremental = old is not None
    path = new_generation_dir(index_dir)
    try:
        if incremental:
            link_generation(live.path, path)
            ix = open_whoosh_index(path)
            wanted = set(plan.added) | set(plan.updated)
            stories = [s for s in plan.stories if s.id in wanted]
            delete_ids = plan.updated + plan.removed
        else:
            ix = whoosh_index.create_in(str(path), make_schema())
            stories, delete_ids = plan.stories, []
        # Deletions go through this process's writer, before the other process starts its segment.
        procs = min(workers, 2) if len(stories) >= PARALLEL_WRITE_MIN else 1
        with tqdm(total=len(stories), desc="writing", unit="story", disable=not progress, file=sys.stderr) as bar:
            written = 0

            def on_story():
                nonlocal written
                written += 1
                bar.update()
                if written == 1:
                    pause_at("write")

            # An incremental run merges no segment before its stories are live (merge_after does, after).
            merge_factor = None if incremental else MERGE_FACTOR
            write_stories(ix, stories, procs=procs, on_story=on_story, delete_ids=delete_ids, merge_factor=merge_factor)
        pause_at("commit")
        save_manifest(path, Manifest(list(plan.entries), plan.fingerprints, shards=plan.shards), old)
        meta = {
            "stories": plan.story_count,
            "articles": plan.articles,
            "files": len(plan.entries),
            "mode": "incremental" if incremental else "full",
        }
        return publish_generation(index_dir, path, meta, before_swap=lambda: pause_at("swap"))
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def merge_after(index_dir: Path, live) -> str | None:
    """Merge a full level of the live generation's segments in a generation of its own; say what was merged.

    Whoosh merges through its per-posting pool (minutes for a level of a million-story
    index), so this comes after the new stories are live. The merged generation shares every
    other file of the live one by hard links, and is swapped in as any other: a crash leaves
    the live generation serving.
    """
    ix = live.open()
    try:
        merged = due(ix._segments())
    finally:
        ix.close()
    if not merged:
        return None
    started = time.perf_counter()
    path = new_generation_dir(index_dir)
    meta = {key: live.meta[key] for key in ("stories", "articles", "files", "mode") if key in live.meta}
    try:
        link_generation(live.path, path, everything=True)
        write_stories(open_whoosh_index(path), [])
        publish_generation(index_dir, path, {**meta, "merged_segments": len(merged)})
    except Exception as error:
        # The run's stories are live already: a failed merge is reported, not fatal.
        shutil.rmtree(path, ignore_errors=True)
        return f"merging {len(merged)} segments failed ({error}): the new generation serves them unmerged"
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    stories = sum(segment.doc_count() for segment in merged)
    return (
        f"merged {len(merged)} segments ({stories} stories) into one after the swap, in generation "
        f"{path.name}, {time.perf_counter() - started:.1f} s"
    )


def pause_at(point: str) -> None:
    """Stop here for a minute when a test asks (so it can kill the run at a known point)."""
    if os.environ.get(PAUSE_ENV) == point:
        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(60)


def make_children_die_with_this_process() -> None:
    """Have every process forked from now on (pool workers, Whoosh sub-writers) die with this one.

    Killed with SIGKILL, the indexer cannot stop its children; Whoosh's sub-writers
    would then wait on their job queue forever. Registered once per process.
    """
    global _FORK_HOOK_REGISTERED
    if not _FORK_HOOK_REGISTERED:
        os.register_at_fork(before=note_parent, after_in_child=die_with_parent)
        _FORK_HOOK_REGISTERED = True


_FORK_HOOK_REGISTERED = False
_forking_parent = 0


def note_parent() -> None:
    global _forking_parent
    _forking_parent = os.getpid()


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (elsewhere: do nothing)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != _forking_parent:  # the parent died before the request took effect
        os._exit(1)
