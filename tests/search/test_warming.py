"""Warming: a new generation is opened and warmed beside the live one, then switched to."""

import time

import pytest

from searchsvc.search import SearchObserver, SearchRequest
from searchsvc.store.generations import build_index
from tests.helpers import synthetic_articles


class Recorder(SearchObserver):
    """Keeps the events in order."""

    def __init__(self):
        self.events = []

    def served(self, generation):
        self.events.append(("served", generation.name))

    def warmed(self, seconds, queries):
        self.events.append(("warmed", queries))

    def searched(self, seconds, cached):
        self.events.append(("searched", cached))


def wait_for_generation(index, name, seconds=60):
    deadline = time.monotonic() + seconds
    while index.generation_name != name:
        assert time.monotonic() < deadline, f"still on {index.generation_name}"
        time.sleep(0.05)


@pytest.fixture
def started(tmp_path, open_index):
    index_dir = tmp_path / "index"
    build_index(synthetic_articles(200), index_dir)
    recorder = Recorder()
    index = open_index(index_dir, refresh_interval=0.05, observer=recorder)
    index.start()
    return index, index_dir, recorder


def test_warming_a_started_index_is_ready_before_its_first_search(started):
    index, _, recorder = started
    # The first searches of a fresh worker ran, then the generation was served.
    assert recorder.events == [("warmed", 3), ("served", "gen-000001")]
    assert index.warmup["ready"] is True and index.warmup["warming"] is None
    assert index.stats()["generation"] == "gen-000001"


def test_warming_a_swap_replays_recent_searches_before_switching(started):
    index, index_dir, recorder = started
    asked = [SearchRequest(q=q) for q in ("w0001", "w0002 w0003", '"w0004 w0005"', "w0001")]
    for request in asked:
        index.search(request)
    recorder.events.clear()
    build_index(synthetic_articles(150), index_dir)
    wait_for_generation(index, "gen-000002")
    # The format's 3 searches and the 3 distinct ones asked ran on the new searcher; only then served.
    assert recorder.events == [("warmed", 3 + 3), ("served", "gen-000002")]
    assert index.warmup["warmed_queries"] == 6
    # The new generation's answers were computed while warming: the next one comes from its cache.
    recorder.events.clear()
    page = index.search(SearchRequest(q="w0001"))
    assert (page.generation, recorder.events) == ("gen-000002", [("searched", True)])
    fresh = index.search(SearchRequest(q="w0001", per_page=5))
    assert fresh.total == page.total  # computed on the new generation, the same stories


def test_warming_searches_run_on_the_old_generation_while_the_new_one_warms(started):
    index, index_dir, _ = started
    index.search(SearchRequest(q="w0001"))
    build_index(synthetic_articles(150), index_dir)
    seen = set()
    deadline = time.monotonic() + 60
    while index.generation_name != "gen-000002":
        assert time.monotonic() < deadline
        seen.add(index.search(SearchRequest(q="w0002")).generation)
    # Every search was answered, on one generation or the other, and never waited for an opening.
    assert seen <= {"gen-000001", "gen-000002"}
    assert index.search(SearchRequest(q="w0002")).generation == "gen-000002"
