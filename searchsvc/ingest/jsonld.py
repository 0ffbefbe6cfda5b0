"""Structured data left in page text: a schema.org JSON-LD block (title, date, author of the article).

A page text dumped with its scripts may hold the page's `<script type="application/ld+json">` block,
where the publisher states the article's headline, datePublished and author in the schema.org
vocabulary. It is the page's own word, so it fills what the page's lines did not give; the lines
still come first, as a page may describe other things (its site, a breadcrumb, a video) the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from searchsvc.ingest.dates import FoundDate, parse_date

# Where a block starts: an object whose "@context" is schema.org (as it opens most JSON-LD blocks).
BLOCK_START = re.compile(r'\{\s*"@context"\s*:\s*"https?://schema\.org/?"')
# A block is read only this far (characters): an article body inside it may be long, a whole page is not.
MAX_BLOCK_CHARS = 200_000


@dataclass(frozen=True)
class StructuredData:
    """What a page's JSON-LD says about its article."""

    title: str | None = None
    date: FoundDate | None = None
    author: str | None = None


def iter_objects(value: object):
    """Yield every object in a JSON-LD value: lists and "@graph" holders open up."""
    if isinstance(value, list):
        for item in value:
            yield from iter_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from iter_objects(value.get("@graph"))


def author_names(value: object) -> list[str]:
    """Return the names an "author" value gives: a string, a Person object, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = [item.get("name") if isinstance(item, dict) else item for item in items]
    return [" ".join(name.split()) for name in names if isinstance(name, str) and name.strip()]


def find_structured_data(text: str) -> StructuredData:
    """Return the headline, datePublished and author of the first article-like object in the JSON-LD blocks."""
    decoder = json.JSONDecoder()
    for match in BLOCK_START.finditer(text):
        try:
            value, _ = decoder.raw_decode(text[match.start() : match.start() + MAX_BLOCK_CHARS])
        except ValueError:
            continue  # a cut-off or hand-mangled block
        for item in iter_objects(value):
            headline = item.get("headline")
            if not isinstance(headline, str) or not headline.strip():
                continue  # only an article has a headline (a WebSite, a BreadcrumbList do not)
            published = item.get("datePublished")
            return StructuredData(
                title=" ".join(headline.split()),
                date=parse_date(published) if isinstance(published, str) else None,
                author=", ".join(author_names(item.get("author"))) or None,
            )
    return StructuredData()
