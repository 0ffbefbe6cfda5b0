"""Load test: gunicorn with searchsvc.serve.gunicorn_conf on loopback, driven by wrk over 300+ queries.

Builds the Reuters index (20k stories, or 200k: Reuters ten times with new ids and
dates shifted by whole years), serves it exactly as the Docker image does, then
measures requests/s and p50/p99 at each concurrency, once more while a full
reindex swaps generations, and each worker's memory (RSS and PSS from /proc).

    python bench/load.py                      # 20k; concurrency 1, 8, 32; 20 s runs; reindex run
    python bench/load.py --corpus 200k --concurrency 1 8 --no-reindex
    python bench/load.py --index bench/out/index-1m --concurrency 8 --repeat 3 --no-reindex   # an index built before
    python bench/load.py --concurrency 8 --slow 200 --repeat 3 --no-reindex   # with and without slowloris
    SEARCHSVC_WORKERS=2 SEARCHSVC_THREADS=1 SEARCHSVC_RESULT_CACHE_SIZE=0 python bench/load.py ...

Needs `wrk` (Debian package `wrk`) and ../shared/data/news/reuters21578.jsonl.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.slowloris import SlowClients  # noqa: E402
from searchsvc.articles import Article  # noqa: E402
from searchsvc.query.parser import QueryError, parse_query  # noqa: E402
from searchsvc.store.generations import build_index  # noqa: E402
from searchsvc.store.schema import make_schema  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "news" / "reuters21578.jsonl.gz"
OUT = ROOT / "bench" / "out"
COPIES = {"20k": 1, "200k": 10}
QUERY_COUNT = 320
SCHEMA = make_schema()
# Serving settings read from the environment by the server (unset: searchsvc's defaults).
SETTINGS = ("SEARCHSVC_WORKERS", "SEARCHSVC_THREADS", "SEARCHSVC_RESULT_CACHE_SIZE")
WORDLESS = {"says", "said", "sees", "with", "from", "into", "after", "over", "year", "rate", "reuter", "week"}


def read_records(path: Path):
    """Yield the JSON Lines records of a .jsonl.gz file."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def to_article(record: dict, copy: int) -> Article:
    """Turn a Reuters record into an Article; copy k gets a new id and its date moved k years on."""
    published = datetime.fromisoformat(record["date"]).replace(tzinfo=UTC) if record.get("date") else None
    if published and copy:
        published = published.replace(year=published.year + copy, day=min(published.day, 28))
    return Article(
        id=record["id"] + (f"-copy{copy}" if copy else ""),
        title=record.get("title"),
        body=record["body"],
        published=published,
        source=record.get("source"),
        author=record.get("author"),
        tags=tuple(record.get("topics") or ()),
    )


def ingestion_reads_jsonl() -> bool:
    """Return whether searchsvc's own ingestion reads this file (then `searchsvc index` builds it)."""
    from searchsvc.ingest import parse_file

    articles, _ = parse_file(DATA)
    return len(articles) > 1000


def build(index_dir: Path, corpus: str) -> float:
    """Build the corpus into a new generation of index_dir; return seconds taken."""
    started = time.perf_counter()
    if corpus == "20k" and ingestion_reads_jsonl():
        subprocess.run(
            [sys.executable, "-m", "searchsvc", "index", str(DATA), "--index", str(index_dir)],
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    else:
        records = list(read_records(DATA))
        # Two writer processes, as `searchsvc index` writes a corpus this size.
        build_index((to_article(r, k) for k in range(COPIES[corpus]) for r in records), index_dir, procs=2)
    return time.perf_counter() - started


def make_queries(records: list[dict], count: int = QUERY_COUNT) -> list[str]:
    """Return a fixed set of newsy queries: topics and places, title words, word pairs, phrases, ORs."""
    rng = random.Random(1987)
    codes = sorted({c for r in records for c in (r.get("topics") or []) + (r.get("places") or []) if c.isalpha()})
    titled = [
        [w for w in re.findall(r"[a-z]{4,}", (r.get("title") or "").lower()) if w not in WORDLESS] for r in records
    ]
    titled = [words for words in titled if len(words) >= 2]
    queries: list[str] = []
    while len(queries) < count:
        words = rng.choice(titled)
        start = rng.randrange(len(words) - 1)
        form = rng.random()
        if form < 0.2:
            query = rng.choice(codes)  # what a reader types: "coffee", "japan"
        elif form < 0.45:
            query = words[start]
        elif form < 0.8:
            query = f"{words[start]} {words[start + 1]}"  # neighbours in a headline: "cocoa review"
        elif form < 0.9:
            query = f'"{words[start]} {words[start + 1]}"'
        else:
            query = f"{rng.choice(codes)} OR {rng.choice(codes)}"
        if query not in queries and readable(query):
            queries.append(query)
    return queries


def readable(q: str) -> bool:
    """Whether the service runs q: a query of common words only ("further") is a 400 by design."""
    try:
        parse_query(q, SCHEMA)
        return True
    except QueryError:
        return False


LUA = """
local paths = {%s}
local counter = 0
local next_thread = 0
setup = function(thread) thread:set("offset", next_thread * 97); next_thread = next_thread + 1 end
init = function(args) counter = offset or 0 end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%.3f, "non2xx": %%d, "socket_errors": %%d, '
    .. '"p50_ms": %%.2f, "p90_ms": %%.2f, "p99_ms": %%.2f, "max_ms": %%.2f}\\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def write_lua(queries: list[str], path: Path) -> None:
    paths = ", ".join(json.dumps("/api/search?" + urlencode({"q": q})) for q in queries)
    path.write_text(LUA % paths, encoding="utf-8")


def run_wrk(base: str, script: Path, concurrency: int, seconds: int) -> dict:
    """Run wrk once; return its summary with requests/s."""
    command = [
        "wrk",
        f"-t{min(2, concurrency)}",
        f"-c{concurrency}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.split("RESULT ", 1)[1])
    result["rps"] = round(result["requests"] / result["seconds"], 1)
    return {"concurrency": concurrency, **result}


def start_gunicorn(index_dir: Path, port: int, log_path: Path) -> subprocess.Popen:
    """Start the Docker image's command (the shared gunicorn settings) on loopback."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn,
        "-c",
        "python:searchsvc.serve.gunicorn_conf",
        "--bind",
        f"127.0.0.1:{port}",
        "searchsvc.wsgi:app",
    ]
    env = {**os.environ, "SEARCHSVC_INDEX": str(index_dir), "PYTHONPATH": str(ROOT)}
    log = open(log_path, "w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    log.close()
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
            return process
        except requests.RequestException:  # refused, or queued while the workers warm
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start; see {log_path}")


def memory(pid: int) -> dict:
    """Return a process's RSS, peak RSS and PSS in MiB (PSS splits shared pages among sharers)."""
    status = Path(f"/proc/{pid}/status").read_text()
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    kib = lambda text, key: int(re.search(rf"^{key}:\s+(\d+) kB", text, re.M).group(1))  # noqa: E731
    return {
        "rss_mib": round(kib(status, "VmRSS") / 1024, 1),
        "peak_rss_mib": round(kib(status, "VmHWM") / 1024, 1),
        "pss_mib": round(kib(rollup, "Pss") / 1024, 1),
    }


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(map(int, children))


def non2xx_in_log(log_path: Path) -> tuple[int, int]:
    """Return (requests, non-2xx/304 responses) counted in the access log."""
    statuses = re.findall(r'" (\d{3}) \S+ [\d.]+ms rid=', log_path.read_text())
    return len(statuses), sum(not (s.startswith("2") or s == "304") for s in statuses)


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024**2
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem} GiB, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(COPIES), default="20k")
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    # Concurrency 1 is the baseline: one request at a time, so no queueing.
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--no-reindex", action="store_true", help="skip the run during a reindex")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index even if one exists")
    parser.add_argument("--index", metavar="DIR", help="serve this index as it is (say, the million-story one)")
    parser.add_argument("--slow", type=int, default=0, help="also run each concurrency with this many slow clients")
    parser.add_argument("--repeat", type=int, default=1, help="runs per concurrency (with --slow: pairs)")
    parser.add_argument("--build-only", metavar="INDEX_DIR", help=argparse.SUPPRESS)  # the reindex child
    args = parser.parse_args()
    if not DATA.exists():
        print(f"load: {DATA} is missing; nothing to measure")
        return
    if args.build_only:
        build(Path(args.build_only), args.corpus)
        return
    if not shutil.which("wrk"):
        print("load: wrk is not installed (Debian: apt-get install wrk); nothing to measure")
        return
    print("machine:", machine())
    OUT.mkdir(parents=True, exist_ok=True)
    index_dir = Path(args.index) if args.index else OUT / f"load-index-{args.corpus}"
    if args.index and not (index_dir / "CURRENT").exists():
        raise SystemExit(f"load: no index at {index_dir}")
    if not args.index and (args.rebuild or not (index_dir / "CURRENT").exists()):
        shutil.rmtree(index_dir, ignore_errors=True)
        print(f"built {args.corpus} in {build(index_dir, args.corpus):.0f} s")
    queries = make_queries(list(read_records(DATA)))
    script = OUT / "load.lua"
    write_lua(queries, script)
    label = index_dir.name if args.index else args.corpus
    port, log_path = free_port(), OUT / f"load-{label}-server.log"
    server = start_gunicorn(index_dir, port, log_path)
    base = f"http://127.0.0.1:{port}"
    settings = {name: os.environ.get(name) for name in SETTINGS}
    print("settings:", json.dumps(settings))
    results = {"machine": machine(), "corpus": label, "queries": len(queries), "settings": settings, "runs": []}
    try:
        run_wrk(base, script, 4, 5)  # warm-up: open searchers, fill the page cache
        for concurrency in args.concurrency:
            for repeat in range(args.repeat):
                if not args.slow:
                    results["runs"].append(run_wrk(base, script, concurrency, args.duration))
                    print(json.dumps(results["runs"][-1]))
                    continue
                # Pairs, alternating which goes first, so drifts in the machine's load fall on both.
                for slow in (False, True) if repeat % 2 == 0 else (True, False):
                    results["runs"].append(run_with_slow_clients(base, port, script, concurrency, args, slow))
                    print(json.dumps(results["runs"][-1]))
        results["revalidation"] = run_revalidation(base, queries[0], min(args.duration, 10))
        print(json.dumps(results["revalidation"]))
        if not args.no_reindex:
            results["reindex"] = run_during_reindex(base, script, index_dir, args)
            print(json.dumps(results["reindex"]))
        results["workers"] = [memory(pid) for pid in worker_pids(server.pid)]
        results["master"] = memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results["access_log"] = dict(zip(("requests", "non2xx"), non2xx_in_log(log_path)))
    print(json.dumps({k: results[k] for k in ("workers", "master", "access_log")}))
    tag = "-".join(f"{name.split('_', 1)[1].lower()}{value}" for name, value in settings.items() if value)
    (OUT / f"load-{label}{'-' + tag if tag else ''}.json").write_text(json.dumps(results, indent=2))


def run_with_slow_clients(base: str, port: int, script: Path, concurrency: int, args, slow: bool) -> dict:
    """Run wrk once, with args.slow slow connections held open meanwhile when `slow`."""
    if not slow:
        return {"slow_connections": 0, **run_wrk(base, script, concurrency, args.duration)}
    clients = SlowClients("127.0.0.1", port, args.slow)
    clients.start()
    deadline = time.monotonic() + 30
    while clients.held() < args.slow and time.monotonic() < deadline:
        time.sleep(0.1)
    held_at_start = clients.held()
    result = run_wrk(base, script, concurrency, args.duration)
    held_at_end = clients.held()
    return {**clients.stop(), "held_at_start": held_at_start, "held_at_end": held_at_end, **result}


def run_revalidation(base: str, query: str, seconds: int) -> dict:
    """Run wrk at concurrency 8 on one search sent with its ETag: every answer should be a 304."""
    url = base + "/api/search?" + urlencode({"q": query})
    etag = requests.get(url, timeout=30).headers["ETag"]
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", f"If-None-Match: {etag}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    percentile = lambda p: re.search(rf"^\s+{p}%\s+(\S+)", output, re.M).group(1)  # noqa: E731
    return {
        "concurrency": 8,
        "query": query,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": "Non-2xx or 3xx" in output,
    }


def run_during_reindex(base: str, script: Path, index_dir: Path, args) -> dict:
    """Run wrk at concurrency 8 while a child process builds and swaps in a new generation."""
    before = requests.get(base + "/api/health", timeout=5).json()["generation"]
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, __file__, "--corpus", args.corpus, "--build-only", str(index_dir)])
    slices = []
    # Slices of load until the new generation is live, then one more: every request
    # before, during and after the swap is counted.
    while child.poll() is None:
        slices.append(run_wrk(base, script, 8, 10))
    swapped_after = time.monotonic() - started
    slices.append(run_wrk(base, script, 8, 10))
    after = requests.get(base + "/api/health", timeout=5).json()["generation"]
    total = sum(s["requests"] for s in slices)
    seconds = sum(s["seconds"] for s in slices)
    return {
        "concurrency": 8,
        "before": before,
        "after": after,
        "swap_s": round(swapped_after, 1),
        "requests": total,
        "seconds": round(seconds, 1),
        "rps": round(total / seconds, 1),
        "non2xx": sum(s["non2xx"] for s in slices),
        "socket_errors": sum(s["socket_errors"] for s in slices),
        "p50_ms_median_of_slices": sorted(s["p50_ms"] for s in slices)[len(slices) // 2],
        "p99_ms_worst_slice": max(s["p99_ms"] for s in slices),
        "slices": len(slices),
    }


if __name__ == "__main__":
    main()
