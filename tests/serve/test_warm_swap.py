"""A real server across a generation swap: warmed before it is served, searches answered throughout."""

import sys
import threading
import time

import pytest
import requests

from searchsvc.ingest import parse_paths
from searchsvc.ingest.duplicates import merge_duplicates
from searchsvc.store.generations import build_index
from tests.helpers import SEEDS, free_port, start_server, stop_server
from tests.web.test_metrics import samples

pytestmark = pytest.mark.slow
QUERIES = ["Dmitriev", "ceasefire", "Dmitriev talks"]


def test_warm_swap_is_served_warm_with_no_failed_request(tmp_path):
    index_dir = tmp_path / "index"
    stories = merge_duplicates(parse_paths([SEEDS]).articles)
    build_index(stories, index_dir)
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(index_dir), "--port", str(port)]
    env = {"SEARCHSVC_WORKERS": "1", "SEARCHSVC_REFRESH_INTERVAL": "0.2", "SEARCHSVC_ACCESS_LOG": "0"}
    process, base = start_server(command, port, env=env)
    try:
        health = requests.get(base + "/api/health", timeout=30).json()
        # Warmed before the first request: the fresh worker's own searches.
        assert (health["ready"], health["warming"], health["warmed_queries"]) == (True, None, 3)
        for q in QUERIES:
            assert requests.get(base + "/api/search", params={"q": q}, timeout=30).status_code == 200

        statuses, stop = [], threading.Event()

        def keep_searching():
            with requests.Session() as session:
                while not stop.is_set():
                    statuses.append(session.get(base + "/api/search", params={"q": "oil"}, timeout=30).status_code)

        load = threading.Thread(target=keep_searching)
        load.start()
        try:
            build_index(stories, index_dir)
            deadline = time.monotonic() + 60
            while (health := requests.get(base + "/api/health", timeout=30).json())["generation"] != "gen-000002":
                assert time.monotonic() < deadline, health
                time.sleep(0.1)
        finally:
            stop.set()
            load.join()
        # Switched once warm: the format's 3 searches, then the 3 asked and the one under load replayed.
        assert (health["ready"], health["warmed_queries"]) == (True, 3 + 4)
        assert statuses and set(statuses) == {200}
        before = samples(requests.get(base + "/metrics", timeout=30).text)["searchsvc_result_cache_hits_total"]
        page = requests.get(base + "/api/search", params={"q": QUERIES[0]}, timeout=30).json()
        after = samples(requests.get(base + "/metrics", timeout=30).text)
        assert page["generation"] == "gen-000002"
        # Answered from the new generation's cache, filled while warming.
        assert after["searchsvc_result_cache_hits_total"] == before + 1
        assert after["searchsvc_warmup_duration_seconds_count"] == 2.0
    finally:
        stop_server(process)
