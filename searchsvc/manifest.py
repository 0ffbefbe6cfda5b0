"""What a generation was built from: each file's size, mtime, hash and parsed articles.

Every generation carries its own manifest, so an incremental run starts from
exactly what the live generation holds (also after a rollback), re-parses
only new and changed files, and re-merges copies from the cached articles of
the others. A manifest written by an incompatible version is ignored (the run
falls back to a full rebuild) rather than trusted.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Article
from .ingest import Problem, parse_file

MANIFEST_FILE = "manifest.json.gz"
MANIFEST_FORMAT = 1
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

    def same_stat(self, stat: os.stat_result) -> bool:
        """Tell whether size and mtime match: the cheap check before hashing."""
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "digest": self.digest,
            "articles": [a.to_dict() for a in self.articles],
            "problems": [dataclasses.asdict(p) for p in self.problems],
        }

    @classmethod
    def from_dict(cls, data: dict) -> FileEntry:
        return cls(
            path=data["path"],
            size=data["size"],
            mtime_ns=data["mtime_ns"],
            digest=data["digest"],
            articles=[Article.from_dict(a) for a in data["articles"]],
            problems=[Problem(**p) for p in data["problems"]],
        )


@dataclass
class Manifest:
    """The files of a generation (in indexing order) and a fingerprint per story."""

    files: list[FileEntry]
    stories: dict[str, str]

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
    """Stat, hash and parse one file (module-level, so process pools can run it)."""
    # Stat before reading: if the file changes meanwhile, the next run sees a new mtime.
    stat = os.stat(path)
    articles, problems = parse_file(path)
    return FileEntry(os.path.abspath(path), stat.st_size, stat.st_mtime_ns, file_digest(path),
                     list(articles), list(problems))


def fingerprint(story: Article) -> str:
    """Return a hash of everything a story's document holds, to spot changed stories."""
    text = json.dumps(story.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def article_fields() -> list[str]:
    return [f.name for f in dataclasses.fields(Article)]


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write a generation's manifest (compressed JSON: it holds every article's text)."""
    data = {
        "format": MANIFEST_FORMAT,
        "article_fields": article_fields(),
        "files": [entry.to_dict() for entry in manifest.files],
        "stories": manifest.stories,
    }
    temporary = folder / (MANIFEST_FILE + ".tmp")
    with gzip.open(temporary, "wt", encoding="utf-8", compresslevel=1) as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
    os.replace(temporary, folder / MANIFEST_FILE)


def load_manifest(folder: Path) -> Manifest | None:
    """Read a generation's manifest, or None when it is missing or written by another version."""
    try:
        with gzip.open(folder / MANIFEST_FILE, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != MANIFEST_FORMAT or data.get("article_fields") != article_fields():
            return None
        return Manifest([FileEntry.from_dict(e) for e in data["files"]], dict(data["stories"]))
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
