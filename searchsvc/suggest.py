"""Did you mean: a corrected query when the one given finds little."""

from __future__ import annotations

from .results import SearchRequest, Suggestion


def suggest(searcher, request: SearchRequest, total: int) -> Suggestion | None:
    """Return a corrected query that finds more than `total` stories, or None."""
    return None
