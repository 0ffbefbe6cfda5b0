"""A real server past its capacity: fast 503s with Retry-After, runaway searches stopped, and it recovers."""

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.helpers import free_port, long_query, start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture
def serve(synthetic_index):
    """Start `searchsvc serve` with one worker on the synthetic index and these settings."""
    started = []

    def start(**env):
        port = free_port()
        command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(synthetic_index), "--port", str(port)]
        settings = {"SEARCHSVC_WORKERS": "1", "SEARCHSVC_ACCESS_LOG": "0", "SEARCHSVC_RESULT_CACHE_SIZE": "0", **env}
        process, base = start_server(command, port, env=settings)
        started.append(process)
        return process, base

    yield start
    for process in started:
        stop_server(process)


def worker_pids(master: int) -> set[int]:
    return set(map(int, Path(f"/proc/{master}/task/{master}/children").read_text().split()))


def test_overload_past_capacity_is_answered_503_with_retry_after_and_recovers(serve):
    _, base = serve(SEARCHSVC_MAX_WAITING="2", SEARCHSVC_THREADS="8", SEARCHSVC_SEARCH_TIMEOUT="0")

    def long_search(variant):
        started = time.monotonic()
        response = requests.get(base + "/api/search", params={"q": long_query(variant)}, timeout=60)
        return response, time.monotonic() - started

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(long_search, range(16)))
    statuses = [response.status_code for response, _ in answers]
    assert set(statuses) == {200, 503}, statuses  # every request answered: no timeouts, no 500s
    refused = [(response, seconds) for response, seconds in answers if response.status_code == 503]
    assert len(refused) >= 8  # one running and two waiting at a time; the rest cannot be served in time
    for response, _ in refused:
        assert int(response.headers["Retry-After"]) >= 1
        body = response.json()
        assert (body["status"], body["error"], body["fields"]) == (503, "Service Unavailable", None)
        assert body["message"].startswith("too many searches waiting")
    # Refused quickly, while the served ones took their time.
    assert min(seconds for _, seconds in refused) < max(seconds for r, seconds in answers if r.status_code == 200)
    # Recovered by itself: the next search is served.
    assert requests.get(base + "/api/search", params={"q": long_query(99)}, timeout=60).status_code == 200


def test_overload_a_runaway_search_is_stopped_and_the_worker_lives_on(serve):
    process, base = serve(SEARCHSVC_SEARCH_TIMEOUT="0.03")  # a fresh query runs past it (see test_limits.py)
    assert requests.get(base + "/api/search", params={"q": ""}, timeout=30).json()["total"] == 1000
    workers = worker_pids(process.pid)
    response = requests.get(base + "/api/search", params={"q": long_query(8)}, timeout=60)
    assert response.status_code == 503 and "Retry-After" not in response.headers
    body = response.json()
    assert body["message"].startswith("the search ran past the limit of 0.03 s (SEARCHSVC_SEARCH_TIMEOUT)")
    assert requests.get(base + "/api/search", params={"q": ""}, timeout=30).json()["total"] == 1000
    assert requests.get(base + "/api/health", timeout=30).status_code == 200
    assert worker_pids(process.pid) == workers  # the same worker answered: none died or was replaced
    metrics = requests.get(base + "/metrics", timeout=30).text
    assert 'searchsvc_rejected_requests_total{reason="timeout"} 1.0' in metrics
