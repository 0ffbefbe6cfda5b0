"""An indexing run's figures in the Prometheus text format, for node_exporter's textfile collector.

`searchsvc index --metrics-file /var/lib/node_exporter/textfile/searchsvc_index.prom`
replaces the file at the end of every run, whatever its outcome, in one rename (the
collector never reads half a file). A failed run leaves the last success time as it was.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

LAST_SUCCESS = re.compile(r"^searchsvc_index_last_success_timestamp_seconds (\S+)$", re.M)


def write_run_metrics(
    path: str | Path,
    exit_code: int,
    seconds: float,
    stories: int | None = None,
    articles: int | None = None,
    skipped_files: int | None = None,
) -> None:
    """Write one run's figures to `path` atomically; stories and counts only when the run got that far."""
    from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

    path = Path(path)
    registry = CollectorRegistry()

    def gauge(name: str, help_text: str, value: float | None) -> None:
        if value is not None:
            Gauge(name, help_text, registry=registry).set(value)

    now = time.time()
    gauge("searchsvc_index_last_run_timestamp_seconds", "When the last indexing run ended.", now)
    gauge("searchsvc_index_last_run_duration_seconds", "How long the last indexing run took.", seconds)
    gauge("searchsvc_index_last_run_exit_code", "Exit code of the last run (0 done, 3 files skipped).", exit_code)
    gauge("searchsvc_index_last_run_stories", "Stories in the index after the last run.", stories)
    gauge("searchsvc_index_last_run_articles", "Articles in the index after the last run.", articles)
    gauge("searchsvc_index_last_run_skipped_files", "Files the last run skipped.", skipped_files)
    succeeded = exit_code in (0, 3)
    gauge(
        "searchsvc_index_last_success_timestamp_seconds",
        "When an indexing run last ended with exit code 0 or 3.",
        now if succeeded else previous_success(path),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry)


def previous_success(path: Path) -> float | None:
    """Return the last success time an earlier run wrote into `path`, if any."""
    try:
        found = LAST_SUCCESS.search(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    return float(found.group(1)) if found else None
