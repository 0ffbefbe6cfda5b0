"""HTML pages: metadata and main text through trafilatura (no network, no tag soup)."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import Document

from searchsvc.ingest.dates import FoundDate, parse_date
from searchsvc.ingest.pagefields import PageFields

# Ask htmldate for the original publication date with its time, from the page only.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)


def parse_html(html: str) -> PageFields:
    """Return title, date, author, source, tags, language hint and body of an HTML page."""
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_PARAMS,
    )
    lang = HTML_LANG.search(html[:5000])
    # Without as_dict, bare_extraction gives a Document, or None when it finds no text.
    if not isinstance(doc, Document):
        return {"body": "", "language_hint": lang.group(1) if lang else None}
    lines = [line.strip() for line in (doc.text or "").splitlines() if line.strip()]
    if lines and doc.title and lines[0] == doc.title.strip():
        lines = lines[1:]  # trafilatura keeps the <h1> that repeats the title
    date: FoundDate | None = parse_date(doc.date) if doc.date else None
    if date and doc.date and doc.date.endswith("T00:00:00"):
        date = FoundDate(date.value, date.raw[:10], has_time=False)  # htmldate pads a bare day
    # trafilatura hands a keywords meta over as one comma-separated string.
    tags = [t.strip() for item in list(doc.categories or []) + list(doc.tags or []) for t in item.split(",")]
    tags = [t for t in tags if t]
    return {
        "body": "\n\n".join(lines),
        "title": (doc.title or "").strip() or None,
        "date": date,
        "author": (doc.author or "").strip() or None,
        "source": (doc.sitename or "").strip() or None,
        "tags": tuple(dict.fromkeys(tags)),
        "url": doc.url,
        "language_hint": lang.group(1) if lang else doc.language,
    }
