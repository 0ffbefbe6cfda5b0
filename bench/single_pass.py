"""Single-pass latency over HTTP: `searchsvc serve` against a Flask + SQLite FTS5 peer, each query asked once.

What a new user meets: a worker that has just opened its generation, and a stream of queries
it has not seen. Each run starts both servers afresh (one gunicorn worker each, the service's
own gunicorn settings for both), waits for their health check (searchsvc's opens the
generation), then asks every query of the set once of each, alternating which goes first, and
times each request from the client (wall time, keep-alive connection). The peer does the same
job as searchsvc: the exact total, top 10 by BM25 over title and body, calendar-month counts
of all matches, 10 highlighted snippets (bench/fts5_peer.py). Run through
`bench/search_latency.py --single-pass`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def start(command: list[str], health: str, log, env: dict | None = None, code: Path = ROOT) -> subprocess.Popen:
    """Start a server process in `code` (`python -m searchsvc` imports that checkout); return it once it answers."""
    process = subprocess.Popen(
        command, cwd=code, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[:4]} exited with {process.returncode}")
        try:
            if requests.get(health, timeout=120).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{command[:4]} did not answer at {health}")


def stop(process: subprocess.Popen) -> None:
    """Stop a server: TERM, then KILL if it is still there after 20 s."""
    process.terminate()
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
    process.wait()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def one_run(indexes: dict[str, Path | tuple[Path, Path]], db_path: Path, queries, log) -> dict:
    """Start every server afresh, ask each query once of each (order rotating); return ms per engine.

    `indexes` names the searchsvc index folders to serve (say a baseline and the new one), each
    a folder or (folder, checkout of the code to serve it with); the FTS5 peer comes last.
    """
    servers, engines = [], {}
    try:
        for name, served in indexes.items():
            index_dir, code = served if isinstance(served, tuple) else (served, ROOT)
            index_dir = Path(index_dir).resolve()  # the server may run in another checkout
            port = free_port()
            command = [sys.executable, "-m", "searchsvc", "serve", "--index", str(index_dir), "--port", str(port)]
            health = f"http://127.0.0.1:{port}/api/health"
            servers.append(start([*command, "--workers", "1"], health, log, code=Path(code)))
            engines[name] = (f"http://127.0.0.1:{port}/api/search", f"http://127.0.0.1:{port}/api/health")
        port = free_port()
        peer_cmd = [sys.executable, str(ROOT / "bench" / "fts5_peer.py"), str(db_path), str(port)]
        servers.append(start(peer_cmd, f"http://127.0.0.1:{port}/health", log))
        engines["SQLite FTS5 peer"] = (f"http://127.0.0.1:{port}/search", f"http://127.0.0.1:{port}/health")
        sessions = {name: requests.Session() for name in engines}
        for name, (_, health) in engines.items():
            # A first request on each connection (not a search) opens it outside the timings.
            sessions[name].get(health, timeout=60)
        took = {name: [] for name in engines}
        failed = dict.fromkeys(engines, 0)
        names = list(engines)
        for i, request in enumerate(queries):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                t0 = time.perf_counter()
                response = sessions[name].get(engines[name][0], params=request.params(), timeout=120)
                took[name].append((time.perf_counter() - t0) * 1000)
                failed[name] += response.status_code != 200
        return {"took": took, "failed": failed}
    finally:
        for server in servers:
            stop(server)


def run_single_pass(indexes: dict[str, Path | tuple[Path, Path]], db_path: Path, queries, runs: int) -> list:
    """Return one {"took", "failed"} per run."""
    results = []
    with tempfile.TemporaryFile(mode="w+") as log:
        for number in range(runs):
            result = one_run(indexes, db_path, queries, log)
            results.append(result)
            cells = [
                f"{name} p50 {table['p50']:.2f} p95 {table['p95']:.2f}"
                for name, table in ((name, percentile_table(took)) for name, took in result["took"].items())
            ]
            print(f"run {number + 1} (ms): " + "; ".join(cells) + f"; failed {result['failed']}", flush=True)
    return results


def percentile_table(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    return {"p50": pick(50), "p95": pick(95), "p99": pick(99), "mean": statistics.fmean(ordered)}


def print_single_pass(results: list, stories: int, queries: int) -> None:
    """Print the medians over runs of each engine's percentiles, and of the per-run ratios."""
    keys = ("p50", "p95", "p99", "mean")
    names = list(results[0]["took"])
    tables = {name: [percentile_table(result["took"][name]) for result in results] for name in names}
    print(
        f"\n{stories} stories, {queries} queries each asked once per run; wall ms over HTTP; medians of {len(results)}"
    )
    print("| engine | p50 | p95 | p99 | mean | failed |")
    print("|---|---|---|---|---|---|")
    for name in names:
        cells = [statistics.median(t[k] for t in tables[name]) for k in keys]
        failed = sum(result["failed"][name] for result in results)
        print(f"| {name} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {failed} |")
    peer = names[-1]
    for ours in names[:-1]:
        ratios = [statistics.median(a[k] / b[k] for a, b in zip(tables[ours], tables[peer])) for k in keys]
        print(f"| {ours} / FTS5 | " + " | ".join(f"{r:.1f}x" for r in ratios) + " | |")
