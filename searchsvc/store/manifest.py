"""What a generation was built from: each file's size, mtime, hash and parsed articles.

Every generation carries its own manifest, so an incremental run starts from
exactly what the live generation holds (also after a rollback), re-parses
only new and changed files, and re-merges copies from the cached articles of
the others, with their cached sketches (valid as long as the file's hash is). A manifest written by an incompatible version is ignored (the run
falls back to a full rebuild) rather than trusted.

The manifest is pickles, not JSON: loading 20k articles from JSON took 2 s of a
5 s budget (pickle: a tenth of that). Only the indexer writes it, into the
index folder it alone may write. A small header (manifest.pickle) lists the
files and the stories; the files' articles and sketches, and apart from them
their candidates' data (candidates.py), sit in shards of about FILES_PER_SHARD
files (manifest-*.pickle). A shard none of whose files changed is hard-linked into
the next generation: neither rewritten nor read (at a million stories, writing
the whole manifest again took longer than the rest of a 1 % run).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

from searchsvc.articles import Article
from searchsvc.ingest import SKETCH_PARAMETERS, ArticleSketches, Problem, parse_file, sketch_articles

from .candidates import Candidates
from .legacy import alias_moved_modules

MANIFEST_FILE = "manifest.pickle"
SHARD_PREFIX = "manifest-"
MANIFEST_FORMAT = 4
# Format 3 (one pickle with everything) is still read: its files carry their articles.
READABLE_FORMATS = (3, 4)
FILES_PER_SHARD = 8
HASH_CHUNK = 1 << 20


@dataclass
class FileEntry:
    """One source file as the index knows it."""

    path: str  # absolute, so runs from another working directory match
    size: int
    mtime_ns: int
    digest: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sketches: ArticleSketches | None = None  # one row per article, for merging copies
    # Where a manifest keeps the file (-1: nowhere yet), and whether articles, problems and
    # sketches are read from there (an unchanged file's are read only when needed).
    shard: int = -1
    loaded: bool = True
    candidates: Candidates | None = None
    # Each article's fingerprint as a story of its own, from the process that parsed the file (a full
    # rebuild's stories are mostly single articles: fingerprinting them there takes them off the one
    # process that merges). Not kept in the manifest.
    fingerprints: list[str] | None = None

    def same_stat(self, stat: os.stat_result) -> bool:
        """Tell whether size and mtime match: the cheap check before hashing."""
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


@dataclass
class Manifest:
    """The files of a generation (in indexing order); per story, its fingerprint and member ids."""

    files: list[FileEntry]
    stories: dict[str, tuple[str, tuple[str, ...]]]
    folder: Path | None = None  # where the shards are, for a manifest read from a generation
    shards: int = 0

    def by_path(self) -> dict[str, FileEntry]:
        return {entry.path: entry for entry in self.files}

    def load(self, entries: list[FileEntry]) -> None:
        """Read the articles, problems and sketches of the entries not read yet, a shard at a time."""
        wanted = {e.shard for e in entries if not e.loaded}
        for shard in sorted(wanted):
            assert self.folder is not None
            data = read_shard(shard_path(self.folder, "articles", shard))
            for entry in entries:
                if entry.shard == shard and not entry.loaded:
                    entry.articles, entry.problems, entry.sketches = data[entry.path]
                    entry.loaded = True

    def load_candidates(self, entries: list[FileEntry]) -> None:
        """Give each entry its candidates' data: from the shards, or computed from its articles."""
        shards = {e.shard for e in entries if e.candidates is None and e.shard >= 0 and self.folder}
        for shard in sorted(shards):
            assert self.folder is not None
            data = read_shard(shard_path(self.folder, "candidates", shard))
            for entry in entries:
                if entry.shard == shard and entry.candidates is None:
                    entry.candidates = data[entry.path]
        for entry in entries:
            if entry.candidates is None:
                self.load([entry])
                entry.candidates = candidates_of(entry)


def candidates_of(entry: FileEntry) -> Candidates:
    sketches = entry.sketches if entry.sketches is not None else sketch_articles(entry.articles)
    return Candidates.of(entry.articles, sketches)


def shard_path(folder: Path, kind: str, shard: int) -> Path:
    return folder / f"{SHARD_PREFIX}{kind}-{shard:05d}.pickle"


def shard_of(path: str, shards: int) -> int:
    """Return the shard a file belongs in: by a hash of its path, so adding files moves none."""
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest(), "big") % shards


def share(source: Path, target: Path) -> None:
    """Hard-link a file written once and never changed in place (copy it where links fail)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class ManifestDamaged(Exception):
    """A shard of a manifest whose header was read is missing or unreadable."""


def read_pickle(path: Path) -> Any:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def read_shard(path: Path) -> dict:
    try:
        return read_pickle(path)
    except Exception as error:  # noqa: BLE001 - whatever broke it, the run cannot trust the shard
        raise ManifestDamaged(f"{path.name}: {error}") from error


def write_pickle(path: Path, data: Any) -> None:
    with open(path, "wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)


def file_digest(path: str | Path) -> str:
    """Return the BLAKE2b hash of a file's bytes."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def scan_file(path: str) -> FileEntry:
    """Stat, hash, parse and sketch one file (module-level, so process pools can run it)."""
    # Stat before reading: if the file changes meanwhile, the next run sees a new mtime.
    stat = os.stat(path)
    articles, problems = parse_file(path)
    # parse_file refuses what is not a regular file (a FIFO, a link to /dev/zero): hashing one would never end.
    digest = file_digest(path) if S_ISREG(stat.st_mode) else ""
    return FileEntry(
        os.path.abspath(path),
        stat.st_size,
        stat.st_mtime_ns,
        digest,
        list(articles),
        list(problems),
        sketch_articles(articles),
        fingerprints=[fingerprint(article) for article in articles],
    )


def joined_sketches(entries: list[FileEntry]) -> ArticleSketches:
    """Return the sketches of all the entries' articles, in order (sketching any entry without)."""
    return ArticleSketches.join(
        [e.sketches if e.sketches is not None else sketch_articles(e.articles) for e in entries]
    )


def fingerprint(story: Article) -> str:
    """Return a hash of everything a story's document holds, to spot changed stories."""
    text = json.dumps(story.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def article_fields() -> list[str]:
    return [f.name for f in dataclasses.fields(Article)]


def save_manifest(folder: Path, manifest: Manifest, previous: Manifest | None = None) -> None:
    """Write a generation's manifest (the header last: readers see the old one or the new one).

    A shard holding the same unchanged files as one of `previous` (the live generation's
    manifest) is hard-linked from there.
    """
    shards = manifest.shards or max(1, -(-len(manifest.files) // FILES_PER_SHARD))
    groups: dict[int, list[FileEntry]] = {}
    for entry in manifest.files:
        groups.setdefault(shard_of(entry.path, shards), []).append(entry)
    kept: dict[int, set[str]] = {}
    unchanged: set[int] = set()
    if previous is not None and previous.folder is not None and previous.shards == shards:
        unchanged = {id(e) for e in previous.files}
        for entry in previous.files:
            kept.setdefault(entry.shard, set()).add(entry.path)
    for shard, entries in groups.items():
        same = kept.get(shard) == {e.path for e in entries} and all(id(e) in unchanged for e in entries)
        if same and previous is not None and previous.folder is not None:
            for kind in ("articles", "candidates"):
                share(shard_path(previous.folder, kind, shard), shard_path(folder, kind, shard))
        else:
            if previous is not None:
                previous.load(entries)
            if any(e.candidates is None for e in entries):
                (previous or manifest).load_candidates(entries)
            articles = {e.path: (e.articles, e.problems, e.sketches) for e in entries}
            write_pickle(shard_path(folder, "articles", shard), articles)
            write_pickle(shard_path(folder, "candidates", shard), {e.path: e.candidates for e in entries})
        for entry in entries:
            entry.shard = shard
    data = {
        "format": MANIFEST_FORMAT,
        "article_fields": article_fields(),
        "sketches": SKETCH_PARAMETERS,
        "shards": shards,
        "files": [(e.path, e.size, e.mtime_ns, e.digest, e.shard) for e in manifest.files],
        "stories": manifest.stories,
    }
    temporary = folder / (MANIFEST_FILE + ".tmp")
    write_pickle(temporary, data)
    os.replace(temporary, folder / MANIFEST_FILE)


def load_manifest(folder: Path, lazy: bool = False) -> Manifest | None:
    """Read a generation's manifest, or None when it is missing or written by another version.

    `lazy` leaves the files' articles in their shards until Manifest.load asks for them.
    """
    try:
        alias_moved_modules(("searchsvc.manifest",))
        data = read_pickle(folder / MANIFEST_FILE)
        if (
            data.get("format") not in READABLE_FORMATS
            or data.get("article_fields") != article_fields()
            or data.get("sketches") != SKETCH_PARAMETERS
        ):
            return None
        if data["format"] == 3:
            return Manifest(list(data["files"]), dict(data["stories"]))
        files = [
            FileEntry(path, size, mtime, digest, shard=shard, loaded=False)
            for path, size, mtime, digest, shard in data["files"]
        ]
        manifest = Manifest(files, dict(data["stories"]), folder, data["shards"])
        if not lazy:
            manifest.load(files)
        return manifest
    except Exception:  # noqa: BLE001 - any unreadable manifest just means "rebuild in full"
        return None
