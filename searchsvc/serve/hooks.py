"""gunicorn server hooks: JSON errors, the Prometheus multiprocess folder, warming workers.

prometheus_client in multiprocess mode keeps each worker's figures in files under
PROMETHEUS_MULTIPROC_DIR, and /metrics adds up every worker's files. The folder must be
set before a worker imports prometheus_client and be empty at start, so the master makes
a fresh temporary one when the operator set none (and removes it on exit); a folder the
operator gave is emptied of old figures instead. A dead worker's live gauges go with it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import use_json_errors

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Set by on_starting when the folder is ours to remove.
OWNED_VARIABLE = "SEARCHSVC_OWNS_METRICS_DIR"


def prepare_metrics_dir(environ=os.environ) -> Path:
    """Give this server an empty multiprocess folder: a new temporary one, or the operator's emptied."""
    given = environ.get(MULTIPROC_VARIABLE)
    if given and environ.get(OWNED_VARIABLE) != given:
        path = Path(given)
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("*.db"):
            old.unlink()
        return path
    path = Path(tempfile.mkdtemp(prefix="searchsvc-metrics-"))
    environ[MULTIPROC_VARIABLE] = environ[OWNED_VARIABLE] = str(path)
    return path


def remove_metrics_dir(environ=os.environ) -> None:
    """Remove the multiprocess folder if on_starting made it."""
    owned = environ.get(OWNED_VARIABLE)
    if owned and owned == environ.get(MULTIPROC_VARIABLE):
        shutil.rmtree(owned, ignore_errors=True)


def on_starting(server) -> None:
    """In the master, before any worker forks: JSON error pages and the metrics folder."""
    use_json_errors(server)
    server.log.info("metrics folder: %s", prepare_metrics_dir())


def on_exit(server) -> None:
    remove_metrics_dir()


def child_exit(server, worker) -> None:
    """Drop a dead worker's live gauges (the generation it served, its readiness)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
