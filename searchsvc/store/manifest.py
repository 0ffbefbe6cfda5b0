"""What a generation was built from: each file's size, mtime, hash and parsed articles.

Every generation carries its own manifest, so an incremental run starts from
exactly what the live generation holds (also after a rollback), re-parses
only new and changed files, and re-merges copies from the cached articles of
the others, with their cached sketches (valid as long as the file's hash is). A manifest written by an incompatible version is ignored (the run
falls back to a full rebuild) rather than trusted.

The manifest is a pickle, not JSON: it holds every article's text, and loading
20k articles from JSON took 2 s of a 5 s budget (pickle: a tenth of that). Only
the indexer writes it, into the index folder it alone may write.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from searchsvc.articles import Article
from searchsvc.ingest import SKETCH_PARAMETERS, ArticleSketches, Problem, parse_file, sketch_articles

from .legacy import alias_moved_modules

MANIFEST_FILE = "manifest.pickle"
MANIFEST_FORMAT = 3
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

    def same_stat(self, stat: os.stat_result) -> bool:
        """Tell whether size and mtime match: the cheap check before hashing."""
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


@dataclass
class Manifest:
    """The files of a generation (in indexing order); per story, its fingerprint and member ids."""

    files: list[FileEntry]
    stories: dict[str, tuple[str, tuple[str, ...]]]

    def by_path(self) -> dict[str, FileEntry]:
        return {entry.path: entry for entry in self.files}


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


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write a generation's manifest (atomically: readers see the old one or the new one)."""
    data = {
        "format": MANIFEST_FORMAT,
        "article_fields": article_fields(),
        "sketches": SKETCH_PARAMETERS,
        "files": manifest.files,
        "stories": manifest.stories,
    }
    temporary = folder / (MANIFEST_FILE + ".tmp")
    with open(temporary, "wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, folder / MANIFEST_FILE)


def load_manifest(folder: Path) -> Manifest | None:
    """Read a generation's manifest, or None when it is missing or written by another version."""
    try:
        alias_moved_modules(("searchsvc.manifest",))
        with open(folder / MANIFEST_FILE, "rb") as handle:
            data = pickle.load(handle)
        if (
            data.get("format") != MANIFEST_FORMAT
            or data.get("article_fields") != article_fields()
            or data.get("sketches") != SKETCH_PARAMETERS
        ):
            return None
        return Manifest(list(data["files"]), dict(data["stories"]))
    except Exception:  # noqa: BLE001 - any unreadable manifest just means "rebuild in full"
        return None
