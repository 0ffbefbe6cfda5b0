"""/metrics on a real server with two workers: one exposition counts the requests of both."""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.helpers import free_port, start_server, stop_server
from tests.web.test_metrics import samples

pytestmark = pytest.mark.slow


def test_metrics_server_adds_up_the_requests_of_two_workers(seed_index):
    port = free_port()
    command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(seed_index), "--port", str(port)]
    process, base = start_server(command, port, env={"SEARCHSVC_WORKERS": "2", "SEARCHSVC_ACCESS_LOG": "0"})
    try:
        # The server answers once one worker is up; the other may still be starting. Wait for both.
        waited, deadline = 0, time.monotonic() + 60
        while len(ready_workers(samples(requests.get(base + "/metrics", timeout=30).text))) < 2:
            waited += 1
            assert time.monotonic() < deadline, "the second worker never became ready"
            time.sleep(0.1)
        waited += 1
        # Many connections at once, so both workers accept some.
        with ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(
                    lambda i: requests.get(f"{base}/api/search?q=Dmitriev&page={i % 3 + 1}", timeout=30).status_code,
                    range(40),
                )
            )
        scrapes = [samples(requests.get(base + "/metrics", timeout=30).text) for _ in range(8)]
    finally:
        stop_server(process)
    assert sorted(set(statuses)) == [200, 404]  # pages 2 and 3 lie past the last hit
    workers = {series for scrape in scrapes for series in ready_workers(scrape)}
    assert len(workers) == 2, workers
    for number, scrape in enumerate(scrapes):
        searched = sum(
            v for k, v in scrape.items() if k.startswith('searchsvc_http_requests_total{endpoint="/api/search"')
        )
        assert searched == 40
        # The /metrics requests before this one (the one being answered is counted after it).
        assert scrape.get('searchsvc_http_requests_total{endpoint="/metrics",status="200"}', 0) == waited + number


def ready_workers(scrape: dict) -> set[str]:
    return {series for series in scrape if series.startswith("searchsvc_worker_ready{")}
