"""Files -> Articles (first version: page text only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from ..articles import Article

SUPPORTED_SUFFIXES = (".txt",)
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str
    line: int | None = None
    skipped: bool = True

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class IngestResult:
    articles: list[Article]
    problems: list[Problem]
    files: int

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUPPORTED_SUFFIXES))
        else:
            found.append(path)
    return found


def parse_file(path, max_bytes: int = MAX_FILE_BYTES):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(str(path), str(error))]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return [], [Problem(str(path), "empty file")]
    published = None
    marker = re.match(r"date (\d{4}-\d{2}-\d{2}) ", lines[0])
    if marker:
        published = datetime.fromisoformat(marker.group(1)).replace(tzinfo=timezone.utc)
        lines[0] = lines[0][marker.end():]
    article = Article(id=path.stem, title=lines[0], body="\n\n".join(lines[1:]), path=str(path), published=published)
    return [article], []


def parse_paths(paths, max_bytes: int = MAX_FILE_BYTES) -> IngestResult:
    files = find_files(paths)
    articles, problems = [], []
    for path in files:
        found, trouble = parse_file(path, max_bytes)
        articles += found
        problems += trouble
    return IngestResult(articles, problems, len(files))
