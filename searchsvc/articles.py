"""The Article record: the one shape every stage of searchsvc speaks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

# How many words of the body stand in for a missing title.
FALLBACK_TITLE_WORDS = 12


@dataclass(frozen=True)
class Version:
    """One copy of a story, as a file gave it, kept when copies are merged."""

    id: str
    path: str | None = None
    source: str | None = None
    published: datetime | None = None
    title: str | None = None
    url: str | None = None

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        data = dataclasses.asdict(self)
        data["published"] = format_datetime(self.published)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Version:
        """Build a Version from to_dict() output."""
        return cls(**{**data, "published": parse_datetime(data.get("published"))})


@dataclass(frozen=True)
class Article:
    """A news story: clean metadata and body text.

    `published` is timezone-aware UTC; `published_raw` keeps the date as the
    source wrote it (with its own zone), since normalising loses that.
    A merged story lists every copy, itself included, in `versions`.
    """

    id: str
    body: str
    title: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    source: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    url: str | None = None
    language: str | None = None
    path: str | None = None
    versions: tuple[Version, ...] = field(default=())

    @property
    def display_title(self) -> str:
        """Return the title, or the opening words of the body when there is none."""
        if self.title:
            return self.title
        words = self.body.split()
        head = " ".join(words[:FALLBACK_TITLE_WORDS])
        return head + ("…" if len(words) > FALLBACK_TITLE_WORDS else "")

    def as_version(self) -> Version:
        """Return this article's own entry for a story's version list."""
        return Version(
            id=self.id,
            path=self.path,
            source=self.source,
            published=self.published,
            title=self.title,
            url=self.url,
        )

    def to_dict(self) -> dict:
        """Return a JSON-ready dict (dates as ISO 8601 strings)."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["published"] = format_datetime(self.published)
        data["tags"] = list(self.tags)
        data["versions"] = [v.to_dict() for v in self.versions]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        """Build an Article from to_dict() output."""
        return cls(
            **{
                **data,
                "published": parse_datetime(data.get("published")),
                "tags": tuple(data.get("tags") or ()),
                "versions": tuple(Version.from_dict(v) for v in data.get("versions") or ()),
            }
        )


def format_datetime(value: datetime | None) -> str | None:
    """Return an ISO 8601 string, or None."""
    return value.isoformat() if value else None


def parse_datetime(value: str | None) -> datetime | None:
    """Parse format_datetime() output back."""
    return datetime.fromisoformat(value) if value else None
