"""Warming a newly opened generation before it serves: what a searcher reads lazily, then recent queries.

A searcher opened on a new generation reads its postings, lengths, stored fields and
spelling vocabulary on first use: the first searches on it paid for all of that (131 ms
for the first, a p95 1.6x the steady one over the next 100). Like Solr's autowarming,
the worker replays its most recent distinct searches on the new searcher before it
switches, which fills the new searcher's caches (parsed queries, posting lists, stories,
result pages: all computed on the new generation, so nothing stale is kept) while the
old one goes on serving. Before them come a few searches of its own for what the format
reads once per searcher whatever the query: the whole index (every facet column), newest
first, and a misspelling (the spelling vocabulary, which only a query finding few
stories reads). A fresh worker, with no searches to replay, runs only these.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from searchsvc.query import QueryError

from .deadline import SearchTimeout, time_limit
from .lru import LRU
from .results import SearchRequest
from .served import PageNotFound, Served

# Searches that read what every searcher reads once: columns, sort keys, the spelling vocabulary.
FIRST_SEARCHES = (SearchRequest(q=""), SearchRequest(q="", sort="newest"), SearchRequest(q="qzxjv"))


class RecentRequests:
    """The last `size` distinct search requests, oldest first. Callers hold their own lock."""

    def __init__(self, size: int):
        self._kept: LRU[bool] = LRU(size)  # keyed by SearchRequest

    def add(self, request: SearchRequest) -> None:
        self._kept.put(request, True)

    def oldest_first(self) -> list[SearchRequest]:
        return [request for request in self._kept.keys() if isinstance(request, SearchRequest)]


def warm(
    served: Served,
    requests: Iterable[SearchRequest],
    budget: float,
    search_timeout: float | None,
    on_progress: Callable[[], None] | None = None,
) -> int:
    """Run these searches on `served` (oldest first, so the newest stay in its caches); return how many ran.

    Stops when `budget` seconds are spent: a generation is never held back long. A search
    that fails (a query the new vocabulary refuses, a page now past the end) is skipped.
    """
    stop_at = time.monotonic() + budget
    replayed = 0
    for request in requests:
        if time.monotonic() > stop_at:
            break
        try:
            with time_limit(search_timeout):
                served.search(request, time.perf_counter())
        except (QueryError, PageNotFound, SearchTimeout):
            pass
        replayed += 1
        if on_progress:
            on_progress()
    return replayed
