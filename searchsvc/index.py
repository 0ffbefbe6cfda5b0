"""The Whoosh schema and the Article <-> document mapping."""

from __future__ import annotations

from datetime import datetime, timezone

from whoosh import fields

from .analysis import name_analyzer, text_analyzer
from .articles import Article, Version

UNDATED = ""  # month column value of an article with no date


def make_schema() -> fields.Schema:
    """Return the schema. Field names equal Article attribute names."""
    prose = text_analyzer()
    names = name_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=prose, stored=True),
        # chars=True stores match offsets, so highlighting needs no re-analysis.
        body=fields.TEXT(analyzer=prose, stored=True, chars=True),
        published=fields.DATETIME(stored=True, sortable=True),
        published_raw=fields.STORED(),
        # A sortable column read once per searcher: month facets without DateRangeFacet.
        month=fields.ID(sortable=True),
        source=fields.TEXT(analyzer=names, stored=True),
        author=fields.TEXT(analyzer=names, stored=True),
        tags=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        url=fields.STORED(),
        language=fields.ID(stored=True),
        path=fields.STORED(),
        versions=fields.STORED(),
        version_ids=fields.KEYWORD(commas=True),
    )


def month_key(published: datetime | None) -> str:
    """Return the month bucket of a date ("2025-04"), or UNDATED."""
    return published.strftime("%Y-%m") if published else UNDATED


def to_document(article: Article) -> dict:
    """Return the Whoosh document for a story."""
    versions = article.versions or (article.as_version(),)
    document = {
        "id": article.id,
        "title": article.title or "",
        "body": article.body,
        "published_raw": article.published_raw,
        "month": month_key(article.published),
        "source": article.source or "",
        "author": article.author or "",
        "tags": ",".join(t.replace(",", " ") for t in article.tags),
        "url": article.url,
        "language": article.language or "",
        "path": article.path,
        "versions": [v.to_dict() for v in article.versions],
        "version_ids": ",".join(v.id for v in versions),
    }
    if article.published:
        # Whoosh compares naive datetimes; store UTC without the zone.
        document["published"] = article.published.astimezone(timezone.utc).replace(tzinfo=None)
    return document


def from_document(stored: dict) -> Article:
    """Return the Article a stored document holds."""
    published = stored.get("published")
    return Article(
        id=stored["id"],
        body=stored.get("body", ""),
        title=stored.get("title") or None,
        published=published.replace(tzinfo=timezone.utc) if published else None,
        published_raw=stored.get("published_raw"),
        source=stored.get("source") or None,
        author=stored.get("author") or None,
        tags=tuple(t for t in (stored.get("tags") or "").split(",") if t),
        url=stored.get("url"),
        language=stored.get("language") or None,
        path=stored.get("path"),
        versions=tuple(Version.from_dict(v) for v in stored.get("versions") or ()),
    )
