"""The fields a page parser (page text or HTML) hands to parse_page, before they become an Article."""

from __future__ import annotations

from typing import Required, TypedDict

from searchsvc.ingest.dates import FoundDate


class PageFields(TypedDict, total=False):
    """What one page says; only the body is always there (an HTML page with no text gives nothing else)."""

    body: Required[str]
    title: str | None
    date: FoundDate | None
    author: str | None
    source: str | None
    tags: tuple[str, ...]
    url: str | None
    language_hint: str | None
