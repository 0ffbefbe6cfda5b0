"""A time limit for the search running in this thread, checked where a search spends its time.

A search cannot be interrupted from outside (it holds its worker's searcher, and Python
threads cannot be killed), so it checks the clock itself: between scoring the nodes of its
query, every few thousand matches walked, per hit made and per suggestion counted. Past the
limit it raises SearchTimeout and the worker goes on with the next request.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

_local = threading.local()


class SearchTimeout(Exception):
    """The search ran past its time limit and was stopped."""

    def __init__(self, limit: float):
        self.limit = limit
        super().__init__(
            f"the search ran past the limit of {limit:g} s (SEARCHSVC_SEARCH_TIMEOUT) and was stopped: "
            "narrow it (fewer words, fewer wildcards, filters)"
        )


@contextmanager
def time_limit(seconds: float | None):
    """Give the search run inside this block `seconds` (None or 0: no limit)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = (time.monotonic() + seconds, seconds) if seconds else None
    try:
        yield
    finally:
        _local.deadline = previous


def check_deadline() -> None:
    """Raise SearchTimeout if this thread's search is past its limit."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline[0]:
        raise SearchTimeout(deadline[1])
