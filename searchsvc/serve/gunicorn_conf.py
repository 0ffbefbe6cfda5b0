"""Gunicorn settings for searchsvc, shared by `searchsvc serve` and the Docker image.

Use: gunicorn -c python:searchsvc.serve.gunicorn_conf --bind 0.0.0.0:8000 searchsvc.wsgi:app

Sizing: a search is CPU-bound pure Python (Whoosh scores every match under the
GIL) and each SearchIndex serialises its searches, so parallel searches need
processes, not threads. One worker per core uses every core without making
workers fight for them; at least two, so one long query cannot stall the
service. Each worker holds its own long-lived searcher, so memory grows with
workers, not threads.

Connections: each worker is a searchsvc.serve.worker.SearchWorker. gevent reads
and writes every connection (up to WORKER_CONNECTIONS per worker, READ_TIMEOUT
seconds for a request's line and headers), so slow or idle clients hold no
thread; complete requests run in the worker's pool of THREADS real threads.
Nothing in front is needed: `searchsvc serve` is safe on its own. gunicorn's
documentation asks for an async worker or a buffering proxy when clients may be
slow; the async worker covers both `searchsvc serve` and the Docker image, and a
proxy in front (TLS, several hosts) is still welcome.

Every value can be overridden by SEARCHSVC_* variables (see config.py).
"""

from __future__ import annotations

import os

from searchsvc.config import DEFAULTS, load_config

from . import hooks

# App threads per worker beyond the searches allowed to wait (MAX_WAITING): one runs the
# search, others answer health, metrics and articles. Waiting searches each hold a thread,
# so they wait where the searcher can count and refuse them, not in the pool's queue.
THREADS_BESIDE_WAITING = 4


def worker_counts(cpu_count: int | None, max_waiting: int = DEFAULTS["MAX_WAITING"]) -> tuple[int, int]:
    """Return (workers, threads) for a machine with this many CPUs: one worker per core, at least two."""
    return max(2, cpu_count or 1), max_waiting + THREADS_BESIDE_WAITING


def usable_cpus() -> int:
    """Return the CPUs this process may run on (respects taskset/cgroup cpusets, unlike os.cpu_count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def settings(config: dict | None = None, cpu_count: int | None = None) -> dict:
    """Return the gunicorn settings for these searchsvc settings and CPU count."""
    config = config if config is not None else load_config()
    workers, threads = worker_counts(cpu_count if cpu_count is not None else usable_cpus(), config["MAX_WAITING"])
    return {
        "bind": config["BIND"],
        "workers": config["WORKERS"] or workers,
        "threads": config["THREADS"] or threads,
        "worker_class": "searchsvc.serve.worker.SearchWorker",
        "worker_connections": config["WORKER_CONNECTIONS"],
        # No preload: each worker imports the app and opens its own Whoosh searcher
        # after the fork, so no file handle, mmap or lock is shared between
        # processes, and `kill -HUP` brings up workers running the new code.
        "preload_app": False,
        # A worker silent this long is killed and replaced (a search takes ms to a
        # second at 200k; anything longer is stuck).
        "timeout": config["WORKER_TIMEOUT"],
        # On HUP or TERM, in-flight requests get this long to finish.
        "graceful_timeout": config["GRACEFUL_TIMEOUT"],
        # Keep-alive on; the worker's READ_TIMEOUT bounds the idle wait between requests.
        "keepalive": 5,
        # A 500-character query of non-Latin text is up to 9 bytes a character once
        # URL-encoded; gunicorn's 4094-byte default would refuse it. Longer lines get
        # a 414 in the JSON envelope (on_starting).
        "limit_request_line": 8190,
        "on_starting": hooks.on_starting,
        "on_exit": hooks.on_exit,
        "child_exit": hooks.child_exit,
        # searchsvc.httplog writes the access line (with request id and latency in
        # ms) itself, so gunicorn's own access log stays off; errors go to stderr.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        # gunicorn 25.1+ opens a control socket at one fixed path per user, which
        # two servers on one host would fight over; nothing here uses it.
        "control_socket_disable": True,
    }


# `gunicorn -c python:searchsvc.serve.gunicorn_conf` reads settings as module-level names.
globals().update(settings())
