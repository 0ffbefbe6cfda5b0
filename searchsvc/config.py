"""Settings: defaults, overridden by SEARCHSVC_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, TypedDict


class Settings(TypedDict):
    """The settings and their types; load_config may add keys (Flask's own, tests' overrides)."""

    INDEX_DIR: str
    MAX_QUERY_LENGTH: int
    MAX_PER_PAGE: int
    DEFAULT_PER_PAGE: int
    MAX_RESULT_WINDOW: int
    REFRESH_INTERVAL: float
    RESULT_CACHE_SIZE: int
    CACHE_MAX_AGE: int
    ACCESS_LOG: bool
    BIND: str
    WORKERS: int | None
    THREADS: int | None
    WORKER_TIMEOUT: int
    GRACEFUL_TIMEOUT: int
    MAX_WAITING: int
    QUEUE_TIMEOUT: float
    SEARCH_TIMEOUT: float
    WARM_QUERIES: int
    WARM_SECONDS: float
    READ_TIMEOUT: float
    WORKER_CONNECTIONS: int


DEFAULTS: Settings = {
    "INDEX_DIR": "index",
    # Up to 500 characters a query is read in the query language; longer, as "stories like this text".
    "MAX_QUERY_LENGTH": 4000,
    "MAX_PER_PAGE": 100,
    "DEFAULT_PER_PAGE": 10,
    # Deep paging costs a full scoring pass per page; past this offset use filters instead.
    "MAX_RESULT_WINDOW": 10_000,
    # How often (seconds) a worker checks whether a new index generation has landed.
    "REFRESH_INTERVAL": 1.0,
    # Search pages kept per worker, by request, until the index changes (0 turns it off).
    "RESULT_CACHE_SIZE": 1024,
    # Overload (searchsvc.search.searcher): a search waiting behind this many others per worker,
    # or this many seconds, is answered 503 with Retry-After; one running longer than
    # SEARCH_TIMEOUT seconds is stopped (0: no limit).
    "MAX_WAITING": 16,
    "QUEUE_TIMEOUT": 2.0,
    "SEARCH_TIMEOUT": 10.0,
    # Warming (searchsvc.search.warming): a new generation replays this many recent distinct
    # searches, for at most WARM_SECONDS, before it is served.
    "WARM_QUERIES": 100,
    "WARM_SECONDS": 20.0,
    # HTTP caching: seconds clients and proxies may reuse a search, article or page response.
    "CACHE_MAX_AGE": 30,
    # One line per request on stderr (searchsvc.httplog).
    "ACCESS_LOG": True,
    # Serving (searchsvc.serve.gunicorn_conf): None means "from the CPU count".
    "BIND": "127.0.0.1:8000",
    "WORKERS": None,
    "THREADS": None,
    "WORKER_TIMEOUT": 30,
    "GRACEFUL_TIMEOUT": 30,
    # Seconds a connection gets to send a request line and headers (also the keep-alive
    # idle wait) and, separately, its body; then it is closed (searchsvc.serve.worker).
    "READ_TIMEOUT": 5.0,
    # Open connections per worker; more wait in the listen backlog.
    "WORKER_CONNECTIONS": 1000,
}


def flag(text: str) -> bool:
    """Read an on/off environment value."""
    return text.strip().lower() in ("1", "true", "yes", "on")


# Environment variable -> (config key, type)
ENVIRONMENT: dict[str, tuple[str, Callable[[str], object]]] = {
    "SEARCHSVC_INDEX": ("INDEX_DIR", str),
    "SEARCHSVC_MAX_QUERY_LENGTH": ("MAX_QUERY_LENGTH", int),
    "SEARCHSVC_MAX_RESULT_WINDOW": ("MAX_RESULT_WINDOW", int),
    "SEARCHSVC_REFRESH_INTERVAL": ("REFRESH_INTERVAL", float),
    "SEARCHSVC_RESULT_CACHE_SIZE": ("RESULT_CACHE_SIZE", int),
    "SEARCHSVC_MAX_WAITING": ("MAX_WAITING", int),
    "SEARCHSVC_QUEUE_TIMEOUT": ("QUEUE_TIMEOUT", float),
    "SEARCHSVC_SEARCH_TIMEOUT": ("SEARCH_TIMEOUT", float),
    "SEARCHSVC_WARM_QUERIES": ("WARM_QUERIES", int),
    "SEARCHSVC_WARM_SECONDS": ("WARM_SECONDS", float),
    "SEARCHSVC_CACHE_MAX_AGE": ("CACHE_MAX_AGE", int),
    "SEARCHSVC_ACCESS_LOG": ("ACCESS_LOG", flag),
    "SEARCHSVC_BIND": ("BIND", str),
    "SEARCHSVC_WORKERS": ("WORKERS", int),
    "SEARCHSVC_THREADS": ("THREADS", int),
    "SEARCHSVC_WORKER_TIMEOUT": ("WORKER_TIMEOUT", int),
    "SEARCHSVC_GRACEFUL_TIMEOUT": ("GRACEFUL_TIMEOUT", int),
    "SEARCHSVC_READ_TIMEOUT": ("READ_TIMEOUT", float),
    "SEARCHSVC_WORKER_CONNECTIONS": ("WORKER_CONNECTIONS", int),
}


def load_config(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Return the settings: defaults, then environment, then explicit overrides."""
    config: dict[str, Any] = dict(DEFAULTS)
    for variable, (key, kind) in ENVIRONMENT.items():
        if environ.get(variable):
            config[key] = kind(environ[variable])
    config.update(overrides or {})
    return config
