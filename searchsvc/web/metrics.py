"""Prometheus metrics at GET /metrics: requests, latencies, searches, the generation served.

Under gunicorn the figures of every worker count: prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR, set up by searchsvc.serve.hooks) keeps each worker's in files
and a scrape adds them up. prometheus_client is imported only when an app is created, that
is in each worker after the fork, so it sees the folder the master set. Without the
variable (tests, one process) each app keeps its own registry.
"""

from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request

from searchsvc.search import SearchObserver
from searchsvc.store import Generation, IndexMissing, generation_number

bp = Blueprint("metrics", __name__)

# Request latencies: from a 304 (a millisecond) to a deep search under load (seconds).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
WARMUP_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class Metrics(SearchObserver):
    """The service's metrics in one registry; also the SearchIndex's observer."""

    def __init__(self):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics

        # The *_created series double every counter's lines and help nobody's alerts.
        disable_created_metrics()
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "searchsvc_http_requests",
            "HTTP requests answered, by endpoint and status.",
            ["endpoint", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "searchsvc_http_request_duration_seconds",
            "Time from the request reaching the app to its response, by endpoint.",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.searches = Histogram(
            "searchsvc_search_duration_seconds",
            "Time a search took in the searcher.",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.cache_hits = Counter("searchsvc_result_cache_hits", "Searches answered from the result cache.", registry=r)
        self.cache_misses = Counter("searchsvc_result_cache_misses", "Searches computed.", registry=r)
        self.rejected_requests = Counter(
            "searchsvc_rejected_requests",
            'Searches refused: "overloaded" (too many waiting) or "timeout" (ran past the limit).',
            ["reason"],
            registry=r,
        )
        for reason in ("overloaded", "timeout"):
            self.rejected_requests.labels(reason)  # both series exist from the start, at 0
        self.warmups = Histogram(
            "searchsvc_warmup_duration_seconds", "Time taken to warm a generation.", buckets=WARMUP_BUCKETS, registry=r
        )
        # Per-worker state: of the live workers, the most recent value (counts) or the
        # oldest (generation, built time: an alert should see the worker that lags); the
        # readiness has one series per live worker (a pid label under gunicorn).
        gauge = lambda name, text, mode: Gauge(name, text, multiprocess_mode=mode, registry=r)  # noqa: E731
        self.generation = gauge("searchsvc_index_generation", "Number of the generation served.", "livemin")
        self.built = gauge(
            "searchsvc_index_built_timestamp_seconds",
            "When the generation served was built (its age is time() minus this).",
            "livemin",
        )
        self.stories = gauge("searchsvc_index_stories", "Stories in the generation served.", "livemostrecent")
        self.articles = gauge("searchsvc_index_articles", "Articles in the generation served.", "livemostrecent")
        self.ready = gauge("searchsvc_worker_ready", "1 once the worker serves a warmed generation.", "liveall")
        self.ready.set(0)
        self.built_at: float | None = None

    def searched(self, seconds: float, cached: bool) -> None:
        self.searches.observe(seconds)
        (self.cache_hits if cached else self.cache_misses).inc()

    def served(self, generation: Generation) -> None:
        self.generation.set(generation_number(generation.name) or 0)
        self.built_at = built_timestamp(generation.meta.get("built_at"))
        if self.built_at is not None:
            self.built.set(self.built_at)
        self.stories.set(generation.meta.get("stories") or 0)
        self.articles.set(generation.meta.get("articles") or 0)
        self.ready.set(1)

    def warmed(self, seconds: float, queries: int) -> None:
        self.warmups.observe(seconds)

    def rejected(self, reason: str) -> None:
        self.rejected_requests.labels(reason).inc()

    def exposition(self) -> bytes:
        """Return every worker's figures (or this app's) in the Prometheus text format."""
        from prometheus_client import CollectorRegistry, generate_latest
        from prometheus_client.core import GaugeMetricFamily

        registry = self.registry
        if multiprocess():
            from prometheus_client import multiprocess as mp

            registry = CollectorRegistry()
            mp.MultiProcessCollector(registry)
        text = generate_latest(registry)
        if self.built_at is not None:
            # Ages go stale in files; this one is the answering worker's, at this moment.
            age = GaugeMetricFamily(
                "searchsvc_index_age_seconds", "Age of the generation served by the worker answering this scrape."
            )
            age.add_metric([], time.time() - self.built_at)
            text += generate_latest(OneFamily(age))
        return text


class OneFamily:
    """A collector of one ready-made metric family."""

    def __init__(self, family):
        self.family = family

    def collect(self):
        yield self.family


def built_timestamp(text: str | None) -> float | None:
    from datetime import datetime

    try:
        return datetime.fromisoformat(text).timestamp() if text else None
    except ValueError:
        return None


def init_app(app: Flask, metrics: Metrics) -> None:
    """Count every request by endpoint and status, time it, and serve GET /metrics."""
    app.extensions["searchsvc.metrics"] = metrics
    app.register_blueprint(bp)

    @app.before_request
    def start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def count_request(response):
        # The route, not the path: one series per endpoint, whatever ids and queries say.
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        metrics.requests.labels(endpoint, str(response.status_code)).inc()
        started = g.get("metrics_started")
        if started is not None:
            metrics.latency.labels(endpoint).observe(time.perf_counter() - started)
        return response


@bp.get("/metrics")
def metrics_page():
    """Return the service's metrics in the Prometheus text format."""
    from prometheus_client import exposition

    # The classic text format every Prometheus reads (0.26 calls 1.0.0 the latest).
    content_type = getattr(exposition, "CONTENT_TYPE_PLAIN_0_0_4", exposition.CONTENT_TYPE_LATEST)
    index = current_app.extensions["searchsvc"]
    try:
        index.stats()  # notices a new generation, so the gauges speak of the live one
    except IndexMissing:  # a state to report (no generation gauges), not an error
        pass
    response = Response(current_app.extensions["searchsvc.metrics"].exposition(), mimetype=None)
    response.headers["Content-Type"] = content_type
    response.headers["Cache-Control"] = "no-store"
    return response
