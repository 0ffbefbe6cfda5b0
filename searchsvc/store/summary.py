"""What a reindexing run reports: counts, problems and notes, as a line of text or a JSON object."""

from __future__ import annotations

from dataclasses import dataclass, field

from searchsvc.ingest import Problem


@dataclass
class Summary:
    """The outcome of a run, for one line of text or one JSON object."""

    mode: str
    dry_run: bool
    generation: str | None
    files: dict
    added: int
    updated: int
    removed: int
    merged: int
    stories: int
    articles: int
    skipped: list[Problem]
    warnings: list[Problem]
    seconds: float
    notes: list[str] = field(default_factory=list)
    seconds_to_live: float | None = None  # until the new stories were searchable (before any merge)

    def to_json(self) -> dict:
        """Return the JSON summary (`--json`)."""
        problem = lambda p: {"path": p.path, "line": p.line, "reason": p.reason}  # noqa: E731
        return {
            "mode": self.mode,
            "dry_run": self.dry_run,
            "generation": self.generation,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "merged": self.merged,
            "stories": self.stories,
            "articles": self.articles,
            "files": self.files,
            "skipped": [problem(p) for p in self.skipped],
            "warnings": [problem(p) for p in self.warnings],
            "seconds": self.seconds,
            "seconds_to_live": self.seconds_to_live,
            "notes": self.notes,
        }

    def line(self) -> str:
        """Return the one-line human summary."""
        # A problem with a line is one record of a file whose other records were read.
        files = len({p.path for p in self.skipped if p.line is None})
        records = sum(1 for p in self.skipped if p.line is not None)
        skipped = f"skipped {files} files" + (f" and {records} records" if records else "")
        text = (
            f"indexed {self.articles} articles as {self.stories} stories from {self.files['total']} files; "
            f"{skipped}; {self.seconds:.2f} s; generation {self.generation}"
        )
        changes = f"{self.added} stories added, {self.updated} updated, {self.removed} removed"
        if self.dry_run:
            return (
                f"dry run ({self.mode}): would index {self.articles} articles as {self.stories} stories "
                f"from {self.files['total']} files; {changes}; nothing written"
            )
        return text + (f"; incremental: {changes}" if self.mode == "incremental" else "")
