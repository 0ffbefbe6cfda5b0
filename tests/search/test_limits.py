"""A searcher's limits: searches waiting past a bound are refused, a search past its time is stopped."""

import threading
import time

import pytest

from searchsvc.search import Overloaded, SearchRequest, SearchTimeout
from tests.helpers import long_query


def wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.005)


@pytest.fixture
def busy(synthetic_index, open_index):
    """Open a SearchIndex with given limits and start a long search on it in a thread."""
    threads = []

    def start(**limits):
        index = open_index(synthetic_index, result_cache_size=0, **limits)
        index.search(SearchRequest(q="w0001"))  # opens the searcher
        thread = threading.Thread(target=index.search, args=(SearchRequest(q=long_query()),))
        thread.start()
        threads.append(thread)
        wait_until(index._lock.locked)  # the long search holds the searcher
        return index

    yield start
    for thread in threads:
        thread.join()


def test_limits_a_search_behind_too_many_waiting_is_refused_at_once(busy):
    index = busy(max_waiting=1, queue_timeout=60, search_timeout=None)
    waiting = threading.Thread(target=index.search, args=(SearchRequest(q="w0002"),))
    waiting.start()
    wait_until(lambda: index._waiting == 1)
    started = time.monotonic()
    with pytest.raises(Overloaded, match=r"too many searches waiting \(1 already waiting\); try again in \d+ s"):
        index.search(SearchRequest(q="w0003"))
    assert time.monotonic() - started < 5  # refused, not queued
    waiting.join()


def test_limits_a_search_that_waits_past_the_queue_timeout_is_refused(busy):
    index = busy(max_waiting=10, queue_timeout=0.01, search_timeout=None)
    with pytest.raises(Overloaded, match=r"none started within 0.01 s") as refused:
        index.search(SearchRequest(q="w0003"))
    assert refused.value.retry_after >= 1


def test_limits_a_runaway_search_is_stopped_and_the_searcher_serves_on(synthetic_index, open_index):
    # A variant no other test asks: a query's first run is the slow one (its parse and blocks are cached after),
    # about 3x the limit on a fast machine, while a search of everything takes a fifth of it.
    index = open_index(synthetic_index, result_cache_size=0, search_timeout=0.03)
    assert index.search(SearchRequest(q="")).total == 1000
    with pytest.raises(SearchTimeout, match=r"ran past the limit of 0.03 s \(SEARCHSVC_SEARCH_TIMEOUT\)"):
        index.search(SearchRequest(q=long_query(7)))
    assert index.search(SearchRequest(q="")).total == 1000


def test_limits_without_a_time_limit_the_long_search_finishes(synthetic_index, open_index):
    index = open_index(synthetic_index, result_cache_size=0, search_timeout=None)
    assert index.search(SearchRequest(q=long_query())).total == 1000
