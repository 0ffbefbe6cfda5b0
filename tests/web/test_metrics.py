"""GET /metrics in one process: requests by endpoint and status, searches, cache, the generation served."""

import pytest

from searchsvc.articles import Article
from searchsvc.store.generations import build_index
from searchsvc.web import create_app
from tests.helpers import utc

GRAIN = Article(id="grain-1", title="Grain exports rise", body="Wheat exports rose.", published=utc(1987, 3, 2))
OIL = Article(id="oil-1", title="Oil prices fall", body="Crude oil fell.", published=utc(1987, 4, 9))


def samples(text: str) -> dict[str, float]:
    """Return {series with labels: value} of a Prometheus text exposition."""
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            series, value = line.rsplit(" ", 1)
            found[series] = float(value)
    return found


@pytest.fixture
def client(tmp_path):
    build_index([GRAIN, OIL], tmp_path / "index")
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "ACCESS_LOG": False, "REFRESH_INTERVAL": 0})
    yield app.test_client(), tmp_path / "index"
    app.extensions["searchsvc"].close()


def test_metrics_count_requests_by_endpoint_and_status_and_searches_by_cache(client):
    client, _ = client
    for url in ("/api/search?q=wheat", "/api/search?q=wheat", "/api/search?page=0", "/api/articles/nope", "/nowhere"):
        client.get(url)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert response.headers["Cache-Control"] == "no-store"
    found = samples(response.get_data(as_text=True))
    requests = {k: v for k, v in found.items() if k.startswith("searchsvc_http_requests_total")}
    assert requests == {
        'searchsvc_http_requests_total{endpoint="/api/search",status="200"}': 2.0,
        'searchsvc_http_requests_total{endpoint="/api/search",status="400"}': 1.0,
        'searchsvc_http_requests_total{endpoint="/api/articles/<path:article_id>",status="404"}': 1.0,
        'searchsvc_http_requests_total{endpoint="unmatched",status="404"}': 1.0,
    }
    assert found['searchsvc_http_request_duration_seconds_count{endpoint="/api/search"}'] == 3.0
    assert (found["searchsvc_result_cache_hits_total"], found["searchsvc_result_cache_misses_total"]) == (1.0, 1.0)
    assert found["searchsvc_search_duration_seconds_count"] == 2.0
    assert found['searchsvc_rejected_requests_total{reason="overloaded"}'] == 0.0
    assert found['searchsvc_rejected_requests_total{reason="timeout"}'] == 0.0


def test_metrics_report_the_generation_served_its_size_and_age(client):
    client, index_dir = client
    first = samples(client.get("/metrics").get_data(as_text=True))
    assert (first["searchsvc_index_generation"], first["searchsvc_index_stories"]) == (1.0, 2.0)
    assert 0 <= first["searchsvc_index_age_seconds"] < 3600
    build_index([GRAIN], index_dir)
    second = samples(client.get("/metrics").get_data(as_text=True))
    assert (second["searchsvc_index_generation"], second["searchsvc_index_stories"]) == (2.0, 1.0)
    assert second["searchsvc_index_built_timestamp_seconds"] >= first["searchsvc_index_built_timestamp_seconds"]


def test_metrics_without_an_index_still_answer(tmp_path):
    app = create_app({"INDEX_DIR": str(tmp_path / "none"), "ACCESS_LOG": False})
    found = samples(app.test_client().get("/metrics").get_data(as_text=True))
    # Generation 0: none served yet; no age either.
    assert (found["searchsvc_index_generation"], found["searchsvc_index_stories"]) == (0.0, 0.0)
    assert "searchsvc_index_age_seconds" not in found
