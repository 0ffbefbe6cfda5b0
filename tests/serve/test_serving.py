"""Serving in-process: request ids, HTTP caching (ETag, 304, Cache-Control), gunicorn sizing."""

import re

import pytest
from flask import template_rendered

from searchsvc.articles import Article
from searchsvc.config import load_config
from searchsvc.serve.gunicorn_conf import settings, worker_counts
from searchsvc.store.generations import build_index
from searchsvc.web import create_app
from searchsvc.web.httplog import format_access_line, request_id_from
from tests.helpers import utc

GRAIN = Article(
    id="grain-1", title="Grain exports rise", body="Wheat and maize exports rose in March.", published=utc(1987, 3, 2)
)
OIL = Article(
    id="oil-1", title="Oil prices fall", body="Crude oil fell as wheat traders watched.", published=utc(1987, 4, 9)
)


@pytest.fixture
def served(tmp_path):
    """A test client on a two-story index that notices a new generation at once."""
    index_dir = tmp_path / "index"
    build_index([GRAIN, OIL], index_dir)
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, "REFRESH_INTERVAL": 0, "ACCESS_LOG": False})
    yield app, index_dir
    app.extensions["searchsvc"].close()


def test_request_id_is_generated_when_absent(served):
    app, _ = served
    first = app.test_client().get("/api/health").headers["X-Request-ID"]
    second = app.test_client().get("/api/health").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_request_id_is_echoed_when_sane(served):
    app, _ = served
    response = app.test_client().get("/api/search?q=wheat", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("header", ["", "has space", "x" * 129, 'quote"d', "semi;colon"])
def test_request_id_replaces_an_insane_incoming_id(header):
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(header))


def test_request_id_is_on_error_responses_too(served):
    app, _ = served
    response = app.test_client().get("/api/nowhere", headers={"X-Request-ID": "abc"})
    assert (response.status_code, response.headers["X-Request-ID"]) == (404, "abc")


def test_access_line_format():
    line = format_access_line(0.0, "10.0.0.5", "GET /api/search?q=oil HTTP/1.1", 200, 5321, 3.44, "abc")
    assert line == '1970-01-01T00:00:00Z 10.0.0.5 "GET /api/search?q=oil HTTP/1.1" 200 5321 3.4ms rid=abc'


def test_cache_search_has_cache_control_and_strong_etag(served):
    app, _ = served
    response = app.test_client().get("/api/search?q=wheat")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=30"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response.headers["ETag"])


def test_cache_matching_if_none_match_is_304_with_no_body(served):
    app, _ = served
    client = app.test_client()
    etag = client.get("/api/search?q=wheat&page=1").headers["ETag"]
    response = client.get("/api/search?page=1&q=wheat", headers={"If-None-Match": etag})
    assert (response.status_code, response.data) == (304, b"")
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=30"


def test_cache_304_skips_the_search_and_the_rendering(served):
    app, _ = served
    client = app.test_client()
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    etag = client.get("/?q=wheat").headers["ETag"]
    with template_rendered.connected_to(record, app):
        assert client.get("/?q=wheat", headers={"If-None-Match": etag}).status_code == 304
        assert client.get("/?q=wheat").status_code == 200
    assert rendered == ["search.html"]


def test_cache_etag_depends_on_query_not_parameter_order(served):
    app, _ = served
    client = app.test_client()
    etags = [
        client.get(url).headers["ETag"]
        for url in ("/api/search?q=wheat&per_page=5", "/api/search?per_page=5&q=wheat", "/api/search?q=oil&per_page=5")
    ]
    assert etags[0] == etags[1] != etags[2]


def test_cache_article_and_page_endpoints_have_etags(served):
    app, _ = served
    client = app.test_client()
    for url in ("/api/articles/grain-1", "/articles/grain-1", "/?q=wheat", "/search.atom?q=wheat"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=30", url
        assert "ETag" in response.headers, url


def test_cache_feed_of_undated_stories_is_one_body_per_generation(served, tmp_path):
    app, index_dir = served
    build_index([Article(id="undated-1", title="Grain", body="Wheat without a date.")], index_dir)
    client = app.test_client()
    first, again = client.get("/search.atom?q=wheat"), client.get("/search.atom?q=wheat")
    assert first.data == again.data
    assert client.get("/search.atom?q=wheat", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_cache_new_generation_changes_the_etag(served):
    app, index_dir = served
    client = app.test_client()
    old = client.get("/api/search?q=wheat").headers["ETag"]
    build_index([GRAIN], index_dir)
    response = client.get("/api/search?q=wheat", headers={"If-None-Match": old})
    assert (response.status_code, response.get_json()["generation"]) == (200, "gen-000002")
    new = client.get("/api/search?q=wheat").headers["ETag"]
    assert new != old
    assert client.get("/api/search?q=wheat", headers={"If-None-Match": new}).status_code == 304


def test_cache_no_etag_on_the_response_that_switched_generations(served):
    app, index_dir = served
    client = app.test_client()
    client.get("/api/search?q=wheat")
    build_index([GRAIN], index_dir)
    # This worker noticed the swap during the request: which generation the body
    # came from is not known to the hook, so it promises nothing.
    assert "ETag" not in client.get("/api/search?q=wheat").headers


def test_cache_health_is_no_store_without_etag(served):
    app, _ = served
    response = app.test_client().get("/api/health")
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_cache_errors_get_no_etag(served):
    app, _ = served
    client = app.test_client()
    assert [("ETag" in client.get(url).headers) for url in ("/api/search?page=0", "/api/articles/nope")] == [
        False,
        False,
    ]


def test_cache_max_age_comes_from_config(tmp_path):
    build_index([GRAIN], tmp_path / "index")
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "CACHE_MAX_AGE": 5, "ACCESS_LOG": False})
    try:
        assert app.test_client().get("/api/search?q=wheat").headers["Cache-Control"] == "public, max-age=5"
    finally:
        app.extensions["searchsvc"].close()


@pytest.mark.parametrize("cpus, expected", [(None, (2, 20)), (1, (2, 20)), (2, (2, 20)), (8, (8, 20))])
def test_gunicorn_worker_counts_one_per_core_at_least_two(cpus, expected):
    assert worker_counts(cpus) == expected


def test_gunicorn_settings_from_cpu_count_and_environment():
    auto = settings(load_config(environ={}), cpu_count=6)
    keys = ("workers", "threads", "worker_class", "worker_connections", "preload_app", "timeout", "bind")
    assert {k: auto[k] for k in keys} == {
        "workers": 6,
        "threads": 20,
        "worker_class": "searchsvc.serve.worker.SearchWorker",
        "worker_connections": 1000,
        "preload_app": False,
        "timeout": 30,
        "bind": "127.0.0.1:8000",
    }
    chosen = settings(load_config(environ={"SEARCHSVC_WORKERS": "3", "SEARCHSVC_THREADS": "4"}), cpu_count=6)
    assert (chosen["workers"], chosen["threads"]) == (3, 4)


def test_config_access_log_flag_reads_off_values():
    assert [load_config(environ={"SEARCHSVC_ACCESS_LOG": v})["ACCESS_LOG"] for v in ("0", "off", "1", "yes")] == [
        False,
        False,
        True,
        True,
    ]
