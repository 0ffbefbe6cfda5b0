"""Query -> SearchPage. Whoosh objects never leave this module and its helpers."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from searchsvc.articles import Article
from searchsvc.config import DEFAULTS
from searchsvc.store import Generation, IndexMissing, current_generation, current_generation_name

from .completion import MAX_COMPLETIONS, Completion
from .deadline import SearchTimeout, time_limit
from .observer import SearchObserver
from .related import RELATED_SHOWN, RelatedStories
from .results import SearchPage, SearchRequest
from .served import PageNotFound, Served
from .warming import FIRST_SEARCHES, RecentRequests, warm

__all__ = ["Overloaded", "PageNotFound", "ResultWindowTooLarge", "SearchIndex", "SearchTimeout"]

# Weight of the newest search in the running mean of search times (for Retry-After).
MEAN_WEIGHT = 0.1

log = logging.getLogger(__name__)


class ResultWindowTooLarge(ValueError):
    """The page asked for lies deeper than the result window allows."""

    def __init__(self, request: SearchRequest, window: int):
        super().__init__(
            f"page * per_page is {request.page * request.per_page}, over the limit of {window} results: "
            "narrow the search with filters (from, to, source, author, tag, language) instead of paging deeper"
        )


class Overloaded(Exception):
    """More searches wait for this searcher than it can serve in time; try again in `retry_after` s."""

    def __init__(self, waiting: int, retry_after: int, why: str):
        self.waiting, self.retry_after = waiting, retry_after
        super().__init__(f"too many searches waiting ({why}); try again in {retry_after} s")


class SearchIndex:
    """One long-lived searcher over an index directory, refreshed when a new generation lands.

    Searches are serialised by a lock: Whoosh readers share file handles, and the
    work is CPU-bound under the GIL anyway. A search that would wait behind more than
    `max_waiting` others, or longer than `queue_timeout` seconds, is refused with
    Overloaded (as Elasticsearch refuses when its search queue is full); one that runs
    past `search_timeout` seconds is stopped with SearchTimeout. Up to
    `result_cache_size` pages are kept per searcher, by request (0 keeps none).

    A new generation is opened and warmed (warming.py: the last `warm_queries` distinct
    searches replayed, for at most `warm_seconds`) before it is switched to. Until
    start() the searcher notices a new generation on the request that finds it and warms
    it there; after start() (a serving worker) a background thread watches the index,
    warms the next generation beside the live one and switches when it is ready, so
    searches never meet a cold searcher or wait for one.
    """

    def __init__(
        self,
        index_dir: str | Path,
        refresh_interval: float = 1.0,
        max_result_window: int = DEFAULTS["MAX_RESULT_WINDOW"],
        result_cache_size: int = DEFAULTS["RESULT_CACHE_SIZE"],
        observer: SearchObserver | None = None,
        max_waiting: int = DEFAULTS["MAX_WAITING"],
        queue_timeout: float = DEFAULTS["QUEUE_TIMEOUT"],
        search_timeout: float | None = DEFAULTS["SEARCH_TIMEOUT"],
        warm_queries: int = DEFAULTS["WARM_QUERIES"],
        warm_seconds: float = DEFAULTS["WARM_SECONDS"],
    ):
        self.index_dir = Path(index_dir)
        self.refresh_interval = refresh_interval
        self.max_result_window = max_result_window
        self.result_cache_size = result_cache_size
        self.observer = observer or SearchObserver()
        self.max_waiting, self.queue_timeout, self.search_timeout = max_waiting, queue_timeout, search_timeout
        self._lock = threading.Lock()
        self._counting = threading.Lock()  # guards _waiting
        self._waiting = 0
        self._mean_seconds = 0.01
        self._served: Served | None = None
        self._checked_at = 0.0
        self.warm_seconds = warm_seconds
        self._recent = RecentRequests(warm_queries)
        self.warmup: dict = {"ready": False, "warming": None, "warmup_ms": None, "warmed_queries": None}
        self._watcher: threading.Thread | None = None
        self._stopping = threading.Event()

    @contextmanager
    def _turn(self):
        """Hold the searcher for one search, or refuse at once when too many already wait."""
        with self._counting:
            if self._waiting >= self.max_waiting:
                raise self._refuse(f"{self._waiting} already waiting")
            self._waiting += 1
        try:
            got = self._lock.acquire(timeout=self.queue_timeout)
        finally:
            with self._counting:
                self._waiting -= 1
        if not got:
            raise self._refuse(f"none started within {self.queue_timeout:g} s")
        try:
            yield
        finally:
            self._lock.release()

    def _refuse(self, why: str) -> Overloaded:
        self.observer.rejected("overloaded")
        # The queue ahead drains at about one mean search time per search.
        return Overloaded(self._waiting, max(1, math.ceil(self._waiting * self._mean_seconds)), why)

    def _current(self) -> Served:
        """Return the live generation's Served, reopening it when the index changed (lock held).

        After start() the watcher thread does the reopening; only a worker that started
        before its index existed opens the first generation here.
        """
        if self._served is not None and self._watcher is not None:
            return self._served
        now = time.monotonic()
        if self._served is not None and now - self._checked_at < self.refresh_interval:
            return self._served
        self._checked_at = now
        name = current_generation_name(self.index_dir)
        if self._served is None or name != self._served.name or not self._served.up_to_date():
            # A new generation, or an incremental commit into the live one. Not searcher.refresh():
            # it reuses segment readers whose deletions have since changed, and deleted stories
            # would come back.
            # The first opening has nothing to replay (a one-off search need not warm anything).
            recent = self._recent.oldest_first()
            searches = list(FIRST_SEARCHES) + recent if recent else []
            self._install(self._open(current_generation(self.index_dir), searches))  # IndexMissing
        assert self._served is not None  # installed just above, or kept from before
        return self._served

    def _open(
        self, generation: Generation, recent: list[SearchRequest], on_progress: Callable[[], None] | None = None
    ) -> Served:
        """Open a generation and warm it with these searches."""
        started = time.perf_counter()
        self.warmup["warming"] = generation.name
        served = Served(generation, self.result_cache_size)
        try:
            replayed = warm(served, recent, self.warm_seconds, self.search_timeout, on_progress)
        except BaseException:
            served.close()
            raise
        seconds = time.perf_counter() - started
        self.warmup.update(warming=None, warmup_ms=round(seconds * 1000, 1), warmed_queries=replayed)
        self.observer.warmed(seconds, replayed)
        return served

    def _install(self, served: Served) -> None:
        """Serve a new, warmed generation in place of the old one (lock held)."""
        if self._served is not None:
            self._served.close()
        self._served = served
        self.warmup["ready"] = True
        self.observer.served(served.generation)

    def start(self, on_progress: Callable[[], None] | None = None) -> None:
        """Open and warm the live generation now, then watch for new ones in a background thread."""
        with self._lock:
            try:
                # A fresh worker has no searches of its own to replay yet: the format's only.
                self._install(self._open(current_generation(self.index_dir), list(FIRST_SEARCHES), on_progress))
            except IndexMissing:
                self.warmup["warming"] = None  # served (and warmed) once the index appears
            self._checked_at = time.monotonic()
        self._watcher = threading.Thread(target=self._watch, name="searchsvc-warmer", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stopping.wait(self.refresh_interval):
            try:
                self._refresh()
            except IndexMissing:
                pass
            except Exception:  # noqa: BLE001 - a bad generation must not stop the watching
                log.exception("could not open the new generation of %s; still serving the old one", self.index_dir)
                self.warmup["warming"] = None

    def _refresh(self) -> None:
        """Warm the new generation, if one landed, beside the live one; then switch to it."""
        served = self._served
        name = current_generation_name(self.index_dir)
        if served is not None and name == served.name and served.up_to_date():
            return
        generation = current_generation(self.index_dir)
        with self._lock:
            recent = self._recent.oldest_first()
        fresh = self._open(generation, list(FIRST_SEARCHES) + recent)
        with self._lock:  # waits for the search running on the old searcher, if any
            if self._stopping.is_set():
                fresh.close()
                return
            old, self._served = self._served, None
            self._install(fresh)
        if old is not None:
            old.close()  # no search can reach it now; freeing its caches takes a few ms

    @property
    def generation_name(self) -> str | None:
        """Return the name of the generation being served (None before the first search)."""
        served = self._served
        return served.name if served else None

    def stats(self) -> dict:
        """Return the live generation's metadata (stories, articles, built_at, generation)."""
        served = self._served
        if self._watcher is not None and served is not None:
            return dict(served.generation.meta)  # no wait behind a running search
        with self._lock:
            return dict(self._current().generation.meta)

    def get_article(self, article_id: str) -> Article | None:
        """Return the story stored under an id (or holding a version of that id), or None."""
        with self._turn():
            return self._current().get_article(article_id)

    def complete(self, q: str, limit: int = MAX_COMPLETIONS) -> list[Completion]:
        """Return completions of the typed text: its last word's commonest completions and names, most stories first."""
        with self._turn():
            return self._current().complete(q, limit)

    def related(self, article_id: str, limit: int = RELATED_SHOWN) -> RelatedStories | None:
        """Return the stories most like one story (by its id or a version's id), or None when there is no such story."""
        with self._turn():
            return self._current().related(article_id, limit)

    def search(self, request: SearchRequest) -> SearchPage:
        """Run a search: one page of hits with snippets, the total, the date and value facets."""
        started = time.perf_counter()
        if request.page * request.per_page > self.max_result_window:
            raise ResultWindowTooLarge(request, self.max_result_window)
        with self._turn():
            served = self._current()
            self._recent.add(request)
            # The request is already normalised (validated, defaults filled in) by the edge.
            kept = served.cached(request)
            if kept is not None:
                self.observer.searched(time.perf_counter() - started, cached=True)
                return served.with_took(kept, started)
            computing = time.perf_counter()
            try:
                with time_limit(self.search_timeout):
                    page = served.search(request, started)
            except SearchTimeout:
                self.observer.rejected("timeout")
                raise
            finally:
                took = time.perf_counter() - computing
                self._mean_seconds += MEAN_WEIGHT * (took - self._mean_seconds)
            self.observer.searched(time.perf_counter() - started, cached=False)
            return page

    def close(self) -> None:
        self._stopping.set()
        if self._watcher is not None:
            self._watcher.join(timeout=30)
        with self._lock:
            if self._served is not None:
                self._served.close()
                self._served = None
