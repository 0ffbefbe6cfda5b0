"""A query against a generation -> SearchPage: scoring, phrases, facets, snippets, hits, suggestions.

searcher.py holds SearchIndex, the long-lived searcher per worker; results.py the SearchRequest,
SearchPage and SearchHit records that web turns into JSON and HTML. Whoosh objects stay in this
wing, query and store. Offers SearchIndex, its errors, and the request and result records.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .observer import SearchObserver
from .results import (
    FACET_FIELDS,
    INTERVALS,
    SORTS,
    UNDATED_CHOICES,
    Bucket,
    DateFacet,
    SearchHit,
    SearchPage,
    SearchRequest,
    Suggestion,
)

__all__ = [
    "Bucket",
    "Completion",
    "MAX_COMPLETIONS",
    "MAX_RELATED",
    "RELATED_SHOWN",
    "RelatedStories",
    "DateFacet",
    "FACET_FIELDS",
    "INTERVALS",
    "Overloaded",
    "PageNotFound",
    "ResultWindowTooLarge",
    "SORTS",
    "SearchHit",
    "SearchIndex",
    "SearchObserver",
    "SearchPage",
    "SearchRequest",
    "SearchTimeout",
    "Suggestion",
    "UNDATED_CHOICES",
]

if TYPE_CHECKING:
    from .completion import MAX_COMPLETIONS, Completion
    from .related import MAX_RELATED, RELATED_SHOWN, RelatedStories
    from .searcher import Overloaded, PageNotFound, ResultWindowTooLarge, SearchIndex, SearchTimeout

# The searcher loads Whoosh and NumPy; the CLI reads the request vocabulary above (sorts,
# intervals) for its options at every start, so the searcher is loaded on first use.
LAZY = {
    "Completion": "completion",
    "MAX_COMPLETIONS": "completion",
    "MAX_RELATED": "related",
    "RELATED_SHOWN": "related",
    "RelatedStories": "related",
    **{
        name: "searcher"
        for name in ("Overloaded", "PageNotFound", "ResultWindowTooLarge", "SearchIndex", "SearchTimeout")
    },
}


def __getattr__(name: str) -> Any:
    if name in LAZY:
        return getattr(importlib.import_module(f".{LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
