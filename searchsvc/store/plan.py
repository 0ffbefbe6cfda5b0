"""What a reindexing run must do: the files by state, the merged stories, the story changes.

Files whose size and mtime (or, failing that, hash) match the live manifest
are not read again. A full run merges every article; an incremental run merges
again only the stories a new, changed or removed article can change (regroup.py),
and keeps the live generation's fingerprints for all others.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from tqdm import tqdm

from searchsvc.ingest import find_files, merge_duplicates

from .manifest import FileEntry, Manifest, file_digest, fingerprint, joined_sketches, scan_file
from .regroup import regroup


@dataclass
class Plan:
    """What a run found: files by state, the resulting stories, and the story changes."""

    entries: list[FileEntry]
    parsed: list[FileEntry]
    files_removed: int
    stories: list  # all of them in a full run; in an incremental run, those merged again
    added: list[str]
    updated: list[str]
    removed: list[str]
    fingerprints: dict[str, tuple[str, tuple[str, ...]]]
    shards: int = 0  # the live manifest's, kept by an incremental run

    @property
    def story_count(self) -> int:
        return len(self.fingerprints)

    @property
    def merged(self) -> int:
        return sum(1 for _, members in self.fingerprints.values() if len(members) > 1)

    @property
    def articles(self) -> int:
        return sum(len(members) for _, members in self.fingerprints.values())

    @property
    def changed(self) -> bool:
        return bool(self.parsed or self.files_removed or self.added or self.updated or self.removed)


def make_plan(paths, old: Manifest | None, incremental: bool, workers: int, progress: bool) -> Plan:
    """Find the files, parse those that are new or changed, merge, and diff the stories."""
    files = [str(p) for p in find_files(paths)]
    known = old.by_path() if (old and incremental) else {}
    # One slot per file, in order; None until the file is parsed below.
    slots: list[FileEntry | None] = []
    to_parse = []
    for name in files:
        entry = known.get(os.path.abspath(name))
        if entry and not entry.same_stat(stat := os.stat(name)):
            # Touched but maybe not changed: the hash decides.
            if file_digest(name) == entry.digest:
                entry.size, entry.mtime_ns = stat.st_size, stat.st_mtime_ns
            else:
                entry = None
        if entry is None:
            to_parse.append((len(slots), name))
        slots.append(entry)
    parsed = parse_files([name for _, name in to_parse], workers, progress)
    for (position, _), entry in zip(to_parse, parsed):
        slots[position] = entry
    entries = [e for e in slots if e is not None]
    # Every empty slot was queued for parsing, and parse_files returns one entry per file.
    assert len(entries) == len(slots)
    reused = {id(e) for e in entries} - {id(e) for e in parsed}
    present = {e.path for e in entries}
    files_removed = sum(1 for path in known if path not in present)
    gone = [e for e in known.values() if id(e) not in reused]  # changed or removed
    # Articles whose file changed or went: stories holding one must be fingerprinted again.
    dirty = {a.id for e in parsed for a in e.articles}
    before = old.stories if old else {}
    if old is not None and incremental:
        stories, replaced = regroup(old, entries, parsed, gone)
        dirty |= {i for e in gone if e.candidates for i in e.candidates.ids}
        fingerprints = {i: f for i, f in before.items() if i not in replaced}
    else:
        articles = [a for entry in entries for a in entry.articles]
        # Cached sketches: only the articles of new and changed files were sketched (in the pool).
        stories = merge_duplicates(articles, joined_sketches(entries))
        replaced, fingerprints = set(before), {}
    # A story of one article is that article unchanged: its fingerprint was taken where it was parsed.
    own = {id(a): f for e in parsed if e.fingerprints for a, f in zip(e.articles, e.fingerprints, strict=True)}
    for story in stories:
        members = story_members(story)
        earlier = before.get(story.id) if incremental else None
        if earlier and earlier[1] == members and dirty.isdisjoint(members):
            fingerprints[story.id] = earlier  # same articles, same merge: same document
        else:
            fingerprints[story.id] = (own.get(id(story)) or fingerprint(story), members)
    merged_again = list(dict.fromkeys(s.id for s in stories))
    return Plan(
        entries=entries,
        parsed=parsed,
        files_removed=files_removed,
        stories=stories,
        added=[i for i in merged_again if i not in before],
        updated=[i for i in merged_again if i in before and before[i][0] != fingerprints[i][0]],
        removed=[i for i in before if i in replaced and i not in fingerprints],
        fingerprints=fingerprints,
        shards=old.shards if (old and incremental) else 0,
    )


def story_members(story) -> tuple[str, ...]:
    """Return the ids of the articles a story was merged from."""
    return tuple(v.id for v in story.versions) or (story.id,)


def parse_files(files: list[str], workers: int, progress: bool) -> list[FileEntry]:
    """Scan files in a process pool (in this process when there are few), keeping their order."""
    with tqdm(total=len(files), desc="parsing", unit="file", disable=not progress, file=sys.stderr) as bar:
        if workers <= 1 or len(files) < 2 * workers:
            return [tick(bar, scan_file(name)) for name in files]
        chunk = max(1, len(files) // (workers * 8))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [tick(bar, entry) for entry in pool.map(scan_file, files, chunksize=chunk)]


def tick(bar, item):
    bar.update()
    return item
